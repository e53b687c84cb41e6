// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * From the start-up code to inmate_main(): the hypercall instruction, the
 * interrupt table, the comm region check (spec 8.3) and the console.
 */
#include <inmate.h>

extern volatile uint32_t cpus_present;
extern volatile uint32_t ap_entry_set;
extern void (*volatile ap_entry)(void);
extern volatile uint32_t cpu_apic_ids[INMATE_MAX_CPUS];

void irq_init(void);
void hypercall_init(void);

void __attribute__((noreturn)) cpu_stop(void)
{
	cpu_halt_forever();
}

static void check_comm_region(void)
{
	struct jailhouse_comm_region *comm = comm_region();

	if (memcmp(comm->signature, COMM_REGION_MAGIC,
		   sizeof(comm->signature)) != 0 ||
	    comm->revision != COMM_REGION_ABI_REVISION) {
		/* Nobody to tell but the hypervisor: it shows the state. */
		comm->cell_state = JAILHOUSE_CELL_FAILED_COMM_REV;
		cpu_stop();
	}
}

void inmate_entry(void)
{
	hypercall_init();
	irq_init();
	check_comm_region();
	console_init();
	inmate_main();
	cpu_stop();
}

/* A CPU restarted by smp_start_cpu(), on its own stack. */
void inmate_ap_entry(void)
{
	irq_init();
	__atomic_add_fetch(&cpus_present, 1, __ATOMIC_SEQ_CST);
	ap_entry();
	cpu_stop();
}

unsigned int smp_num_cpus(void)
{
	unsigned int n = comm_region()->num_cpus;
	uint64_t deadline = tsc_ns() + 1000000000ull;

	/* The others check in as they arrive; give them a second. */
	while (cpus_present < n && tsc_ns() < deadline)
		cpu_relax();
	return cpus_present < INMATE_MAX_CPUS ? cpus_present : INMATE_MAX_CPUS;
}

uint32_t smp_cpu_apic_id(unsigned int index)
{
	return index < INMATE_MAX_CPUS ? cpu_apic_ids[index] : ~0u;
}

int smp_start_cpu(uint32_t id, void (*entry)(void))
{
	uint32_t before = cpus_present;
	uint64_t deadline;

	ap_entry = entry;
	__atomic_store_n(&ap_entry_set, 1, __ATOMIC_SEQ_CST);
	/* INIT (level assert), then a start-up IPI with vector 0: address 0. */
	wrmsr(X2APIC_ICR, ((uint64_t)id << 32) | 0x4500);
	delay_us(10000);
	wrmsr(X2APIC_ICR, ((uint64_t)id << 32) | 0x4600);
	deadline = tsc_ns() + 1000000000ull;
	while (cpus_present == before)
		if (tsc_ns() > deadline)
			return -1;
	return 0;
}
