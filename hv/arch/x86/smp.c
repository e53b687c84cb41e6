// SPDX-License-Identifier: GPL-2.0
/*
 * Finding and starting the CPUs.
 *
 * Logical CPU numbers are what configurations, the Jailhouse ioctls and
 * sysfs speak in, and they are the root Linux's numbers: the boot CPU is
 * 0, the other enabled CPUs follow in MADT order. Every CPU is started
 * with INIT-SIPI-SIPI into the trampoline and then waits in the
 * hypervisor until it is given work.
 */
#include <stdbool.h>
#include <warden/acpi.h>
#include <warden/errno.h>
#include <warden/hvmem.h>
#include <warden/layout.h>
#include <warden/percpu.h>
#include <warden/printk.h>
#include <warden/smp.h>
#include <warden/string.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/timing.h>

/* Real-mode start addresses are vector << 12: below 1 MiB, above the IVT. */
#define START_PAGE_MIN 0x1000
#define START_PAGE_MAX 0x9f000
/* Intel SDM / AMD APM start-up sequence timing, plus a generous answer. */
#define INIT_DELAY_US 10000
#define SIPI_DELAY_US 200
#define ANSWER_TIMEOUT_US 200000

extern const uint8_t ap_trampoline_start[], ap_trampoline_end[];
extern const uint8_t tp_gdt[], tp_gdt_desc[], tp_far32[], tp_far64[],
	tp_protected[], tp_long[], tp_cr3[], tp_stack[], tp_entry[], tp_arg[];

struct per_cpu *per_cpus[MAX_CPUS];
unsigned int num_cpus;

static struct acpi_tables acpi;
static struct acpi_madt_info madt;
static char acpi_err[ACPI_MSG_LEN];
static uint64_t start_page;

bool boot_page_is_free_ram(const struct boot_info *bi, uint64_t page)
{
	bool ram = false;
	unsigned int i;

	for (i = 0; i < bi->num_memmap; i++) {
		const struct boot_mem_range *r = &bi->memmap[i];
		bool inside = page >= r->base &&
			      page + PAGE_SIZE <= r->base + r->length;
		bool touches = page < r->base + r->length &&
			       r->base < page + PAGE_SIZE;

		if (inside && r->type == BOOT_MEM_RAM)
			ram = true;
		else if (touches && r->type != BOOT_MEM_RAM)
			return false;
	}
	for (i = 0; ram && i < bi->num_modules; i++)
		if (page < bi->modules[i].end &&
		    bi->modules[i].start < page + PAGE_SIZE)
			return false;
	return ram;
}

uint64_t smp_pick_start_page(const struct boot_info *bi)
{
	uint64_t page;

	/* Highest first: the lowest pages hold the BIOS data structures. */
	for (page = START_PAGE_MAX - PAGE_SIZE; page >= START_PAGE_MIN;
	     page -= PAGE_SIZE)
		if (boot_page_is_free_ram(bi, page))
			return start_page = page;
	return 0;
}

uint64_t smp_start_page(void)
{
	return start_page;
}

struct per_cpu *percpu_alloc(unsigned int cpu_id, uint32_t apic_id)
{
	struct per_cpu *pcpu = page_alloc(&hv_pool, PERCPU_SIZE / PAGE_SIZE,
					  PERCPU_SIZE / PAGE_SIZE);

	if (!pcpu)
		panic("out of hypervisor memory for CPU %u's per-CPU area\n",
		      cpu_id);
	pcpu->cpu_id = cpu_id;
	pcpu->apic_id = apic_id;
	pcpu->vcpu.xapic_dfr = XAPIC_DFR_FLAT;
	per_cpus[cpu_id] = pcpu;
	return pcpu;
}

void percpu_load_desc(struct per_cpu *pcpu)
{
	void *ist[PERCPU_IST_STACKS];
	unsigned int i;

	for (i = 0; i < PERCPU_IST_STACKS; i++)
		ist[i] = pcpu->ist_stacks[i] + PERCPU_IST_STACK_SIZE;
	desc_load(&pcpu->desc, ist);
}

static void __attribute__((noreturn)) ap_entry(struct per_cpu *pcpu)
{
	percpu_load_desc(pcpu);
	apic_cpu_init();
	__atomic_store_n(&pcpu->started, true, __ATOMIC_RELEASE);
	smp_secondary_main(pcpu);
}

static void patch_u32(uint8_t *page, const uint8_t *field, uint32_t value)
{
	memcpy(page + (field - ap_trampoline_start), &value, sizeof(value));
}

static void patch_u64(uint8_t *page, const uint8_t *field, uint64_t value)
{
	memcpy(page + (field - ap_trampoline_start), &value, sizeof(value));
}

