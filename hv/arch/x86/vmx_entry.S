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
#include <asm/guest_regs.h>

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
	LOAD_GUEST_REGS 1
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
	SAVE_GUEST_REGS 1
	xorl	%eax, %eax
3:	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
