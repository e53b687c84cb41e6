// SPDX-License-Identifier: GPL-2.0
/*
 * PCI configuration space as cells see it (spec 4.8), through both
 * mechanisms: ports 0xcf8/0xcfc and the MMCONFIG window. A device not in
 * the cell's list (or one a non-root cell holds) reads as all ones; a
 * write to it is dropped for the root cell and a violation for others.
 *
 * The root cell's accesses to its own devices reach the hardware: its
 * Linux enumerates and sets up the bus. Non-root cells get the filter of
 * spec 4.8: the command/status, 0x0c and interrupt-line registers are
 * theirs, BARs are shadowed (the real BARs keep the addresses the system
 * configuration was made for), the ROM BAR ignores writes, other header
 * writes are violations; above the header, writes only land inside
 * capabilities flagged writable, and an MSI may only target the cell's
 * own CPUs with fixed or lowest-priority delivery.
 */
#include <warden/cell.h>
#include <warden/errno.h>
#include <warden/hvmem.h>
#include <warden/percpu.h>
#include <warden/printk.h>
#include <warden/spinlock.h>
#include <warden/string.h>
#include <jailhouse/pci_defs.h>
#include <asm/processor.h>
#include <asm/vdevices.h>

#define CFG_ADDR_ENABLE (1u << 31)
#define CFG_COMMAND 0x04
#define CFG_CACHE_LINE 0x0c
#define CFG_BAR0 0x10
#define CFG_BAR_END 0x28
#define CFG_BRIDGE_IO_BASE 0x1c
#define CFG_ROM 0x30
#define CFG_BRIDGE_ROM 0x38
#define CFG_INT_LINE 0x3c
#define CFG_HEADER_END 0x40
#define CFG_SPACE_END 0x1000
#define COMMAND_INTX_DISABLE 0x400
#define BAR_IO 0x1
#define BAR_MEM_TYPE_MASK 0x6
#define BAR_MEM_64 0x4
#define BARS_PER_DEVICE 6

#define MSI_CONTROL_64BIT (1u << 7)
#define MSI_ADDR_DEST_SHIFT 12
#define MSI_ADDR_DEST_LOGICAL (1u << 2)
#define MSI_DATA_DELIVERY_SHIFT 8

static struct spinlock pci_lock;

bool vpci_mmcfg_window(const struct cell *cell, uint64_t *start, uint64_t *end)
{
	const struct jailhouse_system *sys = cell->system;

	*start = sys->platform_info.pci_mmconfig_base;
	/* One MiB of configuration space per bus. */
	*end = *start + ((uint64_t)sys->platform_info.pci_mmconfig_end_bus +
			 1) * 0x100000;
	return *start != 0;
}

/* The hardware's configuration space: MMCONFIG where there is one. */
static uint32_t hw_access(uint16_t bdf, unsigned int reg, unsigned int size,
			  bool write, uint32_t value)
{
	const struct jailhouse_system *sys = root_cell.system;
	uint64_t base = sys->platform_info.pci_mmconfig_base;
	unsigned int port = PCI_CFG_PORT + 4 + (reg & 3);
	volatile void *addr;

	if (base) {
		addr = phys_to_hv(base + ((uint64_t)bdf << 12) + reg);
		if (write) {
			if (size == 1)
				*(volatile uint8_t *)addr = value;
			else if (size == 2)
				*(volatile uint16_t *)addr = value;
			else
				*(volatile uint32_t *)addr = value;
			return 0;
		}
		return size == 1 ? *(volatile uint8_t *)addr :
		       size == 2 ? *(volatile uint16_t *)addr :
				   *(volatile uint32_t *)addr;
	}
	if (reg >= 0x100)
		return ~0u; /* no extended space without MMCONFIG */
	spin_lock(&pci_lock);
	outl(PCI_CFG_PORT, CFG_ADDR_ENABLE | (uint32_t)bdf << 8 | (reg & ~3u));
	if (write) {
		if (size == 1)
			outb(port, value);
		else if (size == 2)
			outw(port, value);
		else
			outl(port, value);
	} else {
		value = size == 1 ? inb(port) :
			size == 2 ? inw(port) :
				    inl(port);
	}
	spin_unlock(&pci_lock);
	return value;
}

static bool refuse(struct vcpu *vcpu, uint16_t bdf, unsigned int reg,
		   const char *why)
{
	printk("CPU %u: cell '%s': PCI config write to %02x:%02x.%x "
	       "register 0x%x refused: %s\n",
	       this_cpu_id(), vcpu->cell->config->name, bdf >> 8,
	       (bdf >> 3) & 0x1f, bdf & 7, reg, why);
	return false;
}

static unsigned int device_index(const struct cell *cell,
				 const struct jailhouse_pci_device *dev)
{
	return dev - jailhouse_cell_pci_devices(cell->config);
}

