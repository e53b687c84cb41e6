// SPDX-License-Identifier: GPL-2.0
/*
 * VM-exit statistics on the hypervisor console: press 's' there and every
 * CPU's counters are printed (the same counters the Jailhouse interface
 * reports through CPU_GET_INFO). The UART is polled from the exit path, on
 * every 64th exit of any CPU, which keeps the cost off the common path.
 */
#include <warden/percpu.h>
#include <warden/printk.h>
#include <warden/spinlock.h>
#include <asm/vcpu.h>

#define POLL_EVERY 64

static const char *const stat_names[NUM_VCPU_STATS] = {
	[STAT_TOTAL] = "total",	    [STAT_MMIO] = "mmio",
	[STAT_MANAGEMENT] = "management", [STAT_HYPERCALL] = "hypercall",
	[STAT_PIO] = "pio",	    [STAT_XAPIC] = "xapic",
	[STAT_CR] = "cr",	    [STAT_CPUID] = "cpuid",
	[STAT_XSETBV] = "xsetbv",   [STAT_EXCEPTION] = "exception",
	[STAT_MSR_OTHER] = "msr_other", [STAT_MSR_X2APIC_ICR] = "msr_x2apic_icr",
};

static struct spinlock poll_lock;

void vcpu_stats_dump(void)
{
	unsigned int cpu, s;

	uint32_t snap[NUM_VCPU_STATS];

	printk("VM exits per CPU (vmexits_*):\n");
	for (cpu = 0; cpu < num_cpus; cpu++) {
		const struct vcpu *v = &per_cpus[cpu]->vcpu;

		if (!v->cell)
			continue;
		/*
		 * The CPU keeps counting: read the reasons before the total
		 * (which each exit increments first), so total >= reasons.
		 */
		for (s = NUM_VCPU_STATS; s-- > 0;)
			snap[s] = __atomic_load_n(&v->stats[s], __ATOMIC_ACQUIRE);
		printk("  CPU %u:", cpu);
		for (s = 0; s < NUM_VCPU_STATS; s++)
			printk(" %s=%u", stat_names[s], snap[s]);
		printk("\n");
	}
}

void vcpu_stats_poll(struct vcpu *vcpu)
{
	int key;

	if (vcpu->stats[STAT_TOTAL] % POLL_EVERY)
		return;
	/* One CPU reads the UART at a time; the others skip this round. */
	if (__atomic_exchange_n(&poll_lock.locked, 1, __ATOMIC_ACQUIRE))
		return;
	key = console_getc();
	spin_unlock(&poll_lock);
	if (key == 's')
		vcpu_stats_dump();
}
