// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the page-table builder (hv/core/paging.c).
 *
 * Tables live in a page pool over heap memory with a made-up physical
 * base. The tests read the tables with their own walker, written from the
 * Intel SDM / AMD APM entry layouts, to check which page sizes were used
 * and the exact entry bits; paging_translate() is checked against a
 * reference model of per-4 KiB translations in the randomized tests.
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
#include <warden/paging.h>

#define POOL_PHYS 0x7654300000ULL
#define KB4 0x1000ULL
#define MB2 0x200000ULL
#define GB1 0x40000000ULL

#define RW (PAGE_READ | PAGE_WRITE)
#define RWX (PAGE_READ | PAGE_WRITE | PAGE_EXEC)
#define RX (PAGE_READ | PAGE_EXEC)

static struct page_pool pool;
static uint8_t *pool_mem;
static unsigned long pool_pages;

/* A pool of n pages; replaces the previous one. */
static void new_pool(unsigned long n)
{
	static unsigned long *bitmap;

	free(pool_mem);
	free(bitmap);
	pool_mem = aligned_alloc(PAGE_SIZE, n * PAGE_SIZE);
	bitmap = calloc(PAGE_POOL_BITMAP_LONGS(n), sizeof(long));
	assert_non_null(pool_mem);
	assert_non_null(bitmap);
	memset(pool_mem, 0xcc, n * PAGE_SIZE);
	assert_int_equal(page_pool_init(&pool, pool_mem, POOL_PHYS, n, bitmap),
			 0);
	pool_pages = n;
}

static int setup(void **state)
{
	new_pool(4096);
	return 0;
}

/* Present, from the formats' definitions (EPT: any of R/W/X). */
static int present(const struct paging *pg, uint64_t e)
{
	return pg->fmt == &paging_ept ? (e & 7) != 0 : (e & 1) != 0;
}

static uint64_t *next_table(uint64_t e)
{
	uint64_t *t = page_phys_to_virt(&pool, e & 0x000ffffffffff000ULL);

	assert_non_null(t);
	return t;
}

/*
 * The leaf entry mapping virt and its level (1: 4 KiB, 2: 2 MiB, 3: 1 GiB),
 * or level 0 if not mapped.
 */
static unsigned int leaf_of(const struct paging *pg, uint64_t virt,
			    uint64_t *entry)
{
	uint64_t *table = pg->root, e = 0;
	unsigned int level;

	for (level = 4; level >= 1; level--) {
		e = table[(virt >> (12 + 9 * (level - 1))) & 511];
		if (!present(pg, e))
			return 0;
		/* bit 7: 1 GiB / 2 MiB page in PDPTEs and PDEs, both formats */
		if (level == 1 || (level <= 3 && (e & 0x80)))
			break;
		/* PML4Es must have bit 7 clear */
		assert_true(level < 4 || !(e & 0x80));
		table = next_table(e);
	}
	if (entry)
		*entry = e;
	return level;
}

/*
 * Count the table pages reachable from the root, checking that none but
 * the root is empty (an empty one would hold pool pages for nothing).
 */
static unsigned long count_tables(const struct paging *pg, uint64_t *table,
				  unsigned int level)
{
	unsigned long n = 1;
	unsigned int i, entries = 0;

	for (i = 0; i < 512; i++) {
		uint64_t e = table[i];

		if (!present(pg, e))
			continue;
		entries++;
		if (level > 1 && !(e & 0x80))
			n += count_tables(pg, next_table(e), level - 1);
	}
	assert_true(entries > 0 || table == pg->root);
	return n;
}

static void check_tables_exact(const struct paging *pg, unsigned long others)
{
	assert_int_equal(count_tables(pg, pg->root, 4) + others,
			 page_pool_used(&pool));
}

static void expect_translation(const struct paging *pg, uint64_t virt,
			       uint64_t phys, unsigned int flags)
{
	uint64_t p = 0;
	unsigned int f = 0;

	assert_true(paging_translate(pg, virt, &p, &f));
	assert_int_equal(p, phys);
	assert_int_equal(f, flags);
}

static void expect_unmapped(const struct paging *pg, uint64_t virt)
{
	assert_false(paging_translate(pg, virt, NULL, NULL));
}

