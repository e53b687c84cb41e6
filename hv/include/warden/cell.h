/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A cell: a partition of the machine with its own memory view (nested
 * page tables), I/O port and MSR permissions, CPUs and devices.
 */
#ifndef WARDEN_CELL_H
#define WARDEN_CELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jailhouse/cell-config.h>
#include <jailhouse/hypercall.h>
#include <warden/paging.h>

/* Cell IDs 0..MAX_CELLS-1; each cell's ASID is its ID + 1. */
#define MAX_CELLS 8

struct cell {
	unsigned int id;
	const struct jailhouse_cell_desc *config;
	uint8_t *config_copy; /* non-root: pool pages holding the config */
	unsigned int config_pages;
	uint8_t cpus[8]; /* CPUs it has now: root's shrink as cells take */
	struct jailhouse_comm_region *comm; /* non-root */
	bool loadable; /* LOADABLE regions lent to the root */
	const struct jailhouse_system *system;
	bool is_root;
	struct paging npt; /* guest-physical -> host-physical */
	uint8_t *io_bitmap; /* set bit = port access traps */
	uint64_t io_bitmap_phys;
	uint8_t *msr_bitmap;
	uint64_t msr_bitmap_phys;
	/* non-root: shadow BARs of its PCI devices, 6 per device (vpci.c) */
	uint32_t *pci_bars;
	unsigned int pci_bar_pages;
	/* root policy for memory it does not own (see vcpu.c) */
	uint64_t ones_page_phys;
	uint64_t discard_page_phys;
};

extern struct cell root_cell;
extern struct cell *cells[MAX_CELLS]; /* by ID; [0] is the root */

/* Build the root cell from the system configuration. */
void root_cell_init(const struct jailhouse_system *sys);

/* Cells that are not the root: create from a config copied out of root
 * memory (or a boot module), and the lifecycle calls. 0 or -errno. */
int cell_create(const void *config, size_t len, unsigned int *id);
int cell_set_loadable(struct cell *cell);
int cell_start(struct cell *cell);
int cell_destroy(struct cell *cell);
struct cell *cell_by_id(unsigned int id);
bool cell_has_cpu(const struct cell *cell, unsigned int cpu);

/*
 * Copy between @buf and the cell's guest-physical memory at @gpa, through
 * its page tables: only memory the cell owns (writable, for @write).
 */
int cell_copy_guest(struct cell *cell, uint64_t gpa, void *buf, uint64_t len,
		    bool write);

/* Is @port in the cell's allow-list (or always allowed)? */
bool cell_port_allowed(const struct cell *cell, uint16_t port);

/*
 * The cell's PCI device @bdf, if it has it now: listed in its
 * configuration and, for the root, not taken by a non-root cell.
 */
const struct jailhouse_pci_device *cell_pci_device(const struct cell *cell,
						   uint16_t bdf);

/* Does the cell have pin @pin of the IOAPIC at @address now (as above)? */
bool cell_has_ioapic_pin(const struct cell *cell, uint64_t address,
			 unsigned int pin);

#endif /* WARDEN_CELL_H */
