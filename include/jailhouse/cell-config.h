/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * System and cell configuration format, revision 14 (ABI spec sections 2
 * and 3).
 *
 * A .cell file is the raw image of one packed structure: a descriptor
 * followed by arrays whose lengths the descriptor gives. Config sources
 * written for upstream Jailhouse compile unchanged against this header, so
 * the structure, field and macro names are the upstream ones.
 *
 * Everything here is packed: the arrays follow each other without padding
 * (a PIO array of odd length leaves the next array 4-byte aligned only), so
 * code walking a config must not assume natural alignment.
 */
#ifndef _JAILHOUSE_CELL_CONFIG_H
#define _JAILHOUSE_CELL_CONFIG_H

#include <jailhouse/types.h>
#include <jailhouse/console.h>
#include <jailhouse/pci_defs.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Architecture byte following the signatures. */
#define JAILHOUSE_X86 0
#define JAILHOUSE_ARM 1
#define JAILHOUSE_ARM64 2

#define JAILHOUSE_CONFIG_REVISION 14

#define JAILHOUSE_CELL_NAME_MAXLEN 31

/* Cell flags */
#define JAILHOUSE_CELL_PASSIVE_COMMREG 0x00000001
#define JAILHOUSE_CELL_TEST_DEVICE 0x00000002
#define JAILHOUSE_CELL_AARCH32 0x00000004
/* the cell may use the debug-console putc hypercall */
#define JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED 0x40000000
/* the inmate should print through that hypercall; implies PERMITTED */
#define JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE 0x80000000

#define CELL_FLAGS_VIRTUAL_CONSOLE_ACTIVE(flags) \
	(!!((flags)&JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE))
#define CELL_FLAGS_VIRTUAL_CONSOLE_PERMITTED(flags) \
	(!!((flags)&JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED))

/* 5 characters; the architecture byte takes the sixth position */
#define JAILHOUSE_CELL_DESC_SIGNATURE "JHCLL"

#define JAILHOUSE_INVALID_STREAMID (~0)

/* Cell descriptor: stand-alone cell configs and the system's root cell. */
struct jailhouse_cell_desc {
	char signature[5];
	__u8 architecture;
	__u16 revision;

	char name[JAILHOUSE_CELL_NAME_MAXLEN + 1];
	__u32 id; /* assigned by the management driver, 0 in files */
	__u32 flags;

	__u32 cpu_set_size;
	__u32 num_memory_regions;
	__u32 num_cache_regions;
	__u32 num_irqchips;
	__u32 num_pio_regions;
	__u32 num_pci_devices;
	__u32 num_pci_caps;
	__u32 num_stream_ids;

	__u32 vpci_irq_base;

	__u64 cpu_reset_address;
	__u64 msg_reply_timeout;

	struct jailhouse_console console;
} __attribute__((packed));

/* Memory region flags */
#define JAILHOUSE_MEM_READ 0x0001
#define JAILHOUSE_MEM_WRITE 0x0002
#define JAILHOUSE_MEM_EXECUTE 0x0004
#define JAILHOUSE_MEM_DMA 0x0008
#define JAILHOUSE_MEM_IO 0x0010
#define JAILHOUSE_MEM_COMM_REGION 0x0020
#define JAILHOUSE_MEM_LOADABLE 0x0040
#define JAILHOUSE_MEM_ROOTSHARED 0x0080
#define JAILHOUSE_MEM_NO_HUGEPAGES 0x0100
#define JAILHOUSE_MEM_IO_UNALIGNED 0x8000
/* permitted sub-page access widths: width in bytes << 16, bits 16..19 */
#define JAILHOUSE_MEM_IO_WIDTH_SHIFT 16
#define JAILHOUSE_MEM_IO_8 (1 << JAILHOUSE_MEM_IO_WIDTH_SHIFT)
#define JAILHOUSE_MEM_IO_16 (2 << JAILHOUSE_MEM_IO_WIDTH_SHIFT)
#define JAILHOUSE_MEM_IO_32 (4 << JAILHOUSE_MEM_IO_WIDTH_SHIFT)
#define JAILHOUSE_MEM_IO_64 (8 << JAILHOUSE_MEM_IO_WIDTH_SHIFT)

