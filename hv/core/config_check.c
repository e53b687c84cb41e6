// SPDX-License-Identifier: GPL-2.0
/*
 * Validation of Jailhouse system and cell configurations (see
 * warden/config_check.h for the contract).
 *
 * Structure: every entry point first maps the buffer into a cell_view,
 * which is the only place where offsets are computed and compared with the
 * buffer length; everything after that indexes arrays whose extent is
 * known to lie inside the buffer. All address arithmetic is done on
 * end-exclusive ranges after an explicit overflow check, so a hostile
 * "start + size" can never wrap.
 *
 * The code runs in the hypervisor too: no allocation, no libc beyond the
 * warden string functions (memcmp, strnlen, strncmp), little stack, and
 * bounded loops: the biggest are quadratic in the number of entries, which
 * CFG_MAX_SIZE bounds (a hostile 64 KiB config with 16K port ranges takes
 * about 0.25 s for the cell-against-system check on a desktop CPU; real
 * configs take microseconds).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if __STDC_HOSTED__
#include <string.h>
#else
#include <warden/string.h>
#endif

#include <jailhouse/cell-config.h>
#include <warden/config_check.h>

#define PAGE_SIZE_4K 0x1000ULL
#define PAGE_OFFS_4K (PAGE_SIZE_4K - 1)

/*
 * 4-level nested paging (NPT and EPT) translates 48-bit guest-physical
 * addresses; x86-64 physical addresses have at most 52 bits.
 */
#define GUEST_PHYS_LIMIT (1ULL << 48)
#define HOST_PHYS_LIMIT (1ULL << 52)

/* The local APIC page is emulated for every cell, never mapped. */
#define XAPIC_BASE 0xfee00000ULL

#define PIO_LIMIT 0x10000U
#define UART_8250_PORTS 8U
#define PM_TIMER_PORTS 4U

#define PCI_CFG_HEADER_SIZE 0x40U
#define PCI_CFG_STD_SIZE 0x100U
#define PCI_CFG_EXT_SIZE 0x1000U
#define MSI_MAX_VECTORS 32U
#define MSIX_MAX_VECTORS 2048U
#define MSIX_ENTRY_SIZE 16U
#define IVSHMEM_MAX_PEERS 12U
#define IVSHMEM_MAX_MSIX_VECTORS 16U

/* the IOAPIC pin bitmap has 4 x 32 bits; see check_irqchips() */
#define IRQCHIP_BITMAP_WORDS 4U

/* Intel CAT capacity bitmasks are at most 32 bits wide. */
#define CAT_MAX_BITS 32U

/* Each MMCONFIG bus takes 1 MiB (32 devices x 8 functions x 4 KiB). */
#define MMCONFIG_BUS_SIZE 0x100000ULL

#define CELL_FLAGS_KNOWN                                               \
	(JAILHOUSE_CELL_PASSIVE_COMMREG | JAILHOUSE_CELL_TEST_DEVICE | \
	 JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED |                    \
	 JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE)

#define MEM_IO_WIDTHS                                                     \
	(JAILHOUSE_MEM_IO_8 | JAILHOUSE_MEM_IO_16 | JAILHOUSE_MEM_IO_32 | \
	 JAILHOUSE_MEM_IO_64)
#define MEM_IO_ONLY_FLAGS (MEM_IO_WIDTHS | JAILHOUSE_MEM_IO_UNALIGNED)
#define MEM_FLAGS_KNOWN                                                     \
	(JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE | JAILHOUSE_MEM_EXECUTE | \
	 JAILHOUSE_MEM_DMA | JAILHOUSE_MEM_IO | JAILHOUSE_MEM_COMM_REGION | \
	 JAILHOUSE_MEM_LOADABLE | JAILHOUSE_MEM_ROOTSHARED |                \
	 JAILHOUSE_MEM_NO_HUGEPAGES | MEM_IO_ONLY_FLAGS)

#define CON_FLAGS_8250 (JAILHOUSE_CON_ACCESS_MMIO | JAILHOUSE_CON_REGDIST_4)
#define CON_FLAGS_EFIFB (JAILHOUSE_CON_ACCESS_MMIO | JAILHOUSE_CON_FB_1920x1080)

/* One config mapped onto its arrays; built only by map_cell(). */
struct cell_view {
	const struct jailhouse_cell_desc *desc;
	const __u8 *cpus;
	const struct jailhouse_memory *mem;
	const struct jailhouse_cache *cache;
	const struct jailhouse_irqchip *irqchips;
	const struct jailhouse_pio *pio;
	const struct jailhouse_pci_device *pci;
	const struct jailhouse_pci_capability *caps;
	const __u8 *stream_ids;
	bool root;
	/* printable copy of the name for messages */
	char name[JAILHOUSE_CELL_NAME_MAXLEN + 1];
};

struct checker {
	cfg_report_fn report;
	void *ctx;
	int err;
	unsigned int reports;
};

static void note_error(struct checker *c, int err)
{
	if (!c->err)
		c->err = -err;
}

/* Rate limit, see CFG_MAX_REPORTS; the last slot announces the cut. */
static bool may_report(struct checker *c, enum cfg_severity sev)
{
	if (!c->report)
		return false;
	if (c->reports < CFG_MAX_REPORTS) {
		c->reports++;
		return true;
	}
	if (c->reports == CFG_MAX_REPORTS) {
		c->reports++;
		c->report(c->ctx, sev,
			  "too many problems, further ones not shown");
	}
	return false;
}

#define CHK_ERR(c, errno_val, ...)                                     \
	do {                                                           \
		note_error(c, errno_val);                              \
		if (may_report(c, CFG_ERROR))                          \
			(c)->report((c)->ctx, CFG_ERROR, __VA_ARGS__); \
	} while (0)

#define CHK_WARN(c, ...)                                                 \
	do {                                                             \
		if (may_report(c, CFG_WARNING))                          \
			(c)->report((c)->ctx, CFG_WARNING, __VA_ARGS__); \
	} while (0)

/*
 * Messages about a memory region start with its index and addresses; root
 * regions are identity mapped, so the guest address is left out there.
 */
