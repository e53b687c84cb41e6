// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the multiboot2 information parser (boot/multiboot2.c).
 *
 * Boot information is assembled tag by tag with a small builder, copied to
 * a heap buffer of exactly its size (so AddressSanitizer catches any read
 * beyond it) and parsed. Layouts follow the Multiboot2 specification.
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

/* ---- builder ---------------------------------------------------------- */

static uint8_t mb[64 * 1024] __attribute__((aligned(8)));
static size_t mb_len;

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

static size_t align8(size_t v)
{
	return (v + 7) & ~(size_t)7;
}

static void mb_begin(void)
{
	memset(mb, 0, sizeof(mb));
	mb_len = 8;
}

/*
 * Append a tag whose size field says size_field, followed by plen payload
 * bytes, then pad to 8 as a loader must. Returns the tag's offset.
 */
static size_t mb_raw(uint32_t type, uint32_t size_field, const void *payload,
		     size_t plen)
{
	size_t off = mb_len;

	assert_true(off + 8 + plen <= sizeof(mb));
	put32(mb + off, type);
	put32(mb + off + 4, size_field);
	if (plen)
		memcpy(mb + off + 8, payload, plen);
	mb_len = align8(off + 8 + plen);
	return off;
}

static size_t mb_tag(uint32_t type, const void *payload, size_t plen)
{
	return mb_raw(type, (uint32_t)(8 + plen), payload, plen);
}

static void mb_string(uint32_t type, const char *s)
{
	mb_tag(type, s, strlen(s) + 1);
}

static void mb_module(uint32_t start, uint32_t end, const char *s)
{
	uint8_t p[8 + 1024];
	size_t n = strlen(s) + 1;

	assert_true(n <= 1024);
	put32(p, start);
	put32(p + 4, end);
	memcpy(p + 8, s, n);
	mb_tag(MB2_TAG_MODULE, p, 8 + n);
}

struct e820 {
	uint64_t base, length;
	uint32_t type;
};

/* Memory map tag with entries padded to entry_size (>= 24). */
static void mb_mmap_sized(uint32_t entry_size, const struct e820 *e, size_t n)
{
	static uint8_t p[8 + 64 * 300];

	assert_true(8 + n * entry_size <= sizeof(p));
	memset(p, 0, sizeof(p));
	put32(p, entry_size);
	put32(p + 4, 0); /* entry_version */
	for (size_t i = 0; i < n; i++) {
		uint8_t *q = p + 8 + i * entry_size;

		put64(q, e[i].base);
		put64(q + 8, e[i].length);
		put32(q + 16, e[i].type);
	}
	mb_tag(MB2_TAG_MMAP, p, 8 + n * entry_size);
}

static void mb_mmap(const struct e820 *e, size_t n)
{
	mb_mmap_sized(24, e, n);
}

static void mb_ram(void)
{
	static const struct e820 ram = { 0x100000, 0x1000000, 1 };

	mb_mmap(&ram, 1);
}

static void mb_u64(uint32_t type, uint64_t v)
{
	uint8_t p[8];

	put64(p, v);
	mb_tag(type, p, 8);
}

static uint8_t checksum(const uint8_t *p, size_t n)
{
	uint8_t sum = 0;

	while (n--)
		sum += *p++;
	return (uint8_t)-sum;
}

/* A valid RSDP: 20 bytes (revision 0) or 36 (revision 2). */
static void make_rsdp(uint8_t *r, bool v2, const char *oem)
{
	memset(r, 0, 36);
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, oem, 6);
	r[15] = v2 ? 2 : 0;
	put32(r + 16, 0x7fe14000);
	if (v2) {
		put32(r + 20, 36);
		put64(r + 24, 0x7fe140e8);
	}
	r[8] = checksum(r, 20);
	if (v2)
		r[32] = checksum(r, 36);
}

static void mb_rsdp(bool v2, const char *oem)
{
	uint8_t r[36];

	make_rsdp(r, v2, oem);
	mb_tag(v2 ? MB2_TAG_ACPI_NEW : MB2_TAG_ACPI_OLD, r, v2 ? 36 : 20);
}

/* Framebuffer tag; RGB gets its six colour bytes, other types none. */
static void mb_fb(uint64_t addr, uint32_t pitch, uint32_t w, uint32_t h,
		  uint8_t bpp, uint8_t type)
{
	uint8_t p[30] = { 0 };

	put64(p, addr);
	put32(p + 8, pitch);
	put32(p + 12, w);
	put32(p + 16, h);
	p[20] = bpp;
	p[21] = type;
	/* p[22..23]: reserved u16; colour info from p[24] (offset 32). */
	p[24] = 16, p[25] = 8; /* red */
	p[26] = 8, p[27] = 8; /* green */
	p[28] = 0, p[29] = 8; /* blue */
	mb_tag(MB2_TAG_FRAMEBUFFER, p, type == 1 ? 30 : 24);
}

struct efi_desc {
	uint32_t type;
	uint64_t base, pages;
};

static void mb_efi_mmap(uint32_t desc_size, const struct efi_desc *d, size_t n)
{
	static uint8_t p[8 + 64 * 64];

	assert_true(8 + n * desc_size <= sizeof(p));
	memset(p, 0, sizeof(p));
	put32(p, desc_size);
	put32(p + 4, 1); /* descriptor version */
	for (size_t i = 0; i < n; i++) {
		uint8_t *q = p + 8 + i * desc_size;

		put32(q, d[i].type);
		put64(q + 8, d[i].base);
		put64(q + 24, d[i].pages);
	}
	mb_tag(MB2_TAG_EFI_MMAP, p, 8 + n * desc_size);
}

/* End tag, then total_size. */
static void mb_end(void)
{
	mb_tag(MB2_TAG_END, NULL, 0);
	put32(mb, (uint32_t)mb_len);
}

/* Parse a heap copy of the first len bytes, with max_size = len. */
static int parse_bytes(const uint8_t *src, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, src, len);
	memset(err, 0x5a, sizeof(err));
	ret = mb2_parse(copy, len, &bi, err, sizeof(err));
	free(copy);
	return ret;
}

