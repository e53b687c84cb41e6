/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Start code for the secondary CPUs, copied to a page below 1 MiB. A CPU
 * woken by INIT-SIPI-SIPI starts here in real mode with CS = page >> 4 and
 * climbs to 64-bit mode on the hypervisor's page tables (which identity-
 * map this page), then jumps to the per-CPU entry the boot CPU left in the
 * parameter block at the end. Addresses that depend on the page are
 * patched in by smp.c; the code itself only uses page-relative offsets.
 */
#include <warden/layout.h>

#define OFF(sym) ((sym) - ap_trampoline_start)

	.section .rodata
	.balign 16
	.globl ap_trampoline_start
ap_trampoline_start:
	.code16
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	movzwl	%ax, %ebx
	shll	$4, %ebx		/* EBX = linear address of this page */
	lgdtl	OFF(tp_gdt_desc)
	movl	%cr0, %eax
	orl	$1, %eax		/* PE */
	movl	%eax, %cr0
	ljmpl	*OFF(tp_far32)

	.code32
tp_protected:
	movl	$GDT_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%cr4, %eax
	orl	$0x20, %eax		/* PAE */
	movl	%eax, %cr4
	movl	OFF(tp_cr3)(%ebx), %eax
	movl	%eax, %cr3
	movl	$0xc0000080, %ecx	/* EFER: long mode, no-execute */
	rdmsr
	orl	$0x900, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$0x80000000, %eax	/* PG */
	movl	%eax, %cr0
	ljmpl	*OFF(tp_far64)(%ebx)

	.code64
tp_long:
	movq	OFF(tp_stack)(%rbx), %rsp
	movq	OFF(tp_arg)(%rbx), %rdi
	jmpq	*OFF(tp_entry)(%rbx)

	.balign 8
tp_gdt:
	.quad	0
	.quad	0x00af9b000000ffff	/* GDT_CODE64 */
	.quad	0x00cf93000000ffff	/* GDT_DATA */
	.quad	0x00cf9b000000ffff	/* GDT_CODE32 */
	.short	0
	.globl tp_gdt_desc
tp_gdt_desc:
	.short	4 * 8 - 1
	.long	0			/* patched: page + OFF(tp_gdt) */
	.balign 4
	.globl tp_far32, tp_far64
tp_far32:
	.long	0			/* patched: page + OFF(tp_protected) */
	.short	GDT_CODE32
tp_far64:
	.long	0			/* patched: page + OFF(tp_long) */
	.short	GDT_CODE64
	.balign 8
	.globl tp_cr3, tp_stack, tp_entry, tp_arg
tp_cr3:
	.quad	0
tp_stack:
	.quad	0
tp_entry:
	.quad	0
tp_arg:
	.quad	0
	.globl ap_trampoline_end
ap_trampoline_end:

	.globl tp_gdt, tp_protected, tp_long
