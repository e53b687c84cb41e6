// SPDX-License-Identifier: GPL-2.0
/*
 * Moving into the configured hypervisor memory.
 *
 * GRUB loaded the image at HV_LOAD_PHYS; the system configuration names
 * where the hypervisor lives (and which no cell ever maps). We carve the
 * page pool out of that region behind the image, build the final page
 * tables in it, copy the image over and switch tables in one step. The
 * image is linked at HV_VIRT_BASE, so nothing needs relocating: only the
 * physical pages behind those addresses change.
 */
#include <warden/errno.h>
#include <warden/hvmem.h>
#include <warden/paging.h>
#include <warden/printk.h>
#include <warden/string.h>
#include <asm/processor.h>

/* Largest pool the static bitmap covers: 1 GiB of hypervisor memory. */
#define POOL_MAX_PAGES (0x40000000ull / PAGE_SIZE)
/* The early tables identity-map only the low 4 GiB. */
#define EARLY_IDENTITY_LIMIT 0x100000000ull
#define GIB 0x40000000ull

extern const uint8_t __image_start[], __text_end[], __rodata_end[],
	__image_end[];
extern const uint8_t __image_start_phys[], __image_end_phys[];

/* Copies the image and loads CR3 without touching memory in between. */
void hv_relocate(uint64_t dst_phys, uint64_t len, uint64_t cr3);

struct page_pool hv_pool;
static unsigned long pool_bitmap[PAGE_POOL_BITMAP_LONGS(POOL_MAX_PAGES)];
static struct paging hv_paging;
static uint64_t hv_phys;

uint64_t hv_to_phys(const void *addr)
{
	uint64_t va = (uint64_t)addr;

	if (va >= HV_DIRECT_MAP && va < HV_VIRT_BASE)
		return va - HV_DIRECT_MAP;
	return va - HV_VIRT_BASE + hv_phys;
}

static uint64_t image_offset(const void *va)
{
	return (uint64_t)va - (uint64_t)__image_start;
}

static void map_or_die(uint64_t virt, uint64_t phys, uint64_t size,
		       unsigned int flags, const char *what)
{
	int err = paging_map(&hv_paging, virt, phys, size, flags);

	if (err)
		panic("cannot map %s (0x%llx bytes at 0x%llx): error %d; the "
		      "hypervisor memory is too small\n",
		      what, (unsigned long long)size, (unsigned long long)virt,
		      err);
}

/* End of the highest range the firmware reports, at least 4 GiB. */
static uint64_t direct_map_top(const struct boot_info *bi)
{
	uint64_t top = EARLY_IDENTITY_LIMIT;
	unsigned int i;

	for (i = 0; i < bi->num_memmap; i++) {
		uint64_t end = bi->memmap[i].base + bi->memmap[i].length;

		if (bi->memmap[i].type != BOOT_MEM_RESERVED && end > top)
			top = end;
	}
	return (top + GIB - 1) & ~(GIB - 1);
}

static void enable_nx(void)
{
	uint32_t eax, ebx, ecx, edx;

	cpuid(0x80000001, 0, &eax, &ebx, &ecx, &edx);
	if (!(edx & CPUID_80000001_EDX_NX))
		panic("this CPU has no no-execute page protection (NX); "
		      "Warden needs it\n");
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
}

unsigned int hv_largest_page_level(void)
{
	uint32_t eax, ebx, ecx, edx;

	cpuid(0x80000001, 0, &eax, &ebx, &ecx, &edx);
	return edx & CPUID_80000001_EDX_PAGE1GB ? PAGING_LEVEL_1G :
						  PAGING_LEVEL_2M;
}

void hvmem_init(const struct jailhouse_system *sys, const struct boot_info *bi,
		uint64_t low_page)
{
	uint64_t size = sys->hypervisor_memory.size;
	uint64_t image_size = __image_end_phys - __image_start_phys;
	uint64_t pool_phys, pool_pages, top;
	int err;

	hv_phys = sys->hypervisor_memory.phys_start;
	if (hv_phys + size > EARLY_IDENTITY_LIMIT)
		panic("hypervisor memory 0x%llx-0x%llx must lie below 4 GiB\n",
		      (unsigned long long)hv_phys,
		      (unsigned long long)(hv_phys + size - 1));
	if (hv_phys < (uint64_t)__image_end_phys &&
	    (uint64_t)__image_start_phys < hv_phys + size)
		panic("hypervisor memory 0x%llx-0x%llx overlaps where the boot "
		      "loader placed the image (0x%llx-0x%llx)\n",
		      (unsigned long long)hv_phys,
		      (unsigned long long)(hv_phys + size - 1),
		      (unsigned long long)__image_start_phys,
		      (unsigned long long)__image_end_phys - 1);
	pool_phys = hv_phys + image_size;
	pool_pages = (size - image_size) / PAGE_SIZE;
	if (image_size >= size || pool_pages > POOL_MAX_PAGES ||
	    page_pool_init(&hv_pool, (void *)pool_phys, pool_phys, pool_pages,
			   pool_bitmap))
		panic("hypervisor memory of %llu KiB cannot hold the %llu KiB "
		      "image and a page pool of at most 1 GiB\n",
		      (unsigned long long)size >> 10,
		      (unsigned long long)image_size >> 10);

	enable_nx();
	err = paging_init(&hv_paging, &paging_x86_64, &hv_pool,
			  hv_largest_page_level());
	if (err)
		panic("cannot create the hypervisor page tables: error %d\n",
		      err);

	/* Code read-only, constants not executable, data not executable. */
	map_or_die(HV_VIRT_BASE, hv_phys, image_offset(__text_end),
		   PAGE_READ | PAGE_EXEC, "hypervisor code");
	map_or_die((uint64_t)__text_end, hv_phys + image_offset(__text_end),
		   __rodata_end - __text_end, PAGE_READ,
		   "hypervisor constants");
	map_or_die((uint64_t)__rodata_end, hv_phys + image_offset(__rodata_end),
		   size - image_offset(__rodata_end), PAGE_READ | PAGE_WRITE,
		   "hypervisor data and page pool");
	/*
	 * Write-back for everything: where the firmware's MTRRs make a range
	 * uncachable (device registers), the effective type is uncachable.
	 */
	top = direct_map_top(bi);
	map_or_die(HV_DIRECT_MAP, 0, top, PAGE_READ | PAGE_WRITE,
		   "the direct map of physical memory");
	map_or_die(low_page, low_page, PAGE_SIZE,
		   PAGE_READ | PAGE_WRITE | PAGE_EXEC, "the CPU start page");

	hv_relocate(hv_phys, image_size, paging_root_phys(&hv_paging));
	/* The pool is now reached at its place behind the image. */
	hv_pool.base = (uint8_t *)HV_VIRT_BASE + image_size;

	printk("Hypervisor memory: image %llu KiB at 0x%llx, page pool %lu "
	       "pages (%lu used by page tables), direct map up to 0x%llx\n",
	       (unsigned long long)image_size >> 10,
	       (unsigned long long)hv_phys, page_pool_size(&hv_pool),
	       page_pool_used(&hv_pool), (unsigned long long)top);
}

int acpi_read_direct(void *ctx, uint64_t phys, void *buf, size_t len)
{
	(void)ctx;
	if (phys >= 0x100000000ull || len > 0x100000000ull - phys)
		return -EINVAL;
	memcpy(buf, phys_to_hv(phys), len);
	return 0;
}
