/* SPDX-License-Identifier: GPL-2.0 */
/*
 * svm_vmrun(regs, vmcb_phys, host_state_phys): run the guest until its
 * next exit. VMRUN switches only RAX, RSP, RIP, RFLAGS and the control
 * registers; the other general registers are loaded from and saved to
 * regs[] here (RAX and RSP are the caller's business, via the VMCB), and
 * VMLOAD/VMSAVE switch FS, GS, TR, LDTR and the SYSCALL/SYSENTER MSRs.
 * The host's own values of those come back from host_state_phys.
 */
#include <asm/guest_regs.h>

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

	LOAD_GUEST_REGS 0

	vmload	%rax
	vmrun	%rax
	vmsave	%rax

	SAVE_GUEST_REGS 0
	popq	%rax
	vmload	%rax

	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
