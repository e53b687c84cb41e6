// SPDX-License-Identifier: GPL-2.0
/*
 * Local APIC access for the hypervisor itself.
 */
#include <warden/hvmem.h>
#include <warden/printk.h>
#include <asm/apic.h>
#include <asm/processor.h>

#define XAPIC_ID 0x20
#define XAPIC_ICR_LO 0x300
#define XAPIC_ICR_HI 0x310
#define ICR_SEND_PENDING (1u << 12)
#define MSR_X2APIC_ID 0x802
#define ICR_WAIT_LIMIT 1000000

static volatile uint32_t *xapic;
static bool x2apic;

static uint32_t xapic_read(unsigned int reg)
{
	return xapic[reg / 4];
}

static void xapic_write(unsigned int reg, uint32_t value)
{
	xapic[reg / 4] = value;
}

void apic_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	if (!(base & APIC_BASE_EN))
		panic("the local APIC is disabled (APIC base MSR 0x%llx)\n",
		      (unsigned long long)base);
	x2apic = base & APIC_BASE_EXTD;
	xapic = phys_to_hv(base & ~0xfffull & ((1ull << 52) - 1));
}

bool apic_x2apic_mode(void)
{
	return x2apic;
}

uint32_t apic_id(void)
{
	return x2apic ? (uint32_t)rdmsr(MSR_X2APIC_ID) :
			xapic_read(XAPIC_ID) >> 24;
}

void apic_send_ipi(uint32_t dest, uint32_t icr_low)
{
	unsigned int wait = 0;

	if (x2apic) {
		/* x2APIC ICR writes are accepted at once: no pending bit. */
		wrmsr(MSR_X2APIC_ICR, ((uint64_t)dest << 32) | icr_low);
		return;
	}
	xapic_write(XAPIC_ICR_HI, dest << 24);
	xapic_write(XAPIC_ICR_LO, icr_low);
	while ((xapic_read(XAPIC_ICR_LO) & ICR_SEND_PENDING) &&
	       ++wait < ICR_WAIT_LIMIT)
		cpu_relax();
}
