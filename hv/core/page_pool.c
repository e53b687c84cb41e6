// SPDX-License-Identifier: GPL-2.0
/*
 * Bitmap page allocator, see warden/page_pool.h.
 *
 * First fit from the bottom of the pool, so that long-lived boot-time
 * allocations pack together and large free runs stay available for the
 * multi-page structures created later. Pools hold a few thousand pages: a
 * linear scan that skips fully used words is fast enough and easy to trust.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <warden/errno.h>
#include <warden/layout.h>
#include <warden/page_pool.h>
#include <warden/string.h>

#define LONG_BITS PAGE_POOL_LONG_BITS

static bool page_busy(const struct page_pool *pool, unsigned long n)
{
	return (pool->bitmap[n / LONG_BITS] >> (n % LONG_BITS)) & 1;
}

static void mark_pages(struct page_pool *pool, unsigned long n,
		       unsigned long count, bool busy)
{
	for (; count; n++, count--) {
		unsigned long bit = 1UL << (n % LONG_BITS);

		if (busy)
			pool->bitmap[n / LONG_BITS] |= bit;
		else
			pool->bitmap[n / LONG_BITS] &= ~bit;
	}
}

int page_pool_init(struct page_pool *pool, void *base_virt, uint64_t base_phys,
		   unsigned long pages, unsigned long *bitmap_storage)
{
	uintptr_t virt = (uintptr_t)base_virt;
	unsigned long meta;

	/* Region ends are computed as base + pages * PAGE_SIZE: must not wrap. */
	if (!pages || (virt | base_phys) & (PAGE_SIZE - 1) ||
	    pages > (UINT64_MAX - base_phys) / PAGE_SIZE ||
	    pages > (UINTPTR_MAX - virt) / PAGE_SIZE)
		return -EINVAL;

	if (!bitmap_storage) {
		meta = (PAGE_POOL_BITMAP_LONGS(pages) * sizeof(long) +
			PAGE_SIZE - 1) /
		       PAGE_SIZE;
		if (meta >= pages)
			return -EINVAL;
		bitmap_storage = base_virt;
		virt += meta * PAGE_SIZE;
		base_phys += meta * PAGE_SIZE;
		pages -= meta;
	}

	pool->base = (uint8_t *)virt;
	pool->base_phys = base_phys;
	pool->pages = pages;
	pool->used = 0;
	pool->bitmap = bitmap_storage;
	memset(pool->bitmap, 0, PAGE_POOL_BITMAP_LONGS(pages) * sizeof(long));
	return 0;
}

/* Index of the first free page at or after n, or pool->pages if none. */
static unsigned long next_free(const struct page_pool *pool, unsigned long n)
{
	while (n < pool->pages) {
		/* Bits past the last page are never set: no overshoot here. */
		if (n % LONG_BITS == 0 && pool->bitmap[n / LONG_BITS] == ~0UL)
			n += LONG_BITS;
		else if (page_busy(pool, n))
			n++;
		else
			return n;
	}
	return pool->pages;
}

void *page_alloc(struct page_pool *pool, unsigned int pages,
		 unsigned int align_pages)
{
	unsigned long align = align_pages ? align_pages : 1;
	/* Alignment is physical: that is what hardware structures need. */
	unsigned long pfn0 = pool->base_phys / PAGE_SIZE;
	unsigned long start = 0, n;
	void *virt;

	if (!pages || align & (align - 1) || pages > pool->pages - pool->used)
		return NULL;

	for (;;) {
		start = next_free(pool, start);
		start = ((pfn0 + start + align - 1) & ~(align - 1)) - pfn0;
		if (start >= pool->pages || pool->pages - start < pages)
			return NULL;
		for (n = 0; n < pages && !page_busy(pool, start + n); n++)
			;
		if (n == pages)
			break;
		/* page start + n is busy: no run can begin before it */
		start += n + 1;
	}

	mark_pages(pool, start, pages, true);
	pool->used += pages;
	virt = pool->base + start * PAGE_SIZE;
	memset(virt, 0, (size_t)pages * PAGE_SIZE);
	return virt;
}

int page_free(struct page_pool *pool, void *virt, unsigned int pages)
{
	/* Below the pool this wraps to a huge offset and fails the check. */
	uintptr_t off = (uintptr_t)virt - (uintptr_t)pool->base;
	unsigned long first = off / PAGE_SIZE, n;

	if (!virt)
		return 0;
	if (off % PAGE_SIZE || !pages || first >= pool->pages ||
	    pool->pages - first < pages)
		return -EINVAL;
	/* Check everything before changing anything. */
	for (n = 0; n < pages; n++)
		if (!page_busy(pool, first + n))
			return -EINVAL;

	mark_pages(pool, first, pages, false);
	pool->used -= pages;
	return 0;
}

uint64_t page_virt_to_phys(const struct page_pool *pool, const void *virt)
{
	uintptr_t off = (uintptr_t)virt - (uintptr_t)pool->base;

	if (off >= pool->pages * PAGE_SIZE)
		return PAGE_POOL_BAD_PHYS;
	return pool->base_phys + off;
}

void *page_phys_to_virt(const struct page_pool *pool, uint64_t phys)
{
	if (phys < pool->base_phys ||
	    phys - pool->base_phys >= pool->pages * PAGE_SIZE)
		return NULL;
	return pool->base + (phys - pool->base_phys);
}
