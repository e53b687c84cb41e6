// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for efi_memmap_to_boot (boot/efi_memmap.c). Maps are built
 * with 48-byte descriptors, the size current firmware reports, so the code
 * is exercised with a desc_size larger than the UEFI structure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <warden/boot_info.h>
#include <warden/efi_memmap.h>

#define DESC 48
#define PAGE 4096ULL

struct map {
	uint8_t buf[DESC * 8192];
	size_t len;
};

static struct map map;
static struct boot_info bi;
static char err[BOOT_ERROR_LEN];

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

static int setup(void **state)
{
	memset(&map, 0, sizeof(map));
	memset(&bi, 0xa5, sizeof(bi)); /* conversion must overwrite it */
	memset(err, 0, sizeof(err));
	return 0;
}

/* Append a descriptor; the bytes beyond the UEFI structure are junk. */
static void add(uint32_t type, uint64_t base, uint64_t pages)
{
	uint8_t *d = map.buf + map.len;

	memset(d, 0xee, DESC);
	put32(d + EFI_MD_TYPE, type);
	put64(d + EFI_MD_PHYSICAL_START, base);
	put64(d + EFI_MD_VIRTUAL_START, 0);
	put64(d + EFI_MD_NUMBER_OF_PAGES, pages);
	put64(d + EFI_MD_ATTRIBUTE, 0xf);
	map.len += DESC;
}

/* Convert from a heap copy of exactly map.len bytes, so ASan sees reads. */
static int convert_desc(size_t desc_size)
{
	void *copy = malloc(map.len ? map.len : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, map.buf, map.len);
	ret = efi_memmap_to_boot(copy, map.len, desc_size, &bi, err,
				 sizeof(err));
	free(copy);
	if (ret)
		assert_int_equal(bi.num_memmap, 0);
	else
		assert_string_equal(err, "");
	return ret;
}

static int convert(void)
{
	return convert_desc(DESC);
}

static void expect_range(unsigned int i, uint64_t base, uint64_t length,
			 uint32_t type)
{
	assert_true(i < bi.num_memmap);
	assert_int_equal(bi.memmap[i].base, base);
	assert_int_equal(bi.memmap[i].length, length);
	assert_int_equal(bi.memmap[i].type, type);
}

static void expect_error(int ret, int want, const char *substring)
{
	assert_int_equal(ret, want);
	if (!strstr(err, substring))
		fail_msg("error \"%s\" lacks \"%s\"", err, substring);
	assert_int_equal(strncmp(err, "efi memmap: ", 12), 0);
}

/* An OVMF-like map: every type, unsorted, with mergeable neighbours. */
static void test_valid_map(void **state)
{
	add(EFI_BOOT_SERVICES_CODE, 0x0, 1);
	add(EFI_CONVENTIONAL_MEMORY, 0x1000, 0x9f);
	add(EFI_RESERVED_MEMORY_TYPE, 0xa0000, 0x60);
	add(EFI_LOADER_CODE, 0x100000, 0x100);
	add(EFI_LOADER_DATA, 0x200000, 0x10);
	add(EFI_BOOT_SERVICES_DATA, 0x210000, 0x1f0);
	add(EFI_ACPI_RECLAIM_MEMORY, 0x7f000000, 0x10);
	add(EFI_ACPI_MEMORY_NVS, 0x7f010000, 0x10);
	add(EFI_RUNTIME_SERVICES_CODE, 0x7f020000, 0x20);
	add(EFI_RUNTIME_SERVICES_DATA, 0x7f040000, 0x20);
	add(EFI_CONVENTIONAL_MEMORY, 0x400000, 0x1000);
	add(EFI_UNUSABLE_MEMORY, 0x1400000, 1);
	add(EFI_MEMORY_MAPPED_IO, 0xfec00000, 1);
	add(EFI_MEMORY_MAPPED_IO_PORT_SPACE, 0xfec01000, 1);
	add(EFI_PAL_CODE, 0xfed00000, 1);
	add(EFI_PERSISTENT_MEMORY, 0x100000000ULL, 0x100);
	add(EFI_UNACCEPTED_MEMORY, 0x200000000ULL, 0x100);
	add(0x7000000f, 0x200100000ULL, 0x100); /* OEM type */
	add(EFI_CONVENTIONAL_MEMORY, 0x400000000ULL, 0x40000);

	assert_int_equal(convert(), 0);
	assert_int_equal(bi.num_memmap, 12);
	expect_range(0, 0x0, 0xa0000, BOOT_MEM_RAM);
	expect_range(1, 0xa0000, 0x60000, BOOT_MEM_RESERVED);
	expect_range(2, 0x100000, 0x1300000, BOOT_MEM_RAM);
	expect_range(3, 0x1400000, 0x1000, BOOT_MEM_BAD);
	expect_range(4, 0x7f000000, 0x10000, BOOT_MEM_ACPI);
	expect_range(5, 0x7f010000, 0x10000, BOOT_MEM_NVS);
	expect_range(6, 0x7f020000, 0x40000, BOOT_MEM_RESERVED);
	expect_range(7, 0xfec00000, 0x2000, BOOT_MEM_RESERVED);
	expect_range(8, 0xfed00000, 0x1000, BOOT_MEM_RESERVED);
	expect_range(9, 0x100000000ULL, 0x100000, BOOT_MEM_RESERVED);
	/* Unaccepted and OEM memory are contiguous: merged. */
	expect_range(10, 0x200000000ULL, 0x200000, BOOT_MEM_RESERVED);
	expect_range(11, 0x400000000ULL, 0x40000000, BOOT_MEM_RAM);
}