/* Exact entries for the hypervisor's format (SDM vol. 3A 4.5, APM 5.3). */
static void test_encoding_x86_64(void **state)
{
	struct paging pg;
	uint64_t e, root_e;

	assert_int_equal(paging_init(&pg, &paging_x86_64, &pool, 3), 0);

	/* 4 KiB, read/write, not executable: P | R/W | XD */
	assert_int_equal(paging_map(&pg, 0x1000, 0x5000, KB4, RW), 0);
	assert_int_equal(leaf_of(&pg, 0x1000, &e), 1);
	assert_int_equal(e, 0x8000000000005003ULL);
	/* non-leaf entries: P | R/W | U/S and the table's address */
	root_e = pg.root[0];
	assert_int_equal(root_e & 0xfff0000000000fffULL, 0x7);
	assert_int_equal((root_e & ~0xfffULL) - POOL_PHYS < pool_pages * KB4,
			 1);

	assert_int_equal(
		paging_map(&pg, 0x2000, 0x6000, KB4, PAGE_READ | PAGE_EXEC), 0);
	assert_int_equal(leaf_of(&pg, 0x2000, &e), 1);
	assert_int_equal(e, 0x6001);

	/* uncached: PCD (bit 4) | PWT (bit 3) */
	assert_int_equal(
		paging_map(&pg, 0x3000, 0xfee00000, KB4, RWX | PAGE_UC), 0);
	assert_int_equal(leaf_of(&pg, 0x3000, &e), 1);
	assert_int_equal(e, 0xfee0001b);

	assert_int_equal(paging_map(&pg, 0x4000, 0x7000, KB4, RW | PAGE_USER),
			 0);
	assert_int_equal(leaf_of(&pg, 0x4000, &e), 1);
	assert_int_equal(e, 0x8000000000007007ULL);
	expect_translation(&pg, 0x4abc, 0x7abc, RW | PAGE_USER);

	/* 2 MiB: PS (bit 7) in the PDE */
	assert_int_equal(paging_map(&pg, 0x200000, 0x40000000, MB2, RWX), 0);
	assert_int_equal(leaf_of(&pg, 0x200000, &e), 2);
	assert_int_equal(e, 0x40000083);

	/* 1 GiB: PS in the PDPTE */
	assert_int_equal(paging_map(&pg, GB1, 0x80000000, GB1, RWX | PAGE_UC),
			 0);
	assert_int_equal(leaf_of(&pg, GB1 + 0x12345, &e), 3);
	assert_int_equal(e, 0x8000009b);
	expect_translation(&pg, GB1 + 0x12345, 0x80012345, RWX | PAGE_UC);

	/* high physical address, up to bit 51 */
	assert_int_equal(paging_map(&pg, 0x5000, 0xffffffffff000ULL, KB4, RW),
			 0);
	assert_int_equal(leaf_of(&pg, 0x5000, &e), 1);
	assert_int_equal(e, 0x800ffffffffff003ULL);

	paging_destroy(&pg);
	assert_int_equal(page_pool_used(&pool), 0);
}

/* NPT: long-mode entries with U/S in every leaf, guest-physical input. */
static void test_encoding_npt(void **state)
{
	struct paging pg;
	uint64_t e;

	assert_int_equal(paging_init(&pg, &paging_npt, &pool, 3), 0);
	assert_int_equal(paging_map(&pg, 0x1000, 0x5000, KB4, RW), 0);
	assert_int_equal(leaf_of(&pg, 0x1000, &e), 1);
	assert_int_equal(e, 0x8000000000005007ULL);
	assert_int_equal(
		paging_map(&pg, 0x200000, 0x200000, MB2, RWX | PAGE_UC), 0);
	assert_int_equal(leaf_of(&pg, 0x200000, &e), 2);
	assert_int_equal(e, 0x20009f);
	assert_int_equal(pg.root[0] & 0xfff, 0x7);
	expect_translation(&pg, 0x1234, 0x5234, RW);
	/* PAGE_USER is implied, not a choice */
	assert_int_equal(paging_map(&pg, 0, 0, KB4, RW | PAGE_USER), -EINVAL);
	paging_destroy(&pg);
	assert_int_equal(page_pool_used(&pool), 0);
}

