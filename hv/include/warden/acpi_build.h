/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI tables the hypervisor hands to the root Linux in place of the
 * firmware's root: a new RSDP and XSDT that list every firmware table plus
 * a DMAR table describing one (emulated) Intel VT-d remapping unit.
 *
 * Why: on Bochs, and other x2APIC machines without an IOMMU, Linux keeps
 * (or turns on) x2APIC mode only when interrupt remapping is available
 * (outside the few hypervisors it knows); otherwise it stays in or goes
 * back to xAPIC mode ("IRQ remapping doesn't support X2APIC mode", see
 * docs/root-cell.md). So Warden emulates the interrupt-remapping part of a
 * VT-d unit for the root, and the root finds it, as on real hardware,
 * through a DMAR table (Intel VT-d specification, chapter 8).
 *
 * The builder is pure: it reads the firmware's root table through the
 * read_phys callback of struct acpi_tables and writes only into the
 * caller's buffer, so it runs unchanged in host unit tests.
 */
#ifndef WARDEN_ACPI_BUILD_H
#define WARDEN_ACPI_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include <warden/acpi.h>

#define ACPI_DMAR_MAX_IOAPICS 8

struct acpi_dmar_ioapic {
	uint8_t id; /* IOAPIC ID as in the MADT (DMAR enumeration ID) */
	uint16_t source_id; /* PCI requester ID: bus << 8 | dev << 3 | fn */
};

struct acpi_dmar_unit {
	uint64_t base; /* register page of the unit (4 KiB) */
	uint16_t segment; /* PCI segment */
	unsigned int num_ioapics;
	struct acpi_dmar_ioapic ioapics[ACPI_DMAR_MAX_IOAPICS];
};

/*
 * Build into the @size bytes at @buf, which the root will see at
 * guest-physical @phys (16-byte aligned):
 *
 *  - at offset 0 a revision-2 RSDP (36 bytes, both checksums, OEM ID copied
 *    from the firmware's RSDP, i.e. fw->oem_id, RsdtAddress 0);
 *  - after it, 16-byte aligned, an XSDT listing every table of the
 *    firmware's root table @fw (RSDT or XSDT, read through fw->read_phys,
 *    in order; null entries are dropped) followed by the new DMAR;
 *  - after the XSDT, 16-byte aligned, the DMAR: interrupt remapping
 *    supported, x2APIC opt-out clear, one DRHD for @unit covering all PCI
 *    devices of its segment, with one IOAPIC device scope per IOAPIC.
 *
 * The bytes used are rewritten in full (padding zeroed). On error @buf is
 * left untouched, except when the firmware's root table changes while it
 * is copied: then the bytes used are zeroed, so no RSDP is left behind.
 * Returns the number of bytes used, or a negative errno with a message in
 * @err naming the problem:
 *  -EINVAL  a bad unit (num_ioapics 0 or above ACPI_DMAR_MAX_IOAPICS, an
 *           IOAPIC ID given twice, base 0 or not 4 KiB aligned), @phys not
 *           16-byte aligned, the tables running past 2^64, more entries in
 *           @fw than a root table can hold, or a root table that changed
 *           while it was copied;
 *  -EEXIST  the firmware already has a DMAR table (by the signature of
 *           each root-table entry's header);
 *  -ENOSPC  the tables do not fit in @size bytes;
 *  the error of fw->read_phys (-EFAULT if it gave none) when a root-table
 *  entry, or the header it points to, cannot be read.
 */
int acpi_build_root_tables(const struct acpi_tables *fw,
			   const struct acpi_dmar_unit *unit, void *buf,
			   size_t size, uint64_t phys, char *err,
			   size_t err_len);

#endif /* WARDEN_ACPI_BUILD_H */
