// SPDX-License-Identifier: GPL-2.0
/*
 * The root's RSDP, XSDT and DMAR (see warden/acpi_build.h).
 *
 * Written from the ACPI 6.x specification, 5.2.5 (RSDP), 5.2.6 (header)
 * and 5.2.8 (XSDT), and the Intel VT-d specification, chapter 8 (DMAR,
 * DRHD, device scope). The firmware's root table is firmware input: its
 * entries are read through read_phys one at a time, and every field
 * written into the caller's buffer is stored byte by byte, little-endian,
 * since ACPI structures are packed (XSDT entries sit at offset 36).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <warden/acpi.h>
#include <warden/acpi_build.h>
#include <warden/errno.h>
#include <warden/format.h>
#include <warden/le.h>
#include <warden/string.h>

/* ACPI table header (ACPI 6.x, 5.2.6) */
#define HDR_SIGNATURE 0
#define HDR_LENGTH 4
#define HDR_REVISION 8
#define HDR_CHECKSUM 9
#define HDR_OEMID 10
#define HDR_OEM_TABLE_ID 16
#define HDR_OEM_REVISION 24
#define HDR_CREATOR_ID 28
#define HDR_CREATOR_REVISION 32

/* RSDP (ACPI 6.x, 5.2.5.3) */
#define RSDP_CHECKSUM 8
#define RSDP_OEMID 9
#define RSDP_REVISION 15
#define RSDP_RSDT 16
#define RSDP_LENGTH 20
#define RSDP_XSDT 24
#define RSDP_EXT_CHECKSUM 32

/* DMAR (VT-d 8.1) */
#define DMAR_HAW 36
#define DMAR_FLAGS 37
#define DMAR_STRUCTS 48
#define DMAR_HAW_48BIT 47 /* the width minus one */
#define DMAR_INTR_REMAP 0x1

/* DRHD (VT-d 8.3) */
#define DRHD_TYPE 0
#define DRHD_LENGTH 2
#define DRHD_FLAGS 4
#define DRHD_SIZE 5
#define DRHD_SEGMENT 6
#define DRHD_BASE 8
#define DRHD_SCOPES 16
#define DRHD_TYPE_HARDWARE_UNIT 0
#define DRHD_INCLUDE_PCI_ALL 0x1

/* Device scope (VT-d 8.3.1) with its one path entry */
#define SCOPE_TYPE 0
#define SCOPE_LENGTH 1
#define SCOPE_ENUM_ID 4
#define SCOPE_START_BUS 5
#define SCOPE_PATH_DEV 6
#define SCOPE_PATH_FN 7
#define SCOPE_LEN 8
#define SCOPE_TYPE_IOAPIC 3

#define XSDT_ENTRY_LEN 8
#define TABLE_ALIGN 16
#define DMAR_PAGE 0x1000

static size_t align_up(size_t v)
{
	return (v + TABLE_ALIGN - 1) & ~(size_t)(TABLE_ALIGN - 1);
}

/* Header of a table of len bytes; the checksum is set by finish_table(). */
static void put_header(uint8_t *p, const char *sig, uint32_t len,
		       const char *oem_table_id)
{
	memcpy(p + HDR_SIGNATURE, sig, 4);
	put_le32(p + HDR_LENGTH, len);
	p[HDR_REVISION] = 1;
	p[HDR_CHECKSUM] = 0;
	memcpy(p + HDR_OEMID, "WARDEN", 6);
	memcpy(p + HDR_OEM_TABLE_ID, oem_table_id, 8);
	put_le32(p + HDR_OEM_REVISION, 1);
	memcpy(p + HDR_CREATOR_ID, "WRDN", 4);
	put_le32(p + HDR_CREATOR_REVISION, 1);
}

static void finish_table(uint8_t *p, uint32_t len)
{
	p[HDR_CHECKSUM] = (uint8_t)-acpi_checksum(p, len);
}

/* A read error as an errno: read_phys's own, or -EFAULT if it gave none. */
static int rd(const struct acpi_tables *fw, uint64_t phys, void *buf,
	      size_t len)
{
	int ret;

	if (phys + len < phys)
		return -EFAULT;
	ret = fw->read_phys(fw->ctx, phys, buf, len);
	if (!ret)
		return 0;
	return ret < 0 ? ret : -EFAULT;
}

/*
 * Root-table entry i of the firmware: the table address in *addr, 0 for a
 * null slot. Tables other than null slots must have a readable header,
 * and none may be a DMAR.
 */
