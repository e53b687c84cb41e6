/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page pool: hands out 4 KiB pages from one contiguous memory region.
 *
 * Everything the hypervisor allocates at run time (page tables, VMCBs,
 * permission maps, per-cell structures) comes from here, so the counts
 * page_pool_used()/page_pool_size() report are exact: they are shown to
 * the root cell as the Jailhouse mem_pool_used/mem_pool_size statistics,
 * and a cell created and destroyed must leave "used" where it was.
 *
 * One bit per page records whether it is allocated. The pool does not
 * remember how allocations were grouped: page_free() checks that every
 * page it is given is inside the pool and allocated, but it cannot tell
 * a caller freeing part of a larger allocation.
 *
 * Not thread-safe: callers sharing a pool serialise with their own lock.
 */
#ifndef WARDEN_PAGE_POOL_H
#define WARDEN_PAGE_POOL_H

#include <stdbool.h>
#include <stdint.h>

#define PAGE_POOL_LONG_BITS (8 * sizeof(unsigned long))
/* Longs of bitmap storage a pool of the given number of pages needs. */
#define PAGE_POOL_BITMAP_LONGS(pages) \
	(((pages) + PAGE_POOL_LONG_BITS - 1) / PAGE_POOL_LONG_BITS)
/* What page_virt_to_phys() returns for an address outside the pool. */
#define PAGE_POOL_BAD_PHYS (~0ULL)

struct page_pool {
	/* first allocatable page, virtual and physical */
	uint8_t *base;
	uint64_t base_phys;
	/* allocatable pages, and how many of them are allocated */
	unsigned long pages;
	unsigned long used;
	/* bit n set: page n is allocated */
	unsigned long *bitmap;
};

/*
 * Set up pool over the pages at base_virt (physical base_phys), both 4 KiB
 * aligned. The bitmap lives in bitmap_storage, which must hold
 * PAGE_POOL_BITMAP_LONGS(pages) longs; if it is NULL the bitmap is carved
 * from the start of the region instead, and those pages are not part of
 * the pool (page_pool_size() does not count them).
 * Returns 0, or -EINVAL for a misaligned, empty or wrapping region or one
 * too small to hold its own bitmap and at least one page.
 */
int page_pool_init(struct page_pool *pool, void *base_virt, uint64_t base_phys,
		   unsigned long pages, unsigned long *bitmap_storage);

/*
 * Allocate pages contiguous pages, zeroed, whose physical address is a
 * multiple of align_pages pages (a power of two; 0 or 1: no constraint).
 * Returns NULL when no such run is free, for pages == 0 or a bad alignment.
 */
void *page_alloc(struct page_pool *pool, unsigned int pages,
		 unsigned int align_pages);

/*
 * Return pages pages starting at virt to the pool. Returns 0, or -EINVAL
 * and frees nothing if virt is not page aligned, the range is not inside
 * the pool, or any page of it is not allocated (a double free). Freeing
 * NULL does nothing and returns 0, which keeps error paths simple.
 */
int page_free(struct page_pool *pool, void *virt, unsigned int pages);

/* Physical address of virt, or PAGE_POOL_BAD_PHYS if outside the pool. */
uint64_t page_virt_to_phys(const struct page_pool *pool, const void *virt);

/* Virtual address of phys, or NULL if outside the pool. */
void *page_phys_to_virt(const struct page_pool *pool, uint64_t phys);

static inline unsigned long page_pool_used(const struct page_pool *pool)
{
	return pool->used;
}

static inline unsigned long page_pool_size(const struct page_pool *pool)
{
	return pool->pages;
}

#endif /* WARDEN_PAGE_POOL_H */
