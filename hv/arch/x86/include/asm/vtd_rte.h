/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOAPIC redirection entries under VT-d interrupt remapping: from the
 * root's entry (remappable or compatibility format) and its
 * interrupt-remapping table entry to the compatibility-format entry the
 * real IOAPIC gets (asm/vtd_ir.h). Pure functions, unit-tested on the
 * host. Each returns a masked entry and sets *why when the result cannot
 * be delivered as asked.
 */
#ifndef WARDEN_ASM_VTD_RTE_H
#define WARDEN_ASM_VTD_RTE_H

#include <stdbool.h>
#include <stdint.h>

#define RTE_MASKED (1ull << 16)
#define RTE_REMAPPABLE (1ull << 48)

/* The remapping-table index a remappable-format entry names. */
static inline uint16_t vtd_rte_handle(uint64_t rte)
{
	return ((rte >> 49) & 0x7fff) | (((rte >> 11) & 1) << 15);
}

/* The entry masked, keeping only its trigger mode and polarity. */
uint64_t vtd_rte_masked(uint64_t rte);

/*
 * A compatibility-format (or masked) entry: unchanged, unless it is live
 * while @blocked (remapping on without compatibility format allowed).
 */
uint64_t vtd_rte_compat(uint64_t rte, bool blocked, const char **why);

/*
 * A live remappable-format entry @rte whose table entry's low quadword is
 * @irte_lo, with x2APIC destinations when @x2apic (IRTA.EIME).
 */
uint64_t vtd_rte_remap(uint64_t rte, uint64_t irte_lo, bool x2apic,
		       const char **why);

#endif /* WARDEN_ASM_VTD_RTE_H */