/* EPT (SDM vol. 3C, "EPT Translation Mechanism"). */
static void test_encoding_ept(void **state)
{
	struct paging pg;
	uint64_t e;

	assert_int_equal(paging_init(&pg, &paging_ept, &pool, 3), 0);

	/* R | W, memory type 6 (WB) in bits 5:3 */
	assert_int_equal(paging_map(&pg, 0x1000, 0x5000, KB4, RW), 0);
	assert_int_equal(leaf_of(&pg, 0x1000, &e), 1);
	assert_int_equal(e, 0x5033);
	/* non-leaf: R | W | X and the address */
	assert_int_equal(pg.root[0] & 0xfff0000000000fffULL, 0x7);

	assert_int_equal(paging_map(&pg, 0x2000, 0x6000, KB4, RWX), 0);
	assert_int_equal(leaf_of(&pg, 0x2000, &e), 1);
	assert_int_equal(e, 0x6037);

	/* UC: memory type 0, ignore-PAT clear */
	assert_int_equal(paging_map(&pg, 0x3000, 0xfed00000, KB4, RW | PAGE_UC),
			 0);
	assert_int_equal(leaf_of(&pg, 0x3000, &e), 1);
	assert_int_equal(e, 0xfed00003);
	expect_translation(&pg, 0x3008, 0xfed00008, RW | PAGE_UC);

	/* read-only executable */
	assert_int_equal(
		paging_map(&pg, 0x4000, 0x9000, KB4, PAGE_READ | PAGE_EXEC), 0);
	assert_int_equal(leaf_of(&pg, 0x4000, &e), 1);
	assert_int_equal(e, 0x9035);

	/* 2 MiB: bit 7 in the PDE */
	assert_int_equal(paging_map(&pg, 0x200000, 0x40000000, MB2, RWX), 0);
	assert_int_equal(leaf_of(&pg, 0x200000, &e), 2);
	assert_int_equal(e, 0x400000b7);

	/* 1 GiB: bit 7 in the PDPTE */
	assert_int_equal(
		paging_map(&pg, GB1, 0x80000000, GB1, PAGE_READ | PAGE_UC), 0);
	assert_int_equal(leaf_of(&pg, GB1, &e), 3);
	assert_int_equal(e, 0x80000081);
	expect_translation(&pg, GB1 + 0x3fffffff, 0xbfffffff,
			   PAGE_READ | PAGE_UC);

	/* no user pages in EPT */
	assert_int_equal(paging_map(&pg, 0, 0, KB4, RW | PAGE_USER), -EINVAL);
	paging_destroy(&pg);
	assert_int_equal(page_pool_used(&pool), 0);
}

/* Largest pages that alignment, size and max_level allow. */
static void test_page_size_choice(void **state)
{
	const uint64_t v = 4 * GB1;
	struct paging pg;

	/* 1 GiB, 2 MiB and 4 KiB pieces of one range */
	assert_int_equal(paging_init(&pg, &paging_x86_64, &pool, 3), 0);
	assert_int_equal(paging_map(&pg, v - KB4, 0x100000000ULL - KB4,
				    KB4 + 2 * GB1 + MB2 + 2 * KB4, RW),
			 0);
	assert_int_equal(leaf_of(&pg, v - KB4, NULL), 1);
	assert_int_equal(leaf_of(&pg, v, NULL), 3);
	assert_int_equal(leaf_of(&pg, v + GB1, NULL), 3);
	assert_int_equal(leaf_of(&pg, v + 2 * GB1, NULL), 2);
	assert_int_equal(leaf_of(&pg, v + 2 * GB1 + MB2, NULL), 1);
	assert_int_equal(leaf_of(&pg, v + 2 * GB1 + MB2 + KB4, NULL), 1);
	assert_int_equal(leaf_of(&pg, v + 2 * GB1 + MB2 + 2 * KB4, NULL), 0);
	expect_translation(&pg, v + GB1 + 0x1234, 0x140001234ULL, RW);
	/* root, one PDPT, and a PD and a PT at either end */
	assert_int_equal(page_pool_used(&pool), 1 + 1 + 2 + 2);
	check_tables_exact(&pg, 0);
	paging_destroy(&pg);

	/* physical only 2 MiB aligned: 2 MiB pages */
	assert_int_equal(paging_init(&pg, &paging_x86_64, &pool, 3), 0);
	assert_int_equal(paging_map(&pg, v, 0x40200000, GB1, RW), 0);
	assert_int_equal(leaf_of(&pg, v, NULL), 2);
	assert_int_equal(leaf_of(&pg, v + GB1 - MB2, NULL), 2);
	assert_int_equal(page_pool_used(&pool), 3);
	/* physical only 4 KiB aligned: 4 KiB pages */
	assert_int_equal(paging_map(&pg, v, 0x40201000, MB2, RW), 0);
	assert_int_equal(leaf_of(&pg, v, NULL), 1);
	assert_int_equal(page_pool_used(&pool), 4);
	expect_translation(&pg, v + 0x1ff000, 0x40400000, RW);
	paging_destroy(&pg);

	/* max_level 2 (no 1 GiB pages on this CPU) */
	assert_int_equal(paging_init(&pg, &paging_ept, &pool, 2), 0);
	assert_int_equal(paging_map(&pg, v, 0, GB1, RW), 0);
	assert_int_equal(leaf_of(&pg, v, NULL), 2);
	assert_int_equal(page_pool_used(&pool), 3);
	paging_destroy(&pg);

	/* 4 KiB only, by table and by request */
	assert_int_equal(paging_init(&pg, &paging_ept, &pool, 1), 0);
	assert_int_equal(paging_map(&pg, 0, 0, 2 * MB2, RW), 0);
	assert_int_equal(leaf_of(&pg, MB2, NULL), 1);
	assert_int_equal(page_pool_used(&pool), 5);
	paging_destroy(&pg);
	assert_int_equal(paging_init(&pg, &paging_ept, &pool, 3), 0);
	assert_int_equal(paging_map(&pg, 0, 0, GB1, RW | PAGING_NO_HUGE), 0);
	assert_int_equal(leaf_of(&pg, GB1 - KB4, NULL), 1);
	expect_translation(&pg, GB1 - 1, GB1 - 1, RW);
	assert_int_equal(page_pool_used(&pool), 3 + 512);
	check_tables_exact(&pg, 0);
	/* remapping the whole range with large pages frees the small ones */
	assert_int_equal(paging_map(&pg, 0, 0, GB1, RW), 0);
	assert_int_equal(leaf_of(&pg, 0, NULL), 3);
	assert_int_equal(page_pool_used(&pool), 2);
	paging_destroy(&pg);
	assert_int_equal(page_pool_used(&pool), 0);
}

