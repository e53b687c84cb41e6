// SPDX-License-Identifier: GPL-2.0
/*
 * System configuration of Warden's QEMU test machine.
 *
 * Matches this command line (QEMU 7.2, TCG, SeaBIOS; docs/qemu-platform.md
 * is the reference, scripts/machine.py builds the line):
 *
 *   qemu-system-x86_64 -machine q35 -cpu max -m 1G -smp 4 \
 *       -serial file:com1 -serial file:com2 -serial file:com3 ...
 *
 * Devices are QEMU's q35 defaults: std VGA 00:01.0, e1000e 00:02.0, ICH9
 * LPC 00:1f.0, AHCI 00:1f.2, SMBus 00:1f.3. UARTs: COM1 0x3f8 (hypervisor
 * console, lent to inmates), COM2 0x2f8 (root, handed to demo cells), COM3
 * 0x3e8 (root Linux console, ttyS2).
 *
 * The memory map is the one of upstream Jailhouse's qemu-x86 reference, so
 * its demo cell configs fit unchanged: hypervisor at 0x3a000000 (6 MiB),
 * inmate RAM 0x3a600000-0x3effffff (listed as root RAM so that LOADABLE
 * regions can be lent back for loading), ivshmem memory from 0x3f000000,
 * ivshmem devices at 01:0c.0-01:0f.0.
 *
 * Deliberate differences from upstream's file:
 *  - no IOMMU unit: the QEMU machine we test on (AMD SVM under TCG) has
 *    none, so iommu_units stay zero and vtd_interrupt_limit is unused;
 *  - root cell name "QEMU-VM" as upstream, but its PIO list adds COM3
 *    and the legacy controllers Linux sets up while booting (PICs, ELCR,
 *    DMA page registers, ACPI PM block, the SMI command port Linux uses
 *    to switch the chipset into ACPI mode);
 *  - device MMIO and I/O BARs are where SeaBIOS puts them for the device
 *    set above (upstream's addresses come from a machine with HDA, a
 *    PCIe-PCI bridge and virtio-9p, which ours does not have, so those
 *    devices and their capabilities are left out).
 *
 * UEFI: OVMF assigns different BARs (0xc0000000 upward, I/O from 0x6000)
 * and, with 1 GiB, reserves RAM inside the inmate window. cells/
 * qemu-x86-efi.c includes this file with QEMU_X86_OVMF defined for the
 * same machine with 2 GiB under OVMF (`-m 2G`): OVMF's data then sits
 * below 2 GiB, far above the windows, and the addresses below follow it.
 */

#include <jailhouse/types.h>
#include <jailhouse/cell-config.h>

#define RAM_RWXD                                                            \
	(JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE | JAILHOUSE_MEM_EXECUTE | \
	 JAILHOUSE_MEM_DMA)
#define MMIO_RW (JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE)

/* Where the firmware puts things (read from /proc/iomem of a plain boot). */
#ifdef QEMU_X86_OVMF
#define RAM_TOP 0x80000000 /* -m 2G; OVMF's ACPI data lies below */
#define VGA_FB 0xc0000000
#define VGA_MMIO 0xc1085000
#define E1000E_ROM 0x80000000
#define E1000E_BAR0 0xc1060000
#define E1000E_BAR1 0xc1040000
#define E1000E_BAR3 0xc1080000
#define AHCI_ABAR 0xc1084000
#define PCI_IO_BARS 0x6000 /* SMBus, AHCI, e1000e */
#define PCI_IO_SIZE 0x80
#else
#define RAM_TOP 0x3ffdf000 /* -m 1G; SeaBIOS's ACPI data follows */
#define VGA_FB 0xfd000000
#define VGA_MMIO 0xfebd4000
#define E1000E_ROM 0xfeb40000
#define E1000E_BAR0 0xfeb80000
#define E1000E_BAR1 0xfeba0000
#define E1000E_BAR3 0xfebd0000
#define AHCI_ABAR 0xfebd5000
#define PCI_IO_BARS 0xc000 /* e1000e, AHCI */
#define PCI_IO_SIZE 0x100
#endif

