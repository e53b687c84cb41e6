// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for warden.efi's multiboot2 information builder (efi/mbi.c).
 * What it builds is parsed by the hypervisor's own parser (mb2_parse), so
 * the test checks the loader and the hypervisor agree on every tag: the
 * struct boot_info coming out must hold what went in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <warden/boot_info.h>
#include <warden/efi_memmap.h>
#include <warden/multiboot2.h>

#include "mbi.h"

#define DESC_SIZE 48 /* what OVMF uses: 40 bytes and padding */

static uint8_t buf[64 * 1024] __attribute__((aligned(8)));
static struct boot_info bi;
static char err[BOOT_ERROR_LEN];

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static void desc(uint8_t *map, unsigned int i, uint32_t type, uint64_t base,
		 uint64_t pages)
{
	uint8_t *d = map + i * DESC_SIZE;

	memset(d, 0xee, DESC_SIZE); /* padding the parser must skip */
	put32(d, type);
	put32(d + 4, 0);
	put64(d + 8, base);
	put64(d + 16, 0);
	put64(d + 24, pages);
	put64(d + 32, 0xf);
}

static void make_rsdp(uint8_t *r, bool v2)
{
	uint8_t sum = 0;

	memset(r, 0, 36);
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "WARDEN", 6);
	r[15] = v2 ? 2 : 0;
	put32(r + 16, 0x7fb7e000);
	for (int i = 0; i < 20; i++)
		sum += r[i];
	r[8] = (uint8_t)-sum;
	if (v2) {
		put32(r + 20, 36);
		put64(r + 24, 0x7fb7e0e8);
		sum = 0;
		for (int i = 0; i < 36; i++)
			sum += r[i];
		r[32] = (uint8_t)-sum;
	}
}

/* Parse the result from a heap copy of exactly its size (ASan). */
static int parse(const struct mbi *m)
{
	void *copy = aligned_alloc(8, (m->len + 7) & ~(size_t)7);
	int ret;

	memcpy(copy, m->buf, m->len);
	ret = mb2_parse(copy, m->len, &bi, err, sizeof(err));
	free(copy);
	return ret;
}

/* The memory map as the loader takes it, straight into the tag. */
static void add_map(struct mbi *m)
{
	size_t room;
	uint8_t *map = mbi_efi_mmap_area(m, &room);

	assert_non_null(map);
	assert_true(room >= 6 * DESC_SIZE);
	/* Out of order, as firmware may return it. */
	desc(map, 0, EFI_CONVENTIONAL_MEMORY, 0x100000, 0x700);
	desc(map, 1, EFI_BOOT_SERVICES_CODE, 0, 0xa0);
	desc(map, 2, EFI_LOADER_DATA, 0x800000, 0x100); /* merges with 0 */
	desc(map, 3, EFI_ACPI_RECLAIM_MEMORY, 0x7fb6d000, 0x12);
	desc(map, 4, EFI_RUNTIME_SERVICES_DATA, 0x7f8ed000, 0x280);
	desc(map, 5, EFI_LOADER_CODE, 0x200000, 0);
	assert_int_equal(mbi_add_efi_mmap(m, 6 * DESC_SIZE, DESC_SIZE, 1), 0);
}

