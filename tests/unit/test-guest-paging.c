// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the guest page-table walker (hv/arch/x86/guest_paging.c).
 *
 * Guest tables are built in a fake guest-physical memory of sparse 4 KiB
 * pages by this file's own builder, written from the SDM's entry formats.
 * Reads of memory that was never populated fail with -EIO, so a walk that
 * strays from the tables shows up; a read that crosses a 4 KiB boundary
 * fails the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <warden/errno.h>

#include <asm/guest_paging.h>
#include <asm/insn_decode.h>

#define KB4 0x1000ULL
#define MB2 0x200000ULL
#define MB4 0x400000ULL
#define GB1 0x40000000ULL

#define CR0_PE (1ULL << 0)
#define CR0_PG (1ULL << 31)
#define CR4_PSE (1ULL << 4)
#define CR4_PAE (1ULL << 5)
#define CR4_LA57 (1ULL << 12)
#define EFER_LME (1ULL << 8)
#define EFER_LMA (1ULL << 10)
#define EFER_NXE (1ULL << 11)

#define P (1ULL << 0)
#define RW (1ULL << 1)
#define US (1ULL << 2)
#define PS (1ULL << 7)
#define XD (1ULL << 63)

/* ---- fake guest-physical memory ---- */

#define MAX_PAGES 64

struct fake_mem {
	unsigned int n;
	uint64_t gpa[MAX_PAGES];
	uint8_t *data[MAX_PAGES];
	unsigned int reads;
	int fail_all; /* nonzero: every read returns this */
};

static struct fake_mem mem;

static void mem_reset(void)
{
	unsigned int i;

	for (i = 0; i < mem.n; i++)
		free(mem.data[i]);
	memset(&mem, 0, sizeof(mem));
}

static uint8_t *mem_page(uint64_t gpa)
{
	unsigned int i;

	for (i = 0; i < mem.n; i++)
		if (mem.gpa[i] == (gpa & ~(KB4 - 1)))
			return mem.data[i];
	return NULL;
}

/* Back the page holding @gpa (zero-filled) and return it. */
static uint8_t *mem_add(uint64_t gpa)
{
	uint8_t *p = mem_page(gpa);

	if (p)
		return p;
	assert_true(mem.n < MAX_PAGES);
	p = calloc(1, KB4);
	assert_non_null(p);
	mem.gpa[mem.n] = gpa & ~(KB4 - 1);
	mem.data[mem.n++] = p;
	return p;
}

static void set64(uint64_t gpa, uint64_t v)
{
	memcpy(mem_add(gpa) + (gpa & (KB4 - 1)), &v, 8);
}

static void set32(uint64_t gpa, uint32_t v)
{
	memcpy(mem_add(gpa) + (gpa & (KB4 - 1)), &v, 4);
}

static int fake_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	uint8_t *p;

	assert_ptr_equal(ctx, &mem);
	assert_true(len > 0);
	/* the walker promises never to cross a 4 KiB boundary */
	assert_true((gpa & (KB4 - 1)) + len <= KB4);
	mem.reads++;
	if (mem.fail_all)
		return mem.fail_all;
	p = mem_page(gpa);
	if (!p)
		return -EIO;
	memcpy(buf, p + (gpa & (KB4 - 1)), len);
	return 0;
}

static int translate(const struct guest_paging_state *st, uint64_t gva,
		     uint64_t *gpa)
{
	*gpa = 0xbadbadbadULL;
	return guest_translate(st, gva, ACCESS_READ, fake_read, &mem, gpa);
}

static void expect(const struct guest_paging_state *st, uint64_t gva,
		   uint64_t want)
{
	uint64_t gpa;
	int ret = translate(st, gva, &gpa);

	if (ret)
		fail_msg("gva %#llx: error %d, expected gpa %#llx",
			 (unsigned long long)gva, ret,
			 (unsigned long long)want);
	if (gpa != want)
		fail_msg("gva %#llx: gpa %#llx, expected %#llx",
			 (unsigned long long)gva, (unsigned long long)gpa,
			 (unsigned long long)want);
	/* the access type does not matter (see guest_paging.h) */
	assert_int_equal(
		guest_translate(st, gva, ACCESS_WRITE, fake_read, &mem, &gpa),
		0);
	assert_int_equal(gpa, want);
	assert_int_equal(
		guest_translate(st, gva, ACCESS_FETCH, fake_read, &mem, &gpa),
		0);
	assert_int_equal(gpa, want);
}

