/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Devices the hypervisor interposes on for its cells: the local APIC's
 * interrupt command register, the IOAPIC and PCI configuration space.
 */
#ifndef WARDEN_ASM_VDEVICES_H
#define WARDEN_ASM_VDEVICES_H

#include <stdbool.h>
#include <stdint.h>
#include <asm/vcpu.h>

struct cell;

#define PCI_CFG_PORT 0xcf8
#define XAPIC_BASE 0xfee00000ull

/*
 * An MMIO access of @size bytes at @gpa that trapped. Returns false when
 * no emulated device is there; *value is the written value, or receives
 * the value read.
 */
bool vdevice_mmio(struct vcpu *vcpu, uint64_t gpa, unsigned int size,
		  bool write, uint64_t *value);

/* The system's PCI MMCONFIG window [*start, *end); false if it has none. */
bool vpci_mmcfg_window(const struct cell *cell, uint64_t *start, uint64_t *end);

/* Is @gpa inside a page an emulated device of the cell lives on? */
bool vdevice_claims(struct cell *cell, uint64_t gpa);

bool vapic_mmio(struct vcpu *vcpu, unsigned int offset, unsigned int size,
		bool write, uint64_t *value);
/*
 * A write to the interrupt command register (@dest: the x2APIC 32-bit
 * destination, or the xAPIC 8-bit one). False: a violation.
 */
bool vapic_write_icr(struct vcpu *vcpu, uint32_t low, uint32_t dest,
		     bool x2apic);
/* An x2APIC MSR access emulated over the xAPIC. False: a violation. */
bool vapic_x2apic_msr(struct vcpu *vcpu, uint32_t msr, bool write,
		      uint64_t *value);
bool vioapic_mmio(struct vcpu *vcpu, uint64_t gpa, unsigned int size,
		  bool write, uint64_t *value);
bool vpci_mmcfg(struct vcpu *vcpu, uint64_t gpa, unsigned int size, bool write,
		uint64_t *value);
bool vpci_port_access(struct vcpu *vcpu, uint16_t port, unsigned int size,
		      bool in);

/* A non-root cell's devices: BAR shadows, and their reset (no decoding). */
int vpci_cell_init(struct cell *cell);
void vpci_cell_exit(struct cell *cell);
void vpci_cell_reset(struct cell *cell);
/*
 * Translate the root's IOAPIC entries again (its interrupt-remapping
 * table or mode changed; asm/vtd_ir.h).
 */
void vioapic_root_remap(void);
/* Mask the redirection entries of the IOAPIC pins a cell has. */
void vioapic_cell_reset(struct cell *cell);

#endif /* WARDEN_ASM_VDEVICES_H */
