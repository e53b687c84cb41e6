/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An emulated VT-d interrupt-remapping unit for the root cell.
 *
 * Linux keeps the local APIC in x2APIC mode only with interrupt remapping
 * (or under a hypervisor it knows). Machines with x2APIC but no IOMMU
 * (Bochs) would leave the root in xAPIC mode, where every EOI and timer
 * write of the root is an emulated MMIO access. There Warden offers the
 * root a register-compatible VT-d unit that does interrupt remapping only:
 * the root's remappable-format IOAPIC entries are translated through its
 * interrupt-remapping table into compatibility-format entries for the real
 * IOAPIC. See docs/root-cell.md ("Interrupt remapping for the root").
 */
#ifndef WARDEN_ASM_VTD_IR_H
#define WARDEN_ASM_VTD_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <warden/boot_info.h>
#include <asm/vcpu.h>

struct jailhouse_system;

/*
 * Decide at boot whether the root gets the unit: the CPU has x2APIC, the
 * system configuration lists an Intel IOMMU unit, the firmware describes
 * no VT-d hardware (no DMAR table) and no root PCI device lists an MSI or
 * MSI-X capability (their messages are not translated). Prints why not
 * when the configuration asks for a unit. Call before apic_init().
 */
void vtd_ir_probe(const struct boot_info *bi,
		  const struct jailhouse_system *sys);
bool vtd_ir_offered(void);

/*
 * The root's ACPI tables with the unit's DMAR: a new RSDP, XSDT and DMAR
 * in the @size bytes at @page (guest-physical @phys). Bytes used, or a
 * negative errno with a message.
 */
int vtd_ir_root_acpi(void *page, size_t size, uint64_t phys, char *err,
		     size_t err_len);

/* An MMIO access to the unit's register page; false if not there. */
bool vtd_ir_mmio(struct vcpu *vcpu, uint64_t gpa, unsigned int size, bool write,
		 uint64_t *value);
bool vtd_ir_claims(uint64_t gpa);

/*
 * The redirection entry the IOAPIC gets for the root's entry @rte of
 * @pin: @rte itself while remapping is not in use, otherwise the
 * compatibility-format entry its remapping-table entry describes (masked
 * when that entry is missing or unusable).
 */
uint64_t vtd_ir_ioapic_rte(unsigned int pin, uint64_t rte);

#endif /* WARDEN_ASM_VTD_IR_H */
