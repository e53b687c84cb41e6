/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Interrupt and exception entry: one 16-byte stub per vector pushes a
 * zero where the CPU pushes no error code, then the vector, so that
 * irq_dispatch(vector, frame) always sees the same frame: error code,
 * then the CPU's own push (instruction pointer, CS, flags...).
 */
	.text
	.balign	16
	.globl	irq_stubs
irq_stubs:
	.set	vector, 0
	.rept	256
	.balign	16
	.if	!((vector == 8) || ((vector >= 10) && (vector <= 14)) || (vector == 17) || (vector == 21) || (vector == 29) || (vector == 30))
	push	$0
	.endif
	push	$vector
	jmp	irq_common
	.set	vector, vector + 1
	.endr

irq_common:
#ifdef __x86_64__
	/* The registers a C call may change. */
	pushq	%rax
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	movq	72(%rsp), %rdi		/* vector */
	leaq	80(%rsp), %rsi		/* frame: error code, RIP, ... */
	call	irq_dispatch
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rax
	addq	$16, %rsp
	iretq
#else
	pushal
	leal	36(%esp), %eax		/* frame: error code, EIP, ... */
	pushl	%eax
	pushl	36(%esp)		/* vector */
	call	irq_dispatch
	addl	$8, %esp
	popal
	addl	$8, %esp
	iret
#endif
