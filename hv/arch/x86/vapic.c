// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC as cells see it (xAPIC mode). Reads go straight to the
 * hardware; writes trap. Most registers are written through; the
 * interrupt command register is where a cell could reach other CPUs, so
 * INIT and start-up IPIs are emulated on the target's vCPU (the physical
 * CPU stays in the hypervisor) and other IPIs must stay inside the cell.
 */
#include <warden/cell.h>
#include <warden/hvmem.h>
#include <warden/percpu.h>
#include <warden/printk.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/vdevices.h>

#define APIC_ICR_LO 0x300
#define APIC_ICR_HI 0x310
#define ICR_VECTOR 0xff
#define ICR_DELIVERY_SHIFT 8
#define ICR_DELIVERY_MASK (7u << ICR_DELIVERY_SHIFT)
#define ICR_DM_INIT 5
#define ICR_DM_STARTUP 6
#define ICR_DEST_LOGICAL (1u << 11)
#define ICR_LEVEL_ASSERT (1u << 14)
#define ICR_SHORTHAND_SHIFT 18
#define ICR_SHORTHAND_MASK (3u << ICR_SHORTHAND_SHIFT)

static volatile uint32_t *apic_reg(unsigned int offset)
{
	return (volatile uint32_t *)((uint8_t *)phys_to_hv(XAPIC_BASE) +
				     offset);
}

static struct vcpu *vcpu_by_apic_id(struct cell *cell, uint32_t apic_id)
{
	unsigned int i;

	for (i = 0; i < num_cpus; i++)
		if (per_cpus[i] && per_cpus[i]->apic_id == apic_id &&
		    per_cpus[i]->vcpu.cell == cell)
			return &per_cpus[i]->vcpu;
	return NULL;
}

/* INIT: the target leaves its guest (NMI) and waits for a start-up IPI. */
static void send_init(struct vcpu *target)
{
	struct per_cpu *pcpu = vcpu_to_cpu(target);

	__atomic_store_n(&target->sipi_vector, -1, __ATOMIC_RELEASE);
	__atomic_store_n(&target->init_pending, true, __ATOMIC_RELEASE);
	if (pcpu != this_cpu())
		vcpu_kick(target);
}

static void send_sipi(struct vcpu *target, unsigned int vector)
{
	if (__atomic_load_n(&target->init_pending, __ATOMIC_ACQUIRE) ||
	    target->wait_for_sipi)
		__atomic_store_n(&target->sipi_vector, vector,
				 __ATOMIC_RELEASE);
}

/*
 * A write to the interrupt command register, in either APIC mode: INIT
 * and start-up IPIs are emulated, everything else goes to the hardware.
 */
void vapic_write_icr(struct vcpu *vcpu, uint32_t low, uint32_t dest,
		     bool x2apic)
{
	unsigned int mode = (low & ICR_DELIVERY_MASK) >> ICR_DELIVERY_SHIFT;
	struct vcpu *target;

	if (mode != ICR_DM_INIT && mode != ICR_DM_STARTUP) {
		/* Only the root cell exists: every CPU is its own. */
		if (x2apic)
			wrmsr(MSR_X2APIC_ICR, ((uint64_t)dest << 32) | low);
		else
			*apic_reg(APIC_ICR_LO) = low;
		return;
	}
	if ((low & (ICR_SHORTHAND_MASK | ICR_DEST_LOGICAL))) {
		printk("CPU %u: INIT/SIPI with shorthand or logical "
		       "destination (ICR 0x%x) ignored\n",
		       this_cpu_id(), low);
		return;
	}
	target = vcpu_by_apic_id(vcpu->cell, dest);
	if (!target) {
		printk("CPU %u: INIT/SIPI to APIC ID %u outside the cell "
		       "ignored\n",
		       this_cpu_id(), dest);
		return;
	}
	if (mode == ICR_DM_INIT) {
		/* The de-assert half of the old INIT sequence does nothing. */
		if (low & ICR_LEVEL_ASSERT)
			send_init(target);
	} else {
		send_sipi(target, low & ICR_VECTOR);
	}
}

bool vapic_mmio(struct vcpu *vcpu, unsigned int offset, unsigned int size,
		bool write, uint64_t *value)
{
	if (size != 4 || (offset & 3))
		return false;
	if (!write) {
		*value = *apic_reg(offset);
		return true;
	}
	if (offset == APIC_ICR_LO)
		vapic_write_icr(vcpu, *value, *apic_reg(APIC_ICR_HI) >> 24,
				false);
	else
		*apic_reg(offset) = *value;
	return true;
}
