// SPDX-License-Identifier: GPL-2.0
/*
 * System configuration of Warden's Bochs test machine (Intel VT-x).
 *
 * Matches the bochsrc that scripts/machine.py writes (bochs_config(); see
 * docs/bochs-platform.md, which also keeps the measurements this file is
 * made from): Bochs 2.7, CPU model corei7_haswell_4770, 2 CPUs, 1 GiB,
 * chipset i440FX with Bochs's ACPI and HPET, BIOS-bochs-latest, a PCI VGA
 * in slot 1, the CD-ROM as slave on the first IDE channel.
 *
 * PCI: i440FX host bridge 00:00.0, PIIX3 ISA bridge 00:01.0, PIIX3 IDE
 * 00:01.1, PIIX3 UHCI 00:01.2, PIIX4 ACPI (power management, SMBus)
 * 00:01.3, VGA 00:02.0. UARTs as on QEMU: COM1 0x3f8 (hypervisor console,
 * lent to inmates), COM2 0x2f8 (root, handed to demo cells), COM3 0x3e8
 * (root Linux console, ttyS2).
 *
 * The memory layout is the QEMU machine's (cells/qemu-x86.c), so the
 * demo cells keep their addresses: hypervisor at 0x3a000000 (6 MiB),
 * inmate RAM 0x3a600000-0x3effffff (listed as root RAM so that LOADABLE
 * regions can be lent back for loading). There is no ivshmem here yet;
 * 0x3f000000-0x3f1fffff, where QEMU has it, is left out of the root so
 * that the inmate window ends at 0x3f000000 (Warden takes the root
 * regions adjoining the hypervisor memory as the window, and the root RAM
 * that follows must not adjoin it) and ivshmem can be added later without
 * moving anything.
 *
 * Differences from the QEMU machine that matter to the hypervisor:
 *  - no MMCONFIG (i440FX has none): PCI configuration space only through
 *    ports 0xcf8/0xcfc, pci_mmconfig_base 0;
 *  - ACPI PM timer at 0xb008 (PIIX4 PMBA 0xb000, set by the Bochs BIOS);
 *  - no MSI-capable device: all interrupts come through the IOAPIC;
 *  - no IOMMU, so no interrupt remapping: Linux stays in xAPIC mode.
 */

#include <jailhouse/types.h>
#include <jailhouse/cell-config.h>

#define RAM_RWXD                                                            \
	(JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE | JAILHOUSE_MEM_EXECUTE | \
	 JAILHOUSE_MEM_DMA)
#define MMIO_RW (JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE)

/* Where the Bochs BIOS puts things (/proc/iomem of a plain boot). */
#define RAM_TOP 0x3fff0000 /* 1 GiB; the BIOS's ACPI tables follow */
#define ACPI_TABLES_SIZE 0x10000
#define VGA_FB 0xc0000000 /* 00:02.0 BAR0, 16 MiB */
#define PCI_IO_BARS 0xc000 /* IDE bus master 0xc000, UHCI 0xc020 */
#define PCI_IO_SIZE 0x40

