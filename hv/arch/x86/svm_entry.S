/* SPDX-License-Identifier: GPL-2.0 */
/*
 * svm_vmrun(regs, vmcb_phys, host_state_phys): run the guest until its
 * next exit. VMRUN switches only RAX, RSP, RIP, RFLAGS and the control
 * registers; the other general registers are loaded from and saved to
 * regs[] here (RAX and RSP are the caller's business, via the VMCB), and
 * VMLOAD/VMSAVE switch FS, GS, TR, LDTR and the SYSCALL/SYSENTER MSRs.
 * The host's own values of those come back from host_state_phys.
 */
#define R(n) (8 * (n))

	.section .text
	.globl svm_vmrun
svm_vmrun:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushq	%rdx
	pushq	%rdi
	movq	%rsi, %rax

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

	vmload	%rax
	vmrun	%rax
	vmsave	%rax

	pushq	%rdi
	movq	8(%rsp), %rdi
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
	popq	%rax
	vmload	%rax

	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
