// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * pci-access: what a cell sees of PCI configuration space (spec 4.8),
 * run in cells/e1000e-test.c, which owns QEMU's e1000e at 00:02.0. It
 * scans bus 0, sizes BAR0 through its shadow, writes the ROM BAR and the
 * command register, points MSI at its own CPU, reads the device's
 * registers through BAR0, then does what `action=` asks: `header` (a
 * read-only header register) or `msi` (an MSI to APIC ID 0, a root CPU).
 */
#include <inmate.h>

#define PCI_CFG_ADDR 0xcf8
#define PCI_CFG_DATA 0xcfc
#define DEVICE_BDF 0x10
#define MSI_CAP 0xd0
#define E1000_STATUS 0x8

static uint32_t cfg_read(uint16_t bdf, unsigned int reg)
{
	outl(PCI_CFG_ADDR, 0x80000000u | (uint32_t)bdf << 8 | reg);
	return inl(PCI_CFG_DATA);
}

static void cfg_write(uint16_t bdf, unsigned int reg, uint32_t value)
{
	outl(PCI_CFG_ADDR, 0x80000000u | (uint32_t)bdf << 8 | reg);
	outl(PCI_CFG_DATA, value);
}

void inmate_main(void)
{
	unsigned int bdf, seen = 0;
	uint32_t id, bar0, sized;
	char action[16];

	for (bdf = 0; bdf < 0x100; bdf++) {
		id = cfg_read(bdf, 0);
		if ((id & 0xffff) == 0xffff)
			continue;
		seen++;
		printk("pci-access: found %02x:%02x.%x %04x:%04x\n", bdf >> 8,
		       (bdf >> 3) & 0x1f, bdf & 7, id & 0xffff, id >> 16);
	}
	printk("pci-access: %u device(s) on bus 0\n", seen);

	bar0 = cfg_read(DEVICE_BDF, 0x10);
	cfg_write(DEVICE_BDF, 0x10, 0xffffffff);
	sized = cfg_read(DEVICE_BDF, 0x10);
	cfg_write(DEVICE_BDF, 0x10, bar0);
	printk("pci-access: BAR0 0x%x, sizing reads 0x%x, restored 0x%x\n",
	       bar0, sized, cfg_read(DEVICE_BDF, 0x10));
	cfg_write(DEVICE_BDF, 0x30, 0xffffffff);
	printk("pci-access: ROM BAR reads 0x%x\n", cfg_read(DEVICE_BDF, 0x30));
	/* Memory decoding on, then the device answers through BAR0. */
	cfg_write(DEVICE_BDF, 0x04, 0x2);
	printk("pci-access: command 0x%x, device status register 0x%x\n",
	       cfg_read(DEVICE_BDF, 0x04) & 0xffff,
	       *(volatile uint32_t *)(unsigned long)(bar0 + E1000_STATUS));
	cfg_write(DEVICE_BDF, MSI_CAP + 4, 0xfee00000 | apic_id() << 12);
	printk("pci-access: MSI to own CPU accepted\n");

	if (!cmdline_str("action", action, sizeof(action)))
		return;
	printk("pci-access: about to do '%s'\n", action);
	if (strcmp(action, "header") == 0)
		cfg_write(DEVICE_BDF, 0x08, 0);
	else if (strcmp(action, "msi") == 0)
		cfg_write(DEVICE_BDF, MSI_CAP + 4, 0xfee00000);
	printk("pci-access: still running after '%s'\n", action);
}
