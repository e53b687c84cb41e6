// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's boot sequence on the boot CPU.
 */
#include <stdint.h>
#include <warden/boot_info.h>
#include <warden/boot_report.h>
#include <warden/cell.h>
#include <warden/control.h>
#include <warden/efi_exit.h>
#include <warden/efi_gop.h>
#include <warden/efi_memmap.h>
#include <warden/format.h>
#include <warden/hvmem.h>
#include <warden/multiboot2.h>
#include <warden/multiboot2_header.h>
#include <warden/options.h>
#include <warden/printk.h>
#include <warden/smp.h>
#include <warden/sysconfig.h>
#include <warden/uart.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/vcpu.h>
#include <asm/vtd_ir.h>
#include "../../rootcell/launcher/launcher.h"
#include <asm/timing.h>
#include <asm/processor.h>

/* Largest boot information we accept; GRUB's is a few KiB. */
#define MBI_MAX_SIZE 0x100000
#define DEFAULT_CONSOLE_PORT 0x3f8
#define LOW_IDENTITY_LIMIT 0x100000000ull

static struct boot_info boot_info;
static struct hv_options options;
static struct sysconfig sysconfig;

/* Descriptor tables and exception stacks until the per-CPU areas exist. */
static struct cpu_desc boot_desc;
static uint8_t boot_ist_stacks[3][0x1000] __attribute__((aligned(16)));

void __attribute__((noreturn))
call_on_stack(void *stack_top, void (*fn)(struct per_cpu *),
	      struct per_cpu *arg);

/*
 * Print on @fb instead of a UART. The framebuffer must lie in the low
 * 4 GiB: the early identity map and the direct map both cover that much,
 * so the console works before and after the move into hypervisor memory.
 * Returns 0, or -1 with the reason in @err (the UART is left alone).
 */
static int console_to_fb(const struct boot_framebuffer *fb,
			 const struct boot_info *bi, char *err, size_t err_len)
{
	uint64_t end = fb->address + (uint64_t)fb->pitch * fb->height;
	unsigned int i;

	if (!fb->address) {
		snformat(err, err_len, "the boot loader passed no framebuffer");
		return -1;
	}
	if (end > LOW_IDENTITY_LIMIT || end < fb->address) {
		snformat(err, err_len,
			 "framebuffer 0x%llx-0x%llx does not lie below 4 GiB",
			 (unsigned long long)fb->address,
			 (unsigned long long)end - 1);
		return -1;
	}
	/* Device memory: drawing over RAM would corrupt whoever owns it. */
	for (i = 0; i < bi->num_memmap; i++) {
		const struct boot_mem_range *r = &bi->memmap[i];

		if (r->type == BOOT_MEM_RAM &&
		    fb->address < r->base + r->length && r->base < end) {
			snformat(err, err_len,
				 "framebuffer 0x%llx-0x%llx overlaps RAM",
				 (unsigned long long)fb->address,
				 (unsigned long long)end - 1);
			return -1;
		}
	}
	if (console_use_fb(fb, err, err_len))
		return -1;
	console_use_uart(0, 0);
	return 0;
}

static void console_setup(const struct hv_options *opts,
			  const struct boot_info *bi)
{
	char err[BOOT_ERROR_LEN];

	switch (opts->console) {
	case CONSOLE_NONE:
		console_use_uart(0, 0);
		break;
	case CONSOLE_UART:
		console_use_uart(opts->console_port, UART_DIVIDER_115200);
		break;
	case CONSOLE_EFIFB:
		if (console_to_fb(&bi->fb, bi, err, sizeof(err)) == 0)
			break;
		/* Say why on the default console rather than go silent. */
		console_use_uart(DEFAULT_CONSOLE_PORT, UART_DIVIDER_115200);
		printk("\nERROR: console=efifb: %s; printing on COM1 instead\n",
		       err);
		break;
	default:
		console_use_uart(DEFAULT_CONSOLE_PORT, UART_DIVIDER_115200);
		break;
	}
}

/*
 * An EFIFB debug console in the system configuration names the
 * framebuffer by its base. The boot loader's description of it (pitch,
 * size, pixel format) is used when the bases agree; without one, the
 * configuration's geometry flag (1024x768 or 1920x1080, 32 bpp, no row
 * padding) is taken on trust, as Jailhouse does.
 */
