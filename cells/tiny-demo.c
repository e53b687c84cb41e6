// SPDX-License-Identifier: GPL-2.0
/*
 * Cell for the tiny-demo inmate (and the mmio-access test, which uses the
 * test device one page above the comm region) on the QEMU machine
 * (cells/qemu-x86.c): CPU 2, 1 MiB RAM at guest 0, COM1/COM2.
 *
 * Its RAM at 0x3ee00000 is shared with ivshmem-demo and smp-demo: only one
 * of them can exist at a time.
 */

#include <jailhouse/types.h>
#include <jailhouse/cell-config.h>

#ifndef CELL_CPUS
#define CELL_CPUS 0x4
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
		.name = "tiny-demo",
		.flags = JAILHOUSE_CELL_PASSIVE_COMMREG |
			 JAILHOUSE_CELL_TEST_DEVICE |
			 JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED,

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

	/* CPU 2 on QEMU (CELL_CPUS: see cells/bochs-tiny-demo.c) */
	.cpus = {
		CELL_CPUS,
	},

	.mem_regions = {
		/* RAM: the inmate image is loaded and started at guest 0 */
		{
			.phys_start = 0x3ee00000,
			.virt_start = 0x0,
			.size = 0x100000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				 JAILHOUSE_MEM_EXECUTE | JAILHOUSE_MEM_LOADABLE,
		},
		/* communication region; the test device page follows it */
		{
			.virt_start = 0x100000,
			.size = 0x1000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				 JAILHOUSE_MEM_COMM_REGION,
		},
	},

	/* L3 capacity bit 2 (ignored without CAT) */
	.cache_regions = {
		{
			.start = 2,
			.size = 1,
			.type = JAILHOUSE_CACHE_L3,
		},
	},

	.pio_regions = {
		PIO_RANGE(0x2f8, 8), /* COM2 */
		PIO_RANGE(0x3f8, 8), /* COM1, shared with the hypervisor */
		PIO_RANGE(0xe010, 8), /* OXPCIe952 UART on real boards */
	},
};
