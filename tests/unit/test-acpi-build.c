// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hv/core/acpi_build.c. Firmware tables are built byte by
 * byte into a fake physical memory, as in test-acpi.c; the builder's
 * output then becomes one more chunk of that memory at the address the
 * root would see it, and the project's own parser (acpi_init,
 * acpi_find_table, acpi_parse_madt) reads it back from its new RSDP. The
 * DMAR bytes are checked against the Intel VT-d specification, chapter 8,
 * with the offsets and values written out here rather than taken from the
 * code under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <warden/acpi.h>
#include <warden/acpi_build.h>
#include <warden/errno.h>
#include <warden/le.h>

/* ---- fake physical memory ---- */

#define MEM_BASE 0x100000ULL
#define MEM_SIZE 0x10000
#define RSDT_AT (MEM_BASE + 0x0)
#define XSDT_AT (MEM_BASE + 0x100)
#define FADT_AT (MEM_BASE + 0x1000)
#define MADT_AT (MEM_BASE + 0x2000)
#define HPET_AT (MEM_BASE + 0x3000)
#define SSDT_AT (MEM_BASE + 0x4000)
#define DMAR_AT (MEM_BASE + 0x5000)
/* A table above 4 GiB, only an XSDT can name it. */
#define HIGH_AT 0x100000000ULL
#define HIGH_SIZE 0x100
/* Where the root sees the builder's output. */
#define BUILD_AT 0x7fe0000ULL
#define OUT_SIZE 0x1000

struct chunk {
	uint64_t base;
	const uint8_t *data;
	size_t len;
};

static uint8_t mem[MEM_SIZE];
static uint8_t high[HIGH_SIZE];
static struct chunk chunks[4];
static unsigned int num_chunks;

/* A read of [fail_from, fail_to) fails with fail_ret. */
static uint64_t fail_from, fail_to;
static int fail_ret;
/* The first read of watch_at clears the 4 bytes there afterwards. */
static uint64_t watch_at;

static int fake_read(void *ctx, uint64_t phys, void *buf, size_t len)
{
	if (phys < fail_to && phys + len > fail_from)
		return fail_ret;
	for (unsigned int i = 0; i < num_chunks; i++) {
		const struct chunk *c = &chunks[i];

		if (phys >= c->base && phys - c->base <= c->len &&
		    len <= c->len - (phys - c->base)) {
			memcpy(buf, c->data + (phys - c->base), len);
			if (watch_at && phys == watch_at) {
				memset(mem + (watch_at - MEM_BASE), 0, 4);
				watch_at = 0;
			}
			return 0;
		}
	}
	return -EFAULT;
}

static void add_chunk(uint64_t base, const void *data, size_t len)
{
	assert_true(num_chunks < sizeof(chunks) / sizeof(chunks[0]));
	chunks[num_chunks].base = base;
	chunks[num_chunks].data = data;
	chunks[num_chunks].len = len;
	num_chunks++;
}

static uint8_t *at(uint64_t phys)
{
	if (phys >= HIGH_AT && phys < HIGH_AT + HIGH_SIZE)
		return high + (phys - HIGH_AT);
	assert_true(phys >= MEM_BASE && phys < MEM_BASE + MEM_SIZE);
	return mem + (phys - MEM_BASE);
}

static uint8_t sum(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	while (len--)
		s += *p++;
	return s;
}

/* Header for a table of len bytes whose body is already in place. */
static void table(uint64_t phys, const char *sig, uint32_t len)
{
	uint8_t *p = at(phys);

	memcpy(p, sig, 4);
	put_le32(p + 4, len);
	p[8] = 1;
	p[9] = 0;
	memcpy(p + 10, "BOCHS ", 6);
	memcpy(p + 16, "BXPC    ", 8);
	put_le32(p + 24, 1);
	memcpy(p + 28, "BXPC", 4);
	put_le32(p + 32, 1);
	p[9] = (uint8_t)-sum(p, len);
}

