// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC as cells see it. Every cell runs on its CPUs' own APICs:
 * reads and most writes reach the calling CPU's hardware. Two things are
 * interposed:
 *
 * - The interrupt command register, where a cell could reach other CPUs.
 *   Every IPI is resolved here to its target CPUs and sent only to those
 *   of the sender's cell; INIT and start-up IPIs are emulated on the
 *   target's vCPU (the physical CPU stays in the hypervisor). A non-root
 *   cell naming a CPU outside itself commits a violation; a broadcast
 *   simply reaches its own CPUs.
 *
 * - For non-root cells on a machine whose APICs run in xAPIC mode, the
 *   x2APIC MSR interface (upstream inmates speak nothing else, spec 9.3)
 *   is emulated over the xAPIC registers of the calling CPU.
 */
#include <warden/cell.h>
#include <warden/hvmem.h>
#include <warden/percpu.h>
#include <warden/printk.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/vdevices.h>

#define X2APIC_BROADCAST 0xffffffffu
#define XAPIC_BROADCAST 0xffu

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

/* Does the destination field @dest of an IPI name @target's CPU? */
static bool dest_matches(const struct per_cpu *target, uint32_t dest,
			 bool logical, bool x2apic)
{
	uint32_t id = target->apic_id, ldr;

	if (x2apic) {
		if (dest == X2APIC_BROADCAST)
			return true;
		if (!logical)
			return dest == id;
		/* Cluster in bits 31:16, one bit per member in 15:0. */
		return (dest >> 16) == (id >> 4) && (dest & (1u << (id & 0xf)));
	}
	dest &= 0xff;
	if (dest == XAPIC_BROADCAST)
		return true;
	if (!logical)
		return dest == id;
	ldr = target->vcpu.xapic_ldr >> 24;
	if (target->vcpu.xapic_dfr >> 28 == 0xf)
		return dest & ldr; /* flat model: one bit per CPU */
	/* Cluster model: cluster in the high nibble, members in the low. */
	return (dest >> 4) == (ldr >> 4) && (dest & ldr & 0xf);
}

static bool icr_refused(struct vcpu *vcpu, uint32_t low, const char *why)
{
	printk("CPU %u: cell '%s': IPI refused (ICR 0x%x): %s\n", this_cpu_id(),
	       vcpu->cell->config->name, low, why);
	/* The root's CPUs are never stopped for it; the IPI is dropped. */
	return vcpu->cell->is_root;
}

static void deliver(struct per_cpu *target, unsigned int mode, uint32_t low)
{
	switch (mode) {
	case APIC_ICR_DM_INIT:
		/* The de-assert half of the old INIT sequence does nothing. */
		if (low & APIC_ICR_LEVEL_ASSERT)
			send_init(&target->vcpu);
		break;
	case APIC_ICR_DM_STARTUP:
		send_sipi(&target->vcpu, low & APIC_ICR_VECTOR);
		break;
	case APIC_ICR_DM_NMI:
		apic_send_ipi(target->apic_id, APIC_ICR_NMI);
		break;
	default:
		/* Fixed and lowest priority: a fixed IPI to that one CPU. */
		apic_send_ipi(target->apic_id,
			      APIC_ICR_FIXED | (low & APIC_ICR_VECTOR));
	}
}

bool vapic_write_icr(struct vcpu *vcpu, uint32_t low, uint32_t dest,
		     bool x2apic)
{
	unsigned int mode = (low >> APIC_ICR_DELIVERY_SHIFT) & 7;
	unsigned int shorthand = (low >> APIC_ICR_SHORTHAND_SHIFT) & 3;
	bool logical = low & APIC_ICR_DEST_LOGICAL;
	bool broadcast = shorthand != APIC_ICR_SH_NONE ||
			 (x2apic ? dest == X2APIC_BROADCAST :
				   (dest & 0xff) == XAPIC_BROADCAST);
	struct per_cpu *self = this_cpu();
	struct cell *cell = vcpu->cell;
	unsigned int cpu;
	bool match;

	switch (mode) {
	case APIC_ICR_DM_FIXED:
		break;
	case APIC_ICR_DM_LOWEST:
	case APIC_ICR_DM_NMI:
	case APIC_ICR_DM_INIT:
	case APIC_ICR_DM_STARTUP:
		if (shorthand == APIC_ICR_SH_SELF ||
		    shorthand == APIC_ICR_SH_ALL)
			return icr_refused(vcpu, low,
					   "this delivery mode only goes to "
					   "others");
		break;
	default:
		return icr_refused(vcpu, low, "delivery mode not allowed");
	}
	/* Cells get no NMIs (spec 9.1): a cell's NMI IPI is dropped. */
	if (mode == APIC_ICR_DM_NMI && !cell->is_root)
		return true;

	for (cpu = 0; cpu < num_cpus; cpu++) {
		struct per_cpu *target = per_cpus[cpu];

		if (!target)
			continue;
		switch (shorthand) {
		case APIC_ICR_SH_NONE:
			match = dest_matches(target, dest, logical, x2apic);
			break;
		case APIC_ICR_SH_SELF:
			match = target == self;
			break;
		case APIC_ICR_SH_ALL:
			match = true;
			break;
		default:
			match = target != self;
		}
		if (!match)
			continue;
		if (target->vcpu.cell != cell) {
			/* A broadcast means "all of mine". */
			if (broadcast)
				continue;
			printk("CPU %u: cell '%s': IPI (ICR 0x%x) to CPU %u, "
			       "which belongs to cell '%s'%s\n",
			       this_cpu_id(), cell->config->name, low, cpu,
			       target->vcpu.cell->config->name,
			       cell->is_root ? "; dropped" : "");
			if (!cell->is_root)
				return false;
			continue;
		}
		deliver(target, mode, low);
		if (mode == APIC_ICR_DM_LOWEST)
			break;
	}
	return true;
}