static void test_split_2m(void **state)
{
	const uint64_t v = 0x7fc00000, p = 0x10000000;
	struct paging pg;
	uint64_t off;

	assert_int_equal(paging_init(&pg, &paging_x86_64, &pool, 3), 0);
	assert_int_equal(paging_map(&pg, v, p, 2 * MB2, RWX), 0);
	assert_int_equal(page_pool_used(&pool), 3);
	assert_int_equal(leaf_of(&pg, v, NULL), 2);

	/* punch a hole: the first 2 MiB page becomes 511 small ones */
	assert_int_equal(paging_unmap(&pg, v + 0x5000, KB4), 0);
	assert_int_equal(page_pool_used(&pool), 4);
	assert_int_equal(leaf_of(&pg, v, NULL), 1);
	assert_int_equal(leaf_of(&pg, v + MB2, NULL), 2);
	for (off = 0; off < 2 * MB2; off += KB4) {
		if (off == 0x5000)
			expect_unmapped(&pg, v + off);
		else
			expect_translation(&pg, v + off + 0x10, p + off + 0x10,
					   RWX);
	}

	/* a range across both pages, now split and not */
	assert_int_equal(paging_unmap(&pg, v + MB2 - 0x3000, 0x6000), 0);
	assert_int_equal(page_pool_used(&pool), 5);
	expect_translation(&pg, v + MB2 - 0x4000, p + MB2 - 0x4000, RWX);
	expect_unmapped(&pg, v + MB2 - 0x3000);
	expect_unmapped(&pg, v + MB2 + 0x2000);
	expect_translation(&pg, v + MB2 + 0x3000, p + MB2 + 0x3000, RWX);
	check_tables_exact(&pg, 0);

	/* unmapping the rest frees every table but the root */
	assert_int_equal(paging_unmap(&pg, v, 2 * MB2), 0);
	assert_int_equal(page_pool_used(&pool), 1);
	assert_int_equal(pg.root[0], 0);
	paging_destroy(&pg);
	assert_int_equal(page_pool_used(&pool), 0);
}

static void test_split_1g(void **state)
{
	const uint64_t v = 0xffffffff80000000ULL, p = 0x3c0000000ULL;
	const uint64_t hole = 0x12345000;
	struct paging pg;
	uint64_t off;

	/* the hypervisor's own top of address space, ending at 2^64 */
	assert_int_equal(paging_init(&pg, &paging_x86_64, &pool, 3), 0);
	assert_int_equal(paging_map(&pg, v, p, 2 * GB1, RW), 0);
	assert_int_equal(page_pool_used(&pool), 2);
	assert_int_equal(leaf_of(&pg, ~0ULL, NULL), 3);
	expect_translation(&pg, ~0ULL, p + 2 * GB1 - 1, RW);

	assert_int_equal(paging_unmap(&pg, v + hole, KB4), 0);
	/* 1 GiB -> 2 MiB pages -> 4 KiB pages around the hole */
	assert_int_equal(page_pool_used(&pool), 4);
	assert_int_equal(leaf_of(&pg, v, NULL), 2);
	assert_int_equal(leaf_of(&pg, v + hole - KB4, NULL), 1);
	assert_int_equal(leaf_of(&pg, v + GB1, NULL), 3);
	for (off = 0; off < GB1; off += KB4) {
		if (off == hole)
			expect_unmapped(&pg, v + off);
		else
			expect_translation(&pg, v + off, p + off, RW);
	}

	/* put it back, with other flags */
	assert_int_equal(paging_map(&pg, v + hole, p + hole, KB4, PAGE_READ),
			 0);
	expect_translation(&pg, v + hole + 0xfff, p + hole + 0xfff, PAGE_READ);
	expect_translation(&pg, v + hole + KB4, p + hole + KB4, RW);
	assert_int_equal(page_pool_used(&pool), 4);

	/* a 2 MiB page of the split region, remapped: its table is freed */
	assert_int_equal(paging_map(&pg, v + (hole & ~(MB2 - 1)), 0, MB2, RW),
			 0);
	assert_int_equal(page_pool_used(&pool), 3);
	check_tables_exact(&pg, 0);

	assert_int_equal(paging_unmap(&pg, v, 2 * GB1), 0);
	assert_int_equal(page_pool_used(&pool), 1);
	paging_destroy(&pg);
	assert_int_equal(page_pool_used(&pool), 0);
}

