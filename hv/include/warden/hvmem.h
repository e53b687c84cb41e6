/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's own memory: the image moved into the hypervisor region
 * of the system configuration, the page pool over the rest of that region,
 * and the hypervisor page tables (image, pool, direct map of physical
 * memory).
 */
#ifndef WARDEN_HVMEM_H
#define WARDEN_HVMEM_H

#include <stddef.h>
#include <stdint.h>
#include <jailhouse/cell-config.h>
#include <warden/boot_info.h>
#include <warden/layout.h>
#include <warden/page_pool.h>

/* Pages of the pool; every run-time allocation of the hypervisor. */
extern struct page_pool hv_pool;

/*
 * Move the image into @sys's hypervisor memory and switch to the
 * hypervisor's own page tables. @low_page (physical, below 1 MiB) stays
 * identity-mapped too: secondary CPUs switch to long mode in it.
 * Stops the boot with a message if the region cannot hold the image.
 */
void hvmem_init(const struct jailhouse_system *sys, const struct boot_info *bi,
		uint64_t low_page);

static inline void *phys_to_hv(uint64_t phys)
{
	return (void *)(HV_DIRECT_MAP + phys);
}

/* Largest page the CPU maps (2 MiB, or 1 GiB where supported). */
unsigned int hv_largest_page_level(void);

/* Physical address of hypervisor memory (image or pool). */
uint64_t hv_to_phys(const void *addr);

/*
 * acpi_read_phys_t for the firmware's ACPI tables, read through the direct
 * map; they lie below 4 GiB, anything else is refused.
 */
int acpi_read_direct(void *ctx, uint64_t phys, void *buf, size_t len);

#endif /* WARDEN_HVMEM_H */