static int parse(void)
{
	return parse_bytes(mb, mb_len);
}

static bool bi_is_zero(void)
{
	static const struct boot_info zero;

	return !memcmp(&bi, &zero, sizeof(bi));
}

static void expect_error(int ret, int want, const char *substring)
{
	if (ret != want)
		fail_msg("returned %d, wanted %d; message \"%s\"", ret, want,
			 ret ? err : "");
	if (!strstr(err, substring))
		fail_msg("error \"%s\" lacks \"%s\"", err, substring);
	assert_int_equal(strncmp(err, "multiboot2: ", 12), 0);
	assert_true(bi_is_zero());
}

static void expect_ok(int ret)
{
	if (ret)
		fail_msg("parse failed (%d): %s", ret, err);
	assert_string_equal(err, "");
}

static int setup(void **state)
{
	mb_begin();
	memset(&bi, 0xa5, sizeof(bi)); /* the parser must clear it */
	return 0;
}

/* ---- a complete, GRUB-like information -------------------------------- */

static const struct e820 grub_mmap[] = {
	{ 0x0, 0x9fc00, 1 },	     { 0x9fc00, 0x400, 2 },
	{ 0x100000, 0x7fee0000, 1 }, { 0x7ffe0000, 0x10000, 3 },
	{ 0x7fff0000, 0x10000, 4 },  { 0xfffc0000, 0x40000, 2 },
};

static const struct efi_desc grub_efi_mmap[] = {
	{ EFI_CONVENTIONAL_MEMORY, 0x0, 0xa0 },
	{ EFI_LOADER_DATA, 0x100000, 0x100 },
	{ EFI_ACPI_RECLAIM_MEMORY, 0x7ffe0000, 0x10 },
};

/* The tags GRUB 2 passes on UEFI, in its order, plus two ignored ones. */
static void build_grub_info(bool with_e820)
{
	uint8_t basic[8], bootdev[12] = { 0 }, smbios[8 + 31] = { 3, 4 };

	mb_begin();
	mb_string(MB2_TAG_CMDLINE, "console=ttyS0,115200 root-cell=demo");
	mb_string(MB2_TAG_LOADER_NAME, "GRUB 2.06");
	mb_module(0x1000000, 0x1a3c200, "linux console=ttyS2");
	mb_module(0x1a3d000, 0x2000000, "initrd");
	mb_module(0x2000000, 0x2000400, "");
	put32(basic, 639);
	put32(basic + 4, 2096128);
	mb_tag(MB2_TAG_BASIC_MEMINFO, basic, sizeof(basic));
	put32(bootdev, 0xe0);
	mb_tag(MB2_TAG_BOOTDEV, bootdev, sizeof(bootdev));
	if (with_e820)
		mb_mmap(grub_mmap, 6);
	mb_fb(0x80000000, 4096, 1024, 768, 32, MB2_FRAMEBUFFER_TYPE_RGB);
	mb_u64(MB2_TAG_EFI64_ST, 0x7f9ee018);
	mb_tag(MB2_TAG_SMBIOS, smbios, sizeof(smbios));
	mb_rsdp(false, "OLDOEM");
	mb_rsdp(true, "NEWOEM");
	mb_efi_mmap(48, grub_efi_mmap, 3);
	mb_tag(MB2_TAG_EFI_BS, NULL, 0);
	mb_u64(MB2_TAG_EFI64_IH, 0x7e4f2a98);
	mb_u64(MB2_TAG_LOAD_BASE_ADDR, 0x200000); /* u32, but any payload */
	mb_end();
}

static void test_grub_like(void **state)
{
	uint8_t rsdp[36];

	build_grub_info(true);
	expect_ok(parse());

	assert_string_equal(bi.cmdline, "console=ttyS0,115200 root-cell=demo");
	assert_string_equal(bi.loader_name, "GRUB 2.06");

	assert_int_equal(bi.num_modules, 3);
	assert_int_equal(bi.modules[0].start, 0x1000000);
	assert_int_equal(bi.modules[0].end, 0x1a3c200);
	assert_string_equal(bi.modules[0].string, "linux console=ttyS2");
	assert_int_equal(bi.modules[1].start, 0x1a3d000);
	assert_int_equal(bi.modules[1].end, 0x2000000);
	assert_string_equal(bi.modules[1].string, "initrd");
	assert_int_equal(bi.modules[2].start, 0x2000000);
	assert_int_equal(bi.modules[2].end, 0x2000400);
	assert_string_equal(bi.modules[2].string, "");

	/* Tag 6 wins over tag 17 and is kept in loader order. */
	assert_int_equal(bi.num_memmap, 6);
	for (unsigned int i = 0; i < 6; i++) {
		assert_int_equal(bi.memmap[i].base, grub_mmap[i].base);
		assert_int_equal(bi.memmap[i].length, grub_mmap[i].length);
		assert_int_equal(bi.memmap[i].type, grub_mmap[i].type);
	}
	assert_int_equal(bi.memmap[3].type, BOOT_MEM_ACPI);
	assert_int_equal(bi.memmap[4].type, BOOT_MEM_NVS);

	/* The 2.0 RSDP, though the 1.0 one came first. */
	make_rsdp(rsdp, true, "NEWOEM");
	assert_int_equal(bi.rsdp_len, 36);
	assert_memory_equal(bi.rsdp, rsdp, 36);

	assert_int_equal(bi.fb.address, 0x80000000);
	assert_int_equal(bi.fb.pitch, 4096);
	assert_int_equal(bi.fb.width, 1024);
	assert_int_equal(bi.fb.height, 768);
	assert_int_equal(bi.fb.bpp, 32);
	assert_int_equal(bi.fb.type, MB2_FRAMEBUFFER_TYPE_RGB);
	assert_int_equal(bi.fb.red_pos, 16);
	assert_int_equal(bi.fb.red_size, 8);
	assert_int_equal(bi.fb.green_pos, 8);
	assert_int_equal(bi.fb.green_size, 8);
	assert_int_equal(bi.fb.blue_pos, 0);
	assert_int_equal(bi.fb.blue_size, 8);

	assert_int_equal(bi.efi_system_table, 0x7f9ee018);
	assert_int_equal(bi.efi_image_handle, 0x7e4f2a98);
	assert_true(bi.efi_boot_services);
}