struct {
	struct jailhouse_system header;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[29];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pio pio_regions[21];
	struct jailhouse_pci_device pci_devices[9];
	struct jailhouse_pci_capability pci_caps[8];
} __attribute__((packed)) config = {
	.header = {
		.signature = JAILHOUSE_SYSTEM_SIGNATURE,
		.architecture = JAILHOUSE_X86,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.flags = JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE,
		.hypervisor_memory = {
			.phys_start = 0x3a000000,
			.size = 0x600000,
		},
		/* divider 0: the firmware already set up COM1 */
		.debug_console = {
			.address = 0x3f8,
			.type = JAILHOUSE_CON_TYPE_8250,
			.flags = JAILHOUSE_CON_ACCESS_PIO,
		},
		.platform_info = {
			.pci_mmconfig_base = 0xb0000000,
			.pci_mmconfig_end_bus = 0xff,
			.x86 = {
				.pm_timer_address = 0x608,
				.apic_mode = JAILHOUSE_APIC_MODE_AUTO,
				/* both measured at start-up when 0 */
				.tsc_khz = 0,
				.apic_khz = 0,
			},
		},
		.root_cell = {
			.name = "QEMU-VM",
			.cpu_set_size = sizeof(config.cpus),
			.num_memory_regions = ARRAY_SIZE(config.mem_regions),
			.num_irqchips = ARRAY_SIZE(config.irqchips),
			.num_pio_regions = ARRAY_SIZE(config.pio_regions),
			.num_pci_devices = ARRAY_SIZE(config.pci_devices),
			.num_pci_caps = ARRAY_SIZE(config.pci_caps),
		},
	},

	/* CPUs 0-3 */
	.cpus = {
		0xf,
	},

	.mem_regions = {
		/*
		 * 0-3: ivshmem virtio-blk back-end (01:0c.0): state table,
		 * r/w section, no output sections.
		 */
		{
			.phys_start = 0x3f000000,
			.virt_start = 0x3f000000,
			.size = 0x1000,
			.flags = JAILHOUSE_MEM_READ,
		},
		{
			.phys_start = 0x3f001000,
			.virt_start = 0x3f001000,
			.size = 0xdf000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE,
		},
		{ 0 },
		{ 0 },
		/* 4-7: ivshmem virtio-console back-end (01:0d.0) */
		{
			.phys_start = 0x3f0e0000,
			.virt_start = 0x3f0e0000,
			.size = 0x1000,
			.flags = JAILHOUSE_MEM_READ,
		},
		{
			.phys_start = 0x3f0e1000,
			.virt_start = 0x3f0e1000,
			.size = 0xf000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE,
		},
		{ 0 },
		{ 0 },
		/*
		 * 8-12: ivshmem demo link (01:0e.0), three peers: state
		 * table, r/w section, outputs of peers 0 (us), 1 and 2.
		 */
		{
			.phys_start = 0x3f0f0000,
			.virt_start = 0x3f0f0000,
			.size = 0x1000,
			.flags = JAILHOUSE_MEM_READ,
		},
		{
			.phys_start = 0x3f0f1000,
			.virt_start = 0x3f0f1000,
			.size = 0x9000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE,
		},
		{
			.phys_start = 0x3f0fa000,
			.virt_start = 0x3f0fa000,
			.size = 0x2000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE,
		},
		{
			.phys_start = 0x3f0fc000,
			.virt_start = 0x3f0fc000,
			.size = 0x2000,
			.flags = JAILHOUSE_MEM_READ,
		},
		{
			.phys_start = 0x3f0fe000,
			.virt_start = 0x3f0fe000,
			.size = 0x2000,
			.flags = JAILHOUSE_MEM_READ,
		},
		/* 13-16: ivshmem-net (01:0f.0), we are peer 0 */
		JAILHOUSE_SHMEM_NET_REGIONS(0x3f100000, 0),
		/* 17: RAM below the hypervisor */
		{
			.phys_start = 0x0,
			.virt_start = 0x0,
			.size = 0x3a000000,
			.flags = RAM_RWXD,
		},
		/* 18: RAM of the inmates, lent to the root for loading */
		{
			.phys_start = 0x3a600000,
			.virt_start = 0x3a600000,
			.size = 0x4a00000,
			.flags = RAM_RWXD,
		},
		/*
		 * 19: RAM above the ivshmem window (under OVMF this includes
		 * its ACPI tables and NVS: the firmware map types them)
		 */
		{
			.phys_start = 0x3f200000,
			.virt_start = 0x3f200000,
			.size = RAM_TOP - 0x3f200000,
			.flags = RAM_RWXD,
		},
#ifdef QEMU_X86_OVMF
		/* 20: 00:02.0 e1000e expansion ROM */
		{
			.phys_start = E1000E_ROM,
			.virt_start = E1000E_ROM,
			.size = 0x40000,
			.flags = MMIO_RW,
		},
#else
		/* 20: ACPI tables (SeaBIOS e820 reserved) */
		{
			.phys_start = 0x3ffdf000,
			.virt_start = 0x3ffdf000,
			.size = 0x21000,
			.flags = JAILHOUSE_MEM_READ,
		},
#endif
		/* 21: 00:01.0 VGA framebuffer (BAR0) */
		{
			.phys_start = VGA_FB,
			.virt_start = VGA_FB,
			.size = 0x1000000,
			.flags = MMIO_RW,
		},
#ifdef QEMU_X86_OVMF
		/* 22: OVMF's ACPI tables are in region 19; unused */
		{ 0 },
#else
		/* 22: 00:02.0 e1000e expansion ROM */
		{
			.phys_start = E1000E_ROM,
			.virt_start = E1000E_ROM,
			.size = 0x40000,
			.flags = MMIO_RW,
		},
#endif
		/* 23: 00:02.0 e1000e BAR0 */
		{
			.phys_start = E1000E_BAR0,
			.virt_start = E1000E_BAR0,
			.size = 0x20000,
			.flags = MMIO_RW,
		},
		/* 24: 00:02.0 e1000e BAR1 */
		{
			.phys_start = E1000E_BAR1,
			.virt_start = E1000E_BAR1,
			.size = 0x20000,
			.flags = MMIO_RW,
		},
		/*
		 * 25: 00:02.0 e1000e BAR3 without its first page, the MSI-X
		 * table, which the hypervisor intercepts (msix_address).
		 */
		{
			.phys_start = E1000E_BAR3 + 0x1000,
			.virt_start = E1000E_BAR3 + 0x1000,
			.size = 0x3000,
			.flags = MMIO_RW,
		},
		/* 26: 00:01.0 VGA MMIO (BAR2) */
		{
			.phys_start = VGA_MMIO,
			.virt_start = VGA_MMIO,
			.size = 0x1000,
			.flags = MMIO_RW,
		},
		/* 27: 00:1f.2 AHCI ABAR (BAR5) */
		{
			.phys_start = AHCI_ABAR,
			.virt_start = AHCI_ABAR,
			.size = 0x1000,
			.flags = MMIO_RW,
		},
		/* 28: HPET */
		{
			.phys_start = 0xfed00000,
			.virt_start = 0xfed00000,
			.size = 0x1000,
			.flags = MMIO_RW,
		},
	},

	.irqchips = {
		/* IOAPIC: IR source 0xff:00.0 (unused without IOMMU) */
		{
			.address = 0xfec00000,
			.id = 0xff00,
			.pin_bitmap = {
				0xffffff, /* pins 0-23 */
			},
		},
	},

	/* COM1 (0x3f8) is absent on purpose: it is the hypervisor's */
	.pio_regions = {
		PIO_RANGE(0x0, 0x1f), /* DMA controller */
		/*
		 * Not in upstream's list, which assumes a Linux that set up
		 * the legacy controllers before the hypervisor started; the
		 * root Linux boots inside the root cell here.
		 */
		PIO_RANGE(0x20, 0x2), /* master PIC */
		PIO_RANGE(0x80, 0x10), /* POST/delay port, DMA page registers */
		PIO_RANGE(0xa0, 0x2), /* slave PIC */
		PIO_RANGE(0xb2, 0x2), /* SMI command/status: ACPI mode switch */
		PIO_RANGE(0x4d0, 0x2), /* ELCR (PIC trigger modes) */
		PIO_RANGE(0x600, 0x80), /* ACPI PM1, GPE0 (q35 ICH9 PMBASE) */
		PIO_RANGE(0x40, 0x4), /* PIT */
		PIO_RANGE(0x60, 0x2), /* keyboard data, NMI status/control */
		PIO_RANGE(0x64, 0x1), /* i8042 command (moderated) */
		PIO_RANGE(0x70, 0x2), /* RTC */
		PIO_RANGE(0x1ce, 0x3), /* VBE */
		PIO_RANGE(0x2f8, 0x8), /* COM2 */
		PIO_RANGE(0x3b0, 0x30), /* VGA */
		PIO_RANGE(0x3e8, 0x8), /* COM3: root Linux console */
		PIO_RANGE(0x3f0, 0x8), /* floppy */
		PIO_RANGE(0x402, 0x1), /* QEMU debug port, probed by X */
		PIO_RANGE(0x700, 0x40), /* 00:1f.3 SMBus (BAR4) */
		PIO_RANGE(0xcd0, 0x8), /* QEMU ACPI hot-plug */
		PIO_RANGE(0x5658, 0x4), /* vmport */
		PIO_RANGE(PCI_IO_BARS, PCI_IO_SIZE), /* PCI I/O BARs */
	},

	.pci_devices = {
		/* 00:01.0 VGA */
		{
			.type = JAILHOUSE_PCI_TYPE_DEVICE,
			.domain = 0x0000,
			.bdf = 0x0008,
		},
		/* 00:02.0 e1000e */
		{
			.type = JAILHOUSE_PCI_TYPE_DEVICE,
			.domain = 0x0000,
			.bdf = 0x0010,
			.bar_mask = {
				0xfffe0000, 0xfffe0000, 0xffffffe0,
				0xffffc000, 0x00000000, 0x00000000,
			},
			.caps_start = 2,
			.num_caps = 6,
			.num_msi_vectors = 1,
			.msi_64bits = 1,
			.num_msix_vectors = 5,
			.msix_region_size = 0x1000,
			.msix_address = E1000E_BAR3,
		},
		/* 00:1f.0 ICH9 LPC (ISA bridge) */
		{
			.type = JAILHOUSE_PCI_TYPE_DEVICE,
			.domain = 0x0000,
			.bdf = 0x00f8,
		},
		/* 00:1f.2 ICH9 AHCI */
		{
			.type = JAILHOUSE_PCI_TYPE_DEVICE,
			.domain = 0x0000,
			.bdf = 0x00fa,
			.caps_start = 0,
			.num_caps = 2,
			.num_msi_vectors = 1,
			.msi_64bits = 1,
		},
		/* 00:1f.3 ICH9 SMBus */
		{
			.type = JAILHOUSE_PCI_TYPE_DEVICE,
			.domain = 0x0000,
			.bdf = 0x00fb,
		},
		/* 01:0c.0 ivshmem virtio-blk back-end, peer 0 of 2 */
		{
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.domain = 0x0000,
			.bdf = 0x0160,
			.bar_mask = JAILHOUSE_IVSHMEM_BAR_MASK_MSIX,
			.num_msix_vectors = 2,
			.shmem_regions_start = 0,
			.shmem_dev_id = 0,
			.shmem_peers = 2,
			.shmem_protocol = JAILHOUSE_SHMEM_PROTO_VIRTIO_BACK +
					  VIRTIO_DEV_BLOCK,
		},
		/* 01:0d.0 ivshmem virtio-console back-end, peer 0 of 2 */
		{
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.domain = 0x0000,
			.bdf = 0x0168,
			.bar_mask = JAILHOUSE_IVSHMEM_BAR_MASK_MSIX,
			.num_msix_vectors = 3,
			.shmem_regions_start = 4,
			.shmem_dev_id = 0,
			.shmem_peers = 2,
			.shmem_protocol = JAILHOUSE_SHMEM_PROTO_VIRTIO_BACK +
					  VIRTIO_DEV_CONSOLE,
		},
		/* 01:0e.0 ivshmem demo link, peer 0 of 3 */
		{
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.domain = 0x0000,
			.bdf = 0x0170,
			.bar_mask = JAILHOUSE_IVSHMEM_BAR_MASK_MSIX,
			.num_msix_vectors = 16,
			.shmem_regions_start = 8,
			.shmem_dev_id = 0,
			.shmem_peers = 3,
			.shmem_protocol = JAILHOUSE_SHMEM_PROTO_UNDEFINED,
		},
		/* 01:0f.0 ivshmem-net, peer 0 of 2 */
		{
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.domain = 0x0000,
			.bdf = 0x0178,
			.bar_mask = JAILHOUSE_IVSHMEM_BAR_MASK_MSIX,
			.num_msix_vectors = 2,
			.shmem_regions_start = 13,
			.shmem_dev_id = 0,
			.shmem_peers = 2,
			.shmem_protocol = JAILHOUSE_SHMEM_PROTO_VETH,
		},
	},

	.pci_caps = {
		/* 0-1: 00:1f.2 AHCI */
		{
			.id = PCI_CAP_ID_SATA,
			.start = 0xa8,
			.len = 2,
			.flags = 0,
		},
		{
			.id = PCI_CAP_ID_MSI,
			.start = 0x80,
			.len = 14,
			.flags = JAILHOUSE_PCICAPS_WRITE,
		},
		/* 2-7: 00:02.0 e1000e */
		{
			.id = PCI_CAP_ID_PM,
			.start = 0xc8,
			.len = 8,
			.flags = JAILHOUSE_PCICAPS_WRITE,
		},
		{
			.id = PCI_CAP_ID_MSI,
			.start = 0xd0,
			.len = 14,
			.flags = JAILHOUSE_PCICAPS_WRITE,
		},
		{
			.id = PCI_CAP_ID_EXP,
			.start = 0xe0,
			.len = 20,
			.flags = JAILHOUSE_PCICAPS_WRITE,
		},
		{
			.id = PCI_CAP_ID_MSIX,
			.start = 0xa0,
			.len = 12,
			.flags = JAILHOUSE_PCICAPS_WRITE,
		},
		{
			.id = PCI_EXT_CAP_ID_ERR | JAILHOUSE_PCI_EXT_CAP,
			.start = 0x100,
			.len = 4,
			.flags = 0,
		},
		{
			.id = PCI_EXT_CAP_ID_DSN | JAILHOUSE_PCI_EXT_CAP,
			.start = 0x140,
			.len = 4,
			.flags = 0,
		},
	},
};