static void rsdt(const uint64_t *addrs, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		put_le32(at(RSDT_AT) + 36 + 4 * i, (uint32_t)addrs[i]);
	table(RSDT_AT, "RSDT", 36 + 4 * n);
}

static void xsdt(const uint64_t *addrs, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		put_le64(at(XSDT_AT) + 36 + 8 * i, addrs[i]);
	table(XSDT_AT, "XSDT", 36 + 8 * n);
}

static uint8_t fw_rsdp[36];

static void make_rsdp(const char *oem, uint8_t revision, uint32_t rsdt_addr,
		      uint64_t xsdt_addr)
{
	memset(fw_rsdp, 0, sizeof(fw_rsdp));
	memcpy(fw_rsdp, "RSD PTR ", 8);
	memcpy(fw_rsdp + 9, oem, 6);
	fw_rsdp[15] = revision;
	put_le32(fw_rsdp + 16, rsdt_addr);
	fw_rsdp[8] = (uint8_t)-sum(fw_rsdp, 20);
	if (revision >= 2) {
		put_le32(fw_rsdp + 20, 36);
		put_le64(fw_rsdp + 24, xsdt_addr);
		fw_rsdp[32] = (uint8_t)-sum(fw_rsdp, 36);
	}
}

/* A MADT with one CPU and one IOAPIC, as the root's parser wants. */
static void make_madt(void)
{
	uint8_t *p = at(MADT_AT);

	put_le32(p + 36, 0xfee00000);
	put_le32(p + 40, ACPI_MADT_PCAT_COMPAT);
	p[44] = ACPI_MADT_LOCAL_APIC;
	p[45] = 8;
	put_le32(p + 48, ACPI_MADT_ENABLED);
	p[52] = ACPI_MADT_IOAPIC;
	p[53] = 12;
	p[54] = 0;
	put_le32(p + 56, 0xfec00000);
	table(MADT_AT, "APIC", 64);
}

static struct acpi_tables fw, root;
static struct acpi_dmar_unit unit;
static char err[ACPI_MSG_LEN];
static uint8_t *out; /* OUT_SIZE bytes on the heap: ASan sees overruns */

/* Bochs BIOS style: an ACPI 1.0 RSDP and an RSDT, no XSDT. */
static int setup(void **state)
{
	uint64_t tables[] = { FADT_AT, SSDT_AT, MADT_AT, HPET_AT };

	memset(mem, 0, sizeof(mem));
	memset(high, 0, sizeof(high));
	memset(&fw, 0, sizeof(fw));
	memset(&root, 0, sizeof(root));
	memset(err, 0, sizeof(err));
	num_chunks = 0;
	fail_from = fail_to = 0;
	fail_ret = 0;
	watch_at = 0;
	add_chunk(MEM_BASE, mem, sizeof(mem));
	add_chunk(HIGH_AT, high, sizeof(high));

	table(FADT_AT, "FACP", 116);
	table(SSDT_AT, "SSDT", 60);
	make_madt();
	table(HPET_AT, "HPET", 56);
	rsdt(tables, 4);
	make_rsdp("BOCHS ", 0, (uint32_t)RSDT_AT, 0);

	/* Two IOAPICs: one on bus 0 (00:1f.0), one behind bus 0xa (0a:1f.1) */
	memset(&unit, 0, sizeof(unit));
	unit.base = 0xfed90000;
	unit.segment = 0;
	unit.num_ioapics = 2;
	unit.ioapics[0].id = 0;
	unit.ioapics[0].source_id = 0x00f8;
	unit.ioapics[1].id = 9;
	unit.ioapics[1].source_id = 0x0af9;

	out = malloc(OUT_SIZE);
	assert_non_null(out);
	memset(out, 0xa5, OUT_SIZE);
	return 0;
}

static int teardown(void **state)
{
	free(out);
	out = NULL;
	return 0;
}