/* A BIOS boot: no EFI tags; the fields they fill stay 0. */
static void test_bios_like(void **state)
{
	mb_string(MB2_TAG_LOADER_NAME, "GRUB 2.06");
	mb_string(MB2_TAG_CMDLINE, "");
	mb_mmap(grub_mmap, 6);
	mb_fb(0xb8000, 160, 80, 25, 16, MB2_FRAMEBUFFER_TYPE_EGA_TEXT);
	mb_rsdp(false, "BOCHS ");
	mb_end();
	expect_ok(parse());
	assert_string_equal(bi.cmdline, "");
	assert_int_equal(bi.num_modules, 0);
	assert_int_equal(bi.rsdp_len, 20);
	assert_memory_equal(bi.rsdp, "RSD PTR ", 8);
	assert_memory_equal(bi.rsdp + 9, "BOCHS ", 6);
	assert_int_equal(bi.fb.type, MB2_FRAMEBUFFER_TYPE_EGA_TEXT);
	assert_int_equal(bi.fb.width, 80);
	assert_int_equal(bi.fb.red_size, 0);
	assert_int_equal(bi.efi_system_table, 0);
	assert_int_equal(bi.efi_image_handle, 0);
	assert_false(bi.efi_boot_services);
}

/* ---- edge cases that must be accepted --------------------------------- */

static void test_unknown_tags_skipped(void **state)
{
	uint8_t junk[13];

	memset(junk, 0xcc, sizeof(junk));
	mb_tag(0x1234, junk, sizeof(junk)); /* not a multiple of 8 */
	mb_tag(31, junk, 3);
	mb_tag(32, junk, 0);
	mb_tag(0xffffffff, junk, 5);
	mb_tag(MB2_TAG_VBE, junk, sizeof(junk));
	mb_tag(MB2_TAG_ELF_SECTIONS, junk, sizeof(junk));
	mb_tag(MB2_TAG_APM, junk, sizeof(junk));
	mb_tag(MB2_TAG_NETWORK, junk, sizeof(junk));
	mb_tag(MB2_TAG_EFI32_IH, junk, 4);
	mb_string(MB2_TAG_CMDLINE, "after unknown tags");
	mb_ram();
	/* Ignored tags and tag 18 may repeat. */
	mb_tag(MB2_TAG_BASIC_MEMINFO, junk, 8);
	mb_tag(MB2_TAG_BASIC_MEMINFO, junk, 8);
	mb_tag(MB2_TAG_EFI_BS, NULL, 0);
	mb_tag(MB2_TAG_EFI_BS, NULL, 0);
	mb_u64(MB2_TAG_EFI64_ST, 0x1000);
	mb_u64(MB2_TAG_EFI64_IH, 0x2000);
	mb_end();
	expect_ok(parse());
	assert_string_equal(bi.cmdline, "after unknown tags");
	assert_int_equal(bi.num_memmap, 1);
	assert_true(bi.efi_boot_services);
}

static void test_mmap_entries_filtered(void **state)
{
	static const struct e820 e[] = {
		{ 0x0, 0x9fc00, 1 },
		{ 0x9fc00, 0, 1 },
		{ 0xa0000, 0, 2 },
		{ 0x100000, 0x100000, 7 },
		{ 0x200000, 0x1000, 0 },
		{ 0x300000, 0x1000, 5 },
		{ 0x400000, 0x1000, 0xffffffff },
		/* Ends exactly at the top of the 64-bit space. */
		{ 0xfffffffffffff000ULL, 0xfff, 2 },
	};

	mb_mmap_sized(32, e, 8); /* larger entries, as a future version */
	mb_end();
	expect_ok(parse());
	assert_int_equal(bi.num_memmap, 6);
	assert_int_equal(bi.memmap[0].type, BOOT_MEM_RAM);
	assert_int_equal(bi.memmap[1].base, 0x100000);
	assert_int_equal(bi.memmap[1].type, BOOT_MEM_RESERVED);
	assert_int_equal(bi.memmap[2].type, BOOT_MEM_RESERVED);
	assert_int_equal(bi.memmap[3].type, BOOT_MEM_BAD);
	assert_int_equal(bi.memmap[4].type, BOOT_MEM_RESERVED);
	assert_int_equal(bi.memmap[5].length, 0xfff);
}

static void test_rsdp_new_preferred(void **state)
{
	uint8_t v2[36];

	make_rsdp(v2, true, "SECOND");
	for (int order = 0; order < 2; order++) {
		setup(NULL);
		mb_ram();
		if (order) {
			mb_rsdp(true, "SECOND");
			mb_rsdp(false, "FIRST ");
		} else {
			mb_rsdp(false, "FIRST ");
			mb_rsdp(true, "SECOND");
		}
		mb_end();
		expect_ok(parse());
		assert_int_equal(bi.rsdp_len, 36);
		assert_memory_equal(bi.rsdp, v2, 36);
	}
}

/* A 2.0 RSDP whose Length covers more than 36 bytes (a future revision). */
static void test_rsdp_longer(void **state)
{
	uint8_t r[40];

	make_rsdp(r, true, "LONGER");
	memset(r + 36, 0x11, 4);
	put32(r + 20, 40);
	r[32] = 0;
	r[32] = checksum(r, 40);
	mb_tag(MB2_TAG_ACPI_NEW, r, sizeof(r));
	mb_ram();
	mb_end();
	expect_ok(parse());
	assert_int_equal(bi.rsdp_len, 36);
	assert_memory_equal(bi.rsdp, r, 36);
}

static void test_efi_mmap_without_e820(void **state)
{
	build_grub_info(false);
	expect_ok(parse());
	assert_int_equal(bi.num_memmap, 3);
	assert_int_equal(bi.memmap[0].base, 0);
	assert_int_equal(bi.memmap[0].length, 0xa0000);
	assert_int_equal(bi.memmap[0].type, BOOT_MEM_RAM);
	assert_int_equal(bi.memmap[1].base, 0x100000);
	assert_int_equal(bi.memmap[1].type, BOOT_MEM_RAM);
	assert_int_equal(bi.memmap[2].type, BOOT_MEM_ACPI);
	assert_int_equal(bi.num_modules, 3);
}

