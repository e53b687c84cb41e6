// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hv/core/acpi.c. Tables are built byte by byte into a fake
 * physical memory (a few chunks at fixed addresses, everything else
 * unreadable), so the parser sees exactly what firmware would give it,
 * including tables that run off the end of memory. One test feeds the
 * tables QEMU 7.2 (q35, SeaBIOS, 4 CPUs, 256 MiB) really builds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <warden/acpi.h>
#include <warden/errno.h>

/* ---- fake physical memory ---- */

#define MEM_BASE 0x100000ULL
#define MEM_SIZE 0x20000
#define RSDT_AT (MEM_BASE + 0x0)
#define XSDT_AT (MEM_BASE + 0x100)
#define FADT_AT (MEM_BASE + 0x1000)
#define MADT_AT (MEM_BASE + 0x2000)
#define HPET_AT (MEM_BASE + 0x3000)
#define MADT2_AT (MEM_BASE + 0x4000)

struct chunk {
	uint64_t base;
	const uint8_t *data;
	size_t len;
};

static uint8_t mem[MEM_SIZE];
static struct chunk chunks[4];
static unsigned int num_chunks;
static unsigned int reads;

static int fake_read(void *ctx, uint64_t phys, void *buf, size_t len)
{
	reads++;
	for (unsigned int i = 0; i < num_chunks; i++) {
		const struct chunk *c = &chunks[i];

		if (phys >= c->base && phys - c->base <= c->len &&
		    len <= c->len - (phys - c->base)) {
			memcpy(buf, c->data + (phys - c->base), len);
			return 0;
		}
	}
	return -EFAULT;
}

static void add_chunk(uint64_t base, const void *data, size_t len)
{
	chunks[num_chunks].base = base;
	chunks[num_chunks].data = data;
	chunks[num_chunks].len = len;
	num_chunks++;
}

static uint8_t *at(uint64_t phys)
{
	assert_true(phys >= MEM_BASE && phys < MEM_BASE + MEM_SIZE);
	return mem + (phys - MEM_BASE);
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

static uint8_t sum(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	while (len--)
		s += *p++;
	return s;
}

/* Header for a table of len bytes whose body is already in place. */
static void table(uint64_t phys, const char *sig, uint8_t rev, uint32_t len)
{
	uint8_t *p = at(phys);

	memcpy(p, sig, 4);
	put32(p + 4, len);
	p[8] = rev;
	p[9] = 0;
	memcpy(p + 10, "WARDEN", 6);
	memcpy(p + 16, "TESTTABL", 8);
	put32(p + 24, 1);
	memcpy(p + 28, "WRDN", 4);
	put32(p + 32, 1);
	p[9] = (uint8_t)-sum(p, len);
}

static void rechecksum(uint64_t phys)
{
	uint8_t *p = at(phys);
	uint32_t len = p[4] | p[5] << 8 | p[6] << 16 | (uint32_t)p[7] << 24;

	p[9] = 0;
	p[9] = (uint8_t)-sum(p, len);
}

static void rsdt(const uint64_t *addrs, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		put32(at(RSDT_AT) + 36 + 4 * i, (uint32_t)addrs[i]);
	table(RSDT_AT, "RSDT", 1, 36 + 4 * n);
}

static void xsdt(const uint64_t *addrs, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		put64(at(XSDT_AT) + 36 + 8 * i, addrs[i]);
	table(XSDT_AT, "XSDT", 1, 36 + 8 * n);
}

static uint8_t rsdp[36];

static void make_rsdp(uint8_t revision, uint32_t rsdt_addr, uint64_t xsdt_addr)
{
	memset(rsdp, 0, sizeof(rsdp));
	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "WARDEN", 6);
	rsdp[15] = revision;
	put32(rsdp + 16, rsdt_addr);
	rsdp[8] = (uint8_t)-sum(rsdp, 20);
	if (revision >= 2) {
		put32(rsdp + 20, 36);
		put64(rsdp + 24, xsdt_addr);
		rsdp[32] = (uint8_t)-sum(rsdp, 36);
	}
}

/* MADT builder: entries are appended at madt_len. */
static uint64_t madt_at;
static uint32_t madt_len;
static uint8_t madt_rev;

static void madt_begin(uint64_t phys, uint8_t rev)
{
	madt_at = phys;
	madt_rev = rev;
	put32(at(phys) + 36, 0xfee00000);
	put32(at(phys) + 40, ACPI_MADT_PCAT_COMPAT);
	madt_len = 44;
}

static uint8_t *madt_entry(uint8_t type, uint8_t len)
{
	uint8_t *p = at(madt_at) + madt_len;

	memset(p, 0, len);
	p[0] = type;
	p[1] = len;
	madt_len += len;
	return p;
}

static void lapic(uint8_t uid, uint8_t id, uint32_t flags)
{
	uint8_t *p = madt_entry(ACPI_MADT_LOCAL_APIC, 8);

	p[2] = uid;
	p[3] = id;
	put32(p + 4, flags);
}

static void x2apic(uint32_t id, uint32_t uid, uint32_t flags)
{
	uint8_t *p = madt_entry(ACPI_MADT_LOCAL_X2APIC, 16);

	put32(p + 4, id);
	put32(p + 8, flags);
	put32(p + 12, uid);
}

static void ioapic(uint8_t id, uint32_t addr, uint32_t gsi)
{
	uint8_t *p = madt_entry(ACPI_MADT_IOAPIC, 12);

	p[2] = id;
	put32(p + 4, addr);
	put32(p + 8, gsi);
}

