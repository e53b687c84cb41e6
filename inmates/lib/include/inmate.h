/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The Warden inmate library: what a bare-metal program in a cell needs
 * from the environment Jailhouse defines for x86 inmates (spec 8, 9).
 *
 * An inmate is a flat binary linked at guest address 0. Every CPU of the
 * cell starts there in real mode; the library switches to 64-bit (or, in
 * the 32-bit variant, paged protected) mode, elects one CPU to run
 * inmate_main() and parks the others until smp_start_cpu() wakes them.
 */
#ifndef WARDEN_INMATE_H
#define WARDEN_INMATE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jailhouse/hypercall.h>
#include <warden/string.h>
#include <asm/processor.h> /* port I/O, MSRs, TSC: the hypervisor's own */

#define COMM_REGION_ADDR 0x100000ul
#define CMDLINE_ADDR 0x1000ul
#define CMDLINE_SIZE 256
#define INMATE_MAX_CPUS 16

/* Provided by the inmate. */
void inmate_main(void);

/* ---- communication region and messages (spec 7, 8) ---- */
static inline struct jailhouse_comm_region *comm_region(void)
{
	return (struct jailhouse_comm_region *)COMM_REGION_ADDR;
}
/* The pending message (JAILHOUSE_MSG_*), or JAILHOUSE_MSG_NONE. */
uint32_t comm_message(void);
/* Answer the pending message with JAILHOUSE_MSG_* reply @reply. */
void comm_reply(uint32_t reply);
void comm_set_state(uint32_t state);
/*
 * Answer a message the usual way: shutdown approved (state SHUT_DOWN,
 * then this CPU stops), reconfiguration acknowledged, anything else
 * answered UNKNOWN. For inmates that have nothing to veto.
 */
void comm_answer(uint32_t msg);

/* ---- hypercalls (spec 6) ---- */
long hypercall(unsigned long code, unsigned long arg1, unsigned long arg2);

/* ---- console ---- */
void console_init(void);
void console_putc(char c);
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);

/* ---- command line (`jailhouse cell load ... -s "..." -a 0x1000`) ---- */
/* The value of name=VALUE into @buf; false if absent. */
bool cmdline_str(const char *name, char *buf, size_t size);
uint64_t cmdline_u64(const char *name, uint64_t fallback);
bool cmdline_bool(const char *name, bool fallback);

/* ---- time ---- */
uint64_t tsc_ns(void); /* TSC time in ns, from the comm region's tsc_khz */
uint64_t pm_timer_ns(void); /* ACPI PM timer time in ns (call < 4 s apart) */
void delay_us(uint64_t us);

/* ---- x2APIC (emulated by the hypervisor where the hardware lacks it) ---- */
#define X2APIC_ID 0x802
#define X2APIC_EOI 0x80b
#define X2APIC_SVR 0x80f
#define X2APIC_ICR 0x830
#define X2APIC_LVT_TIMER 0x832
#define X2APIC_LVT_LINT0 0x835
#define X2APIC_TMICT 0x838
#define X2APIC_TMCCT 0x839
#define X2APIC_TDCR 0x83e

uint32_t apic_id(void);
void apic_enable(void);
void apic_eoi(void);
void apic_send_ipi(uint32_t apic_id, unsigned int vector);
/* One-shot timer interrupt at @vector after @ns (divide-by-16 clock). */
void apic_timer_oneshot(unsigned int vector, uint64_t ns);

/* ---- interrupts ---- */
typedef void (*irq_handler_t)(unsigned int vector);
/* Handle @vector (32..255); the library acknowledges it (EOI) after. */
void irq_set_handler(unsigned int vector, irq_handler_t handler);
static inline void irq_enable(void)
{
	asm volatile("sti" : : : "memory");
}
static inline void irq_disable(void)
{
	asm volatile("cli" : : : "memory");
}
void __attribute__((noreturn)) cpu_stop(void);

/* ---- CPUs of the cell ---- */
/* Number of CPUs that checked in at cell start and their APIC IDs. */
unsigned int smp_num_cpus(void);
uint32_t smp_cpu_apic_id(unsigned int index);
/* Restart the parked CPU @apic_id (INIT, SIPI) in @entry. 0 or -1. */
int smp_start_cpu(uint32_t apic_id, void (*entry)(void));

#endif /* WARDEN_INMATE_H */