static void test_remap(void **state)
{
	struct paging pg;
	uint64_t e;

	assert_int_equal(paging_init(&pg, &paging_ept, &pool, 3), 0);
	assert_int_equal(paging_map(&pg, 0, MB2, MB2, RWX), 0);
	expect_translation(&pg, 0x1000, MB2 + 0x1000, RWX);
	/* same range, new flags and cache type */
	assert_int_equal(paging_map(&pg, 0, MB2, MB2, PAGE_READ | PAGE_UC), 0);
	assert_int_equal(leaf_of(&pg, 0, &e), 2);
	assert_int_equal(e, MB2 | 0x81);
	expect_translation(&pg, 0x1000, MB2 + 0x1000, PAGE_READ | PAGE_UC);
	/* new target for one page inside: split, neighbours unchanged */
	assert_int_equal(paging_map(&pg, 0x3000, 0x7777000, KB4, RW), 0);
	expect_translation(&pg, 0x3000, 0x7777000, RW);
	expect_translation(&pg, 0x2000, MB2 + 0x2000, PAGE_READ | PAGE_UC);
	expect_translation(&pg, 0x4000, MB2 + 0x4000, PAGE_READ | PAGE_UC);
	assert_int_equal(page_pool_used(&pool), 4);
	/* and back to one large page */
	assert_int_equal(paging_map(&pg, 0, 4 * MB2, MB2, RW), 0);
	assert_int_equal(leaf_of(&pg, 0x3000, NULL), 2);
	expect_translation(&pg, 0x3000, 4 * MB2 + 0x3000, RW);
	assert_int_equal(page_pool_used(&pool), 3);
	paging_destroy(&pg);
	assert_int_equal(page_pool_used(&pool), 0);
}

static void test_invalid(void **state)
{
	struct paging pg, ept;

	assert_int_equal(paging_init(&pg, &paging_x86_64, &pool, 0), -EINVAL);
	assert_int_equal(paging_init(&pg, &paging_x86_64, &pool, 4), -EINVAL);
	assert_int_equal(page_pool_used(&pool), 0);
	assert_int_equal(paging_init(&pg, &paging_x86_64, &pool, 3), 0);
	assert_int_equal(paging_init(&ept, &paging_ept, &pool, 3), 0);

	/* unaligned, empty, wrapping */
	assert_int_equal(paging_map(&pg, 0x1001, 0, KB4, RW), -EINVAL);
	assert_int_equal(paging_map(&pg, 0x1000, 0x10, KB4, RW), -EINVAL);
	assert_int_equal(paging_map(&pg, 0x1000, 0, 0x800, RW), -EINVAL);
	assert_int_equal(paging_map(&pg, 0x1000, 0, 0, RW), -EINVAL);
	assert_int_equal(paging_map(&pg, ~0xfffULL, 0, 2 * KB4, RW), -EINVAL);
	assert_int_equal(paging_map(&pg, 0, ~0xfffULL, 2 * KB4, RW), -EINVAL);
	/* physical beyond 52 bits */
	assert_int_equal(paging_map(&pg, 0, 1ULL << 52, KB4, RW), -EINVAL);
	assert_int_equal(paging_map(&pg, 0, (1ULL << 52) - KB4, 2 * KB4, RW),
			 -EINVAL);
	/* non-canonical, or crossing the hole */
	assert_int_equal(paging_map(&pg, 1ULL << 47, 0, KB4, RW), -EINVAL);
	assert_int_equal(paging_map(&pg, 0xfff0000000000000ULL, 0, KB4, RW),
			 -EINVAL);
	assert_int_equal(paging_map(&pg, (1ULL << 47) - KB4, 0, 2 * KB4, RW),
			 -EINVAL);
	assert_int_equal(paging_map(&pg, 0, 0, 1ULL << 63, RW), -EINVAL);
	/* flags: not readable, unknown */
	assert_int_equal(paging_map(&pg, 0, 0, KB4, PAGE_WRITE), -EINVAL);
	assert_int_equal(paging_map(&pg, 0, 0, KB4, RW | 0x80000), -EINVAL);
	/* guest-physical: below 2^48, no sign extension */
	assert_int_equal(paging_map(&ept, 0xffff800000000000ULL, 0, KB4, RW),
			 -EINVAL);
	assert_int_equal(paging_map(&ept, (1ULL << 48) - KB4, 0, 2 * KB4, RW),
			 -EINVAL);
	assert_int_equal(paging_map(&ept, (1ULL << 48) - KB4, 0, KB4, RW), 0);
	assert_int_equal(paging_map(&ept, 1ULL << 47, 0, KB4, RW), 0);
	expect_translation(&ept, (1ULL << 48) - 1, KB4 - 1, RW);
	expect_unmapped(&ept, 1ULL << 48);
	expect_unmapped(&ept, ~0ULL);

	assert_int_equal(paging_unmap(&pg, 0x1001, KB4), -EINVAL);
	assert_int_equal(paging_unmap(&pg, 0x1000, 0), -EINVAL);
	assert_int_equal(paging_unmap(&pg, 0x1000, 0x1800), -EINVAL);
	assert_int_equal(paging_unmap(&pg, 1ULL << 47, KB4), -EINVAL);
	assert_int_equal(paging_unmap(&pg, ~0xfffULL, 2 * KB4), -EINVAL);
	assert_int_equal(paging_unmap(&ept, 1ULL << 48, KB4), -EINVAL);
	/* unmapping what is not mapped is fine */
	assert_int_equal(paging_unmap(&pg, 0x1000, GB1), 0);

	expect_unmapped(&pg, 1ULL << 47);
	expect_unmapped(&pg, 0);
	/* nothing allocated by any of this */
	assert_int_equal(page_pool_used(&pool), 1 + 1 + 3 + 3);
	paging_destroy(&pg);
	paging_destroy(&ept);
	assert_int_equal(page_pool_used(&pool), 0);
}