#define MEM_ERR(c, errno_val, v, i, fmt, ...)                                       \
	do {                                                                        \
		const struct jailhouse_memory *_m = &(v)->mem[i];                   \
		if ((v)->root)                                                      \
			CHK_ERR(c, errno_val,                                       \
				"memory region %u (phys 0x%llx, size 0x%llx) " fmt, \
				(unsigned int)(i), _m->phys_start, _m->size,        \
				##__VA_ARGS__);                                     \
		else                                                                \
			CHK_ERR(c, errno_val,                                       \
				"memory region %u (phys 0x%llx, virt 0x%llx, "      \
				"size 0x%llx) " fmt,                                \
				(unsigned int)(i), _m->phys_start,                  \
				_m->virt_start, _m->size, ##__VA_ARGS__);           \
	} while (0)

#define MEM_WARN(c, v, i, fmt, ...)                                          \
	do {                                                                 \
		const struct jailhouse_memory *_m = &(v)->mem[i];            \
		CHK_WARN(c,                                                  \
			 "memory region %u (phys 0x%llx, size 0x%llx) " fmt, \
			 (unsigned int)(i), _m->phys_start, _m->size,        \
			 ##__VA_ARGS__);                                     \
	} while (0)

/* PCI devices are named by index and domain:bus:device.function. */
#define PCI_FMT "pci device %u (%04x:%02x:%02x.%x)"
#define PCI_ARGS(i, d)                                  \
	(unsigned int)(i), (unsigned int)(d)->domain,   \
		(unsigned int)((d)->bdf >> 8),          \
		(unsigned int)(((d)->bdf >> 3) & 0x1f), \
		(unsigned int)((d)->bdf & 0x7)

static unsigned int clamp_u32(unsigned long long v)
{
	return v > 0xffffffffULL ? 0xffffffffU : (unsigned int)v;
}

/* [a, a_end) and [b, b_end), both end-exclusive and already wrap-free */
static bool ranges_overlap(__u64 a, __u64 a_end, __u64 b, __u64 b_end)
{
	return a < b_end && b < a_end;
}

/* End of a range, or false if start + size wraps around 2^64. */
static bool range_end(__u64 start, __u64 size, __u64 *end)
{
	if (size > UINT64_MAX - start)
		return false;
	*end = start + size;
	return true;
}

static bool mem_is_placeholder(const struct jailhouse_memory *m)
{
	return m->size == 0;
}

static bool mem_is_comm(const struct jailhouse_memory *m)
{
	return m->flags & JAILHOUSE_MEM_COMM_REGION;
}

/*
 * Physical extent of a region that occupies host memory (not a
 * placeholder, not the comm region whose phys_start is ignored). Regions
 * whose range wraps were reported by check_memory(); treat them as absent.
 */
static bool mem_phys_range(const struct jailhouse_memory *m, __u64 *start,
			   __u64 *end)
{
	if (mem_is_placeholder(m) || mem_is_comm(m))
		return false;
	*start = m->phys_start;
	return range_end(m->phys_start, m->size, end);
}

static bool mem_virt_range(const struct jailhouse_memory *m, __u64 *start,
			   __u64 *end)
{
	if (mem_is_placeholder(m))
		return false;
	*start = m->virt_start;
	return range_end(m->virt_start, m->size, end);
}

static bool cpu_in_set(const struct cell_view *v, unsigned int cpu)
{
	if (cpu / 8 >= v->desc->cpu_set_size)
		return false;
	return v->cpus[cpu / 8] & (1U << (cpu % 8));
}

static unsigned int cpu_set_bits(const struct cell_view *v)
{
	return v->desc->cpu_set_size * 8;
}

/* Copy the name for messages: bounded, NUL-terminated, printable. */
static void copy_name(char *out, const char *name)
{
	unsigned int n;

	for (n = 0; n < JAILHOUSE_CELL_NAME_MAXLEN && name[n]; n++)
		out[n] = (name[n] >= 0x20 && name[n] < 0x7f) ? name[n] : '?';
	out[n] = 0;
}

/*
 * Lay the arrays of the cell descriptor at desc over the avail bytes that
 * start there. Fails (with a message naming what) if the descriptor or the
 * arrays it describes do not fit, or exceed CFG_MAX_SIZE.
 */
static int map_cell(struct checker *c, const void *desc, size_t avail,
		    size_t base, bool root, struct cell_view *v)
{
	const struct jailhouse_cell_desc *d = desc;
	unsigned long long size;

	if (avail < sizeof(*d)) {
		CHK_ERR(c, WARDEN_EINVAL,
			"config is %u bytes, shorter than its %u-byte header",
			clamp_u32(base + avail),
			(unsigned int)(base + sizeof(*d)));
		return -WARDEN_EINVAL;
	}
	size = jailhouse_cell_config_size64(d);
	if (base + size > CFG_MAX_SIZE) {
		CHK_ERR(c, WARDEN_E2BIG,
			"header describes 0x%llx bytes, more than the %u bytes "
			"a config may have",
			base + size, CFG_MAX_SIZE);
		return -WARDEN_E2BIG;
	}
	if (size > avail) {
		CHK_ERR(c, WARDEN_EINVAL,
			"header describes %u bytes, but the config is only %u "
			"bytes long (truncated?)",
			(unsigned int)(base + size), clamp_u32(base + avail));
		return -WARDEN_EINVAL;
	}

	v->desc = d;
	v->root = root;
	v->cpus = jailhouse_cell_cpu_set_bytes(d);
	v->mem = jailhouse_cell_mem_regions(d);
	v->cache = jailhouse_cell_cache_regions(d);
	v->irqchips = jailhouse_cell_irqchips(d);
	v->pio = jailhouse_cell_pio(d);
	v->pci = jailhouse_cell_pci_devices(d);
	v->caps = jailhouse_cell_pci_caps(d);
	v->stream_ids = jailhouse_cell_stream_ids(d);
	copy_name(v->name, d->name);
	return 0;
}

static int map_system(struct checker *c, const void *buf, size_t len,
		      struct cell_view *root)
{
	const size_t root_off = offsetof(struct jailhouse_system, root_cell);

	if (len < sizeof(struct jailhouse_system)) {
		CHK_ERR(c, WARDEN_EINVAL,
			"config is %u bytes, shorter than the %u-byte system "
			"header",
			clamp_u32(len),
			(unsigned int)sizeof(struct jailhouse_system));
		return -WARDEN_EINVAL;
	}
	return map_cell(c, (const __u8 *)buf + root_off, len - root_off,
			root_off, true, root);
}

static const struct jailhouse_iommu *
iommu_unit(const struct jailhouse_system *s, unsigned int n)
{
	return &s->platform_info.iommu_units[n];
}

/* Units in use: upstream stops at the first unused (type 0) entry. */
static unsigned int iommu_count(const struct jailhouse_system *s)
{
	unsigned int n;

	for (n = 0; n < JAILHOUSE_MAX_IOMMU_UNITS; n++)
		if (iommu_unit(s, n)->type == 0)
			break;
	return n;
}

/*
 * IOMMU unit references (PCI devices, IOAPIC IR source IDs) must name one
 * of the eight slots, and a unit that exists once the system has any: with
 * no IOMMU at all the index is meaningless and stays 0 in upstream configs.
 */
static bool iommu_ref_ok(const struct jailhouse_system *sys, unsigned int idx,
			 bool *unused)
{
	*unused = false;
	if (idx >= JAILHOUSE_MAX_IOMMU_UNITS)
		return false;
	if (sys && iommu_count(sys) > 0 && idx >= iommu_count(sys))
		*unused = true;
	return !*unused;
}

/* ---------------------------------------------------------------------- */
/* Single-config rules                                                     */
/* ---------------------------------------------------------------------- */

static void check_name(struct checker *c, const struct cell_view *v)
{
	const char *name = v->desc->name;
	size_t len = strnlen(name, sizeof(v->desc->name));
	size_t n;

	if (len == sizeof(v->desc->name)) {
		CHK_ERR(c, WARDEN_EINVAL,
			"cell name is not NUL-terminated within %u bytes",
			(unsigned int)sizeof(v->desc->name));
		return;
	}
	if (len == 0) {
		CHK_ERR(c, WARDEN_EINVAL, "cell name is empty");
		return;
	}
	for (n = 0; n < len; n++) {
		if (name[n] < 0x20 || name[n] >= 0x7f) {
			CHK_WARN(c,
				 "cell name '%s' contains non-printable "
				 "character 0x%02x at position %u",
				 v->name, (unsigned int)(__u8)name[n],
				 (unsigned int)n);
			return;
		}
	}
}

static void check_cpus(struct checker *c, const struct cell_view *v)
{
	__u32 size = v->desc->cpu_set_size;
	unsigned int n;
	bool empty = true;

	if (size > CFG_MAX_CPU_SET_SIZE) {
		CHK_ERR(c, WARDEN_EINVAL,
			"cpu_set_size %u exceeds the maximum of %u bytes", size,
			CFG_MAX_CPU_SET_SIZE);
		return;
	}
	/* the hypervisor and driver read the bitmap as 64-bit words */
	if (size % 8)
		CHK_ERR(c, WARDEN_EINVAL,
			"cpu_set_size %u is not a multiple of 8 bytes", size);

	for (n = 0; n < size; n++)
		if (v->cpus[n])
			empty = false;
	if (empty) {
		CHK_ERR(c, WARDEN_EINVAL, "CPU set is empty");
		return;
	}

	/* x86: CPU 0 is the root cell's boot CPU and can never be handed out */
	if (v->root && !cpu_in_set(v, 0))
		CHK_ERR(c, WARDEN_EINVAL,
			"root cell does not contain CPU 0 (the boot CPU)");
	if (!v->root && cpu_in_set(v, 0))
		CHK_ERR(c, WARDEN_EINVAL,
			"CPU 0 is in the CPU set; it always belongs to the root "
			"cell");
}

/*
 * The hypervisor drives its debug console itself (8250 or an EFI
 * framebuffer, which it must map: size matters). A cell console is only
 * passed on to the inmate, whose library knows 8250 UARTs.
 */
static void check_console(struct checker *c,
			  const struct jailhouse_console *con, const char *what,
			  bool hypervisor)
{
	__u16 allowed = 0;
	__u64 end;

	if (con->type == JAILHOUSE_CON_TYPE_NONE)
		return;
	if (con->type == JAILHOUSE_CON_TYPE_8250)
		allowed = CON_FLAGS_8250;
	else if (con->type == JAILHOUSE_CON_TYPE_EFIFB && hypervisor)
		allowed = CON_FLAGS_EFIFB;
	if (!allowed) {
		CHK_ERR(c, WARDEN_EINVAL,
			"%s type %u is not supported on x86 (use %s)", what,
			(unsigned int)con->type,
			hypervisor ? "NONE, EFIFB or 8250" : "NONE or 8250");
		return;
	}
	if (con->flags & ~allowed)
		CHK_ERR(c, WARDEN_EINVAL,
			"%s has unknown or inapplicable flags 0x%x", what,
			(unsigned int)(con->flags & ~allowed));

	if (con->type == JAILHOUSE_CON_TYPE_EFIFB &&
	    !(con->flags & JAILHOUSE_CON_ACCESS_MMIO))
		CHK_ERR(c, WARDEN_EINVAL,
			"%s is an EFI framebuffer but lacks the MMIO flag",
			what);

	if (con->flags & JAILHOUSE_CON_ACCESS_MMIO) {
		if (con->address == 0 || (hypervisor && con->size == 0) ||
		    !range_end(con->address, con->size, &end) ||
		    end > HOST_PHYS_LIMIT)
			CHK_ERR(c, WARDEN_EINVAL,
				"%s MMIO window 0x%llx size 0x%x is invalid",
				what, con->address, con->size);
	} else if (con->address > PIO_LIMIT - UART_8250_PORTS) {
		CHK_ERR(c, WARDEN_EINVAL,
			"%s I/O ports 0x%llx+%u run past port 0xffff", what,
			con->address, UART_8250_PORTS);
	}
}

static bool pio_covers(const struct cell_view *v, __u32 base, __u32 len)
{
	unsigned int n;

	for (n = 0; n < v->desc->num_pio_regions; n++)
		if (v->pio[n].base <= base &&
		    base + len <= (__u32)v->pio[n].base + v->pio[n].length)
			return true;
	return false;
}

static void check_memory(struct checker *c, const struct cell_view *v)
{
	const struct jailhouse_cell_desc *d = v->desc;
	unsigned int n, m, comm = d->num_memory_regions;
	__u64 start, end, ostart, oend;

	for (n = 0; n < d->num_memory_regions; n++) {
		const struct jailhouse_memory *mem = &v->mem[n];
		bool io = mem->flags & JAILHOUSE_MEM_IO;
		__u64 pend = 0, vend;

		if (mem_is_placeholder(mem))
			continue;

		if (mem->flags & ~(__u64)MEM_FLAGS_KNOWN)
			MEM_ERR(c, WARDEN_EINVAL, v, n,
				"has unknown flags 0x%llx",
				mem->flags & ~(__u64)MEM_FLAGS_KNOWN);
		if ((mem->flags & MEM_IO_ONLY_FLAGS) && !io)
			MEM_ERR(c, WARDEN_EINVAL, v, n,
				"has IO access-width flags 0x%llx but is not "
				"an IO region",
				mem->flags & MEM_IO_ONLY_FLAGS);

		if (mem_is_comm(mem)) {
			if (v->root)
				MEM_ERR(c, WARDEN_EINVAL, v, n,
					"is a comm region; the root cell has "
					"none");
			if (mem->size != PAGE_SIZE_4K)
				MEM_ERR(c, WARDEN_EINVAL, v, n,
					"is a comm region but not exactly one "
					"page (0x1000) long");
			if (io)
				MEM_ERR(c, WARDEN_EINVAL, v, n,
					"is both comm region and IO");
			if (comm < n)
				MEM_ERR(c, WARDEN_EINVAL, v, n,
					"is a second comm region (first: "
					"region %u)",
					comm);
			else
				comm = n;
		}

		if (!range_end(mem->virt_start, mem->size, &vend) ||
		    (!mem_is_comm(mem) &&
		     !range_end(mem->phys_start, mem->size, &pend))) {
			MEM_ERR(c, WARDEN_EINVAL, v, n,
				"wraps around the end of the address space");
			continue;
		}
		if (vend > GUEST_PHYS_LIMIT)
			MEM_ERR(c, WARDEN_EINVAL, v, n,
				"ends beyond the 48-bit guest-physical "
				"address space");
		if (!mem_is_comm(mem) && pend > HOST_PHYS_LIMIT)
			MEM_ERR(c, WARDEN_EINVAL, v, n,
				"ends beyond the 52-bit physical address "
				"space");

		/*
		 * Only whole pages go into the nested page tables; anything
		 * smaller is trapped and emulated, which exists for MMIO only.
		 */
		if (JAILHOUSE_MEMORY_IS_SUBPAGE(mem)) {
			if (!io)
				MEM_ERR(c, WARDEN_EINVAL, v, n,
					"is not page aligned (sub-page "
					"regions need JAILHOUSE_MEM_IO)");
		} else if (!mem_is_comm(mem) &&
			   (mem->phys_start & PAGE_OFFS_4K)) {
			MEM_ERR(c, WARDEN_EINVAL, v, n,
				"has a page-aligned guest address but an "
				"unaligned physical one");
		}

		if (v->root && mem->phys_start != mem->virt_start)
			MEM_ERR(c, WARDEN_EINVAL, v, n,
				"has virt 0x%llx != phys; the root cell is "
				"identity mapped",
				mem->virt_start);
	}

	/* guest-physical overlaps inside the cell */
	for (n = 0; n < d->num_memory_regions; n++) {
		if (!mem_virt_range(&v->mem[n], &start, &end))
			continue;
		for (m = 0; m < n; m++) {
			if (!mem_virt_range(&v->mem[m], &ostart, &oend))
				continue;
			if (ranges_overlap(start, end, ostart, oend)) {
				MEM_ERR(c, WARDEN_EINVAL, v, n,
					"overlaps region %u", m);
				break;
			}
		}
	}

	if (d->flags & JAILHOUSE_CELL_TEST_DEVICE) {
		if (comm == d->num_memory_regions) {
			CHK_ERR(c, WARDEN_EINVAL,
				"cell flag TEST_DEVICE needs a comm region");
		} else if (range_end(v->mem[comm].virt_start, 2 * PAGE_SIZE_4K,
				     &end)) {
			/* the test device is the page above the comm page */
			start = v->mem[comm].virt_start + PAGE_SIZE_4K;
			for (n = 0; n < d->num_memory_regions; n++) {
				if (!mem_virt_range(&v->mem[n], &ostart,
						    &oend) ||
				    !ranges_overlap(start, end, ostart, oend))
					continue;
				MEM_ERR(c, WARDEN_EINVAL, v, n,
					"covers the TEST_DEVICE page at "
					"0x%llx",
					start);
			}
		}
	}
}

static void check_cache(struct checker *c, const struct cell_view *v)
{
	unsigned int n;

	for (n = 0; n < v->desc->num_cache_regions; n++) {
		const struct jailhouse_cache *cache = &v->cache[n];

		/* x86 CAT programs one class of service per cell */
		if (n > 0)
			CHK_ERR(c, WARDEN_EINVAL,
				"cache region %u: only one cache region per "
				"cell is supported on x86",
				n);
		if (cache->type != JAILHOUSE_CACHE_L3)
			CHK_ERR(c, WARDEN_EINVAL,
				"cache region %u: type %u is not supported on "
				"x86 (only L3 = %u)",
				n, (unsigned int)cache->type,
				JAILHOUSE_CACHE_L3);
		if (cache->size == 0)
			CHK_ERR(c, WARDEN_EINVAL,
				"cache region %u: size is 0 (needs at least "
				"one bit)",
				n);
		else if (cache->start >= CAT_MAX_BITS ||
			 cache->size > CAT_MAX_BITS - cache->start)
			CHK_ERR(c, WARDEN_EINVAL,
				"cache region %u: bits %u..%u exceed the "
				"32-bit capacity bitmask",
				n, cache->start,
				clamp_u32((unsigned long long)cache->start +
					  cache->size - 1));
		if (cache->flags & ~JAILHOUSE_CACHE_ROOTSHARED ||
		    cache->padding)
			CHK_ERR(c, WARDEN_EINVAL,
				"cache region %u: unknown flags 0x%x or "
				"non-zero padding",
				n, (unsigned int)cache->flags);
	}
}

/*
 * IOAPIC pin bitmaps: all 128 bits of the format are accepted. How many
 * pins an IOAPIC really has (up to 240 by its version register) is only
 * known at run time, so the hypervisor checks the bits against the chip;
 * a config-time limit would only duplicate that with a guess.
 */
static void check_irqchips(struct checker *c, const struct cell_view *v,
			   const struct jailhouse_system *sys)
{
	unsigned int n, m;
	bool unused;

	for (n = 0; n < v->desc->num_irqchips; n++) {
		const struct jailhouse_irqchip *chip = &v->irqchips[n];

		if (chip->pin_base != 0)
			CHK_ERR(c, WARDEN_EINVAL,
				"irqchip %u (0x%llx): pin_base %u must be 0 on "
				"x86",
				n, chip->address, chip->pin_base);
		if (chip->address == 0 || (chip->address & PAGE_OFFS_4K) ||
		    chip->address >= HOST_PHYS_LIMIT)
			CHK_ERR(c, WARDEN_EINVAL,
				"irqchip %u: address 0x%llx is not a "
				"page-aligned physical address",
				n, chip->address);
		if (!iommu_ref_ok(sys, chip->id >> 16, &unused))
			CHK_ERR(c, WARDEN_EINVAL,
				"irqchip %u (0x%llx): IOMMU index %u (id bits "
				"16..31) %s",
				n, chip->address, chip->id >> 16,
				unused ? "names an unused IOMMU unit" :
					 "is out of range (max 7)");
		for (m = 0; m < n; m++) {
			if (v->irqchips[m].address == chip->address) {
				CHK_ERR(c, WARDEN_EINVAL,
					"irqchip %u (0x%llx) duplicates irqchip "
					"%u",
					n, chip->address, m);
				break;
			}
		}
	}
}

static void check_pio(struct checker *c, const struct cell_view *v)
{
	unsigned int n, m;

	for (n = 0; n < v->desc->num_pio_regions; n++) {
		const struct jailhouse_pio *pio = &v->pio[n];
		__u32 end = (__u32)pio->base + pio->length;

		for (m = 0; m < n; m++) {
			const struct jailhouse_pio *o = &v->pio[m];

			if (pio->base < (__u32)o->base + o->length &&
			    o->base < end) {
				CHK_WARN(c,
					 "pio region %u (0x%x, length 0x%x) "
					 "overlaps pio region %u",
					 n, (unsigned int)pio->base,
					 (unsigned int)pio->length, m);
				break;
			}
		}

		if (pio->length == 0)
			CHK_ERR(c, WARDEN_EINVAL,
				"pio region %u (0x%x): length is 0", n,
				(unsigned int)pio->base);
		else if ((__u32)pio->base + pio->length > PIO_LIMIT)
			CHK_ERR(c, WARDEN_EINVAL,
				"pio region %u (0x%x, length 0x%x) runs past "
				"port 0xffff",
				n, (unsigned int)pio->base,
				(unsigned int)pio->length);
	}
}

static void check_ivshmem(struct checker *c, const struct cell_view *v,
			  unsigned int n)
{
	const struct jailhouse_pci_device *dev = &v->pci[n];
	/* 64 bits: shmem_regions_start comes from the file */
	__u64 first = dev->shmem_regions_start, expect;
	__u64 last = first + 2 + dev->shmem_peers; /* exclusive */
	__u64 out_size = 0;
	unsigned int r, peer;

	if (dev->num_msix_vectors > IVSHMEM_MAX_MSIX_VECTORS)
		CHK_ERR(c, WARDEN_EINVAL,
			PCI_FMT ": ivshmem offers at most %u MSI-X vectors, "
				"not %u",
			PCI_ARGS(n, dev), IVSHMEM_MAX_MSIX_VECTORS,
			(unsigned int)dev->num_msix_vectors);
	if (dev->shmem_peers == 0 || dev->shmem_peers > IVSHMEM_MAX_PEERS)
		CHK_ERR(c, WARDEN_EINVAL,
			PCI_FMT ": ivshmem shmem_peers %u not in 1..%u",
			PCI_ARGS(n, dev), (unsigned int)dev->shmem_peers,
			IVSHMEM_MAX_PEERS);
	if (dev->shmem_dev_id >= dev->shmem_peers)
		CHK_ERR(c, WARDEN_EINVAL,
			PCI_FMT ": ivshmem shmem_dev_id %u is not below "
				"shmem_peers %u",
			PCI_ARGS(n, dev), (unsigned int)dev->shmem_dev_id,
			(unsigned int)dev->shmem_peers);
	if (last > v->desc->num_memory_regions) {
		CHK_ERR(c, WARDEN_EINVAL,
			PCI_FMT ": ivshmem needs memory regions %u..%u "
				"(state, r/w, %u outputs) but the cell has %u",
			PCI_ARGS(n, dev), dev->shmem_regions_start,
			clamp_u32(last - 1), (unsigned int)dev->shmem_peers,
			v->desc->num_memory_regions);
		return;
	}

	if (mem_is_placeholder(&v->mem[first])) {
		CHK_ERR(c, WARDEN_EINVAL,
			PCI_FMT ": ivshmem state table (memory region %u) is "
				"empty",
			PCI_ARGS(n, dev), (unsigned int)first);
		return;
	}

	/*
	 * The device reports only the base of the state table and the section
	 * sizes, so the sections must follow each other in guest memory.
	 */
	expect = v->mem[first].virt_start + v->mem[first].size;
	/* from here on first < last <= num_memory_regions: 32 bits suffice */
	for (r = (unsigned int)first + 1; r < last; r++) {
		const struct jailhouse_memory *mem = &v->mem[r];

		if (mem_is_placeholder(mem))
			continue;
		if (mem->virt_start != expect)
			CHK_WARN(c,
				 PCI_FMT ": ivshmem memory region %u starts at "
					 "0x%llx, not at 0x%llx where the "
					 "previous section ends",
				 PCI_ARGS(n, dev), r, mem->virt_start, expect);
		expect = mem->virt_start + mem->size;
		if (r < first + 2)
			continue;
		peer = r - ((unsigned int)first + 2);
		if (out_size && mem->size != out_size)
			CHK_WARN(c,
				 PCI_FMT ": ivshmem output section of peer %u "
					 "(region %u) differs in size from the "
					 "others",
				 PCI_ARGS(n, dev), peer, r);
		out_size = mem->size;
		if ((mem->flags & JAILHOUSE_MEM_WRITE) &&
		    peer != dev->shmem_dev_id)
			CHK_WARN(c,
				 PCI_FMT ": ivshmem output section of peer %u "
					 "(region %u) is writable by peer %u",
				 PCI_ARGS(n, dev), peer, r,
				 (unsigned int)dev->shmem_dev_id);
	}
}

static void check_pci(struct checker *c, const struct cell_view *v,
		      const struct jailhouse_system *sys)
{
	const struct jailhouse_cell_desc *d = v->desc;
	unsigned int n, m;
	__u64 end;
	bool unused;

	for (n = 0; n < d->num_pci_devices; n++) {
		const struct jailhouse_pci_device *dev = &v->pci[n];
		__u8 msi_bits = ((
			const __u8 *)dev)[offsetof(struct jailhouse_pci_device,
						   num_msi_vectors) +
					  1];

		if (dev->type < JAILHOUSE_PCI_TYPE_DEVICE ||
		    dev->type > JAILHOUSE_PCI_TYPE_IVSHMEM) {
			CHK_ERR(c, WARDEN_EINVAL,
				PCI_FMT
				": unknown type %u (1 device, 2 bridge, "
				"3 ivshmem)",
				PCI_ARGS(n, dev), (unsigned int)dev->type);
			continue;
		}
		if (dev->num_caps &&
		    (__u32)dev->caps_start + dev->num_caps > d->num_pci_caps)
			CHK_ERR(c, WARDEN_EINVAL,
				PCI_FMT ": caps %u..%u past the %u capability "
					"entries",
				PCI_ARGS(n, dev), (unsigned int)dev->caps_start,
				(unsigned int)dev->caps_start + dev->num_caps -
					1,
				d->num_pci_caps);
		if (!iommu_ref_ok(sys, dev->iommu, &unused))
			CHK_ERR(c, WARDEN_EINVAL, PCI_FMT ": IOMMU index %u %s",
				PCI_ARGS(n, dev), (unsigned int)dev->iommu,
				unused ? "names an unused IOMMU unit" :
					 "is out of range (max 7)");
		if (dev->num_msi_vectors > MSI_MAX_VECTORS)
			CHK_ERR(c, WARDEN_EINVAL,
				PCI_FMT
				": %u MSI vectors, MSI allows at most %u",
				PCI_ARGS(n, dev),
				(unsigned int)dev->num_msi_vectors,
				MSI_MAX_VECTORS);
		if (msi_bits & ~0x3)
			CHK_ERR(c, WARDEN_EINVAL,
				PCI_FMT ": reserved MSI flag bits 0x%x set",
				PCI_ARGS(n, dev),
				(unsigned int)(msi_bits & ~0x3));
		if (dev->num_msix_vectors > MSIX_MAX_VECTORS)
			CHK_ERR(c, WARDEN_EINVAL,
				PCI_FMT ": %u MSI-X vectors, MSI-X allows at "
					"most %u",
				PCI_ARGS(n, dev),
				(unsigned int)dev->num_msix_vectors,
				MSIX_MAX_VECTORS);

		if (dev->type == JAILHOUSE_PCI_TYPE_IVSHMEM) {
			check_ivshmem(c, v, n);
		} else if (dev->num_msix_vectors) {
			/* the table is intercepted: it must lie in the window */
			if ((__u32)dev->num_msix_vectors * MSIX_ENTRY_SIZE >
			    dev->msix_region_size)
				CHK_ERR(c, WARDEN_EINVAL,
					PCI_FMT ": MSI-X table of %u vectors "
						"does not fit msix_region_size "
						"0x%x",
					PCI_ARGS(n, dev),
					(unsigned int)dev->num_msix_vectors,
					(unsigned int)dev->msix_region_size);
			if (dev->msix_address == 0 ||
			    !range_end(dev->msix_address, dev->msix_region_size,
				       &end) ||
			    end > HOST_PHYS_LIMIT)
				CHK_ERR(c, WARDEN_EINVAL,
					PCI_FMT ": MSI-X table address 0x%llx "
						"is invalid",
					PCI_ARGS(n, dev), dev->msix_address);
		}

		for (m = 0; m < n; m++) {
			if (v->pci[m].domain == dev->domain &&
			    v->pci[m].bdf == dev->bdf) {
				CHK_ERR(c, WARDEN_EINVAL,
					PCI_FMT
					": same device as pci device %u",
					PCI_ARGS(n, dev), m);
				break;
			}
		}
	}
}

static void check_pci_caps(struct checker *c, const struct cell_view *v)
{
	unsigned int n;

	for (n = 0; n < v->desc->num_pci_caps; n++) {
		const struct jailhouse_pci_capability *cap = &v->caps[n];
		__u32 end = (__u32)cap->start + cap->len;
		bool ext = cap->id & JAILHOUSE_PCI_EXT_CAP;

		if (cap->len == 0) {
			CHK_ERR(c, WARDEN_EINVAL,
				"pci capability %u (id 0x%x at 0x%x): length is "
				"0",
				n, (unsigned int)cap->id,
				(unsigned int)cap->start);
			continue;
		}
		if (end > PCI_CFG_EXT_SIZE)
			CHK_ERR(c, WARDEN_EINVAL,
				"pci capability %u (id 0x%x at 0x%x, length "
				"%u) runs past the 4 KiB config space",
				n, (unsigned int)cap->id,
				(unsigned int)cap->start,
				(unsigned int)cap->len);
		else if (ext && cap->start < PCI_CFG_STD_SIZE)
			CHK_ERR(c, WARDEN_EINVAL,
				"pci capability %u (id 0x%x at 0x%x): extended "
				"capabilities start at 0x100 or above",
				n, (unsigned int)cap->id,
				(unsigned int)cap->start);
		else if (!ext && end > PCI_CFG_STD_SIZE)
			CHK_ERR(c, WARDEN_EINVAL,
				"pci capability %u (id 0x%x at 0x%x, length "
				"%u) is a standard capability but extends "
				"past 0x100",
				n, (unsigned int)cap->id,
				(unsigned int)cap->start,
				(unsigned int)cap->len);
		else if (cap->start < PCI_CFG_HEADER_SIZE)
			/* header accesses follow fixed rules, never the caps */
			CHK_WARN(c,
				 "pci capability %u (id 0x%x at 0x%x) lies in "
				 "the standard header and has no effect",
				 n, (unsigned int)cap->id,
				 (unsigned int)cap->start);
		if (cap->flags & ~JAILHOUSE_PCICAPS_WRITE)
			CHK_ERR(c, WARDEN_EINVAL,
				"pci capability %u (id 0x%x at 0x%x): unknown "
				"flags 0x%x",
				n, (unsigned int)cap->id,
				(unsigned int)cap->start,
				(unsigned int)cap->flags);
	}
}

/*
 * Ranges the hypervisor emulates and therefore never maps into a cell: the
 * local APIC page, the cell's IOAPIC pages and the MSI-X tables of its PCI
 * devices. (MMCONFIG, the system's IOAPICs and the IOMMUs are system
 * knowledge, see check_emulated_system().)
 */
static void check_emulated_local(struct checker *c, const struct cell_view *v)
{
	const struct jailhouse_cell_desc *d = v->desc;
	unsigned int n, k;
	__u64 start, end, tend;

	for (n = 0; n < d->num_memory_regions; n++) {
		if (!mem_phys_range(&v->mem[n], &start, &end))
			continue;
		if (ranges_overlap(start, end, XAPIC_BASE,
				   XAPIC_BASE + PAGE_SIZE_4K))
			MEM_ERR(c, WARDEN_EINVAL, v, n,
				"maps the local APIC page at 0x%llx, which is "
				"emulated",
				XAPIC_BASE);
		for (k = 0; k < d->num_irqchips; k++) {
			__u64 a = v->irqchips[k].address;

			if (a < UINT64_MAX - PAGE_SIZE_4K &&
			    ranges_overlap(start, end, a, a + PAGE_SIZE_4K))
				MEM_ERR(c, WARDEN_EINVAL, v, n,
					"maps the page of irqchip %u (0x%llx), "
					"which is emulated",
					k, a);
		}
		for (k = 0; k < d->num_pci_devices; k++) {
			const struct jailhouse_pci_device *dev = &v->pci[k];

			if (dev->type == JAILHOUSE_PCI_TYPE_IVSHMEM ||
			    !dev->num_msix_vectors ||
			    !range_end(dev->msix_address, dev->msix_region_size,
				       &tend))
				continue;
			if (ranges_overlap(start, end, dev->msix_address, tend))
				MEM_ERR(c, WARDEN_EINVAL, v, n,
					"maps the MSI-X table of " PCI_FMT
					" at 0x%llx, which is emulated",
					PCI_ARGS(k, dev), dev->msix_address);
		}
	}
}

static void check_cell_common(struct checker *c, const struct cell_view *v,
			      const struct jailhouse_system *sys)
{
	const struct jailhouse_cell_desc *d = v->desc;
	unsigned int n;
	__u64 start, end;

	check_name(c, v);
	check_cpus(c, v);

	if (d->flags & ~CELL_FLAGS_KNOWN)
		CHK_ERR(c, WARDEN_EINVAL, "unknown cell flags 0x%x",
			d->flags & ~CELL_FLAGS_KNOWN);

	check_memory(c, v);
	check_cache(c, v);
	check_irqchips(c, v, sys);
	check_pio(c, v);
	check_pci(c, v, sys);
	check_pci_caps(c, v);
	check_emulated_local(c, v);

	if (d->num_stream_ids)
		CHK_ERR(c, WARDEN_EINVAL,
			"%u stream IDs given; stream IDs exist on ARM only",
			d->num_stream_ids);
	if (d->vpci_irq_base)
		CHK_WARN(c, "vpci_irq_base %u is ignored on x86",
			 d->vpci_irq_base);

	if (v->root)
		return;

	check_console(c, &d->console, "cell console", false);
	if (d->console.type == JAILHOUSE_CON_TYPE_8250 &&
	    !(d->console.flags & JAILHOUSE_CON_ACCESS_MMIO) &&
	    d->console.address <= PIO_LIMIT - UART_8250_PORTS &&
	    !pio_covers(v, (__u32)d->console.address, UART_8250_PORTS))
		CHK_WARN(c,
			 "cell console ports 0x%llx+%u are not in the cell's "
			 "pio regions",
			 d->console.address, UART_8250_PORTS);

	/* all CPUs start in real mode at cpu_reset_address */
	for (n = 0; n < d->num_memory_regions; n++)
		if (mem_virt_range(&v->mem[n], &start, &end) &&
		    start <= d->cpu_reset_address &&
		    d->cpu_reset_address < end &&
		    (v->mem[n].flags & JAILHOUSE_MEM_EXECUTE))
			break;
	if (n == d->num_memory_regions)
		CHK_WARN(c,
			 "cpu_reset_address 0x%llx is not in an executable "
			 "memory region",
			 d->cpu_reset_address);
}

/* ---------------------------------------------------------------------- */
/* Entry points                                                            */
/* ---------------------------------------------------------------------- */

int config_cell_size(const void *buf, size_t len, size_t *size)
{
	__u64 s;

	if (len < sizeof(struct jailhouse_cell_desc))
		return -WARDEN_EINVAL;
	s = jailhouse_cell_config_size64(buf);
	if (s > CFG_MAX_SIZE)
		return -WARDEN_E2BIG;
	*size = s;
	return 0;
}

int config_system_size(const void *buf, size_t len, size_t *size)
{
	__u64 s;

	if (len < sizeof(struct jailhouse_system))
		return -WARDEN_EINVAL;
	s = jailhouse_system_config_size64(buf);
	if (s > CFG_MAX_SIZE)
		return -WARDEN_E2BIG;
	*size = s;
	return 0;
}

static void check_header(struct checker *c, const char *sig, __u8 arch,
			 __u16 revision, const char *want_sig)
{
	if (memcmp(sig, want_sig, 5) != 0) {
		CHK_ERR(c, WARDEN_EINVAL,
			"signature is not %s (not a Jailhouse config of this "
			"kind, or older than revision 14)",
			want_sig);
		return;
	}
	if (arch != JAILHOUSE_X86)
		CHK_ERR(c, WARDEN_EINVAL, "architecture %u is not x86 (%u)",
			(unsigned int)arch, JAILHOUSE_X86);
	if (revision != JAILHOUSE_CONFIG_REVISION)
		CHK_ERR(c, WARDEN_EINVAL, "config revision %u, expected %u",
			(unsigned int)revision, JAILHOUSE_CONFIG_REVISION);
}

int config_check_cell(const void *buf, size_t len, cfg_report_fn report,
		      void *ctx)
{
	struct checker c = { .report = report, .ctx = ctx };
	const struct jailhouse_cell_desc *d = buf;
	struct cell_view v;

	/* the wrong kind of config is worth a clear word, even if short */
	if (len >= 5 && memcmp(buf, JAILHOUSE_SYSTEM_SIGNATURE, 5) == 0) {
		CHK_ERR(&c, WARDEN_EINVAL,
			"signature is JHSYS: this is a system config");
		return c.err;
	}
	if (len < sizeof(*d)) {
		map_cell(&c, buf, len, 0, false, &v);
		return c.err;
	}
	check_header(&c, d->signature, d->architecture, d->revision,
		     JAILHOUSE_CELL_DESC_SIGNATURE);
	/* a foreign format's counts would only produce noise */
	if (c.err)
		return c.err;
	if (map_cell(&c, buf, len, 0, false, &v))
		return c.err;
	check_cell_common(&c, &v, NULL);
	return c.err;
}

static void check_iommus(struct checker *c, const struct jailhouse_system *s)
{
	unsigned int n, count = iommu_count(s);
	__u32 vendor = 0;
	__u64 end;

	for (n = 0; n < JAILHOUSE_MAX_IOMMU_UNITS; n++) {
		const struct jailhouse_iommu *u = iommu_unit(s, n);
		static const struct jailhouse_iommu zero;

		if (u->type == 0) {
			if (memcmp(u, &zero, sizeof(zero)) != 0)
				CHK_ERR(c, WARDEN_EINVAL,
					"iommu unit %u is unused (type 0) but "
					"not all zero",
					n);
			continue;
		}
		if (n > count) {
			CHK_ERR(c, WARDEN_EINVAL,
				"iommu unit %u follows unused unit %u; units "
				"must be contiguous",
				n, count);
			continue;
		}
		if (u->type != JAILHOUSE_IOMMU_AMD &&
		    u->type != JAILHOUSE_IOMMU_INTEL) {
			CHK_ERR(c, WARDEN_EINVAL,
				"iommu unit %u: type %u is not an x86 IOMMU "
				"(1 AMD, 2 Intel)",
				n, u->type);
			continue;
		}
		if (vendor && u->type != vendor)
			CHK_ERR(c, WARDEN_EINVAL,
				"iommu unit %u: AMD and Intel units mixed", n);
		vendor = u->type;
		if (u->base == 0 || (u->base & PAGE_OFFS_4K) || u->size == 0 ||
		    !range_end(u->base, u->size, &end) || end > HOST_PHYS_LIMIT)
			CHK_ERR(c, WARDEN_EINVAL,
				"iommu unit %u: register window 0x%llx size "
				"0x%x is invalid",
				n, u->base, u->size);
	}
}

/*
 * Ranges that belong to the hypervisor or that it emulates, from the system
 * config: its own memory, the MMCONFIG window, the system's IOAPIC pages
 * and the IOMMU register windows. v is the root cell or a non-root cell.
 */
static void check_emulated_system(struct checker *c, const struct cell_view *v,
				  const struct jailhouse_system *sys,
				  const struct cell_view *root)
{
	const struct jailhouse_memory *hv = &sys->hypervisor_memory;
	__u64 mmcfg = sys->platform_info.pci_mmconfig_base;
	__u64 mmcfg_end =
		mmcfg + ((__u64)sys->platform_info.pci_mmconfig_end_bus + 1) *
				MMCONFIG_BUS_SIZE;
	unsigned int n, k, iommus = iommu_count(sys);
	__u64 start, end, hv_end, a;

	/* bogus windows were reported by check_system_fields() */
	if (!range_end(hv->phys_start, hv->size, &hv_end))
		hv_end = hv->phys_start;
	if (mmcfg_end < mmcfg)
		mmcfg = 0;

	for (n = 0; n < v->desc->num_memory_regions; n++) {
		if (!mem_phys_range(&v->mem[n], &start, &end))
			continue;
		if (ranges_overlap(start, end, hv->phys_start, hv_end))
			MEM_ERR(c, WARDEN_EINVAL, v, n,
				"overlaps the hypervisor memory 0x%llx-0x%llx",
				hv->phys_start, hv_end - 1);
		if (mmcfg && ranges_overlap(start, end, mmcfg, mmcfg_end))
			MEM_ERR(c, WARDEN_EINVAL, v, n,
				"maps the MMCONFIG window 0x%llx-0x%llx, which "
				"is emulated",
				mmcfg, mmcfg_end - 1);
		/* the root cell's own irqchips were covered locally */
		for (k = 0; !v->root && k < root->desc->num_irqchips; k++) {
			a = root->irqchips[k].address;
			if (a < UINT64_MAX - PAGE_SIZE_4K &&
			    ranges_overlap(start, end, a, a + PAGE_SIZE_4K))
				MEM_ERR(c, WARDEN_EINVAL, v, n,
					"maps the IOAPIC page at 0x%llx, which "
					"is emulated",
					a);
		}
		for (k = 0; k < iommus; k++) {
			const struct jailhouse_iommu *u = iommu_unit(sys, k);

			if (!range_end(u->base, u->size, &a) ||
			    !ranges_overlap(start, end, u->base, a))
				continue;
			/*
			 * Upstream root configs of AMD boards do list the
			 * IOMMU window; the hypervisor has to take it away.
			 */
			if (v->root)
				MEM_WARN(c, v, n,
					 "covers iommu unit %u registers at "
					 "0x%llx; the hypervisor must keep "
					 "them from the root cell",
					 k, u->base);
			else
				MEM_ERR(c, WARDEN_EINVAL, v, n,
					"maps iommu unit %u registers at "
					"0x%llx",
					k, u->base);
		}
	}
}

static void check_system_fields(struct checker *c,
				const struct jailhouse_system *s,
				const struct cell_view *root)
{
	const struct jailhouse_memory *hv = &s->hypervisor_memory;
	const __u8 *reserved;
	__u64 end, mmcfg = s->platform_info.pci_mmconfig_base;
	unsigned int n;

	if (s->flags & ~JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE)
		CHK_ERR(c, WARDEN_EINVAL, "unknown system flags 0x%x",
			s->flags & ~JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE);

	if (hv->size == 0)
		CHK_ERR(c, WARDEN_EINVAL, "hypervisor memory is empty");
	else if ((hv->phys_start | hv->size) & PAGE_OFFS_4K)
		CHK_ERR(c, WARDEN_EINVAL,
			"hypervisor memory 0x%llx size 0x%llx is not page "
			"aligned",
			hv->phys_start, hv->size);
	else if (!range_end(hv->phys_start, hv->size, &end) ||
		 end > HOST_PHYS_LIMIT)
		CHK_ERR(c, WARDEN_EINVAL,
			"hypervisor memory 0x%llx size 0x%llx exceeds the "
			"physical address space",
			hv->phys_start, hv->size);

	check_console(c, &s->debug_console, "debug console", true);
	if (s->debug_console.type == JAILHOUSE_CON_TYPE_8250 &&
	    !(s->debug_console.flags & JAILHOUSE_CON_ACCESS_MMIO) &&
	    s->debug_console.address <= PIO_LIMIT - UART_8250_PORTS) {
		for (n = 0; n < root->desc->num_pio_regions; n++) {
			const struct jailhouse_pio *p = &root->pio[n];

			if (s->debug_console.address + UART_8250_PORTS >
				    p->base &&
			    s->debug_console.address <
				    (__u32)p->base + p->length)
				CHK_WARN(c,
					 "debug console ports 0x%llx+%u are "
					 "also in root pio region %u",
					 s->debug_console.address,
					 UART_8250_PORTS, n);
		}
	}

	/* ACPI MCFG windows are placed with 1 MiB (one bus) granularity */
	if (mmcfg & (MMCONFIG_BUS_SIZE - 1))
		CHK_ERR(c, WARDEN_EINVAL,
			"pci_mmconfig_base 0x%llx is not 1 MiB aligned", mmcfg);
	else if (mmcfg &&
		 (!range_end(mmcfg,
			     ((__u64)s->platform_info.pci_mmconfig_end_bus +
			      1) * MMCONFIG_BUS_SIZE,
			     &end) ||
		  end > HOST_PHYS_LIMIT))
		CHK_ERR(c, WARDEN_EINVAL,
			"MMCONFIG window at 0x%llx for buses 0..%u exceeds "
			"the physical address space",
			mmcfg,
			(unsigned int)s->platform_info.pci_mmconfig_end_bus);
	if (s->platform_info.pci_is_virtual)
		CHK_ERR(c, WARDEN_EINVAL,
			"pci_is_virtual is not supported on x86");

	check_iommus(c, s);

	if (s->platform_info.x86.apic_mode > JAILHOUSE_APIC_MODE_X2APIC)
		CHK_ERR(c, WARDEN_EINVAL,
			"apic_mode %u is not AUTO (0), XAPIC (1) or X2APIC (2)",
			(unsigned int)s->platform_info.x86.apic_mode);
	if (s->platform_info.x86.pm_timer_address + PM_TIMER_PORTS > PIO_LIMIT)
		CHK_ERR(c, WARDEN_EINVAL,
			"pm_timer_address 0x%x: the 4 timer ports run past "
			"0xffff",
			(unsigned int)s->platform_info.x86.pm_timer_address);
	/* x86 uses 16 of the 44 union bytes; the rest belongs to ARM */
	reserved =
		(const __u8 *)s +
		offsetof(struct jailhouse_system, platform_info.x86.apic_khz) +
		4;
	for (n = 0; n < 28; n++) {
		if (reserved[n]) {
			CHK_ERR(c, WARDEN_EINVAL,
				"reserved platform bytes (ARM fields) at offset "
				"%u are not zero",
				(unsigned int)(offsetof(struct jailhouse_system,
							platform_info.x86
								.apic_khz) +
					       4 + n));
			break;
		}
	}
	if (s->platform_info.x86.padding)
		CHK_ERR(c, WARDEN_EINVAL,
			"platform padding byte at offset 315 is not zero");
}

int config_check_system(const void *buf, size_t len, cfg_report_fn report,
			void *ctx)
{
	struct checker c = { .report = report, .ctx = ctx };
	const struct jailhouse_system *s = buf;
	struct cell_view root;

	if (len >= 5 && memcmp(buf, JAILHOUSE_CELL_DESC_SIGNATURE, 5) == 0) {
		CHK_ERR(&c, WARDEN_EINVAL,
			"signature is JHCLL: this is a cell config");
		return c.err;
	}
	if (len < sizeof(*s)) {
		map_system(&c, buf, len, &root);
		return c.err;
	}
	check_header(&c, s->signature, s->architecture, s->revision,
		     JAILHOUSE_SYSTEM_SIGNATURE);
	if (c.err)
		return c.err;
	if (map_system(&c, buf, len, &root))
		return c.err;

	/* root signature/revision are left zero by upstream: not checked */
	check_system_fields(&c, s, &root);
	check_cell_common(&c, &root, s);
	check_emulated_system(&c, &root, s, &root);
	return c.err;
}

/* ---------------------------------------------------------------------- */
/* Cross-config rules                                                      */
/* ---------------------------------------------------------------------- */

/*
 * Root memory regions are identity mapped, so check_memory() rejects any
 * two that overlap. The cross checks rely on that (see mem_covered()) and
 * verify it first, as they may be handed a config nobody checked.
 */
static bool root_mem_disjoint(const struct cell_view *root)
{
	unsigned int n, m;
	__u64 s1, e1, s2, e2;

	for (n = 0; n < root->desc->num_memory_regions; n++) {
		if (!mem_phys_range(&root->mem[n], &s1, &e1))
			continue;
		for (m = 0; m < n; m++)
			if (mem_phys_range(&root->mem[m], &s2, &e2) &&
			    ranges_overlap(s1, e1, s2, e2))
				return false;
	}
	return true;
}

/*
 * Is [start, end) covered by the root cell's memory? With disjoint root
 * regions the covered length is the sum of the intersections: linear per
 * query, where walking the union of overlapping ranges without sorting
 * (and without allocation) would be quadratic.
 */
static bool mem_covered(const struct cell_view *root, __u64 start, __u64 end)
{
	__u64 rs, re, covered = 0;
	unsigned int n;

	for (n = 0; n < root->desc->num_memory_regions; n++) {
		if (!mem_phys_range(&root->mem[n], &rs, &re))
			continue;
		if (rs < start)
			rs = start;
		if (re > end)
			re = end;
		if (rs < re)
			covered += re - rs;
	}
	return covered == end - start;
}

/*
 * The same for ports. Overlapping root PIO regions are legal (check_pio()
 * only warns), and then the sum can claim coverage that is not there; as
 * this feeds a warning only, linear time is worth more than exactness.
 */
static bool pio_covered(const struct cell_view *root, __u32 start, __u32 end)
{
	__u32 rs, re, covered = 0;
	unsigned int n;

	for (n = 0; n < root->desc->num_pio_regions; n++) {
		rs = root->pio[n].base;
		re = rs + root->pio[n].length;
		if (rs < start)
			rs = start;
		if (re > end)
			re = end;
		if (rs < re)
			covered += re - rs;
	}
	return covered >= end - start;
}

static const struct jailhouse_pci_device *find_pci(const struct cell_view *v,
						   __u16 domain, __u16 bdf)
{
	unsigned int n;

	for (n = 0; n < v->desc->num_pci_devices; n++)
		if (v->pci[n].domain == domain && v->pci[n].bdf == bdf)
			return &v->pci[n];
	return NULL;
}

static const struct jailhouse_irqchip *find_irqchip(const struct cell_view *v,
						    __u64 address)
{
	unsigned int n;

	for (n = 0; n < v->desc->num_irqchips; n++)
		if (v->irqchips[n].address == address)
			return &v->irqchips[n];
	return NULL;
}

/*
 * The same BDF in two configs. ivshmem devices on one BDF form a link and
 * need distinct peer IDs. A physical device may appear in the root cell
 * (which hands it over, from_root) but never in two non-root cells, and
 * its type must match what the root cell has there.
 */
static void check_pci_conflict(struct checker *c, unsigned int n,
			       const struct jailhouse_pci_device *dev,
			       const struct jailhouse_pci_device *other,
			       const char *other_name, bool from_root)
{
	bool ivshmem = dev->type == JAILHOUSE_PCI_TYPE_IVSHMEM;

	if (ivshmem != (other->type == JAILHOUSE_PCI_TYPE_IVSHMEM) ||
	    (from_root && dev->type != other->type)) {
		CHK_ERR(c, WARDEN_EINVAL,
			PCI_FMT " has type %u, but cell '%s' has type %u there",
			PCI_ARGS(n, dev), (unsigned int)dev->type, other_name,
			(unsigned int)other->type);
		return;
	}
	if (!ivshmem) {
		if (!from_root)
			CHK_ERR(c, WARDEN_EBUSY,
				PCI_FMT " is also assigned to cell '%s'",
				PCI_ARGS(n, dev), other_name);
		return;
	}
	if (dev->shmem_dev_id == other->shmem_dev_id)
		CHK_ERR(c, WARDEN_EBUSY,
			PCI_FMT ": ivshmem peer ID %u is already taken by cell "
				"'%s'",
			PCI_ARGS(n, dev), (unsigned int)dev->shmem_dev_id,
			other_name);
	/* protocols may differ: virtio front-end meets back-end */
	if (dev->shmem_peers != other->shmem_peers)
		CHK_WARN(c,
			 PCI_FMT ": ivshmem link has %u peers here but %u in "
				 "cell '%s'",
			 PCI_ARGS(n, dev), (unsigned int)dev->shmem_peers,
			 (unsigned int)other->shmem_peers, other_name);
}

int config_check_cell_in_system(const void *cell, size_t cell_len,
				const void *system, size_t system_len,
				cfg_report_fn report, void *ctx)
{
	struct checker c = { .report = report, .ctx = ctx };
	const struct jailhouse_system *sys = system;
	struct cell_view v, root;
	unsigned int n, w;
	__u64 start, end;
	bool unused;

	if (map_system(&c, system, system_len, &root) ||
	    map_cell(&c, cell, cell_len, 0, false, &v))
		return c.err;
	if (!root_mem_disjoint(&root)) {
		CHK_ERR(&c, WARDEN_EINVAL,
			"root cell memory regions overlap; check the system "
			"config first");
		return c.err;
	}
	if (v.desc->cpu_set_size > CFG_MAX_CPU_SET_SIZE ||
	    root.desc->cpu_set_size > CFG_MAX_CPU_SET_SIZE) {
		CHK_ERR(&c, WARDEN_EINVAL, "cpu_set_size exceeds %u bytes",
			CFG_MAX_CPU_SET_SIZE);
		return c.err;
	}

	if (strncmp(v.desc->name, root.desc->name, sizeof(v.desc->name)) == 0)
		CHK_ERR(&c, WARDEN_EEXIST,
			"cell name '%s' is the root cell's name", v.name);

	for (n = 0; n < cpu_set_bits(&v); n++)
		if (cpu_in_set(&v, n) && !cpu_in_set(&root, n))
			CHK_ERR(&c, WARDEN_EBUSY,
				"CPU %u is not in the root cell's CPU set", n);

	for (n = 0; n < v.desc->num_memory_regions; n++) {
		if (!mem_phys_range(&v.mem[n], &start, &end))
			continue;
		/* the root cell must own it to give it (and to load it) */
		if (!mem_covered(&root, start, end))
			MEM_ERR(&c, WARDEN_EINVAL, &v, n,
				"is not inside the root cell's memory regions");
	}
	check_emulated_system(&c, &v, sys, &root);

	for (n = 0; n < v.desc->num_pio_regions; n++) {
		const struct jailhouse_pio *p = &v.pio[n];
		const struct jailhouse_console *con = &sys->debug_console;

		/*
		 * Upstream grants ports the root does not have, so this is only
		 * worth a warning; the UART of the hypervisor console is lent
		 * to inmates by design and not even that.
		 */
		if (con->type == JAILHOUSE_CON_TYPE_8250 &&
		    !(con->flags & JAILHOUSE_CON_ACCESS_MMIO) &&
		    con->address == p->base && p->length <= UART_8250_PORTS)
			continue;
		if (p->length &&
		    !pio_covered(&root, p->base, (__u32)p->base + p->length))
			CHK_WARN(&c,
				 "pio region %u (0x%x, length 0x%x) is not "
				 "entirely in the root cell's pio regions",
				 n, (unsigned int)p->base,
				 (unsigned int)p->length);
	}

	for (n = 0; n < v.desc->num_pci_devices; n++) {
		const struct jailhouse_pci_device *dev = &v.pci[n];
		const struct jailhouse_pci_device *rdev =
			find_pci(&root, dev->domain, dev->bdf);

		if (!iommu_ref_ok(sys, dev->iommu, &unused) && unused)
			CHK_ERR(&c, WARDEN_EINVAL,
				PCI_FMT ": IOMMU index %u names an unused "
					"IOMMU unit",
				PCI_ARGS(n, dev), (unsigned int)dev->iommu);
		if (rdev)
			check_pci_conflict(&c, n, dev, rdev, root.name, true);
		else if (dev->type != JAILHOUSE_PCI_TYPE_IVSHMEM)
			CHK_ERR(&c, WARDEN_EINVAL,
				PCI_FMT
				" is not in the root cell's device list",
				PCI_ARGS(n, dev));
	}

	for (n = 0; n < v.desc->num_irqchips; n++) {
		const struct jailhouse_irqchip *chip = &v.irqchips[n];
		const struct jailhouse_irqchip *rchip =
			find_irqchip(&root, chip->address);

		if (!iommu_ref_ok(sys, chip->id >> 16, &unused) && unused)
			CHK_ERR(&c, WARDEN_EINVAL,
				"irqchip %u (0x%llx): IOMMU index %u names an "
				"unused IOMMU unit",
				n, chip->address, chip->id >> 16);
		if (!rchip) {
			CHK_ERR(&c, WARDEN_EINVAL,
				"irqchip %u (0x%llx) is not an irqchip of the "
				"root cell",
				n, chip->address);
			continue;
		}
		for (w = 0; w < IRQCHIP_BITMAP_WORDS; w++)
			if (chip->pin_bitmap[w] & ~rchip->pin_bitmap[w])
				CHK_ERR(&c, WARDEN_EINVAL,
					"irqchip %u (0x%llx): pins 0x%08x of "
					"%u..%u are not the root cell's",
					n, chip->address,
					chip->pin_bitmap[w] &
						~rchip->pin_bitmap[w],
					w * 32, w * 32 + 31);
	}
	return c.err;
}

int config_check_cell_pair(const void *a, size_t a_len, const void *b,
			   size_t b_len, cfg_report_fn report, void *ctx)
{
	struct checker c = { .report = report, .ctx = ctx };
	struct cell_view va, vb;
	unsigned int n, m, w, bits, shared, first = 0;
	__u64 s1, e1, s2, e2;

	if (map_cell(&c, a, a_len, 0, false, &va) ||
	    map_cell(&c, b, b_len, 0, false, &vb))
		return c.err;
	if (va.desc->cpu_set_size > CFG_MAX_CPU_SET_SIZE ||
	    vb.desc->cpu_set_size > CFG_MAX_CPU_SET_SIZE) {
		CHK_ERR(&c, WARDEN_EINVAL, "cpu_set_size exceeds %u bytes",
			CFG_MAX_CPU_SET_SIZE);
		return c.err;
	}

	if (strncmp(va.desc->name, vb.desc->name, sizeof(va.desc->name)) == 0)
		CHK_ERR(&c, WARDEN_EEXIST, "cell name '%s' is used twice",
			vb.name);

	bits = cpu_set_bits(&vb);
	for (n = 0; n < bits; n++)
		if (cpu_in_set(&vb, n) && cpu_in_set(&va, n))
			CHK_ERR(&c, WARDEN_EBUSY,
				"CPU %u is also assigned to cell '%s'", n,
				va.name);

	/*
	 * Memory is exclusive unless both sides share it via ROOTSHARED
	 * (ivshmem). Upstream does not check this at all, which is why its
	 * demo cells that reuse the same RAM cannot run side by side.
	 */
	for (n = 0; n < vb.desc->num_memory_regions; n++) {
		if (!mem_phys_range(&vb.mem[n], &s1, &e1))
			continue;
		for (m = 0; m < va.desc->num_memory_regions; m++) {
			if (!mem_phys_range(&va.mem[m], &s2, &e2) ||
			    !ranges_overlap(s1, e1, s2, e2))
				continue;
			if ((vb.mem[n].flags & JAILHOUSE_MEM_ROOTSHARED) &&
			    (va.mem[m].flags & JAILHOUSE_MEM_ROOTSHARED))
				continue;
			MEM_ERR(&c, WARDEN_EBUSY, &vb, n,
				"overlaps memory region %u of cell '%s' and is "
				"not shared",
				m, va.name);
			break;
		}
	}

	/*
	 * Ports: one warning per pair at most. The upstream demo cells all
	 * share COM1 and COM2 on purpose, and upstream does not check this.
	 */
	for (n = 0, shared = 0; n < vb.desc->num_pio_regions; n++) {
		__u32 bs = vb.pio[n].base, be = bs + vb.pio[n].length;

		if (bs == be)
			continue;
		for (m = 0; m < va.desc->num_pio_regions; m++) {
			__u32 as = va.pio[m].base, ae = as + va.pio[m].length;

			if (bs < ae && as < be)
				break;
		}
		if (m == va.desc->num_pio_regions)
			continue;
		if (!shared++)
			first = n;
	}
	if (shared)
		CHK_WARN(&c,
			 "%u pio region(s) overlap ports of cell '%s' (first: "
			 "region %u, 0x%x length 0x%x); both cells can access "
			 "them",
			 shared, va.name, first,
			 (unsigned int)vb.pio[first].base,
			 (unsigned int)vb.pio[first].length);

	for (n = 0; n < vb.desc->num_pci_devices; n++) {
		const struct jailhouse_pci_device *dev = &vb.pci[n];
		const struct jailhouse_pci_device *other =
			find_pci(&va, dev->domain, dev->bdf);

		if (other)
			check_pci_conflict(&c, n, dev, other, va.name, false);
	}

	for (n = 0; n < vb.desc->num_irqchips; n++) {
		const struct jailhouse_irqchip *chip = &vb.irqchips[n];
		const struct jailhouse_irqchip *other =
			find_irqchip(&va, chip->address);

		for (w = 0; other && w < IRQCHIP_BITMAP_WORDS; w++)
			if (chip->pin_bitmap[w] & other->pin_bitmap[w])
				CHK_ERR(&c, WARDEN_EBUSY,
					"irqchip %u (0x%llx): pins 0x%08x of "
					"%u..%u are also assigned to cell '%s'",
					n, chip->address,
					chip->pin_bitmap[w] &
						other->pin_bitmap[w],
					w * 32, w * 32 + 31, va.name);
	}
	return c.err;
}