struct jailhouse_memory {
	__u64 phys_start;
	__u64 virt_start;
	__u64 size;
	__u64 flags;
} __attribute__((packed));

/*
 * The four regions of an ivshmem-net link at guest/host address "start"
 * (identity mapped) for peer dev_id of two: state table, no common section
 * (placeholder keeps the indices fixed), then the two 508 KiB output
 * sections, each writable only by its owner.
 */
/* clang-format off */
#define JAILHOUSE_SHMEM_NET_REGIONS(start, dev_id)                             \
	{                                                                      \
		.phys_start = (start),                                         \
		.virt_start = (start),                                         \
		.size = 0x1000,                                                \
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED,        \
	},                                                                     \
	{ 0 },                                                                 \
	{                                                                      \
		.phys_start = (start) + 0x1000,                                \
		.virt_start = (start) + 0x1000,                                \
		.size = 0x7f000,                                               \
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED |       \
			 ((dev_id) == 0 ? JAILHOUSE_MEM_WRITE : 0),            \
	},                                                                     \
	{                                                                      \
		.phys_start = (start) + 0x80000,                               \
		.virt_start = (start) + 0x80000,                               \
		.size = 0x7f000,                                               \
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED |       \
			 ((dev_id) == 1 ? JAILHOUSE_MEM_WRITE : 0),            \
	}
/* clang-format on */

#define JAILHOUSE_MEMORY_IS_SUBPAGE(mem) \
	(((mem)->virt_start & 0xfff) || ((mem)->size & 0xfff))

/* Cache region (Intel CAT) */
#define JAILHOUSE_CACHE_L3_CODE 0x01
#define JAILHOUSE_CACHE_L3_DATA 0x02
#define JAILHOUSE_CACHE_L3 (JAILHOUSE_CACHE_L3_CODE | JAILHOUSE_CACHE_L3_DATA)

#define JAILHOUSE_CACHE_ROOTSHARED 0x0001

struct jailhouse_cache {
	__u32 start;
	__u32 size;
	__u8 type;
	__u8 padding;
	__u16 flags;
} __attribute__((packed));

/* Interrupt controller; on x86 an IOAPIC */
struct jailhouse_irqchip {
	__u64 address;
	__u32 id; /* x86: IR source BDF in 0..15, IOMMU unit index in 16..31 */
	__u32 pin_base;
	__u32 pin_bitmap[4];
} __attribute__((packed));

#define JAILHOUSE_PCI_TYPE_DEVICE 0x01
#define JAILHOUSE_PCI_TYPE_BRIDGE 0x02
#define JAILHOUSE_PCI_TYPE_IVSHMEM 0x03

/* ivshmem protocols, reported as the device's class-code bytes */
#define JAILHOUSE_SHMEM_PROTO_UNDEFINED 0x0000
#define JAILHOUSE_SHMEM_PROTO_VETH 0x0001
#define JAILHOUSE_SHMEM_PROTO_CUSTOM 0x4000 /* 0x4000..0x7fff */
#define JAILHOUSE_SHMEM_PROTO_VIRTIO_FRONT 0x8000 /* + virtio device type */
#define JAILHOUSE_SHMEM_PROTO_VIRTIO_BACK 0xc000 /* + virtio device type */

#define VIRTIO_DEV_NET 1
#define VIRTIO_DEV_BLOCK 2
#define VIRTIO_DEV_CONSOLE 3

struct jailhouse_pci_device {
	__u8 type;
	__u8 iommu;
	__u16 domain;
	__u16 bdf;
	__u32 bar_mask[6];
	__u16 caps_start;
	__u16 num_caps;
	__u8 num_msi_vectors;
	__u8 msi_64bits : 1;
	__u8 msi_maskable : 1;
	__u16 num_msix_vectors;
	__u16 msix_region_size;
	__u64 msix_address;
	/* ivshmem: index of the first of this link's memory regions */
	__u32 shmem_regions_start;
	/* ivshmem: this peer's ID, 0 .. shmem_peers - 1 */
	__u8 shmem_dev_id;
	/* ivshmem: maximum number of peers on the link */
	__u8 shmem_peers;
	/* ivshmem: JAILHOUSE_SHMEM_PROTO_* */
	__u16 shmem_protocol;
} __attribute__((packed));

