// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for warden.efi's hypervisor image checks (efi/image.c): a
 * small ELF file with a multiboot2 header is built here and then broken
 * in each way the loader must notice before it allocates or copies. The
 * real build/warden.bin is checked too when it has been built.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <warden/multiboot2_header.h>

#include "image.h"

#define FILE_SIZE 0x3000
#define SEG0_OFF 0x1000
#define SEG0_PADDR 0x200000
#define SEG1_OFF 0x2000
#define SEG1_PADDR 0x21e000
#define HDR_OFF 0x1000 /* multiboot2 header: start of segment 0 */
#define ENTRY64 (SEG0_PADDR + 0x100)

static uint8_t f[FILE_SIZE];
static struct image_info info;
static char err[160];

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint8_t *phdr(int i)
{
	return f + 64 + i * 56;
}

static void set_phdr(int i, uint32_t type, uint64_t off, uint64_t paddr,
		     uint64_t filesz, uint64_t memsz)
{
	uint8_t *p = phdr(i);

	put32(p, type);
	put32(p + 4, 7);
	put64(p + 8, off);
	put64(p + 16, paddr); /* vaddr: not used */
	put64(p + 24, paddr);
	put64(p + 32, filesz);
	put64(p + 40, memsz);
	put64(p + 48, 0x1000);
}

static void set_checksum(uint8_t *h)
{
	uint32_t sum = MB2_HEADER_MAGIC + 0 + (h[8] | h[9] << 8);

	put32(h + 12, (uint32_t)-sum);
}

/*
 * Header with the tags warden.bin carries; entry64 0 leaves tag 9 out,
 * extra_type adds one more tag with the given flags.
 */
static void set_mb2(uint32_t entry64, uint16_t extra_type, uint16_t flags)
{
	uint8_t *h = f + HDR_OFF;
	size_t o = 16;

	memset(h, 0, 256);
	put32(h, MB2_HEADER_MAGIC);
	put32(h + 4, MB2_ARCH_I386);
	/* Info request (optional) for two tags. */
	put16(h + o, MB2_HEADER_TAG_INFO_REQUEST);
	put16(h + o + 2, MB2_HEADER_TAG_OPTIONAL);
	put32(h + o + 4, 16);
	put32(h + o + 8, MB2_TAG_CMDLINE);
	put32(h + o + 12, MB2_TAG_MMAP);
	o += 16;
	put16(h + o, MB2_HEADER_TAG_EFI_BS);
	put32(h + o + 4, 8);
	o += 8;
	if (entry64) {
		put16(h + o, MB2_HEADER_TAG_ENTRY_EFI64);
		put32(h + o + 4, 12);
		put32(h + o + 8, entry64);
		o += 16;
	}
	if (extra_type) {
		put16(h + o, extra_type);
		put16(h + o + 2, flags);
		put32(h + o + 4, 8);
		o += 8;
	}
	put16(h + o, MB2_HEADER_TAG_END);
	put32(h + o + 4, 8);
	o += 8;
	put32(h + 8, (uint32_t)o);
	set_checksum(h);
}

static void build(void)
{
	memset(f, 0, sizeof(f));
	memcpy(f,
	       "\x7f"
	       "ELF",
	       4);
	f[4] = 2; /* 64-bit */
	f[5] = 1; /* little endian */
	f[6] = 1;
	put16(f + 16, 2); /* ET_EXEC */
	put16(f + 18, 62); /* x86-64 */
	put32(f + 20, 1);
	put64(f + 24, ENTRY64);
	put64(f + 32, 64); /* phoff */
	put16(f + 52, 64);
	put16(f + 54, 56);
	put16(f + 56, 3);
	set_phdr(0, 1, SEG0_OFF, SEG0_PADDR, 0x1000, 0x1000);
	set_phdr(1, 4, 0, 0, 0x10, 0x10); /* PT_NOTE: ignored */
	set_phdr(2, 1, SEG1_OFF, SEG1_PADDR, 0x800, 0x59000);
	set_mb2(ENTRY64, 0, 0);
}

static int check(size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	int ret;

	memcpy(copy, f, size);
	ret = image_check(copy, size, &info, err, sizeof(err));
	free(copy);
	return ret;
}

static void expect(const char *msg)
{
	assert_int_equal(check(sizeof(f)), -1);
	if (!strstr(err, msg))
		fail_msg("error '%s' does not contain '%s'", err, msg);
}

static void test_good(void **state)
{
	build();
	assert_int_equal(check(sizeof(f)), 0);
	assert_int_equal(info.num_segments, 2);
	assert_int_equal(info.segments[0].paddr, SEG0_PADDR);
	assert_int_equal(info.segments[0].offset, SEG0_OFF);
	assert_int_equal(info.segments[1].filesz, 0x800);
	assert_int_equal(info.segments[1].memsz, 0x59000);
	assert_int_equal(info.entry_efi64, ENTRY64);
}

