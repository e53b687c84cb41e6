/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WARDEN_SMP_H
#define WARDEN_SMP_H

#include <stdbool.h>
#include <stdint.h>
#include <jailhouse/cell-config.h>
#include <warden/boot_info.h>
#include <warden/percpu.h>

/*
 * A page below 1 MiB (secondary CPUs start in real mode there) that the
 * firmware map calls RAM and no boot module occupies. 0 if none.
 */
uint64_t smp_pick_start_page(const struct boot_info *bi);
uint64_t smp_start_page(void);

/* Is this page RAM in the firmware map and free of boot modules? */
bool boot_page_is_free_ram(const struct boot_info *bi, uint64_t page);

/*
 * Find the CPUs in the MADT, number them as Linux will, start every one.
 * Returns the boot CPU's per-CPU area. Stops the boot if a CPU the root
 * cell is configured to have does not exist or does not answer.
 */
struct per_cpu *smp_init(const struct boot_info *bi,
			 const struct jailhouse_system *sys);
void smp_report(void);

/* Load the CPU's own GDT, TSS and the IDT. */
void percpu_load_desc(struct per_cpu *pcpu);

/* Where each secondary CPU continues once it runs on its own stack. */
void __attribute__((noreturn)) smp_secondary_main(struct per_cpu *pcpu);

#endif /* WARDEN_SMP_H */