/*
 * bar_mask values for ivshmem devices: BAR0 holds the registers, BAR1 the
 * MSI-X table (4 KiB each, or 64 KiB for hosts with 64 KiB pages).
 */
/* clang-format off */
#define JAILHOUSE_IVSHMEM_BAR_MASK_INTX \
	{ 0xfffff000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000 }
#define JAILHOUSE_IVSHMEM_BAR_MASK_MSIX \
	{ 0xfffff000, 0xfffff000, 0x00000000, 0x00000000, 0x00000000, 0x00000000 }
#define JAILHOUSE_IVSHMEM_BAR_MASK_INTX_64K \
	{ 0xffff0000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000 }
#define JAILHOUSE_IVSHMEM_BAR_MASK_MSIX_64K \
	{ 0xffff0000, 0xffff0000, 0x00000000, 0x00000000, 0x00000000, 0x00000000 }
/* clang-format on */

/* ORed into jailhouse_pci_capability.id for PCIe extended capabilities */
#define JAILHOUSE_PCI_EXT_CAP 0x8000

#define JAILHOUSE_PCICAPS_WRITE 0x0001

struct jailhouse_pci_capability {
	__u16 id;
	__u16 start;
	__u16 len;
	__u16 flags;
} __attribute__((packed));

#define JAILHOUSE_APIC_MODE_AUTO 0
#define JAILHOUSE_APIC_MODE_XAPIC 1
#define JAILHOUSE_APIC_MODE_X2APIC 2

#define JAILHOUSE_MAX_IOMMU_UNITS 8

#define JAILHOUSE_IOMMU_AMD 1
#define JAILHOUSE_IOMMU_INTEL 2
#define JAILHOUSE_IOMMU_SMMUV3 3
#define JAILHOUSE_IOMMU_PVU 4
#define JAILHOUSE_IOMMU_ARM_MMU500 5

struct jailhouse_iommu {
	__u32 type;
	__u64 base;
	__u32 size;

	union {
		struct {
			__u16 bdf;
			__u8 base_cap;
			__u8 msi_cap;
			__u32 features;
		} __attribute__((packed)) amd;

		struct {
			__u64 tlb_base;
			__u32 tlb_size;
		} __attribute__((packed)) tipvu;
	};
} __attribute__((packed));

struct jailhouse_pio {
	__u16 base;
	__u16 length;
} __attribute__((packed));

#define PIO_RANGE(__base, __length)                     \
	{                                               \
		.base = (__base), .length = (__length), \
	}

#define JAILHOUSE_SYSTEM_SIGNATURE "JHSYS"

/* the root cell may read the hypervisor console ring */
#define JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE 0x0001

#define SYS_FLAGS_VIRTUAL_DEBUG_CONSOLE(flags) \
	(!!((flags)&JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE))

/* Whole-machine descriptor, followed by the root cell's arrays. */
struct jailhouse_system {
	char signature[5];
	__u8 architecture;
	__u16 revision;

	__u32 flags;

	/* the hypervisor's own RAM: phys_start and size only */
	struct jailhouse_memory hypervisor_memory;
	struct jailhouse_console debug_console;
	struct {
		__u64 pci_mmconfig_base;
		__u8 pci_mmconfig_end_bus;
		__u8 pci_is_virtual;
		__u16 pci_domain;
		struct jailhouse_iommu iommu_units[JAILHOUSE_MAX_IOMMU_UNITS];
		union {
			struct {
				__u16 pm_timer_address;
				__u8 apic_mode;
				__u8 padding;
				__u32 vtd_interrupt_limit;
				/* 0: unknown, measured at enable */
				__u32 tsc_khz;
				/* 0: unknown, measured at enable */
				__u32 apic_khz;
			} __attribute__((packed)) x86;
			struct {
				__u8 maintenance_irq;
				__u8 gic_version;
				__u8 padding[2];
				__u64 gicd_base;
				__u64 gicc_base;
				__u64 gich_base;
				__u64 gicv_base;
				__u64 gicr_base;
			} __attribute__((packed)) arm;
		} __attribute__((packed));
	} __attribute__((packed)) platform_info;
	struct jailhouse_cell_desc root_cell;
} __attribute__((packed));