/*
 * A cell's local vector table entries may only raise ordinary interrupts:
 * SMI, NMI, INIT or ExtINT delivery would reach firmware, the
 * hypervisor's kick mechanism or the legacy PIC (the root's).
 */
static bool lvt_write_allowed(struct vcpu *vcpu, unsigned int reg,
			      uint32_t value)
{
	bool lvt = reg == APIC_REG_LVT_CMCI ||
		   (reg >= APIC_REG_LVT_TIMER && reg <= APIC_REG_LVT_ERROR);

	if (vcpu->cell->is_root || !lvt || (value & APIC_LVT_MASKED) ||
	    ((value >> APIC_ICR_DELIVERY_SHIFT) & 7) == APIC_ICR_DM_FIXED)
		return true;
	printk("CPU %u: cell '%s': local APIC LVT 0x%x = 0x%x refused: "
	       "delivery mode other than fixed\n",
	       this_cpu_id(), vcpu->cell->config->name, reg, value);
	return false;
}

bool vapic_mmio(struct vcpu *vcpu, unsigned int offset, unsigned int size,
		bool write, uint64_t *value)
{
	if (size != 4 || (offset & 3))
		return false;
	/*
	 * In x2APIC mode the MMIO interface is off, as on the hardware:
	 * nothing a guest writes there may reach the x2APIC MSRs.
	 */
	if (apic_x2apic_mode()) {
		if (!write)
			*value = 0xffffffff;
		return true;
	}
	if (!write) {
		*value = apic_read(offset);
		return true;
	}
	switch (offset) {
	case APIC_REG_ICR_LO:
		return vapic_write_icr(vcpu, *value,
				       apic_read(APIC_REG_ICR_HI) >> 24, false);
	case APIC_REG_LDR:
		vcpu->xapic_ldr = *value;
		break;
	case APIC_REG_DFR:
		vcpu->xapic_dfr = *value;
		break;
	}
	if (!lvt_write_allowed(vcpu, offset, *value))
		return false;
	apic_write(offset, *value);
	return true;
}

static bool x2apic_invalid(struct vcpu *vcpu, uint32_t msr, bool write)
{
	printk("CPU %u: cell '%s': %s of x2APIC register MSR 0x%x, which "
	       "does not exist or is %s\n",
	       this_cpu_id(), vcpu->cell->config->name,
	       write ? "write" : "read", msr,
	       write ? "read-only" : "write-only");
	return false;
}

/* x2APIC register reads: those that have an xAPIC twin read the hardware. */
static bool x2apic_read(unsigned int reg, uint32_t id, uint64_t *value)
{
	switch (reg) {
	case APIC_REG_ID:
		*value = id;
		return true;
	case APIC_REG_LDR:
		/* Fixed in x2APIC mode: derived from the ID. */
		*value = ((id >> 4) << 16) | (1u << (id & 0xf));
		return true;
	case APIC_REG_ICR_LO:
		*value = apic_read(APIC_REG_ICR_LO) |
			 ((uint64_t)(apic_read(APIC_REG_ICR_HI) >> 24) << 32);
		return true;
	case APIC_REG_VERSION:
	case APIC_REG_TPR:
	case APIC_REG_PPR:
	case APIC_REG_SVR:
	case APIC_REG_ESR:
	case APIC_REG_LVT_CMCI:
	case APIC_REG_LVT_TIMER ... APIC_REG_TMCCT:
	case APIC_REG_TDCR:
		*value = apic_read(reg);
		return true;
	}
	if (reg >= APIC_REG_ISR && reg < APIC_REG_ESR) {
		/* ISR, TMR, IRR: eight registers each. */
		*value = apic_read(reg);
		return true;
	}
	return false;
}

bool vapic_x2apic_msr(struct vcpu *vcpu, uint32_t msr, bool write,
		      uint64_t *value)
{
	unsigned int reg = (msr - MSR_X2APIC_BASE) << 4;
	uint32_t id = this_cpu()->apic_id;

	if (!write)
		return x2apic_read(reg, id, value) ||
		       x2apic_invalid(vcpu, msr, write);
	switch (reg) {
	case APIC_REG_TPR:
	case APIC_REG_SVR:
	case APIC_REG_LVT_CMCI:
	case APIC_REG_LVT_TIMER ... APIC_REG_TMICT:
	case APIC_REG_TDCR:
		if (!lvt_write_allowed(vcpu, reg, *value))
			return false;
		apic_write(reg, *value);
		return true;
	case APIC_REG_EOI:
	case APIC_REG_ESR:
		/* Only zero may be written here in x2APIC mode. */
		if (*value)
			break;
		apic_write(reg, 0);
		return true;
	case APIC_REG_ICR_LO:
		return vapic_write_icr(vcpu, *value, *value >> 32, true);
	case APIC_REG_SELF_IPI:
		apic_send_ipi(id, APIC_ICR_FIXED | (*value & APIC_ICR_VECTOR));
		return true;
	}
	return x2apic_invalid(vcpu, msr, write);
}