static int fw_init(size_t rsdp_len)
{
	return acpi_init(&fw, fw_rsdp, rsdp_len, fake_read, NULL, err,
			 sizeof(err));
}

static int build(size_t size, uint64_t phys)
{
	return acpi_build_root_tables(&fw, &unit, out, size, phys, err,
				      sizeof(err));
}

static void expect_err(int ret, int want, const char *text)
{
	assert_int_equal(ret, want);
	if (!strstr(err, text))
		fail_msg("message \"%s\" lacks \"%s\"", err, text);
}

static void expect_untouched(void)
{
	for (size_t i = 0; i < OUT_SIZE; i++)
		if (out[i] != 0xa5)
			fail_msg("output byte %zu was written", i);
}

/* Build, then make the output visible at BUILD_AT and parse it. */
static int build_and_parse(void)
{
	int ret = build(OUT_SIZE, BUILD_AT);

	if (ret < 0)
		fail_msg("build failed (%d): %s", ret, err);
	add_chunk(BUILD_AT, out, (size_t)ret);
	assert_int_equal(
		acpi_init(&root, out, 36, fake_read, NULL, err, sizeof(err)),
		0);
	return ret;
}

static void check_header(const uint8_t *p, const char *sig, uint32_t len,
			 const char *oem_table_id)
{
	assert_memory_equal(p, sig, 4);
	assert_int_equal(get_le32(p + 4), len);
	assert_int_equal(p[8], 1);
	assert_int_equal(sum(p, len), 0);
	assert_memory_equal(p + 10, "WARDEN", 6);
	assert_memory_equal(p + 16, oem_table_id, 8);
	assert_int_equal(get_le32(p + 24), 1);
	assert_memory_equal(p + 28, "WRDN", 4);
	assert_int_equal(get_le32(p + 32), 1);
}

/* The RSDP at out[0]: ACPI 6.x, 5.2.5.3. */
static void check_rsdp(const char *oem, uint64_t xsdt_phys)
{
	assert_memory_equal(out, "RSD PTR ", 8);
	assert_int_equal(sum(out, 20), 0);
	assert_int_equal(sum(out, 36), 0);
	assert_memory_equal(out + 9, oem, 6);
	assert_int_equal(out[15], 2);
	assert_int_equal(get_le32(out + 16), 0);
	assert_int_equal(get_le32(out + 20), 36);
	assert_int_equal(get_le64(out + 24), xsdt_phys);
	assert_int_equal(out[33] | out[34] | out[35], 0);
}

/* The root's XSDT lists exactly these tables, in this order. */
static void check_xsdt(const uint64_t *want, unsigned int n)
{
	const uint8_t *x = out + (root.root_phys - BUILD_AT);

	assert_int_equal(root.root_phys % 16, 0);
	assert_true(root.root_phys >= BUILD_AT + 36);
	check_header(x, "XSDT", 36 + 8 * n, "WARDENXS");
	assert_int_equal(root.num_entries, n);
	for (unsigned int i = 0; i < n; i++)
		assert_int_equal(get_le64(x + 36 + 8 * i), want[i]);
}

/*
 * The DMAR: VT-d 8.1 (header, HAW, flags), 8.3 (DRHD), 8.3.1 (device
 * scope, IOAPIC type 3, one path entry).
 */