static int fw_entry(const struct acpi_tables *fw, unsigned int i,
		    uint64_t *addr, char *err, size_t err_len)
{
	const char *root_name = fw->xsdt ? "XSDT" : "RSDT";
	unsigned int entry_size = fw->xsdt ? 8 : 4;
	uint64_t entry =
		fw->root_phys + ACPI_HEADER_LEN + (uint64_t)i * entry_size;
	uint8_t b[8], sig[4];
	int ret;

	ret = rd(fw, entry, b, entry_size);
	if (ret)
		return format_error(err, err_len, ret,
				    "%s entry %u at 0x%llx cannot be read",
				    root_name, i, (unsigned long long)entry);
	*addr = fw->xsdt ? get_le64(b) : get_le32(b);
	if (!*addr)
		return 0;
	ret = rd(fw, *addr, sig, sizeof(sig));
	if (ret)
		return format_error(
			err, err_len, ret,
			"%s entry %u points to 0x%llx, which cannot be read",
			root_name, i, (unsigned long long)*addr);
	if (!memcmp(sig, "DMAR", 4))
		return format_error(
			err, err_len, -EEXIST,
			"the firmware already has a DMAR table (%s entry %u, at 0x%llx)",
			root_name, i, (unsigned long long)*addr);
	return 0;
}

static int check_unit(const struct acpi_dmar_unit *unit, char *err,
		      size_t err_len)
{
	if (!unit->num_ioapics || unit->num_ioapics > ACPI_DMAR_MAX_IOAPICS)
		return format_error(
			err, err_len, -EINVAL,
			"DMAR unit: %u IOAPICs, but 1 to %u are supported",
			unit->num_ioapics, ACPI_DMAR_MAX_IOAPICS);
	if (!unit->base || unit->base & (DMAR_PAGE - 1))
		return format_error(
			err, err_len, -EINVAL,
			"DMAR unit: register base 0x%llx is not a non-zero 4 KiB aligned address",
			(unsigned long long)unit->base);
	for (unsigned int i = 0; i < unit->num_ioapics; i++)
		for (unsigned int j = 0; j < i; j++)
			if (unit->ioapics[i].id == unit->ioapics[j].id)
				return format_error(
					err, err_len, -EINVAL,
					"DMAR unit: IOAPIC ID %u is given twice (IOAPICs %u and %u)",
					unit->ioapics[i].id, j, i);
	return 0;
}

static void put_rsdp(uint8_t *p, const struct acpi_tables *fw,
		     uint64_t xsdt_phys)
{
	unsigned int i;

	memcpy(p, "RSD PTR ", 8);
	/* fw->oem_id is NUL-terminated; pad a short one with spaces. */
	for (i = 0; i < 6 && fw->oem_id[i]; i++)
		p[RSDP_OEMID + i] = (uint8_t)fw->oem_id[i];
	for (; i < 6; i++)
		p[RSDP_OEMID + i] = ' ';
	p[RSDP_REVISION] = 2;
	put_le32(p + RSDP_RSDT, 0);
	put_le32(p + RSDP_LENGTH, ACPI_RSDP_V2_LEN);
	put_le64(p + RSDP_XSDT, xsdt_phys);
	p[RSDP_CHECKSUM] = 0;
	p[RSDP_CHECKSUM] = (uint8_t)-acpi_checksum(p, ACPI_RSDP_V1_LEN);
	p[RSDP_EXT_CHECKSUM] = 0;
	p[RSDP_EXT_CHECKSUM] = (uint8_t)-acpi_checksum(p, ACPI_RSDP_V2_LEN);
}

static void put_dmar(uint8_t *p, const struct acpi_dmar_unit *unit,
		     uint32_t len)
{
	uint8_t *drhd = p + DMAR_STRUCTS;

	put_header(p, "DMAR", len, "WARDENVT");
	p[DMAR_HAW] = DMAR_HAW_48BIT;
	/* INTR_REMAP; x2APIC opt-out clear: the root may use x2APIC mode. */
	p[DMAR_FLAGS] = DMAR_INTR_REMAP;

	put_le16(drhd + DRHD_TYPE, DRHD_TYPE_HARDWARE_UNIT);
	put_le16(drhd + DRHD_LENGTH,
		 (uint16_t)(DRHD_SCOPES + unit->num_ioapics * SCOPE_LEN));
	drhd[DRHD_FLAGS] = DRHD_INCLUDE_PCI_ALL;
	drhd[DRHD_SIZE] = 0; /* 2^0 pages of 4 KiB */
	put_le16(drhd + DRHD_SEGMENT, unit->segment);
	put_le64(drhd + DRHD_BASE, unit->base);

	for (unsigned int i = 0; i < unit->num_ioapics; i++) {
		const struct acpi_dmar_ioapic *io = &unit->ioapics[i];
		uint8_t *s = drhd + DRHD_SCOPES + i * SCOPE_LEN;

		s[SCOPE_TYPE] = SCOPE_TYPE_IOAPIC;
		s[SCOPE_LENGTH] = SCOPE_LEN;
		s[SCOPE_ENUM_ID] = io->id;
		s[SCOPE_START_BUS] = (uint8_t)(io->source_id >> 8);
		s[SCOPE_PATH_DEV] = (io->source_id >> 3) & 0x1f;
		s[SCOPE_PATH_FN] = io->source_id & 7;
	}
	finish_table(p, len);
}

