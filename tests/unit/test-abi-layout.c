// SPDX-License-Identifier: GPL-2.0
/*
 * The Jailhouse ABI headers in a hosted build: the headers' own
 * _Static_asserts already pin sizes and offsets at compile time; this test
 * re-checks the values the spec lists by number at run time (so a failure
 * names the field), checks the constants, and the ioctl numbers as Linux's
 * <linux/ioctl.h> encodes them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <jailhouse.h>
#include <jailhouse/cell-config.h>
#include <jailhouse/console.h>
#include <jailhouse/hypercall.h>

#define OFF(type, member) offsetof(struct type, member)

static void test_config_layout(void **state)
{
	assert_int_equal(sizeof(struct jailhouse_console), 32);
	assert_int_equal(sizeof(struct jailhouse_cell_desc), 132);
	assert_int_equal(OFF(jailhouse_cell_desc, name), 8);
	assert_int_equal(OFF(jailhouse_cell_desc, cpu_set_size), 48);
	assert_int_equal(OFF(jailhouse_cell_desc, num_stream_ids), 76);
	assert_int_equal(OFF(jailhouse_cell_desc, cpu_reset_address), 84);
	assert_int_equal(OFF(jailhouse_cell_desc, msg_reply_timeout), 92);
	assert_int_equal(OFF(jailhouse_cell_desc, console), 100);
	assert_int_equal(sizeof(struct jailhouse_system), 488);
	assert_int_equal(OFF(jailhouse_system, hypervisor_memory), 12);
	assert_int_equal(OFF(jailhouse_system, debug_console), 44);
	assert_int_equal(OFF(jailhouse_system, platform_info.iommu_units), 88);
	assert_int_equal(
		OFF(jailhouse_system, platform_info.x86.pm_timer_address), 312);
	assert_int_equal(OFF(jailhouse_system, platform_info.x86.apic_khz),
			 324);
	assert_int_equal(OFF(jailhouse_system, root_cell), 356);
	assert_int_equal(sizeof(struct jailhouse_iommu), 28);
	assert_int_equal(sizeof(struct jailhouse_memory), 32);
	assert_int_equal(sizeof(struct jailhouse_cache), 12);
	assert_int_equal(sizeof(struct jailhouse_irqchip), 32);
	assert_int_equal(sizeof(struct jailhouse_pio), 4);
	assert_int_equal(sizeof(struct jailhouse_pci_device), 56);
	assert_int_equal(OFF(jailhouse_pci_device, shmem_regions_start), 48);
	assert_int_equal(sizeof(struct jailhouse_pci_capability), 8);
}

/* The MSI bit-fields share byte 35, LSB first. */
static void test_msi_bitfields(void **state)
{
	struct jailhouse_pci_device dev;
	const uint8_t *raw = (const uint8_t *)&dev;

	memset(&dev, 0, sizeof(dev));
	dev.msi_64bits = 1;
	assert_int_equal(raw[35], 0x1);
	dev.msi_maskable = 1;
	assert_int_equal(raw[35], 0x3);
}

static void test_size_helpers(void **state)
{
	struct jailhouse_cell_desc cell;

	memset(&cell, 0, sizeof(cell));
	cell.cpu_set_size = 8;
	cell.num_memory_regions = 2;
	cell.num_cache_regions = 1;
	cell.num_pio_regions = 3;
	/* the spec's apic-demo example */
	assert_int_equal(jailhouse_cell_config_size(&cell), 228);

	/* maximal counts must not wrap in the 64-bit variant */
	memset(&cell, 0xff, sizeof(cell));
	assert_true(jailhouse_cell_config_size64(&cell) > 0xffffffffULL);
}

