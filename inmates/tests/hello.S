/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The smallest inmate: started in real mode at guest address 0 (spec
 * 9.1), it prints one line on COM1 and stops its CPU with interrupts off.
 * It checks the communication region's signature at 1 MiB first (the
 * segment 0xffff reaches it), so a wrong comm page shows up as a missing
 * line.
 */
	.code16
	.section .text
	.globl _start
_start:
	cli
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	$0xffff, %ax
	movw	%ax, %es
	/* "JHCOMM" at linear 0x100000 = 0xffff:0x0010 */
	cmpl	$0x4f43484a, %es:0x10
	jne	stop
	movw	$message, %si
next:
	lodsb
	testb	%al, %al
	jz	stop
	movw	$0x3f8, %dx
	outb	%al, %dx
	jmp	next
stop:
	hlt
	jmp	stop

message:
	.asciz	"hello-inmate: running in a Warden cell\r\n"