static void console_to_config_fb(const struct jailhouse_console *con,
				 const struct boot_info *bi)
{
	struct boot_framebuffer fb = bi->fb;
	char err[BOOT_ERROR_LEN];

	if (fb.address && fb.address != con->address) {
		printk("ERROR: system configuration's EFI framebuffer console "
		       "is at 0x%llx, but the boot loader's framebuffer is at "
		       "0x%llx; the console stays where it is\n",
		       (unsigned long long)con->address,
		       (unsigned long long)fb.address);
		return;
	}
	if (!fb.address) {
		bool big = FB_IS_1920x1080(con->flags);

		fb = (struct boot_framebuffer){
			.address = con->address,
			.width = big ? 1920 : 1024,
			.height = big ? 1080 : 768,
			.bpp = 32,
			.type = 1, /* RGB; grey text looks the same in any order */
			.red_pos = 16,
			.red_size = 8,
			.green_pos = 8,
			.green_size = 8,
			.blue_pos = 0,
			.blue_size = 8,
		};
		fb.pitch = fb.width * 4;
	}
	printk("Debug console: moving to the EFI framebuffer at 0x%llx, "
	       "%ux%u (per system configuration)\n",
	       (unsigned long long)fb.address, fb.width, fb.height);
	if (console_to_fb(&fb, bi, err, sizeof(err)))
		printk("ERROR: EFI framebuffer console: %s; the console stays "
		       "where it is\n",
		       err);
}

/*
 * Without a console= option the system configuration's debug console
 * decides; until it was read (and checked), COM1 carried any error.
 */
static void console_follow_config(const struct hv_options *opts,
				  const struct jailhouse_system *sys,
				  const struct boot_info *bi)
{
	const struct jailhouse_console *con = &sys->debug_console;

	if (opts->console != CONSOLE_DEFAULT)
		return;
	if (con->type == JAILHOUSE_CON_TYPE_NONE) {
		printk("Debug console: none (per system configuration); "
		       "output continues in the console ring only\n");
		console_use_uart(0, 0);
	} else if (con->type == JAILHOUSE_CON_TYPE_EFIFB) {
		console_to_config_fb(con, bi);
	} else if (con->type == JAILHOUSE_CON_TYPE_8250 &&
		   !(con->flags & JAILHOUSE_CON_ACCESS_MMIO) &&
		   con->address != DEFAULT_CONSOLE_PORT) {
		printk("Debug console: moving to the 8250 UART at 0x%llx "
		       "(per system configuration)\n",
		       (unsigned long long)con->address);
		console_use_uart(con->address, con->divider ?
						       con->divider :
						       UART_DIVIDER_115200);
	}
}

static void __attribute__((noinline)) raise_debug_trap(enum debug_trap trap)
{
	volatile uint64_t *unmapped = (uint64_t *)0xffff800000000000ull;
	volatile uint64_t *non_canonical = (uint64_t *)0x8000000000000000ull;
	volatile unsigned int zero = 0;

	printk("debug-trap: raising a deliberate exception\n");
	switch (trap) {
	case DEBUG_TRAP_UD:
		asm volatile("ud2");
		break;
	case DEBUG_TRAP_PF:
		(void)*unmapped;
		break;
	case DEBUG_TRAP_DE:
		(void)(1u / zero);
		break;
	case DEBUG_TRAP_GP:
		(void)*non_canonical;
		break;
	case DEBUG_TRAP_NONE:
		break;
	}
}

/*
 * Take the memory map from the UEFI exit, when we came that way: it is the
 * firmware's final word, where GRUB's tag was taken before boot services
 * released their memory.
 */
static int take_efi_memmap(char *err, size_t err_len)
{
	const struct efi_exit_state *s = &efi_exit_state;

	if (!s->map_size)
		return 0;
	/* GRUB passes no framebuffer unless asked: the firmware's GOP. */
	if (!boot_info.fb.address && s->gop.base)
		efi_gop_to_fb(&s->gop, &boot_info.fb);
	return efi_memmap_to_boot(s->map, s->map_size, s->desc_size, &boot_info,
				  err, err_len);
}

static bool cpu_in_root(unsigned int cpu)
{
	const struct jailhouse_cell_desc *root = &sysconfig.system->root_cell;
	const uint8_t *set = jailhouse_cell_cpu_set_bytes(root);

	return cpu / 8 < root->cpu_set_size &&
	       (set[cpu / 8] & (1u << (cpu % 8)));
}