static void iso(uint8_t source, uint32_t gsi, uint16_t flags)
{
	uint8_t *p = madt_entry(ACPI_MADT_INT_OVERRIDE, 10);

	p[3] = source;
	put32(p + 4, gsi);
	put16(p + 8, flags);
}

static void madt_end(void)
{
	table(madt_at, "APIC", madt_rev, madt_len);
}

static struct acpi_tables acpi;
static struct acpi_madt_info madt;
static struct acpi_fadt_info fadt;
static char err[ACPI_MSG_LEN];

/* FADT with the PM timer at 0x608 (legacy) and a reset register. */
static void make_fadt(uint32_t len, uint8_t rev)
{
	uint8_t *p = at(FADT_AT);

	memset(p, 0, 512);
	put32(p + 40, 0x1234000);
	put16(p + 46, 9);
	put32(p + 64, 0x604);
	p[89] = 2;
	put32(p + 76, 0x608);
	p[91] = 4;
	put16(p + 109, 0x2);
	put32(p + 112, ACPI_FADT_TMR_VAL_EXT | ACPI_FADT_RESET_REG_SUP);
	p[116] = ACPI_GAS_IO;
	p[117] = 8;
	put64(p + 120, 0xcf9);
	p[128] = 0x0f;
	table(FADT_AT, "FACP", rev, len);
}

/* The standard image: RSDT and XSDT with FADT, MADT and HPET. */
static int setup(void **state)
{
	uint64_t tables[] = { FADT_AT, MADT_AT, HPET_AT };

	memset(mem, 0, sizeof(mem));
	memset(&acpi, 0, sizeof(acpi));
	memset(&madt, 0, sizeof(madt));
	memset(&fadt, 0, sizeof(fadt));
	memset(err, 0, sizeof(err));
	num_chunks = 0;
	add_chunk(MEM_BASE, mem, sizeof(mem));

	make_fadt(244, 3);
	madt_begin(MADT_AT, 3);
	lapic(0, 0, ACPI_MADT_ENABLED);
	lapic(1, 1, ACPI_MADT_ENABLED);
	ioapic(0, 0xfec00000, 0);
	iso(0, 2, 0);
	iso(9, 9, 0xd);
	madt_end();
	table(HPET_AT, "HPET", 1, 56);
	rsdt(tables, 3);
	xsdt(tables, 3);
	make_rsdp(0, (uint32_t)RSDT_AT, 0);
	return 0;
}

static int init(size_t len)
{
	return acpi_init(&acpi, rsdp, len, fake_read, NULL, err, sizeof(err));
}

static void expect_err(int ret, int want, const char *text)
{
	assert_int_equal(ret, want);
	if (!strstr(err, text))
		fail_msg("message \"%s\" lacks \"%s\"", err, text);
}

/* ---- valid tables ---- */

static void test_v1_rsdt(void **state)
{
	uint64_t phys;
	uint32_t len;

	assert_int_equal(init(20), 0);
	assert_false(acpi.xsdt);
	assert_int_equal(acpi.root_phys, RSDT_AT);
	assert_int_equal(acpi.num_entries, 3);
	assert_string_equal(acpi.oem_id, "WARDEN");
	assert_int_equal(
		acpi_find_table(&acpi, "HPET", &phys, &len, err, sizeof(err)),
		0);
	assert_int_equal(phys, HPET_AT);
	assert_int_equal(len, 56);
	expect_err(
		acpi_find_table(&acpi, "MCFG", &phys, &len, err, sizeof(err)),
		-ENOENT, "no MCFG");

	assert_int_equal(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), 0);
	assert_int_equal(madt.madt_phys, MADT_AT);
	assert_int_equal(madt.lapic_address, 0xfee00000);
	assert_int_equal(madt.flags, ACPI_MADT_PCAT_COMPAT);
	assert_int_equal(madt.num_cpus, 2);
	assert_int_equal(madt.num_ioapics, 1);
	assert_int_equal(madt.ioapics[0].address, 0xfec00000);
	assert_int_equal(madt.num_overrides, 2);
	assert_int_equal(madt.overrides[1].source, 9);
	assert_int_equal(madt.overrides[1].flags, 0xd);
	assert_int_equal(madt.num_warnings, 0);
}

static void test_v2_xsdt(void **state)
{
	uint64_t bad[] = { FADT_AT, MADT2_AT };

	/* The RSDT names another MADT: it must not be the one used. */
	madt_begin(MADT2_AT, 3);
	lapic(0, 7, ACPI_MADT_ENABLED);
	madt_end();
	rsdt(bad, 2);
	make_rsdp(2, (uint32_t)RSDT_AT, XSDT_AT);

	assert_int_equal(init(36), 0);
	assert_true(acpi.xsdt);
	assert_int_equal(acpi.rsdp_revision, 2);
	assert_int_equal(acpi.root_phys, XSDT_AT);
	assert_int_equal(acpi.num_entries, 3);
	assert_int_equal(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), 0);
	assert_int_equal(madt.madt_phys, MADT_AT);
	assert_int_equal(madt.num_cpus, 2);
}

/* Revision 2 but only the ACPI 1.0 part handed over: RSDT is used. */
static void test_v2_short_copy_uses_rsdt(void **state)
{
	make_rsdp(2, (uint32_t)RSDT_AT, XSDT_AT);
	assert_int_equal(init(20), 0);
	assert_false(acpi.xsdt);
	assert_int_equal(acpi.root_phys, RSDT_AT);
}

/* XSDT address 0 in a revision 2 RSDP: fall back to the RSDT. */
static void test_v2_without_xsdt(void **state)
{
	make_rsdp(2, (uint32_t)RSDT_AT, 0);
	assert_int_equal(init(36), 0);
	assert_false(acpi.xsdt);
}