static unsigned long filler_pages;

/* Allocate all but n pages of the pool, as someone else might have. */
static void *fill_pool(unsigned long n)
{
	void *p = NULL;

	filler_pages = pool_pages - page_pool_used(&pool) - n;
	if (filler_pages) {
		p = page_alloc(&pool, filler_pages, 0);
		assert_non_null(p);
	}
	return p;
}

static void unfill_pool(void *filler)
{
	if (filler)
		assert_int_equal(page_free(&pool, filler, filler_pages), 0);
	filler_pages = 0;
}

/*
 * A map needing four table pages (split a 1 GiB and a 2 MiB page, a new
 * PD and PT) tried with 0, 1, 2... free pages: each failure must leave
 * every translation as it was, keep only the (equivalent) split pages and
 * leak nothing.
 */
static void test_enomem_map(void **state)
{
	const uint64_t v = GB1 - 2 * KB4;
	unsigned long n, before;
	struct paging pg;
	uint64_t off;
	void *filler;
	int err;

	for (n = 0;; n++) {
		assert_int_equal(paging_init(&pg, &paging_x86_64, &pool, 3), 0);
		assert_int_equal(paging_map(&pg, 0, 0, GB1, RW), 0);
		before = page_pool_used(&pool);
		filler = fill_pool(n);
		err = paging_map(&pg, v, 0x55550000, 4 * KB4, RWX);
		if (err) {
			assert_int_equal(err, -ENOMEM);
			assert_int_equal(page_pool_used(&pool),
					 before + filler_pages +
						 (n < 2 ? n : 2));
			check_tables_exact(&pg, filler_pages);
			for (off = 0; off < GB1; off += MB2)
				expect_translation(&pg, off + 0x42, off + 0x42,
						   RW);
			for (off = GB1 - MB2; off < GB1; off += KB4)
				expect_translation(&pg, off, off, RW);
			expect_unmapped(&pg, GB1);
			expect_unmapped(&pg, GB1 + KB4);
		} else {
			assert_int_equal(page_pool_used(&pool),
					 before + filler_pages + 4);
			expect_translation(&pg, v - KB4, v - KB4, RW);
			expect_translation(&pg, v, 0x55550000, RWX);
			expect_translation(&pg, GB1 + KB4, 0x55553000, RWX);
			expect_unmapped(&pg, GB1 + 2 * KB4);
		}
		unfill_pool(filler);
		paging_destroy(&pg);
		assert_int_equal(page_pool_used(&pool), 0);
		if (!err)
			break;
	}
	assert_int_equal(n, 4);
}