static void check_dmar(uint64_t phys, uint32_t len)
{
	const uint8_t *d = out + (phys - BUILD_AT);
	const uint8_t *drhd = d + 48;
	uint32_t want = 48 + 16 + 8 * unit.num_ioapics;

	assert_int_equal(phys % 16, 0);
	assert_int_equal(len, want);
	check_header(d, "DMAR", want, "WARDENVT");
	assert_int_equal(d[36], 47); /* 48-bit host address width */
	assert_int_equal(d[37], 0x1); /* INTR_REMAP, no X2APIC_OPT_OUT */
	for (int i = 38; i < 48; i++)
		assert_int_equal(d[i], 0);

	assert_int_equal(get_le16(drhd + 0), 0); /* DRHD */
	assert_int_equal(get_le16(drhd + 2), 16 + 8 * unit.num_ioapics);
	assert_int_equal(drhd[4], 0x1); /* INCLUDE_PCI_ALL */
	assert_int_equal(drhd[5], 0); /* one 4 KiB page */
	assert_int_equal(get_le16(drhd + 6), unit.segment);
	assert_int_equal(get_le64(drhd + 8), unit.base);
	for (unsigned int i = 0; i < unit.num_ioapics; i++) {
		const uint8_t *s = drhd + 16 + 8 * i;
		uint16_t sid = unit.ioapics[i].source_id;

		assert_int_equal(s[0], 3); /* IOAPIC */
		assert_int_equal(s[1], 8);
		assert_int_equal(get_le16(s + 2), 0);
		assert_int_equal(s[4], unit.ioapics[i].id);
		assert_int_equal(s[5], sid >> 8);
		assert_int_equal(s[6], (sid >> 3) & 0x1f);
		assert_int_equal(s[7], sid & 7);
	}
}

/* Every firmware table is found through the root at its old address. */
static void check_same_tables(const char *const *sigs, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		uint64_t fw_phys, root_phys;
		uint32_t fw_len, root_len;

		assert_int_equal(acpi_find_table(&fw, sigs[i], &fw_phys,
						 &fw_len, err, sizeof(err)),
				 0);
		assert_int_equal(acpi_find_table(&root, sigs[i], &root_phys,
						 &root_len, err, sizeof(err)),
				 0);
		assert_int_equal(root_phys, fw_phys);
		assert_int_equal(root_len, fw_len);
	}
}

/* ---- valid input ---- */

static void test_rsdt_firmware(void **state)
{
	static const char *const sigs[] = { "FACP", "SSDT", "APIC", "HPET" };
	const uint64_t want[] = { FADT_AT, SSDT_AT, MADT_AT, HPET_AT,
				  BUILD_AT + 128 };
	struct acpi_madt_info madt;
	uint64_t phys;
	uint32_t len;
	int used;

	assert_int_equal(fw_init(20), 0);
	assert_false(fw.xsdt);
	/* RSDP 36, XSDT at 48 (36 + 5 * 8 = 76), DMAR at 128 (48 + 32). */
	used = build_and_parse();
	assert_int_equal(used, 128 + 80);

	check_rsdp("BOCHS ", BUILD_AT + 48);
	assert_true(root.xsdt);
	assert_int_equal(root.rsdp_revision, 2);
	assert_string_equal(root.oem_id, "BOCHS ");
	assert_int_equal(root.root_phys, BUILD_AT + 48);
	check_xsdt(want, 5);
	check_same_tables(sigs, 4);

	assert_int_equal(
		acpi_find_table(&root, "DMAR", &phys, &len, err, sizeof(err)),
		0);
	assert_int_equal(phys, BUILD_AT + 128);
	check_dmar(phys, len);

	/* The firmware's MADT still parses through the new root. */
	assert_int_equal(acpi_parse_madt(&root, &madt, err, sizeof(err)), 0);
	assert_int_equal(madt.madt_phys, MADT_AT);
	assert_int_equal(madt.num_cpus, 1);
	assert_int_equal(madt.num_ioapics, 1);
}

