// SPDX-License-Identifier: GPL-2.0
/*
 * Starting the secondary CPUs.
 */
#include <stdbool.h>
#include <warden/layout.h>
#include <warden/smp.h>

/* Real-mode start addresses are vector << 12: below 1 MiB, above the IVT. */
#define START_PAGE_MIN 0x1000
#define START_PAGE_MAX 0x9f000

static bool page_is_free_ram(const struct boot_info *bi, uint64_t page)
{
	bool ram = false;
	unsigned int i;

	for (i = 0; i < bi->num_memmap; i++) {
		const struct boot_mem_range *r = &bi->memmap[i];
		bool inside = page >= r->base &&
			      page + PAGE_SIZE <= r->base + r->length;
		bool touches = page < r->base + r->length &&
			       r->base < page + PAGE_SIZE;

		if (inside && r->type == BOOT_MEM_RAM)
			ram = true;
		else if (touches && r->type != BOOT_MEM_RAM)
			return false;
	}
	for (i = 0; ram && i < bi->num_modules; i++)
		if (page < bi->modules[i].end &&
		    bi->modules[i].start < page + PAGE_SIZE)
			return false;
	return ram;
}

uint64_t smp_pick_start_page(const struct boot_info *bi)
{
	uint64_t page;

	/* Highest first: the lowest pages hold the BIOS data structures. */
	for (page = START_PAGE_MAX - PAGE_SIZE; page >= START_PAGE_MIN;
	     page -= PAGE_SIZE)
		if (page_is_free_ram(bi, page))
			return page;
	return 0;
}
