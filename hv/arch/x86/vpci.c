// SPDX-License-Identifier: GPL-2.0
/*
 * PCI configuration space as cells see it (spec 4.8), through both
 * mechanisms: ports 0xcf8/0xcfc and the MMCONFIG window. A device not in
 * the cell's list reads as all ones. Writes to listed devices reach the
 * hardware (header filtering and BAR shadowing come with non-root cells);
 * a write to an unlisted device is dropped for the root cell and a
 * violation for others.
 */
#include <warden/cell.h>
#include <warden/hvmem.h>
#include <warden/percpu.h>
#include <warden/printk.h>
#include <warden/spinlock.h>
#include <asm/processor.h>
#include <asm/vdevices.h>

#define CFG_ADDR_ENABLE (1u << 31)

static struct spinlock pci_port_lock;

static uint64_t mmcfg_read(void *addr, unsigned int size)
{
	switch (size) {
	case 1:
		return *(volatile uint8_t *)addr;
	case 2:
		return *(volatile uint16_t *)addr;
	case 4:
		return *(volatile uint32_t *)addr;
	default:
		return *(volatile uint64_t *)addr;
	}
}

static void mmcfg_write(void *addr, unsigned int size, uint64_t value)
{
	switch (size) {
	case 1:
		*(volatile uint8_t *)addr = value;
		break;
	case 2:
		*(volatile uint16_t *)addr = value;
		break;
	case 4:
		*(volatile uint32_t *)addr = value;
		break;
	default:
		*(volatile uint64_t *)addr = value;
		break;
	}
}

static bool device_visible(struct vcpu *vcpu, uint16_t bdf, bool write)
{
	if (cell_pci_device(vcpu->cell, bdf))
		return true;
	if (write)
		printk("CPU %u: cell '%s': PCI config write to %02x:%02x.%x, "
		       "which is not the cell's%s\n",
		       this_cpu_id(), vcpu->cell->config->name, bdf >> 8,
		       (bdf >> 3) & 0x1f, bdf & 7,
		       vcpu->cell->is_root ? "; dropped" : "");
	return false;
}

bool vpci_mmcfg_window(const struct cell *cell, uint64_t *start,
		       uint64_t *end)
{
	const struct jailhouse_system *sys = cell->system;

	*start = sys->platform_info.pci_mmconfig_base;
	/* One MiB of configuration space per bus. */
	*end = *start + ((uint64_t)sys->platform_info.pci_mmconfig_end_bus + 1) *
				0x100000;
	return *start != 0;
}

bool vpci_mmcfg(struct vcpu *vcpu, uint64_t gpa, unsigned int size,
		bool write, uint64_t *value)
{
	uint64_t base, end, offset;
	uint16_t bdf;

	if (!vpci_mmcfg_window(vcpu->cell, &base, &end) || gpa < base ||
	    gpa >= end)
		return false;
	offset = gpa - base;
	if (size == 8 || (offset & (size - 1)))
		return vcpu->cell->is_root ? (*value = ~0ull, true) : false;
	bdf = offset >> 12;
	if (!device_visible(vcpu, bdf, write)) {
		*value = ~0ull;
		return vcpu->cell->is_root || !write;
	}
	if (write)
		mmcfg_write(phys_to_hv(gpa), size, *value);
	else
		*value = mmcfg_read(phys_to_hv(gpa), size);
	return true;
}

bool vpci_port_access(struct vcpu *vcpu, uint16_t port, unsigned int size,
		      bool in)
{
	uint32_t *addr = &this_cpu()->pci_cfg_addr;
	uint64_t *rax = &vcpu->regs[REG_RAX];
	unsigned int offset = port - PCI_CFG_PORT - 4;
	uint16_t bdf = *addr >> 8;
	uint32_t value = ~0u, mask = size == 4 ? ~0u : (1u << (size * 8)) - 1;

	if (port < PCI_CFG_PORT + 4) {
		/* The address register: kept per CPU, 32-bit accesses only. */
		if (port != PCI_CFG_PORT || size != 4)
			return vcpu->cell->is_root;
		if (in)
			*rax = *addr;
		else
			*addr = *rax;
		return true;
	}
	if (!(*addr & CFG_ADDR_ENABLE) || !device_visible(vcpu, bdf, !in)) {
		if (in)
			*rax = (*rax & ~(uint64_t)mask) | (value & mask);
		return in || vcpu->cell->is_root;
	}
	spin_lock(&pci_port_lock);
	outl(PCI_CFG_PORT, (*addr & ~3u));
	if (in) {
		if (size == 1)
			value = inb(PCI_CFG_PORT + 4 + offset);
		else if (size == 2)
			value = inw(PCI_CFG_PORT + 4 + offset);
		else
			value = inl(PCI_CFG_PORT + 4);
	} else if (size == 1) {
		outb(PCI_CFG_PORT + 4 + offset, *rax);
	} else if (size == 2) {
		outw(PCI_CFG_PORT + 4 + offset, *rax);
	} else {
		outl(PCI_CFG_PORT + 4, *rax);
	}
	spin_unlock(&pci_port_lock);
	if (in) {
		if (size == 4)
			*rax = value;
		else
			*rax = (*rax & ~(uint64_t)mask) | (value & mask);
	}
	return true;
}