static void test_null_root_entries_skipped(void **state)
{
	uint64_t tables[] = { 0, MADT_AT };

	rsdt(tables, 2);
	assert_int_equal(init(20), 0);
	assert_int_equal(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), 0);
}

static void test_cpu_order_boot_not_first(void **state)
{
	uint32_t ids[8];

	madt_begin(MADT_AT, 3);
	lapic(0, 0, ACPI_MADT_ENABLED);
	lapic(1, 2, ACPI_MADT_ENABLED);
	lapic(2, 4, ACPI_MADT_ENABLED);
	lapic(3, 6, ACPI_MADT_ENABLED);
	madt_end();
	assert_int_equal(init(20), 0);
	assert_int_equal(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), 0);
	assert_int_equal(madt.num_cpus, 4);
	assert_int_equal(madt.cpus[2].uid, 2);

	assert_int_equal(acpi_cpu_order(&madt, 4, ids, 8), 4);
	assert_int_equal(ids[0], 4);
	assert_int_equal(ids[1], 0);
	assert_int_equal(ids[2], 2);
	assert_int_equal(ids[3], 6);

	assert_int_equal(acpi_cpu_order(&madt, 6, ids, 8), 4);
	assert_int_equal(ids[0], 6);
	assert_int_equal(ids[3], 4);

	assert_int_equal(acpi_cpu_order(&madt, 5, ids, 8), -ENOENT);
	assert_int_equal(acpi_cpu_order(&madt, 0, ids, 3), -E2BIG);
	assert_int_equal(acpi_cpu_order(&madt, 0, ids, 0), -E2BIG);
}

static void test_disabled_cpus_skipped(void **state)
{
	uint32_t ids[8];

	madt_begin(MADT_AT, 5);
	lapic(0, 0, 0); /* disabled, not online-capable: ignored */
	lapic(1, 1, ACPI_MADT_ENABLED);
	lapic(2, 2, ACPI_MADT_ONLINE_CAPABLE); /* hot-pluggable */
	lapic(3, 3, ACPI_MADT_ENABLED);
	lapic(4, 0xff, ACPI_MADT_ENABLED); /* invalid ID */
	madt_end();
	assert_int_equal(init(20), 0);
	assert_int_equal(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), 0);
	assert_int_equal(madt.num_cpus, 3);
	assert_int_equal(madt.num_cpus_ignored, 2);
	assert_int_equal(madt.cpus[1].apic_id, 2);
	assert_false(madt.cpus[1].enabled);
	assert_true(madt.cpus[1].online_capable);

	assert_int_equal(acpi_cpu_order(&madt, 3, ids, 8), 2);
	assert_int_equal(ids[0], 3);
	assert_int_equal(ids[1], 1);
	/* A disabled CPU cannot be the boot CPU. */
	assert_int_equal(acpi_cpu_order(&madt, 2, ids, 8), -ENOENT);
}

/* Before MADT revision 5 the online-capable bit is reserved. */
static void test_online_capable_needs_rev5(void **state)
{
	madt_begin(MADT_AT, 4);
	lapic(0, 0, ACPI_MADT_ENABLED);
	lapic(1, 1, ACPI_MADT_ONLINE_CAPABLE);
	madt_end();
	assert_int_equal(init(20), 0);
	assert_int_equal(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), 0);
	assert_int_equal(madt.num_cpus, 1);
}

static void test_x2apic_only(void **state)
{
	uint32_t ids[8];

	madt_begin(MADT_AT, 3);
	x2apic(0x100, 10, ACPI_MADT_ENABLED);
	x2apic(0x5, 11, ACPI_MADT_ENABLED); /* counts: no Local APIC CPUs */
	x2apic(0x200, 12, ACPI_MADT_ENABLED);
	x2apic(0xffffffff, 13, ACPI_MADT_ENABLED); /* invalid */
	madt_end();
	assert_int_equal(init(20), 0);
	assert_int_equal(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), 0);
	assert_int_equal(madt.num_cpus, 3);
	assert_true(madt.cpus[0].x2apic_entry);
	assert_int_equal(madt.cpus[0].uid, 10);
	assert_int_equal(acpi_cpu_order(&madt, 0x200, ids, 8), 3);
	assert_int_equal(ids[0], 0x200);
	assert_int_equal(ids[1], 0x100);
	assert_int_equal(ids[2], 0x5);
}

/* Firmware listing the same CPUs as Local APIC and x2APIC entries. */
static void test_x2apic_with_lapic(void **state)
{
	uint32_t ids[8];

	madt_begin(MADT_AT, 3);
	lapic(0, 0, ACPI_MADT_ENABLED);
	lapic(1, 1, ACPI_MADT_ENABLED);
	x2apic(0, 0, ACPI_MADT_ENABLED);
	x2apic(1, 1, ACPI_MADT_ENABLED);
	x2apic(0x3, 3, ACPI_MADT_ENABLED); /* < 0xff: ignored */
	x2apic(0x100, 0x100, ACPI_MADT_ENABLED);
	madt_end();
	assert_int_equal(init(20), 0);
	assert_int_equal(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), 0);
	assert_int_equal(madt.num_cpus, 3);
	assert_int_equal(madt.num_cpus_ignored, 3);
	assert_int_equal(madt.num_warnings, 0);
	assert_false(madt.mixed_order);
	assert_int_equal(acpi_cpu_order(&madt, 1, ids, 8), 3);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 0);
	assert_int_equal(ids[2], 0x100);
}