static void expect_err(const struct guest_paging_state *st, uint64_t gva,
		       int err)
{
	uint64_t gpa;
	int ret = translate(st, gva, &gpa);

	if (ret != err)
		fail_msg("gva %#llx: got %d (gpa %#llx), expected %d",
			 (unsigned long long)gva, ret, (unsigned long long)gpa,
			 err);
}

static int teardown(void **state)
{
	mem_reset();
	return 0;
}

/* ---- 8-byte-entry table builder (PAE below the PDPT, long mode) ---- */

static uint64_t next_table_gpa;

static uint64_t new_table(void)
{
	uint64_t t = next_table_gpa;

	next_table_gpa += KB4;
	mem_add(t);
	return t;
}

/*
 * Map @va to @pa with a leaf at @leaf_level (1: 4 KiB, 2: 2 MiB, 3: 1 GiB)
 * in the @levels-level tree at @root, creating tables as needed; @flags
 * go into the leaf.
 */
static void map(uint64_t root, unsigned int levels, uint64_t va, uint64_t pa,
		unsigned int leaf_level, uint64_t flags)
{
	uint64_t table = root, e, slot;
	unsigned int level, shift;
	uint8_t *page;

	for (level = levels; level > leaf_level; level--) {
		shift = 12 + 9 * (level - 1);
		slot = table + 8 * ((va >> shift) & 511);
		page = mem_page(slot);
		assert_non_null(page);
		memcpy(&e, page + (slot & (KB4 - 1)), 8);
		if (!(e & P)) {
			e = new_table() | P | RW | US;
			set64(slot, e);
		}
		table = e & 0x000ffffffffff000ULL;
	}
	shift = 12 + 9 * (leaf_level - 1);
	set64(table + 8 * ((va >> shift) & 511),
	      pa | flags | P | (leaf_level > 1 ? PS : 0));
}

/* The entry address for @va at @level, for corrupting it in tests. */
static uint64_t entry_of(uint64_t root, unsigned int levels, uint64_t va,
			 unsigned int at_level)
{
	uint64_t table = root, e, slot = 0;
	unsigned int level;

	for (level = levels; level >= at_level; level--) {
		slot = table + 8 * ((va >> (12 + 9 * (level - 1))) & 511);
		memcpy(&e, mem_page(slot) + (slot & (KB4 - 1)), 8);
		table = e & 0x000ffffffffff000ULL;
	}
	return slot;
}

static uint64_t get64(uint64_t gpa)
{
	uint64_t v;

	memcpy(&v, mem_page(gpa) + (gpa & (KB4 - 1)), 8);
	return v;
}

/* ---- paging off ---- */

static void test_paging_off(void **state)
{
	struct guest_paging_state st = { .cr0 = CR0_PE };
	uint64_t gpa;

	expect(&st, 0x12345678, 0x12345678);
	/* outside long mode linear addresses are 32 bits */
	expect(&st, 0x123456789ULL, 0x23456789);
	st.cr0 = 0;
	expect(&st, 0xffff0, 0xffff0);
	assert_int_equal(mem.reads, 0);

	/* long mode is impossible without paging */
	st.efer = EFER_LME | EFER_LMA;
	expect_err(&st, 0x1000, -EINVAL);

	/* bad arguments */
	assert_int_equal(
		guest_translate(NULL, 0, ACCESS_READ, fake_read, &mem, &gpa),
		-EINVAL);
	assert_int_equal(guest_translate(&st, 0, ACCESS_READ, NULL, &mem, &gpa),
			 -EINVAL);
	assert_int_equal(
		guest_translate(&st, 0, ACCESS_READ, fake_read, &mem, NULL),
		-EINVAL);
}