static void test_constants(void **state)
{
	assert_int_equal(JAILHOUSE_CONFIG_REVISION, 14);
	assert_string_equal(JAILHOUSE_SYSTEM_SIGNATURE, "JHSYS");
	assert_string_equal(JAILHOUSE_CELL_DESC_SIGNATURE, "JHCLL");
	assert_int_equal(JAILHOUSE_MEM_IO_UNALIGNED, 0x8000);
	assert_int_equal(JAILHOUSE_MEM_IO_64, 0x80000);
	assert_int_equal(JAILHOUSE_MEM_NO_HUGEPAGES, 0x100);
	assert_int_equal(JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE, 0x80000000);
	assert_int_equal(JAILHOUSE_CON_TYPE_SCIF, 0xa);
	assert_int_equal(JAILHOUSE_CON_MDR_QUIRK, 0x2000);
	assert_int_equal(JAILHOUSE_IOMMU_ARM_MMU500, 5);
	assert_int_equal(JAILHOUSE_HC_DEBUG_CONSOLE_PUTC, 8);
	assert_int_equal(JAILHOUSE_CPU_INFO_STAT_BASE +
				 JAILHOUSE_CPU_STAT_VMEXITS_MSR_X2APIC_ICR,
			 1011);
	assert_int_equal(JAILHOUSE_NUM_CPU_STATS, 12);
	assert_int_equal(JAILHOUSE_CELL_FAILED_COMM_REV, 4);
	assert_int_equal(COMM_REGION_ABI_REVISION, 2);
	assert_string_equal(COMM_REGION_MAGIC, "JHCOMM");
	assert_int_equal(PCI_CAP_ID_MSIX, 0x11);
	assert_int_equal(PCI_EXT_CAP_ID_DSN | JAILHOUSE_PCI_EXT_CAP, 0x8003);
}

static void test_ivshmem_masks(void **state)
{
	static const __u32 msix[6] = JAILHOUSE_IVSHMEM_BAR_MASK_MSIX;
	static const __u32 intx64k[6] = JAILHOUSE_IVSHMEM_BAR_MASK_INTX_64K;
	static const struct jailhouse_memory net[] = {
		JAILHOUSE_SHMEM_NET_REGIONS(0x3f100000, 1),
	};

	assert_int_equal(msix[1], 0xfffff000);
	assert_int_equal(intx64k[0], 0xffff0000);
	assert_int_equal(intx64k[1], 0);
	assert_int_equal(ARRAY_SIZE(net), 4);
	assert_int_equal(net[1].size, 0);
	assert_int_equal(net[2].flags,
			 JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED);
	assert_int_equal(net[3].flags, JAILHOUSE_MEM_READ |
					       JAILHOUSE_MEM_ROOTSHARED |
					       JAILHOUSE_MEM_WRITE);
	assert_int_equal(net[3].phys_start, 0x3f180000);
}

static void test_comm_region_layout(void **state)
{
	assert_int_equal(OFF(jailhouse_comm_region, cell_state), 8);
	assert_int_equal(OFF(jailhouse_comm_region, console), 24);
	assert_int_equal(OFF(jailhouse_comm_region, pci_mmconfig_base), 56);
	assert_int_equal(OFF(jailhouse_comm_region, num_cpus), 66);
	assert_int_equal(OFF(jailhouse_comm_region, apic_khz), 72);
	assert_int_equal(sizeof(struct jailhouse_virt_console), 2056);
}

static void test_ioctl_abi(void **state)
{
	assert_int_equal(JAILHOUSE_ENABLE, 0x40080000);
	assert_int_equal(JAILHOUSE_DISABLE, 0x00000001);
	assert_int_equal(JAILHOUSE_CELL_CREATE, 0x40100002);
	assert_int_equal(JAILHOUSE_CELL_LOAD, 0x40300003);
	assert_int_equal(JAILHOUSE_CELL_START, 0x40280004);
	assert_int_equal(JAILHOUSE_CELL_DESTROY, 0x40280005);
	assert_int_equal(sizeof(struct jailhouse_cell_create), 16);
	assert_int_equal(sizeof(struct jailhouse_cell_id), 40);
	assert_int_equal(sizeof(struct jailhouse_preload_image), 32);
	assert_int_equal(sizeof(struct jailhouse_cell_load), 48);
	assert_int_equal(JAILHOUSE_CELL_ID_UNUSED, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_layout),
		cmocka_unit_test(test_msi_bitfields),
		cmocka_unit_test(test_size_helpers),
		cmocka_unit_test(test_constants),
		cmocka_unit_test(test_ivshmem_masks),
		cmocka_unit_test(test_comm_region_layout),
		cmocka_unit_test(test_ioctl_abi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
