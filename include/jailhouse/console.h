/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Console descriptor (ABI spec 2.1) and the hypervisor console ring page
 * that the root cell reads (ABI spec 4.5).
 */
#ifndef _JAILHOUSE_CONSOLE_H
#define _JAILHOUSE_CONSOLE_H

#include <jailhouse/types.h>

/* Console driver types (field "type"). */
#define JAILHOUSE_CON_TYPE_NONE 0x0000
#define JAILHOUSE_CON_TYPE_EFIFB 0x0001
#define JAILHOUSE_CON_TYPE_8250 0x0002
#define JAILHOUSE_CON_TYPE_PL011 0x0003
#define JAILHOUSE_CON_TYPE_XUARTPS 0x0004
#define JAILHOUSE_CON_TYPE_MVEBU 0x0005
#define JAILHOUSE_CON_TYPE_HSCIF 0x0006
#define JAILHOUSE_CON_TYPE_SCIFA 0x0007
#define JAILHOUSE_CON_TYPE_IMX 0x0008
#define JAILHOUSE_CON_TYPE_IMX_LPUART 0x0009
#define JAILHOUSE_CON_TYPE_SCIF 0x000a

/* Flags bit 0: port I/O or MMIO access. */
#define JAILHOUSE_CON_ACCESS_PIO 0x0000
#define JAILHOUSE_CON_ACCESS_MMIO 0x0001
#define CON_IS_MMIO(flags) (!!((flags)&JAILHOUSE_CON_ACCESS_MMIO))

/* Flags bit 1: MMIO register stride 1 byte (8-bit) or 4 bytes (32-bit). */
#define JAILHOUSE_CON_REGDIST_1 0x0000
#define JAILHOUSE_CON_REGDIST_4 0x0002
#define CON_USES_REGDIST_1(flags) (((flags)&JAILHOUSE_CON_REGDIST_4) == 0)

/* Flags bit 2: EFI framebuffer geometry. */
#define JAILHOUSE_CON_FB_1024x768 0x0000
#define JAILHOUSE_CON_FB_1920x1080 0x0004
#define FB_IS_1920x1080(flags) (!!((flags)&JAILHOUSE_CON_FB_1920x1080))

/* Flags bits 12, 13: ARM clock gate polarity and Renesas quirk. */
#define JAILHOUSE_CON_INVERTED_GATE 0x1000
#define CON_HAS_INVERTED_GATE(flags) (!!((flags)&JAILHOUSE_CON_INVERTED_GATE))
#define JAILHOUSE_CON_MDR_QUIRK 0x2000
#define CON_HAS_MDR_QUIRK(flags) (!!((flags)&JAILHOUSE_CON_MDR_QUIRK))

struct jailhouse_console {
	__u64 address;
	__u32 size;
	__u16 type;
	__u16 flags;
	__u32 divider;
	__u32 gate_nr;
	__u64 clock_reg;
} __attribute__((packed));

JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_console) == 32);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_console, address) ==
		     0);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_console, size) == 8);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_console, type) ==
		     12);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_console, flags) ==
		     14);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_console, divider) ==
		     16);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_console, gate_nr) ==
		     20);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_console,
					  clock_reg) == 24);

/*
 * Console ring in hypervisor memory. The size must stay a power of two:
 * character k lives at content[k % size] and tail counts every character
 * ever written, wrapping at 2^32.
 */
#define JAILHOUSE_VIRT_CONSOLE_SIZE 2048

struct jailhouse_virt_console {
	/* non-zero while the hypervisor appends; readers retry */
	volatile __u32 busy;
	volatile __u32 tail;
	char content[JAILHOUSE_VIRT_CONSOLE_SIZE];
};

JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_virt_console) == 2056);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_virt_console,
					  tail) == 4);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_virt_console,
					  content) == 8);
JAILHOUSE_ABI_ASSERT((JAILHOUSE_VIRT_CONSOLE_SIZE &
		      (JAILHOUSE_VIRT_CONSOLE_SIZE - 1)) == 0);

#endif /* !_JAILHOUSE_CONSOLE_H */