/* The boot CPU, on its per-CPU stack once all CPUs are started. */
static void __attribute__((noreturn)) boot_cpu_main(struct per_cpu *unused)
{
	struct per_cpu *pcpu = this_cpu();

	percpu_load_desc(pcpu);
	smp_report();
	printk("Warden: configuration checked; starting the root cell\n");
	vendor_cpu_init(&pcpu->vcpu);
	pcpu->vcpu.cell = &root_cell;
	control_boot_cells(&boot_info);
	launcher_prepare_root(&boot_info, &sysconfig, &pcpu->vcpu);
	vendor_vcpu_run(&pcpu->vcpu);
}

/* Secondary CPUs: root CPUs wait for Linux to start them (INIT/SIPI). */
void smp_secondary_main(struct per_cpu *pcpu)
{
	if (!cpu_in_root(pcpu->cpu_id))
		cpu_halt_forever();
	vendor_cpu_init(&pcpu->vcpu);
	pcpu->vcpu.cell = &root_cell;
	pcpu->vcpu.wait_for_sipi = true;
	vendor_vcpu_run(&pcpu->vcpu);
}

void hv_main(uint32_t magic, uint64_t mbi_phys)
{
	char parse_err[BOOT_ERROR_LEN] = "";
	char option_err[BOOT_ERROR_LEN] = "";
	int mbi_ret = -1, opt_ret;
	uint64_t start_page;

	void *boot_ist[3] = { boot_ist_stacks[0] + sizeof(boot_ist_stacks[0]),
			      boot_ist_stacks[1] + sizeof(boot_ist_stacks[1]),
			      boot_ist_stacks[2] + sizeof(boot_ist_stacks[2]) };

	desc_load(&boot_desc, boot_ist);

	/*
	 * The console choice is on the command line inside the boot
	 * information, so parse first and report afterwards.
	 */
	if (magic != MB2_BOOT_MAGIC)
		snformat(parse_err, sizeof(parse_err),
			 "not started by a multiboot2 boot loader (magic 0x%x)",
			 magic);
	else if (mbi_phys == 0 || mbi_phys % 8 ||
		 mbi_phys >= LOW_IDENTITY_LIMIT - MBI_MAX_SIZE)
		snformat(parse_err, sizeof(parse_err),
			 "boot information at 0x%llx is not 8-byte aligned "
			 "below 4 GiB",
			 (unsigned long long)mbi_phys);
	else
		mbi_ret = mb2_parse((const void *)mbi_phys, MBI_MAX_SIZE,
				    &boot_info, parse_err, sizeof(parse_err));
	if (mbi_ret == 0)
		mbi_ret = take_efi_memmap(parse_err, sizeof(parse_err));

	opt_ret = options_parse(boot_info.cmdline, &options, option_err,
				sizeof(option_err));
	if (opt_ret)
		options = (struct hv_options){ 0 }; /* report on the default */
	console_setup(&options, &boot_info);

	printk("\nWarden %s (%s)\n", WARDEN_VERSION, WARDEN_GIT);
	if (mbi_ret)
		panic("bad boot information: %s\n", parse_err);
	if (opt_ret)
		panic("bad hypervisor command line: %s\n", option_err);
	if (efi_exit_state.map_size)
		printk("Left UEFI boot services (attempt %u)\n",
		       efi_exit_state.attempts);
	else if (efi_exit_state.left_by_loader)
		printk("UEFI boot services: left by the loader\n");

	boot_report(&boot_info);
	if (options.debug_trap != DEBUG_TRAP_NONE)
		raise_debug_trap(options.debug_trap);

	sysconfig_load(&boot_info, &sysconfig);
	console_follow_config(&options, sysconfig.system, &boot_info);
	sysconfig_print_summary(&sysconfig);

	start_page = smp_pick_start_page(&boot_info);
	if (!start_page)
		panic("no free RAM page below 1 MiB to start the other CPUs "
		      "from\n");
	hvmem_init(sysconfig.system, &boot_info, start_page);
	printk("TSC: %u kHz (measured against the ACPI PM timer)\n",
	       timing_init(
		       sysconfig.system->platform_info.x86.pm_timer_address));
	vendor_check();
	/* The APIC mode decides which x2APIC MSRs the cells' bitmaps trap. */
	vtd_ir_probe(&boot_info, sysconfig.system);
	apic_init(vtd_ir_offered());
	root_cell_init(sysconfig.system);
	call_on_stack(percpu_stack_top(smp_init(&boot_info, sysconfig.system)),
		      boot_cpu_main, NULL);
}
