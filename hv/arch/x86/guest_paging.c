// SPDX-License-Identifier: GPL-2.0
/*
 * Guest page-table walker, written from the Intel SDM vol. 3A chapter 4
 * (paging) and the AMD APM vol. 2 chapter 5 (page translation).
 *
 * Three entry formats: 32-bit paging (4-byte entries, 10-bit indexes),
 * PAE (8-byte entries, 9-bit indexes below a 4-entry PDPT that has its
 * own reserved bits) and long mode (8-byte entries, 4 or 5 levels of
 * 9-bit indexes). PAE below the PDPT and long mode share walk_tables().
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <warden/errno.h>

#include <asm/guest_paging.h>

#define CR0_PG (1ULL << 31)
#define CR4_PSE (1ULL << 4)
#define CR4_PAE (1ULL << 5)
#define CR4_LA57 (1ULL << 12)
#define EFER_LMA (1ULL << 10)
#define EFER_NXE (1ULL << 11)

#define PTE_P (1ULL << 0)
#define PTE_PS (1ULL << 7)
#define PTE_XD (1ULL << 63)
/* next-table / frame address in 8-byte entries */
#define PTE_ADDR 0x000ffffffffff000ULL

#define PAGE_4K 0x1000ULL

/* Physical address bits at and above MAXPHYADDR, up to bit 51. */
static uint64_t phys_rsvd(const struct guest_paging_state *st)
{
	unsigned int m = st->maxphyaddr;

	if (m == 0 || m > 52)
		m = 52;
	return ((1ULL << 52) - 1) & ~((1ULL << m) - 1);
}

static int read_entry(guest_read_phys_t read_phys, void *ctx, uint64_t addr,
		      uint64_t *entry)
{
	return read_phys(ctx, addr, entry, sizeof(*entry));
}

/*
 * Walk @levels levels of 512-entry tables starting at @table. In a PDE
 * (level 2) and a PDPTE (level 3) PS maps a large page (1 GiB pages are
 * assumed supported, as on every CPU with SVM or EPT); in a PML4E or
 * PML5E it is reserved. PAE passes 2 levels, so its PDPTEs (which have
 * no PS) are not walked here. @rsvd: reserved bits of every entry.
 */
static int walk_tables(uint64_t table, unsigned int levels, uint64_t rsvd,
		       uint64_t va, guest_read_phys_t read_phys, void *ctx,
		       uint64_t *gpa)
{
	unsigned int level, shift;
	uint64_t e, page;
	int err;

	for (level = levels; level >= 1; level--) {
		shift = 12 + 9 * (level - 1);
		err = read_entry(read_phys, ctx,
				 table + 8 * ((va >> shift) & 511), &e);
		if (err)
			return err;
		if (!(e & PTE_P))
			return -EFAULT;
		if (e & rsvd)
			return -EINVAL;
		if (level == 1) {
			*gpa = (e & PTE_ADDR) | (va & (PAGE_4K - 1));
			return 0;
		}
		if (e & PTE_PS) {
			if (level > 3)
				return -EINVAL;
			page = 1ULL << shift;
			/* bit 12 is PAT; 13 up to the page size is reserved */
			if (e & (page - 1) & ~(2 * PAGE_4K - 1))
				return -EINVAL;
			*gpa = (e & PTE_ADDR & ~(page - 1)) | (va & (page - 1));
			return 0;
		}
		table = e & PTE_ADDR;
	}
	/* not reached: level 1 always returns */
	return -EINVAL;
}

/* 32-bit paging: 1024-entry tables of 4-byte entries. */
static int walk_32bit(const struct guest_paging_state *st, uint32_t va,
		      guest_read_phys_t read_phys, void *ctx, uint64_t *gpa)
{
	unsigned int m = st->maxphyaddr;
	uint32_t pde, pte;
	uint64_t pa;
	int err;

	err = read_phys(ctx, (st->cr3 & 0xfffff000) + 4 * (va >> 22), &pde, 4);
	if (err)
		return err;
	if (!(pde & PTE_P))
		return -EFAULT;
	if ((st->cr4 & CR4_PSE) && (pde & PTE_PS)) {
		/* bit 21 reserved; PSE-36: bits 20:13 are address bits 39:32 */
		if (pde & (1u << 21))
			return -EINVAL;
		pa = (pde & 0xffc00000u) | (uint64_t)((pde >> 13) & 0xff) << 32;
		if (m == 0 || m > 40)
			m = 40;
		if (pa >> m)
			return -EINVAL;
		*gpa = pa | (va & 0x3fffff);
		return 0;
	}
	err = read_phys(ctx, (pde & 0xfffff000) + 4 * ((va >> 12) & 0x3ff),
			&pte, 4);
	if (err)
		return err;
	if (!(pte & PTE_P))
		return -EFAULT;
	*gpa = (pte & 0xfffff000) | (va & 0xfff);
	return 0;
}

