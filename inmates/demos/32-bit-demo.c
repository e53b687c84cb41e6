// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * 32-bit-demo: the 32-bit variant of the inmate library (paged protected
 * mode, no long mode). It shows its mode through EFER and CS.
 */
#include <inmate.h>

#define MSR_EFER 0xc0000080
#define EFER_LMA (1ull << 10)

void inmate_main(void)
{
	uint64_t efer = rdmsr(MSR_EFER);
	unsigned long cr0;

	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	printk("32-bit-demo: running in %s mode, EFER 0x%llx, CR0 0x%lx, "
	       "pointers are %u bits\n",
	       efer & EFER_LMA ? "long" : "32-bit protected",
	       (unsigned long long)efer, cr0, (unsigned int)sizeof(void *) * 8);
	printk("32-bit-demo: TSC says %llu ms since the TSC started\n",
	       (unsigned long long)tsc_ns() / 1000000);
}