static uint32_t *bar_shadow(const struct cell *cell,
			    const struct jailhouse_pci_device *dev)
{
	return cell->pci_bars + device_index(cell, dev) * BARS_PER_DEVICE;
}

/* The bits of a BAR that say what it is rather than where. */
static uint32_t bar_type_bits(const uint32_t *bars, unsigned int i)
{
	if (i > 0 && !(bars[i - 1] & BAR_IO) &&
	    (bars[i - 1] & BAR_MEM_TYPE_MASK) == BAR_MEM_64)
		return 0; /* the upper half of a 64-bit BAR */
	return bars[i] & BAR_IO ? 0x3 : 0xf;
}

static const struct jailhouse_pci_capability *
find_cap(const struct cell *cell, const struct jailhouse_pci_device *dev,
	 unsigned int reg, unsigned int size)
{
	const struct jailhouse_pci_capability *cap =
		jailhouse_cell_pci_caps(cell->config) + dev->caps_start;
	unsigned int i;

	for (i = 0; i < dev->num_caps; i++)
		if (reg >= cap[i].start &&
		    reg + size <= (unsigned int)cap[i].start + cap[i].len)
			return &cap[i];
	return NULL;
}

/* An MSI must reach the cell's own CPUs, with an ordinary delivery. */
static bool msi_write_allowed(struct vcpu *vcpu, uint16_t bdf,
			      const struct jailhouse_pci_capability *cap,
			      unsigned int reg, uint32_t value)
{
	unsigned int offset = reg - cap->start, cpu, data;
	uint16_t control = hw_access(bdf, cap->start + 2, 2, false, 0);
	uint32_t dest;

	data = control & MSI_CONTROL_64BIT ? 12 : 8;
	if (offset == 4) {
		if (value & MSI_ADDR_DEST_LOGICAL)
			return refuse(vcpu, bdf, reg,
				      "MSI with a logical destination");
		dest = (value >> MSI_ADDR_DEST_SHIFT) & 0xff;
		for (cpu = 0; cpu < num_cpus; cpu++)
			if (per_cpus[cpu] && per_cpus[cpu]->apic_id == dest &&
			    cell_has_cpu(vcpu->cell, cpu))
				return true;
		return refuse(vcpu, bdf, reg, "MSI to a CPU outside the cell");
	}
	if (offset == data && ((value >> MSI_DATA_DELIVERY_SHIFT) & 7) > 1)
		return refuse(vcpu, bdf, reg,
			      "MSI delivery mode other than fixed or lowest "
			      "priority");
	return true;
}

static bool cell_write(struct vcpu *vcpu,
		       const struct jailhouse_pci_device *dev, unsigned int reg,
		       unsigned int size, uint32_t value)
{
	const struct jailhouse_pci_capability *cap;
	unsigned int dword = reg & ~3u, shift = (reg & 3) * 8, i;
	bool bridge = dev->type == JAILHOUSE_PCI_TYPE_BRIDGE;
	uint32_t *bars, mask;

	if (reg >= CFG_HEADER_END) {
		cap = find_cap(vcpu->cell, dev, reg, size);
		if (!cap || !(cap->flags & JAILHOUSE_PCICAPS_WRITE))
			return refuse(vcpu, dev->bdf, reg,
				      "not in a writable capability");
		if (cap->id == PCI_CAP_ID_MSI && size == 4 &&
		    !msi_write_allowed(vcpu, dev->bdf, cap, reg, value))
			return false;
		hw_access(dev->bdf, reg, size, true, value);
		return true;
	}
	if (dword == CFG_COMMAND || dword == CFG_CACHE_LINE ||
	    dword == CFG_INT_LINE) {
		hw_access(dev->bdf, reg, size, true, value);
		return true;
	}
	if (bridge) {
		if (dword >= CFG_BRIDGE_IO_BASE && dword < CFG_BRIDGE_ROM + 4)
			return true; /* windows and ROM: ignored */
		return refuse(vcpu, dev->bdf, reg, "bridge header register");
	}
	if (dword == CFG_ROM)
		return true; /* ignored */
	if (dword < CFG_BAR0 || dword >= CFG_BAR_END)
		return refuse(vcpu, dev->bdf, reg, "read-only header register");
	/* BARs: the cell writes its shadow; sizing reads back the mask. */
	bars = bar_shadow(vcpu->cell, dev);
	i = (dword - CFG_BAR0) / 4;
	mask = size == 4 ? ~0u : ((1u << (size * 8)) - 1) << shift;
	value = (bars[i] & ~mask) | ((value << shift) & mask);
	bars[i] =
		(value & dev->bar_mask[i]) | (bars[i] & bar_type_bits(bars, i));
	return true;
}

