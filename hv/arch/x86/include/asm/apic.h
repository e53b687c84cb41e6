/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's own use of the local APIC (xAPIC through the direct
 * map, or x2APIC when the firmware left it enabled): IDs, IPIs, and the
 * register access the cells' virtual APIC builds on.
 */
#ifndef WARDEN_ASM_APIC_H
#define WARDEN_ASM_APIC_H

#include <stdbool.h>
#include <stdint.h>

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_BSP (1ull << 8)
#define APIC_BASE_EXTD (1ull << 10)
#define APIC_BASE_EN (1ull << 11)
#define CPUID_1_ECX_X2APIC_BIT (1u << 21)

/* x2APIC registers are MSRs 0x800 + (xAPIC offset >> 4). */
#define MSR_X2APIC_BASE 0x800
#define MSR_X2APIC_END 0x900
#define MSR_X2APIC_ICR 0x830

/* Registers by their xAPIC MMIO offset. */
#define APIC_REG_ID 0x020
#define APIC_REG_VERSION 0x030
#define APIC_REG_TPR 0x080
#define APIC_REG_PPR 0x0a0
#define APIC_REG_EOI 0x0b0
#define APIC_REG_LDR 0x0d0
#define APIC_REG_DFR 0x0e0
#define APIC_REG_SVR 0x0f0
#define APIC_REG_ISR 0x100 /* 8 registers, 0x10 apart */
#define APIC_REG_TMR 0x180
#define APIC_REG_IRR 0x200
#define APIC_REG_ESR 0x280
#define APIC_REG_LVT_CMCI 0x2f0
#define APIC_REG_ICR_LO 0x300
#define APIC_REG_ICR_HI 0x310
#define APIC_REG_LVT_TIMER 0x320
#define APIC_REG_LVT_THERMAL 0x330
#define APIC_REG_LVT_PERF 0x340
#define APIC_REG_LVT_LINT0 0x350
#define APIC_REG_LVT_LINT1 0x360
#define APIC_REG_LVT_ERROR 0x370
#define APIC_REG_TMICT 0x380
#define APIC_REG_TMCCT 0x390
#define APIC_REG_TDCR 0x3e0
#define APIC_REG_SELF_IPI 0x3f0 /* x2APIC only */

#define APIC_SVR_ENABLE (1u << 8)
#define APIC_LVT_MASKED (1u << 16)
#define APIC_TDCR_DIV_1 0xb
#define APIC_TDCR_DIV_16 0x3

#define APIC_ICR_VECTOR 0xff
#define APIC_ICR_DELIVERY_SHIFT 8
#define APIC_ICR_DM_FIXED 0
#define APIC_ICR_DM_LOWEST 1
#define APIC_ICR_DM_SMI 2
#define APIC_ICR_DM_NMI 4
#define APIC_ICR_DM_INIT 5
#define APIC_ICR_DM_STARTUP 6
#define APIC_ICR_DEST_LOGICAL (1u << 11)
#define APIC_ICR_BUSY (1u << 12)
#define APIC_ICR_LEVEL_ASSERT (1u << 14)
#define APIC_ICR_SHORTHAND_SHIFT 18
#define APIC_ICR_SH_NONE 0
#define APIC_ICR_SH_SELF 1
#define APIC_ICR_SH_ALL 2
#define APIC_ICR_SH_OTHERS 3

#define APIC_ICR_INIT 0x00004500 /* delivery mode INIT, level assert */
#define APIC_ICR_STARTUP 0x00004600 /* delivery mode start-up | vector */
#define APIC_ICR_NMI 0x00004400
#define APIC_ICR_FIXED 0x00004000

/* Detect the mode on the boot CPU; the others follow it. */
/* On the boot CPU: the APIC mode (xAPIC or x2APIC) all CPUs use. */
/* @want_x2apic: switch to x2APIC mode if the firmware did not. */
void apic_init(bool want_x2apic);
/* On each other CPU: the boot CPU's APIC mode. */
void apic_cpu_init(void);
bool apic_x2apic_mode(void);
uint32_t apic_id(void);
/* A register of the calling CPU's APIC by xAPIC offset, in either mode. */
uint32_t apic_read(unsigned int offset);
void apic_write(unsigned int offset, uint32_t value);
void apic_eoi(void);
/* Send to one APIC ID (physical destination) and wait for acceptance. */
void apic_send_ipi(uint32_t apic_id, uint32_t icr_low);
/*
 * Bring the calling CPU's APIC to the state a cell CPU starts or leaves
 * in (spec 9.1): LVTs masked, timer stopped with divide-by-16, in-service
 * interrupts acknowledged and pending ones dropped, software-disabled.
 */
void apic_clear(void);

#endif /* WARDEN_ASM_APIC_H */
