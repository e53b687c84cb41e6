// SPDX-License-Identifier: GPL-2.0
/*
 * The system configuration at boot: choose, copy, validate, check against
 * the machine, summarise.
 */
#include <stdarg.h>
#include <warden/config_check.h>
#include <warden/format.h>
#include <warden/modules.h>
#include <warden/printk.h>
#include <warden/string.h>
#include <warden/sysconfig.h>

/* Modules are read through the boot identity map of the low 4 GiB. */
#define IDENTITY_LIMIT 0x100000000ull

extern const uint8_t system_config_linked[], system_config_linked_end[];

static uint8_t config_copy[CFG_MAX_SIZE] __attribute__((aligned(8)));

struct report_ctx {
	const char *source;
};

static void report(void *ctx, enum cfg_severity severity, const char *fmt,
		   ...)
{
	const struct report_ctx *rc = ctx;
	char line[PRINTK_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnformat(line, sizeof(line), fmt, ap);
	va_end(ap);
	printk("%s: %s: %s\n", rc->source,
	       severity == CFG_ERROR ? "error" : "warning", line);
}

void sysconfig_load(const struct boot_info *bi, struct sysconfig *out)
{
	const struct boot_module *mod = module_find(bi, MODULE_SYSTEM_CONFIG);
	struct report_ctx rc = { "linked-in system config '" WARDEN_SYSTEM "'" };
	const void *data = system_config_linked;
	size_t len = system_config_linked_end - system_config_linked;
	char source[64];

	if (mod) {
		snformat(source, sizeof(source), "system-config module %u",
			 (unsigned int)(mod - bi->modules));
		rc.source = source;
		if (mod->end > IDENTITY_LIMIT)
			panic("%s lies above 4 GiB (0x%llx); Warden reads boot "
			      "modules only below that\n",
			      source, (unsigned long long)mod->start);
		data = (const void *)mod->start;
		len = mod->end - mod->start;
	}
	if (len > sizeof(config_copy))
		panic("%s is %llu bytes; a configuration is at most %u\n",
		      rc.source, (unsigned long long)len,
		      (unsigned int)sizeof(config_copy));
	memcpy(config_copy, data, len);

	if (config_check_system(config_copy, len, report, &rc))
		panic("%s rejected (see above)\n", rc.source);
	out->system = (const struct jailhouse_system *)config_copy;
	out->size = jailhouse_system_config_size(out->system);
	out->inmate_window = platform_inmate_window(out->system);
	if (platform_check(out->system, bi, report, &rc))
		panic("%s does not fit this machine (see above)\n", rc.source);
	printk("System configuration: %s, %llu bytes\n", rc.source,
	       (unsigned long long)len);
}

/* "0-3,6" from a CPU bitmap. */
static void format_cpu_list(const uint8_t *set, unsigned int bytes, char *buf,
			    size_t len)
{
	unsigned int cpu, bits = bytes * 8, n = 0;

	buf[0] = '\0';
	for (cpu = 0; cpu < bits; cpu++) {
		unsigned int last = cpu;

		if (!(set[cpu / 8] & (1u << (cpu % 8))))
			continue;
		while (last + 1 < bits && (set[(last + 1) / 8] &
					   (1u << ((last + 1) % 8))))
			last++;
		n += snformat(buf + n, n < len ? len - n : 0,
			      last > cpu ? "%s%u-%u" : "%s%u", n ? "," : "", cpu,
			      last);
		cpu = last;
	}
	if (n == 0)
		snformat(buf, len, "none");
}

static const char *console_type_name(uint16_t type)
{
	switch (type) {
	case JAILHOUSE_CON_TYPE_NONE:
		return "none";
	case JAILHOUSE_CON_TYPE_EFIFB:
		return "EFI framebuffer";
	case JAILHOUSE_CON_TYPE_8250:
		return "8250 UART";
	default:
		return "unsupported";
	}
}

static const char *apic_mode_name(uint8_t mode)
{
	switch (mode) {
	case 0:
		return "auto";
	case 1:
		return "xAPIC";
	case 2:
		return "x2APIC";
	default:
		return "invalid";
	}
}

void sysconfig_print_summary(const struct sysconfig *sc)
{
	const struct jailhouse_system *sys = sc->system;
	const struct jailhouse_cell_desc *root = &sys->root_cell;
	const struct jailhouse_memory *mem = jailhouse_cell_mem_regions(root);
	uint64_t ram = 0, other = 0;
	unsigned int i, iommus = 0;
	char cpus[64];

	for (i = 0; i < root->num_memory_regions; i++) {
		if (platform_is_ram_region(&mem[i]))
			ram += mem[i].size;
		else
			other += mem[i].size;
	}
	for (i = 0; i < JAILHOUSE_MAX_IOMMU_UNITS; i++)
		if (sys->platform_info.iommu_units[i].type)
			iommus++;
	format_cpu_list(jailhouse_cell_cpu_set_bytes(root), root->cpu_set_size,
			cpus, sizeof(cpus));

	printk("  Hypervisor memory: 0x%llx-0x%llx (%llu KiB)\n",
	       (unsigned long long)sys->hypervisor_memory.phys_start,
	       (unsigned long long)(sys->hypervisor_memory.phys_start +
				    sys->hypervisor_memory.size - 1),
	       (unsigned long long)sys->hypervisor_memory.size >> 10);
	if (sc->inmate_window.end > sc->inmate_window.start)
		printk("  Inmate RAM window: 0x%llx-0x%llx (%llu KiB)\n",
		       (unsigned long long)sc->inmate_window.start,
		       (unsigned long long)sc->inmate_window.end - 1,
		       (unsigned long long)(sc->inmate_window.end -
					    sc->inmate_window.start) >> 10);
	printk("  Debug console: %s at 0x%llx%s\n",
	       console_type_name(sys->debug_console.type),
	       (unsigned long long)sys->debug_console.address,
	       sys->debug_console.flags & JAILHOUSE_CON_ACCESS_MMIO ? " (MMIO)" :
								     "");
	if (sys->platform_info.pci_mmconfig_base)
		printk("  PCI MMCONFIG: 0x%llx, buses 0-%u\n",
		       (unsigned long long)sys->platform_info.pci_mmconfig_base,
		       sys->platform_info.pci_mmconfig_end_bus);
	printk("  PM timer port: 0x%x, APIC mode: %s, IOMMU units: %u\n",
	       sys->platform_info.x86.pm_timer_address,
	       apic_mode_name(sys->platform_info.x86.apic_mode), iommus);
	printk("  Root cell '%.31s': CPUs %s; %u memory regions (%llu KiB RAM, "
	       "%llu KiB other); %u IRQ chips; %u PIO ranges; %u PCI devices, "
	       "%u capabilities\n",
	       root->name, cpus, root->num_memory_regions,
	       (unsigned long long)ram >> 10, (unsigned long long)other >> 10,
	       root->num_irqchips, root->num_pio_regions, root->num_pci_devices,
	       root->num_pci_caps);
}
