/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A cell: a partition of the machine with its own memory view (nested
 * page tables), I/O port and MSR permissions, CPUs and devices.
 */
#ifndef WARDEN_CELL_H
#define WARDEN_CELL_H

#include <stdbool.h>
#include <stdint.h>
#include <jailhouse/cell-config.h>
#include <warden/paging.h>

struct cell {
	const struct jailhouse_cell_desc *config;
	const struct jailhouse_system *system;
	bool is_root;
	struct paging npt; /* guest-physical -> host-physical */
	uint8_t *io_bitmap; /* set bit = port access traps */
	uint64_t io_bitmap_phys;
	uint8_t *msr_bitmap;
	uint64_t msr_bitmap_phys;
	/* root policy for memory it does not own (see vcpu.c) */
	uint64_t ones_page_phys;
	uint64_t discard_page_phys;
};

extern struct cell root_cell;

/* Build the root cell from the system configuration. */
void root_cell_init(const struct jailhouse_system *sys);

/* Is @port in the cell's allow-list (or always allowed)? */
bool cell_port_allowed(const struct cell *cell, uint16_t port);

/* Does the cell's configuration list the PCI device @bdf? */
const struct jailhouse_pci_device *cell_pci_device(const struct cell *cell,
						   uint16_t bdf);

#endif /* WARDEN_CELL_H */
