// SPDX-License-Identifier: GPL-2.0
/*
 * Delays and TSC calibration against the ACPI PM timer.
 */
#include <warden/printk.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/timing.h>

/* Only 24 bits are guaranteed; wider timers just wrap later. */
#define PM_TIMER_MASK 0xffffff
#define CALIBRATION_US 20000

static uint16_t pm_port;
static uint32_t tsc_freq_khz;
static uint32_t apic_freq_khz;

static uint32_t pm_ticks_since(uint32_t start)
{
	return (inl(pm_port) - start) & PM_TIMER_MASK;
}

void delay_us(unsigned int us)
{
	uint64_t ticks = (uint64_t)us * PM_TIMER_HZ / 1000000 + 1;
	uint32_t start = inl(pm_port), last = 0, now;
	uint64_t elapsed = 0;

	/* Sum small steps so delays beyond one timer wrap work too. */
	while (elapsed < ticks) {
		now = pm_ticks_since(start);
		elapsed += (now - last) & PM_TIMER_MASK;
		last = now;
		cpu_relax();
	}
}

uint32_t timing_init(uint16_t pm_timer_port)
{
	uint32_t start, probe;
	uint64_t tsc_start, tsc_end;

	if (!pm_timer_port)
		panic("the system configuration names no ACPI PM timer port; "
		      "Warden needs it to measure time\n");
	pm_port = pm_timer_port;
	start = inl(pm_port);
	for (probe = 0; probe < 100000 && inl(pm_port) == start; probe++)
		cpu_relax();
	if (inl(pm_port) == start)
		panic("the ACPI PM timer at port 0x%x does not count\n",
		      pm_port);

	tsc_start = rdtsc();
	delay_us(CALIBRATION_US);
	tsc_end = rdtsc();
	tsc_freq_khz = (tsc_end - tsc_start) * 1000 / CALIBRATION_US;
	return tsc_freq_khz;
}

uint32_t tsc_khz(void)
{
	return tsc_freq_khz;
}

uint32_t timing_measure_apic(void)
{
	uint32_t lvt = apic_read(APIC_REG_LVT_TIMER);
	uint32_t tdcr = apic_read(APIC_REG_TDCR);
	uint32_t remaining;

	/* One-shot, masked, undivided: count down from the top. */
	apic_write(APIC_REG_LVT_TIMER, APIC_LVT_MASKED | 0xff);
	apic_write(APIC_REG_TDCR, APIC_TDCR_DIV_1);
	apic_write(APIC_REG_TMICT, 0xffffffff);
	delay_us(CALIBRATION_US);
	remaining = apic_read(APIC_REG_TMCCT);
	apic_write(APIC_REG_TMICT, 0);
	apic_write(APIC_REG_TDCR, tdcr);
	apic_write(APIC_REG_LVT_TIMER, lvt);
	if (!remaining)
		panic("the local APIC timer ran out while being measured: it "
		      "counts faster than %llu kHz\n",
		      0xffffffffull / (CALIBRATION_US / 1000));
	apic_freq_khz =
		(uint64_t)(0xffffffff - remaining) * 1000 / CALIBRATION_US;
	return apic_freq_khz;
}

uint32_t apic_khz(void)
{
	return apic_freq_khz;
}