static void test_mixed_order_reported(void **state)
{
	uint32_t ids[8];

	madt_begin(MADT_AT, 3);
	x2apic(0x100, 0x100, ACPI_MADT_ENABLED);
	lapic(0, 0, ACPI_MADT_ENABLED);
	madt_end();
	assert_int_equal(init(20), 0);
	assert_int_equal(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), 0);
	assert_true(madt.mixed_order);
	assert_int_equal(madt.num_warnings, 1);
	assert_non_null(strstr(madt.warning, "follows a Local x2APIC"));
	/* Table order is followed. */
	assert_int_equal(acpi_cpu_order(&madt, 0, ids, 8), 2);
	assert_int_equal(ids[1], 0x100);
}

static void test_duplicate_apic_id(void **state)
{
	madt_begin(MADT_AT, 3);
	lapic(0, 0, ACPI_MADT_ENABLED);
	lapic(1, 1, ACPI_MADT_ENABLED);
	lapic(2, 1, ACPI_MADT_ENABLED);
	madt_end();
	assert_int_equal(init(20), 0);
	assert_int_equal(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), 0);
	assert_int_equal(madt.num_cpus, 2);
	assert_int_equal(madt.cpus[1].uid, 1);
	assert_int_equal(madt.num_warnings, 1);
	assert_non_null(strstr(madt.warning, "MADT entry 2 (type 0"));
	assert_non_null(strstr(madt.warning, "APIC ID 0x1 repeats entry 1"));
}

static void test_too_many_cpus(void **state)
{
	uint32_t ids[ACPI_MAX_CPUS];

	madt_begin(MADT_AT, 3);
	for (unsigned int i = 0; i < ACPI_MAX_CPUS + 6; i++)
		x2apic(i, i, ACPI_MADT_ENABLED);
	madt_end();
	assert_int_equal(init(20), 0);
	assert_int_equal(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), 0);
	assert_int_equal(madt.num_cpus, ACPI_MAX_CPUS);
	assert_int_equal(madt.num_cpus_dropped, 6);
	assert_non_null(strstr(madt.warning, "more than 64 processors"));
	assert_int_equal(acpi_cpu_order(&madt, 0, ids, ACPI_MAX_CPUS), -ERANGE);
}

static void test_madt_other_entries(void **state)
{
	uint8_t *p;

	madt_begin(MADT_AT, 3);
	lapic(0, 0, ACPI_MADT_ENABLED);
	ioapic(0, 0xfec00000, 0);
	ioapic(1, 0xfec01000, 24);
	p = madt_entry(ACPI_MADT_LOCAL_APIC_NMI, 6);
	p[2] = 0xff;
	put16(p + 3, 0x5);
	p[5] = 1;
	p = madt_entry(ACPI_MADT_LOCAL_X2APIC_NMI, 12);
	put16(p + 2, 0);
	put32(p + 4, 7);
	p[8] = 0;
	p = madt_entry(ACPI_MADT_LOCAL_APIC_OVERRIDE, 12);
	put64(p + 4, 0x1fee00000ULL);
	p = madt_entry(0x7f, 5); /* unknown type: skipped by length */
	p = madt_entry(ACPI_MADT_NMI_SOURCE, 8);
	madt_end();
	assert_int_equal(init(20), 0);
	assert_int_equal(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), 0);
	assert_int_equal(madt.num_entries, 8);
	assert_int_equal(madt.lapic_address, 0x1fee00000ULL);
	assert_int_equal(madt.num_ioapics, 2);
	assert_int_equal(madt.ioapics[1].id, 1);
	assert_int_equal(madt.ioapics[1].gsi_base, 24);
	assert_int_equal(madt.num_lapic_nmis, 2);
	assert_int_equal(madt.lapic_nmis[0].uid, ACPI_UID_ALL_PROCESSORS);
	assert_int_equal(madt.lapic_nmis[0].flags, 5);
	assert_int_equal(madt.lapic_nmis[0].lint, 1);
	assert_int_equal(madt.lapic_nmis[1].uid, 7);
	assert_int_equal(madt.num_warnings, 0);
}

static void test_fadt(void **state)
{
	uint8_t *p = at(FADT_AT);

	assert_int_equal(init(20), 0);
	assert_int_equal(acpi_parse_fadt(&acpi, &fadt, err, sizeof(err)), 0);
	assert_int_equal(fadt.fadt_phys, FADT_AT);
	assert_int_equal(fadt.pm_timer_port, 0x608);
	assert_true(fadt.pm_timer_32bit);
	assert_int_equal(fadt.sci_irq, 9);
	assert_int_equal(fadt.dsdt, 0x1234000);
	assert_int_equal(fadt.iapc_boot_arch, 2);
	assert_int_equal(fadt.pm1a_control.space_id, ACPI_GAS_IO);
	assert_int_equal(fadt.pm1a_control.address, 0x604);
	assert_int_equal(fadt.pm1a_control.bit_width, 16);
	assert_int_equal(fadt.pm1b_control.address, 0);
	assert_true(fadt.has_reset);
	assert_int_equal(fadt.reset_reg.address, 0xcf9);
	assert_int_equal(fadt.reset_value, 0x0f);
	assert_int_equal(fadt.num_warnings, 0);

	/* X_PM_TMR_BLK in I/O space wins over PM_TMR_BLK. */
	p[208] = ACPI_GAS_IO;
	p[209] = 32;
	put64(p + 212, 0x1808);
	/* X_PM1a_CNT_BLK too. */
	p[172] = ACPI_GAS_IO;
	p[173] = 16;
	put64(p + 176, 0x1804);
	rechecksum(FADT_AT);
	assert_int_equal(acpi_parse_fadt(&acpi, &fadt, err, sizeof(err)), 0);
	assert_int_equal(fadt.pm_timer_port, 0x1808);
	assert_int_equal(fadt.pm1a_control.address, 0x1804);

	/* ... but a memory-mapped one sends us back to the port. */
	p[208] = ACPI_GAS_MEMORY;
	put64(p + 212, 0xfed00000);
	rechecksum(FADT_AT);
	assert_int_equal(acpi_parse_fadt(&acpi, &fadt, err, sizeof(err)), 0);
	assert_int_equal(fadt.pm_timer_port, 0x608);
	assert_int_equal(fadt.num_warnings, 1);
	assert_non_null(
		strstr(fadt.warning, "X_PM_TMR_BLK is in address space 0"));

	/* PM_TMR_LEN other than 4: no timer. */
	memset(p + 208, 0, 12);
	p[91] = 3;
	rechecksum(FADT_AT);
	assert_int_equal(acpi_parse_fadt(&acpi, &fadt, err, sizeof(err)), 0);
	assert_int_equal(fadt.pm_timer_port, 0);
	assert_non_null(strstr(fadt.warning, "PM_TMR_LEN is 3"));
}