/* Unmapping inside a 1 GiB page needs two pages to split it. */
static void test_enomem_unmap(void **state)
{
	struct paging pg;
	void *filler;

	assert_int_equal(paging_init(&pg, &paging_ept, &pool, 3), 0);
	assert_int_equal(paging_map(&pg, 0, GB1, GB1, RW), 0);
	filler = fill_pool(1);
	assert_int_equal(paging_unmap(&pg, MB2 + KB4, KB4), -ENOMEM);
	expect_translation(&pg, MB2 + KB4, GB1 + MB2 + KB4, RW);
	expect_translation(&pg, 0, GB1, RW);
	/* the 1 GiB page was split into 2 MiB ones, nothing else */
	assert_int_equal(leaf_of(&pg, 0, NULL), 2);
	check_tables_exact(&pg, filler_pages);
	unfill_pool(filler);

	assert_int_equal(paging_unmap(&pg, MB2 + KB4, KB4), 0);
	expect_unmapped(&pg, MB2 + KB4);
	expect_translation(&pg, MB2, GB1 + MB2, RW);
	expect_translation(&pg, MB2 + 2 * KB4, GB1 + MB2 + 2 * KB4, RW);
	assert_int_equal(page_pool_used(&pool), 4);
	assert_int_equal(paging_unmap(&pg, 0, GB1), 0);
	assert_int_equal(page_pool_used(&pool), 1);
	paging_destroy(&pg);
	assert_int_equal(page_pool_used(&pool), 0);
}

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
	/* xorshift64: reproducible across hosts */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/*
 * Reference model: per 4 KiB page of [base, base + pages * 4K), the
 * physical address it maps to (or NO_MAPPING) and its flags.
 */
#define NO_MAPPING (~0ULL)

struct model {
	uint64_t base;
	unsigned long pages;
	uint64_t *phys;
	unsigned int *flags;
};

static void model_init(struct model *m, uint64_t base, unsigned long pages)
{
	unsigned long i;

	m->base = base;
	m->pages = pages;
	m->phys = malloc(pages * sizeof(*m->phys));
	m->flags = calloc(pages, sizeof(*m->flags));
	assert_non_null(m->phys);
	assert_non_null(m->flags);
	for (i = 0; i < pages; i++)
		m->phys[i] = NO_MAPPING;
}

static void model_free(struct model *m)
{
	free(m->phys);
	free(m->flags);
}

static void model_set(struct model *m, uint64_t virt, uint64_t phys,
		      uint64_t size, unsigned int flags)
{
	unsigned long i, first = (virt - m->base) / KB4;

	for (i = 0; i < size / KB4; i++) {
		m->phys[first + i] = phys == NO_MAPPING ? phys : phys + i * KB4;
		m->flags[first + i] = flags;
	}
}

static void model_check_page(const struct model *m, const struct paging *pg,
			     unsigned long i)
{
	uint64_t virt = m->base + i * KB4, off = (i * 0x123) & 0xfff;

	if (m->phys[i] == NO_MAPPING)
		expect_unmapped(pg, virt + off);
	else
		expect_translation(pg, virt + off, m->phys[i] + off,
				   m->flags[i]);
}

static void model_check_all(const struct model *m, const struct paging *pg)
{
	unsigned long i;

	for (i = 0; i < m->pages; i++)
		model_check_page(m, pg, i);
	/* nothing outside the modelled range */
	expect_unmapped(pg, m->base - KB4);
	expect_unmapped(pg, m->base + m->pages * KB4);
}

/* A random range of the model, aligned to 4 KiB, 2 MiB or 1 GiB. */
static void random_range(const struct model *m, uint64_t *virt, uint64_t *size,
			 uint64_t *align)
{
	static const uint64_t aligns[] = { KB4, KB4, KB4, MB2, MB2, GB1 };
	uint64_t a = aligns[rnd() % 6], units = m->pages * KB4 / a;
	uint64_t first = rnd() % units, n = 1 + rnd() % (a == GB1 ? 2 : 8);

	if (a == KB4 && rnd() % 2)
		n = 1 + rnd() % 2048;
	if (first + n > units)
		n = units - first;
	*virt = m->base + first * a;
	*size = n * a;
	*align = a;
}

/*
 * Random map/unmap operations on table pg, compared with the model after
 * each. With a tight pool, operations may fail with -ENOMEM and must then
 * leave every translation as it was. Returns how many failed.
 */