static void test_sorted_output(void **state)
{
	/* Descending input with gaps: nothing merges, output ascends. */
	for (uint64_t i = 0; i < 100; i++)
		add(i % 2 ? EFI_CONVENTIONAL_MEMORY : EFI_ACPI_MEMORY_NVS,
		    (100 - i) * 0x10000, 1);
	assert_int_equal(convert(), 0);
	assert_int_equal(bi.num_memmap, 100);
	for (unsigned int i = 0; i < 100; i++)
		assert_int_equal(bi.memmap[i].base, (i + 1) * 0x10000ULL);
}

static void test_merge_overlap_same_type(void **state)
{
	/* Overlapping, contained, duplicated and touching RAM: one range. */
	add(EFI_CONVENTIONAL_MEMORY, 0x100000, 0x100);
	add(EFI_BOOT_SERVICES_DATA, 0x180000, 0x100);
	add(EFI_LOADER_DATA, 0x120000, 0x10);
	add(EFI_CONVENTIONAL_MEMORY, 0x100000, 0x100);
	add(EFI_BOOT_SERVICES_CODE, 0x280000, 0x80);
	assert_int_equal(convert(), 0);
	assert_int_equal(bi.num_memmap, 1);
	expect_range(0, 0x100000, 0x200000, BOOT_MEM_RAM);
}

/* Many unsorted pieces that only merge into few ranges at the end. */
static void test_merge_interleaved(void **state)
{
	for (uint64_t i = 0; i < 1000; i += 2)
		add(EFI_CONVENTIONAL_MEMORY, i * PAGE, 1);
	for (uint64_t i = 1; i < 1000; i += 2)
		add(EFI_BOOT_SERVICES_DATA, i * PAGE, 1);
	assert_int_equal(convert(), 0);
	assert_int_equal(bi.num_memmap, 1);
	expect_range(0, 0, 1000 * PAGE, BOOT_MEM_RAM);
}

static void test_zero_pages_dropped(void **state)
{
	add(EFI_CONVENTIONAL_MEMORY, 0x1000, 0);
	add(EFI_ACPI_MEMORY_NVS, 0x2000, 1);
	/* Would overlap the NVS page if it counted. */
	add(EFI_CONVENTIONAL_MEMORY, 0x2000, 0);
	assert_int_equal(convert(), 0);
	assert_int_equal(bi.num_memmap, 1);
	expect_range(0, 0x2000, 0x1000, BOOT_MEM_NVS);
}

static void test_empty_map(void **state)
{
	assert_int_equal(convert(), 0);
	assert_int_equal(bi.num_memmap, 0);
	assert_int_equal(efi_memmap_to_boot(NULL, 0, 48, &bi, err, sizeof(err)),
			 0);
}

static void test_overlap_different_types(void **state)
{
	add(EFI_CONVENTIONAL_MEMORY, 0x100000, 0x100);
	add(EFI_RUNTIME_SERVICES_DATA, 0x1ff000, 2);
	expect_error(
		convert(), -EINVAL,
		"descriptor 1 (type 6, 0x1ff000-0x200fff) overlaps descriptor 0 (type 7, 0x100000-0x1fffff)");
}

/* The range's far end came from a later-merged descriptor: name that. */
static void test_overlap_names_furthest(void **state)
{
	add(EFI_CONVENTIONAL_MEMORY, 0x0, 0x10);
	add(EFI_LOADER_DATA, 0x8000, 0x10);
	add(EFI_ACPI_RECLAIM_MEMORY, 0x10000, 1);
	expect_error(
		convert(), -EINVAL,
		"descriptor 2 (type 9, 0x10000-0x10fff) overlaps descriptor 1 (type 2, 0x8000-0x17fff)");
}

