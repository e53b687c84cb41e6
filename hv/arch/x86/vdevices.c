// SPDX-License-Identifier: GPL-2.0
/*
 * Which emulated device an MMIO access that trapped belongs to.
 */
#include <warden/cell.h>
#include <asm/vdevices.h>
#include <asm/vtd_ir.h>

bool vdevice_mmio(struct vcpu *vcpu, uint64_t gpa, unsigned int size,
		  bool write, uint64_t *value)
{
	if (gpa >= XAPIC_BASE && gpa < XAPIC_BASE + 0x1000)
		return vapic_mmio(vcpu, gpa - XAPIC_BASE, size, write, value);
	if (vioapic_mmio(vcpu, gpa, size, write, value))
		return true;
	if (vtd_ir_mmio(vcpu, gpa, size, write, value))
		return true;
	return vpci_mmcfg(vcpu, gpa, size, write, value);
}

bool vdevice_claims(struct cell *cell, uint64_t gpa)
{
	const struct jailhouse_irqchip *chip =
		jailhouse_cell_irqchips(cell->config);
	uint64_t mmcfg, mmcfg_end;
	unsigned int i;

	if (gpa >= XAPIC_BASE && gpa < XAPIC_BASE + 0x1000)
		return true;
	if (cell->is_root && vtd_ir_claims(gpa))
		return true;
	for (i = 0; i < cell->config->num_irqchips; i++)
		if ((gpa & ~0xfffull) == chip[i].address)
			return true;
	return vpci_mmcfg_window(cell, &mmcfg, &mmcfg_end) && gpa >= mmcfg &&
	       gpa < mmcfg_end;
}
