// SPDX-License-Identifier: GPL-2.0
/*
 * Cells: their memory view and port permissions, built from their
 * configuration. Only the root cell exists so far.
 */
#include <stdarg.h>
#include <warden/cell.h>
#include <warden/config_check.h>
#include <warden/errno.h>
#include <warden/format.h>
#include <warden/percpu.h>
#include <warden/hvmem.h>
#include <warden/printk.h>
#include <warden/string.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/timing.h>
#include <asm/vcpu.h>
#include <asm/vdevices.h>

/* Ports that always trap: PCI configuration mechanism #1 and the i8042
 * command port, which both need per-cell filtering (spec 2.8). */
#define PCI_CFG_ADDR 0xcf8
#define PCI_CFG_END 0xd00
#define I8042_COMMAND 0x64
#define IO_BITMAP_PAGES 3
#define XAPIC_PAGE 0xfee00000ull

struct cell root_cell;
struct cell *cells[MAX_CELLS];

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

static bool region_is_mapped(const struct jailhouse_memory *m)
{
	/* Sub-page and emulated regions trap on every access. */
	return m->size && !JAILHOUSE_MEMORY_IS_SUBPAGE(m) &&
	       !(m->flags & JAILHOUSE_MEM_IO);
}

static int map_region(struct cell *cell, unsigned int index,
		      const struct jailhouse_memory *m)
{
	uint64_t phys = m->phys_start;
	int err;

	if (!region_is_mapped(m))
		return 0;
	if (m->flags & JAILHOUSE_MEM_COMM_REGION) {
		if (cell->is_root)
			return 0;
		phys = hv_to_phys(cell->comm);
	}
	err = paging_map(&cell->npt, m->virt_start, phys, m->size,
			 mem_flags(m));
	if (err)
		printk("cell '%s': cannot map memory region %u (0x%llx, size "
		       "0x%llx): error %d\n",
		       cell->config->name, index,
		       (unsigned long long)m->phys_start,
		       (unsigned long long)m->size, err);
	return err;
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

static const struct jailhouse_pci_device *
config_pci_device(const struct jailhouse_cell_desc *config, uint16_t bdf)
{
	const struct jailhouse_pci_device *dev =
		jailhouse_cell_pci_devices(config);
	unsigned int i;

	for (i = 0; i < config->num_pci_devices; i++)
		if (dev[i].bdf == bdf && dev[i].domain == 0)
			return &dev[i];
	return NULL;
}

/* Is @bdf listed by a non-root cell? Then the root does not have it. */
static bool taken_by_cell(uint16_t bdf)
{
	unsigned int c;

	for (c = 1; c < MAX_CELLS; c++)
		if (cells[c] && config_pci_device(cells[c]->config, bdf))
			return true;
	return false;
}

const struct jailhouse_pci_device *cell_pci_device(const struct cell *cell,
						   uint16_t bdf)
{
	const struct jailhouse_pci_device *dev =
		config_pci_device(cell->config, bdf);

	return dev && cell->is_root && taken_by_cell(bdf) ? NULL : dev;
}

static bool config_has_pin(const struct jailhouse_cell_desc *config,
			   uint64_t address, unsigned int pin)
{
	const struct jailhouse_irqchip *chip = jailhouse_cell_irqchips(config);
	unsigned int i;

	if (pin >= 128)
		return false;
	for (i = 0; i < config->num_irqchips; i++)
		if (chip[i].address == address &&
		    (chip[i].pin_bitmap[pin / 32] & (1u << (pin % 32))))
			return true;
	return false;
}

bool cell_has_ioapic_pin(const struct cell *cell, uint64_t address,
			 unsigned int pin)
{
	unsigned int c;

	if (!config_has_pin(cell->config, address, pin))
		return false;
	if (cell->is_root)
		for (c = 1; c < MAX_CELLS; c++)
			if (cells[c] &&
			    config_has_pin(cells[c]->config, address, pin))
				return false;
	return true;
}

static int build_io_bitmap(struct cell *cell)
{
	const struct jailhouse_pio *pio = jailhouse_cell_pio(cell->config);
	uint16_t pm_timer = cell->system->platform_info.x86.pm_timer_address;
	unsigned int i;

	cell->io_bitmap = page_alloc(&hv_pool, IO_BITMAP_PAGES, 1);
	if (!cell->io_bitmap)
		return -ENOMEM;
	cell->io_bitmap_phys = hv_to_phys(cell->io_bitmap);
	memset(cell->io_bitmap, 0xff, IO_BITMAP_PAGES * PAGE_SIZE);
	for (i = 0; i < cell->config->num_pio_regions; i++)
		io_bitmap_allow(cell, pio[i].base, pio[i].length);
	if (pm_timer)
		io_bitmap_allow(cell, pm_timer, 4);
	io_bitmap_trap(cell, PCI_CFG_ADDR, PCI_CFG_END - PCI_CFG_ADDR);
	io_bitmap_trap(cell, I8042_COMMAND, 1);
	return 0;
}

static void copy_cpu_set(struct cell *cell)
{
	const uint8_t *set = jailhouse_cell_cpu_set_bytes(cell->config);
	unsigned int i;

	memset(cell->cpus, 0, sizeof(cell->cpus));
	for (i = 0; i < cell->config->cpu_set_size && i < sizeof(cell->cpus);
	     i++)
		cell->cpus[i] = set[i];
}

bool cell_has_cpu(const struct cell *cell, unsigned int cpu)
{
	return cpu < sizeof(cell->cpus) * 8 &&
	       (cell->cpus[cpu / 8] & (1u << (cpu % 8)));
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
	cells[0] = cell;
	copy_cpu_set(cell);
	err = paging_init(&cell->npt, vendor_paging_format(), &hv_pool,
			  hv_largest_page_level());
	if (err)
		panic("cannot create the root cell's page tables: error %d\n",
		      err);
	mem = jailhouse_cell_mem_regions(cell->config);
	for (i = 0; i < cell->config->num_memory_regions; i++)
		if (map_region(cell, i, &mem[i]))
			panic("cannot build the root cell's page tables\n");
	/*
	 * The local APIC in xAPIC mode: reads go straight to the hardware,
	 * writes trap so the ICR can be filtered (INIT/SIPI are emulated).
	 * In x2APIC mode the page stays unmapped: it is no APIC any more.
	 */
	if (!apic_x2apic_mode()) {
		err = paging_map(&cell->npt, XAPIC_PAGE, XAPIC_PAGE, PAGE_SIZE,
				 PAGE_READ);
		if (err)
			panic("cannot map the local APIC for the root cell: "
			      "%d\n",
			      err);
	}
	if (build_io_bitmap(cell))
		panic("out of hypervisor memory for the I/O bitmap\n");
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

int cell_copy_guest(struct cell *cell, uint64_t gpa, void *buf, uint64_t len,
		    bool write)
{
	uint8_t *p = buf;
	unsigned int flags;
	uint64_t hpa, chunk;

	if (gpa + len < gpa)
		return -EINVAL;
	while (len) {
		chunk = PAGE_SIZE - (gpa & 0xfff);
		if (chunk > len)
			chunk = len;
		/* The cell's own memory only: never an absent-hardware page. */
		if (!paging_translate(&cell->npt, gpa & ~0xfffull, &hpa,
				      &flags) ||
		    (write && !(flags & PAGE_WRITE)) ||
		    hpa == cell->ones_page_phys ||
		    hpa == cell->discard_page_phys)
			return -EFAULT;
		if (write)
			memcpy(phys_to_hv(hpa + (gpa & 0xfff)), p, chunk);
		else
			memcpy(p, phys_to_hv(hpa + (gpa & 0xfff)), chunk);
		gpa += chunk;
		p += chunk;
		len -= chunk;
	}
	return 0;
}

/* ---- non-root cells ---- */

struct cell *cell_by_id(unsigned int id)
{
	return id < MAX_CELLS ? cells[id] : NULL;
}

static bool takes_from_root(const struct jailhouse_memory *m)
{
	return region_is_mapped(m) && !(m->flags & (JAILHOUSE_MEM_COMM_REGION |
						    JAILHOUSE_MEM_ROOTSHARED));
}

/* Every root CPU drops what it cached of the root's page tables. */
static int flush_root_cpus(void)
{
	unsigned int cpu;
	int err = 0;

	for (cpu = 0; cpu < num_cpus; cpu++)
		if (per_cpus[cpu] && per_cpus[cpu]->vcpu.cell == &root_cell &&
		    vcpu_request(&per_cpus[cpu]->vcpu, VCPU_REQ_FLUSH))
			err = -EBUSY;
	return err;
}

/* Move every CPU of @cell's set to @to (parked there). */
static int move_cpus(struct cell *cell, struct cell *to)
{
	unsigned int cpu;
	int err = 0;

	for (cpu = 0; cpu < num_cpus; cpu++) {
		struct vcpu *vcpu;

		if (!cell_has_cpu(cell, cpu) || !per_cpus[cpu])
			continue;
		vcpu = &per_cpus[cpu]->vcpu;
		vcpu->park_cell = to;
		if (vcpu_request(vcpu, VCPU_REQ_PARK))
			err = -EBUSY;
	}
	return err;
}

static void root_unmap(const struct cell *cell)
{
	const struct jailhouse_memory *mem =
		jailhouse_cell_mem_regions(cell->config);
	unsigned int i;

	for (i = 0; i < cell->config->num_memory_regions; i++)
		if (takes_from_root(&mem[i]))
			paging_unmap(&root_cell.npt, mem[i].phys_start,
				     mem[i].size);
}

/*
 * Give the root back what it configured around @cell's memory: whole root
 * regions are mapped again (so large pages form again and the page pool
 * returns to its earlier use), then what other cells still hold is taken
 * out once more.
 */
static void root_remap(const struct cell *cell)
{
	const struct jailhouse_memory *mem =
		jailhouse_cell_mem_regions(cell->config);
	const struct jailhouse_memory *rmem =
		jailhouse_cell_mem_regions(root_cell.config);
	unsigned int i, r, c;

	for (r = 0; r < root_cell.config->num_memory_regions; r++) {
		for (i = 0; i < cell->config->num_memory_regions; i++) {
			if (!takes_from_root(&mem[i]) ||
			    mem[i].phys_start >=
				    rmem[r].phys_start + rmem[r].size ||
			    rmem[r].phys_start >=
				    mem[i].phys_start + mem[i].size)
				continue;
			map_region(&root_cell, r, &rmem[r]);
			break;
		}
	}
	for (c = 1; c < MAX_CELLS; c++)
		if (cells[c] && cells[c] != cell)
			root_unmap(cells[c]);
}

static void root_ports(const struct cell *cell, bool give_back)
{
	const struct jailhouse_pio *pio = jailhouse_cell_pio(cell->config);
	unsigned int i, port;

	for (i = 0; i < cell->config->num_pio_regions; i++) {
		for (port = pio[i].base;
		     port < (unsigned int)pio[i].base + pio[i].length &&
		     port < 0x10000;
		     port++) {
			/* Back only where the root's own list has the port. */
			if (give_back && cell_port_allowed(&root_cell, port))
				io_bitmap_allow(&root_cell, port, 1);
			else if (!give_back)
				io_bitmap_trap(&root_cell, port, 1);
		}
	}
}

static void cell_free(struct cell *cell)
{
	if (cell->npt.root)
		paging_destroy(&cell->npt);
	if (cell->io_bitmap)
		page_free(&hv_pool, cell->io_bitmap, IO_BITMAP_PAGES);
	vendor_cell_exit(cell);
	vpci_cell_exit(cell);
	if (cell->comm)
		page_free(&hv_pool, cell->comm, 1);
	if (cell->config_copy)
		page_free(&hv_pool, cell->config_copy, cell->config_pages);
	page_free(&hv_pool, cell, 1);
}

static void report_config(void *ctx, enum cfg_severity severity,
			  const char *fmt, ...)
{
	char line[PRINTK_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnformat(line, sizeof(line), fmt, ap);
	va_end(ap);
	printk("cell create: %s: %s\n",
	       severity == CFG_ERROR ? "error" : "warning", line);
}

/*
 * What a new cell would share with an existing non-root cell: memory
 * (other than comm and root-shared regions), PCI devices, IOAPIC pins.
 * Ports may be shared (the demo cells all print on COM1).
 */
static bool conflicts_with(const struct jailhouse_cell_desc *desc,
			   const struct cell *other)
{
	const struct jailhouse_memory *mem = jailhouse_cell_mem_regions(desc);
	const struct jailhouse_memory *omem =
		jailhouse_cell_mem_regions(other->config);
	const struct jailhouse_pci_device *dev =
		jailhouse_cell_pci_devices(desc);
	const struct jailhouse_irqchip *chip = jailhouse_cell_irqchips(desc);
	const char *name = other->config->name;
	unsigned int i, j, pin;

	for (i = 0; i < desc->num_memory_regions; i++)
		for (j = 0; j < other->config->num_memory_regions; j++)
			if (takes_from_root(&mem[i]) &&
			    takes_from_root(&omem[j]) &&
			    mem[i].phys_start <
				    omem[j].phys_start + omem[j].size &&
			    omem[j].phys_start <
				    mem[i].phys_start + mem[i].size) {
				printk("cell create: memory region %u "
				       "(0x%llx) belongs to cell '%s'\n",
				       i, (unsigned long long)mem[i].phys_start,
				       name);
				return true;
			}
	for (i = 0; i < desc->num_pci_devices; i++)
		if (config_pci_device(other->config, dev[i].bdf)) {
			printk("cell create: PCI device %02x:%02x.%x belongs "
			       "to cell '%s'\n",
			       dev[i].bdf >> 8, (dev[i].bdf >> 3) & 0x1f,
			       dev[i].bdf & 7, name);
			return true;
		}
	for (i = 0; i < desc->num_irqchips; i++)
		for (pin = 0; pin < 128; pin++)
			if ((chip[i].pin_bitmap[pin / 32] &
			     (1u << (pin % 32))) &&
			    config_has_pin(other->config, chip[i].address,
					   pin)) {
				printk("cell create: IOAPIC pin %u belongs to "
				       "cell '%s'\n",
				       pin, name);
				return true;
			}
	return false;
}

static int check_new_cell(const void *config, size_t len, unsigned int id)
{
	const struct jailhouse_cell_desc *desc = config;
	const struct jailhouse_system *sys = root_cell.system;
	unsigned int cpu, c;
	int err;

	err = config_check_cell(config, len, report_config, NULL);
	if (!err)
		err = config_check_cell_in_system(
			config, len, sys, jailhouse_system_config_size(sys),
			report_config, NULL);
	if (err)
		return err;
	if (id == 0 || id >= MAX_CELLS || cells[id])
		return -EEXIST;
	for (c = 1; c < MAX_CELLS; c++)
		if (cells[c] &&
		    strncmp(cells[c]->config->name, desc->name, 32) == 0)
			return -EEXIST;
	for (cpu = 0; cpu < desc->cpu_set_size * 8; cpu++) {
		if (!(jailhouse_cell_cpu_set_bytes(desc)[cpu / 8] &
		      (1u << (cpu % 8))))
			continue;
		if (cpu >= num_cpus || !cell_has_cpu(&root_cell, cpu) ||
		    cpu == this_cpu_id())
			return -EBUSY;
	}
	for (c = 1; c < MAX_CELLS; c++)
		if (cells[c] && conflicts_with(desc, cells[c]))
			return -EBUSY;
	return 0;
}

int cell_create(const void *config, size_t len, unsigned int *id)
{
	const struct jailhouse_cell_desc *desc = config;
	unsigned int pages = (len + PAGE_SIZE - 1) / PAGE_SIZE, i;
	const struct jailhouse_memory *mem;
	struct cell *cell;
	int err;

	if (len < sizeof(*desc))
		return -EINVAL;
	if (*id == 0) /* not assigned by the driver: take the lowest free */
		for (*id = 1; *id < MAX_CELLS && cells[*id]; (*id)++)
			;
	err = check_new_cell(config, len, *id);
	if (err)
		return err;

	cell = page_alloc(&hv_pool, 1, 1);
	if (!cell)
		return -ENOMEM;
	cell->id = *id;
	cell->system = root_cell.system;
	cell->config_pages = pages;
	cell->config_copy = page_alloc(&hv_pool, pages, 1);
	cell->comm = page_alloc(&hv_pool, 1, 1);
	if (!cell->config_copy || !cell->comm) {
		err = -ENOMEM;
		goto fail;
	}
	memcpy(cell->config_copy, config, len);
	cell->config = (struct jailhouse_cell_desc *)cell->config_copy;
	copy_cpu_set(cell);
	err = paging_init(&cell->npt, vendor_paging_format(), &hv_pool,
			  hv_largest_page_level());
	if (!err)
		err = build_io_bitmap(cell);
	if (!err)
		err = vendor_cell_init(cell);
	if (!err)
		err = vpci_cell_init(cell);
	mem = jailhouse_cell_mem_regions(cell->config);
	for (i = 0; !err && i < cell->config->num_memory_regions; i++)
		err = map_region(cell, i, &mem[i]);
	if (err)
		goto fail;

	/* From here on resources move: the root loses them. */
	root_unmap(cell);
	root_ports(cell, false);
	for (i = 0; i < sizeof(cell->cpus); i++)
		root_cell.cpus[i] &= ~cell->cpus[i];
	cells[cell->id] = cell;
	err = flush_root_cpus();
	if (!err)
		err = move_cpus(cell, cell);
	cell->comm->cell_state = JAILHOUSE_CELL_SHUT_DOWN;
	if (err) {
		cell_destroy(cell);
		return err;
	}
	printk("Created cell '%s' (ID %u); page pool %lu of %lu pages used\n",
	       cell->config->name, cell->id, page_pool_used(&hv_pool),
	       page_pool_size(&hv_pool));
	return 0;

fail:
	cell_free(cell);
	return err;
}

/*
 * Ask a running cell to shut down (message protocol, spec 7.3). Passive
 * cells and cells already stopped agree at once.
 */
static int request_shutdown(struct cell *cell)
{
	struct jailhouse_comm_region *comm = cell->comm;
	uint64_t limit = cell->config->msg_reply_timeout, polls = 0;
	uint32_t state = comm->cell_state, reply;

	if ((cell->config->flags & JAILHOUSE_CELL_PASSIVE_COMMREG) ||
	    state == JAILHOUSE_CELL_SHUT_DOWN ||
	    state == JAILHOUSE_CELL_FAILED ||
	    state == JAILHOUSE_CELL_FAILED_COMM_REV)
		return 0;
	comm->reply_from_cell = JAILHOUSE_MSG_NONE;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	comm->msg_to_cell = JAILHOUSE_MSG_SHUTDOWN_REQUEST;
	for (;;) {
		state = comm->cell_state;
		reply = comm->reply_from_cell;
		if (state == JAILHOUSE_CELL_SHUT_DOWN ||
		    state == JAILHOUSE_CELL_FAILED ||
		    reply == JAILHOUSE_MSG_REQUEST_APPROVED)
			return 0;
		if (reply != JAILHOUSE_MSG_NONE)
			return -EPERM;
		if (limit && ++polls >= limit) {
			comm->cell_state = JAILHOUSE_CELL_FAILED;
			return 0;
		}
		vcpu_serve_own_requests();
		cpu_relax();
	}
}

static void lend_loadable(struct cell *cell, bool lend)
{
	const struct jailhouse_memory *mem =
		jailhouse_cell_mem_regions(cell->config);
	unsigned int i;

	for (i = 0; i < cell->config->num_memory_regions; i++) {
		if (!(mem[i].flags & JAILHOUSE_MEM_LOADABLE) ||
		    !region_is_mapped(&mem[i]))
			continue;
		if (lend)
			paging_map(&root_cell.npt, mem[i].phys_start,
				   mem[i].phys_start, mem[i].size,
				   PAGE_READ | PAGE_WRITE);
		else
			paging_unmap(&root_cell.npt, mem[i].phys_start,
				     mem[i].size);
	}
	cell->loadable = lend;
}

int cell_set_loadable(struct cell *cell)
{
	int err = request_shutdown(cell);

	if (err)
		return err;
	err = move_cpus(cell, cell);
	cell->comm->cell_state = JAILHOUSE_CELL_SHUT_DOWN;
	vpci_cell_reset(cell);
	if (!cell->loadable)
		lend_loadable(cell, true);
	return err;
}

static void fill_comm_region(struct cell *cell)
{
	struct jailhouse_comm_region *comm = cell->comm;
	const struct jailhouse_system *sys = cell->system;
	unsigned int cpu, n = 0;

	for (cpu = 0; cpu < num_cpus; cpu++)
		n += cell_has_cpu(cell, cpu);
	memset(comm, 0, PAGE_SIZE);
	memcpy(comm->signature, COMM_REGION_MAGIC, sizeof(comm->signature));
	comm->revision = COMM_REGION_ABI_REVISION;
	if (cell->config->flags & JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED)
		comm->flags |= JAILHOUSE_COMM_FLAG_DBG_PUTC_PERMITTED;
	if (cell->config->flags & JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE)
		comm->flags |= JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE;
	comm->console = cell->config->console;
	comm->pci_mmconfig_base = sys->platform_info.pci_mmconfig_base;
	comm->pm_timer_address = sys->platform_info.x86.pm_timer_address;
	comm->num_cpus = n;
	comm->tsc_khz = sys->platform_info.x86.tsc_khz ?
				sys->platform_info.x86.tsc_khz :
				tsc_khz();
	comm->apic_khz = sys->platform_info.x86.apic_khz ?
				 sys->platform_info.x86.apic_khz :
				 apic_khz();
}

int cell_start(struct cell *cell)
{
	unsigned int cpu;
	int err = request_shutdown(cell);

	if (err)
		return err;
	err = move_cpus(cell, cell);
	if (err)
		return err;
	if (cell->loadable) {
		lend_loadable(cell, false);
		err = flush_root_cpus();
		if (err)
			return err;
	}
	fill_comm_region(cell);
	vpci_cell_reset(cell);
	vioapic_cell_reset(cell);
	/* Before the CPUs run: the cell may print on the same UART at once. */
	printk("Started cell '%s'\n", cell->config->name);
	for (cpu = 0; cpu < num_cpus; cpu++) {
		struct vcpu *vcpu;

		if (!cell_has_cpu(cell, cpu) || !per_cpus[cpu])
			continue;
		vcpu = &per_cpus[cpu]->vcpu;
		vcpu->start_address = cell->config->cpu_reset_address;
		__atomic_store_n(&vcpu->start_requested, true,
				 __ATOMIC_RELEASE);
	}
	return 0;
}

int cell_destroy(struct cell *cell)
{
	unsigned int i;
	int err = request_shutdown(cell);

	if (err)
		return err;
	err = move_cpus(cell, &root_cell);
	if (err)
		return err;
	/* Devices and pins go back quiet; the root sets them up again. */
	vpci_cell_reset(cell);
	vioapic_cell_reset(cell);
	if (cell->loadable)
		lend_loadable(cell, false);
	cells[cell->id] = NULL;
	root_remap(cell);
	root_ports(cell, true);
	for (i = 0; i < sizeof(cell->cpus); i++)
		root_cell.cpus[i] |= cell->cpus[i];
	printk("Destroyed cell '%s'\n", cell->config->name);
	cell_free(cell);
	printk("Page pool: %lu of %lu pages used\n", page_pool_used(&hv_pool),
	       page_pool_size(&hv_pool));
	return 0;
}
