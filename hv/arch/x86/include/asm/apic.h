/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's own use of the local APIC (xAPIC through the direct
 * map, or x2APIC when the firmware left it enabled): IDs and IPIs.
 */
#ifndef WARDEN_ASM_APIC_H
#define WARDEN_ASM_APIC_H

#include <stdbool.h>
#include <stdint.h>

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_BSP (1ull << 8)
#define APIC_BASE_EXTD (1ull << 10)
#define APIC_BASE_EN (1ull << 11)

#define MSR_X2APIC_ICR 0x830

#define APIC_ICR_INIT 0x00004500 /* delivery mode INIT, level assert */
#define APIC_ICR_STARTUP 0x00004600 /* delivery mode start-up | vector */
#define APIC_ICR_NMI 0x00004400

/* Detect the mode on the boot CPU; the others follow it. */
void apic_init(void);
bool apic_x2apic_mode(void);
uint32_t apic_id(void);
/* Send to one APIC ID and wait until the APIC accepted it. */
void apic_send_ipi(uint32_t apic_id, uint32_t icr_low);

#endif /* WARDEN_ASM_APIC_H */