/* An ACPI 1.0 FADT: 116 bytes, no reset register, no X_ fields. */
static void test_fadt_v1(void **state)
{
	make_fadt(116, 1);
	assert_int_equal(init(20), 0);
	assert_int_equal(acpi_parse_fadt(&acpi, &fadt, err, sizeof(err)), 0);
	assert_int_equal(fadt.pm_timer_port, 0x608);
	assert_false(fadt.has_reset);
	assert_int_equal(fadt.iapc_boot_arch, 0);
	assert_int_equal(fadt.sleep_control.address, 0);
}

/* ---- QEMU's own tables ---- */

/*
 * Dumped from QEMU 7.2 "-machine q35 -cpu max -m 256M -smp 4" after
 * SeaBIOS built them (monitor pmemsave), at their original addresses.
 */
#define QEMU_RSDP 0xf59e0
#define QEMU_RSDT 0xffe23e7
static const uint8_t qemu_rsdp[] = {
	0x52, 0x53, 0x44, 0x20, 0x50, 0x54, 0x52, 0x20, 0x3b, 0x42,
	0x4f, 0x43, 0x48, 0x53, 0x20, 0x00, 0xe7, 0x23, 0xfe, 0x0f,
};

/*
 * From 0xffe21c7 to the end of the RSDT: FACP (244 bytes), APIC (144),
 * HPET (56), MCFG (60), WAET (40), RSDT (56). The DSDT and FACS are not
 * included; nothing here follows their addresses.
 */
#define QEMU_TABLES 0xffe21c7
static const uint8_t qemu_tables[] = {
	0x46, 0x41, 0x43, 0x50, 0xf4, 0x00, 0x00, 0x00, 0x03, 0x10, 0x42, 0x4f,
	0x43, 0x48, 0x53, 0x20, 0x42, 0x58, 0x50, 0x43, 0x20, 0x20, 0x20, 0x20,
	0x01, 0x00, 0x00, 0x00, 0x42, 0x58, 0x50, 0x43, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x00, 0xfe, 0x0f, 0x40, 0x00, 0xfe, 0x0f, 0x01, 0x00, 0x09, 0x00,
	0xb2, 0x00, 0x00, 0x00, 0x02, 0x03, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x04, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x08, 0x06, 0x00, 0x00, 0x20, 0x06, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x04, 0x02, 0x00, 0x04, 0x10, 0x00, 0x00, 0x00,
	0xff, 0x0f, 0xff, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x32, 0x02, 0x00, 0x00, 0xa5, 0x84, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00,
	0xf9, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0f, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0xfe, 0x0f,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x10, 0x00, 0x00, 0x04, 0x06, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x00, 0x00, 0x08, 0x06, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x80, 0x00, 0x00, 0x20, 0x06, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x41, 0x50, 0x49, 0x43, 0x90, 0x00, 0x00, 0x00,
	0x01, 0x4b, 0x42, 0x4f, 0x43, 0x48, 0x53, 0x20, 0x42, 0x58, 0x50, 0x43,
	0x20, 0x20, 0x20, 0x20, 0x01, 0x00, 0x00, 0x00, 0x42, 0x58, 0x50, 0x43,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe0, 0xfe, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x08, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x08, 0x01, 0x01,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x08, 0x02, 0x02, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x08, 0x03, 0x03, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x00, 0x00,
	0x00, 0x00, 0xc0, 0xfe, 0x00, 0x00, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x05, 0x05, 0x00,
	0x00, 0x00, 0x0d, 0x00, 0x02, 0x0a, 0x00, 0x09, 0x09, 0x00, 0x00, 0x00,
	0x0d, 0x00, 0x02, 0x0a, 0x00, 0x0a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x00,
	0x02, 0x0a, 0x00, 0x0b, 0x0b, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x04, 0x06,
	0xff, 0x00, 0x00, 0x01, 0x48, 0x50, 0x45, 0x54, 0x38, 0x00, 0x00, 0x00,
	0x01, 0xb4, 0x42, 0x4f, 0x43, 0x48, 0x53, 0x20, 0x42, 0x58, 0x50, 0x43,
	0x20, 0x20, 0x20, 0x20, 0x01, 0x00, 0x00, 0x00, 0x42, 0x58, 0x50, 0x43,
	0x01, 0x00, 0x00, 0x00, 0x01, 0xa2, 0x86, 0x80, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0xd0, 0xfe, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x4d, 0x43, 0x46, 0x47, 0x3c, 0x00, 0x00, 0x00, 0x01, 0x8c, 0x42, 0x4f,
	0x43, 0x48, 0x53, 0x20, 0x42, 0x58, 0x50, 0x43, 0x20, 0x20, 0x20, 0x20,
	0x01, 0x00, 0x00, 0x00, 0x42, 0x58, 0x50, 0x43, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xb0,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x00, 0x00, 0x00,
	0x57, 0x41, 0x45, 0x54, 0x28, 0x00, 0x00, 0x00, 0x01, 0x39, 0x42, 0x4f,
	0x43, 0x48, 0x53, 0x20, 0x42, 0x58, 0x50, 0x43, 0x20, 0x20, 0x20, 0x20,
	0x01, 0x00, 0x00, 0x00, 0x42, 0x58, 0x50, 0x43, 0x01, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x52, 0x53, 0x44, 0x54, 0x38, 0x00, 0x00, 0x00,
	0x01, 0x23, 0x42, 0x4f, 0x43, 0x48, 0x53, 0x20, 0x42, 0x58, 0x50, 0x43,
	0x20, 0x20, 0x20, 0x20, 0x01, 0x00, 0x00, 0x00, 0x42, 0x58, 0x50, 0x43,
	0x01, 0x00, 0x00, 0x00, 0xc7, 0x21, 0xfe, 0x0f, 0xbb, 0x22, 0xfe, 0x0f,
	0x4b, 0x23, 0xfe, 0x0f, 0x83, 0x23, 0xfe, 0x0f, 0xbf, 0x23, 0xfe, 0x0f,
};

