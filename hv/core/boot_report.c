// SPDX-License-Identifier: GPL-2.0
/*
 * The boot report: what the boot loader handed us, printed once so a user
 * at a serial console can see what Warden works with.
 */
#include <warden/boot_info.h>
#include <warden/boot_report.h>
#include <warden/modules.h>
#include <warden/printk.h>

static const char *mem_type_name(uint32_t type)
{
	switch (type) {
	case BOOT_MEM_RAM:
		return "RAM";
	case BOOT_MEM_ACPI:
		return "ACPI data";
	case BOOT_MEM_NVS:
		return "ACPI NVS";
	case BOOT_MEM_BAD:
		return "unusable";
	default:
		return "reserved";
	}
}

uint64_t boot_ram_bytes(const struct boot_info *bi)
{
	uint64_t total = 0;
	unsigned int i;

	for (i = 0; i < bi->num_memmap; i++)
		if (bi->memmap[i].type == BOOT_MEM_RAM)
			total += bi->memmap[i].length;
	return total;
}

static void report_memmap(const struct boot_info *bi)
{
	unsigned int i;

	printk("Memory map (%u ranges):\n", bi->num_memmap);
	for (i = 0; i < bi->num_memmap; i++) {
		const struct boot_mem_range *r = &bi->memmap[i];

		printk("  [0x%016llx-0x%016llx] %s\n",
		       (unsigned long long)r->base,
		       (unsigned long long)(r->base + r->length - 1),
		       mem_type_name(r->type));
	}
	printk("RAM: %llu KiB\n",
	       (unsigned long long)(boot_ram_bytes(bi) >> 10));
}

static void report_modules(const struct boot_info *bi)
{
	unsigned int i;

	printk("Modules: %u\n", bi->num_modules);
	for (i = 0; i < bi->num_modules; i++) {
		const struct boot_module *m = &bi->modules[i];
		enum module_role role = module_role(m->string, &(const char *){ 0 });

		printk("  module %u: role %s, 0x%llx-0x%llx, %llu bytes, '%s'\n",
		       i, module_role_name(role), (unsigned long long)m->start,
		       (unsigned long long)m->end,
		       (unsigned long long)(m->end - m->start), m->string);
		if (role == MODULE_UNKNOWN)
			printk("  WARNING: module %u has %s role word; it is "
			       "ignored (roles: linux initrd system-config "
			       "cell inmate)\n",
			       i, m->string[0] ? "an unknown" : "no");
	}
}

static void report_firmware(const struct boot_info *bi)
{
	if (bi->rsdp_len) {
		/* RSDP revision byte: 0 = ACPI 1.0, 2 = ACPI 2.0 and later. */
		printk("ACPI RSDP: revision %u (%u bytes)\n", bi->rsdp[15],
		       bi->rsdp_len);
	} else {
		printk("ACPI RSDP: none given by the boot loader\n");
	}
	if (bi->fb.address)
		printk("Framebuffer: 0x%llx %ux%u, %u bpp, pitch %u\n",
		       (unsigned long long)bi->fb.address, bi->fb.width,
		       bi->fb.height, bi->fb.bpp, bi->fb.pitch);
	if (bi->efi_system_table)
		printk("UEFI: system table 0x%llx, image handle 0x%llx\n",
		       (unsigned long long)bi->efi_system_table,
		       (unsigned long long)bi->efi_image_handle);
}

void boot_report(const struct boot_info *bi)
{
	printk("Boot loader: %s\n",
	       bi->loader_name[0] ? bi->loader_name : "(unnamed)");
	printk("Command line: '%s'\n", bi->cmdline);
	report_memmap(bi);
	report_modules(bi);
	report_firmware(bi);
}
