/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A test inmate that speaks the message protocol (spec 7): it locks the
 * configuration (RUNNING_LOCKED), denies the first shutdown request,
 * approves the second by shutting down, and answers UNKNOWN to anything
 * else, like upstream's apic-demo does, in 16-bit code. The communication
 * region at 1 MiB is reached through segment 0xffff (offset + 0x10).
 */
#define COMM(off) (0x10 + (off))
#define CELL_STATE COMM(8)
#define MSG_TO_CELL COMM(12)
#define REPLY_FROM_CELL COMM(16)

	.code16
	.section .text
	.globl _start
_start:
	cli
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	$0xffff, %ax
	movw	%ax, %es
	cmpl	$0x4f43484a, %es:COMM(0)	/* "JHCO" */
	jne	stop
	movw	$msg_locked, %si
	call	print
	movl	$1, %es:CELL_STATE		/* RUNNING_LOCKED */
	xorw	%bx, %bx			/* requests denied so far */
poll:
	pause
	movl	%es:MSG_TO_CELL, %eax
	testl	%eax, %eax
	jz	poll
	movl	$0, %es:MSG_TO_CELL
	mfence
	cmpl	$1, %eax			/* SHUTDOWN_REQUEST */
	jne	unknown
	testw	%bx, %bx
	jnz	shutdown
	incw	%bx
	movl	$2, %es:REPLY_FROM_CELL		/* REQUEST_DENIED */
	movw	$msg_denied, %si
	call	print
	jmp	poll
unknown:
	movl	$1, %es:REPLY_FROM_CELL		/* UNKNOWN */
	jmp	poll
shutdown:
	movw	$msg_down, %si
	call	print
	movl	$2, %es:CELL_STATE		/* SHUT_DOWN */
stop:
	hlt
	jmp	stop

print:
	lodsb
	testb	%al, %al
	jz	1f
	movw	$0x3f8, %dx
	outb	%al, %dx
	jmp	print
1:	ret

msg_locked:
	.asciz	"locked-inmate: holding the configuration lock\r\n"
msg_denied:
	.asciz	"locked-inmate: first shutdown request denied\r\n"
msg_down:
	.asciz	"locked-inmate: second request, shutting down\r\n"