static void test_qemu_tables(void **state)
{
	uint32_t ids[8];
	uint64_t phys;
	uint32_t len;

	num_chunks = 0;
	add_chunk(QEMU_RSDP, qemu_rsdp, sizeof(qemu_rsdp));
	add_chunk(QEMU_TABLES, qemu_tables, sizeof(qemu_tables));
	memcpy(rsdp, qemu_rsdp, sizeof(qemu_rsdp));

	assert_int_equal(init(sizeof(qemu_rsdp)), 0);
	assert_int_equal(acpi.rsdp_revision, 0);
	assert_false(acpi.xsdt);
	assert_int_equal(acpi.root_phys, QEMU_RSDT);
	assert_int_equal(acpi.num_entries, 5);
	assert_string_equal(acpi.oem_id, "BOCHS ");
	assert_int_equal(
		acpi_find_table(&acpi, "MCFG", &phys, &len, err, sizeof(err)),
		0);
	assert_int_equal(len, 60);

	assert_int_equal(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), 0);
	assert_int_equal(madt.lapic_address, 0xfee00000);
	assert_int_equal(madt.flags, ACPI_MADT_PCAT_COMPAT);
	assert_int_equal(madt.num_cpus, 4);
	for (unsigned int i = 0; i < 4; i++) {
		assert_int_equal(madt.cpus[i].apic_id, i);
		assert_int_equal(madt.cpus[i].uid, i);
		assert_true(madt.cpus[i].enabled);
	}
	assert_int_equal(madt.num_ioapics, 1);
	assert_int_equal(madt.ioapics[0].id, 0);
	assert_int_equal(madt.ioapics[0].address, 0xfec00000);
	assert_int_equal(madt.ioapics[0].gsi_base, 0);
	/* IRQ0 -> GSI2, then the level-triggered active-high PCI IRQs. */
	assert_int_equal(madt.num_overrides, 5);
	assert_int_equal(madt.overrides[0].source, 0);
	assert_int_equal(madt.overrides[0].gsi, 2);
	assert_int_equal(madt.overrides[1].source, 5);
	assert_int_equal(madt.overrides[1].flags, 0xd);
	assert_int_equal(madt.num_lapic_nmis, 1);
	assert_int_equal(madt.lapic_nmis[0].uid, ACPI_UID_ALL_PROCESSORS);
	assert_int_equal(madt.lapic_nmis[0].lint, 1);
	assert_int_equal(madt.num_warnings, 0);
	assert_int_equal(acpi_cpu_order(&madt, 0, ids, 8), 4);
	assert_int_equal(ids[3], 3);

	assert_int_equal(acpi_parse_fadt(&acpi, &fadt, err, sizeof(err)), 0);
	assert_int_equal(fadt.revision, 3);
	assert_int_equal(fadt.pm_timer_port, 0x608);
	assert_false(fadt.pm_timer_32bit);
	assert_int_equal(fadt.sci_irq, 9);
	assert_int_equal(fadt.pm1a_control.space_id, ACPI_GAS_IO);
	assert_int_equal(fadt.pm1a_control.address, 0x604);
	assert_true(fadt.has_reset);
	assert_int_equal(fadt.reset_reg.space_id, ACPI_GAS_IO);
	assert_int_equal(fadt.reset_reg.address, 0xcf9);
	assert_int_equal(fadt.reset_value, 0x0f);
	assert_int_equal(fadt.num_warnings, 0);
}

/* ---- malformed input ---- */

static void test_no_rsdp(void **state)
{
	expect_err(acpi_init(&acpi, NULL, 0, fake_read, NULL, err, sizeof(err)),
		   -ENOENT, "no ACPI RSDP");
	expect_err(init(10), -EINVAL, "RSDP copy is 10 bytes");
}

static void test_rsdp_bad_signature(void **state)
{
	rsdp[0] = 'X';
	expect_err(init(20), -EINVAL, "RSDP signature");
}

static void test_rsdp_bad_checksum(void **state)
{
	rsdp[16] ^= 1;
	expect_err(init(20), -EINVAL, "RSDP checksum over its first 20 bytes");
}

