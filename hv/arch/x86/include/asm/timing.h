/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time for the hypervisor: the ACPI PM timer (a fixed 3.579545 MHz, known
 * without calibration) for delays, and the TSC and local APIC timer
 * frequencies measured with it (inmates get both in their comm region).
 */
#ifndef WARDEN_ASM_TIMING_H
#define WARDEN_ASM_TIMING_H

#include <stdint.h>

#define PM_TIMER_HZ 3579545

/* Use the PM timer at @port; measure the TSC. Returns TSC kHz. */
uint32_t timing_init(uint16_t pm_timer_port);
void delay_us(unsigned int us);
uint32_t tsc_khz(void);
/* Measure the local APIC timer's input clock (undivided). Returns kHz. */
uint32_t timing_measure_apic(void);
uint32_t apic_khz(void);

#endif /* WARDEN_ASM_TIMING_H */
