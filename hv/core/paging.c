// SPDX-License-Identifier: GPL-2.0
/*
 * Page-table builder for the formats in warden/paging.h.
 *
 * Changes are made in two passes over the range: a first pass allocates
 * every table page the change needs (new tables, splits of large pages
 * into equivalent smaller ones) without altering any translation, then a
 * second pass writes the entries, which needs no memory and cannot fail.
 * So running out of pool pages never leaves half a mapping behind.
 *
 * Levels count from the bottom: 1 is the page table (4 KiB entries), 4
 * the PML4 (512 GiB entries, never a leaf).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <warden/errno.h>
#include <warden/layout.h>
#include <warden/page_pool.h>
#include <warden/paging.h>

#define ENTRIES 512
#define TOP_LEVEL 4
/* PS in long mode, "maps a page" in EPT: bit 7 of a PDPTE/PDE in both */
#define PTE_LARGE (1ULL << 7)
/* frame address: bits 51:12 in both formats */
#define PTE_ADDR 0x000ffffffffff000ULL
/* 4-level tables translate 48 address bits */
#define ADDR_LIMIT (1ULL << 48)
/* architectural maximum physical address width */
#define PHYS_LIMIT (1ULL << 52)

const struct paging_format paging_x86_64 = {
	.present = 1 << 0, /* P */
	.table = 0x7, /* P | R/W | U/S: leaves alone decide */
	.read = 1 << 0,
	.write = 1 << 1,
	.user = 1 << 2,
	.noexec = 1ULL << 63, /* XD */
	/* PCD | PWT select PAT entry 3, UC unless someone reprograms PAT */
	.cache_mask = 0x18,
	.cache_uc = 0x18,
	.canonical = true,
};

const struct paging_format paging_npt = {
	.present = 1 << 0,
	.table = 0x7,
	.read = 1 << 0,
	.write = 1 << 1,
	.noexec = 1ULL << 63,
	.leaf = 1 << 2,
	.cache_mask = 0x18,
	.cache_uc = 0x18,
};

/*
 * EPT: bits 2:0 read/write/execute, 5:3 memory type (0 UC, 6 WB). The
 * ignore-PAT bit stays clear: with WB the guest's PAT still applies (its
 * own business), with UC the result is UC or, if the guest asks, WC,
 * which frame buffers want.
 */
const struct paging_format paging_ept = {
	.present = 0x7,
	.table = 0x7,
	.read = 1 << 0,
	.write = 1 << 1,
	.exec = 1 << 2,
	.cache_mask = 0x38,
	.cache_wb = 6 << 3,
	.cache_uc = 0 << 3,
};

enum walk_op {
	/* allocate the tables OP_MAP will need, splitting large pages */
	OP_MAP_PREPARE,
	OP_MAP,
	/* split the large pages reaching out of the range */
	OP_UNMAP_PREPARE,
	OP_UNMAP,
	/* free the tables a failed OP_MAP_PREPARE allocated in vain */
	OP_PRUNE,
};

struct walk {
	struct paging *pg;
	enum walk_op op;
	/* the range's start and the physical address it maps to */
	uint64_t virt, phys;
	unsigned int flags;
	/* largest leaf level this mapping may use */
	unsigned int max_level;
};

static unsigned int level_shift(unsigned int level)
{
	return 12 + 9 * (level - 1);
}

static uint64_t level_span(unsigned int level)
{
	return 1ULL << level_shift(level);
}

static bool is_present(const struct paging_format *fmt, uint64_t e)
{
	return e & fmt->present;
}

static bool is_table(const struct paging_format *fmt, uint64_t e,
		     unsigned int level)
{
	return level > 1 && is_present(fmt, e) && !(e & PTE_LARGE);
}

static uint64_t *table_at(const struct paging *pg, uint64_t e)
{
	return page_phys_to_virt(pg->pool, e & PTE_ADDR);
}

static uint64_t make_leaf(const struct paging_format *fmt, unsigned int level,
			  uint64_t phys, unsigned int flags)
{
	uint64_t e = phys | fmt->leaf | fmt->read;

	if (flags & PAGE_WRITE)
		e |= fmt->write;
	e |= flags & PAGE_EXEC ? fmt->exec : fmt->noexec;
	if (flags & PAGE_USER)
		e |= fmt->user;
	e |= flags & PAGE_UC ? fmt->cache_uc : fmt->cache_wb;
	if (level > 1)
		e |= PTE_LARGE;
	return e;
}

