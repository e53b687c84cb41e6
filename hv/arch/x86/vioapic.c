// SPDX-License-Identifier: GPL-2.0
/*
 * IOAPIC access by cells: always emulated (spec 2.7). A cell may program
 * only the redirection entries of the pins it has (its configuration's,
 * and for the root minus those a non-root cell holds); everything else
 * reaches the hardware unchanged. Each vCPU keeps its own register
 * select, so cells sharing an IOAPIC cannot redirect each other's next
 * access; the pair select-then-window is replayed under one lock.
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

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_EOI 0x40 /* version 0x20 and later */
#define IOAPIC_REDIR_BASE 0x10
#define IOAPIC_MAX_PINS 120 /* redirection registers 0x10..0xff */
#define REDIR_MASKED (1u << 16)
#define REDIR_DEST_LOGICAL (1u << 11)
#define REDIR_DELIVERY_SHIFT 8

static struct spinlock ioapic_lock;

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
		if (write)
			regs[IOAPIC_EOI / 4] = *value;
		else
			*value = 0;
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
	if (!write) {
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