/* XSDT firmware: 64-bit entries kept, a null slot dropped, segment set. */
static void test_xsdt_firmware(void **state)
{
	static const char *const sigs[] = { "FACP", "APIC", "SSDT" };
	const uint64_t tables[] = { FADT_AT, 0, MADT_AT, HIGH_AT };
	const uint64_t want[] = { FADT_AT, MADT_AT, HIGH_AT, BUILD_AT + 128 };
	uint64_t phys;
	uint32_t len;

	table(HIGH_AT, "SSDT", 40);
	xsdt(tables, 4);
	/* The RSDT lists the low SSDT: the XSDT must be the one copied. */
	make_rsdp("OEMXYZ", 2, (uint32_t)RSDT_AT, XSDT_AT);
	unit.segment = 3;
	unit.base = 0xfeb00000;
	unit.num_ioapics = 1;
	unit.ioapics[0].id = 2;
	unit.ioapics[0].source_id = 0xfffe; /* ff:1f.6 */

	assert_int_equal(fw_init(36), 0);
	assert_true(fw.xsdt);
	/* XSDT at 48 (36 + 4 * 8 = 68), DMAR at 128 (48 + 68, rounded up). */
	assert_int_equal(build_and_parse(), 128 + 72);

	check_rsdp("OEMXYZ", BUILD_AT + 48);
	assert_string_equal(root.oem_id, "OEMXYZ");
	check_xsdt(want, 4);
	check_same_tables(sigs, 3);
	assert_int_equal(
		acpi_find_table(&root, "SSDT", &phys, &len, err, sizeof(err)),
		0);
	assert_int_equal(phys, HIGH_AT);
	assert_int_equal(
		acpi_find_table(&root, "DMAR", &phys, &len, err, sizeof(err)),
		0);
	assert_int_equal(phys, BUILD_AT + 128);
	check_dmar(phys, len);
	assert_int_equal(out[128 + 48 + 16 + 5], 0xff);
	assert_int_equal(out[128 + 48 + 16 + 6], 0x1f);
	assert_int_equal(out[128 + 48 + 16 + 7], 6);
}

/* A full unit: eight IOAPICs, each scope in order. */
static void test_max_ioapics(void **state)
{
	uint64_t phys;
	uint32_t len;

	unit.num_ioapics = ACPI_DMAR_MAX_IOAPICS;
	for (unsigned int i = 0; i < ACPI_DMAR_MAX_IOAPICS; i++) {
		unit.ioapics[i].id = (uint8_t)(i + 1);
		unit.ioapics[i].source_id = (uint16_t)(0x0100 * i | 0xa0 | i);
	}
	assert_int_equal(fw_init(20), 0);
	assert_int_equal(build_and_parse(), 128 + 48 + 16 + 64);
	assert_int_equal(
		acpi_find_table(&root, "DMAR", &phys, &len, err, sizeof(err)),
		0);
	check_dmar(phys, len);
}

/* Bytes between the tables and after them are zero; none past the end. */
static void test_padding_and_exact_size(void **state)
{
	int used;

	assert_int_equal(fw_init(20), 0);
	used = build(OUT_SIZE, BUILD_AT);
	assert_int_equal(used, 208);
	for (int i = 36; i < 48; i++)
		assert_int_equal(out[i], 0);
	for (int i = 48 + 76; i < 128; i++)
		assert_int_equal(out[i], 0);
	for (int i = used; i < OUT_SIZE; i++)
		assert_int_equal(out[i], 0xa5);

	/* Exactly the size needed is enough. */
	memset(out, 0xa5, OUT_SIZE);
	assert_int_equal(build((size_t)used, BUILD_AT), used);
	check_rsdp("BOCHS ", BUILD_AT + 48);
}

/* ---- errors ---- */

static void test_firmware_has_dmar(void **state)
{
	const uint64_t tables[] = { FADT_AT, MADT_AT, DMAR_AT, HPET_AT };

	table(DMAR_AT, "DMAR", 48);
	rsdt(tables, 4);
	assert_int_equal(fw_init(20), 0);
	expect_err(build(OUT_SIZE, BUILD_AT), -EEXIST, "DMAR");
	expect_err(build(OUT_SIZE, BUILD_AT), -EEXIST, "RSDT entry 2");
	expect_untouched();
}

static void test_too_small(void **state)
{
	assert_int_equal(fw_init(20), 0);
	expect_err(build(207, BUILD_AT), -ENOSPC, "need 208 bytes, 207");
	expect_untouched();
	expect_err(build(0, BUILD_AT), -ENOSPC, "need 208 bytes");
	expect_untouched();
}