static uint64_t leaf_phys(uint64_t e, unsigned int level)
{
	/* in large pages bit 12 is PAT, not address */
	return e & PTE_ADDR & ~(level_span(level) - 1);
}

static unsigned int leaf_flags(const struct paging_format *fmt, uint64_t e)
{
	unsigned int flags = 0;

	if (e & fmt->read)
		flags |= PAGE_READ;
	if (e & fmt->write)
		flags |= PAGE_WRITE;
	if (fmt->exec ? e & fmt->exec : !(e & fmt->noexec))
		flags |= PAGE_EXEC;
	if (e & fmt->user)
		flags |= PAGE_USER;
	if ((e & fmt->cache_mask) == fmt->cache_uc)
		flags |= PAGE_UC;
	return flags;
}

/*
 * One aligned 64-bit store: the CPU may be walking a live table (the
 * hypervisor's own) and must see the old or the new entry, and a new
 * table's contents before the entry pointing to it.
 */
static void set_entry(uint64_t *pte, uint64_t e)
{
	__atomic_store_n(pte, e, __ATOMIC_RELEASE);
}

/* Free a table of the given level and every table below it. */
static void free_table(struct paging *pg, uint64_t *table, unsigned int level)
{
	unsigned int i;

	for (i = 0; level > 1 && i < ENTRIES; i++)
		if (is_table(pg->fmt, table[i], level))
			free_table(pg, table_at(pg, table[i]), level - 1);
	page_free(pg->pool, table, 1);
}

static void replace_entry(struct paging *pg, uint64_t *pte, unsigned int level,
			  uint64_t e)
{
	uint64_t old = *pte;

	set_entry(pte, e);
	if (is_table(pg->fmt, old, level))
		free_table(pg, table_at(pg, old), level - 1);
}

static bool table_empty(const struct paging_format *fmt, const uint64_t *table)
{
	unsigned int i;

	for (i = 0; i < ENTRIES; i++)
		if (is_present(fmt, table[i]))
			return false;
	return true;
}

/*
 * Make the entry at pte (level > 1) point to a table: a new empty one if
 * it was not present, or, if it was a large page, one of the next smaller
 * pages with the same translations and flags.
 */
static int make_table(struct paging *pg, uint64_t *pte, unsigned int level)
{
	const struct paging_format *fmt = pg->fmt;
	uint64_t e = *pte, phys = leaf_phys(e, level), *table;
	unsigned int i, flags = leaf_flags(fmt, e);

	if (is_table(fmt, e, level))
		return 0;
	table = page_alloc(pg->pool, 1, 1);
	if (!table)
		return -ENOMEM;
	for (i = 0; is_present(fmt, e) && i < ENTRIES; i++)
		table[i] = make_leaf(fmt, level - 1,
				     phys + i * level_span(level - 1), flags);
	set_entry(pte, page_virt_to_phys(pg->pool, table) | fmt->table);
	return 0;
}

/* Apply w->op to [start, end), which lies inside the table's reach. */
static int walk(const struct walk *w, uint64_t *table, unsigned int level,
		uint64_t start, uint64_t end)
{
	bool mapping = w->op == OP_MAP_PREPARE || w->op == OP_MAP;
	bool commit = w->op == OP_MAP || w->op == OP_UNMAP;
	struct paging *pg = w->pg;
	uint64_t span = level_span(level);
	uint64_t base, next, phys, *pte, *child;
	bool whole;
	int err;

	for (; start < end; start = next) {
		pte = &table[(start >> level_shift(level)) % ENTRIES];
		base = start & ~(span - 1);
		next = base + span < end ? base + span : end;
		whole = start == base && next == base + span;
		phys = w->phys + (start - w->virt);

		if (mapping && whole && level <= w->max_level &&
		    !(phys & (span - 1))) {
			if (commit)
				replace_entry(pg, pte, level,
					      make_leaf(pg->fmt, level, phys,
							w->flags));
			continue;
		}
		if (!mapping && w->op != OP_PRUNE && whole) {
			if (commit)
				replace_entry(pg, pte, level, 0);
			continue;
		}
		/* Otherwise the work is in the next level down. */
		if (!mapping && !is_present(pg->fmt, *pte))
			continue;
		if (w->op == OP_PRUNE && !is_table(pg->fmt, *pte, level))
			continue;
		/* After a prepare pass this allocates nothing. */
		err = make_table(pg, pte, level);
		if (err)
			return err;
		child = table_at(pg, *pte);
		err = walk(w, child, level - 1, start, next);
		if (err)
			return err;
		if (!mapping && table_empty(pg->fmt, child))
			replace_entry(pg, pte, level, 0);
	}
	return 0;
}

