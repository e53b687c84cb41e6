// SPDX-License-Identifier: GPL-2.0
/*
 * Local APIC access for the hypervisor itself.
 */
#include <warden/hvmem.h>
#include <warden/printk.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/vcpu.h>

#define ICR_WAIT_LIMIT 1000000
#define APIC_MAXLVT(version) (((version) >> 16) & 0xff)
#define APIC_DRAIN_LIMIT 256

static volatile uint32_t *xapic;
static bool x2apic;

uint32_t apic_read(unsigned int offset)
{
	if (x2apic)
		return rdmsr(MSR_X2APIC_BASE + (offset >> 4));
	return xapic[offset / 4];
}

void apic_write(unsigned int offset, uint32_t value)
{
	if (x2apic)
		wrmsr(MSR_X2APIC_BASE + (offset >> 4), value);
	else
		xapic[offset / 4] = value;
}

/*
 * The second, identical write is for Bochs 2.7: it derives the x2APIC
 * logical ID (LDR) only on an APIC-base write made in x2APIC mode, and
 * leaves it 0 after the switch itself. Rewriting the value is harmless
 * elsewhere.
 */
static void enter_x2apic(uint64_t base)
{
	wrmsr(MSR_APIC_BASE, base);
	wrmsr(MSR_APIC_BASE, base);
}

/*
 * The boot CPU's mode is the mode of all CPUs and of the root Linux: the
 * firmware's, or x2APIC when @want_x2apic (the root then gets interrupt
 * remapping, without which the stock kernel would switch back to xAPIC;
 * see docs/root-cell.md).
 */
void apic_init(bool want_x2apic)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	if (!(base & APIC_BASE_EN))
		panic("the local APIC is disabled (APIC base MSR 0x%llx)\n",
		      (unsigned long long)base);
	if (want_x2apic && !(base & APIC_BASE_EXTD)) {
		base |= APIC_BASE_EXTD;
		enter_x2apic(base);
		printk("APIC: switched to x2APIC mode\n");
	}
	x2apic = base & APIC_BASE_EXTD;
	xapic = phys_to_hv(base & ~0xfffull & ((1ull << 52) - 1));
}

void apic_cpu_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	if (x2apic && !(base & APIC_BASE_EXTD))
		enter_x2apic(base | APIC_BASE_EXTD);
}

bool apic_x2apic_mode(void)
{
	return x2apic;
}

uint32_t apic_id(void)
{
	uint32_t id = apic_read(APIC_REG_ID);

	return x2apic ? id : id >> 24;
}

void apic_send_ipi(uint32_t dest, uint32_t icr_low)
{
	unsigned int wait = 0;

	if (x2apic) {
		/* x2APIC ICR writes are accepted at once: no pending bit. */
		wrmsr(MSR_X2APIC_ICR, ((uint64_t)dest << 32) | icr_low);
		return;
	}
	apic_write(APIC_REG_ICR_HI, dest << 24);
	apic_write(APIC_REG_ICR_LO, icr_low);
	while ((apic_read(APIC_REG_ICR_LO) & APIC_ICR_BUSY) &&
	       ++wait < ICR_WAIT_LIMIT)
		cpu_relax();
}

void apic_eoi(void)
{
	apic_write(APIC_REG_EOI, 0);
}

static bool any_bit_set(unsigned int first_reg)
{
	unsigned int reg;

	for (reg = 0; reg < 8; reg++)
		if (apic_read(first_reg + reg * 0x10))
			return true;
	return false;
}

void apic_clear(void)
{
	unsigned int maxlvt = APIC_MAXLVT(apic_read(APIC_REG_VERSION));
	unsigned int i;

	/* Enabled while clearing: a disabled APIC ignores EOIs. */
	apic_write(APIC_REG_SVR, apic_read(APIC_REG_SVR) | APIC_SVR_ENABLE);
	apic_write(APIC_REG_LVT_TIMER, APIC_LVT_MASKED);
	apic_write(APIC_REG_TMICT, 0);
	apic_write(APIC_REG_LVT_LINT0, APIC_LVT_MASKED);
	apic_write(APIC_REG_LVT_LINT1, APIC_LVT_MASKED);
	if (maxlvt >= 3)
		apic_write(APIC_REG_LVT_ERROR, APIC_LVT_MASKED);
	if (maxlvt >= 4)
		apic_write(APIC_REG_LVT_PERF, APIC_LVT_MASKED);
	if (maxlvt >= 5)
		apic_write(APIC_REG_LVT_THERMAL, APIC_LVT_MASKED);
	if (maxlvt >= 6)
		apic_write(APIC_REG_LVT_CMCI, APIC_LVT_MASKED);
	/* Inmates program the timer assuming Linux's divide-by-16. */
	apic_write(APIC_REG_TDCR, APIC_TDCR_DIV_16);
	apic_write(APIC_REG_TPR, 0);
	/* Each EOI retires the highest in-service vector. */
	for (i = 0; i < APIC_DRAIN_LIMIT && any_bit_set(APIC_REG_ISR); i++)
		apic_eoi();
	/*
	 * Requested but not yet delivered interrupts of the previous owner
	 * (Linux's timer, say) would reach the next one: take them here,
	 * where irq_drop_entry acknowledges and drops them.
	 */
	for (i = 0; i < APIC_DRAIN_LIMIT && any_bit_set(APIC_REG_IRR); i++)
		vendor_irq_window();
	apic_write(APIC_REG_ESR, 0);
	apic_write(APIC_REG_SVR, 0xff);
}
