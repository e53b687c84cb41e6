// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * 64-bit division for the 32-bit library variant: the compiler calls
 * these helpers, and the build machine has no 32-bit libgcc.
 */
#include <stdint.h>

uint64_t __udivmoddi4(uint64_t num, uint64_t den, uint64_t *rem);
uint64_t __udivdi3(uint64_t num, uint64_t den);
uint64_t __umoddi3(uint64_t num, uint64_t den);

/* Shift-and-subtract: slow, but inmates divide rarely. */
uint64_t __udivmoddi4(uint64_t num, uint64_t den, uint64_t *rem)
{
	uint64_t quot = 0, r = 0;
	int bit;

	if (!den) {
		/* What the hardware would do is a fault; stop here instead. */
		for (;;)
			asm volatile("cli; hlt");
	}
	for (bit = 63; bit >= 0; bit--) {
		r = (r << 1) | ((num >> bit) & 1);
		if (r >= den) {
			r -= den;
			quot |= 1ull << bit;
		}
	}
	if (rem)
		*rem = r;
	return quot;
}

uint64_t __udivdi3(uint64_t num, uint64_t den)
{
	return __udivmoddi4(num, den, 0);
}

uint64_t __umoddi3(uint64_t num, uint64_t den)
{
	uint64_t rem;

	__udivmoddi4(num, den, &rem);
	return rem;
}