/*
 * Size of the configuration the descriptor describes. The counts come from
 * untrusted files: the arithmetic is done in 64 bits, where even maximal
 * 32-bit counts cannot overflow (2^32 * 56 * 9 < 2^42), so callers can
 * compare the result with the buffer length without wrap-around.
 */
static inline __u64
jailhouse_cell_config_size64(const struct jailhouse_cell_desc *cell)
{
	return (__u64)sizeof(struct jailhouse_cell_desc) +
	       (__u64)cell->cpu_set_size +
	       (__u64)cell->num_memory_regions *
		       sizeof(struct jailhouse_memory) +
	       (__u64)cell->num_cache_regions * sizeof(struct jailhouse_cache) +
	       (__u64)cell->num_irqchips * sizeof(struct jailhouse_irqchip) +
	       (__u64)cell->num_pio_regions * sizeof(struct jailhouse_pio) +
	       (__u64)cell->num_pci_devices *
		       sizeof(struct jailhouse_pci_device) +
	       (__u64)cell->num_pci_caps *
		       sizeof(struct jailhouse_pci_capability) +
	       (__u64)cell->num_stream_ids * sizeof(__u32);
}

static inline __u64
jailhouse_system_config_size64(const struct jailhouse_system *system)
{
	return (__u64)(sizeof(*system) - sizeof(system->root_cell)) +
	       jailhouse_cell_config_size64(&system->root_cell);
}

/* Upstream-compatible 32-bit variants, for configs already validated. */
static inline __u32
jailhouse_cell_config_size(const struct jailhouse_cell_desc *cell)
{
	return (__u32)jailhouse_cell_config_size64(cell);
}

static inline __u32
jailhouse_system_config_size(const struct jailhouse_system *system)
{
	return (__u32)jailhouse_system_config_size64(system);
}

/*
 * Accessors for the arrays behind a descriptor. They do no bounds checks:
 * use them only on configs whose computed size fits the buffer.
 */
static inline const __u8 *
jailhouse_cell_cpu_set_bytes(const struct jailhouse_cell_desc *cell)
{
	return (const __u8 *)cell + sizeof(struct jailhouse_cell_desc);
}

static inline const struct jailhouse_memory *
jailhouse_cell_mem_regions(const struct jailhouse_cell_desc *cell)
{
	return (const struct jailhouse_memory *)(jailhouse_cell_cpu_set_bytes(
							 cell) +
						 cell->cpu_set_size);
}

static inline const struct jailhouse_cache *
jailhouse_cell_cache_regions(const struct jailhouse_cell_desc *cell)
{
	return (const struct jailhouse_cache *)(jailhouse_cell_mem_regions(
							cell) +
						cell->num_memory_regions);
}

static inline const struct jailhouse_irqchip *
jailhouse_cell_irqchips(const struct jailhouse_cell_desc *cell)
{
	return (const struct jailhouse_irqchip *)(jailhouse_cell_cache_regions(
							  cell) +
						  cell->num_cache_regions);
}

static inline const struct jailhouse_pio *
jailhouse_cell_pio(const struct jailhouse_cell_desc *cell)
{
	return (const struct jailhouse_pio *)(jailhouse_cell_irqchips(cell) +
					      cell->num_irqchips);
}

static inline const struct jailhouse_pci_device *
jailhouse_cell_pci_devices(const struct jailhouse_cell_desc *cell)
{
	return (const struct jailhouse_pci_device *)(jailhouse_cell_pio(cell) +
						     cell->num_pio_regions);
}