static unsigned int random_ops(struct paging *pg, struct model *m,
			       unsigned int ops, bool may_fail)
{
	/* the last one only where the format has user pages */
	static const unsigned int flag_sets[] = {
		PAGE_READ, RW, RWX, RX, RW | PAGE_UC, RWX | PAGE_USER
	};
	unsigned int op, failed = 0, nsets = pg->fmt->user ? 6 : 5;
	uint64_t virt, size, align, phys, i;

	for (op = 0; op < ops; op++) {
		unsigned int flags = flag_sets[rnd() % nsets];
		int err;

		random_range(m, &virt, &size, &align);
		if (rnd() % 3) {
			/* mostly as aligned as virt, sometimes less */
			phys = (rnd() % 64) * GB1 + (rnd() % 512) * MB2;
			phys &= ~(align - 1);
			if (rnd() % 4 == 0)
				phys += (rnd() % 512) * KB4;
			if (rnd() % 8 == 0)
				flags |= PAGING_NO_HUGE;
			err = paging_map(pg, virt, phys, size, flags);
			if (!err)
				model_set(m, virt, phys, size,
					  flags & ~PAGING_NO_HUGE);
		} else {
			err = paging_unmap(pg, virt, size);
			if (!err)
				model_set(m, virt, NO_MAPPING, size, 0);
		}
		if (err) {
			assert_int_equal(err, -ENOMEM);
			assert_true(may_fail);
			failed++;
		}
		/* the range's edges, a few random pages, now and then all */
		i = (virt - m->base) / KB4;
		model_check_page(m, pg, i);
		model_check_page(m, pg, i + size / KB4 - 1);
		if (i > 0)
			model_check_page(m, pg, i - 1);
		if (i + size / KB4 < m->pages)
			model_check_page(m, pg, i + size / KB4);
		for (i = 0; i < 32; i++)
			model_check_page(m, pg, rnd() % m->pages);
		if (op % 50 == 49)
			model_check_all(m, pg);
		if (op % 10 == 9)
			check_tables_exact(pg, 0);
	}
	model_check_all(m, pg);
	return failed;
}

static void random_run(const struct paging_format *fmt, unsigned int max_level,
		       uint64_t base, unsigned int ops)
{
	struct paging pg;
	struct model m;

	/* 2 GiB of address space, 1 GiB aligned, two 1 GiB slots */
	model_init(&m, base, 2 * GB1 / KB4);
	assert_int_equal(page_pool_used(&pool), 0);
	assert_int_equal(paging_init(&pg, fmt, &pool, max_level), 0);
	random_ops(&pg, &m, ops, false);
	check_tables_exact(&pg, 0);
	/* unmapping everything leaves the root alone */
	assert_int_equal(paging_unmap(&pg, base, 2 * GB1), 0);
	assert_int_equal(page_pool_used(&pool), 1);
	model_set(&m, base, NO_MAPPING, 2 * GB1, 0);
	random_ops(&pg, &m, ops / 4, false);
	check_tables_exact(&pg, 0);
	/* destroy with mappings in place frees everything */
	paging_destroy(&pg);
	assert_int_equal(page_pool_used(&pool), 0);
	model_free(&m);
}

static void test_random_x86_64(void **state)
{
	/* across the boundary of two PML4 entries */
	random_run(&paging_x86_64, 3, 0x7fc0000000ULL, 600);
}

static void test_random_top(void **state)
{
	/* the top of the canonical upper half, where the hypervisor lives */
	random_run(&paging_x86_64, 3, 0xffffffff80000000ULL, 300);
}

static void test_random_ept(void **state)
{
	random_run(&paging_ept, 3, 0, 300);
}

static void test_random_npt_2m(void **state)
{
	random_run(&paging_npt, 2, (1ULL << 48) - 2 * GB1, 300);
}

/* A pool far too small: many operations fail, none may corrupt. */
static void test_random_tight_pool(void **state)
{
	struct paging pg;
	struct model m;
	unsigned int failed;

	new_pool(40);
	model_init(&m, 0, 2 * GB1 / KB4);
	assert_int_equal(paging_init(&pg, &paging_x86_64, &pool, 3), 0);
	failed = random_ops(&pg, &m, 600, true);
	assert_true(failed > 20 && failed < 580);
	check_tables_exact(&pg, 0);
	assert_int_equal(paging_unmap(&pg, 0, 2 * GB1), 0);
	assert_int_equal(page_pool_used(&pool), 1);
	paging_destroy(&pg);
	assert_int_equal(page_pool_used(&pool), 0);
	model_free(&m);
}

static int teardown(void **state)
{
	assert_int_equal(page_pool_used(&pool), 0);
	return 0;
}

int main(void)
{
#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		TEST(test_encoding_x86_64),
		TEST(test_encoding_npt),
		TEST(test_encoding_ept),
		TEST(test_page_size_choice),
		TEST(test_split_2m),
		TEST(test_split_1g),
		TEST(test_remap),
		TEST(test_invalid),
		TEST(test_enomem_map),
		TEST(test_enomem_unmap),
		TEST(test_random_x86_64),
		TEST(test_random_top),
		TEST(test_random_ept),
		TEST(test_random_npt_2m),
		TEST(test_random_tight_pool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
