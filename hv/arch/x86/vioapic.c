// SPDX-License-Identifier: GPL-2.0
/*
 * IOAPIC access by cells: always emulated (spec 2.7). A cell may program
 * only the redirection entries of the pins it has (its configuration's,
 * and for the root minus those a non-root cell holds); everything else
 * reaches the hardware unchanged. Each vCPU keeps its own register
 * select, so cells sharing an IOAPIC cannot redirect each other's next
 * access; the pair select-then-window is replayed under one lock.
 *
 * With the emulated interrupt-remapping unit (asm/vtd_ir.h) the root's
 * entries are kept in a shadow, as the root wrote them, and the IOAPIC
 * gets their translation; reads return the shadow with the live delivery
 * status and remote IRR bits.
 *
 * A non-root cell's entries must deliver to its own CPUs (physical
 * destination) with fixed or lowest-priority delivery: anything else
 * could interrupt another cell's CPU, or reset it.
 */
#include <warden/cell.h>
#include <warden/hvmem.h>
#include <warden/percpu.h>
#include <warden/printk.h>
#include <warden/spinlock.h>
#include <asm/vdevices.h>
#include <asm/vtd_ir.h>

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_EOI 0x40 /* version 0x20 and later */
#define IOAPIC_REDIR_BASE 0x10
#define IOAPIC_MAX_PINS 120 /* redirection registers 0x10..0xff */
#define REDIR_MASKED (1u << 16)
#define REDIR_DEST_LOGICAL (1u << 11)
#define REDIR_DELIVERY_SHIFT 8
#define REDIR_LIVE_BITS ((1u << 12) | (1u << 14)) /* status, remote IRR */

static struct spinlock ioapic_lock;

/* The root's entries as written, when they are translated. */
static uint64_t root_rte[VCPU_IOAPICS][IOAPIC_MAX_PINS];
static bool root_rte_valid[VCPU_IOAPICS];

static int find_ioapic(struct cell *cell, uint64_t page)
{
	const struct jailhouse_irqchip *chip =
		jailhouse_cell_irqchips(cell->config);
	unsigned int i;

	for (i = 0; i < cell->config->num_irqchips && i < VCPU_IOAPICS; i++)
		if (chip[i].address == page)
			return i;
	return -1;
}

static uint32_t regs_access(volatile uint32_t *regs, uint32_t index, bool write,
			    uint32_t value)
{
	regs[IOAPIC_REGSEL / 4] = index;
	if (write)
		regs[IOAPIC_WINDOW / 4] = value;
	else
		value = regs[IOAPIC_WINDOW / 4];
	return value;
}

static uint64_t rte_read(volatile uint32_t *regs, unsigned int pin)
{
	unsigned int index = IOAPIC_REDIR_BASE + pin * 2;

	return regs_access(regs, index, false, 0) |
	       (uint64_t)regs_access(regs, index + 1, false, 0) << 32;
}

/* Mask first when masking, unmask last: never a half-written entry live. */
static void rte_write(volatile uint32_t *regs, unsigned int pin, uint64_t rte)
{
	unsigned int index = IOAPIC_REDIR_BASE + pin * 2;

	if (rte & REDIR_MASKED) {
		regs_access(regs, index, true, rte);
		regs_access(regs, index + 1, true, rte >> 32);
	} else {
		regs_access(regs, index, true, rte | REDIR_MASKED);
		regs_access(regs, index + 1, true, rte >> 32);
		regs_access(regs, index, true, rte);
	}
}

static unsigned int ioapic_pins(volatile uint32_t *regs)
{
	unsigned int pins = ((regs_access(regs, 1, false, 0) >> 16) & 0xff) + 1;

	return pins < IOAPIC_MAX_PINS ? pins : IOAPIC_MAX_PINS;
}

/* Take the entries the firmware left as the root's starting shadow. */
static void root_shadow_init(unsigned int chip_index, volatile uint32_t *regs)
{
	unsigned int pin, pins = ioapic_pins(regs);

	if (root_rte_valid[chip_index])
		return;
	for (pin = 0; pin < pins; pin++)
		root_rte[chip_index][pin] = rte_read(regs, pin);
	root_rte_valid[chip_index] = true;
}