/* With tag 6 present, tag 17 is not interpreted, whatever it holds. */
static void test_e820_wins_over_bad_efi_mmap(void **state)
{
	mb_efi_mmap(32, grub_efi_mmap, 1);
	mb_ram();
	mb_end();
	expect_ok(parse());
	assert_int_equal(bi.num_memmap, 1);
	assert_int_equal(bi.memmap[0].base, 0x100000);
}

/*
 * With boot services still running (tag 18) GRUB passes no memory map: the
 * hypervisor takes the final one from UEFI when it leaves boot services.
 */
static void test_boot_services_without_map(void **state)
{
	mb_string(MB2_TAG_CMDLINE, "");
	mb_u64(MB2_TAG_EFI64_ST, 0x7f9ee018);
	mb_tag(MB2_TAG_EFI_BS, NULL, 0);
	mb_u64(MB2_TAG_EFI64_IH, 0x7e4f2a98);
	mb_end();
	expect_ok(parse());
	assert_int_equal(bi.num_memmap, 0);
	assert_true(bi.efi_boot_services);
	assert_int_equal(bi.efi_system_table, 0x7f9ee018);
	assert_int_equal(bi.efi_image_handle, 0x7e4f2a98);
}

static void test_limits_exactly_reached(void **state)
{
	char cmdline[BOOT_CMDLINE_LEN], name[BOOT_LOADER_NAME_LEN];
	char modstr[BOOT_MODULE_STRING_LEN];
	struct e820 e[BOOT_MAX_MEMMAP];

	memset(cmdline, 'c', sizeof(cmdline) - 1);
	cmdline[sizeof(cmdline) - 1] = '\0';
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	memset(modstr, 'm', sizeof(modstr) - 1);
	modstr[sizeof(modstr) - 1] = '\0';
	for (unsigned int i = 0; i < BOOT_MAX_MEMMAP; i++)
		e[i] = (struct e820){ i * 0x2000ULL, 0x1000, 1 };

	mb_string(MB2_TAG_CMDLINE, cmdline);
	mb_string(MB2_TAG_LOADER_NAME, name);
	for (unsigned int i = 0; i < BOOT_MAX_MODULES; i++)
		mb_module(i * 0x1000, i * 0x1000 + 0x1000, modstr);
	mb_mmap(e, BOOT_MAX_MEMMAP);
	mb_end();
	expect_ok(parse());
	assert_string_equal(bi.cmdline, cmdline);
	assert_string_equal(bi.loader_name, name);
	assert_int_equal(bi.num_modules, BOOT_MAX_MODULES);
	assert_string_equal(bi.modules[BOOT_MAX_MODULES - 1].string, modstr);
	assert_int_equal(bi.num_memmap, BOOT_MAX_MEMMAP);
}

/* Strings end at their first NUL; what follows in the tag is ignored. */
static void test_string_with_trailing_bytes(void **state)
{
	static const char s[] = "ab\0cd\0";

	mb_tag(MB2_TAG_CMDLINE, s, sizeof(s));
	mb_module(0x1000, 0x1000, "empty module"); /* zero bytes is fine */
	mb_ram();
	mb_end();
	expect_ok(parse());
	assert_string_equal(bi.cmdline, "ab");
	assert_int_equal(bi.modules[0].start, bi.modules[0].end);
}

static void test_bytes_after_end_tag(void **state)
{
	mb_ram();
	mb_end();
	memset(mb + mb_len, 0xff, 16);
	mb_len += 16;
	put32(mb, (uint32_t)mb_len);
	expect_ok(parse());
}

static void test_small_error_buffer(void **state)
{
	char small[16];
	uint8_t *copy;

	mb_string(MB2_TAG_CMDLINE, "x");
	mb_string(MB2_TAG_CMDLINE, "y");
	mb_ram();
	mb_end();
	copy = malloc(mb_len);
	assert_non_null(copy);
	memcpy(copy, mb, mb_len);
	memset(small, 0x5a, sizeof(small));
	assert_int_equal(mb2_parse(copy, mb_len, &bi, small, sizeof(small)),
			 -EINVAL);
	assert_string_equal(small, "multiboot2: tag");
	assert_int_equal(mb2_parse(copy, mb_len, &bi, NULL, 0), -EINVAL);
	assert_int_equal(mb2_parse(copy, mb_len, &bi, small, 1), -EINVAL);
	assert_string_equal(small, "");
	free(copy);
}

/* ---- malformed information -------------------------------------------- */

struct bad_case {
	const char *name;
	void (*build)(void);
	int ret;
	const char *msg;
};

static void bad_total_too_small(void)
{
	mb_end();
	put32(mb, 8);
}

static void bad_tag_size_below_header(void)
{
	mb_raw(MB2_TAG_CMDLINE, 4, NULL, 0);
	mb_end();
}

static void bad_tag_past_end(void)
{
	mb_ram();
	mb_raw(MB2_TAG_CMDLINE, 0x100, "abc", 4);
	mb_end();
}

static void bad_no_end_tag(void)
{
	mb_ram();
	put32(mb, (uint32_t)mb_len);
}

/* The last tag's padding would run past total_size: no room for an end. */
static void bad_no_room_for_end_tag(void)
{
	mb_ram();
	mb_string(MB2_TAG_CMDLINE, "abc");
	put32(mb, (uint32_t)mb_len - 4);
}

static void bad_end_tag_size(void)
{
	mb_ram();
	mb_raw(MB2_TAG_END, 16, "\0\0\0\0\0\0\0", 8);
	put32(mb, (uint32_t)mb_len);
}

/* A loader that forgets the padding: the next tag is misplaced. */
static void bad_unpadded_tag(void)
{
	uint8_t end[8] = { 0, 0, 0, 0, 8, 0, 0, 0 };

	mb_ram();
	mb_string(MB2_TAG_CMDLINE, "abcd"); /* size 13 */
	memcpy(mb + mb_len - 3, end, sizeof(end));
	mb_len += 8;
	put32(mb, (uint32_t)mb_len);
}