int acpi_build_root_tables(const struct acpi_tables *fw,
			   const struct acpi_dmar_unit *unit, void *buf,
			   size_t size, uint64_t phys, char *err,
			   size_t err_len)
{
	size_t xsdt_off, xsdt_len, dmar_off, dmar_len, used, pos;
	unsigned int num_tables = 0;
	uint8_t *p = buf;
	uint64_t addr;
	int ret;

	ret = check_unit(unit, err, err_len);
	if (ret)
		return ret;
	if (phys & (TABLE_ALIGN - 1))
		return format_error(
			err, err_len, -EINVAL,
			"root ACPI tables at 0x%llx: not 16-byte aligned",
			(unsigned long long)phys);

	/* acpi_init() allows no more: bounds every size below. */
	if (fw->num_entries > (ACPI_MAX_ROOT_LEN - ACPI_HEADER_LEN) / 4)
		return format_error(
			err, err_len, -EINVAL,
			"firmware root table: %u entries, more than an ACPI root table holds",
			fw->num_entries);

	/* First pass: count the tables and refuse a second DMAR. */
	for (unsigned int i = 0; i < fw->num_entries; i++) {
		ret = fw_entry(fw, i, &addr, err, err_len);
		if (ret)
			return ret;
		if (addr)
			num_tables++;
	}

	xsdt_off = align_up(ACPI_RSDP_V2_LEN);
	xsdt_len = ACPI_HEADER_LEN + ((size_t)num_tables + 1) * XSDT_ENTRY_LEN;
	dmar_off = align_up(xsdt_off + xsdt_len);
	dmar_len = DMAR_STRUCTS + DRHD_SCOPES + unit->num_ioapics * SCOPE_LEN;
	used = dmar_off + dmar_len;
	if (used > size)
		return format_error(
			err, err_len, -ENOSPC,
			"root ACPI tables (RSDP, XSDT with %u entries, DMAR) need %zu bytes, %zu are free",
			num_tables + 1, used, size);
	if (phys + used - 1 < phys)
		return format_error(
			err, err_len, -EINVAL,
			"root ACPI tables at 0x%llx: %zu bytes run past the end of the address space",
			(unsigned long long)phys, used);

	/*
	 * Second pass: copy the entries. The RSDP is written last, and
	 * cleared again on error, so no half-built tables are ever found.
	 */
	memset(p, 0, used);
	put_header(p + xsdt_off, "XSDT", (uint32_t)xsdt_len, "WARDENXS");
	pos = xsdt_off + ACPI_HEADER_LEN;
	for (unsigned int i = 0; i < fw->num_entries; i++) {
		ret = fw_entry(fw, i, &addr, err, err_len);
		if (ret)
			goto changed;
		if (!addr)
			continue;
		if (pos == xsdt_off + xsdt_len - XSDT_ENTRY_LEN)
			goto changed;
		put_le64(p + pos, addr);
		pos += XSDT_ENTRY_LEN;
	}
	if (pos != xsdt_off + xsdt_len - XSDT_ENTRY_LEN)
		goto changed;
	put_le64(p + pos, phys + dmar_off);
	finish_table(p + xsdt_off, (uint32_t)xsdt_len);

	put_dmar(p + dmar_off, unit, (uint32_t)dmar_len);
	put_rsdp(p, fw, phys + xsdt_off);
	return (int)used;

changed:
	/* Firmware memory changed between the passes: it is hostile input. */
	memset(p, 0, used);
	if (ret)
		return ret;
	return format_error(err, err_len, -EINVAL,
			    "firmware root table changed while it was copied");
}