static void root_rte_apply(unsigned int chip_index, volatile uint32_t *regs,
			   unsigned int pin)
{
	uint64_t want = vtd_ir_ioapic_rte(pin, root_rte[chip_index][pin]);

	if ((rte_read(regs, pin) ^ want) & ~(uint64_t)REDIR_LIVE_BITS)
		rte_write(regs, pin, want);
}

/* A root access to a redirection register while entries are translated. */
static void root_redir_access(unsigned int chip_index, volatile uint32_t *regs,
			      uint32_t index, bool write, uint64_t *value)
{
	unsigned int pin = (index - IOAPIC_REDIR_BASE) / 2;
	unsigned int shift = index & 1 ? 32 : 0;
	uint64_t *rte = &root_rte[chip_index][pin];

	root_shadow_init(chip_index, regs);
	if (pin >= ioapic_pins(regs)) {
		if (!write)
			*value = regs_access(regs, index, false, 0);
		return;
	}
	if (!write) {
		*value = (uint32_t)(*rte >> shift);
		if (!shift)
			*value = (*value & ~REDIR_LIVE_BITS) |
				 (regs_access(regs, index, false, 0) &
				  REDIR_LIVE_BITS);
		return;
	}
	*rte = (*rte & ~(0xffffffffull << shift)) |
	       ((uint64_t)(uint32_t)*value << shift);
	root_rte_apply(chip_index, regs, pin);
}

/*
 * An EOI names the vector of the entry. A remapped entry's vector field
 * holds what the root chose (Linux: the pin), the IOAPIC the real one.
 */
static uint32_t root_eoi_vector(unsigned int chip_index,
				volatile uint32_t *regs, uint32_t vector)
{
	unsigned int pin, pins = ioapic_pins(regs);

	if (!root_rte_valid[chip_index])
		return vector;
	for (pin = 0; pin < pins; pin++)
		if ((root_rte[chip_index][pin] & 0xff) == (vector & 0xff) &&
		    root_rte[chip_index][pin] >> 48 & 1)
			return regs_access(regs, IOAPIC_REDIR_BASE + pin * 2,
					   false, 0) &
			       0xff;
	return vector;
}

void vioapic_root_remap(void)
{
	const struct jailhouse_irqchip *chip =
		jailhouse_cell_irqchips(root_cell.config);
	volatile uint32_t *regs;
	unsigned int i, pin, pins;

	spin_lock(&ioapic_lock);
	for (i = 0; i < root_cell.config->num_irqchips && i < VCPU_IOAPICS;
	     i++) {
		if (!root_rte_valid[i])
			continue;
		regs = phys_to_hv(chip[i].address);
		pins = ioapic_pins(regs);
		for (pin = 0; pin < pins; pin++)
			if (cell_has_ioapic_pin(&root_cell, chip[i].address,
						pin))
				root_rte_apply(i, regs, pin);
	}
	spin_unlock(&ioapic_lock);
}

static bool dest_in_cell(const struct cell *cell, uint32_t apic_id)
{
	unsigned int cpu;

	for (cpu = 0; cpu < num_cpus; cpu++)
		if (per_cpus[cpu] && per_cpus[cpu]->apic_id == apic_id &&
		    cell_has_cpu(cell, cpu))
			return true;
	return false;
}

/* May a non-root cell make its entry of @pin (half @index) @value? */
static bool redir_allowed(struct vcpu *vcpu, volatile uint32_t *regs,
			  unsigned int pin, uint32_t index, uint32_t value)
{
	uint32_t low =
		index & 1 ? regs_access(regs, index - 1, false, 0) : value;
	uint32_t high =
		index & 1 ? value : regs_access(regs, index + 1, false, 0);
	const char *why = NULL;

	if (low & REDIR_MASKED)
		return true;
	if (low & REDIR_DEST_LOGICAL)
		why = "logical destination";
	else if (((low >> REDIR_DELIVERY_SHIFT) & 7) > 1)
		why = "delivery mode other than fixed or lowest priority";
	else if (!dest_in_cell(vcpu->cell, high >> 24))
		why = "destination CPU outside the cell";
	if (!why)
		return true;
	printk("CPU %u: cell '%s': IOAPIC pin %u entry 0x%08x%08x refused: "
	       "%s\n",
	       this_cpu_id(), vcpu->cell->config->name, pin, high, low, why);
	return false;
}

