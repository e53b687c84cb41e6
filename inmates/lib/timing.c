// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Time: the TSC at the frequency the comm region gives, and the ACPI PM
 * timer (3.579545 MHz, 24 bits) extended to 64 bits by its readers.
 */
#include <inmate.h>

#define PM_TIMER_HZ 3579545ull
#define PM_TIMER_MASK 0xffffff

static uint64_t pm_ticks;
static uint32_t pm_last;

uint64_t tsc_ns(void)
{
	uint64_t khz = comm_region()->tsc_khz, tsc = rdtsc();

	if (!khz)
		return 0;
	/* Split so the multiplication cannot overflow for years. */
	return tsc / khz * 1000000 + tsc % khz * 1000000 / khz;
}

uint64_t pm_timer_ns(void)
{
	uint32_t now = inl(comm_region()->pm_timer_address);

	pm_ticks += (now - pm_last) & PM_TIMER_MASK;
	pm_last = now;
	return pm_ticks * 1000000000ull / PM_TIMER_HZ;
}

void delay_us(uint64_t us)
{
	uint64_t end = tsc_ns() + us * 1000;

	while (tsc_ns() < end)
		cpu_relax();
}
