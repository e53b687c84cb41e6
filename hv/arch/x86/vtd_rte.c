// SPDX-License-Identifier: GPL-2.0
/*
 * Translation of remapped IOAPIC entries (asm/vtd_rte.h), from the field
 * layouts of the Intel VT-d specification (interrupt-remapping table
 * entry, remappable IOAPIC entry) and the 82093AA IOAPIC.
 */
#include <asm/vtd_rte.h>

/* Interrupt-remapping table entry, low quadword */
#define IRTE_PRESENT 1ull
#define IRTE_DEST_LOGICAL (1ull << 2)
#define IRTE_DELIVERY_SHIFT 5
#define IRTE_POSTED (1ull << 15)
#define IRTE_VECTOR_SHIFT 16

/* Redirection entry: what the root's own entry decides */
#define RTE_POLARITY_LOW (1ull << 13)
#define RTE_LEVEL (1ull << 15)
#define RTE_KEEP (RTE_POLARITY_LOW | RTE_LEVEL | RTE_MASKED)
#define RTE_DEST_LOGICAL (1ull << 11)
#define RTE_DEST_SHIFT 56
#define IOAPIC_MAX_DEST 0xfe /* 0xff is the broadcast */
#define DELIVERY_FIXED 0
#define DELIVERY_LOWEST 1

uint64_t vtd_rte_masked(uint64_t rte)
{
	return (rte & RTE_KEEP) | RTE_MASKED;
}

uint64_t vtd_rte_compat(uint64_t rte, bool blocked, const char **why)
{
	if (rte & RTE_REMAPPABLE)
		return vtd_rte_masked(rte);
	if (blocked && !(rte & RTE_MASKED)) {
		*why = "compatibility format blocked";
		return vtd_rte_masked(rte);
	}
	return rte;
}

uint64_t vtd_rte_remap(uint64_t rte, uint64_t irte_lo, bool x2apic,
		       const char **why)
{
	uint64_t delivery = (irte_lo >> IRTE_DELIVERY_SHIFT) & 7;
	bool logical = irte_lo & IRTE_DEST_LOGICAL;
	uint32_t dest;

	if (!(irte_lo & IRTE_PRESENT)) {
		*why = "table entry not present";
		return vtd_rte_masked(rte);
	}
	if (irte_lo & IRTE_POSTED) {
		*why = "posted interrupts unsupported";
		return vtd_rte_masked(rte);
	}
	if (x2apic) {
		dest = irte_lo >> 32;
		/*
		 * An x2APIC logical destination (cluster << 16 | member bits)
		 * does not fit the IOAPIC's 8 bits: deliver to its first
		 * member, physically (x2APIC ID = cluster * 16 + member).
		 */
		if (logical) {
			if (!(dest & 0xffff)) {
				*why = "empty logical destination";
				return vtd_rte_masked(rte);
			}
			dest = ((dest >> 16) << 4) |
			       __builtin_ctz(dest & 0xffff);
			logical = false;
		}
		if (dest > IOAPIC_MAX_DEST) {
			*why = "APIC ID beyond the IOAPIC's reach";
			return vtd_rte_masked(rte);
		}
		/*
		 * Lowest priority among one CPU is fixed delivery, and some
		 * IOAPICs (Bochs's) drop physical lowest-priority messages.
		 */
		if (delivery == DELIVERY_LOWEST)
			delivery = DELIVERY_FIXED;
	} else {
		dest = (irte_lo >> 40) & 0xff;
	}
	return (rte & RTE_KEEP) | ((irte_lo >> IRTE_VECTOR_SHIFT) & 0xff) |
	       (delivery << 8) | (logical ? RTE_DEST_LOGICAL : 0) |
	       ((uint64_t)dest << RTE_DEST_SHIFT);
}
