/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Control-register bits, and the architectural checks of a guest's MOV to
 * CR0 that the hypervisor must make itself when it emulates the write
 * (Intel SDM vol. 2, MOV to/from control registers, protected-mode
 * exceptions). Pure, unit-tested on the host.
 */
#ifndef WARDEN_ASM_CONTROL_REGS_H
#define WARDEN_ASM_CONTROL_REGS_H

#include <stdbool.h>
#include <stdint.h>

#define CR0_PE (1ull << 0)
#define CR0_ET (1ull << 4)
#define CR0_NW (1ull << 29)
#define CR0_CD (1ull << 30)
#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define CR4_PCIDE (1ull << 17)
#define EFER_LME_BIT (1ull << 8)

/*
 * Would writing @value to CR0 raise #GP(0)? @cr4 and @efer are the
 * guest's, @cs_l its code segment's L bit.
 */
static inline bool cr0_write_faults(uint64_t value, uint64_t cr4, uint64_t efer,
				    bool cs_l)
{
	if (value >> 32)
		return true; /* reserved bits 63:32 */
	if ((value & CR0_PG) && !(value & CR0_PE))
		return true;
	if ((value & CR0_NW) && !(value & CR0_CD))
		return true;
	/* Long mode needs PAE paging; it cannot be left from 64-bit code
	 * or with PCIDs on. */
	if ((value & CR0_PG) && (efer & EFER_LME_BIT) && !(cr4 & CR4_PAE))
		return true;
	if (!(value & CR0_PG) && (cs_l || (cr4 & CR4_PCIDE)))
		return true;
	return false;
}

#endif /* WARDEN_ASM_CONTROL_REGS_H */