static void prepare_trampoline(void)
{
	uint8_t *page = phys_to_hv(start_page);
	uint32_t base = start_page;

	memcpy(page, ap_trampoline_start,
	       ap_trampoline_end - ap_trampoline_start);
	patch_u32(page, tp_gdt_desc + 2, base + (tp_gdt - ap_trampoline_start));
	patch_u32(page, tp_far32, base + (tp_protected - ap_trampoline_start));
	patch_u32(page, tp_far64, base + (tp_long - ap_trampoline_start));
	patch_u64(page, tp_cr3, read_cr3());
	patch_u64(page, tp_entry, (uint64_t)ap_entry);
}

static bool start_cpu(struct per_cpu *pcpu)
{
	uint8_t *page = phys_to_hv(start_page);
	unsigned int waited;

	patch_u64(page, tp_stack, (uint64_t)percpu_stack_top(pcpu));
	patch_u64(page, tp_arg, (uint64_t)pcpu);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	apic_send_ipi(pcpu->apic_id, APIC_ICR_INIT);
	delay_us(INIT_DELAY_US);
	apic_send_ipi(pcpu->apic_id, APIC_ICR_STARTUP | (start_page >> 12));
	delay_us(SIPI_DELAY_US);
	if (!__atomic_load_n(&pcpu->started, __ATOMIC_ACQUIRE))
		apic_send_ipi(pcpu->apic_id,
			      APIC_ICR_STARTUP | (start_page >> 12));
	for (waited = 0; waited < ANSWER_TIMEOUT_US; waited += 100) {
		if (__atomic_load_n(&pcpu->started, __ATOMIC_ACQUIRE))
			return true;
		delay_us(100);
	}
	return false;
}

static bool cpu_in_set(const uint8_t *set, unsigned int set_size,
		       unsigned int cpu)
{
	return cpu / 8 < set_size && (set[cpu / 8] & (1u << (cpu % 8)));
}

struct per_cpu *smp_init(const struct boot_info *bi,
			 const struct jailhouse_system *sys)
{
	const struct jailhouse_cell_desc *root = &sys->root_cell;
	const uint8_t *root_cpus = jailhouse_cell_cpu_set_bytes(root);
	uint32_t order[MAX_CPUS];
	uint32_t boot_apic;
	struct per_cpu *bsp;
	int count, i;

	printk("APIC timer: %u kHz (measured against the ACPI PM timer)\n",
	       timing_measure_apic());
	boot_apic = apic_id();
	if (!bi->rsdp_len)
		panic("the boot loader passed no ACPI RSDP; Warden needs the "
		      "MADT to find the CPUs\n");
	if (acpi_init(&acpi, bi->rsdp, bi->rsdp_len, acpi_read_direct, NULL,
		      acpi_err, sizeof(acpi_err)) ||
	    acpi_parse_madt(&acpi, &madt, acpi_err, sizeof(acpi_err)))
		panic("ACPI: %s\n", acpi_err);
	count = acpi_cpu_order(&madt, boot_apic, order, MAX_CPUS);
	if (count < 0)
		panic("ACPI: the MADT does not list the boot CPU (APIC ID %u) "
		      "or lists more than %u CPUs (error %d)\n",
		      boot_apic, MAX_CPUS, count);
	num_cpus = count;

	bsp = percpu_alloc(0, boot_apic);
	bsp->started = true;
	prepare_trampoline();
	for (i = 1; i < count; i++) {
		struct per_cpu *pcpu = percpu_alloc(i, order[i]);

		if (start_cpu(pcpu))
			continue;
		if (cpu_in_set(root_cpus, root->cpu_set_size, i))
			panic("CPU %d (APIC ID %u) did not answer INIT-SIPI-SIPI;"
			      " the system configuration gives it to the root "
			      "cell\n",
			      i, order[i]);
		printk("WARNING: CPU %d (APIC ID %u) did not start; it is not "
		       "in the root cell, continuing without it\n",
		       i, order[i]);
	}
	for (i = 0; i < (int)root->cpu_set_size * 8; i++)
		if (cpu_in_set(root_cpus, root->cpu_set_size, i) && i >= count)
			panic("the system configuration gives CPU %d to the root "
			      "cell, but the MADT lists only %d CPUs\n",
			      i, count);
	return bsp;
}

void smp_report(void)
{
	unsigned int i, up = 0;

	for (i = 0; i < num_cpus; i++)
		if (per_cpus[i] && per_cpus[i]->started)
			up++;
	printk("CPUs: %u of %u started (APIC %s mode):", up, num_cpus,
	       apic_x2apic_mode() ? "x2APIC" : "xAPIC");
	for (i = 0; i < num_cpus; i++)
		printk(" %u=APIC %u%s", i, per_cpus[i]->apic_id,
		       per_cpus[i]->started ? "" : " (down)");
	printk("\n");
}