static void test_bad_elf(void **state)
{
	build();
	assert_int_equal(check(63), -1);
	assert_non_null(strstr(err, "too short for an ELF header"));
	f[1] = 'X';
	expect("not an ELF file");
	build();
	f[4] = 1;
	expect("not a little-endian 64-bit ELF file");
	build();
	put16(f + 18, 3);
	expect("not an x86-64 executable");
	build();
	put16(f + 54, 64);
	expect("program header size 64");
	build();
	put16(f + 56, 0xffff);
	expect("65535 program headers at offset 0x40 run past the end");
	build();
	put64(f + 32, UINT64_MAX - 8);
	expect("run past the end of the file");
}

static void test_bad_segments(void **state)
{
	build();
	set_phdr(0, 1, SEG0_OFF, SEG0_PADDR, 0x2000, 0x1000);
	expect("segment 0: file size 0x2000 exceeds memory size 0x1000");
	build();
	set_phdr(2, 1, SEG1_OFF, SEG1_PADDR, 0x1001, 0x59000);
	expect("segment 2: 0x1001 bytes at offset 0x2000 run past the end");
	build();
	set_phdr(2, 1, UINT64_MAX - 0x10, SEG1_PADDR, 0x800, 0x59000);
	expect("run past the end of the file");
	build();
	set_phdr(2, 1, SEG1_OFF, SEG1_PADDR + 4, 0x800, 0x59000);
	expect("segment 2: physical 0x21e004");
	build();
	set_phdr(2, 1, SEG1_OFF, 0x1000, 0x800, 0x1000);
	expect("not 4 KiB aligned between 1 MiB and 4 GiB");
	build();
	set_phdr(2, 1, SEG1_OFF, 0xfffff000, 0x800, 0x2000);
	expect("segment 2: physical 0xfffff000");
	build();
	set_phdr(2, 1, SEG1_OFF, 0xfffff000, 0x800, UINT64_MAX);
	expect("segment 2: physical 0xfffff000");
	build();
	set_phdr(2, 1, SEG1_OFF, SEG0_PADDR + 0x800, 0x800, 0x1000);
	expect("is not 4 KiB aligned"); /* unaligned first */
	build();
	set_phdr(2, 1, SEG1_OFF, SEG0_PADDR, 0x800, 0x1000);
	expect("segment 2 (0x200000-0x200fff) overlaps an earlier one");
	build();
	set_phdr(0, 4, 0, 0, 0, 0);
	set_phdr(2, 1, SEG1_OFF, SEG1_PADDR, 0, 0); /* empty: skipped */
	expect("no loadable segment");
}

static void test_bad_mb2(void **state)
{
	build();
	put32(f + HDR_OFF, 0);
	expect("no multiboot2 header in the first 32768 bytes");
	build();
	put32(f + HDR_OFF + 12, 1); /* checksum */
	expect("no multiboot2 header");
	build();
	set_mb2(0, 0, 0);
	expect("no EFI amd64 entry (tag 9)");
	build();
	set_mb2(SEG1_PADDR + 0x800, 0, 0); /* in bss: nothing to run there */
	expect("EFI amd64 entry 0x21e800 is not inside a loaded segment");
	build();
	set_mb2(ENTRY64, 2, 0); /* address tag, required */
	expect("required tag type 2");
	build();
	set_mb2(ENTRY64, 2, MB2_HEADER_TAG_OPTIONAL);
	assert_int_equal(check(sizeof(f)), 0);
	build();
	set_mb2(ENTRY64, 0, 0);
	put16(f + HDR_OFF + 18, 0); /* info request becomes required */
	expect("requires boot information tag 6");
	build();
	put32(f + HDR_OFF + 16 + 4, 0x1000); /* first tag's size */
	expect("size 4096 is outside 8..");
	build();
	put32(f + HDR_OFF + 8, 0x8000);
	set_checksum(f + HDR_OFF);
	expect("length 32768 is outside 24..");
	/* The header must be in the file's first 32 KiB, inside the file. */
	build();
	assert_int_equal(check(HDR_OFF + 8), -1);
}

static void test_real_image(void **state)
{
	const char *dir = getenv("WARDEN_BUILD");
	char path[512];
	uint8_t *data;
	long size;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/warden.bin", dir ? dir : "build");
	fp = fopen(path, "rb");
	if (!fp)
		skip();
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	data = malloc(size);
	assert_int_equal(fread(data, 1, size, fp), (size_t)size);
	fclose(fp);
	assert_int_equal(image_check(data, size, &info, err, sizeof(err)), 0);
	assert_true(info.num_segments >= 1);
	assert_int_equal(info.segments[0].paddr, 0x200000);
	assert_true(info.entry_efi64 > 0x200000);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad_elf),
		cmocka_unit_test(test_bad_segments),
		cmocka_unit_test(test_bad_mb2),
		cmocka_unit_test(test_real_image),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
