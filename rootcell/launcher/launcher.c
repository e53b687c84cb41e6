// SPDX-License-Identifier: GPL-2.0
/*
 * The root-cell launcher: Debian's (or any) bzImage, unmodified, entered
 * through the 32-bit boot protocol (flat segments, paging off) on the
 * boot CPU's vCPU. The kernel's E820 map is built from the root cell's
 * regions, without the hypervisor memory and the inmate RAM window, so no
 * memmap= parameter is needed.
 */
#include <warden/hvmem.h>
#include <warden/modules.h>
#include <warden/printk.h>
#include <warden/smp.h>
#include <warden/string.h>
#include <asm/vtd_ir.h>
#include "bootparams.h"
#include "launcher.h"

#define GDT_BOOT_CS 0x10
#define GDT_BOOT_DS 0x18
#define BOOT_PAGES 3 /* zero page; command line + GDT; RSDP copy */
#define RSDP_PAGE 2
#define CMDLINE_MAX (PAGE_SIZE - 64)
#define LOW_LIMIT 0x9f000

static char err[160];

static bool overlaps(uint64_t a, uint64_t a_len, uint64_t b, uint64_t b_len)
{
	return a < b + b_len && b < a + a_len;
}

static bool in_ram(const struct boot_e820_entry *map, int n, uint64_t start,
		   uint64_t len)
{
	int i;

	for (i = 0; i < n; i++)
		if (map[i].type == E820_TYPE_RAM && start >= map[i].addr &&
		    start + len <= map[i].addr + map[i].size)
			return true;
	return false;
}

static bool boot_pages_free(const struct boot_info *bi, uint64_t first)
{
	uint64_t page;

	for (page = first; page < first + BOOT_PAGES * PAGE_SIZE;
	     page += PAGE_SIZE)
		if (!boot_page_is_free_ram(bi, page) ||
		    page == smp_start_page())
			return false;
	return true;
}

/* Free low pages for the zero page, command line, boot GDT and RSDP. */
static uint64_t pick_boot_pages(const struct boot_info *bi)
{
	uint64_t page;

	for (page = LOW_LIMIT - BOOT_PAGES * PAGE_SIZE; page >= 0x10000;
	     page -= PAGE_SIZE)
		if (boot_pages_free(bi, page))
			return page;
	panic("launcher: no %u free RAM pages below 640 KiB for the Linux "
	      "boot parameters\n",
	      BOOT_PAGES);
}

/*
 * The preferred load address if it fits, else the next aligned place that
 * is Linux RAM and clear of the initrd and the boot pages. The kernel may
 * overlap its own module only from below: it is moved down into place.
 */
static uint64_t pick_kernel_address(const struct bzimage_info *info,
				    const struct boot_module *kmod,
				    const struct boot_module *imod,
				    uint64_t boot_pages,
				    const struct boot_e820_entry *map, int n)
{
	uint64_t align =
		info->kernel_alignment ? info->kernel_alignment : 0x200000;
	uint64_t addr = (info->pref_address + align - 1) & ~(align - 1);
	uint64_t src = kmod->start + info->kernel_offset;

	for (; addr < 0x100000000ull; addr += align) {
		if (!in_ram(map, n, addr, info->init_size))
			continue;
		if (imod && overlaps(addr, info->init_size, imod->start,
				     imod->end - imod->start))
			continue;
		if (overlaps(addr, info->init_size, boot_pages,
			     BOOT_PAGES * PAGE_SIZE))
			continue;
		if (overlaps(addr, info->init_size, kmod->start,
			     kmod->end - kmod->start) &&
		    addr > src)
			continue;
		if (!info->relocatable && addr != info->pref_address)
			break;
		return addr;
	}
	panic("launcher: no place for the kernel (%u bytes from a %llu-byte "
	      "aligned address) in the root cell's RAM\n",
	      info->init_size, (unsigned long long)align);
}

static void write_boot_gdt(uint64_t *gdt)
{
	gdt[0] = 0;
	gdt[1] = 0;
	gdt[GDT_BOOT_CS / 8] = 0x00cf9b000000ffffull; /* flat 32-bit code */
	gdt[GDT_BOOT_DS / 8] = 0x00cf93000000ffffull; /* flat data */
}

