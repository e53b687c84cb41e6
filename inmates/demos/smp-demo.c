// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * smp-demo: the main CPU restarts the cell's other CPUs with INIT and
 * start-up IPIs, then plays IPI ping-pong with each of them.
 */
#include <inmate.h>

#define PING_VECTOR 40
#define PONG_VECTOR 41
#define ROUNDS 3

static volatile uint32_t main_apic_id;
static volatile unsigned int pongs;

static void ping(unsigned int vector)
{
	apic_send_ipi(main_apic_id, PONG_VECTOR);
}

static void pong(unsigned int vector)
{
	pongs++;
}

static void secondary_main(void)
{
	apic_enable();
	printk("smp-demo: CPU with APIC ID %u is up\n", apic_id());
	irq_enable();
	for (;;)
		asm volatile("hlt");
}

void inmate_main(void)
{
	unsigned int n = smp_num_cpus(), i, round, ok = 0;
	uint64_t deadline;

	main_apic_id = apic_id();
	printk("smp-demo: %u CPUs checked in; main CPU is APIC ID %u\n", n,
	       main_apic_id);
	irq_set_handler(PING_VECTOR, ping);
	irq_set_handler(PONG_VECTOR, pong);
	apic_enable();
	irq_enable();
	for (i = 1; i < n; i++) {
		uint32_t id = smp_cpu_apic_id(i);

		if (smp_start_cpu(id, secondary_main)) {
			printk("smp-demo: APIC ID %u did not start\n", id);
			continue;
		}
		for (round = 0; round < ROUNDS; round++) {
			unsigned int before = pongs;

			apic_send_ipi(id, PING_VECTOR);
			deadline = tsc_ns() + 1000000000ull;
			while (pongs == before && tsc_ns() < deadline)
				cpu_relax();
			if (pongs == before)
				break;
		}
		if (round == ROUNDS) {
			ok++;
			printk("smp-demo: %u IPI round trips with APIC ID %u\n",
			       ROUNDS, id);
		} else {
			printk("smp-demo: APIC ID %u did not answer\n", id);
		}
	}
	printk("smp-demo: %u of %u other CPUs started and answered IPIs\n", ok,
	       n - 1);
}
