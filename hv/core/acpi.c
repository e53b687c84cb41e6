// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI tables: RSDP, RSDT/XSDT, MADT, FADT (see warden/acpi.h).
 *
 * Written from the ACPI 6.x specification, chapter 5.2. Table memory is
 * never dereferenced: every byte is copied in through read_phys, in small
 * pieces, so no buffer sized by a firmware length field exists anywhere.
 * Multi-byte fields are assembled byte by byte because ACPI tables are
 * packed and their fields often unaligned (XSDT entries sit at offset 36).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <warden/acpi.h>
#include <warden/errno.h>
#include <warden/format.h>
#include <warden/le.h>
#include <warden/string.h>

/* Table header fields */
#define HDR_SIGNATURE 0
#define HDR_LENGTH 4
#define HDR_REVISION 8

/* RSDP fields */
#define RSDP_CHECKSUM_LEN 20
#define RSDP_OEMID 9
#define RSDP_REVISION 15
#define RSDP_RSDT 16
#define RSDP_LENGTH 20
#define RSDP_XSDT 24

/* MADT: local APIC address and flags precede the subtables. */
#define MADT_LAPIC_ADDR 36
#define MADT_FLAGS 40
#define MADT_ENTRIES 44
/* The largest subtable prefix read: the x2APIC entry, 16 bytes. */
#define MADT_ENTRY_MAX_READ 16

/* FADT field offsets */
#define FADT_DSDT 40
#define FADT_SCI_INT 46
#define FADT_SMI_CMD 48
#define FADT_PM1A_CNT_BLK 64
#define FADT_PM1B_CNT_BLK 68
#define FADT_PM_TMR_BLK 76
#define FADT_PM1_CNT_LEN 89
#define FADT_PM_TMR_LEN 91
#define FADT_IAPC_BOOT_ARCH 109
#define FADT_FLAGS 112
#define FADT_RESET_REG 116
#define FADT_RESET_VALUE 128
#define FADT_X_DSDT 140
#define FADT_X_PM1A_CNT_BLK 172
#define FADT_X_PM1B_CNT_BLK 184
#define FADT_X_PM_TMR_BLK 208
#define FADT_SLEEP_CONTROL 244
#define FADT_SLEEP_STATUS 256
#define FADT_V1_LEN 116 /* ACPI 1.0 FADT: everything up to the flags */
#define FADT_READ_LEN 276 /* ACPI 6.x FADT, through the hypervisor ID */
#define GAS_LEN 12