static void test_no_ioapics(void **state)
{
	unit.num_ioapics = 0;
	assert_int_equal(fw_init(20), 0);
	expect_err(build(OUT_SIZE, BUILD_AT), -EINVAL, "0 IOAPICs");
	expect_untouched();
}

static void test_too_many_ioapics(void **state)
{
	unit.num_ioapics = ACPI_DMAR_MAX_IOAPICS + 1;
	assert_int_equal(fw_init(20), 0);
	expect_err(build(OUT_SIZE, BUILD_AT), -EINVAL, "9 IOAPICs");
	expect_untouched();
}

static void test_bad_base(void **state)
{
	assert_int_equal(fw_init(20), 0);
	unit.base = 0xfed90800;
	expect_err(build(OUT_SIZE, BUILD_AT), -EINVAL, "0xfed90800");
	unit.base = 0;
	expect_err(build(OUT_SIZE, BUILD_AT), -EINVAL, "register base 0x0");
	expect_untouched();
}

static void test_duplicate_ioapic_id(void **state)
{
	unit.ioapics[1].id = unit.ioapics[0].id;
	assert_int_equal(fw_init(20), 0);
	expect_err(build(OUT_SIZE, BUILD_AT), -EINVAL,
		   "IOAPIC ID 0 is given twice");
	expect_untouched();
}

static void test_unaligned_phys(void **state)
{
	assert_int_equal(fw_init(20), 0);
	expect_err(build(OUT_SIZE, BUILD_AT + 4), -EINVAL,
		   "not 16-byte aligned");
	expect_untouched();
}

static void test_past_address_space(void **state)
{
	assert_int_equal(fw_init(20), 0);
	expect_err(build(OUT_SIZE, 0xffffffffffffff80ULL), -EINVAL,
		   "past the end of the address space");
	expect_untouched();
}

/* An entry naming memory that cannot be read. */
static void test_entry_target_unreadable(void **state)
{
	const uint64_t tables[] = { FADT_AT, 0xdead0000 };

	rsdt(tables, 2);
	assert_int_equal(fw_init(20), 0);
	expect_err(build(OUT_SIZE, BUILD_AT), -EFAULT,
		   "RSDT entry 1 points to 0xdead0000, which cannot be read");
	expect_untouched();
}

/* The root table's own entry slot fails: read_phys's error comes back. */
static void test_root_entry_unreadable(void **state)
{
	assert_int_equal(fw_init(20), 0);
	fail_from = RSDT_AT + 36 + 4 * 2;
	fail_to = fail_from + 4;
	fail_ret = -EIO;
	expect_err(build(OUT_SIZE, BUILD_AT), -EIO,
		   "RSDT entry 2 at 0x10002c cannot be read");
	expect_untouched();
}

/* An entry read as a table, then as null: no RSDP is left behind. */
static void test_root_changes_while_copied(void **state)
{
	assert_int_equal(fw_init(20), 0);
	watch_at = RSDT_AT + 36 + 4 * 1;
	expect_err(build(OUT_SIZE, BUILD_AT), -EINVAL,
		   "changed while it was copied");
	for (int i = 0; i < 208; i++)
		assert_int_equal(out[i], 0);
}

/* A root table claiming more entries than ACPI_MAX_ROOT_LEN allows. */
static void test_too_many_entries(void **state)
{
	assert_int_equal(fw_init(20), 0);
	fw.num_entries = ACPI_MAX_ROOT_LEN / 4;
	expect_err(build(OUT_SIZE, BUILD_AT), -EINVAL, "entries");
	expect_untouched();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rsdt_firmware, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_xsdt_firmware, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_max_ioapics, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_padding_and_exact_size,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_firmware_has_dmar, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_too_small, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_ioapics, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_too_many_ioapics, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_base, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_ioapic_id, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unaligned_phys, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_past_address_space, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_entry_target_unreadable,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_entry_unreadable,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_changes_while_copied,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many_entries, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
