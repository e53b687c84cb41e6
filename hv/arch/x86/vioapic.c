// SPDX-License-Identifier: GPL-2.0
/*
 * IOAPIC access by cells: always emulated (spec 2.7). A cell may program
 * only the redirection entries of the pins its configuration gives it;
 * everything else reaches the hardware unchanged. Index and data register
 * pairs are accessed under one lock, since cells share the IOAPIC.
 */
#include <warden/cell.h>
#include <warden/hvmem.h>
#include <warden/percpu.h>
#include <warden/printk.h>
#include <warden/spinlock.h>
#include <asm/vdevices.h>

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_REDIR_BASE 0x10

static struct spinlock ioapic_lock;

static const struct jailhouse_irqchip *find_ioapic(struct cell *cell,
						   uint64_t page)
{
	const struct jailhouse_irqchip *chip =
		jailhouse_cell_irqchips(cell->config);
	unsigned int i;

	for (i = 0; i < cell->config->num_irqchips; i++)
		if (chip[i].address == page)
			return &chip[i];
	return NULL;
}

static bool pin_owned(const struct jailhouse_irqchip *chip, unsigned int pin)
{
	return pin < 128 && (chip->pin_bitmap[pin / 32] & (1u << (pin % 32)));
}

bool vioapic_mmio(struct vcpu *vcpu, uint64_t gpa, unsigned int size,
		  bool write, uint64_t *value)
{
	const struct jailhouse_irqchip *chip =
		find_ioapic(vcpu->cell, gpa & ~0xfffull);
	volatile uint32_t *regs;
	unsigned int offset = gpa & 0xfff;
	uint32_t index;

	if (!chip)
		return false;
	if (size != 4 || (offset != IOAPIC_REGSEL && offset != IOAPIC_WINDOW))
		return false;
	regs = phys_to_hv(chip->address);
	spin_lock(&ioapic_lock);
	if (offset == IOAPIC_REGSEL) {
		if (write)
			regs[0] = *value;
		else
			*value = regs[0];
	} else if (!write) {
		*value = regs[IOAPIC_WINDOW / 4];
	} else {
		index = regs[0] & 0xff;
		if (index >= IOAPIC_REDIR_BASE &&
		    !pin_owned(chip, (index - IOAPIC_REDIR_BASE) / 2)) {
			if (!vcpu->cell->is_root) {
				spin_unlock(&ioapic_lock);
				return false;
			}
			printk("CPU %u: IOAPIC pin %u is not the root's; write "
			       "dropped\n",
			       this_cpu_id(), (index - IOAPIC_REDIR_BASE) / 2);
		} else {
			regs[IOAPIC_WINDOW / 4] = *value;
		}
	}
	spin_unlock(&ioapic_lock);
	return true;
}
