/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmx_run(regs, launched): enter the guest of the current VMCS and come
 * back at its next exit. Returns 0 after an exit, 1 if VMLAUNCH/VMRESUME
 * failed (the VM-instruction error field says why).
 *
 * VMX switches RSP, RIP and RFLAGS but none of the other general
 * registers: they are loaded from regs[] before the entry and stored
 * back after the exit. The host RSP in the VMCS is written here, so an
 * exit lands on this very stack frame at vmx_exit (the VMCS's host RIP).
 */
#define R(n) (8 * (n))
#define HOST_RSP 0x6c14

	.section .text
	.globl vmx_run
vmx_run:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushq	%rdi

	movq	$HOST_RSP, %rax
	vmwrite	%rsp, %rax

	/* MOVs leave the flags alone: this test chooses the instruction. */
	testl	%esi, %esi
	movq	R(0)(%rdi), %rax
	movq	R(1)(%rdi), %rcx
	movq	R(2)(%rdi), %rdx
	movq	R(3)(%rdi), %rbx
	movq	R(5)(%rdi), %rbp
	movq	R(6)(%rdi), %rsi
	movq	R(8)(%rdi), %r8
	movq	R(9)(%rdi), %r9
	movq	R(10)(%rdi), %r10
	movq	R(11)(%rdi), %r11
	movq	R(12)(%rdi), %r12
	movq	R(13)(%rdi), %r13
	movq	R(14)(%rdi), %r14
	movq	R(15)(%rdi), %r15
	movq	R(7)(%rdi), %rdi
	jnz	1f
	vmlaunch
	jmp	2f
1:	vmresume
2:	/* Entry failed: the guest registers are still in regs[]. */
	popq	%rdi
	movl	$1, %eax
	jmp	3f

	.globl vmx_exit
vmx_exit:
	pushq	%rdi
	movq	8(%rsp), %rdi
	movq	%rax, R(0)(%rdi)
	movq	%rcx, R(1)(%rdi)
	movq	%rdx, R(2)(%rdi)
	movq	%rbx, R(3)(%rdi)
	movq	%rbp, R(5)(%rdi)
	movq	%rsi, R(6)(%rdi)
	movq	%r8, R(8)(%rdi)
	movq	%r9, R(9)(%rdi)
	movq	%r10, R(10)(%rdi)
	movq	%r11, R(11)(%rdi)
	movq	%r12, R(12)(%rdi)
	movq	%r13, R(13)(%rdi)
	movq	%r14, R(14)(%rdi)
	movq	%r15, R(15)(%rdi)
	popq	%rax
	movq	%rax, R(7)(%rdi)
	popq	%rdi
	xorl	%eax, %eax
3:	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
