/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI table discovery and the two tables the hypervisor itself needs:
 * the MADT (CPUs, IOAPICs, interrupt overrides) and the FADT (PM timer,
 * PM1 control, reset register).
 *
 * Tables are firmware input and are treated as hostile: every checksum,
 * length and offset is checked before use, and nothing is read through a
 * pointer into firmware memory. All access goes through a caller-supplied
 * read_phys function, so the hypervisor can copy from its identity map and
 * unit tests from a fake memory image; a range it cannot read is an error,
 * never a fault.
 *
 * Errors come back as negative errno values with a message in the caller's
 * buffer naming the table and entry. Oddities that do not stop parsing
 * (a duplicate APIC ID, more CPUs than ACPI_MAX_CPUS, ...) are counted in
 * the result's num_warnings and the first is kept as text in warning.
 */
#ifndef WARDEN_ACPI_H
#define WARDEN_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACPI_MAX_CPUS 64
#define ACPI_MAX_IOAPICS 8
#define ACPI_MAX_ISOS 24
#define ACPI_MAX_LAPIC_NMIS 16
#define ACPI_MSG_LEN 160

/* Upper bounds on table lengths: far above real tables, low enough that a
 * corrupt length cannot make the checksum loop walk gigabytes. */
#define ACPI_MAX_ROOT_LEN (1U << 20)
#define ACPI_MAX_TABLE_LEN (1U << 20)

#define ACPI_HEADER_LEN 36
#define ACPI_RSDP_V1_LEN 20
#define ACPI_RSDP_V2_LEN 36

/* MADT flags (offset 40) */
#define ACPI_MADT_PCAT_COMPAT 0x1

/* MADT subtable types handled here */
#define ACPI_MADT_LOCAL_APIC 0
#define ACPI_MADT_IOAPIC 1
#define ACPI_MADT_INT_OVERRIDE 2
#define ACPI_MADT_NMI_SOURCE 3
#define ACPI_MADT_LOCAL_APIC_NMI 4
#define ACPI_MADT_LOCAL_APIC_OVERRIDE 5
#define ACPI_MADT_LOCAL_X2APIC 9
#define ACPI_MADT_LOCAL_X2APIC_NMI 0xa

/* Processor entry flags (types 0 and 9) */
#define ACPI_MADT_ENABLED 0x1
#define ACPI_MADT_ONLINE_CAPABLE 0x2

/* Local APIC NMI entries (types 4 and 0xA) naming every processor. */
#define ACPI_UID_ALL_PROCESSORS 0xffffffffU

/* FADT flags (offset 112) */
#define ACPI_FADT_TMR_VAL_EXT (1U << 8)
#define ACPI_FADT_RESET_REG_SUP (1U << 10)
#define ACPI_FADT_HW_REDUCED (1U << 20)

/* Generic Address Structure address spaces */
#define ACPI_GAS_MEMORY 0
#define ACPI_GAS_IO 1
#define ACPI_GAS_PCI_CONFIG 2

/*
 * Copy len bytes at physical address phys into buf. Returns 0, or a
 * negative errno if any part of the range cannot be read (the parser then
 * reports the table as unreadable).
 */
typedef int (*acpi_read_phys_t)(void *ctx, uint64_t phys, void *buf,
				size_t len);

/* The root of the tables, filled by acpi_init(). */
struct acpi_tables {
	acpi_read_phys_t read_phys;
	void *ctx;
	uint8_t rsdp_revision;
	char oem_id[7]; /* NUL-terminated */
	bool xsdt; /* root table is the XSDT (8-byte entries) */
	uint64_t root_phys;
	uint32_t root_len;
	unsigned int num_entries;
};

struct acpi_cpu {
	uint32_t apic_id;
	uint32_t uid; /* ACPI processor UID */
	bool x2apic_entry; /* from a type 9 entry rather than type 0 */
	bool enabled; /* usable now: Linux starts it at boot */
	bool online_capable; /* disabled, but may be hot-added later */
	uint16_t entry; /* index of the MADT subtable it came from */
};

struct acpi_ioapic {
	uint8_t id;
	uint32_t address;
	uint32_t gsi_base;
};

struct acpi_int_override {
	uint8_t bus; /* 0 = ISA */
	uint8_t source; /* bus-relative IRQ */
	uint32_t gsi;
	uint16_t flags; /* MPS INTI flags: polarity bits 0-1, trigger 2-3 */
};

struct acpi_lapic_nmi {
	uint32_t uid; /* ACPI_UID_ALL_PROCESSORS for every processor */
	uint16_t flags; /* MPS INTI flags */
	uint8_t lint; /* LINT0 or LINT1 */
};

