// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Hypercalls (spec 6.1): VMMCALL on AMD, VMCALL elsewhere, chosen by the
 * CPU vendor string as upstream inmates choose.
 */
#include <inmate.h>

static bool use_vmmcall;

void hypercall_init(void)
{
	uint32_t a = 0, b, c, d;

	asm volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
	/* "AuthenticAMD" in EBX, EDX, ECX */
	use_vmmcall = b == 0x68747541 && d == 0x69746e65 && c == 0x444d4163;
}

long hypercall(unsigned long code, unsigned long arg1, unsigned long arg2)
{
	long ret;

	if (use_vmmcall)
		asm volatile("vmmcall"
			     : "=a"(ret)
			     : "a"(code), "D"(arg1), "S"(arg2)
			     : "memory");
	else
		asm volatile("vmcall"
			     : "=a"(ret)
			     : "a"(code), "D"(arg1), "S"(arg2)
			     : "memory");
	return ret;
}
