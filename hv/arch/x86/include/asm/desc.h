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

/* Register state saved by the exception stubs, lowest address first. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* Load the hypervisor's GDT, TSS and IDT on the calling CPU. */
void desc_init(void);

void trap_handler(struct trap_frame *frame);

#endif /* WARDEN_ASM_DESC_H */