static void bad_cmdline_unterminated(void)
{
	mb_ram();
	mb_tag(MB2_TAG_CMDLINE, "console", 7);
	mb_end();
}

static void bad_cmdline_empty_tag(void)
{
	mb_ram();
	mb_tag(MB2_TAG_CMDLINE, NULL, 0);
	mb_end();
}

static void bad_cmdline_too_long(void)
{
	char s[BOOT_CMDLINE_LEN + 1];

	memset(s, 'x', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	mb_ram();
	mb_string(MB2_TAG_CMDLINE, s);
	mb_end();
}

static void bad_loader_name_too_long(void)
{
	char s[BOOT_LOADER_NAME_LEN + 10];

	memset(s, 'g', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	mb_ram();
	mb_string(MB2_TAG_LOADER_NAME, s);
	mb_end();
}

static void bad_loader_name_unterminated(void)
{
	mb_ram();
	mb_tag(MB2_TAG_LOADER_NAME, "GRUB", 4);
	mb_end();
}

static void bad_module_string_unterminated(void)
{
	uint8_t p[12];

	put32(p, 0x1000);
	put32(p + 4, 0x2000);
	memcpy(p + 8, "linu", 4);
	mb_ram();
	mb_tag(MB2_TAG_MODULE, p, sizeof(p));
	mb_end();
}

static void bad_module_string_too_long(void)
{
	char s[BOOT_MODULE_STRING_LEN + 1];

	memset(s, 'm', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	mb_ram();
	mb_module(0x1000, 0x2000, s);
	mb_end();
}

static void bad_module_too_short(void)
{
	uint8_t p[8] = { 0 };

	mb_ram();
	mb_tag(MB2_TAG_MODULE, p, sizeof(p));
	mb_end();
}

static void bad_module_end_before_start(void)
{
	mb_ram();
	mb_module(0x2000, 0x1000, "linux");
	mb_end();
}

static void bad_too_many_modules(void)
{
	mb_ram();
	for (int i = 0; i <= BOOT_MAX_MODULES; i++)
		mb_module(0x1000, 0x2000, "m");
	mb_end();
}

static void bad_mmap_entry_size_small(void)
{
	uint8_t p[8 + 32] = { 0 };

	put32(p, 16);
	mb_tag(MB2_TAG_MMAP, p, sizeof(p));
	mb_end();
}

static void bad_mmap_entry_size_unaligned(void)
{
	uint8_t p[8 + 28] = { 0 };

	put32(p, 28);
	mb_tag(MB2_TAG_MMAP, p, sizeof(p));
	mb_end();
}

static void bad_mmap_entries_not_fitting(void)
{
	uint8_t p[8 + 30] = { 0 };

	put32(p, 24);
	mb_tag(MB2_TAG_MMAP, p, sizeof(p));
	mb_end();
}

static void bad_mmap_header_short(void)
{
	mb_tag(MB2_TAG_MMAP, "\x18\0\0", 4);
	mb_end();
}

static void bad_mmap_too_many(void)
{
	static struct e820 e[BOOT_MAX_MEMMAP + 1];

	for (unsigned int i = 0; i <= BOOT_MAX_MEMMAP; i++)
		e[i] = (struct e820){ i * 0x1000ULL, 0x1000, 1 };
	mb_mmap(e, BOOT_MAX_MEMMAP + 1);
	mb_end();
}

static void bad_mmap_wraps(void)
{
	static const struct e820 e[] = {
		{ 0x100000, 0x1000, 1 },
		{ 0xfffffffffffff000ULL, 0x2000, 2 },
	};

	mb_mmap(e, 2);
	mb_end();
}

static void bad_rsdp_old_short(void)
{
	uint8_t r[36];

	make_rsdp(r, false, "SHORT ");
	mb_ram();
	mb_tag(MB2_TAG_ACPI_OLD, r, 19);
	mb_end();
}

static void bad_rsdp_new_short(void)
{
	uint8_t r[36];

	make_rsdp(r, true, "SHORT ");
	mb_ram();
	mb_tag(MB2_TAG_ACPI_NEW, r, 24);
	mb_end();
}

static void bad_rsdp_signature(void)
{
	uint8_t r[36];

	make_rsdp(r, false, "OEMOEM");
	r[0] = 'X';
	r[8] = 0;
	r[8] = checksum(r, 20);
	mb_ram();
	mb_tag(MB2_TAG_ACPI_OLD, r, 20);
	mb_end();
}

static void bad_rsdp_checksum(void)
{
	uint8_t r[36];

	make_rsdp(r, false, "OEMOEM");
	r[8]++;
	mb_ram();
	mb_tag(MB2_TAG_ACPI_OLD, r, 20);
	mb_end();
}

static void bad_rsdp_extended_checksum(void)
{
	uint8_t r[36];

	make_rsdp(r, true, "OEMOEM");
	r[32]++;
	mb_ram();
	mb_tag(MB2_TAG_ACPI_NEW, r, 36);
	mb_end();
}

static void bad_rsdp_new_revision(void)
{
	uint8_t r[36];

	make_rsdp(r, false, "OEMOEM"); /* revision 0 in tag 15 */
	mb_ram();
	mb_tag(MB2_TAG_ACPI_NEW, r, 36);
	mb_end();
}

static void bad_rsdp_new_length(void)
{
	uint8_t r[36];

	make_rsdp(r, true, "OEMOEM");
	put32(r + 20, 0x1000);
	mb_ram();
	mb_tag(MB2_TAG_ACPI_NEW, r, 36);
	mb_end();
}

static void bad_duplicate_cmdline(void)
{
	mb_string(MB2_TAG_CMDLINE, "one");
	mb_ram();
	mb_string(MB2_TAG_CMDLINE, "two");
	mb_end();
}

static void bad_duplicate_mmap(void)
{
	mb_ram();
	mb_ram();
	mb_end();
}

static void bad_duplicate_rsdp(void)
{
	mb_ram();
	mb_rsdp(true, "ONE   ");
	mb_rsdp(true, "TWO   ");
	mb_end();
}

static void bad_duplicate_image_handle(void)
{
	mb_ram();
	mb_u64(MB2_TAG_EFI64_IH, 0x1000);
	mb_u64(MB2_TAG_EFI64_IH, 0x2000);
	mb_end();
}

static void bad_framebuffer_short(void)
{
	uint8_t p[23] = { 0 };

	mb_ram();
	mb_tag(MB2_TAG_FRAMEBUFFER, p, sizeof(p));
	mb_end();
}

static void bad_framebuffer_rgb_short(void)
{
	uint8_t p[27] = { 0 };

	p[21] = MB2_FRAMEBUFFER_TYPE_RGB;
	mb_ram();
	mb_tag(MB2_TAG_FRAMEBUFFER, p, sizeof(p));
	mb_end();
}

static void bad_efi64_short(void)
{
	mb_ram();
	mb_tag(MB2_TAG_EFI64_ST, "\x18\0\0\0", 4);
	mb_end();
}

static void bad_efi64_null(void)
{
	mb_ram();
	mb_u64(MB2_TAG_EFI64_ST, 0);
	mb_end();
}

static void bad_boot_services_no_st(void)
{
	mb_ram();
	mb_tag(MB2_TAG_EFI_BS, NULL, 0);
	mb_u64(MB2_TAG_EFI64_IH, 0x1000);
	mb_end();
}

static void bad_boot_services_efi32(void)
{
	mb_ram();
	mb_tag(MB2_TAG_EFI32_ST, "\0\x10\0\0", 4);
	mb_tag(MB2_TAG_EFI_BS, NULL, 0);
	mb_tag(MB2_TAG_EFI32_IH, "\0\x20\0\0", 4);
	mb_end();
}

static void bad_boot_services_no_ih(void)
{
	mb_tag(MB2_TAG_EFI_BS, NULL, 0);
	mb_u64(MB2_TAG_EFI64_ST, 0x1000);
	mb_ram();
	mb_end();
}

static void bad_no_mmap(void)
{
	mb_string(MB2_TAG_CMDLINE, "no memory map");
	mb_end();
}

static void bad_mmap_all_empty(void)
{
	static const struct e820 e[] = { { 0x1000, 0, 1 }, { 0x2000, 0, 1 } };

	mb_mmap(e, 2);
	mb_end();
}

static void bad_efi_mmap_desc_size(void)
{
	mb_efi_mmap(32, grub_efi_mmap, 2);
	mb_end();
}

static void bad_efi_mmap_overlap(void)
{
	static const struct efi_desc d[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0x100000, 0x100 },
		{ EFI_RUNTIME_SERVICES_CODE, 0x180000, 0x10 },
	};

	mb_efi_mmap(40, d, 2);
	mb_end();
}

static void bad_efi_mmap_short(void)
{
	mb_tag(MB2_TAG_EFI_MMAP, "\x30\0\0\0", 4);
	mb_end();
}

#define BAD(fn, err, text)         \
	{                          \
#fn, fn, err, text \
	}

static const struct bad_case bad_cases[] = {
	BAD(bad_total_too_small, -EINVAL,
	    "multiboot2: total_size 0x8 is too small for the header and an end tag"),
	BAD(bad_tag_size_below_header, -EINVAL,
	    "multiboot2: tag 0 (type 1, offset 0x8) size 0x4 is smaller than a tag header"),
	BAD(bad_tag_past_end, -EINVAL,
	    "multiboot2: tag 1 (type 1, offset 0x30) size 0x100 runs past the end of the information (0x48 bytes)"),
	BAD(bad_no_end_tag, -EINVAL,
	    "multiboot2: no end tag before total_size 0x30 (1 tags read)"),
	BAD(bad_no_room_for_end_tag, -EINVAL,
	    "tag 1 (type 1, offset 0x30) is the last tag before total_size 0x3c and is not followed by an end tag"),
	BAD(bad_end_tag_size, -EINVAL,
	    "tag 1 (type 0, offset 0x30) end tag has size 0x10 instead of 8"),
	BAD(bad_unpadded_tag, -EINVAL,
	    "tag 2 (type 2048, offset 0x40) size 0x0 is smaller than a tag header"),
	BAD(bad_cmdline_unterminated, -EINVAL,
	    "tag 1 (type 1, offset 0x30) command line is not NUL-terminated inside the tag"),
	BAD(bad_cmdline_empty_tag, -EINVAL,
	    "command line is not NUL-terminated"),
	BAD(bad_cmdline_too_long, -ENOSPC,
	    "command line is 512 bytes long; the limit is 511"),
	BAD(bad_loader_name_too_long, -ENOSPC,
	    "tag 1 (type 2, offset 0x30) boot loader name is 73 bytes long; the limit is 63"),
	BAD(bad_loader_name_unterminated, -EINVAL,
	    "boot loader name is not NUL-terminated"),
	BAD(bad_module_string_unterminated, -EINVAL,
	    "tag 1 (type 3, offset 0x30) module string is not NUL-terminated"),
	BAD(bad_module_string_too_long, -ENOSPC,
	    "module string is 256 bytes long; the limit is 255"),
	BAD(bad_module_too_short, -EINVAL,
	    "size 0x10 is too short for mod_start, mod_end and a NUL-terminated string (0x11 bytes)"),
	BAD(bad_module_end_before_start, -EINVAL,
	    "module ends (mod_end 0x1000) before it starts (mod_start 0x2000)"),
	BAD(bad_too_many_modules, -ENOSPC,
	    "tag 17 (type 3, offset 0x1b0) is one module too many: the limit is 16"),
	BAD(bad_mmap_entry_size_small, -EINVAL,
	    "tag 0 (type 6, offset 0x8) memory map entry_size 16 is not a multiple of 8 of at least 24"),
	BAD(bad_mmap_entry_size_unaligned, -EINVAL,
	    "memory map entry_size 28 is not a multiple of 8"),
	BAD(bad_mmap_entries_not_fitting, -EINVAL,
	    "memory map entries (0x1e bytes) are not a whole number of 24-byte entries"),
	BAD(bad_mmap_header_short, -EINVAL,
	    "size 0xc is too short for the memory map header (0x10 bytes)"),
	BAD(bad_mmap_too_many, -ENOSPC,
	    "memory map has more than 128 non-empty entries"),
	BAD(bad_mmap_wraps, -EINVAL,
	    "memory map entry 1 (base 0xfffffffffffff000, length 0x2000) runs past the end of the 64-bit address space"),
	BAD(bad_rsdp_old_short, -EINVAL,
	    "tag 1 (type 14, offset 0x30) size 0x1b is too short for an ACPI 1.0 RSDP (0x1c bytes)"),
	BAD(bad_rsdp_new_short, -EINVAL,
	    "size 0x20 is too short for an ACPI 2.0 RSDP (0x2c bytes)"),
	BAD(bad_rsdp_signature, -EINVAL, "RSDP signature is not \"RSD PTR \""),
	BAD(bad_rsdp_checksum, -EINVAL,
	    "tag 1 (type 14, offset 0x30) RSDP checksum is wrong"),
	BAD(bad_rsdp_extended_checksum, -EINVAL,
	    "RSDP extended checksum is wrong"),
	BAD(bad_rsdp_new_revision, -EINVAL, "RSDP revision 0 is below 2"),
	BAD(bad_rsdp_new_length, -EINVAL, "RSDP length 4096 is outside 36..36"),
	BAD(bad_duplicate_cmdline, -EINVAL,
	    "tag 2 (type 1, offset 0x40) repeats an earlier tag of the same type; only one is allowed"),
	BAD(bad_duplicate_mmap, -EINVAL,
	    "tag 1 (type 6, offset 0x30) repeats an earlier tag"),
	BAD(bad_duplicate_rsdp, -EINVAL,
	    "tag 2 (type 15, offset 0x60) repeats an earlier tag"),
	BAD(bad_duplicate_image_handle, -EINVAL,
	    "tag 2 (type 20, offset 0x40) repeats an earlier tag"),
	BAD(bad_framebuffer_short, -EINVAL,
	    "tag 1 (type 8, offset 0x30) size 0x1f is too short for the framebuffer's common part (0x20 bytes)"),
	BAD(bad_framebuffer_rgb_short, -EINVAL,
	    "size 0x23 is too short for an RGB framebuffer's colour fields (0x26 bytes)"),
	BAD(bad_efi64_short, -EINVAL,
	    "size 0xc is too short for the EFI 64-bit system table pointer (0x10 bytes)"),
	BAD(bad_efi64_null, -EINVAL,
	    "the EFI 64-bit system table pointer is 0"),
	BAD(bad_boot_services_no_st, -EINVAL,
	    "multiboot2: EFI boot services are running (tag 18) but the 64-bit system table (tag 12) is missing"),
	BAD(bad_boot_services_efi32, -EINVAL,
	    "64-bit system table (tag 12) is missing; 32-bit UEFI (tag 11) is not supported"),
	BAD(bad_boot_services_no_ih, -EINVAL,
	    "the 64-bit image handle (tag 20) is missing"),
	BAD(bad_no_mmap, -EINVAL,
	    "multiboot2: no memory map (neither tag 6 nor tag 17)"),
	BAD(bad_mmap_all_empty, -EINVAL,
	    "multiboot2: the memory map has no non-empty entry"),
	BAD(bad_efi_mmap_desc_size, -EINVAL,
	    "multiboot2: tag 0 (type 17, offset 0x8) efi memmap: descriptor size 32 is not a multiple of 8 of at least 40 bytes"),
	BAD(bad_efi_mmap_overlap, -EINVAL,
	    "efi memmap: descriptor 1 (type 5, 0x180000-0x18ffff) overlaps descriptor 0 (type 7, 0x100000-0x1fffff)"),
	BAD(bad_efi_mmap_short, -EINVAL,
	    "size 0xc is too short for the EFI memory map header (0x10 bytes)"),
};

/* Runs every case and reports each mismatch before failing. */
static void test_malformed(void **state)
{
	size_t n = sizeof(bad_cases) / sizeof(bad_cases[0]), failed = 0;

	for (size_t i = 0; i < n; i++) {
		const struct bad_case *c = &bad_cases[i];
		int ret;

		setup(NULL);
		c->build();
		ret = parse();
		if (ret != c->ret || !strstr(err, c->msg) || !bi_is_zero()) {
			print_error(
				"%s: returned %d (wanted %d), message \"%s\", wanted \"%s\"\n",
				c->name, ret, c->ret, ret ? err : "", c->msg);
			failed++;
		}
	}
	print_message("%zu malformed inputs, %zu rejected as expected\n", n,
		      n - failed);
	assert_int_equal(failed, 0);
}

/* Errors that depend on how mb2_parse is called, not on the bytes. */
static void test_bad_calls(void **state)
{
	uint8_t *copy;

	mb_ram();
	mb_end();
	copy = malloc(mb_len + 8);
	assert_non_null(copy);
	memcpy(copy, mb, mb_len);

	/* total_size larger than the caller allows. */
	expect_error(
		mb2_parse(copy, mb_len - 1, &bi, err, sizeof(err)), -EINVAL,
		"multiboot2: total_size 0x38 exceeds the 0x37 bytes allowed");
	/* Too little even for the header: total_size is not read. */
	expect_error(
		mb2_parse(copy, 4, &bi, err, sizeof(err)), -EINVAL,
		"multiboot2: only 4 bytes available, too few for the information header");
	expect_error(mb2_parse(NULL, 4096, &bi, err, sizeof(err)), -EINVAL,
		     "multiboot2: no information (NULL pointer)");
	assert_int_equal(mb2_parse(copy, mb_len, NULL, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "multiboot2: no boot_info to fill");

	/* Information not 8-byte aligned. */
	memmove(copy + 4, copy, mb_len);
	expect_error(mb2_parse(copy + 4, mb_len, &bi, err, sizeof(err)),
		     -EINVAL, "is not 8-byte aligned");
	free(copy);
}

/* ---- robustness: nothing crashes or reads out of bounds --------------- */

/* What any parse must leave behind, whatever the input. */
static void check_outcome(int ret)
{
	if (ret) {
		assert_true(ret == -EINVAL || ret == -ENOSPC);
		assert_true(strnlen(err, sizeof(err)) < sizeof(err));
		assert_int_equal(strncmp(err, "multiboot2: ", 12), 0);
		assert_true(strlen(err) > 12);
		assert_true(bi_is_zero());
		return;
	}
	assert_string_equal(err, "");
	assert_true(strnlen(bi.cmdline, sizeof(bi.cmdline)) <
		    sizeof(bi.cmdline));
	assert_true(strnlen(bi.loader_name, sizeof(bi.loader_name)) <
		    sizeof(bi.loader_name));
	assert_true(bi.num_modules <= BOOT_MAX_MODULES);
	for (unsigned int i = 0; i < bi.num_modules; i++) {
		const struct boot_module *m = &bi.modules[i];

		assert_true(m->start <= m->end);
		assert_true(strnlen(m->string, sizeof(m->string)) <
			    sizeof(m->string));
	}
	/* With boot services running the caller gets the map from UEFI. */
	assert_true(bi.num_memmap <= BOOT_MAX_MEMMAP);
	assert_true(bi.num_memmap >= 1 || bi.efi_boot_services);
	for (unsigned int i = 0; i < bi.num_memmap; i++) {
		const struct boot_mem_range *r = &bi.memmap[i];

		assert_true(r->length);
		assert_true(r->length <= UINT64_MAX - r->base);
		assert_true(r->type >= BOOT_MEM_RAM && r->type <= BOOT_MEM_BAD);
	}
	assert_true(bi.rsdp_len == 0 || bi.rsdp_len == 20 || bi.rsdp_len == 36);
	if (bi.efi_boot_services)
		assert_true(bi.efi_system_table && bi.efi_image_handle);
}

static void mutate_everywhere(void)
{
	static const int values[] = { 0x00, 0x01, 0x07, 0x08, 0x0f, 0x10, 0x11,
				      0x7f, 0x80, 0xfe, 0xff, -1,   -2 };
	uint8_t *orig = malloc(mb_len);
	size_t len = mb_len;
	unsigned int accepted = 0, runs = 0;

	assert_non_null(orig);
	memcpy(orig, mb, len);

	/* Every byte, overwritten or flipped (-1: low bit, -2: high bit). */
	for (size_t off = 0; off < len; off++) {
		for (size_t v = 0; v < sizeof(values) / sizeof(values[0]);
		     v++) {
			uint8_t *buf = malloc(len);

			assert_non_null(buf);
			memcpy(buf, orig, len);
			if (values[v] == -1)
				buf[off] ^= 0x01;
			else if (values[v] == -2)
				buf[off] ^= 0x80;
			else
				buf[off] = (uint8_t)values[v];
			memset(err, 0x5a, sizeof(err));
			memset(&bi, 0xa5, sizeof(bi));
			int ret = mb2_parse(buf, len, &bi, err, sizeof(err));

			check_outcome(ret);
			accepted += !ret;
			runs++;
			free(buf);
		}
	}

	/*
	 * Every truncation, in a buffer of exactly that size, with
	 * total_size claiming it (where there is room for the field) and
	 * with total_size left as is.
	 */
	for (size_t cut = 0; cut <= len; cut++) {
		for (int claim = 0; claim < 2; claim++) {
			uint8_t *buf = malloc(cut ? cut : 1);
			int ret;

			assert_non_null(buf);
			memcpy(buf, orig, cut);
			if (claim && cut >= 4)
				put32(buf, (uint32_t)cut);
			memset(&bi, 0xa5, sizeof(bi));
			ret = mb2_parse(buf, cut, &bi, err, sizeof(err));
			check_outcome(ret);
			if (cut < len)
				assert_int_not_equal(ret, 0);
			else
				assert_int_equal(ret, 0);
			free(buf);
		}
	}

	/* Random multi-byte damage from a fixed seed. */
	uint64_t seed = 0x9e3779b97f4a7c15ULL;

	for (int iter = 0; iter < 100000; iter++) {
		uint8_t *buf = malloc(len);
		int nbytes, ret;

		assert_non_null(buf);
		memcpy(buf, orig, len);
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		nbytes = 1 + (int)(seed % 8);
		for (int k = 0; k < nbytes; k++) {
			seed ^= seed << 13, seed ^= seed >> 7,
				seed ^= seed << 17;
			/* Offsets 4..7 of a tag (its size) are hit often. */
			buf[(seed >> 8) % len] = (uint8_t)(seed >> 40);
		}
		memset(&bi, 0xa5, sizeof(bi));
		ret = mb2_parse(buf, len, &bi, err, sizeof(err));
		check_outcome(ret);
		free(buf);
	}

	/* Damage in ignored tags must be accepted, so some runs succeed. */
	assert_true(accepted > 0 && accepted < runs);
	free(orig);
}

static void test_robust_e820(void **state)
{
	build_grub_info(true);
	mutate_everywhere();
}

static void test_robust_efi_mmap(void **state)
{
	build_grub_info(false);
	mutate_everywhere();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_grub_like, setup),
		cmocka_unit_test_setup(test_bios_like, setup),
		cmocka_unit_test_setup(test_unknown_tags_skipped, setup),
		cmocka_unit_test_setup(test_mmap_entries_filtered, setup),
		cmocka_unit_test_setup(test_rsdp_new_preferred, setup),
		cmocka_unit_test_setup(test_rsdp_longer, setup),
		cmocka_unit_test_setup(test_efi_mmap_without_e820, setup),
		cmocka_unit_test_setup(test_e820_wins_over_bad_efi_mmap, setup),
		cmocka_unit_test_setup(test_boot_services_without_map, setup),
		cmocka_unit_test_setup(test_limits_exactly_reached, setup),
		cmocka_unit_test_setup(test_string_with_trailing_bytes, setup),
		cmocka_unit_test_setup(test_bytes_after_end_tag, setup),
		cmocka_unit_test_setup(test_small_error_buffer, setup),
		cmocka_unit_test_setup(test_malformed, setup),
		cmocka_unit_test_setup(test_bad_calls, setup),
		cmocka_unit_test_setup(test_robust_e820, setup),
		cmocka_unit_test_setup(test_robust_efi_mmap, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