static inline const struct jailhouse_pci_capability *
jailhouse_cell_pci_caps(const struct jailhouse_cell_desc *cell)
{
	return (const struct jailhouse_pci_capability
			*)(jailhouse_cell_pci_devices(cell) +
			   cell->num_pci_devices);
}

/* Stream IDs are u32 but may sit at any alignment: returned as bytes. */
static inline const __u8 *
jailhouse_cell_stream_ids(const struct jailhouse_cell_desc *cell)
{
	return (const __u8 *)(jailhouse_cell_pci_caps(cell) +
			      cell->num_pci_caps);
}

/* Layout pins, ABI spec 2.1-2.11 */
JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_cell_desc) == 132);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc,
					  architecture) == 5);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc,
					  revision) == 6);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc, name) ==
		     8);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc, id) ==
		     40);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc, flags) ==
		     44);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc,
					  cpu_set_size) == 48);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc,
					  num_memory_regions) == 52);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc,
					  num_cache_regions) == 56);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc,
					  num_irqchips) == 60);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc,
					  num_pio_regions) == 64);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc,
					  num_pci_devices) == 68);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc,
					  num_pci_caps) == 72);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc,
					  num_stream_ids) == 76);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc,
					  vpci_irq_base) == 80);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc,
					  cpu_reset_address) == 84);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc,
					  msg_reply_timeout) == 92);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_desc,
					  console) == 100);

JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_memory) == 32);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_memory,
					  virt_start) == 8);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_memory, size) == 16);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_memory, flags) ==
		     24);

JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_cache) == 12);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cache, size) == 4);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cache, type) == 8);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cache, flags) == 10);

JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_irqchip) == 32);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_irqchip, id) == 8);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_irqchip, pin_base) ==
		     12);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_irqchip,
					  pin_bitmap) == 16);

JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_pio) == 4);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pio, length) == 2);

JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_pci_device) == 56);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_device, iommu) ==
		     1);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_device,
					  domain) == 2);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_device, bdf) ==
		     4);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_device,
					  bar_mask) == 6);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_device,
					  caps_start) == 30);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_device,
					  num_caps) == 32);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_device,
					  num_msi_vectors) == 34);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_device,
					  num_msix_vectors) == 36);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_device,
					  msix_region_size) == 38);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_device,
					  msix_address) == 40);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_device,
					  shmem_regions_start) == 48);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_device,
					  shmem_dev_id) == 52);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_device,
					  shmem_peers) == 53);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_device,
					  shmem_protocol) == 54);

JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_pci_capability) == 8);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_capability,
					  start) == 2);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_capability,
					  len) == 4);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_pci_capability,
					  flags) == 6);

JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_iommu) == 28);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_iommu, base) == 4);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_iommu, size) == 12);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_iommu, amd.bdf) ==
		     16);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_iommu,
					  amd.base_cap) == 18);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_iommu,
					  amd.msi_cap) == 19);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_iommu,
					  amd.features) == 20);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_iommu,
					  tipvu.tlb_base) == 16);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_iommu,
					  tipvu.tlb_size) == 24);

JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_system) == 488);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
					  architecture) == 5);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system, revision) ==
		     6);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system, flags) == 8);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
					  hypervisor_memory) == 12);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
					  debug_console) == 44);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
					  platform_info.pci_mmconfig_base) ==
		     76);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
					  platform_info.pci_mmconfig_end_bus) ==
		     84);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
					  platform_info.pci_is_virtual) == 85);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
					  platform_info.pci_domain) == 86);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
					  platform_info.iommu_units) == 88);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
					  platform_info.x86.pm_timer_address) ==
		     312);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
					  platform_info.x86.apic_mode) == 314);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
					  platform_info.x86.padding) == 315);
JAILHOUSE_ABI_ASSERT(
	JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
			     platform_info.x86.vtd_interrupt_limit) == 316);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
					  platform_info.x86.tsc_khz) == 320);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
					  platform_info.x86.apic_khz) == 324);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
					  platform_info.arm.gicd_base) == 316);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system,
					  platform_info.arm.gicr_base) == 348);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_system, root_cell) ==
		     356);

#endif /* !_JAILHOUSE_CELL_CONFIG_H */
