/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Moving a vCPU's general registers (struct vcpu's regs[], numbered as
 * enum guest_reg) between memory and the CPU around a guest entry, for
 * the vendors' entry code. RSP is never moved: both vendors switch it.
 * RAX only where the vendor does not switch it (VMX; SVM keeps it in the
 * VMCB). RDI holds the array's address and is loaded last.
 */
#ifndef WARDEN_ASM_GUEST_REGS_H
#define WARDEN_ASM_GUEST_REGS_H

#define GUEST_REG(n) (8 * (n))

/* Load regs[] (address in %rdi) into the CPU; \with_rax: 1 or 0. */
.macro LOAD_GUEST_REGS with_rax
	.if \with_rax
	movq	GUEST_REG(0)(%rdi), %rax
	.endif
	movq	GUEST_REG(1)(%rdi), %rcx
	movq	GUEST_REG(2)(%rdi), %rdx
	movq	GUEST_REG(3)(%rdi), %rbx
	movq	GUEST_REG(5)(%rdi), %rbp
	movq	GUEST_REG(6)(%rdi), %rsi
	movq	GUEST_REG(8)(%rdi), %r8
	movq	GUEST_REG(9)(%rdi), %r9
	movq	GUEST_REG(10)(%rdi), %r10
	movq	GUEST_REG(11)(%rdi), %r11
	movq	GUEST_REG(12)(%rdi), %r12
	movq	GUEST_REG(13)(%rdi), %r13
	movq	GUEST_REG(14)(%rdi), %r14
	movq	GUEST_REG(15)(%rdi), %r15
	movq	GUEST_REG(7)(%rdi), %rdi
.endm

/*
 * Store the CPU's registers into regs[], whose address is on the stack
 * right above the return point: the guest's RDI is pushed, the address
 * taken, both popped again (%rdi ends holding the address).
 */
.macro SAVE_GUEST_REGS with_rax
	pushq	%rdi
	movq	8(%rsp), %rdi
	.if \with_rax
	movq	%rax, GUEST_REG(0)(%rdi)
	.endif
	movq	%rcx, GUEST_REG(1)(%rdi)
	movq	%rdx, GUEST_REG(2)(%rdi)
	movq	%rbx, GUEST_REG(3)(%rdi)
	movq	%rbp, GUEST_REG(5)(%rdi)
	movq	%rsi, GUEST_REG(6)(%rdi)
	movq	%r8, GUEST_REG(8)(%rdi)
	movq	%r9, GUEST_REG(9)(%rdi)
	movq	%r10, GUEST_REG(10)(%rdi)
	movq	%r11, GUEST_REG(11)(%rdi)
	movq	%r12, GUEST_REG(12)(%rdi)
	movq	%r13, GUEST_REG(13)(%rdi)
	movq	%r14, GUEST_REG(14)(%rdi)
	movq	%r15, GUEST_REG(15)(%rdi)
	popq	%rax
	movq	%rax, GUEST_REG(7)(%rdi)
	popq	%rdi
.endm

#endif /* WARDEN_ASM_GUEST_REGS_H */
