// SPDX-License-Identifier: GPL-2.0
/*
 * Cells: their memory view and port permissions, built from their
 * configuration. Only the root cell exists so far.
 */
#include <warden/cell.h>
#include <warden/hvmem.h>
#include <warden/printk.h>
#include <warden/string.h>
#include <asm/vcpu.h>

/* Ports that always trap: PCI configuration mechanism #1 and the i8042
 * command port, which both need per-cell filtering (spec 2.8). */
#define PCI_CFG_ADDR 0xcf8
#define PCI_CFG_END 0xd00
#define I8042_COMMAND 0x64
#define IO_BITMAP_PAGES 3
#define XAPIC_PAGE 0xfee00000ull

struct cell root_cell;

static unsigned int mem_flags(const struct jailhouse_memory *m)
{
	unsigned int flags = PAGE_READ;

	if (m->flags & JAILHOUSE_MEM_WRITE)
		flags |= PAGE_WRITE;
	if (m->flags & JAILHOUSE_MEM_EXECUTE)
		flags |= PAGE_EXEC;
	if (m->flags & JAILHOUSE_MEM_NO_HUGEPAGES)
		flags |= PAGING_NO_HUGE;
	return flags;
}

static void map_region(struct cell *cell, unsigned int index,
		       const struct jailhouse_memory *m)
{
	int err;

	/* Sub-page and emulated regions trap on every access. */
	if (!m->size || JAILHOUSE_MEMORY_IS_SUBPAGE(m) ||
	    (m->flags & (JAILHOUSE_MEM_IO | JAILHOUSE_MEM_COMM_REGION)))
		return;
	err = paging_map(&cell->npt, m->virt_start, m->phys_start, m->size,
			 mem_flags(m));
	if (err)
		panic("cell '%s': cannot map memory region %u (0x%llx, size "
		      "0x%llx): error %d\n",
		      cell->config->name, index,
		      (unsigned long long)m->phys_start,
		      (unsigned long long)m->size, err);
}

static void io_bitmap_allow(struct cell *cell, unsigned int port,
			    unsigned int count)
{
	for (; count && port < 0x10000; port++, count--)
		cell->io_bitmap[port / 8] &= ~(1u << (port % 8));
}

static void io_bitmap_trap(struct cell *cell, unsigned int port,
			   unsigned int count)
{
	for (; count && port < 0x10000; port++, count--)
		cell->io_bitmap[port / 8] |= 1u << (port % 8);
}

bool cell_port_allowed(const struct cell *cell, uint16_t port)
{
	const struct jailhouse_pio *pio = jailhouse_cell_pio(cell->config);
	uint16_t pm_timer = cell->system->platform_info.x86.pm_timer_address;
	unsigned int i;

	if (pm_timer && port >= pm_timer && port < pm_timer + 4)
		return true;
	for (i = 0; i < cell->config->num_pio_regions; i++)
		if (port >= pio[i].base &&
		    (unsigned int)(port - pio[i].base) < pio[i].length)
			return true;
	return false;
}

const struct jailhouse_pci_device *cell_pci_device(const struct cell *cell,
						   uint16_t bdf)
{
	const struct jailhouse_pci_device *dev =
		jailhouse_cell_pci_devices(cell->config);
	unsigned int i;

	for (i = 0; i < cell->config->num_pci_devices; i++)
		if (dev[i].bdf == bdf && dev[i].domain == 0)
			return &dev[i];
	return NULL;
}

static void build_io_bitmap(struct cell *cell)
{
	const struct jailhouse_pio *pio = jailhouse_cell_pio(cell->config);
	uint16_t pm_timer = cell->system->platform_info.x86.pm_timer_address;
	unsigned int i;

	cell->io_bitmap = page_alloc(&hv_pool, IO_BITMAP_PAGES, 1);
	if (!cell->io_bitmap)
		panic("out of hypervisor memory for the I/O bitmap\n");
	cell->io_bitmap_phys = hv_to_phys(cell->io_bitmap);
	memset(cell->io_bitmap, 0xff, IO_BITMAP_PAGES * PAGE_SIZE);
	for (i = 0; i < cell->config->num_pio_regions; i++)
		io_bitmap_allow(cell, pio[i].base, pio[i].length);
	if (pm_timer)
		io_bitmap_allow(cell, pm_timer, 4);
	io_bitmap_trap(cell, PCI_CFG_ADDR, PCI_CFG_END - PCI_CFG_ADDR);
	io_bitmap_trap(cell, I8042_COMMAND, 1);
}

void root_cell_init(const struct jailhouse_system *sys)
{
	struct cell *cell = &root_cell;
	const struct jailhouse_memory *mem;
	uint8_t *page;
	unsigned int i;
	int err;

	cell->system = sys;
	cell->config = &sys->root_cell;
	cell->is_root = true;
	err = paging_init(&cell->npt, &paging_npt, &hv_pool,
			  hv_largest_page_level());
	if (err)
		panic("cannot create the root cell's page tables: error %d\n",
		      err);
	mem = jailhouse_cell_mem_regions(cell->config);
	for (i = 0; i < cell->config->num_memory_regions; i++)
		map_region(cell, i, &mem[i]);
	/*
	 * The local APIC: reads go straight to the hardware, writes trap so
	 * the ICR can be filtered (INIT/SIPI are emulated).
	 */
	err = paging_map(&cell->npt, XAPIC_PAGE, XAPIC_PAGE, PAGE_SIZE,
			 PAGE_READ);
	if (err)
		panic("cannot map the local APIC for the root cell: %d\n", err);
	build_io_bitmap(cell);
	page = page_alloc(&hv_pool, 2, 1);
	if (!page)
		panic("out of hypervisor memory for the root cell\n");
	memset(page, 0xff, PAGE_SIZE);
	cell->ones_page_phys = hv_to_phys(page);
	cell->discard_page_phys = cell->ones_page_phys + PAGE_SIZE;
	err = vendor_cell_init(cell);
	if (err)
		panic("cannot prepare the root cell for %s: error %d\n",
		      vendor_name(), err);
	printk("Root cell '%s' set up: page pool %lu of %lu pages used\n",
	       cell->config->name, page_pool_used(&hv_pool),
	       page_pool_size(&hv_pool));
}