static void test_full(void **state)
{
	struct boot_framebuffer fb = {
		.address = 0xc0000000,
		.pitch = 5120,
		.width = 1280,
		.height = 800,
		.bpp = 32,
		.red_pos = 16,
		.red_size = 8,
		.green_pos = 8,
		.green_size = 8,
		.blue_pos = 0,
		.blue_size = 8,
	};
	uint8_t rsdp[36];
	struct mbi m;

	make_rsdp(rsdp, true);
	mbi_init(&m, buf, sizeof(buf));
	mbi_add_string(&m, MB2_TAG_CMDLINE, "console=com1");
	mbi_add_string(&m, MB2_TAG_LOADER_NAME, "warden.efi 0.1");
	assert_int_equal(mbi_add_module(&m, 0x7d848000, 0x7e0257c0,
					"linux console=ttyS2,115200"),
			 0);
	assert_int_equal(mbi_add_module(&m, 0x7d625000, 0x7d847225, "initrd"),
			 0);
	assert_int_equal(mbi_add_module(&m, 0xfffff000, 0xffffffff, "cell"), 0);
	mbi_add_framebuffer(&m, &fb);
	mbi_add_u64(&m, MB2_TAG_EFI64_ST, 0x7f9ec018);
	mbi_add_rsdp(&m, rsdp, 36, true);
	mbi_add_u64(&m, MB2_TAG_EFI64_IH, 0x7e9e6b98);
	add_map(&m);
	assert_int_equal(mbi_finish(&m), 0);
	assert_int_equal(m.len % 8, 0);

	assert_int_equal(parse(&m), 0);
	assert_string_equal(bi.cmdline, "console=com1");
	assert_string_equal(bi.loader_name, "warden.efi 0.1");
	assert_int_equal(bi.num_modules, 3);
	assert_int_equal(bi.modules[0].start, 0x7d848000);
	assert_int_equal(bi.modules[0].end, 0x7e0257c0);
	assert_string_equal(bi.modules[0].string, "linux console=ttyS2,115200");
	assert_string_equal(bi.modules[1].string, "initrd");
	assert_int_equal(bi.modules[2].end, 0xffffffff);
	assert_int_equal(bi.fb.address, 0xc0000000);
	assert_int_equal(bi.fb.pitch, 5120);
	assert_int_equal(bi.fb.width, 1280);
	assert_int_equal(bi.fb.height, 800);
	assert_int_equal(bi.fb.bpp, 32);
	assert_int_equal(bi.fb.type, MB2_FRAMEBUFFER_TYPE_RGB);
	assert_int_equal(bi.fb.red_pos, 16);
	assert_int_equal(bi.fb.green_pos, 8);
	assert_int_equal(bi.fb.blue_pos, 0);
	assert_int_equal(bi.fb.blue_size, 8);
	assert_int_equal(bi.rsdp_len, 36);
	assert_memory_equal(bi.rsdp, rsdp, 36);
	assert_int_equal(bi.efi_system_table, 0x7f9ec018);
	assert_int_equal(bi.efi_image_handle, 0x7e9e6b98);
	/* No tag 18: the hypervisor must not try to leave boot services. */
	assert_false(bi.efi_boot_services);

	/* Tag 17, converted: sorted, merged, boot-time memory as RAM. */
	assert_int_equal(bi.num_memmap, 4);
	assert_int_equal(bi.memmap[0].base, 0);
	assert_int_equal(bi.memmap[0].length, 0xa0000);
	assert_int_equal(bi.memmap[0].type, BOOT_MEM_RAM);
	assert_int_equal(bi.memmap[1].base, 0x100000);
	assert_int_equal(bi.memmap[1].length, 0x800000);
	assert_int_equal(bi.memmap[1].type, BOOT_MEM_RAM);
	assert_int_equal(bi.memmap[2].base, 0x7f8ed000);
	assert_int_equal(bi.memmap[2].length, 0x280000);
	assert_int_equal(bi.memmap[2].type, BOOT_MEM_RESERVED);
	assert_int_equal(bi.memmap[3].base, 0x7fb6d000);
	assert_int_equal(bi.memmap[3].length, 0x12000);
	assert_int_equal(bi.memmap[3].type, BOOT_MEM_ACPI);
}

static void test_rsdp_v1_and_minimal(void **state)
{
	uint8_t rsdp[36];
	struct mbi m;

	make_rsdp(rsdp, false);
	mbi_init(&m, buf, sizeof(buf));
	mbi_add_string(&m, MB2_TAG_CMDLINE, "");
	mbi_add_rsdp(&m, rsdp, 36, false); /* only 20 bytes go in */
	add_map(&m);
	assert_int_equal(mbi_finish(&m), 0);
	assert_int_equal(parse(&m), 0);
	assert_int_equal(bi.rsdp_len, 20);
	assert_memory_equal(bi.rsdp, rsdp, 20);
	assert_int_equal(bi.num_modules, 0);
	assert_int_equal(bi.fb.address, 0);
	assert_string_equal(bi.cmdline, "");
}

static void test_module_limits(void **state)
{
	struct mbi m;

	mbi_init(&m, buf, sizeof(buf));
	/* The end is exclusive and 32 bits wide. */
	assert_int_equal(mbi_add_module(&m, 0xfffff000, 0x100000000, "x"), -1);
	assert_int_equal(mbi_add_module(&m, 0x2000, 0x1000, "x"), -1);
	assert_false(m.overflow);
}

static void test_overflow(void **state)
{
	struct mbi m;
	size_t room;

	/* Header, one 16-byte tag and the end tag: nothing more. */
	mbi_init(&m, buf, 32);
	mbi_add_u64(&m, MB2_TAG_EFI64_ST, 1);
	assert_false(m.overflow);
	mbi_add_string(&m, MB2_TAG_CMDLINE, "");
	assert_true(m.overflow);
	assert_null(mbi_efi_mmap_area(&m, &room));
	assert_int_equal(room, 0);
	assert_int_equal(mbi_finish(&m), -1);

	/* A map larger than the room left is refused. */
	mbi_init(&m, buf, 8 + 16 + 2 * DESC_SIZE + 8);
	assert_non_null(mbi_efi_mmap_area(&m, &room));
	assert_int_equal(room, 2 * DESC_SIZE);
	assert_int_equal(mbi_add_efi_mmap(&m, 3 * DESC_SIZE, DESC_SIZE, 1), -1);
	assert_int_equal(mbi_finish(&m), -1);

	/* Exactly full works. */
	mbi_init(&m, buf, 8 + 16 + 2 * DESC_SIZE + 8);
	desc(mbi_efi_mmap_area(&m, &room), 0, EFI_CONVENTIONAL_MEMORY, 0, 16);
	desc(buf + 24, 1, EFI_CONVENTIONAL_MEMORY, 0x100000, 16);
	assert_int_equal(mbi_add_efi_mmap(&m, 2 * DESC_SIZE, DESC_SIZE, 1), 0);
	assert_int_equal(mbi_finish(&m), 0);
	assert_int_equal(m.len, m.cap);
	assert_int_equal(parse(&m), 0);
	assert_int_equal(bi.num_memmap, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_rsdp_v1_and_minimal),
		cmocka_unit_test(test_module_limits),
		cmocka_unit_test(test_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