/* ---- 32-bit paging ---- */

static void test_32bit(void **state)
{
	struct guest_paging_state st = {
		.cr0 = CR0_PE | CR0_PG,
		.cr3 = 0x1000 | 0x18, /* PWT | PCD: flags, not address */
	};

	/* 4 KiB: PD 0x1000, PT 0x2000 */
	set32(0x1000 + 4 * 1, 0x2000 | P | RW);
	set32(0x2000 + 4 * 1, 0x0abcd000 | P | RW);
	expect(&st, 0x00401234, 0x0abcd234);
	/* bits above 31 of the gva do not exist outside long mode */
	expect(&st, 0xffffffff00401234ULL, 0x0abcd234);
	/* not present PTE, not present PDE */
	expect_err(&st, 0x00402000, -EFAULT);
	expect_err(&st, 0x00800000, -EFAULT);

	/* 4 MiB pages need CR4.PSE; without it PS is ignored */
	set32(0x1000 + 4 * 0x300, 0x3000 | PS | P);
	set32(0x3000 + 4 * 0x123, 0x0777f000 | P);
	expect(&st, 0xc0123456, 0x0777f456);
	st.cr4 = CR4_PSE;
	set32(0x1000 + 4 * 0x300, 0x12c00000 | PS | P);
	expect(&st, 0xc0123456, 0x12d23456);
	expect(&st, 0xc03fffff, 0x12ffffff);

	/* PSE-36: PDE bits 20:13 are physical address bits 39:32 */
	set32(0x1000 + 4 * 0x301, 0x00400000 | (0x5u << 13) | PS | P);
	expect(&st, 0xc0400010, 0x500400010ULL);
	set32(0x1000 + 4 * 0x302, 0x00400000 | (0xffu << 13) | PS | P);
	expect(&st, 0xc0800010, 0xff00400010ULL);
	/* ...but not beyond MAXPHYADDR */
	st.maxphyaddr = 36;
	expect(&st, 0xc0400010, 0x500400010ULL);
	expect_err(&st, 0xc0800010, -EINVAL);
	st.maxphyaddr = 32;
	expect_err(&st, 0xc0400010, -EINVAL);
	expect(&st, 0xc0123456, 0x12d23456);
	st.maxphyaddr = 0;

	/* PDE bit 21 is reserved in a 4 MiB PDE */
	set32(0x1000 + 4 * 0x303, 0x00c00000 | (1u << 21) | PS | P);
	expect_err(&st, 0xc0c00000, -EINVAL);

	/* the 32-bit walk never depends on EFER.NXE or LA57 */
	st.cr4 |= CR4_LA57;
	st.efer = EFER_NXE;
	expect(&st, 0x00401234, 0x0abcd234);
}

/* ---- PAE ---- */

