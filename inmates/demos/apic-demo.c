// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * apic-demo: the x2APIC timer at 10 Hz (one-shot, re-armed each tick),
 * with the jitter of each tick against the TSC. The demo holds the
 * configuration lock (RUNNING_LOCKED: no other cell may be created or
 * destroyed meanwhile), denies the first shutdown request and stops on
 * the second, as upstream's apic-demo does.
 */
#include <inmate.h>

#define TIMER_VECTOR 32
#define PERIOD_NS 100000000ull

static volatile uint64_t expected;
static volatile unsigned long long ticks;
static long long jitter_min = 1ll << 62, jitter_max = -(1ll << 62);

static void timer_tick(unsigned int vector)
{
	uint64_t now = tsc_ns();
	long long jitter = (long long)(now - expected);

	if (jitter < jitter_min)
		jitter_min = jitter;
	if (jitter > jitter_max)
		jitter_max = jitter;
	ticks++;
	printk("apic-demo: tick %llu, jitter %lld us (min %lld, max %lld)\n",
	       ticks, jitter / 1000, jitter_min / 1000, jitter_max / 1000);
	/* Re-arm against the ideal schedule, not against now. */
	do
		expected += PERIOD_NS;
	while (expected <= now);
	apic_timer_oneshot(TIMER_VECTOR, expected - now);
}

void inmate_main(void)
{
	bool denied = false;
	uint32_t msg;

	printk("apic-demo: APIC ID %u, APIC timer %u kHz (divided by 16), "
	       "TSC %u kHz\n",
	       apic_id(), comm_region()->apic_khz, comm_region()->tsc_khz);
	comm_set_state(JAILHOUSE_CELL_RUNNING_LOCKED);
	printk("apic-demo: holding the configuration lock\n");

	apic_enable();
	irq_set_handler(TIMER_VECTOR, timer_tick);
	expected = tsc_ns() + PERIOD_NS;
	apic_timer_oneshot(TIMER_VECTOR, PERIOD_NS);
	irq_enable();

	for (;;) {
		/* Each tick wakes us to look for messages. */
		asm volatile("hlt");
		msg = comm_message();
		if (msg != JAILHOUSE_MSG_SHUTDOWN_REQUEST) {
			comm_answer(msg);
			continue;
		}
		if (!denied) {
			denied = true;
			printk("apic-demo: shutdown request denied; ask again "
			       "to stop\n");
			comm_reply(JAILHOUSE_MSG_REQUEST_DENIED);
			continue;
		}
		irq_disable();
		wrmsr(X2APIC_TMICT, 0);
		printk("apic-demo: second shutdown request: stopping after "
		       "%llu ticks\n",
		       ticks);
		comm_set_state(JAILHOUSE_CELL_SHUT_DOWN);
		cpu_stop();
	}
}
