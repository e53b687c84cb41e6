/* SPDX-License-Identifier: GPL-2.0 */
/*
 * First code at the high virtual address, and the exception entry stubs.
 */
#include <warden/layout.h>

	.section .text
	.globl hv_start64
hv_start64:
	/* EDI = multiboot2 magic, RSI = boot information (physical). */
	movq	%rdi, %r12
	movq	%rsi, %r13
	/* The loader zeroes .bss too, but a firmware loader need not. */
	leaq	__bss_start(%rip), %rdi
	leaq	__bss_end(%rip), %rcx
	subq	%rdi, %rcx
	xorl	%eax, %eax
	rep stosb
	leaq	hv_boot_stack_top(%rip), %rsp
	xorl	%ebp, %ebp
	movq	%r12, %rdi
	movq	%r13, %rsi
	call	hv_main
1:	cli
	hlt
	jmp	1b

/*
 * One 16-byte stub per exception vector 0..31: push a zero where the CPU
 * pushes no error code, so every frame has the same shape, then the vector.
 */
	.balign 16
	.globl trap_stubs
trap_stubs:
	.set	vec, 0
	.rept	32
	.balign	16
	.if	(vec == 8) || (vec >= 10 && vec <= 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq	$0
	.endif
	pushq	$vec
	jmp	trap_common
	.set	vec, vec + 1
	.endr

trap_common:
	cld
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	/* Keep the C ABI's 16-byte stack alignment whatever the CPU pushed. */
	movq	%rsp, %rbx
	andq	$-16, %rsp
	call	trap_handler
	movq	%rbx, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp
	iretq

/*
 * External interrupts (vectors 32..255) only reach the hypervisor when it
 * opens an interrupt window to drain a CPU's APIC between two owners
 * (apic_clear): acknowledge and drop them.
 */
	.globl irq_drop_entry
irq_drop_entry:
	cld
	pushq	%rax
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%rbx
	movq	%rsp, %rbx
	andq	$-16, %rsp
	call	apic_eoi
	movq	%rbx, %rsp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rax
	iretq

	.section .bss
	.balign 4096
hv_boot_stack:
	.skip	BOOT_STACK_SIZE
	.globl hv_boot_stack_top
hv_boot_stack_top:

/*
 * hv_relocate(dst_phys, len, cr3): copy the image from its load address to
 * dst_phys (both reached through the early identity map) and switch to the
 * page tables in cr3, which map HV_VIRT_BASE to the copy. Registers only
 * between the copy and the switch: a store there would land in the old
 * image and be lost.
 */
	.section .text
	.globl hv_relocate
hv_relocate:
	movq	%rsi, %rcx
	movq	$HV_LOAD_PHYS, %rsi
	rep movsb
	movq	%rdx, %cr3
	ret

/* call_on_stack(stack_top, fn, arg): run fn(arg) on another stack, for good. */
	.globl call_on_stack
call_on_stack:
	movq	%rdi, %rsp
	movq	%rdx, %rdi
	xorl	%ebp, %ebp
	call	*%rsi
1:	cli
	hlt
	jmp	1b