static void test_rsdp_bad_extended_checksum(void **state)
{
	make_rsdp(2, (uint32_t)RSDT_AT, XSDT_AT);
	rsdp[35] ^= 0x40;
	expect_err(init(36), -EINVAL, "RSDP extended checksum");
}

static void test_rsdp_bad_length(void **state)
{
	make_rsdp(2, (uint32_t)RSDT_AT, XSDT_AT);
	put32(rsdp + 20, 64); /* longer than what was passed */
	rsdp[8] = 0;
	rsdp[8] = (uint8_t)-sum(rsdp, 20);
	rsdp[32] = 0;
	rsdp[32] = (uint8_t)-sum(rsdp, 36);
	expect_err(init(36), -EINVAL, "length field 64");
}

static void test_rsdp_no_root(void **state)
{
	make_rsdp(0, 0, 0);
	expect_err(init(20), -EINVAL, "neither an XSDT nor an RSDT");
}

static void test_rsdt_bad_checksum(void **state)
{
	at(RSDT_AT)[40] ^= 0x10;
	expect_err(init(20), -EINVAL, "RSDT at 0x100000 (length 48)");
	assert_non_null(strstr(err, "checksum is off by 0x10"));
}

static void test_xsdt_not_multiple_of_8(void **state)
{
	table(XSDT_AT, "XSDT", 1, 36 + 8 + 4);
	make_rsdp(2, (uint32_t)RSDT_AT, XSDT_AT);
	expect_err(init(36), -EINVAL,
		   "length 48 leaves 4 bytes after its entries");
}

static void test_root_wrong_signature(void **state)
{
	make_rsdp(0, (uint32_t)MADT_AT, 0);
	expect_err(init(20), -EINVAL,
		   "RSDT at 0x102000 has signature 'APIC', expected 'RSDT'");
}

static void test_root_length_too_small(void **state)
{
	table(RSDT_AT, "RSDT", 1, 20);
	expect_err(init(20), -EINVAL, "length 20 is shorter than its 36-byte");
}

static void test_root_length_too_big(void **state)
{
	table(RSDT_AT, "RSDT", 1, 36);
	put32(at(RSDT_AT) + 4, 0x7fffffff);
	expect_err(init(20), -EINVAL, "exceeds the 1048576-byte limit");
}

static void test_root_unreadable(void **state)
{
	make_rsdp(0, 0x80000000, 0);
	expect_err(init(20), -EFAULT,
		   "RSDT at 0x80000000: header cannot be read");
}

static void test_table_past_memory(void **state)
{
	/* The MADT claims to run past the end of readable memory. */
	madt_begin(MADT_AT, 3);
	lapic(0, 0, ACPI_MADT_ENABLED);
	madt_end();
	put32(at(MADT_AT) + 4, (uint32_t)(MEM_BASE + MEM_SIZE - MADT_AT + 16));
	assert_int_equal(init(20), 0);
	expect_err(
		acpi_parse_madt(&acpi, &madt, err, sizeof(err)), -EFAULT,
		"MADT at 0x102000: length 122896 runs into unreadable memory");
}

static void test_root_entry_unreadable(void **state)
{
	uint64_t tables[] = { FADT_AT, 0xdead0000 };

	rsdt(tables, 2);
	assert_int_equal(init(20), 0);
	expect_err(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), -EFAULT,
		   "RSDT entry 1 points to 0xdead0000, which cannot be read");
}

static void test_missing_madt(void **state)
{
	uint64_t tables[] = { FADT_AT, HPET_AT };

	rsdt(tables, 2);
	assert_int_equal(init(20), 0);
	expect_err(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), -ENOENT,
		   "no MADT (\"APIC\") among the 2 RSDT entries");
}

static void test_madt_bad_checksum(void **state)
{
	at(MADT_AT)[50] ^= 1;
	assert_int_equal(init(20), 0);
	expect_err(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), -EINVAL,
		   "MADT at 0x102000");
	assert_non_null(strstr(err, "checksum is off by 0x01"));
}

static void test_madt_too_short(void **state)
{
	table(MADT_AT, "APIC", 3, 40);
	assert_int_equal(init(20), 0);
	expect_err(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), -EINVAL,
		   "length 40 is shorter than 44");
}

static void test_madt_zero_length_entry(void **state)
{
	madt_begin(MADT_AT, 3);
	lapic(0, 0, ACPI_MADT_ENABLED);
	madt_entry(ACPI_MADT_IOAPIC, 12)[1] = 0;
	madt_end();
	assert_int_equal(init(20), 0);
	reads = 0;
	expect_err(
		acpi_parse_madt(&acpi, &madt, err, sizeof(err)), -EINVAL,
		"MADT entry 1 (type 1, offset 0x34) length 0 is shorter than 12");
	assert_true(reads < 100);

	/* An unknown type with length 1 must not loop either. */
	madt_begin(MADT_AT, 3);
	lapic(0, 0, ACPI_MADT_ENABLED);
	madt_entry(0x80, 4)[1] = 1;
	madt_end();
	expect_err(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), -EINVAL,
		   "length 1 is shorter than 2");
}

static void test_madt_truncated_entry(void **state)
{
	madt_begin(MADT_AT, 3);
	lapic(0, 0, ACPI_MADT_ENABLED);
	lapic(1, 1, ACPI_MADT_ENABLED);
	at(MADT_AT)[44 + 8 + 1] = 4;
	madt_end();
	assert_int_equal(init(20), 0);
	expect_err(
		acpi_parse_madt(&acpi, &madt, err, sizeof(err)), -EINVAL,
		"MADT entry 1 (type 0, offset 0x34) length 4 is shorter than 8");
}

