// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the page pool (hv/core/page_pool.c). The pool manages
 * heap memory given a made-up physical base that is not aligned beyond
 * 4 KiB, so alignment must follow physical, not virtual, addresses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <warden/errno.h>
#include <warden/layout.h>
#include <warden/page_pool.h>

/* Three pages above a 1 MiB boundary: physical alignment differs. */
#define PHYS_BASE 0x123403000ULL
#define POOL_PAGES 200

struct fixture {
	struct page_pool pool;
	uint8_t *mem;
	unsigned long bitmap[PAGE_POOL_BITMAP_LONGS(POOL_PAGES)];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->mem = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	assert_non_null(f->mem);
	/* allocations must come back zeroed whatever was there */
	memset(f->mem, 0xa5, POOL_PAGES * PAGE_SIZE);
	assert_int_equal(page_pool_init(&f->pool, f->mem, PHYS_BASE, POOL_PAGES,
					f->bitmap),
			 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->mem);
	free(f);
	return 0;
}

static uint64_t phys_of(struct fixture *f, void *p)
{
	return page_virt_to_phys(&f->pool, p);
}

static void test_init_errors(void **state)
{
	struct fixture *f = *state;
	struct page_pool pool;
	unsigned long bm[4];

	assert_int_equal(page_pool_init(&pool, f->mem + 8, PHYS_BASE, 4, bm),
			 -EINVAL);
	assert_int_equal(page_pool_init(&pool, f->mem, PHYS_BASE + 8, 4, bm),
			 -EINVAL);
	assert_int_equal(page_pool_init(&pool, f->mem, PHYS_BASE, 0, bm),
			 -EINVAL);
	/* physical end would wrap past 2^64 */
	assert_int_equal(
		page_pool_init(&pool, f->mem, 0xfffffffffffff000ULL, 2, bm),
		-EINVAL);
	/* a carved bitmap needs a page of its own, leaving nothing */
	assert_int_equal(page_pool_init(&pool, f->mem, PHYS_BASE, 1, NULL),
			 -EINVAL);
}

