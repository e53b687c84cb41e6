// SPDX-License-Identifier: GPL-2.0
/*
 * Cell for the apic-demo inmate on the QEMU machine (cells/qemu-x86.c):
 * CPU 3, 1 MiB RAM at guest 0, comm region at 1 MiB, COM1/COM2.
 *
 * The inmate takes part in the message protocol (no PASSIVE_COMMREG): it
 * locks the cell configuration while running and refuses the first
 * shutdown request.
 */

#include <jailhouse/types.h>
#include <jailhouse/cell-config.h>

#ifndef CELL_CPUS
#define CELL_CPUS 0x8
#endif

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[2];
	struct jailhouse_cache cache_regions[1];
	struct jailhouse_pio pio_regions[3];
} __attribute__((packed)) config = {
	.cell = {
		.signature = JAILHOUSE_CELL_DESC_SIGNATURE,
		.architecture = JAILHOUSE_X86,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = "apic-demo",
		.flags = JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED,

		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_cache_regions = ARRAY_SIZE(config.cache_regions),
		.num_pio_regions = ARRAY_SIZE(config.pio_regions),

		.console = {
			.address = 0x3f8,
			.type = JAILHOUSE_CON_TYPE_8250,
			.flags = JAILHOUSE_CON_ACCESS_PIO,
		},
	},

	/* CPU 3 on QEMU (CELL_CPUS: see cells/bochs-apic-demo.c) */
	.cpus = {
		CELL_CPUS,
	},

	.mem_regions = {
		/* RAM: the inmate image is loaded and started at guest 0 */
		{
			.phys_start = 0x3ef00000,
			.virt_start = 0x0,
			.size = 0x100000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				 JAILHOUSE_MEM_EXECUTE | JAILHOUSE_MEM_LOADABLE,
		},
		/* communication region, where x86 inmates expect it */
		{
			.virt_start = 0x100000,
			.size = 0x1000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				 JAILHOUSE_MEM_COMM_REGION,
		},
	},

	/* L3 capacity bits 0-1 (ignored without CAT) */
	.cache_regions = {
		{
			.start = 0,
			.size = 2,
			.type = JAILHOUSE_CACHE_L3,
		},
	},

	.pio_regions = {
		PIO_RANGE(0x2f8, 8), /* COM2 */
		PIO_RANGE(0x3f8, 8), /* COM1, shared with the hypervisor */
		PIO_RANGE(0xe010, 8), /* OXPCIe952 UART on real boards */
	},
};