struct acpi_madt_info {
	uint64_t madt_phys;
	uint32_t madt_len;
	uint8_t revision;
	uint64_t lapic_address; /* after a type 5 override, if any */
	uint32_t flags; /* ACPI_MADT_PCAT_COMPAT */

	/*
	 * Processors Linux registers, in MADT order: enabled ones and
	 * disabled-but-online-capable ones. Not listed (counted in
	 * num_cpus_ignored): entries neither enabled nor online-capable,
	 * invalid IDs (0xFF in type 0, 0xFFFFFFFF in type 9), x2APIC entries
	 * below 0xFF while valid type 0 entries exist, and repeated IDs.
	 */
	unsigned int num_cpus;
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	unsigned int num_cpus_dropped; /* beyond ACPI_MAX_CPUS */
	unsigned int num_cpus_ignored;
	/* A type 0 entry follows a type 9 entry: see acpi_cpu_order(). */
	bool mixed_order;

	unsigned int num_ioapics;
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	unsigned int num_ioapics_dropped;

	unsigned int num_overrides;
	struct acpi_int_override overrides[ACPI_MAX_ISOS];
	unsigned int num_overrides_dropped;

	unsigned int num_lapic_nmis;
	struct acpi_lapic_nmi lapic_nmis[ACPI_MAX_LAPIC_NMIS];
	unsigned int num_lapic_nmis_dropped;

	unsigned int num_entries; /* subtables walked */
	unsigned int num_warnings;
	char warning[ACPI_MSG_LEN]; /* the first one */
};

struct acpi_gas {
	uint8_t space_id; /* ACPI_GAS_* */
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;
	uint64_t address; /* 0: not present */
};

struct acpi_fadt_info {
	uint64_t fadt_phys;
	uint32_t fadt_len;
	uint8_t revision;
	uint32_t flags; /* ACPI_FADT_* */
	uint16_t iapc_boot_arch; /* 0 when the FADT is too old to have it */
	uint16_t sci_irq;
	uint32_t smi_cmd;
	uint64_t dsdt; /* X_DSDT when present, else DSDT */

	/* PM timer I/O port, 0 if none usable; 24 or 32 bits wide. */
	uint16_t pm_timer_port;
	bool pm_timer_32bit;

	/* PM1 control blocks (X_ form when present, else the I/O port). */
	struct acpi_gas pm1a_control;
	struct acpi_gas pm1b_control;

	/* Reset register, valid only when has_reset. */
	bool has_reset;
	struct acpi_gas reset_reg;
	uint8_t reset_value;

	/* Hardware-reduced platforms sleep through these instead of PM1. */
	struct acpi_gas sleep_control;
	struct acpi_gas sleep_status;

	unsigned int num_warnings;
	char warning[ACPI_MSG_LEN];
};

/* Sum of len bytes; a valid ACPI structure sums to 0. */
uint8_t acpi_checksum(const void *buf, size_t len);

/*
 * Validate the RSDP copy (rsdp_len bytes: 20 for ACPI 1.0, 36 or more for
 * 2.0+) and the root table it points to. The XSDT is used when the RSDP
 * revision is 2 or more, the copy holds the extended part and the XSDT
 * address is non-zero; the RSDT otherwise.
 */
int acpi_init(struct acpi_tables *acpi, const void *rsdp, size_t rsdp_len,
	      acpi_read_phys_t read_phys, void *ctx, char *err, size_t err_len);

/*
 * Find the first table with signature sig (4 characters) and verify its
 * length and checksum. Returns 0 with *phys and *len set, -ENOENT if no
 * table has that signature, or another negative errno for a malformed
 * root table or a bad table with that signature.
 */
int acpi_find_table(const struct acpi_tables *acpi, const char *sig,
		    uint64_t *phys, uint32_t *len, char *err, size_t err_len);

/* Parse the MADT ("APIC"). */
int acpi_parse_madt(const struct acpi_tables *acpi, struct acpi_madt_info *info,
		    char *err, size_t err_len);

/*
 * The logical CPU numbering of the root Linux: out_apic_ids[n] is the
 * APIC ID of Linux's CPU n. Returns the number of CPUs written, -ENOENT if
 * boot_apic_id is not an enabled CPU of the MADT, -E2BIG if more than max
 * CPUs are enabled, or -ERANGE if the MADT listed more CPUs than
 * ACPI_MAX_CPUS (the numbering past them would be unknown).
 */
int acpi_cpu_order(const struct acpi_madt_info *info, uint32_t boot_apic_id,
		   uint32_t *out_apic_ids, unsigned int max);

/* Parse the FADT ("FACP"). */
int acpi_parse_fadt(const struct acpi_tables *acpi, struct acpi_fadt_info *info,
		    char *err, size_t err_len);

#endif /* WARDEN_ACPI_H */