static void test_bad_desc_size(void **state)
{
	add(EFI_CONVENTIONAL_MEMORY, 0, 1);
	expect_error(convert_desc(32), -EINVAL, "descriptor size 32");
	expect_error(convert_desc(0), -EINVAL, "descriptor size 0");
	expect_error(convert_desc(44), -EINVAL, "descriptor size 44");
	/* 48 bytes of map are not a whole number of 40-byte descriptors. */
	expect_error(
		convert_desc(40), -EINVAL,
		"map size 48 is not a whole number of 40-byte descriptors");
	map.len = 47;
	expect_error(convert_desc(DESC), -EINVAL, "map size 47");
	expect_error(efi_memmap_to_boot(NULL, 48, 48, &bi, err, sizeof(err)),
		     -EINVAL, "no map given");
}

static void test_pages_overflow(void **state)
{
	add(EFI_CONVENTIONAL_MEMORY, 0x1000, 1ULL << 52);
	expect_error(
		convert(), -EINVAL,
		"descriptor 0 (type 7) at 0x1000: NumberOfPages 0x10000000000000 runs past the end of the 64-bit address space");

	setup(NULL);
	/* Multiplying by 4096 alone would wrap to 0. */
	add(EFI_CONVENTIONAL_MEMORY, 0, 1ULL << 63);
	expect_error(convert(), -EINVAL, "NumberOfPages 0x8000000000000000");

	setup(NULL);
	/* The very last page: its end is 2^64, not representable. */
	add(EFI_MEMORY_MAPPED_IO, 0xfffffffffffff000ULL, 1);
	expect_error(convert(), -EINVAL, "runs past the end");

	setup(NULL);
	add(EFI_MEMORY_MAPPED_IO, 0xffffffffffffe000ULL, 1);
	assert_int_equal(convert(), 0);
	expect_range(0, 0xffffffffffffe000ULL, PAGE, BOOT_MEM_RESERVED);
}

static void test_unaligned_start(void **state)
{
	add(EFI_CONVENTIONAL_MEMORY, 0x1000, 1);
	add(EFI_CONVENTIONAL_MEMORY, 0x10080, 1);
	expect_error(
		convert(), -EINVAL,
		"descriptor 1 (type 7) PhysicalStart 0x10080 is not 4 KiB aligned");
}

static void test_too_many_ranges(void **state)
{
	for (uint64_t i = 0; i < BOOT_MAX_MEMMAP; i++)
		add(EFI_CONVENTIONAL_MEMORY, i * 2 * PAGE, 1);
	assert_int_equal(convert(), 0);
	assert_int_equal(bi.num_memmap, BOOT_MAX_MEMMAP);

	add(EFI_CONVENTIONAL_MEMORY, BOOT_MAX_MEMMAP * 2 * PAGE, 1);
	expect_error(convert(), -ENOSPC, "more than 128 ranges");
}

static void test_too_many_descriptors(void **state)
{
	for (uint64_t i = 0; i <= EFI_MEMMAP_MAX_DESCRIPTORS; i++)
		add(EFI_CONVENTIONAL_MEMORY, i * PAGE, 1);
	expect_error(convert(), -ENOSPC, "4097 descriptors");
}

static void test_no_bi_and_no_err(void **state)
{
	add(EFI_CONVENTIONAL_MEMORY, 0x1000, 1);
	assert_int_equal(efi_memmap_to_boot(map.buf, map.len, 40, NULL, err,
					    sizeof(err)),
			 -EINVAL);
	/* err may be absent. */
	assert_int_equal(efi_memmap_to_boot(map.buf, map.len, 40, &bi, NULL, 0),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_valid_map, setup),
		cmocka_unit_test_setup(test_sorted_output, setup),
		cmocka_unit_test_setup(test_merge_overlap_same_type, setup),
		cmocka_unit_test_setup(test_merge_interleaved, setup),
		cmocka_unit_test_setup(test_zero_pages_dropped, setup),
		cmocka_unit_test_setup(test_empty_map, setup),
		cmocka_unit_test_setup(test_overlap_different_types, setup),
		cmocka_unit_test_setup(test_overlap_names_furthest, setup),
		cmocka_unit_test_setup(test_bad_desc_size, setup),
		cmocka_unit_test_setup(test_pages_overflow, setup),
		cmocka_unit_test_setup(test_unaligned_start, setup),
		cmocka_unit_test_setup(test_too_many_ranges, setup),
		cmocka_unit_test_setup(test_too_many_descriptors, setup),
		cmocka_unit_test_setup(test_no_bi_and_no_err, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