static void warn(char *buf, unsigned int *count, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Keeps the first warning's text: later ones are often its consequences. */
static void warn(char *buf, unsigned int *count, const char *fmt, ...)
{
	va_list ap;

	if (!(*count)++) {
		va_start(ap, fmt);
		vsnformat(buf, ACPI_MSG_LEN, fmt, ap);
		va_end(ap);
	}
}

uint8_t acpi_checksum(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint8_t sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

/* A signature for messages: firmware bytes need not be printable. */
static void sig_str(char out[5], const uint8_t *sig)
{
	for (int i = 0; i < 4; i++)
		out[i] = sig[i] >= 0x20 && sig[i] < 0x7f ? (char)sig[i] : '?';
	out[4] = 0;
}

/* The names the specification uses, for the two signatures that differ. */
static const char *table_name(const char *sig)
{
	if (!memcmp(sig, "APIC", 4))
		return "MADT";
	if (!memcmp(sig, "FACP", 4))
		return "FADT";
	return sig;
}

static int rd(const struct acpi_tables *acpi, uint64_t phys, void *buf,
	      size_t len)
{
	if (phys + len < phys)
		return -EFAULT;
	return acpi->read_phys(acpi->ctx, phys, buf, len) ? -EFAULT : 0;
}

/*
 * Check the header, length and checksum of the table at phys, which must
 * carry signature sig. name is used in messages.
 */
static int check_table(const struct acpi_tables *acpi, uint64_t phys,
		       const char *sig, uint32_t max_len, uint32_t *len_out,
		       char *err, size_t err_len)
{
	const char *name = table_name(sig);
	uint8_t hdr[ACPI_HEADER_LEN], chunk[64], sum;
	char found[5];
	uint32_t len;

	if (rd(acpi, phys, hdr, sizeof(hdr)))
		return format_error(err, err_len, -EFAULT,
			    "%.4s at 0x%llx: header cannot be read", name,
			    (unsigned long long)phys);
	if (memcmp(hdr + HDR_SIGNATURE, sig, 4)) {
		sig_str(found, hdr + HDR_SIGNATURE);
		return format_error(
			err, err_len, -EINVAL,
			"%.4s at 0x%llx has signature '%s', expected '%.4s'",
			name, (unsigned long long)phys, found, sig);
	}
	len = get_le32(hdr + HDR_LENGTH);
	if (len < ACPI_HEADER_LEN)
		return format_error(
			err, err_len, -EINVAL,
			"%.4s at 0x%llx: length %u is shorter than its %u-byte header",
			name, (unsigned long long)phys, len, ACPI_HEADER_LEN);
	if (len > max_len)
		return format_error(
			err, err_len, -EINVAL,
			"%.4s at 0x%llx: length %u exceeds the %u-byte limit",
			name, (unsigned long long)phys, len, max_len);

	/* Summed in pieces: no buffer here is sized by firmware. */
	sum = 0;
	for (uint32_t off = 0; off < len;) {
		size_t n =
			len - off < sizeof(chunk) ? len - off : sizeof(chunk);

		if (rd(acpi, phys + off, chunk, n))
			return format_error(
				err, err_len, -EFAULT,
				"%.4s at 0x%llx: length %u runs into unreadable memory at offset 0x%x",
				name, (unsigned long long)phys, len, off);
		sum += acpi_checksum(chunk, n);
		off += (uint32_t)n;
	}
	if (sum)
		return format_error(
			err, err_len, -EINVAL,
			"%.4s at 0x%llx (length %u): checksum is off by 0x%02x",
			name, (unsigned long long)phys, len, sum);
	*len_out = len;
	return 0;
}

int acpi_init(struct acpi_tables *acpi, const void *rsdp, size_t rsdp_len,
	      acpi_read_phys_t read_phys, void *ctx, char *err, size_t err_len)
{
	const uint8_t *p = rsdp;
	unsigned int entry_size, rest;
	uint64_t root;
	uint8_t sum;
	int ret;

	memset(acpi, 0, sizeof(*acpi));
	acpi->read_phys = read_phys;
	acpi->ctx = ctx;

	if (!rsdp || !rsdp_len)
		return format_error(err, err_len, -ENOENT,
			    "no ACPI RSDP was passed by the boot loader");
	if (rsdp_len < ACPI_RSDP_V1_LEN)
		return format_error(
			err, err_len, -EINVAL,
			"RSDP copy is %zu bytes, shorter than the %u-byte ACPI 1.0 RSDP",
			rsdp_len, ACPI_RSDP_V1_LEN);
	if (memcmp(p, "RSD PTR ", 8))
		return format_error(err, err_len, -EINVAL,
			    "RSDP signature is not 'RSD PTR '");
	sum = acpi_checksum(p, RSDP_CHECKSUM_LEN);
	if (sum)
		return format_error(
			err, err_len, -EINVAL,
			"RSDP checksum over its first 20 bytes is off by 0x%02x",
			sum);

	acpi->rsdp_revision = p[RSDP_REVISION];
	for (int i = 0; i < 6; i++) {
		uint8_t c = p[RSDP_OEMID + i];

		acpi->oem_id[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}

	root = 0;
	/*
	 * Revision 2 added the XSDT and the extended checksum. A boot loader
	 * may hand over only the 20-byte ACPI 1.0 part (multiboot2's "old
	 * RSDP" tag); then the extension cannot be checked, and the RSDT,
	 * which every revision must still provide, is used.
	 */
	if (acpi->rsdp_revision >= 2 && rsdp_len >= ACPI_RSDP_V2_LEN) {
		uint32_t len = get_le32(p + RSDP_LENGTH);

		if (len < ACPI_RSDP_V2_LEN || len > rsdp_len)
			return format_error(
				err, err_len, -EINVAL,
				"RSDP revision %u: length field %u is outside %u..%zu (the bytes passed)",
				acpi->rsdp_revision, len, ACPI_RSDP_V2_LEN,
				rsdp_len);
		sum = acpi_checksum(p, len);
		if (sum)
			return format_error(
				err, err_len, -EINVAL,
				"RSDP extended checksum over %u bytes is off by 0x%02x",
				len, sum);
		root = get_le64(p + RSDP_XSDT);
		acpi->xsdt = root != 0;
	}
	if (!root)
		root = get_le32(p + RSDP_RSDT);
	if (!root)
		return format_error(
			err, err_len, -EINVAL,
			"RSDP (revision %u) gives neither an XSDT nor an RSDT address",
			acpi->rsdp_revision);

	ret = check_table(acpi, root, acpi->xsdt ? "XSDT" : "RSDT",
			  ACPI_MAX_ROOT_LEN, &acpi->root_len, err, err_len);
	if (ret)
		return ret;
	entry_size = acpi->xsdt ? 8 : 4;
	rest = (acpi->root_len - ACPI_HEADER_LEN) % entry_size;
	if (rest)
		return format_error(
			err, err_len, -EINVAL,
			"%s at 0x%llx: length %u leaves %u bytes after its entries (each is %u bytes)",
			acpi->xsdt ? "XSDT" : "RSDT", (unsigned long long)root,
			acpi->root_len, rest, entry_size);
	acpi->root_phys = root;
	acpi->num_entries = (acpi->root_len - ACPI_HEADER_LEN) / entry_size;
	return 0;
}

int acpi_find_table(const struct acpi_tables *acpi, const char *sig,
		    uint64_t *phys, uint32_t *len, char *err, size_t err_len)
{
	const char *root_name = acpi->xsdt ? "XSDT" : "RSDT";
	unsigned int entry_size = acpi->xsdt ? 8 : 4;
	uint8_t buf[8] = { 0 }, found[4];

	for (unsigned int i = 0; i < acpi->num_entries; i++) {
		uint64_t entry = acpi->root_phys + ACPI_HEADER_LEN +
				 (uint64_t)i * entry_size;
		uint64_t addr;

		if (rd(acpi, entry, buf, entry_size))
			return format_error(err, err_len, -EFAULT,
				    "%s entry %u at 0x%llx cannot be read",
				    root_name, i, (unsigned long long)entry);
		addr = acpi->xsdt ? get_le64(buf) : get_le32(buf);
		/* Firmware sometimes leaves unused slots zero. */
		if (!addr)
			continue;
		if (rd(acpi, addr, found, sizeof(found)))
			return format_error(
				err, err_len, -EFAULT,
				"%s entry %u points to 0x%llx, which cannot be read",
				root_name, i, (unsigned long long)addr);
		if (memcmp(found, sig, 4))
			continue;
		*phys = addr;
		return check_table(acpi, addr, sig, ACPI_MAX_TABLE_LEN, len,
				   err, err_len);
	}
	return format_error(err, err_len, -ENOENT,
		    "no %.4s (\"%.4s\") among the %u %s entries",
		    table_name(sig), sig, acpi->num_entries, root_name);
}

/* ---- MADT ---- */

struct madt_entry {
	unsigned int index;
	uint32_t offset;
	uint8_t type;
	uint8_t length;
	uint8_t b[MADT_ENTRY_MAX_READ]; /* the entry's first bytes */
};

/* Shortest valid length of each subtable type this code reads. */
static unsigned int madt_min_len(uint8_t type)
{
	switch (type) {
	case ACPI_MADT_LOCAL_APIC:
		return 8;
	case ACPI_MADT_IOAPIC:
		return 12;
	case ACPI_MADT_INT_OVERRIDE:
		return 10;
	case ACPI_MADT_NMI_SOURCE:
		return 8;
	case ACPI_MADT_LOCAL_APIC_NMI:
		return 6;
	case ACPI_MADT_LOCAL_APIC_OVERRIDE:
		return 12;
	case ACPI_MADT_LOCAL_X2APIC:
		return 16;
	case ACPI_MADT_LOCAL_X2APIC_NMI:
		return 12;
	default:
		return 2; /* type and length: enough to skip it */
	}
}

/*
 * Read the subtable at offset *off of the MADT and advance *off past it.
 * Every subtable is checked against the table end and its type's minimum
 * length; a length below 2 would not advance the walk, so it is an error
 * rather than something to skip.
 */
static int madt_next(const struct acpi_tables *acpi,
		     const struct acpi_madt_info *info, uint32_t *off,
		     unsigned int index, struct madt_entry *e, char *err,
		     size_t err_len)
{
	uint32_t left = info->madt_len - *off;
	unsigned int min, n;

	e->index = index;
	e->offset = *off;
	if (left < 2)
		return format_error(
			err, err_len, -EINVAL,
			"MADT entry %u (offset 0x%x): only %u byte left for its 2-byte type and length",
			index, *off, left);
	if (rd(acpi, info->madt_phys + *off, e->b, 2))
		return format_error(err, err_len, -EFAULT,
			    "MADT entry %u (offset 0x%x) cannot be read", index,
			    *off);
	e->type = e->b[0];
	e->length = e->b[1];
	min = madt_min_len(e->type);
	if (e->length < min)
		return format_error(
			err, err_len, -EINVAL,
			"MADT entry %u (type %u, offset 0x%x) length %u is shorter than %u",
			index, e->type, *off, e->length, min);
	if (e->length > left)
		return format_error(
			err, err_len, -EINVAL,
			"MADT entry %u (type %u, offset 0x%x) length %u runs past the table end (%u bytes left)",
			index, e->type, *off, e->length, left);
	n = e->length < MADT_ENTRY_MAX_READ ? e->length : MADT_ENTRY_MAX_READ;
	memset(e->b + 2, 0, sizeof(e->b) - 2);
	if (n > 2 && rd(acpi, info->madt_phys + *off + 2, e->b + 2, n - 2))
		return format_error(
			err, err_len, -EFAULT,
			"MADT entry %u (type %u, offset 0x%x) cannot be read",
			index, e->type, *off);
	*off += e->length;
	return 0;
}

/*
 * A processor entry Linux takes into account: one that is enabled, or
 * disabled but marked online-capable. The online-capable bit exists from
 * MADT revision 5 on; before that the bit is reserved and means nothing.
 */
static bool cpu_usable(const struct acpi_madt_info *info, uint32_t flags)
{
	if (flags & ACPI_MADT_ENABLED)
		return true;
	return info->revision >= 5 && (flags & ACPI_MADT_ONLINE_CAPABLE);
}

static void add_cpu(struct acpi_madt_info *info, const struct madt_entry *e,
		    uint32_t apic_id, uint32_t uid, uint32_t flags)
{
	struct acpi_cpu *cpu;

	for (unsigned int i = 0; i < info->num_cpus; i++) {
		if (info->cpus[i].apic_id != apic_id)
			continue;
		info->num_cpus_ignored++;
		warn(info->warning, &info->num_warnings,
		     "MADT entry %u (type %u, offset 0x%x): APIC ID 0x%x repeats entry %u; the first is kept",
		     e->index, e->type, e->offset, apic_id,
		     info->cpus[i].entry);
		return;
	}
	if (info->num_cpus == ACPI_MAX_CPUS) {
		if (!info->num_cpus_dropped++)
			warn(info->warning, &info->num_warnings,
			     "MADT entry %u: more than %u processors; the rest are not used",
			     e->index, ACPI_MAX_CPUS);
		return;
	}
	cpu = &info->cpus[info->num_cpus++];
	cpu->apic_id = apic_id;
	cpu->uid = uid;
	cpu->x2apic_entry = e->type == ACPI_MADT_LOCAL_X2APIC;
	cpu->enabled = flags & ACPI_MADT_ENABLED;
	cpu->online_capable = !cpu->enabled;
	cpu->entry = (uint16_t)e->index;
}

static void madt_record(struct acpi_madt_info *info, const struct madt_entry *e,
			bool has_lapic_cpus, bool *seen_x2apic,
			bool *have_override)
{
	const uint8_t *b = e->b;
	uint32_t id, flags;

	switch (e->type) {
	case ACPI_MADT_LOCAL_APIC:
		id = b[3];
		flags = get_le32(b + 4);
		/* 0xFF is the xAPIC broadcast ID, never a processor's. */
		if (id == 0xff || !cpu_usable(info, flags)) {
			info->num_cpus_ignored++;
			break;
		}
		if (*seen_x2apic && !info->mixed_order) {
			info->mixed_order = true;
			warn(info->warning, &info->num_warnings,
			     "MADT entry %u: a Local APIC entry follows a Local x2APIC entry; some Linux versions number such CPUs differently",
			     e->index);
		}
		add_cpu(info, e, id, b[2], flags);
		break;
	case ACPI_MADT_LOCAL_X2APIC:
		id = get_le32(b + 4);
		flags = get_le32(b + 8);
		/*
		 * ACPI describes processors with IDs below 255 by Local APIC
		 * entries; firmware listing them in both forms means the same
		 * CPU twice. Like Linux, x2APIC entries below 255 only count
		 * when no valid Local APIC entry exists.
		 */
		if (id == 0xffffffff || !cpu_usable(info, flags) ||
		    (has_lapic_cpus && id < 0xff)) {
			info->num_cpus_ignored++;
			break;
		}
		*seen_x2apic = true;
		add_cpu(info, e, id, get_le32(b + 12), flags);
		break;
	case ACPI_MADT_IOAPIC:
		if (info->num_ioapics == ACPI_MAX_IOAPICS) {
			if (!info->num_ioapics_dropped++)
				warn(info->warning, &info->num_warnings,
				     "MADT entry %u: more than %u IOAPICs; the rest are not used",
				     e->index, ACPI_MAX_IOAPICS);
			break;
		}
		info->ioapics[info->num_ioapics].id = b[2];
		info->ioapics[info->num_ioapics].address = get_le32(b + 4);
		info->ioapics[info->num_ioapics].gsi_base = get_le32(b + 8);
		info->num_ioapics++;
		break;
	case ACPI_MADT_INT_OVERRIDE:
		if (b[2] != 0)
			warn(info->warning, &info->num_warnings,
			     "MADT entry %u: interrupt source override for bus %u, but only 0 (ISA) is defined",
			     e->index, b[2]);
		if (info->num_overrides == ACPI_MAX_ISOS) {
			if (!info->num_overrides_dropped++)
				warn(info->warning, &info->num_warnings,
				     "MADT entry %u: more than %u interrupt source overrides; the rest are not used",
				     e->index, ACPI_MAX_ISOS);
			break;
		}
		info->overrides[info->num_overrides].bus = b[2];
		info->overrides[info->num_overrides].source = b[3];
		info->overrides[info->num_overrides].gsi = get_le32(b + 4);
		info->overrides[info->num_overrides].flags = get_le16(b + 8);
		info->num_overrides++;
		break;
	case ACPI_MADT_LOCAL_APIC_NMI:
	case ACPI_MADT_LOCAL_X2APIC_NMI: {
		struct acpi_lapic_nmi nmi;

		if (e->type == ACPI_MADT_LOCAL_APIC_NMI) {
			nmi.uid = b[2] == 0xff ? ACPI_UID_ALL_PROCESSORS : b[2];
			nmi.flags = get_le16(b + 3);
			nmi.lint = b[5];
		} else {
			nmi.flags = get_le16(b + 2);
			nmi.uid = get_le32(b + 4);
			nmi.lint = b[8];
		}
		if (nmi.lint > 1) {
			warn(info->warning, &info->num_warnings,
			     "MADT entry %u (type %u): NMI on LINT%u, but only LINT0 and LINT1 exist; ignored",
			     e->index, e->type, nmi.lint);
			break;
		}
		if (info->num_lapic_nmis == ACPI_MAX_LAPIC_NMIS) {
			if (!info->num_lapic_nmis_dropped++)
				warn(info->warning, &info->num_warnings,
				     "MADT entry %u: more than %u local APIC NMI entries; the rest are not used",
				     e->index, ACPI_MAX_LAPIC_NMIS);
			break;
		}
		info->lapic_nmis[info->num_lapic_nmis++] = nmi;
		break;
	}
	case ACPI_MADT_LOCAL_APIC_OVERRIDE:
		/* The specification allows one; a second is a firmware bug. */
		if (*have_override) {
			warn(info->warning, &info->num_warnings,
			     "MADT entry %u: second local APIC address override ignored",
			     e->index);
			break;
		}
		*have_override = true;
		info->lapic_address = get_le64(b + 4);
		break;
	default:
		/* NMI sources, GIC, SAPIC, ... : nothing for us */
		break;
	}
}

int acpi_parse_madt(const struct acpi_tables *acpi, struct acpi_madt_info *info,
		    char *err, size_t err_len)
{
	bool has_lapic_cpus = false, seen_x2apic = false, have_override = false;
	struct madt_entry e;
	uint8_t buf[8];
	unsigned int i;
	uint32_t off;
	int ret;

	memset(info, 0, sizeof(*info));
	ret = acpi_find_table(acpi, "APIC", &info->madt_phys, &info->madt_len,
			      err, err_len);
	if (ret)
		return ret;
	if (info->madt_len < MADT_ENTRIES)
		return format_error(
			err, err_len, -EINVAL,
			"MADT at 0x%llx: length %u is shorter than %u (header, local APIC address, flags)",
			(unsigned long long)info->madt_phys, info->madt_len,
			MADT_ENTRIES);
	if (rd(acpi, info->madt_phys + HDR_REVISION, buf, 1))
		return format_error(err, err_len, -EFAULT, "MADT cannot be read");
	info->revision = buf[0];
	if (rd(acpi, info->madt_phys + MADT_LAPIC_ADDR, buf, 8))
		return format_error(err, err_len, -EFAULT, "MADT cannot be read");
	info->lapic_address = get_le32(buf);
	info->flags = get_le32(buf + 4);

	/*
	 * First pass: check the structure of every subtable, and learn
	 * whether valid Local APIC processor entries exist, which decides how
	 * x2APIC entries are read in the second pass.
	 */
	for (off = MADT_ENTRIES, i = 0; off < info->madt_len; i++) {
		ret = madt_next(acpi, info, &off, i, &e, err, err_len);
		if (ret)
			return ret;
		if (e.type == ACPI_MADT_LOCAL_APIC && e.b[3] != 0xff &&
		    cpu_usable(info, get_le32(e.b + 4)))
			has_lapic_cpus = true;
	}
	info->num_entries = i;

	for (off = MADT_ENTRIES, i = 0; off < info->madt_len; i++) {
		ret = madt_next(acpi, info, &off, i, &e, err, err_len);
		if (ret)
			return ret;
		madt_record(info, &e, has_lapic_cpus, &seen_x2apic,
			    &have_override);
	}

	if (!info->lapic_address)
		return format_error(err, err_len, -EINVAL,
			    "MADT at 0x%llx gives local APIC address 0",
			    (unsigned long long)info->madt_phys);
	if (!info->num_cpus)
		return format_error(
			err, err_len, -ENODEV,
			"MADT at 0x%llx lists no usable processor (%u entries)",
			(unsigned long long)info->madt_phys, info->num_entries);
	return 0;
}

/*
 * Linux's logical CPU numbers on x86: the CPU Linux boots on is always
 * CPU 0, whatever its position in the MADT. Linux then walks the MADT once,
 * taking Local APIC and Local x2APIC entries in the order they appear
 * (which is also the order the ACPI specification asks the OS to
 * initialise processors in), and gives each further enabled processor the
 * next free number. Disabled processors, online-capable or not, get no
 * number at boot: they are only counted as possible hot-plug CPUs. A
 * repeated APIC ID maps to the number already given.
 *
 * For a while (from late 2023, stable kernels included) Linux instead
 * walked all Local APIC entries before all x2APIC entries, until that was
 * corrected back to table order. The two agree unless a Local APIC entry
 * follows an x2APIC one, which acpi_parse_madt() reports as mixed_order.
 */
int acpi_cpu_order(const struct acpi_madt_info *info, uint32_t boot_apic_id,
		   uint32_t *out_apic_ids, unsigned int max)
{
	unsigned int n = 0;
	bool found = false;

	if (info->num_cpus_dropped)
		return -ERANGE;
	for (unsigned int i = 0; i < info->num_cpus; i++)
		if (info->cpus[i].enabled &&
		    info->cpus[i].apic_id == boot_apic_id)
			found = true;
	if (!found)
		return -ENOENT;
	if (!max)
		return -E2BIG;

	out_apic_ids[n++] = boot_apic_id;
	for (unsigned int i = 0; i < info->num_cpus; i++) {
		if (!info->cpus[i].enabled ||
		    info->cpus[i].apic_id == boot_apic_id)
			continue;
		if (n == max)
			return -E2BIG;
		out_apic_ids[n++] = info->cpus[i].apic_id;
	}
	return (int)n;
}

/* ---- FADT ---- */

static void get_gas(struct acpi_gas *gas, const uint8_t *p)
{
	gas->space_id = p[0];
	gas->bit_width = p[1];
	gas->bit_offset = p[2];
	gas->access_size = p[3];
	gas->address = get_le64(p + 4);
}

/* A PM1 control block: the X_ form when given, else the legacy port. */
static void pm1_block(struct acpi_gas *gas, const uint8_t *b, uint32_t len,
		      unsigned int legacy_off, unsigned int x_off)
{
	memset(gas, 0, sizeof(*gas));
	if (len >= x_off + GAS_LEN) {
		get_gas(gas, b + x_off);
		if (gas->address)
			return;
	}
	gas->space_id = ACPI_GAS_IO;
	gas->bit_width = (uint8_t)(b[FADT_PM1_CNT_LEN] * 8);
	gas->address = get_le32(b + legacy_off);
}

static void fadt_pm_timer(struct acpi_fadt_info *info, const uint8_t *b,
			  uint32_t len)
{
	uint32_t legacy = get_le32(b + FADT_PM_TMR_BLK);
	struct acpi_gas x = { 0 };

	if (len >= FADT_X_PM_TMR_BLK + GAS_LEN)
		get_gas(&x, b + FADT_X_PM_TMR_BLK);
	/*
	 * The X_ block supersedes the legacy one, but the hypervisor reads
	 * the timer with port I/O only, so a memory-mapped X_ block sends us
	 * back to PM_TMR_BLK (firmware fills both on PCs).
	 */
	if (x.address && x.space_id == ACPI_GAS_IO) {
		if (x.address > 0xfffc) {
			warn(info->warning, &info->num_warnings,
			     "FADT: X_PM_TMR_BLK port 0x%llx is beyond the I/O space; no PM timer",
			     (unsigned long long)x.address);
			return;
		}
		info->pm_timer_port = (uint16_t)x.address;
		return;
	}
	if (x.address)
		warn(info->warning, &info->num_warnings,
		     "FADT: X_PM_TMR_BLK is in address space %u, not I/O; using PM_TMR_BLK",
		     x.space_id);
	if (!legacy)
		return;
	if (b[FADT_PM_TMR_LEN] != 4) {
		warn(info->warning, &info->num_warnings,
		     "FADT: PM_TMR_LEN is %u, not 4; PM timer at 0x%x ignored",
		     b[FADT_PM_TMR_LEN], legacy);
		return;
	}
	if (legacy > 0xfffc) {
		warn(info->warning, &info->num_warnings,
		     "FADT: PM_TMR_BLK port 0x%x is beyond the I/O space; no PM timer",
		     legacy);
		return;
	}
	info->pm_timer_port = (uint16_t)legacy;
}

int acpi_parse_fadt(const struct acpi_tables *acpi, struct acpi_fadt_info *info,
		    char *err, size_t err_len)
{
	uint8_t b[FADT_READ_LEN];
	uint32_t len;
	int ret;

	memset(info, 0, sizeof(*info));
	ret = acpi_find_table(acpi, "FACP", &info->fadt_phys, &info->fadt_len,
			      err, err_len);
	if (ret)
		return ret;
	len = info->fadt_len;
	if (len < FADT_V1_LEN)
		return format_error(
			err, err_len, -EINVAL,
			"FADT at 0x%llx: length %u is shorter than the %u bytes of an ACPI 1.0 FADT",
			(unsigned long long)info->fadt_phys, len, FADT_V1_LEN);
	/* Fields past the table's length read as zero: "not present". */
	memset(b, 0, sizeof(b));
	if (rd(acpi, info->fadt_phys, b, len < sizeof(b) ? len : sizeof(b)))
		return format_error(err, err_len, -EFAULT, "FADT cannot be read");

	info->revision = b[HDR_REVISION];
	info->flags = get_le32(b + FADT_FLAGS);
	info->sci_irq = get_le16(b + FADT_SCI_INT);
	info->smi_cmd = get_le32(b + FADT_SMI_CMD);
	/* Reserved in the ACPI 1.0 FADT (revision 1). */
	if (info->revision >= 2)
		info->iapc_boot_arch = get_le16(b + FADT_IAPC_BOOT_ARCH);
	info->dsdt = len >= FADT_X_DSDT + 8 ? get_le64(b + FADT_X_DSDT) : 0;
	if (!info->dsdt)
		info->dsdt = get_le32(b + FADT_DSDT);

	fadt_pm_timer(info, b, len);
	info->pm_timer_32bit = info->flags & ACPI_FADT_TMR_VAL_EXT;

	pm1_block(&info->pm1a_control, b, len, FADT_PM1A_CNT_BLK,
		  FADT_X_PM1A_CNT_BLK);
	pm1_block(&info->pm1b_control, b, len, FADT_PM1B_CNT_BLK,
		  FADT_X_PM1B_CNT_BLK);

	if ((info->flags & ACPI_FADT_RESET_REG_SUP) &&
	    len >= FADT_RESET_VALUE + 1) {
		get_gas(&info->reset_reg, b + FADT_RESET_REG);
		info->reset_value = b[FADT_RESET_VALUE];
		if (!info->reset_reg.address)
			warn(info->warning, &info->num_warnings,
			     "FADT: RESET_REG_SUP is set but the reset register address is 0");
		else if (info->reset_reg.space_id > ACPI_GAS_PCI_CONFIG)
			warn(info->warning, &info->num_warnings,
			     "FADT: reset register in address space %u is not supported",
			     info->reset_reg.space_id);
		else if (info->reset_reg.space_id == ACPI_GAS_IO &&
			 info->reset_reg.address > 0xffff)
			warn(info->warning, &info->num_warnings,
			     "FADT: reset register port 0x%llx is beyond the I/O space",
			     (unsigned long long)info->reset_reg.address);
		else
			info->has_reset = true;
	}

	if (len >= FADT_SLEEP_STATUS + GAS_LEN) {
		get_gas(&info->sleep_control, b + FADT_SLEEP_CONTROL);
		get_gas(&info->sleep_status, b + FADT_SLEEP_STATUS);
	}
	return 0;
}