static void test_pae(void **state)
{
	struct guest_paging_state st = {
		.cr0 = CR0_PE | CR0_PG,
		.cr3 = 0x5020, /* 32-byte aligned PDPT inside page 0x5000 */
		.cr4 = CR4_PAE,
	};
	uint64_t pdptes[4] = { 0 };

	set64(0x5020 + 8 * 3, 0x6000 | P);
	set64(0x6000 + 8 * 1, 0x7000 | P | RW);
	set64(0x7000 + 8 * 2, 0x123456000ULL | P | RW);
	expect(&st, 0xc0202abc, 0x123456abcULL);
	expect(&st, 0x7fffffffc0202abcULL, 0x123456abcULL);

	/* 2 MiB page */
	set64(0x6000 + 8 * 2, 0x40000000 | PS | P);
	expect(&st, 0xc0412345, 0x40012345);
	/* bit 12 is PAT, not address */
	set64(0x6000 + 8 * 2, 0x40000000 | KB4 | PS | P);
	expect(&st, 0xc0412345, 0x40012345);
	/* bits 20:13 are reserved */
	set64(0x6000 + 8 * 2, 0x40000000 | (1ULL << 13) | PS | P);
	expect_err(&st, 0xc0412345, -EINVAL);

	/* not present at each level */
	expect_err(&st, 0x00000000, -EFAULT); /* PDPTE 0 */
	expect_err(&st, 0xc0600000, -EFAULT); /* PDE 3 */
	expect_err(&st, 0xc0203000, -EFAULT); /* PTE 3 */

	/* XD is reserved unless EFER.NXE */
	set64(0x7000 + 8 * 4, 0x9000 | XD | P);
	expect_err(&st, 0xc0204000, -EINVAL);
	st.efer = EFER_NXE;
	expect(&st, 0xc0204000, 0x9000);
	/* PAE entries reserve bits 62:52 as well */
	set64(0x7000 + 8 * 5, 0x9000 | (1ULL << 52) | P);
	expect_err(&st, 0xc0205000, -EINVAL);
	/* and the address bits from MAXPHYADDR up */
	st.maxphyaddr = 32;
	expect_err(&st, 0xc0202abc, -EINVAL);
	st.maxphyaddr = 36;
	expect(&st, 0xc0202abc, 0x123456abcULL);
	st.maxphyaddr = 0;

	/* PDPTE reserved bits 2:1, 8:5, 63:MAXPHYADDR */
	set64(0x5020 + 8 * 2, 0x6000 | RW | P);
	expect_err(&st, 0x80000000, -EINVAL);
	set64(0x5020 + 8 * 2, 0x6000 | (1ULL << 5) | P);
	expect_err(&st, 0x80000000, -EINVAL);
	set64(0x5020 + 8 * 2, 0x6000 | XD | P);
	expect_err(&st, 0x80000000, -EINVAL);
	/* PWT/PCD (bits 3, 4) are allowed */
	set64(0x5020 + 8 * 2, 0x6000 | 0x18 | P);
	expect(&st, 0x80202abc, 0x123456abcULL);

	/* VMX: the PDPTEs from the VMCS win over memory */
	pdptes[3] = 0x6000 | P;
	pdptes[1] = 0x6000 | P;
	st.pdptes = pdptes;
	set64(0x5020 + 8 * 3, 0);
	expect(&st, 0xc0202abc, 0x123456abcULL);
	expect(&st, 0x40202abc, 0x123456abcULL); /* memory PDPTE 1 is 0 */
	expect_err(&st, 0x80202abc, -EFAULT); /* override PDPTE 2 is 0 */
	pdptes[0] = 0x6000 | RW | P;
	expect_err(&st, 0x00202abc, -EINVAL);
}

/* ---- 4-level and 5-level ---- */

static struct guest_paging_state long_state(uint64_t root, bool la57)
{
	struct guest_paging_state st = {
		.cr0 = CR0_PE | CR0_PG,
		.cr3 = root,
		.cr4 = CR4_PAE | (la57 ? CR4_LA57 : 0),
		.efer = EFER_LME | EFER_LMA | EFER_NXE,
	};

	return st;
}