static uint32_t cell_read(struct vcpu *vcpu,
			  const struct jailhouse_pci_device *dev,
			  unsigned int reg, unsigned int size)
{
	unsigned int dword = reg & ~3u, shift = (reg & 3) * 8;
	uint32_t value;

	if (dev->type == JAILHOUSE_PCI_TYPE_BRIDGE ||
	    (dword != CFG_ROM && (dword < CFG_BAR0 || dword >= CFG_BAR_END)))
		return hw_access(dev->bdf, reg, size, false, 0);
	value = dword == CFG_ROM ?
			0 :
			bar_shadow(vcpu->cell, dev)[(dword - CFG_BAR0) / 4];
	value >>= shift;
	return size == 4 ? value : value & ((1u << (size * 8)) - 1);
}

/* One configuration access of @vcpu's cell, by either mechanism. */
static bool config_access(struct vcpu *vcpu, uint16_t bdf, unsigned int reg,
			  unsigned int size, bool write, uint32_t *value)
{
	struct cell *cell = vcpu->cell;
	const struct jailhouse_pci_device *dev = cell_pci_device(cell, bdf);

	/* ivshmem devices are virtual; until they are emulated, absent. */
	if (dev && !cell->is_root && dev->type == JAILHOUSE_PCI_TYPE_IVSHMEM)
		dev = NULL;
	if (!dev) {
		if (!write) {
			*value = ~0u;
			return true;
		}
		printk("CPU %u: cell '%s': PCI config write to %02x:%02x.%x, "
		       "which is not the cell's%s\n",
		       this_cpu_id(), cell->config->name, bdf >> 8,
		       (bdf >> 3) & 0x1f, bdf & 7,
		       cell->is_root ? "; dropped" : "");
		return cell->is_root;
	}
	if (cell->is_root) {
		*value = hw_access(bdf, reg, size, write, *value);
		return true;
	}
	if (write)
		return cell_write(vcpu, dev, reg, size, *value);
	*value = cell_read(vcpu, dev, reg, size);
	return true;
}

bool vpci_mmcfg(struct vcpu *vcpu, uint64_t gpa, unsigned int size, bool write,
		uint64_t *value)
{
	uint64_t base, end, offset;
	uint32_t v = *value;

	if (!vpci_mmcfg_window(vcpu->cell, &base, &end) || gpa < base ||
	    gpa >= end)
		return false;
	offset = gpa - base;
	if (size == 8 || (offset & (size - 1))) {
		*value = ~0ull;
		return vcpu->cell->is_root;
	}
	if (!config_access(vcpu, offset >> 12, offset & 0xfff, size, write, &v))
		return false;
	if (!write)
		*value = v;
	return true;
}

bool vpci_port_access(struct vcpu *vcpu, uint16_t port, unsigned int size,
		      bool in)
{
	uint32_t *addr = &this_cpu()->pci_cfg_addr;
	uint64_t *rax = &vcpu->regs[REG_RAX];
	uint32_t value = *rax, mask = size == 4 ? ~0u : (1u << (size * 8)) - 1;
	unsigned int reg = (*addr & 0xfc) + (port - PCI_CFG_PORT - 4);

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
	if (!(*addr & CFG_ADDR_ENABLE)) {
		value = ~0u;
	} else if (!config_access(vcpu, *addr >> 8, reg, size, !in, &value)) {
		return false;
	}
	if (in)
		*rax = size == 4 ? value :
				   (*rax & ~(uint64_t)mask) | (value & mask);
	return true;
}

int vpci_cell_init(struct cell *cell)
{
	unsigned int n = cell->config->num_pci_devices;
	uint64_t bytes = (uint64_t)n * BARS_PER_DEVICE * sizeof(uint32_t);

	cell->pci_bar_pages = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	if (!n)
		return 0;
	cell->pci_bars = page_alloc(&hv_pool, cell->pci_bar_pages, 1);
	if (!cell->pci_bars)
		return -ENOMEM;
	vpci_cell_reset(cell);
	return 0;
}

void vpci_cell_exit(struct cell *cell)
{
	if (cell->pci_bars)
		page_free(&hv_pool, cell->pci_bars, cell->pci_bar_pages);
	cell->pci_bars = NULL;
}

void vpci_cell_reset(struct cell *cell)
{
	const struct jailhouse_pci_device *dev =
		jailhouse_cell_pci_devices(cell->config);
	unsigned int d, i;
	uint32_t *bars;

	for (d = 0; d < cell->config->num_pci_devices; d++) {
		if (dev[d].type != JAILHOUSE_PCI_TYPE_DEVICE)
			continue;
		/* No decoding, no DMA, no INTx until the next owner says so. */
		hw_access(dev[d].bdf, CFG_COMMAND, 2, true,
			  COMMAND_INTX_DISABLE);
		bars = bar_shadow(cell, &dev[d]);
		for (i = 0; i < BARS_PER_DEVICE; i++)
			bars[i] = hw_access(dev[d].bdf, CFG_BAR0 + i * 4, 4,
					    false, 0);
	}
}