void launcher_prepare_root(const struct boot_info *bi,
			   const struct sysconfig *sc, struct vcpu *vcpu)
{
	const struct jailhouse_system *sys = sc->system;
	const struct boot_module *kmod = module_find(bi, MODULE_LINUX);
	const struct boot_module *imod = module_find(bi, MODULE_INITRD);
	static struct boot_e820_entry map[BP_E820_MAX];
	struct bzimage_info info;
	struct e820_range exclude[2], rsdp_page;
	struct boot_params_args args;
	const char *cmdline;
	uint64_t boot_pages;
	uint8_t *page;
	int n;

	if (!kmod)
		panic("launcher: no boot module with the role 'linux': nothing "
		      "to boot in the root cell\n");
	if (module_role(kmod->string, &cmdline) != MODULE_LINUX ||
	    strlen(cmdline) >= CMDLINE_MAX)
		panic("launcher: kernel command line too long\n");
	if (bzimage_check(phys_to_hv(kmod->start), kmod->end - kmod->start,
			  &info, err, sizeof(err)))
		panic("launcher: linux module: %s\n", err);

	memset(&args, 0, sizeof(args));
	exclude[0].start = sys->hypervisor_memory.phys_start;
	exclude[0].size = sys->hypervisor_memory.size;
	exclude[1].start = sc->inmate_window.start;
	exclude[1].size = sc->inmate_window.end - sc->inmate_window.start;
	args.mem.regions = jailhouse_cell_mem_regions(&sys->root_cell);
	args.mem.num_regions = sys->root_cell.num_memory_regions;
	args.mem.fw_map = bi->memmap;
	args.mem.num_fw_map = bi->num_memmap;
	args.mem.exclude = exclude;
	args.mem.num_exclude = exclude[1].size ? 2 : 1;
	boot_pages = pick_boot_pages(bi);
	/*
	 * A BIOS keeps the RSDP where Linux searches for it; UEFI does not,
	 * and the root Linux is not given the EFI system table (see
	 * docs/uefi.md), so it gets the address of a reserved copy. With
	 * the emulated VT-d unit the page holds a new RSDP, XSDT and DMAR.
	 */
	if ((bi->efi_system_table || vtd_ir_offered()) && bi->rsdp_len) {
		rsdp_page.start = boot_pages + RSDP_PAGE * PAGE_SIZE;
		rsdp_page.size = PAGE_SIZE;
		args.mem.reserve = &rsdp_page;
		args.mem.num_reserve = 1;
		args.rsdp_phys = rsdp_page.start;
	}
	/* A text mode is not described: Linux then finds no VGA console. */
	if (bi->fb.address && bi->fb.type == 1) {
		args.fb = &bi->fb;
		args.fb_video_type = bi->efi_system_table ? BP_VIDEO_TYPE_EFI :
							    BP_VIDEO_TYPE_VLFB;
	}
	n = e820_build(&args.mem, map, BP_E820_MAX, err, sizeof(err));
	if (n < 0)
		panic("launcher: memory map for Linux: %s\n", err);

	args.image = phys_to_hv(kmod->start);
	args.image_size = kmod->end - kmod->start;
	args.info = &info;
	args.kernel_phys =
		pick_kernel_address(&info, kmod, imod, boot_pages, map, n);
	args.zero_page_phys = boot_pages;
	args.cmdline_phys = boot_pages + PAGE_SIZE;
	args.cmdline = cmdline;
	if (imod) {
		args.initrd_phys = imod->start;
		args.initrd_size = imod->end - imod->start;
	}

	/* Built from the image's header before the kernel moves over it. */
	page = phys_to_hv(boot_pages);
	memset(page, 0, BOOT_PAGES * PAGE_SIZE);
	if (boot_params_build(page, &args, err, sizeof(err)))
		panic("launcher: %s\n", err);
	memcpy(page + PAGE_SIZE, cmdline, strlen(cmdline) + 1);
	if (args.rsdp_phys && vtd_ir_offered()) {
		if (vtd_ir_root_acpi(page + RSDP_PAGE * PAGE_SIZE, PAGE_SIZE,
				     args.rsdp_phys, err, sizeof(err)) < 0)
			panic("launcher: ACPI tables for the root: %s\n", err);
	} else if (args.rsdp_phys) {
		memcpy(page + RSDP_PAGE * PAGE_SIZE, bi->rsdp, bi->rsdp_len);
	}
	write_boot_gdt((uint64_t *)(page + PAGE_SIZE + CMDLINE_MAX));
	memmove(phys_to_hv(args.kernel_phys),
		(uint8_t *)phys_to_hv(kmod->start) + info.kernel_offset,
		info.kernel_size);

	vendor_vcpu_reset(vcpu, VCPU_START_LINUX32, args.kernel_phys);
	vendor_set_gdt(vcpu, boot_pages + PAGE_SIZE + CMDLINE_MAX, 4 * 8 - 1);
	vcpu->regs[REG_RSI] = boot_pages;

	printk("Root cell: Linux %s (boot protocol %u.%02u) at 0x%llx, "
	       "initrd %llu bytes at 0x%llx, boot parameters at 0x%llx, %d "
	       "E820 entries\n",
	       info.kernel_version[0] ? info.kernel_version : "(unnamed)",
	       info.version >> 8, info.version & 0xff,
	       (unsigned long long)args.kernel_phys,
	       (unsigned long long)args.initrd_size,
	       (unsigned long long)args.initrd_phys,
	       (unsigned long long)boot_pages, n);
	printk("Root cell: command line '%s'\n", cmdline);
	if (args.rsdp_phys)
		printk("Root cell: ACPI RSDP %s at 0x%llx\n",
		       vtd_ir_offered() ? "(tables with the VT-d unit's DMAR)" :
					  "copy",
		       (unsigned long long)args.rsdp_phys);
	if (args.fb)
		printk("Root cell: %s framebuffer %ux%u, %u bpp at 0x%llx\n",
		       bi->efi_system_table ? "EFI" : "VESA", args.fb->width,
		       args.fb->height, args.fb->bpp,
		       (unsigned long long)args.fb->address);
}