/* PAE paging: a 4-entry PDPT, then a PD and a PT. */
static int walk_pae(const struct guest_paging_state *st, uint32_t va,
		    guest_read_phys_t read_phys, void *ctx, uint64_t *gpa)
{
	unsigned int i = va >> 30;
	uint64_t rsvd, pdpte;
	int err;

	if (st->pdptes) {
		pdpte = st->pdptes[i];
	} else {
		err = read_entry(read_phys, ctx, (st->cr3 & 0xffffffe0) + 8 * i,
				 &pdpte);
		if (err)
			return err;
	}
	if (!(pdpte & PTE_P))
		return -EFAULT;
	/* PDPTE: bits 2:1, 8:5 and everything from MAXPHYADDR up */
	if (pdpte & (0x1e6ULL | phys_rsvd(st) | ~((1ULL << 52) - 1)))
		return -EINVAL;

	/* below the PDPT, bits 62:52 are reserved too (ignored in long mode) */
	rsvd = phys_rsvd(st) | 0x7ff0000000000000ULL;
	if (!(st->efer & EFER_NXE))
		rsvd |= PTE_XD;
	return walk_tables(pdpte & PTE_ADDR, 2, rsvd, va, read_phys, ctx, gpa);
}

int guest_translate(const struct guest_paging_state *st, uint64_t gva,
		    enum access_type acc, guest_read_phys_t read_phys,
		    void *ctx, uint64_t *gpa)
{
	bool lma, la57;
	unsigned int bits;
	uint64_t rsvd, root;

	if (!st || !read_phys || !gpa)
		return -EINVAL;
	lma = st->efer & EFER_LMA;

	if (!(st->cr0 & CR0_PG)) {
		/* long mode is only active with paging on */
		if (lma)
			return -EINVAL;
		*gpa = (uint32_t)gva;
		return 0;
	}
	if (!lma) {
		if (st->cr4 & CR4_PAE)
			return walk_pae(st, (uint32_t)gva, read_phys, ctx, gpa);
		return walk_32bit(st, (uint32_t)gva, read_phys, ctx, gpa);
	}
	if (!(st->cr4 & CR4_PAE))
		return -EINVAL;

	la57 = st->cr4 & CR4_LA57;
	bits = la57 ? 57 : 48;
	/* canonical: bits 63 down to bits-1 all equal */
	if ((uint64_t)((int64_t)(gva << (64 - bits)) >> (64 - bits)) != gva)
		return -ERANGE;

	rsvd = phys_rsvd(st);
	if (!(st->efer & EFER_NXE))
		rsvd |= PTE_XD;
	/* CR3 bits 11:0 are flags or the PCID; above MAXPHYADDR is invalid */
	root = st->cr3 & PTE_ADDR;
	if (root & phys_rsvd(st))
		return -EINVAL;
	return walk_tables(root, la57 ? 5 : 4, rsvd, gva, read_phys, ctx, gpa);
}

int guest_read_code(const struct guest_paging_state *st, uint64_t cs_base,
		    uint64_t rip, uint8_t *buf, size_t len,
		    guest_read_phys_t read_phys, void *ctx, size_t *got)
{
	uint64_t lin, addr, gpa;
	size_t done = 0, chunk;
	bool lma;
	int err;

	if (!got)
		return -EINVAL;
	*got = 0;
	if (!st || !read_phys || (!buf && len))
		return -EINVAL;
	lma = st->efer & EFER_LMA;
	lin = cs_base + rip;

	while (done < len) {
		addr = lin + done;
		if (!lma)
			addr = (uint32_t)addr;
		chunk = PAGE_4K - (addr & (PAGE_4K - 1));
		if (chunk > len - done)
			chunk = len - done;
		err = guest_translate(st, addr, ACCESS_FETCH, read_phys, ctx,
				      &gpa);
		if (!err)
			err = read_phys(ctx, gpa, buf + done, chunk);
		if (err)
			return done ? 0 : err;
		done += chunk;
		*got = done;
	}
	return 0;
}
