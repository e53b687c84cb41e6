// SPDX-License-Identifier: GPL-2.0
/*
 * The system configuration against the firmware memory map and the boot
 * modules. The firmware map need not be sorted (multiboot2 tag 6 keeps the
 * loader's order), so coverage is computed by repeatedly finding the range
 * that contains the current address; maps are short.
 */
#include <stdbool.h>
#include <warden/platform_check.h>

/*
 * Upstream configurations mark RAM read/write/execute and device memory
 * (framebuffers, BARs, HPET) read/write only, without the IO flag, which
 * is reserved for sub-page emulated regions: executability tells them apart.
 */
#define RAM_REGION_FLAGS                                   \
	(JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE | JAILHOUSE_MEM_EXECUTE)

static const struct boot_mem_range *range_at(const struct boot_info *bi,
					      uint64_t addr, bool ram_only)
{
	unsigned int i;

	for (i = 0; i < bi->num_memmap; i++) {
		const struct boot_mem_range *r = &bi->memmap[i];

		if (ram_only && r->type != BOOT_MEM_RAM)
			continue;
		if (addr >= r->base && addr - r->base < r->length)
			return r;
	}
	return NULL;
}

/*
 * First address in [start, end) not covered by the map (RAM ranges only
 * when @ram_only), or @end when all of it is covered.
 */
static uint64_t first_uncovered(const struct boot_info *bi, uint64_t start,
				uint64_t end, bool ram_only)
{
	while (start < end) {
		const struct boot_mem_range *r = range_at(bi, start, ram_only);

		if (!r)
			return start;
		if (r->base + r->length >= end || r->base + r->length < r->base)
			return end;
		start = r->base + r->length;
	}
	return end;
}

/* What the firmware says is at @addr, for messages. */
static const char *firmware_type_at(const struct boot_info *bi, uint64_t addr)
{
	const struct boot_mem_range *r = range_at(bi, addr, false);

	if (!r)
		return "not in the firmware memory map";
	switch (r->type) {
	case BOOT_MEM_RAM:
		return "RAM";
	case BOOT_MEM_ACPI:
		return "ACPI data in the firmware memory map";
	case BOOT_MEM_NVS:
		return "ACPI NVS in the firmware memory map";
	case BOOT_MEM_BAD:
		return "unusable in the firmware memory map";
	default:
		return "reserved in the firmware memory map";
	}
}

bool platform_is_ram_region(const struct jailhouse_memory *m)
{
	return m->size && !(m->flags & (JAILHOUSE_MEM_IO |
					JAILHOUSE_MEM_COMM_REGION)) &&
	       (m->flags & RAM_REGION_FLAGS) == RAM_REGION_FLAGS;
}

struct mem_window platform_inmate_window(const struct jailhouse_system *sys)
{
	const struct jailhouse_cell_desc *root = &sys->root_cell;
	const struct jailhouse_memory *mem = jailhouse_cell_mem_regions(root);
	uint64_t start = sys->hypervisor_memory.phys_start +
			 sys->hypervisor_memory.size;
	struct mem_window w = { start, start };
	bool grew = true;
	unsigned int i;

	/* Regions may be listed in any order: extend until nothing adjoins. */
	while (grew) {
		grew = false;
		for (i = 0; i < root->num_memory_regions; i++) {
			if (mem[i].size && !(mem[i].flags & JAILHOUSE_MEM_IO) &&
			    mem[i].phys_start <= w.end &&
			    mem[i].phys_start >= w.start &&
			    mem[i].phys_start + mem[i].size > w.end) {
				w.end = mem[i].phys_start + mem[i].size;
				grew = true;
			}
		}
	}
	return w;
}

static int check_all_ram(const struct boot_info *bi, uint64_t start,
			 uint64_t end, const char *what,
			 cfg_report_fn report, void *ctx)
{
	uint64_t hole = first_uncovered(bi, start, end, true);

	if (hole == end)
		return 0;
	report(ctx, CFG_ERROR,
	       "%s 0x%llx-0x%llx is not all RAM: 0x%llx is %s", what,
	       (unsigned long long)start, (unsigned long long)end - 1,
	       (unsigned long long)hole, firmware_type_at(bi, hole));
	return -WARDEN_EINVAL;
}

static bool overlaps(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end)
{
	return a < b_end && b < a_end;
}

int platform_check(const struct jailhouse_system *sys,
		   const struct boot_info *bi, cfg_report_fn report,
		   void *ctx)
{
	const struct jailhouse_cell_desc *root = &sys->root_cell;
	const struct jailhouse_memory *mem = jailhouse_cell_mem_regions(root);
	uint64_t hv_start = sys->hypervisor_memory.phys_start;
	uint64_t hv_end = hv_start + sys->hypervisor_memory.size;
	struct mem_window win = platform_inmate_window(sys);
	int ret = 0;
	unsigned int i;

	if (check_all_ram(bi, hv_start, hv_end, "hypervisor memory", report,
			  ctx))
		ret = -WARDEN_EINVAL;
	if (win.end > win.start &&
	    check_all_ram(bi, win.start, win.end, "inmate RAM window", report,
			  ctx))
		ret = -WARDEN_EINVAL;

	for (i = 0; i < root->num_memory_regions; i++) {
		uint64_t start = mem[i].phys_start, end, hole;

		if (!platform_is_ram_region(&mem[i]))
			continue;
		end = start + mem[i].size;
		if (start < PLATFORM_LEGACY_END)
			start = end < PLATFORM_LEGACY_END ? end :
							    PLATFORM_LEGACY_END;
		hole = first_uncovered(bi, start, end, false);
		if (hole != end) {
			report(ctx, CFG_ERROR,
			       "root memory region %u (phys 0x%llx, size 0x%llx)"
			       ": 0x%llx is not in the firmware memory map "
			       "(config for another machine?)",
			       i, (unsigned long long)mem[i].phys_start,
			       (unsigned long long)mem[i].size,
			       (unsigned long long)hole);
			ret = -WARDEN_EINVAL;
		}
	}

	for (i = 0; i < bi->num_modules; i++) {
		const struct boot_module *m = &bi->modules[i];
		const char *where = NULL;

		if (overlaps(m->start, m->end, hv_start, hv_end))
			where = "the hypervisor memory";
		else if (overlaps(m->start, m->end, win.start, win.end))
			where = "the inmate RAM window";
		if (where) {
			report(ctx, CFG_ERROR,
			       "boot module %u ('%.40s', 0x%llx-0x%llx) lies in "
			       "%s; load it elsewhere (e.g. fewer or smaller "
			       "modules, or a config placing that memory higher)",
			       i, m->string, (unsigned long long)m->start,
			       (unsigned long long)m->end - 1, where);
			ret = -WARDEN_EINVAL;
		}
	}
	return ret;
}
