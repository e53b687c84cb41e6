// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The local APIC through its x2APIC MSRs (spec 9.3). The timer counts the
 * comm region's apic_khz divided by 16: the divide register is left as
 * the hypervisor set it, as upstream inmates expect.
 */
#include <inmate.h>

#define SVR_ENABLE 0x100
#define SPURIOUS_VECTOR 0xff
#define ICR_FIXED 0x4000

uint32_t apic_id(void)
{
	return rdmsr(X2APIC_ID);
}

void apic_enable(void)
{
	wrmsr(X2APIC_SVR, SVR_ENABLE | SPURIOUS_VECTOR);
}

void apic_eoi(void)
{
	wrmsr(X2APIC_EOI, 0);
}

void apic_send_ipi(uint32_t id, unsigned int vector)
{
	wrmsr(X2APIC_ICR, ((uint64_t)id << 32) | ICR_FIXED | (vector & 0xff));
}

void apic_timer_oneshot(unsigned int vector, uint64_t ns)
{
	uint64_t ticks = ns * comm_region()->apic_khz / 16 / 1000000;

	if (!ticks)
		ticks = 1;
	if (ticks > 0xffffffffull)
		ticks = 0xffffffffull;
	wrmsr(X2APIC_LVT_TIMER, vector & 0xff);
	wrmsr(X2APIC_TMICT, ticks);
}