static void test_4level(void **state)
{
	uint64_t root, slot;
	struct guest_paging_state st;

	next_table_gpa = 0x100000;
	root = new_table();
	st = long_state(root | 0x18, false);

	map(root, 4, 0x00007f1234567000ULL, 0xabcdef000ULL, 1, RW | XD);
	map(root, 4, 0xffff800000200000ULL, 0x80000000ULL, 2, RW);
	map(root, 4, 0xffffffffc0000000ULL, 0x140000000ULL, 3, RW);
	map(root, 4, 0x0000000000400000ULL, 0x200000ULL, 1, RW);

	expect(&st, 0x00007f1234567abcULL, 0xabcdefabcULL);
	expect(&st, 0xffff8000002fedcbULL, 0x800fedcbULL);
	expect(&st, 0xffffffffc1234567ULL, 0x141234567ULL);
	expect(&st, 0x0000000000400fffULL, 0x200fffULL);

	/* CR3's low bits (PWT/PCD or a PCID) are not address bits */
	st.cr3 = root | 0xabc;
	expect(&st, 0x0000000000400fffULL, 0x200fffULL);

	/* non-canonical */
	expect_err(&st, 0x0000800000000000ULL, -ERANGE);
	expect_err(&st, 0xffff7fffffffffffULL, -ERANGE);
	expect_err(&st, 0x8000000000000000ULL, -ERANGE);
	expect(&st, 0xffff8000002fedcbULL, 0x800fedcbULL);

	/* not present at each level */
	expect_err(&st, 0x0000100000000000ULL, -EFAULT); /* PML4E */
	expect_err(&st, 0x00007f0000000000ULL, -EFAULT); /* PDPTE */
	expect_err(&st, 0x00007f1200000000ULL, -EFAULT); /* PDE */
	expect_err(&st, 0x00007f1234568000ULL, -EFAULT); /* PTE */

	/* XD is reserved without EFER.NXE */
	st.efer &= ~EFER_NXE;
	expect_err(&st, 0x00007f1234567abcULL, -EINVAL);
	expect(&st, 0x0000000000400fffULL, 0x200fffULL);
	st.efer |= EFER_NXE;

	/* bits 62:52 (protection key, ignored bits) are allowed in long mode */
	slot = entry_of(root, 4, 0x400000, 1);
	set64(slot, get64(slot) | (0xfULL << 59) | (1ULL << 52));
	expect(&st, 0x0000000000400fffULL, 0x200fffULL);

	/* address bits at and above MAXPHYADDR are reserved */
	st.maxphyaddr = 36; /* 0xabcdef000 still fits */
	expect(&st, 0x00007f1234567abcULL, 0xabcdefabcULL);
	st.maxphyaddr = 34;
	expect_err(&st, 0x00007f1234567abcULL, -EINVAL);
	expect(&st, 0xffffffffc1234567ULL, 0x141234567ULL);
	st.maxphyaddr = 32;
	expect_err(&st, 0xffffffffc1234567ULL, -EINVAL);
	st.maxphyaddr = 0;

	/* reserved low bits of large pages */
	slot = entry_of(root, 4, 0xffffffffc0000000ULL, 3);
	set64(slot, get64(slot) | (1ULL << 29));
	expect_err(&st, 0xffffffffc1234567ULL, -EINVAL);
	set64(slot, (get64(slot) & ~(1ULL << 29)) | KB4); /* PAT: fine */
	expect(&st, 0xffffffffc1234567ULL, 0x141234567ULL);
	slot = entry_of(root, 4, 0xffff800000200000ULL, 2);
	set64(slot, get64(slot) | (1ULL << 20));
	expect_err(&st, 0xffff8000002fedcbULL, -EINVAL);

	/*
	 * PS in a PML4E is reserved. First with address 0, where a walker
	 * taking it for a 512 GiB page would succeed and one ignoring PS
	 * would read the unbacked page 0 (-EIO).
	 */
	set64(root + 8 * 5, PS | P);
	expect_err(&st, 5ULL << 39, -EINVAL);
	slot = entry_of(root, 4, 0x400000, 4);
	set64(slot, get64(slot) | PS);
	expect_err(&st, 0x0000000000400fffULL, -EINVAL);

	/* CR3 beyond MAXPHYADDR */
	st.maxphyaddr = 20;
	expect_err(&st, 0x0000000000400fffULL, -EINVAL);

	/* long mode requires PAE */
	st = long_state(root, false);
	st.cr4 &= ~CR4_PAE;
	expect_err(&st, 0x400000, -EINVAL);
}