static bool canonical(uint64_t virt)
{
	uint64_t upper = virt >> 47;

	return upper == 0 || upper == (~0ULL >> 47);
}

/*
 * Check [*virt, *virt + size) and reduce *virt to the 48 bits the tables
 * translate: the upper canonical half then continues the lower one, and
 * even a range ending at 2^64 has an end that fits in 64 bits.
 */
static int check_range(const struct paging *pg, uint64_t *virt, uint64_t size)
{
	uint64_t last = *virt + size - 1;

	if (!size || (*virt | size) & (PAGE_SIZE - 1) || last < *virt)
		return -EINVAL;
	if (pg->fmt->canonical) {
		/* both ends in one half: nothing in between is non-canonical */
		if (!canonical(*virt) || !canonical(last) ||
		    (*virt ^ last) >> 63)
			return -EINVAL;
	} else if (last >= ADDR_LIMIT) {
		return -EINVAL;
	}
	*virt &= ADDR_LIMIT - 1;
	return 0;
}

int paging_init(struct paging *pg, const struct paging_format *fmt,
		struct page_pool *pool, unsigned int max_level)
{
	if (max_level < PAGING_LEVEL_4K || max_level > PAGING_LEVEL_1G)
		return -EINVAL;
	pg->fmt = fmt;
	pg->pool = pool;
	pg->max_level = max_level;
	pg->root = page_alloc(pool, 1, 1);
	return pg->root ? 0 : -ENOMEM;
}

int paging_map(struct paging *pg, uint64_t virt, uint64_t phys, uint64_t size,
	       unsigned int flags)
{
	unsigned int valid = PAGE_READ | PAGE_WRITE | PAGE_EXEC | PAGE_UC |
			     PAGING_NO_HUGE | (pg->fmt->user ? PAGE_USER : 0);
	struct walk w = {
		.pg = pg,
		.phys = phys,
		.flags = flags,
		.max_level = flags & PAGING_NO_HUGE ? 1 : pg->max_level,
	};
	int err;

	err = check_range(pg, &virt, size);
	if (err)
		return err;
	if (phys & (PAGE_SIZE - 1) || phys + size - 1 < phys ||
	    phys + size - 1 >= PHYS_LIMIT || !(flags & PAGE_READ) ||
	    flags & ~valid)
		return -EINVAL;

	w.virt = virt;
	w.op = OP_MAP_PREPARE;
	err = walk(&w, pg->root, TOP_LEVEL, virt, virt + size);
	if (err) {
		w.op = OP_PRUNE;
		walk(&w, pg->root, TOP_LEVEL, virt, virt + size);
		return err;
	}
	w.op = OP_MAP;
	return walk(&w, pg->root, TOP_LEVEL, virt, virt + size);
}

int paging_unmap(struct paging *pg, uint64_t virt, uint64_t size)
{
	struct walk w = { .pg = pg, .op = OP_UNMAP_PREPARE };
	int err;

	err = check_range(pg, &virt, size);
	if (err)
		return err;
	w.virt = virt;
	err = walk(&w, pg->root, TOP_LEVEL, virt, virt + size);
	if (err)
		return err;
	w.op = OP_UNMAP;
	return walk(&w, pg->root, TOP_LEVEL, virt, virt + size);
}

bool paging_translate(const struct paging *pg, uint64_t virt, uint64_t *phys,
		      unsigned int *flags)
{
	const uint64_t *table = pg->root;
	unsigned int level;
	uint64_t e;

	if (pg->fmt->canonical ? !canonical(virt) : virt >= ADDR_LIMIT)
		return false;
	for (level = TOP_LEVEL;; level--) {
		e = table[(virt >> level_shift(level)) % ENTRIES];
		if (!is_present(pg->fmt, e))
			return false;
		if (!is_table(pg->fmt, e, level))
			break;
		table = table_at(pg, e);
	}
	if (phys)
		*phys = leaf_phys(e, level) | (virt & (level_span(level) - 1));
	if (flags)
		*flags = leaf_flags(pg->fmt, e);
	return true;
}

void paging_destroy(struct paging *pg)
{
	if (pg->root)
		free_table(pg, pg->root, TOP_LEVEL);
	pg->root = NULL;
}