static void test_madt_entry_past_end(void **state)
{
	madt_begin(MADT_AT, 3);
	lapic(0, 0, ACPI_MADT_ENABLED);
	x2apic(1, 1, ACPI_MADT_ENABLED);
	madt_len -= 6; /* the table ends inside the x2APIC entry */
	madt_end();
	assert_int_equal(init(20), 0);
	expect_err(
		acpi_parse_madt(&acpi, &madt, err, sizeof(err)), -EINVAL,
		"MADT entry 1 (type 9, offset 0x34) length 16 runs past the table end (10 bytes left)");
}

static void test_madt_trailing_byte(void **state)
{
	madt_begin(MADT_AT, 3);
	lapic(0, 0, ACPI_MADT_ENABLED);
	madt_len += 1;
	madt_end();
	assert_int_equal(init(20), 0);
	expect_err(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), -EINVAL,
		   "only 1 byte left");
}

static void test_madt_no_cpus(void **state)
{
	madt_begin(MADT_AT, 3);
	lapic(0, 0, 0);
	ioapic(0, 0xfec00000, 0);
	madt_end();
	assert_int_equal(init(20), 0);
	expect_err(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), -ENODEV,
		   "lists no usable processor");
}

static void test_madt_lapic_address_zero(void **state)
{
	madt_begin(MADT_AT, 3);
	lapic(0, 0, ACPI_MADT_ENABLED);
	put32(at(MADT_AT) + 36, 0);
	madt_end();
	assert_int_equal(init(20), 0);
	expect_err(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), -EINVAL,
		   "local APIC address 0");
}

static void test_fadt_too_short(void **state)
{
	make_fadt(100, 1);
	assert_int_equal(init(20), 0);
	expect_err(
		acpi_parse_fadt(&acpi, &fadt, err, sizeof(err)), -EINVAL,
		"FADT at 0x101000: length 100 is shorter than the 116 bytes");
}

static void test_table_wrong_length_field_wraps(void **state)
{
	/* A table near the top of the address space must not wrap. */
	uint64_t tables[] = { 0xfffffffffffffffcULL };

	xsdt(tables, 1);
	make_rsdp(2, (uint32_t)RSDT_AT, XSDT_AT);
	assert_int_equal(init(36), 0);
	expect_err(acpi_parse_madt(&acpi, &madt, err, sizeof(err)), -EFAULT,
		   "XSDT entry 0 points to 0xfffffffffffffffc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_v1_rsdt, setup),
		cmocka_unit_test_setup(test_v2_xsdt, setup),
		cmocka_unit_test_setup(test_v2_short_copy_uses_rsdt, setup),
		cmocka_unit_test_setup(test_v2_without_xsdt, setup),
		cmocka_unit_test_setup(test_null_root_entries_skipped, setup),
		cmocka_unit_test_setup(test_cpu_order_boot_not_first, setup),
		cmocka_unit_test_setup(test_disabled_cpus_skipped, setup),
		cmocka_unit_test_setup(test_online_capable_needs_rev5, setup),
		cmocka_unit_test_setup(test_x2apic_only, setup),
		cmocka_unit_test_setup(test_x2apic_with_lapic, setup),
		cmocka_unit_test_setup(test_mixed_order_reported, setup),
		cmocka_unit_test_setup(test_duplicate_apic_id, setup),
		cmocka_unit_test_setup(test_too_many_cpus, setup),
		cmocka_unit_test_setup(test_madt_other_entries, setup),
		cmocka_unit_test_setup(test_fadt, setup),
		cmocka_unit_test_setup(test_fadt_v1, setup),
		cmocka_unit_test_setup(test_qemu_tables, setup),
		cmocka_unit_test_setup(test_no_rsdp, setup),
		cmocka_unit_test_setup(test_rsdp_bad_signature, setup),
		cmocka_unit_test_setup(test_rsdp_bad_checksum, setup),
		cmocka_unit_test_setup(test_rsdp_bad_extended_checksum, setup),
		cmocka_unit_test_setup(test_rsdp_bad_length, setup),
		cmocka_unit_test_setup(test_rsdp_no_root, setup),
		cmocka_unit_test_setup(test_rsdt_bad_checksum, setup),
		cmocka_unit_test_setup(test_xsdt_not_multiple_of_8, setup),
		cmocka_unit_test_setup(test_root_wrong_signature, setup),
		cmocka_unit_test_setup(test_root_length_too_small, setup),
		cmocka_unit_test_setup(test_root_length_too_big, setup),
		cmocka_unit_test_setup(test_root_unreadable, setup),
		cmocka_unit_test_setup(test_table_past_memory, setup),
		cmocka_unit_test_setup(test_root_entry_unreadable, setup),
		cmocka_unit_test_setup(test_missing_madt, setup),
		cmocka_unit_test_setup(test_madt_bad_checksum, setup),
		cmocka_unit_test_setup(test_madt_too_short, setup),
		cmocka_unit_test_setup(test_madt_zero_length_entry, setup),
		cmocka_unit_test_setup(test_madt_truncated_entry, setup),
		cmocka_unit_test_setup(test_madt_entry_past_end, setup),
		cmocka_unit_test_setup(test_madt_trailing_byte, setup),
		cmocka_unit_test_setup(test_madt_no_cpus, setup),
		cmocka_unit_test_setup(test_madt_lapic_address_zero, setup),
		cmocka_unit_test_setup(test_fadt_too_short, setup),
		cmocka_unit_test_setup(test_table_wrong_length_field_wraps,
				       setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