static void test_5level(void **state)
{
	uint64_t root;
	struct guest_paging_state st;

	next_table_gpa = 0x200000;
	root = new_table();
	st = long_state(root, true);

	/* bit 55 set: canonical only with 57-bit addresses */
	map(root, 5, 0x00fff00000001000ULL, 0x3000000ULL, 1, RW);
	map(root, 5, 0xff00000000000000ULL, 0x40000000ULL, 3, RW);
	map(root, 5, 0x0000000000200000ULL, 0x600000ULL, 2, RW);

	expect(&st, 0x00fff00000001234ULL, 0x3000234ULL);
	expect(&st, 0xff00000012345678ULL, 0x52345678ULL);
	expect(&st, 0x00000000002abcdeULL, 0x6abcdeULL);
	expect_err(&st, 0x0100000000000000ULL, -ERANGE);
	expect_err(&st, 0xfeffffffffffffffULL, -ERANGE);
	expect_err(&st, 0x00fff00000002000ULL, -EFAULT);
	expect_err(&st, 0x0080000000000000ULL, -EFAULT); /* PML5E */

	/* with LA57 clear the same address is not canonical */
	st.cr4 &= ~CR4_LA57;
	expect_err(&st, 0x00fff00000001234ULL, -ERANGE);

	/* PS in a PML5E is reserved */
	st.cr4 |= CR4_LA57;
	set64(root + 8 * 7, PS | P);
	expect_err(&st, 7ULL << 48, -EINVAL);
	set64(entry_of(root, 5, 0x200000, 5),
	      get64(entry_of(root, 5, 0x200000, 5)) | PS);
	expect_err(&st, 0x00000000002abcdeULL, -EINVAL);
}

/* read_phys failures come back unchanged */
static void test_read_error(void **state)
{
	struct guest_paging_state st = {
		.cr0 = CR0_PE | CR0_PG,
		.cr3 = 0x1000,
	};

	expect_err(&st, 0x1000, -EIO); /* nothing backed at all */
	mem.fail_all = -EFAULT - 100;
	expect_err(&st, 0x1000, -EFAULT - 100);
}

/* ---- code fetch ---- */

static void fill(uint64_t gpa, const uint8_t *bytes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mem_add(gpa + i)[(gpa + i) & (KB4 - 1)] = bytes[i];
}

static void test_read_code_long(void **state)
{
	/* movl $0x12345678, 0x100(%rip), then nops */
	static const uint8_t insn[] = { 0xc7, 0x05, 0x00, 0x01, 0x00,
					0x00, 0x78, 0x56, 0x34, 0x12,
					0x90, 0x90, 0x90, 0x90, 0x90 };
	struct guest_paging_state st;
	struct mmio_insn mi;
	uint8_t buf[INSN_MAX_LEN];
	uint64_t root;
	size_t got;

	next_table_gpa = 0x100000;
	root = new_table();
	st = long_state(root, false);

	/* split at the page boundary, physically out of order */
	map(root, 4, 0x500000, 0x300000, 1, RW);
	map(root, 4, 0x501000, 0x280000, 1, RW);
	fill(0x300ffa, insn, 6);
	fill(0x280000, insn + 6, 9);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(guest_read_code(&st, 0, 0x500ffa, buf, sizeof(buf),
					 fake_read, &mem, &got),
			 0);
	assert_int_equal(got, 15);
	assert_memory_equal(buf, insn, 15);
	assert_int_equal(insn_decode_mmio(buf, got, CPU_MODE_LONG64, &mi), 0);
	assert_int_equal(mi.len, 10);

	/* second page absent: the first page's bytes, then truncation */
	map(root, 4, 0x400000, 0x200000, 1, RW);
	fill(0x200ff8, insn, 8);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(guest_read_code(&st, 0, 0x400ff8, buf, sizeof(buf),
					 fake_read, &mem, &got),
			 0);
	assert_int_equal(got, 8);
	assert_memory_equal(buf, insn, 8);
	assert_int_equal(insn_decode_mmio(buf, got, CPU_MODE_LONG64, &mi),
			 -EINVAL);
	/* an instruction that ends before the boundary is still fine */
	fill(0x200ff8, (const uint8_t[]){ 0x89, 0x07 }, 2);
	assert_int_equal(guest_read_code(&st, 0, 0x400ff8, buf, sizeof(buf),
					 fake_read, &mem, &got),
			 0);
	assert_int_equal(insn_decode_mmio(buf, got, CPU_MODE_LONG64, &mi), 0);
	assert_int_equal(mi.len, 2);

	/* first page absent: the error, nothing read */
	got = 99;
	assert_int_equal(guest_read_code(&st, 0, 0x600000, buf, sizeof(buf),
					 fake_read, &mem, &got),
			 -EFAULT);
	assert_int_equal(got, 0);
	/* non-canonical RIP */
	assert_int_equal(guest_read_code(&st, 0, 0x0000800000000000ULL, buf,
					 sizeof(buf), fake_read, &mem, &got),
			 -ERANGE);
	/* running into the non-canonical hole returns the canonical part */
	map(root, 4, 0x00007ffffffff000ULL, 0x200000, 1, RW);
	assert_int_equal(guest_read_code(&st, 0, 0x00007ffffffffffcULL, buf,
					 sizeof(buf), fake_read, &mem, &got),
			 0);
	assert_int_equal(got, 4);

	/* within one page; len 0 */
	assert_int_equal(guest_read_code(&st, 0, 0x400ff8, buf, 4, fake_read,
					 &mem, &got),
			 0);
	assert_int_equal(got, 4);
	assert_int_equal(guest_read_code(&st, 0, 0x400ff8, buf, 0, fake_read,
					 &mem, &got),
			 0);
	assert_int_equal(got, 0);
	assert_int_equal(guest_read_code(&st, 0, 0x400ff8, NULL, 0, fake_read,
					 &mem, &got),
			 0);

	/* bad arguments */
	assert_int_equal(
		guest_read_code(&st, 0, 0, buf, 1, fake_read, &mem, NULL),
		-EINVAL);
	assert_int_equal(
		guest_read_code(NULL, 0, 0, buf, 1, fake_read, &mem, &got),
		-EINVAL);
	assert_int_equal(
		guest_read_code(&st, 0, 0, NULL, 1, fake_read, &mem, &got),
		-EINVAL);
}

