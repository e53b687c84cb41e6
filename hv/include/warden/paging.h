/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Four-level x86 page tables: the hypervisor's own, AMD nested page tables
 * (NPT) and Intel extended page tables (EPT), built by one set of functions.
 *
 * The formats differ only in which entry bits mean what, so each is a
 * constant struct paging_format of bit masks; the code that walks, splits
 * and frees tables is shared. Both formats mark a 2 MiB / 1 GiB leaf with
 * bit 7 of a PDE / PDPTE and keep the frame address in bits 51:12.
 *
 * Every table page comes from a page pool and is reached through the
 * pool's phys/virt translation. A table holds no empty table pages besides
 * its root: unmapping everything brings the pool's usage back to where it
 * was after paging_init(), and paging_destroy() to where it was before.
 *
 * Nothing here flushes TLBs or paging-structure caches: after changing a
 * table that a CPU may use, the caller flushes (INVLPG / CR3 reload, SVM
 * ASID flush, INVEPT) on every such CPU before it relies on the change.
 * Table pages freed by a change go back to the pool at once, so for live
 * tables that flush must also happen before those pages can be reused.
 *
 * Not thread-safe: callers changing one table serialise with their own
 * lock (and the pool's, if shared).
 */
#ifndef WARDEN_PAGING_H
#define WARDEN_PAGING_H

#include <stdbool.h>
#include <stdint.h>

#include <warden/page_pool.h>

/* Generic access flags of a mapping. Every mapping must be readable. */
#define PAGE_READ 0x01u
#define PAGE_WRITE 0x02u
#define PAGE_EXEC 0x04u
/* user-mode access: only in formats that have a U/S bit (paging_x86_64) */
#define PAGE_USER 0x08u
/* Cache type: write-back RAM by default, PAGE_UC for device memory. */
#define PAGE_WB 0x00u
#define PAGE_UC 0x10u

/*
 * Only for paging_map(): use 4 KiB pages even where larger ones would fit,
 * e.g. for a range whose pieces will be unmapped or remapped one by one
 * later (no page from the pool is then needed to split).
 */
#define PAGING_NO_HUGE 0x100u

/* Levels, named by the page size a leaf at that level maps. */
#define PAGING_LEVEL_4K 1
#define PAGING_LEVEL_2M 2
#define PAGING_LEVEL_1G 3

struct paging_format {
	/* an entry is present when any of these bits is set */
	uint64_t present;
	/* a non-leaf entry: these bits | address of the next table */
	uint64_t table;
	/* leaf bits for PAGE_READ, PAGE_WRITE, PAGE_EXEC, PAGE_USER (0: none) */
	uint64_t read, write, exec, user;
	/* leaf bit set when PAGE_EXEC is not given (0: none) */
	uint64_t noexec;
	/* leaf bits always set */
	uint64_t leaf;
	/* cache type field, and its value for write-back and uncached */
	uint64_t cache_mask, cache_wb, cache_uc;
	/*
	 * Addresses translated are virtual, canonical 48-bit (hypervisor
	 * tables); otherwise guest-physical, below 2^48 (NPT, EPT).
	 */
	bool canonical;
};

/* The hypervisor's own tables (needs EFER.NXE: non-exec pages use NX). */
extern const struct paging_format paging_x86_64;
/*
 * AMD nested page tables: the long-mode format, but addresses are guest
 * physical and every leaf is a user page (the CPU treats nested walks as
 * user accesses, AMD APM vol. 2, "Nested Paging"), so PAGE_USER is implied.
 */
extern const struct paging_format paging_npt;
/* Intel EPT (SDM vol. 3C, "EPT Translation Mechanism"). */
extern const struct paging_format paging_ept;

/* One page table. Initialise with paging_init(), never by hand. */
struct paging {
	const struct paging_format *fmt;
	struct page_pool *pool;
	/* the top-level (PML4) table */
	uint64_t *root;
	/* largest leaf level used (PAGING_LEVEL_*) */
	unsigned int max_level;
};

/*
 * Start an empty table of the given format, taking its root from pool.
 * max_level is the largest page the CPU supports for this format:
 * PAGING_LEVEL_1G only when 1 GiB pages exist (CPUID 0x80000001 EDX bit 26
 * for long mode and NPT, IA32_VMX_EPT_VPID_CAP bit 17 for EPT), else
 * PAGING_LEVEL_2M (EPT: if IA32_VMX_EPT_VPID_CAP bit 16 says so).
 * Returns 0, -EINVAL or -ENOMEM.
 */
int paging_init(struct paging *pg, const struct paging_format *fmt,
		struct page_pool *pool, unsigned int max_level);

/*
 * Map [virt, virt + size) to [phys, phys + size) with the given PAGE_*
 * flags (| PAGING_NO_HUGE), using the largest pages that virt, phys and
 * size allow. Whatever was mapped in the range before is replaced.
 *
 * Returns 0, -EINVAL for unaligned (4 KiB) or empty ranges, ranges that
 * wrap or leave the format's address space, physical addresses beyond
 * 2^52 or flags the format cannot express, or -ENOMEM. On error no
 * translation has changed; large pages in the range may have been split
 * into equivalent smaller ones, which paging_unmap()/paging_destroy()
 * return to the pool as usual.
 */
int paging_map(struct paging *pg, uint64_t virt, uint64_t phys, uint64_t size,
	       unsigned int flags);

/*
 * Remove every translation in [virt, virt + size); unmapped parts of the
 * range are fine. A large page reaching past either end is split first,
 * which takes pages from the pool. Table pages left empty are freed.
 * Returns 0, -EINVAL (as for paging_map()) or -ENOMEM, in which case no
 * translation has changed.
 */
int paging_unmap(struct paging *pg, uint64_t virt, uint64_t size);

/*
 * Look up virt: if mapped, store the physical address and its PAGE_* flags
 * (either pointer may be NULL) and return true.
 */
bool paging_translate(const struct paging *pg, uint64_t virt, uint64_t *phys,
		      unsigned int *flags);

/* Free every table page (not the memory mapped); pg is unusable after. */
void paging_destroy(struct paging *pg);

/* What goes into CR3, the VMCB's nCR3 or the EPTP (with its own bits). */
static inline uint64_t paging_root_phys(const struct paging *pg)
{
	return page_virt_to_phys(pg->pool, pg->root);
}

#endif /* WARDEN_PAGING_H */