static void test_basic(void **state)
{
	struct fixture *f = *state;
	struct page_pool *pool = &f->pool;
	uint8_t *a, *b;
	int i;

	assert_int_equal(page_pool_size(pool), POOL_PAGES);
	assert_int_equal(page_pool_used(pool), 0);

	a = page_alloc(pool, 1, 0);
	assert_non_null(a);
	assert_ptr_equal(a, f->mem);
	assert_int_equal(page_pool_used(pool), 1);
	for (i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(a[i], 0);

	b = page_alloc(pool, 3, 1);
	assert_ptr_equal(b, f->mem + PAGE_SIZE);
	assert_int_equal(page_pool_used(pool), 4);
	for (i = 0; i < 3 * PAGE_SIZE; i++)
		assert_int_equal(b[i], 0);

	assert_int_equal(phys_of(f, a), PHYS_BASE);
	assert_int_equal(phys_of(f, b + 5), PHYS_BASE + PAGE_SIZE + 5);
	assert_ptr_equal(page_phys_to_virt(pool, PHYS_BASE + 0x2010),
			 b + 0x1010);
	/* translation covers the pool, allocated or not, and nothing else */
	assert_ptr_equal(
		page_phys_to_virt(pool, PHYS_BASE + POOL_PAGES * PAGE_SIZE - 1),
		f->mem + POOL_PAGES * PAGE_SIZE - 1);
	assert_null(
		page_phys_to_virt(pool, PHYS_BASE + POOL_PAGES * PAGE_SIZE));
	assert_null(page_phys_to_virt(pool, PHYS_BASE - 1));
	assert_null(page_phys_to_virt(pool, 0));
	assert_int_equal(phys_of(f, f->mem - 1), PAGE_POOL_BAD_PHYS);
	assert_int_equal(phys_of(f, f->mem + POOL_PAGES * PAGE_SIZE),
			 PAGE_POOL_BAD_PHYS);
	assert_int_equal(phys_of(f, &i), PAGE_POOL_BAD_PHYS);

	assert_int_equal(page_free(pool, a, 1), 0);
	assert_int_equal(page_pool_used(pool), 3);
	/* first fit: the hole is reused, and zeroed again */
	memset(a, 0x77, PAGE_SIZE);
	assert_ptr_equal(page_alloc(pool, 1, 0), a);
	assert_int_equal(a[100], 0);
	assert_int_equal(page_free(pool, b, 3), 0);
	assert_int_equal(page_free(pool, a, 1), 0);
	assert_int_equal(page_pool_used(pool), 0);
}

static void test_alignment(void **state)
{
	struct fixture *f = *state;
	struct page_pool *pool = &f->pool;
	unsigned int align;
	void *p;

	for (align = 1; align <= 64; align *= 2) {
		p = page_alloc(pool, 2, align);
		assert_non_null(p);
		assert_int_equal(phys_of(f, p) % (align * PAGE_SIZE), 0);
	}
	/* the 64-page aligned places left are busy or reach past the end */
	p = page_alloc(pool, 64, 64);
	assert_null(p);
	/* not a power of two */
	assert_null(page_alloc(pool, 1, 3));
	assert_null(page_alloc(pool, 0, 1));
}

static void test_exhaustion(void **state)
{
	struct fixture *f = *state;
	struct page_pool *pool = &f->pool;
	uint8_t *pages[POOL_PAGES];
	int i;

	for (i = 0; i < POOL_PAGES; i++) {
		pages[i] = page_alloc(pool, 1, 0);
		assert_ptr_equal(pages[i], f->mem + i * PAGE_SIZE);
	}
	assert_null(page_alloc(pool, 1, 0));
	assert_int_equal(page_pool_used(pool), POOL_PAGES);

	/* two free pages, not adjacent: no run of two */
	assert_int_equal(page_free(pool, pages[10], 1), 0);
	assert_int_equal(page_free(pool, pages[12], 1), 0);
	assert_null(page_alloc(pool, 2, 0));
	assert_int_equal(page_free(pool, pages[11], 1), 0);
	assert_ptr_equal(page_alloc(pool, 3, 0), pages[10]);
	assert_null(page_alloc(pool, 1, 0));

	/* the last page of the pool is reachable */
	assert_int_equal(page_free(pool, pages[POOL_PAGES - 1], 1), 0);
	assert_ptr_equal(page_alloc(pool, 1, 0), pages[POOL_PAGES - 1]);
	assert_int_equal(page_pool_used(pool), POOL_PAGES);
}

static void test_bad_free(void **state)
{
	struct fixture *f = *state;
	struct page_pool *pool = &f->pool;
	uint8_t *a, *b;
	long local;

	a = page_alloc(pool, 2, 0);
	b = page_alloc(pool, 1, 0);
	assert_int_equal(page_pool_used(pool), 3);

	/* foreign, misaligned, out of range, empty: rejected, nothing freed */
	assert_int_equal(page_free(pool, &local, 1), -EINVAL);
	assert_int_equal(page_free(pool, f->mem - PAGE_SIZE, 1), -EINVAL);
	assert_int_equal(page_free(pool, f->mem + POOL_PAGES * PAGE_SIZE, 1),
			 -EINVAL);
	assert_int_equal(
		page_free(pool, f->mem + (POOL_PAGES - 1) * PAGE_SIZE, 2),
		-EINVAL);
	assert_int_equal(page_free(pool, a + 8, 1), -EINVAL);
	assert_int_equal(page_free(pool, a, 0), -EINVAL);
	/* a range reaching into free pages frees none of it */
	assert_int_equal(page_free(pool, b, 2), -EINVAL);
	assert_int_equal(page_pool_used(pool), 3);

	assert_int_equal(page_free(pool, NULL, 1), 0);
	assert_int_equal(page_free(pool, a, 2), 0);
	/* double free */
	assert_int_equal(page_free(pool, a, 2), -EINVAL);
	assert_int_equal(page_free(pool, a + PAGE_SIZE, 1), -EINVAL);
	assert_int_equal(page_pool_used(pool), 1);
	assert_int_equal(page_free(pool, b, 1), 0);
	assert_int_equal(page_free(pool, b, 1), -EINVAL);
	assert_int_equal(page_pool_used(pool), 0);
}

static void test_carved_bitmap(void **state)
{
	struct fixture *f = *state;
	struct page_pool pool;
	unsigned long n;
	uint8_t *p;

	/* 200 pages need 4 longs of bitmap: one page carved off the front */
	assert_int_equal(
		page_pool_init(&pool, f->mem, PHYS_BASE, POOL_PAGES, NULL), 0);
	assert_int_equal(page_pool_size(&pool), POOL_PAGES - 1);
	assert_null(page_phys_to_virt(&pool, PHYS_BASE));
	for (n = 0; n < POOL_PAGES - 1; n++) {
		p = page_alloc(&pool, 1, 0);
		assert_ptr_equal(p, f->mem + (n + 1) * PAGE_SIZE);
		assert_int_equal(page_virt_to_phys(&pool, p),
				 PHYS_BASE + (n + 1) * PAGE_SIZE);
		/* scribbling over allocations must not disturb the bitmap */
		memset(p, 0xff, PAGE_SIZE);
	}
	assert_null(page_alloc(&pool, 1, 0));
	assert_int_equal(page_pool_used(&pool), POOL_PAGES - 1);
	assert_int_equal(page_free(&pool, f->mem + PAGE_SIZE, 1), 0);
	assert_int_equal(page_free(&pool, f->mem, 1), -EINVAL);
	assert_int_equal(page_pool_used(&pool), POOL_PAGES - 2);
}

static void test_carved_bitmap_large(void **state)
{
	/* 40000 pages: 625 longs, 5000 bytes, two pages of bitmap */
	enum { N = 40000 };
	uint8_t *mem = aligned_alloc(PAGE_SIZE, (size_t)N * PAGE_SIZE);
	struct page_pool pool;
	uint8_t *p;

	assert_non_null(mem);
	memset(mem, 0xff, 2 * PAGE_SIZE);
	assert_int_equal(page_pool_init(&pool, mem, 0x80000000, N, NULL), 0);
	assert_int_equal(page_pool_size(&pool), N - 2);
	p = page_alloc(&pool, N - 2, 0);
	assert_ptr_equal(p, mem + 2 * PAGE_SIZE);
	assert_null(page_alloc(&pool, 1, 0));
	assert_int_equal(page_free(&pool, p, N - 2), 0);
	assert_int_equal(page_pool_used(&pool), 0);
	free(mem);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	/* xorshift64: reproducible across hosts */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/*
 * Random allocations and frees checked against a shadow map of owners:
 * no overlap, alignment kept, contents intact, exact used count, and a
 * failed allocation only when no suitable free run exists at all.
 */
static void test_random(void **state)
{
	struct fixture *f = *state;
	struct page_pool *pool = &f->pool;
	struct {
		uint8_t *p;
		unsigned int pages;
	} live[POOL_PAGES] = { { 0 } };
	int owner[POOL_PAGES];
	unsigned long used = 0;
	unsigned int i, n, align, idx, slot, round;
	uint8_t *p;

	for (i = 0; i < POOL_PAGES; i++)
		owner[i] = -1;
	for (round = 0; round < 20000; round++) {
		slot = rnd() % POOL_PAGES;
		if (live[slot].p) {
			p = live[slot].p;
			idx = (p - f->mem) / PAGE_SIZE;
			for (i = 0; i < live[slot].pages * PAGE_SIZE; i++)
				assert_int_equal(p[i], (uint8_t)slot);
			assert_int_equal(page_free(pool, p, live[slot].pages),
					 0);
			for (i = 0; i < live[slot].pages; i++)
				owner[idx + i] = -1;
			used -= live[slot].pages;
			live[slot].p = NULL;
		} else {
			n = 1 + rnd() % 6;
			align = (unsigned int[]){ 0, 1, 2, 4, 8 }[rnd() % 5];
			p = page_alloc(pool, n, align);
			if (!p) {
				unsigned int a = align ? align : 1, s, k;

				/* brute force: no aligned free run of n */
				for (s = 0; s + n <= POOL_PAGES; s++) {
					if ((PHYS_BASE / PAGE_SIZE + s) % a)
						continue;
					for (k = 0; k < n && owner[s + k] < 0;
					     k++)
						;
					assert_true(k < n);
				}
				continue;
			}
			idx = (p - f->mem) / PAGE_SIZE;
			assert_true(idx + n <= POOL_PAGES);
			assert_int_equal(phys_of(f, p) % ((align ? align : 1) *
							  PAGE_SIZE),
					 0);
			for (i = 0; i < n; i++) {
				assert_int_equal(owner[idx + i], -1);
				owner[idx + i] = slot;
			}
			for (i = 0; i < n * PAGE_SIZE; i++)
				assert_int_equal(p[i], 0);
			memset(p, (uint8_t)slot, n * PAGE_SIZE);
			live[slot].p = p;
			live[slot].pages = n;
			used += n;
		}
		assert_int_equal(page_pool_used(pool), used);
	}
	for (slot = 0; slot < POOL_PAGES; slot++)
		if (live[slot].p)
			assert_int_equal(
				page_free(pool, live[slot].p, live[slot].pages),
				0);
	assert_int_equal(page_pool_used(pool), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alignment, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_exhaustion, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_free, setup, teardown),
		cmocka_unit_test_setup_teardown(test_carved_bitmap, setup,
						teardown),
		cmocka_unit_test(test_carved_bitmap_large),
		cmocka_unit_test_setup_teardown(test_random, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
