// SPDX-License-Identifier: GPL-2.0
/*
 * Which emulated device an MMIO access that trapped belongs to.
 */
#include <warden/cell.h>
#include <asm/vdevices.h>

bool vdevice_mmio(struct vcpu *vcpu, uint64_t gpa, unsigned int size,
		  bool write, uint64_t *value)
{
	if (gpa >= XAPIC_BASE && gpa < XAPIC_BASE + 0x1000)
		return vapic_mmio(vcpu, gpa - XAPIC_BASE, size, write, value);
	if (vioapic_mmio(vcpu, gpa, size, write, value))
		return true;
	return vpci_mmcfg(vcpu, gpa, size, write, value);
}