bool vioapic_mmio(struct vcpu *vcpu, uint64_t gpa, unsigned int size,
		  bool write, uint64_t *value)
{
	int chip_index = find_ioapic(vcpu->cell, gpa & ~0xfffull);
	unsigned int offset = gpa & 0xfff, pin;
	const struct jailhouse_irqchip *chip;
	volatile uint32_t *regs;
	uint32_t index;
	bool ok = true;

	if (chip_index < 0)
		return false;
	if (size != 4 || (offset != IOAPIC_REGSEL && offset != IOAPIC_WINDOW &&
			  offset != IOAPIC_EOI))
		return false;
	chip = &jailhouse_cell_irqchips(vcpu->cell->config)[chip_index];
	regs = phys_to_hv(chip->address);
	if (offset == IOAPIC_EOI) {
		/* An early EOI only makes a level interrupt fire again. */
		if (write && vcpu->cell->is_root && vtd_ir_offered()) {
			spin_lock(&ioapic_lock);
			regs[IOAPIC_EOI / 4] =
				root_eoi_vector(chip_index, regs, *value);
			spin_unlock(&ioapic_lock);
		} else if (write) {
			regs[IOAPIC_EOI / 4] = *value;
		} else {
			*value = 0;
		}
		return true;
	}
	if (offset == IOAPIC_REGSEL) {
		if (write)
			vcpu->ioapic_regsel[chip_index] = *value & 0xff;
		else
			*value = vcpu->ioapic_regsel[chip_index];
		return true;
	}
	index = vcpu->ioapic_regsel[chip_index];
	pin = (index - IOAPIC_REDIR_BASE) / 2;
	spin_lock(&ioapic_lock);
	if (vcpu->cell->is_root && vtd_ir_offered() &&
	    index >= IOAPIC_REDIR_BASE &&
	    cell_has_ioapic_pin(vcpu->cell, chip->address, pin)) {
		root_redir_access(chip_index, regs, index, write, value);
	} else if (!write) {
		*value = regs_access(regs, index, false, 0);
	} else if (index < IOAPIC_REDIR_BASE) {
		/* ID and arbitration: the root's business only. */
		if (vcpu->cell->is_root)
			regs_access(regs, index, true, *value);
		else
			ok = false;
	} else if (!cell_has_ioapic_pin(vcpu->cell, chip->address, pin)) {
		if (vcpu->cell->is_root)
			printk("CPU %u: IOAPIC pin %u is not the root's; write "
			       "dropped\n",
			       this_cpu_id(), pin);
		else
			printk("CPU %u: cell '%s': write to IOAPIC pin %u, "
			       "which is not the cell's\n",
			       this_cpu_id(), vcpu->cell->config->name, pin);
		ok = vcpu->cell->is_root;
	} else if (vcpu->cell->is_root ||
		   redir_allowed(vcpu, regs, pin, index, *value)) {
		regs_access(regs, index, true, *value);
	} else {
		ok = false;
	}
	spin_unlock(&ioapic_lock);
	return ok;
}

void vioapic_cell_reset(struct cell *cell)
{
	const struct jailhouse_irqchip *chip =
		jailhouse_cell_irqchips(cell->config);
	volatile uint32_t *regs;
	unsigned int i, pin, index;

	spin_lock(&ioapic_lock);
	for (i = 0; i < cell->config->num_irqchips; i++) {
		regs = phys_to_hv(chip[i].address);
		for (pin = 0; pin < IOAPIC_MAX_PINS; pin++) {
			if (!cell_has_ioapic_pin(cell, chip[i].address, pin))
				continue;
			index = IOAPIC_REDIR_BASE + pin * 2;
			regs_access(regs, index, true,
				    regs_access(regs, index, false, 0) |
					    REDIR_MASKED);
		}
	}
	spin_unlock(&ioapic_lock);
}