static void test_read_code_legacy(void **state)
{
	struct guest_paging_state st = { .cr0 = 0 };
	uint8_t buf[INSN_MAX_LEN], want[INSN_MAX_LEN];
	size_t got, i;

	for (i = 0; i < sizeof(want); i++)
		want[i] = (uint8_t)(0xa0 + i);

	/* real mode: CS.base 0xf0000, IP 0xfff8, crossing 1 MiB */
	fill(0xffff8, want, 15);
	assert_int_equal(guest_read_code(&st, 0xf0000, 0xfff8, buf, 15,
					 fake_read, &mem, &got),
			 0);
	assert_int_equal(got, 15);
	assert_memory_equal(buf, want, 15);

	/* outside long mode the linear address wraps at 4 GiB */
	st.cr0 = CR0_PE;
	fill(0xfffffffa, want, 6);
	fill(0, want + 6, 9);
	assert_int_equal(guest_read_code(&st, 0x10000000, 0xeffffffa, buf, 15,
					 fake_read, &mem, &got),
			 0);
	assert_int_equal(got, 15);
	assert_memory_equal(buf, want, 15);

	/* 32-bit paging, second page not present */
	st.cr0 = CR0_PE | CR0_PG;
	st.cr3 = 0x10000;
	set32(0x10000, 0x11000 | P);
	set32(0x11000 + 4 * 0x20, 0x30000 | P);
	fill(0x30ffd, want, 3);
	assert_int_equal(guest_read_code(&st, 0x1000, 0x1fffd, buf, 15,
					 fake_read, &mem, &got),
			 0);
	assert_int_equal(got, 3);
	assert_memory_equal(buf, want, 3);

	/* read_phys failing on the first page */
	mem.fail_all = -EIO;
	assert_int_equal(guest_read_code(&st, 0x1000, 0x1fffd, buf, 15,
					 fake_read, &mem, &got),
			 -EIO);
	assert_int_equal(got, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_paging_off, teardown),
		cmocka_unit_test_teardown(test_32bit, teardown),
		cmocka_unit_test_teardown(test_pae, teardown),
		cmocka_unit_test_teardown(test_4level, teardown),
		cmocka_unit_test_teardown(test_5level, teardown),
		cmocka_unit_test_teardown(test_read_error, teardown),
		cmocka_unit_test_teardown(test_read_code_long, teardown),
		cmocka_unit_test_teardown(test_read_code_legacy, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
