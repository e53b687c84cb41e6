// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for rootcell/launcher/bootparams.c: bzImage checks against the
 * stock Debian kernel the build fetched and against synthetic broken
 * images, the E820 builder on the QEMU reference platform (ABI spec 11.2)
 * and on awkward inputs, and the zero page read back by raw offset, so the
 * test does not trust the struct layout it is checking.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <jailhouse/cell-config.h>
#include <warden/boot_info.h>
#include <warden/errno.h>

#include "bootparams.h"

#define MIB 0x100000ULL
#define RWXD                                                                \
	(JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE | JAILHOUSE_MEM_EXECUTE | \
	 JAILHOUSE_MEM_DMA)
#define RW (JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE)
#define R JAILHOUSE_MEM_READ
#define RS JAILHOUSE_MEM_ROOTSHARED

static char err[160];

static void expect_err(int ret, int want, const char *text)
{
	assert_int_equal(ret, want);
	if (!strstr(err, text))
		fail_msg("message \"%s\" lacks \"%s\"", err, text);
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* ---- the QEMU reference platform ---- */

/* QEMU q35 with 1 GiB, as SeaBIOS reports it. */
static const struct boot_mem_range qemu_fw[] = {
	{ 0x0, 0x9fc00, BOOT_MEM_RAM },
	{ 0x9fc00, 0x400, BOOT_MEM_RESERVED },
	{ 0xf0000, 0x10000, BOOT_MEM_RESERVED },
	{ 0x100000, 0x3ffdf000 - 0x100000, BOOT_MEM_RAM },
	{ 0x3ffdf000, 0x21000, BOOT_MEM_RESERVED },
	{ 0xb0000000, 0x10000000, BOOT_MEM_RESERVED },
	{ 0xfed1c000, 0x4000, BOOT_MEM_RESERVED },
	{ 0xfffc0000, 0x40000, BOOT_MEM_RESERVED },
};

#define MEM(start, len, fl)                                                  \
	{                                                                    \
		.phys_start = (start), .virt_start = (start), .size = (len), \
		.flags = (fl)                                                \
	}

/* The root regions of the qemu-x86 system configuration (spec 11.2). */
static const struct jailhouse_memory qemu_root[] = {
	MEM(0x3f000000, 0x1000, R),
	MEM(0x3f001000, 0xdf000, RW),
	{ 0 },
	{ 0 },
	MEM(0x3f0e0000, 0x1000, R),
	MEM(0x3f0e1000, 0xf000, RW),
	{ 0 },
	{ 0 },
	MEM(0x3f0f0000, 0x1000, R),
	MEM(0x3f0f1000, 0x9000, RW),
	MEM(0x3f0fa000, 0x2000, RW),
	MEM(0x3f0fc000, 0x2000, R),
	MEM(0x3f0fe000, 0x2000, R),
	MEM(0x3f100000, 0x1000, R | RS),
	{ 0 },
	MEM(0x3f101000, 0x7f000, RW | RS),
	MEM(0x3f180000, 0x7f000, R | RS),
	MEM(0x0, 0x3a000000, RWXD),
	MEM(0x3a600000, 0x4a00000, RWXD),
	MEM(0x3f200000, 0xddf000, RWXD),
	MEM(0x3ffdf000, 0x21000, R),
	MEM(0xfd000000, 0x1000000, RW),
	MEM(0xfe200000, 0x4000, RW),
	MEM(0xfea00000, 0x40000, RW),
	MEM(0xfea40000, 0x20000, RW),
	MEM(0xfea60000, 0x20000, RW),
	MEM(0xfea91000, 0x3000, RW),
	MEM(0xfea94000, 0x4000, RW),
	MEM(0xfea98000, 0x1000, RW),
	MEM(0xfea9a000, 0x1000, RW),
	MEM(0xfed00000, 0x1000, RW),
};

/* Hypervisor, then the inmate RAM window. */
static const struct e820_range qemu_exclude[] = {
	{ 0x3a000000, 0x600000 },
	{ 0x3a600000, 0x3f000000 - 0x3a600000 },
};

static const struct boot_e820_entry qemu_e820[] = {
	{ 0x0, 0x9f000, E820_TYPE_RAM },
	{ 0x9fc00, 0x400, E820_TYPE_RESERVED },
	{ 0xf0000, 0x10000, E820_TYPE_RESERVED },
	{ 0x100000, 0x3a000000 - 0x100000, E820_TYPE_RAM },
	{ 0x3f200000, 0x3ffdf000 - 0x3f200000, E820_TYPE_RAM },
	{ 0x3ffdf000, 0x21000, E820_TYPE_RESERVED },
	{ 0xb0000000, 0x10000000, E820_TYPE_RESERVED },
	{ 0xfed1c000, 0x4000, E820_TYPE_RESERVED },
	{ 0xfffc0000, 0x40000, E820_TYPE_RESERVED },
};

static struct e820_sources qemu_sources(void)
{
	struct e820_sources s = {
		.regions = qemu_root,
		.num_regions = sizeof(qemu_root) / sizeof(qemu_root[0]),
		.fw_map = qemu_fw,
		.num_fw_map = sizeof(qemu_fw) / sizeof(qemu_fw[0]),
		.exclude = qemu_exclude,
		.num_exclude = sizeof(qemu_exclude) / sizeof(qemu_exclude[0]),
	};

	return s;
}

static struct boot_e820_entry out[BP_E820_MAX + 8];

static void expect_map(int n, const struct boot_e820_entry *want,
		       unsigned int num)
{
	if (n < 0)
		fail_msg("e820_build failed: %s", err);
	for (int i = 0; i < n; i++)
		print_message("  [%d] 0x%llx + 0x%llx type %u\n", i,
			      (unsigned long long)out[i].addr,
			      (unsigned long long)out[i].size, out[i].type);
	assert_int_equal(n, num);
	for (unsigned int i = 0; i < num; i++) {
		assert_int_equal(out[i].addr, want[i].addr);
		assert_int_equal(out[i].size, want[i].size);
		assert_int_equal(out[i].type, want[i].type);
	}
}

static int build(const struct e820_sources *s)
{
	memset(out, 0xa5, sizeof(out));
	return e820_build(s, out, BP_E820_MAX, err, sizeof(err));
}

static void test_e820_qemu_reference(void **state)
{
	struct e820_sources s = qemu_sources();

	expect_map(build(&s), qemu_e820, 9);
}

/* The ivshmem regions (RW or R, never X) are not Linux RAM either way. */
static void test_e820_qemu_without_shmem_regions(void **state)
{
	struct e820_sources s = qemu_sources();

	s.regions = qemu_root + 17;
	s.num_regions -= 17;
	expect_map(build(&s), qemu_e820, 9);
}

/* Excluding up to 0x3f200000 as upstream's memmap= did changes nothing. */
static void test_e820_qemu_upstream_window(void **state)
{
	struct e820_sources s = qemu_sources();
	struct e820_range ex[] = { { 0x3a000000, 0x3f200000 - 0x3a000000 } };

	s.exclude = ex;
	s.num_exclude = 1;
	expect_map(build(&s), qemu_e820, 9);
}

static void test_e820_reserve_page(void **state)
{
	struct e820_sources s = qemu_sources();
	struct e820_range rsv[] = { { 0x9e000, 0x1000 } };
	const struct boot_e820_entry want[] = {
		{ 0x0, 0x9e000, E820_TYPE_RAM },
		{ 0x9e000, 0x1000, E820_TYPE_RESERVED },
		/* 0x9f000-0x9fc00 is less than a page of RAM: dropped */
		{ 0x9fc00, 0x400, E820_TYPE_RESERVED },
		{ 0xf0000, 0x10000, E820_TYPE_RESERVED },
		{ 0x100000, 0x3a000000 - 0x100000, E820_TYPE_RAM },
		{ 0x3f200000, 0x3ffdf000 - 0x3f200000, E820_TYPE_RAM },
		{ 0x3ffdf000, 0x21000, E820_TYPE_RESERVED },
		{ 0xb0000000, 0x10000000, E820_TYPE_RESERVED },
		{ 0xfed1c000, 0x4000, E820_TYPE_RESERVED },
		{ 0xfffc0000, 0x40000, E820_TYPE_RESERVED },
	};

	s.reserve = rsv;
	s.num_reserve = 1;
	expect_map(build(&s), want, 10);
}

static void test_e820_overlapping_unsorted(void **state)
{
	const struct boot_mem_range fw[] = {
		{ 0x500000, 0x1000, BOOT_MEM_NVS },
		{ 0x200000, 0x200000, BOOT_MEM_RAM },
		{ 0x3f0000, 0x10000, BOOT_MEM_ACPI }, /* inside RAM: wins */
		{ 0x100000, 0x200000, BOOT_MEM_RAM }, /* overlaps RAM */
		{ 0x180000, 0x10000, BOOT_MEM_RESERVED },
		{ 0x600000, 0, BOOT_MEM_RAM }, /* empty */
		{ 0x700000, 0x1000, 77 }, /* unknown type: reserved */
		{ 0x801000, 0x2000, BOOT_MEM_RESERVED },
		{ 0x800000, 0x2000, BOOT_MEM_BAD }, /* beats reserved */
	};
	const struct jailhouse_memory regions[] = {
		MEM(0x0, 0x1000000, RWXD),
	};
	const struct e820_sources s = {
		.regions = regions,
		.num_regions = 1,
		.fw_map = fw,
		.num_fw_map = sizeof(fw) / sizeof(fw[0]),
	};
	const struct boot_e820_entry want[] = {
		{ 0x100000, 0x80000, E820_TYPE_RAM },
		{ 0x180000, 0x10000, E820_TYPE_RESERVED },
		{ 0x190000, 0x3f0000 - 0x190000, E820_TYPE_RAM },
		{ 0x3f0000, 0x10000, E820_TYPE_ACPI },
		{ 0x500000, 0x1000, E820_TYPE_NVS },
		{ 0x700000, 0x1000, E820_TYPE_RESERVED },
		{ 0x800000, 0x2000, E820_TYPE_UNUSABLE },
		{ 0x802000, 0x1000, E820_TYPE_RESERVED },
	};

	expect_map(build(&s), want, 8);
}

static void test_e820_region_kinds(void **state)
{
	const struct boot_mem_range fw[] = {
		{ 0x0, 0x800000, BOOT_MEM_RAM },
		{ 0x800000, 0x3000, BOOT_MEM_ACPI },
		{ 0x900000, 0x1000, BOOT_MEM_NVS },
		{ 0xa00000, 0x1000, BOOT_MEM_ACPI },
	};
	const struct jailhouse_memory regions[] = {
		MEM(0x000000, 0x100000, RWXD),
		MEM(0x100000, 0x100000, RW), /* no EXECUTE: not RAM */
		MEM(0x200000, 0x100000, RWXD | JAILHOUSE_MEM_IO),
		MEM(0x300000, 0x100000, RWXD | RS),
		/* comm region: its phys_start means nothing */
		MEM(0x400000, 0x1000, RW | JAILHOUSE_MEM_COMM_REGION),
		MEM(0x500000, 0x100000, RWXD),
		MEM(0x800000, 0x1000, R), /* ACPI: any non-IO region */
		MEM(0x801000, 0x1000, R | JAILHOUSE_MEM_IO),
		MEM(0x900000, 0x1000, RW),
		/* 0xa00000 ACPI is not the root cell's: absent */
	};
	const struct e820_sources s = {
		.regions = regions,
		.num_regions = sizeof(regions) / sizeof(regions[0]),
		.fw_map = fw,
		.num_fw_map = sizeof(fw) / sizeof(fw[0]),
	};
	const struct boot_e820_entry want[] = {
		{ 0x000000, 0x100000, E820_TYPE_RAM },
		{ 0x500000, 0x100000, E820_TYPE_RAM },
		{ 0x800000, 0x1000, E820_TYPE_ACPI },
		{ 0x900000, 0x1000, E820_TYPE_NVS },
	};

	expect_map(build(&s), want, 4);
}

static void test_e820_page_edges(void **state)
{
	const struct boot_mem_range fw[] = {
		{ 0x1000, 0x4800, BOOT_MEM_RAM }, /* ends mid-page */
		{ 0x8100, 0xe00, BOOT_MEM_RAM }, /* less than a page */
		{ 0x10000, 0x1000, BOOT_MEM_RAM },
		{ 0x11000, 0x1000, BOOT_MEM_RAM }, /* adjacent: merged */
		{ 0x12000, 0x800, BOOT_MEM_RESERVED },
	};
	const struct jailhouse_memory regions[] = {
		MEM(0x1200, 0x20000, RWXD), /* starts mid-page */
	};
	const struct e820_sources s = {
		.regions = regions,
		.num_regions = 1,
		.fw_map = fw,
		.num_fw_map = sizeof(fw) / sizeof(fw[0]),
	};
	const struct boot_e820_entry want[] = {
		{ 0x2000, 0x3000, E820_TYPE_RAM },
		{ 0x10000, 0x2000, E820_TYPE_RAM },
		{ 0x12000, 0x800, E820_TYPE_RESERVED },
	};

	expect_map(build(&s), want, 3);
}

static struct boot_mem_range many[2 * BP_E820_MAX];

/* Alternating RAM and reserved pages: one E820 entry each. */
static void fill_many(void)
{
	for (unsigned int i = 0; i < 2 * BP_E820_MAX; i++) {
		many[i].base = 0x100000 + i * 0x1000ULL;
		many[i].length = 0x1000;
		many[i].type = i % 2 ? BOOT_MEM_RESERVED : BOOT_MEM_RAM;
	}
}

static void test_e820_too_many(void **state)
{
	const struct jailhouse_memory regions[] = {
		MEM(0x0, 0x10000000, RWXD),
	};
	struct e820_sources s = {
		.regions = regions,
		.num_regions = 1,
		.fw_map = many,
	};

	fill_many();
	s.num_fw_map = BP_E820_MAX;
	assert_int_equal(build(&s), BP_E820_MAX);
	s.num_fw_map = BP_E820_MAX + 1;
	expect_err(build(&s), -E2BIG, "needs more than 128 entries");
	/* Nothing was written past the array. */
	assert_int_equal(out[BP_E820_MAX].addr, 0xa5a5a5a5a5a5a5a5ULL);
}

static void test_e820_empty(void **state)
{
	const struct e820_sources s = { 0 };

	assert_int_equal(build(&s), 0);
}

static void test_e820_malformed(void **state)
{
	struct e820_sources s = qemu_sources();
	struct jailhouse_memory regions[] = {
		MEM(0x0, 0x1000000, RWXD),
		MEM(0xfffffffffffff000ULL, 0x2000, RW),
	};
	struct boot_mem_range fw[] = {
		{ 0x0, 0x1000000, BOOT_MEM_RAM },
		{ 0xffffffffffff0000ULL, 0x10000, BOOT_MEM_RESERVED },
	};
	struct e820_range range[] = { { 0xfffffffffffff000ULL, 0x1000 } };

	s.regions = regions;
	s.num_regions = 2;
	expect_err(
		build(&s), -EINVAL,
		"root memory region 1 (0xfffffffffffff000, size 0x2000) wraps");

	regions[1].phys_start = 0x2000000;
	expect_err(
		build(&s), -EINVAL,
		"root memory region 1: virt_start 0xfffffffffffff000 differs from phys_start 0x2000000");

	/* A comm region's addresses are not checked: they mean nothing. */
	regions[1].flags |= JAILHOUSE_MEM_COMM_REGION;
	assert_true(build(&s) > 0);

	s.fw_map = fw;
	s.num_fw_map = 2;
	expect_err(
		build(&s), -EINVAL,
		"firmware memory map entry 1 (0xffffffffffff0000, length 0x10000) wraps");

	s.fw_map = qemu_fw;
	s.exclude = range;
	s.num_exclude = 1;
	expect_err(build(&s), -EINVAL, "excluded range 0");
	s.num_exclude = 0;
	s.reserve = range;
	s.num_reserve = 1;
	expect_err(build(&s), -EINVAL, "reserved range 0");
}

/* ---- bzImage: the real kernel ---- */

static uint8_t *kernel;
static size_t kernel_len;
static char kernel_release[128];

static int load_kernel(void **state)
{
	const char *build = getenv("WARDEN_BUILD");
	char path[512];
	FILE *f;
	long len;

	snprintf(path, sizeof(path), "%s/deps/kernel/vmlinuz",
		 build ? build : "build");
	f = fopen(path, "rb");
	if (!f)
		return 0; /* tests that need it skip */
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	kernel = malloc((size_t)len);
	if (!kernel || fread(kernel, 1, (size_t)len, f) != (size_t)len)
		return -1;
	kernel_len = (size_t)len;
	fclose(f);

	snprintf(path, sizeof(path), "%s/deps/kernel/release",
		 build ? build : "build");
	f = fopen(path, "r");
	if (f) {
		if (!fgets(kernel_release, sizeof(kernel_release), f))
			kernel_release[0] = 0;
		kernel_release[strcspn(kernel_release, "\n")] = 0;
		fclose(f);
	}
	return 0;
}

static int free_kernel(void **state)
{
	free(kernel);
	return 0;
}

static struct bzimage_info info;

static void test_stock_kernel(void **state)
{
	if (!kernel)
		skip();
	assert_int_equal(
		bzimage_check(kernel, kernel_len, &info, err, sizeof(err)), 0);
	print_message(
		"  protocol %u.%02u, setup_sects %u, kernel 0x%zx bytes at 0x%zx, init_size 0x%x, align 0x%x, xloadflags 0x%x, \"%s\"\n",
		info.version >> 8, info.version & 0xff, info.setup_sects,
		info.kernel_size, info.kernel_offset, info.init_size,
		info.kernel_alignment, info.xloadflags, info.kernel_version);
	assert_true(info.version >= 0x020c);
	assert_true(info.xloadflags & BP_XLF_KERNEL_64);
	assert_true(info.loadflags & BP_LOADED_HIGH);
	assert_true(info.relocatable);
	assert_int_equal(info.kernel_offset, (info.setup_sects + 1) * 512);
	assert_int_equal(info.kernel_offset + info.kernel_size, kernel_len);
	assert_int_equal(info.header_end, 0x202 + kernel[0x201]);
	assert_true(info.init_size >= info.kernel_size);
	assert_true(info.kernel_alignment >= 0x200000);
	assert_true(info.cmdline_size >= 255);
	if (kernel_release[0])
		assert_memory_equal(info.kernel_version, kernel_release,
				    strlen(kernel_release));
}

/* ---- bzImage: synthetic images ---- */

static uint8_t img[0x4000];
static const size_t img_len = 0x3000;

static int make_image(void **state)
{
	memset(img, 0, sizeof(img));
	img[0x1f1] = 3; /* kernel at 0x800 */
	put16(img + 0x1fe, 0xaa55);
	img[0x200] = 0xeb;
	img[0x201] = 0x6a; /* header ends at 0x26c */
	memcpy(img + 0x202, "HdrS", 4);
	put16(img + 0x206, 0x020f);
	put16(img + 0x20e, 0x400);
	strcpy((char *)img + 0x600, "6.99.0-test (warden@unit)");
	img[0x211] = BP_LOADED_HIGH;
	put32(img + 0x1f4, (0x3000 - 0x800) / 16);
	put32(img + 0x22c, 0x7fffffff);
	put32(img + 0x230, 0x200000);
	img[0x234] = 1;
	img[0x235] = 21;
	put16(img + 0x236, BP_XLF_KERNEL_64);
	put32(img + 0x238, 0x7ff);
	put32(img + 0x248, 0x100);
	put32(img + 0x24c, 0x2000);
	put64(img + 0x258, 0x1000000);
	put32(img + 0x260, 0x400000);
	memset(err, 0, sizeof(err));
	return 0;
}

static int check(size_t len)
{
	return bzimage_check(img, len, &info, err, sizeof(err));
}

static void test_synthetic_ok(void **state)
{
	assert_int_equal(check(img_len), 0);
	assert_int_equal(info.kernel_offset, 0x800);
	assert_int_equal(info.kernel_size, 0x2800);
	assert_int_equal(info.header_end, 0x26c);
	assert_string_equal(info.kernel_version, "6.99.0-test (warden@unit)");
	assert_int_equal(info.pref_address, 0x1000000);

	/* setup_sects 0 means 4 */
	img[0x1f1] = 0;
	put32(img + 0x1f4, 0x100);
	assert_int_equal(check(img_len), 0);
	assert_int_equal(info.setup_sects, 4);
	assert_int_equal(info.kernel_offset, 0xa00);
}

static void test_bad_too_short(void **state)
{
	expect_err(check(0x100), -EINVAL, "kernel image is 256 bytes");
	expect_err(bzimage_check(NULL, 0, &info, err, sizeof(err)), -EINVAL,
		   "too short");
}

static void test_bad_boot_flag(void **state)
{
	img[0x1fe] = 0;
	expect_err(
		check(img_len), -EINVAL,
		"0xaa00 at 0x1fe instead of the boot sector signature 0xaa55");
}

static void test_bad_hdrs(void **state)
{
	memcpy(img + 0x202, "HdrX", 4);
	expect_err(check(img_len), -EINVAL, "no \"HdrS\" setup header");
}

static void test_bad_old_protocol(void **state)
{
	put16(img + 0x206, 0x020a);
	expect_err(check(img_len), -EINVAL,
		   "boot protocol 2.10; 2.12 or later is needed");
}

static void test_bad_jump(void **state)
{
	img[0x200] = 0xe9;
	expect_err(check(img_len), -EINVAL, "bytes e9 6a at 0x200");
	img[0x200] = 0xeb;
	img[0x201] = 0x90; /* backwards */
	expect_err(check(img_len), -EINVAL, "bytes eb 90 at 0x200");
}

static void test_bad_header_too_short(void **state)
{
	img[0x201] = 0x20;
	expect_err(
		check(img_len), -EINVAL,
		"setup header ends at 0x222, before the end of the protocol 2.12 fields");
}

static void test_bad_header_past_image(void **state)
{
	expect_err(check(0x240), -EINVAL,
		   "image is 576 bytes, but its setup header ends at 0x26c");
}

static void test_bad_setup_sects(void **state)
{
	img[0x1f1] = 0x30;
	expect_err(
		check(img_len), -EINVAL,
		"setup_sects 48 puts the kernel at 0x6200, but the image is only 12288 bytes");
	img[0x1f1] = 0x17; /* kernel would start exactly at the end */
	expect_err(check(img_len), -EINVAL, "setup_sects 23");
}

static void test_bad_not_bzimage(void **state)
{
	img[0x211] = 0;
	expect_err(check(img_len), -EINVAL, "lack LOADED_HIGH");
}

static void test_bad_no_64bit_entry(void **state)
{
	put16(img + 0x236, BP_XLF_CAN_BE_LOADED_ABOVE_4G);
	expect_err(check(img_len), -EINVAL,
		   "xloadflags 0x0002 lack XLF_KERNEL_64");
}

static void test_bad_truncated(void **state)
{
	/* The header promises more kernel than the file has. */
	expect_err(
		check(0x2000), -EINVAL,
		"syssize gives 0x2800 bytes of kernel, but only 0x1800 follow");
	put32(img + 0x1f4, 0x100);
	expect_err(
		check(0x2000), -EINVAL,
		"payload at 0x100, length 0x2000, runs past the 0x1800 kernel bytes");
}

static void test_bad_alignment(void **state)
{
	put32(img + 0x230, 0x300000);
	expect_err(check(img_len), -EINVAL,
		   "kernel_alignment 0x300000 is not a power of two");
	put32(img + 0x230, 0x100000);
	expect_err(check(img_len), -EINVAL,
		   "min_alignment 2^21 exceeds kernel_alignment 0x100000");
	img[0x234] = 0; /* not relocatable: pref_address must do */
	put64(img + 0x258, 0);
	expect_err(check(img_len), -EINVAL, "not relocatable");
}

static void test_bad_init_size(void **state)
{
	put32(img + 0x260, 0x1000);
	expect_err(check(img_len), -EINVAL,
		   "init_size 0x1000 is smaller than the 0x2800 kernel bytes");
}

static void test_bad_cmdline_size(void **state)
{
	put32(img + 0x238, 0);
	expect_err(check(img_len), -EINVAL, "cmdline_size is 0");
}

/* ---- zero page ---- */

static uint8_t zp[BP_ZERO_PAGE_SIZE];

static struct boot_params_args qemu_args(const uint8_t *image, size_t size)
{
	struct boot_params_args a = {
		.image = image,
		.image_size = size,
		.info = &info,
		.kernel_phys = 0x1000000,
		.zero_page_phys = 0x7000,
		.cmdline_phys = 0x8000,
		.cmdline = "console=ttyS1,115200 root=/dev/ram0",
		.initrd_phys = 0x30000000,
		.initrd_size = 0x123456,
		.rsdp_phys = 0xf59e0,
		.mem = qemu_sources(),
	};

	return a;
}

static int build_zp(const struct boot_params_args *a)
{
	memset(zp, 0xcc, sizeof(zp));
	return boot_params_build(zp, a, err, sizeof(err));
}

static void test_zero_page_stock_kernel(void **state)
{
	struct boot_params_args a;

	if (!kernel)
		skip();
	assert_int_equal(
		bzimage_check(kernel, kernel_len, &info, err, sizeof(err)), 0);
	a = qemu_args(kernel, kernel_len);
	assert_int_equal(build_zp(&a), 0);

	/* Outside the setup header: zero unless written on purpose. */
	for (unsigned int i = 0; i < 0x1f1; i++) {
		if (i >= 0x070 && i < 0x078)
			continue; /* acpi_rsdp_addr */
		if (i == 0x1e8)
			continue; /* e820_entries */
		if (zp[i])
			fail_msg("zero page byte 0x%x is 0x%02x", i, zp[i]);
	}
	assert_int_equal(zp[0x1ef], 0); /* sentinel */
	assert_int_equal(rd64(zp + 0x070), 0xf59e0);
	assert_int_equal(rd32(zp + 0x0c0), 0);
	assert_int_equal(rd32(zp + 0x0c4), 0);
	assert_int_equal(rd32(zp + 0x0c8), 0);

	/* The setup header is the image's, with the loader fields set. */
	assert_memory_equal(zp + 0x1f1, kernel + 0x1f1, 0x210 - 0x1f1);
	assert_memory_equal(zp + 0x202, "HdrS", 4);
	assert_int_equal(zp[0x210], 0xff); /* type_of_loader */
	assert_int_equal(zp[0x211] & BP_LOADED_HIGH, BP_LOADED_HIGH);
	assert_int_equal(zp[0x211] & BP_CAN_USE_HEAP, 0);
	assert_int_equal(rd32(zp + 0x214), 0x1000000); /* code32_start */
	assert_int_equal(rd32(zp + 0x218), 0x30000000);
	assert_int_equal(rd32(zp + 0x21c), 0x123456);
	assert_int_equal(rd16(zp + 0x224), 0);
	assert_int_equal(rd32(zp + 0x228), 0x8000);
	assert_memory_equal(zp + 0x230, kernel + 0x230, 0x250 - 0x230);
	assert_int_equal(rd64(zp + 0x250), 0); /* setup_data */
	assert_memory_equal(zp + 0x258, kernel + 0x258, 0x268 - 0x258);
	for (unsigned int i = 0x202 + kernel[0x201]; i < 0x2d0; i++)
		assert_int_equal(zp[i], 0);

	/* The E820 table, 20 bytes per entry. */
	assert_int_equal(zp[0x1e8], 9);
	for (unsigned int i = 0; i < 9; i++) {
		const uint8_t *e = zp + 0x2d0 + 20 * i;

		assert_int_equal(rd64(e), qemu_e820[i].addr);
		assert_int_equal(rd64(e + 8), qemu_e820[i].size);
		assert_int_equal(rd32(e + 16), qemu_e820[i].type);
	}
	for (unsigned int i = 0x2d0 + 20 * 9; i < sizeof(zp); i++)
		assert_int_equal(zp[i], 0);
}

static void test_zero_page_high_addresses(void **state)
{
	const struct boot_mem_range fw[] = {
		{ 0x0, 0x9fc00, BOOT_MEM_RAM },
		{ 0x100000, 0x7ff00000, BOOT_MEM_RAM },
		{ 0x100000000ULL, 0x40000000, BOOT_MEM_RAM },
	};
	const struct jailhouse_memory regions[] = {
		MEM(0x0, 0x140000000ULL, RWXD),
	};
	struct boot_params_args a = qemu_args(img, img_len);

	a.mem.fw_map = fw;
	a.mem.num_fw_map = 3;
	a.mem.regions = regions;
	a.mem.num_regions = 1;
	a.mem.num_exclude = 0;
	a.cmdline_phys = 0x120000000ULL;
	a.initrd_phys = 0x130000000ULL;

	/* The synthetic kernel cannot take anything above 4 GiB ... */
	assert_int_equal(check(img_len), 0);
	expect_err(build_zp(&a), -EINVAL, "initrd at 0x130000000");
	a.initrd_phys = 0x7ff00000;
	expect_err(build_zp(&a), -EINVAL,
		   "ends above the kernel's initrd_addr_max 0x7fffffff");
	a.initrd_phys = 0x30000000;
	expect_err(build_zp(&a), -EINVAL,
		   "command line at 0x120000000-0x120000023 lies above 4 GiB");

	/* ... one with XLF_CAN_BE_LOADED_ABOVE_4G can. */
	put16(img + 0x236, BP_XLF_KERNEL_64 | BP_XLF_CAN_BE_LOADED_ABOVE_4G);
	assert_int_equal(check(img_len), 0);
	a.initrd_phys = 0x130000000ULL;
	assert_int_equal(build_zp(&a), 0);
	assert_int_equal(rd32(zp + 0x228), 0x20000000);
	assert_int_equal(rd32(zp + 0x0c8), 1);
	assert_int_equal(rd32(zp + 0x218), 0x30000000);
	assert_int_equal(rd32(zp + 0x0c0), 1);
}

static void test_zero_page_errors(void **state)
{
	struct boot_params_args a = qemu_args(img, img_len);
	char longline[0x900];

	assert_int_equal(check(img_len), 0);
	assert_int_equal(build_zp(&a), 0);

	a.kernel_phys = 0x1100000;
	expect_err(
		build_zp(&a), -EINVAL,
		"kernel load address 0x1100000 is not aligned to the kernel's kernel_alignment 0x200000");
	a.kernel_phys = 0x3a000000; /* the hypervisor's */
	expect_err(
		build_zp(&a), -EINVAL,
		"kernel (init_size) at 0x3a000000-0x3a3fffff is not inside RAM");
	a.kernel_phys = 0x39e00000; /* init_size runs into it */
	expect_err(build_zp(&a), -EINVAL, "kernel (init_size) at 0x39e00000");
	a.kernel_phys = 0x1000000;

	a.zero_page_phys = 0xa0000;
	expect_err(build_zp(&a), -EINVAL, "zero page at 0xa0000-0xa0fff");
	a.zero_page_phys = 0x7000;

	a.initrd_phys = 0x1200000;
	expect_err(
		build_zp(&a), -EINVAL,
		"initrd at 0x1200000-0x1323455 overlaps kernel (init_size) at 0x1000000-0x13fffff");
	a.initrd_phys = 0x30000000;

	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = 0;
	a.cmdline = longline;
	expect_err(build_zp(&a), -EINVAL,
		   "longer than the 2047 characters the kernel accepts");
	a.cmdline = NULL;
	expect_err(build_zp(&a), -EINVAL, "no kernel command line");
	a.cmdline = "";
	a.cmdline_phys = 0;
	expect_err(build_zp(&a), -EINVAL, "no kernel command line");
	a.cmdline_phys = 0x8000;

	/* Not relocatable: only pref_address will do. */
	img[0x234] = 0;
	assert_int_equal(check(img_len), 0);
	a.kernel_phys = 0x1200000;
	expect_err(build_zp(&a), -EINVAL,
		   "must be loaded at 0x1000000, not 0x1200000");
	a.kernel_phys = 0x1000000;
	assert_int_equal(build_zp(&a), 0);

	/* A map error comes through unchanged. */
	fill_many();
	a.mem.fw_map = many;
	a.mem.num_fw_map = BP_E820_MAX + 1;
	expect_err(build_zp(&a), -E2BIG, "needs more than 128 entries");

	/* info that does not belong to the image */
	a.image_size = 0x100;
	expect_err(build_zp(&a), -EINVAL,
		   "kernel image information does not match");
}

/* ---- screen_info ---- */

static const struct boot_framebuffer gop_fb = {
	.address = 0xc0000000,
	.pitch = 5120,
	.width = 1280,
	.height = 800,
	.bpp = 32,
	.type = 1,
	.red_pos = 16,
	.red_size = 8,
	.green_pos = 8,
	.green_size = 8,
	.blue_pos = 0,
	.blue_size = 8,
};

static void test_screen_info_gop(void **state)
{
	struct bp_screen_info si;
	const uint8_t *raw = (const uint8_t *)&si;

	assert_int_equal(screen_info_from_fb(&si, &gop_fb, BP_VIDEO_TYPE_EFI,
					     err, sizeof(err)),
			 0);
	/* Byte offsets as the kernel reads them (zero-page.rst). */
	assert_int_equal(raw[0x0f], 0x70);
	assert_int_equal(raw[0x12] | raw[0x13] << 8, 1280);
	assert_int_equal(raw[0x14] | raw[0x15] << 8, 800);
	assert_int_equal(raw[0x16], 32);
	assert_int_equal(si.lfb_base, 0xc0000000);
	assert_int_equal(si.lfb_size, 5120 * 800);
	assert_int_equal(raw[0x24] | raw[0x25] << 8, 5120);
	assert_int_equal(raw[0x26], 8); /* red size, position */
	assert_int_equal(raw[0x27], 16);
	assert_int_equal(raw[0x29], 8); /* green position */
	assert_int_equal(raw[0x2b], 0); /* blue position */
	assert_int_equal(raw[0x2c], 8); /* reserved: the top byte */
	assert_int_equal(raw[0x2d], 24);
	assert_int_equal(si.capabilities, 0);
	assert_int_equal(si.ext_lfb_base, 0);
}

static void test_screen_info_high_base_and_vesa(void **state)
{
	struct boot_framebuffer fb = gop_fb;
	struct bp_screen_info si;

	fb.address = 0x80000000000ull;
	assert_int_equal(screen_info_from_fb(&si, &fb, BP_VIDEO_TYPE_VLFB, err,
					     sizeof(err)),
			 0);
	assert_int_equal(si.orig_video_is_vga, 0x23);
	assert_int_equal(si.lfb_base, 0);
	assert_int_equal(si.ext_lfb_base, 0x800);
	assert_int_equal(si.capabilities, BP_VIDEO_CAPABILITY_64BIT_BASE);
}

static void test_screen_info_rejects(void **state)
{
	struct boot_framebuffer fb;
	struct bp_screen_info si;

	fb = gop_fb;
	fb.type = 2; /* EGA text */
	assert_int_equal(screen_info_from_fb(&si, &fb, BP_VIDEO_TYPE_EFI, err,
					     sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "type 2"));
	assert_int_equal(si.orig_video_is_vga, 0);

	fb = gop_fb;
	fb.pitch = 1280 * 4 - 1;
	assert_int_equal(screen_info_from_fb(&si, &fb, BP_VIDEO_TYPE_EFI, err,
					     sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "pitch 5119"));

	fb = gop_fb;
	fb.height = 0x10000;
	assert_int_equal(screen_info_from_fb(&si, &fb, BP_VIDEO_TYPE_EFI, err,
					     sizeof(err)),
			 -EINVAL);

	fb = gop_fb;
	fb.red_pos = 30;
	assert_int_equal(screen_info_from_fb(&si, &fb, BP_VIDEO_TYPE_EFI, err,
					     sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "colour"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_e820_qemu_reference),
		cmocka_unit_test(test_e820_qemu_without_shmem_regions),
		cmocka_unit_test(test_e820_qemu_upstream_window),
		cmocka_unit_test(test_e820_reserve_page),
		cmocka_unit_test(test_e820_overlapping_unsorted),
		cmocka_unit_test(test_e820_region_kinds),
		cmocka_unit_test(test_e820_page_edges),
		cmocka_unit_test(test_e820_too_many),
		cmocka_unit_test(test_e820_empty),
		cmocka_unit_test(test_e820_malformed),
		cmocka_unit_test(test_stock_kernel),
		cmocka_unit_test_setup(test_synthetic_ok, make_image),
		cmocka_unit_test_setup(test_bad_too_short, make_image),
		cmocka_unit_test_setup(test_bad_boot_flag, make_image),
		cmocka_unit_test_setup(test_bad_hdrs, make_image),
		cmocka_unit_test_setup(test_bad_old_protocol, make_image),
		cmocka_unit_test_setup(test_bad_jump, make_image),
		cmocka_unit_test_setup(test_bad_header_too_short, make_image),
		cmocka_unit_test_setup(test_bad_header_past_image, make_image),
		cmocka_unit_test_setup(test_bad_setup_sects, make_image),
		cmocka_unit_test_setup(test_bad_not_bzimage, make_image),
		cmocka_unit_test_setup(test_bad_no_64bit_entry, make_image),
		cmocka_unit_test_setup(test_bad_truncated, make_image),
		cmocka_unit_test_setup(test_bad_alignment, make_image),
		cmocka_unit_test_setup(test_bad_init_size, make_image),
		cmocka_unit_test_setup(test_bad_cmdline_size, make_image),
		cmocka_unit_test(test_zero_page_stock_kernel),
		cmocka_unit_test_setup(test_zero_page_high_addresses,
				       make_image),
		cmocka_unit_test_setup(test_zero_page_errors, make_image),
		cmocka_unit_test(test_screen_info_gop),
		cmocka_unit_test(test_screen_info_high_base_and_vesa),
		cmocka_unit_test(test_screen_info_rejects),
	};

	return cmocka_run_group_tests(tests, load_kernel, free_kernel);
}