struct {
	struct jailhouse_system header;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[6];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pio pio_regions[21];
	struct jailhouse_pci_device pci_devices[6];
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
			/* i440FX: configuration space through 0xcf8 only */
			.pci_mmconfig_base = 0,
			.pci_mmconfig_end_bus = 0,
			/*
			 * Bochs has no IOMMU: Warden emulates this unit's
			 * interrupt remapping for the root, which keeps the
			 * root Linux in x2APIC mode (docs/root-cell.md).
			 */
			.iommu_units = {
				{
					.type = JAILHOUSE_IOMMU_INTEL,
					.base = 0xfed90000,
					.size = 0x1000,
				},
			},
			.x86 = {
				.pm_timer_address = 0xb008,
				.apic_mode = JAILHOUSE_APIC_MODE_AUTO,
				/* both measured at start-up when 0 */
				.tsc_khz = 0,
				.apic_khz = 0,
			},
		},
		.root_cell = {
			.name = "Bochs-VM",
			.cpu_set_size = sizeof(config.cpus),
			.num_memory_regions = ARRAY_SIZE(config.mem_regions),
			.num_irqchips = ARRAY_SIZE(config.irqchips),
			.num_pio_regions = ARRAY_SIZE(config.pio_regions),
			.num_pci_devices = ARRAY_SIZE(config.pci_devices),
			/* no device here has a capability list */
			.num_pci_caps = 0,
		},
	},

	/* CPUs 0-1 */
	.cpus = {
		0x3,
	},

	.mem_regions = {
		/* 0: RAM below the hypervisor */
		{
			.phys_start = 0x0,
			.virt_start = 0x0,
			.size = 0x3a000000,
			.flags = RAM_RWXD,
		},
		/* 1: RAM of the inmates, lent to the root for loading */
		{
			.phys_start = 0x3a600000,
			.virt_start = 0x3a600000,
			.size = 0x4a00000,
			.flags = RAM_RWXD,
		},
		/* 2: RAM above the (future) ivshmem window */
		{
			.phys_start = 0x3f200000,
			.virt_start = 0x3f200000,
			.size = RAM_TOP - 0x3f200000,
			.flags = RAM_RWXD,
		},
		/* 3: ACPI tables (Bochs BIOS, e820 ACPI data) */
		{
			.phys_start = RAM_TOP,
			.virt_start = RAM_TOP,
			.size = ACPI_TABLES_SIZE,
			.flags = JAILHOUSE_MEM_READ,
		},
		/* 4: 00:02.0 VGA framebuffer (BAR0) */
		{
			.phys_start = VGA_FB,
			.virt_start = VGA_FB,
			.size = 0x1000000,
			.flags = MMIO_RW,
		},
		/* 5: HPET */
		{
			.phys_start = 0xfed00000,
			.virt_start = 0xfed00000,
			.size = 0x1000,
			.flags = MMIO_RW,
		},
	},

	.irqchips = {
		/* IOAPIC: IR source 0xff:00.0 of IOMMU unit 0, as on QEMU */
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
		/* Legacy controllers the booting root Linux sets up. */
		PIO_RANGE(0x20, 0x2), /* master PIC */
		PIO_RANGE(0x80, 0x10), /* POST/delay port, DMA page registers */
		PIO_RANGE(0xa0, 0x2), /* slave PIC */
		PIO_RANGE(0xb2, 0x2), /* SMI command/status: ACPI mode switch */
		PIO_RANGE(0x4d0, 0x2), /* ELCR (PIC trigger modes) */
		PIO_RANGE(0xb000, 0x40), /* 00:01.3 PIIX4 PM: PM1, PM timer */
		PIO_RANGE(0xb100, 0x10), /* 00:01.3 PIIX4 SMBus */
		PIO_RANGE(0x40, 0x4), /* PIT */
		PIO_RANGE(0x60, 0x2), /* keyboard data, NMI status/control */
		PIO_RANGE(0x64, 0x1), /* i8042 command (moderated) */
		PIO_RANGE(0x70, 0x2), /* RTC */
		/* 00:01.1 IDE, legacy mode (the CD-ROM is on the primary) */
		PIO_RANGE(0x170, 0x8), /* secondary channel */
		PIO_RANGE(0x1f0, 0x8), /* primary channel */
		PIO_RANGE(0x376, 0x1), /* secondary control */
		PIO_RANGE(0x1ce, 0x3), /* VBE */
		PIO_RANGE(0x2f8, 0x8), /* COM2 */
		PIO_RANGE(0x3b0, 0x30), /* VGA */
		PIO_RANGE(0x3e8, 0x8), /* COM3: root Linux console */
		PIO_RANGE(0x3f0, 0x8), /* floppy; 0x3f6 primary IDE control */
		PIO_RANGE(PCI_IO_BARS, PCI_IO_SIZE), /* PCI I/O BARs */
	},

	.pci_devices = {
		/* 00:00.0 i440FX host bridge */
		{
			.type = JAILHOUSE_PCI_TYPE_DEVICE,
			.domain = 0x0000,
			.bdf = 0x0000,
		},
		/* 00:01.0 PIIX3 ISA bridge (PIRQ routing, ELCR) */
		{
			.type = JAILHOUSE_PCI_TYPE_DEVICE,
			.domain = 0x0000,
			.bdf = 0x0008,
		},
		/* 00:01.1 PIIX3 IDE */
		{
			.type = JAILHOUSE_PCI_TYPE_DEVICE,
			.domain = 0x0000,
			.bdf = 0x0009,
		},
		/* 00:01.2 PIIX3 UHCI */
		{
			.type = JAILHOUSE_PCI_TYPE_DEVICE,
			.domain = 0x0000,
			.bdf = 0x000a,
		},
		/* 00:01.3 PIIX4 ACPI: PMBA, SMBBA */
		{
			.type = JAILHOUSE_PCI_TYPE_DEVICE,
			.domain = 0x0000,
			.bdf = 0x000b,
		},
		/* 00:02.0 VGA (Bochs pcivga, 1234:1111) */
		{
			.type = JAILHOUSE_PCI_TYPE_DEVICE,
			.domain = 0x0000,
			.bdf = 0x0010,
		},
	},
};
