// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tiny-demo: ten timestamps one second apart, measured with both clocks
 * an inmate has (ACPI PM timer and TSC), then it returns and its CPU
 * halts; the cell stays "running".
 */
#include <inmate.h>

#define TICKS 10

void inmate_main(void)
{
	struct jailhouse_comm_region *comm = comm_region();
	uint64_t pm_start, tsc_start, next;
	unsigned int i;

	printk("tiny-demo: hello from the cell on APIC ID %u (%u CPU, TSC "
	       "%u kHz, PM timer port 0x%x)\n",
	       apic_id(), comm->num_cpus, comm->tsc_khz,
	       comm->pm_timer_address);
	pm_start = pm_timer_ns();
	tsc_start = tsc_ns();
	next = pm_start;
	for (i = 1; i <= TICKS; i++) {
		next += 1000000000ull;
		while (pm_timer_ns() < next)
			cpu_relax();
		printk("tiny-demo: timestamp %u: PM timer %llu us, TSC %llu "
		       "us\n",
		       i, (unsigned long long)(pm_timer_ns() - pm_start) / 1000,
		       (unsigned long long)(tsc_ns() - tsc_start) / 1000);
	}
	printk("tiny-demo: done\n");
}
