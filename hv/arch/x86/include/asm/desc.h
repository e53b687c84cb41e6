/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WARDEN_ASM_DESC_H
#define WARDEN_ASM_DESC_H

#include <stdint.h>

#define EXC_DIVIDE 0
#define EXC_NMI 2
#define EXC_INVALID_OPCODE 6
#define EXC_DOUBLE_FAULT 8
#define EXC_GENERAL_PROTECTION 13
#define EXC_PAGE_FAULT 14
#define EXC_MACHINE_CHECK 18

#define GDT_ENTRIES 6

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

/* A CPU's own GDT and TSS (a TSS is marked busy while loaded). */
struct cpu_desc {
	uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
	struct tss64 tss __attribute__((aligned(16)));
};

/* Register state saved by the exception stubs, lowest address first. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

/*
 * Load @desc (filled here) and the shared IDT on the calling CPU; the IST
 * stacks for NMI, double fault and machine check are @ist_tops[0..2].
 */
void desc_load(struct cpu_desc *desc, void *const ist_tops[3]);

void trap_handler(struct trap_frame *frame);

#endif /* WARDEN_ASM_DESC_H */
