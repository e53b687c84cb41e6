/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Inmate start-up (spec 9.1, 9.2). Every CPU of the cell arrives at guest
 * address 0 in real mode. Each switches to protected mode, then to
 * 64-bit mode (or, built with -m32, to paged 32-bit mode) on identity
 * page tables, and draws a sequence number: number 0 becomes the main
 * CPU and runs inmate_entry(); the others note their APIC ID and park
 * with interrupts off until smp_start_cpu() restarts them with INIT/SIPI,
 * which brings them here again with ap_entry set.
 *
 * The election state lives in .data, not .bss: the main CPU clears .bss
 * while the others may still be checking in. (Restarting a cell without
 * loading its image again therefore keeps the old numbers: load first.)
 */
#define INMATE_MAX_CPUS 16
#define STACK_SIZE 0x4000
#define AP_STACK_SIZE 0x1000
#define MSR_MTRR_DEF_TYPE 0x2ff
#define MTRR_ENABLE 0x800
#define MTRR_TYPE_WB 0x6
#define MSR_EFER 0xc0000080
#define EFER_LME 0x100
#define CR0_PE 0x1
#define CR0_WP 0x10000
#define CR0_PG 0x80000000
#define CR4_PSE 0x10
#define CR4_PAE 0x20

#define SEL_CODE32 0x08
#define SEL_CODE64 0x10
#define SEL_DATA 0x18

	.section .boot, "ax"
	.code16
	.globl _start
_start:
	cli
	xorw	%ax, %ax
	movw	%ax, %ds
	lgdtl	gdt_desc
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$SEL_CODE32, $start32

	.code32
start32:
	movw	$SEL_DATA, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	%ax, %fs
	movw	%ax, %gs

	/* Caching by MTRR: turn it on (write-back) if it is off. */
	movl	$MSR_MTRR_DEF_TYPE, %ecx
	rdmsr
	testl	$MTRR_ENABLE, %eax
	jnz	1f
	movl	$(MTRR_ENABLE | MTRR_TYPE_WB), %eax
	xorl	%edx, %edx
	wrmsr
1:
#ifdef __x86_64__
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$pml4, %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	$(CR0_PG | CR0_WP | CR0_PE), %eax
	movl	%eax, %cr0
	ljmpl	$SEL_CODE64, $start64

	.code64
start64:
#define SEQ %ebp
#define SEQ_INDEX %rbp
#define SP %rsp
#define AX %rax
#else
	movl	%cr4, %eax
	orl	$CR4_PSE, %eax
	movl	%eax, %cr4
	movl	$page_dir, %eax
	movl	%eax, %cr3
	movl	$(CR0_PG | CR0_WP | CR0_PE), %eax
	movl	%eax, %cr0
	jmp	1f
1:
#define SEQ %ebp
#define SEQ_INDEX %ebp
#define SP %esp
#define AX %eax
#endif
	movl	$1, %eax
	lock xaddl %eax, cpu_seq
	movl	%eax, SEQ
	testl	%eax, %eax
	jz	main_cpu
	/* Restarted by smp_start_cpu()? */
	cmpl	$0, ap_entry_set
	jne	ap_start
	/* Note the APIC ID (CPUID.1:EBX[31:24]), then park. */
	movl	$1, %eax
	cpuid
	shrl	$24, %ebx
	cmpl	$INMATE_MAX_CPUS, SEQ
	jae	1f
	movl	%ebx, cpu_apic_ids(, SEQ_INDEX, 4)
1:	lock incl cpus_present
park:
	cli
	hlt
	jmp	park

ap_start:
	movl	SEQ, %eax
	andl	$(INMATE_MAX_CPUS - 1), %eax
	incl	%eax
	shll	$12, %eax
	addl	$ap_stacks, %eax
	mov	AX, SP
	call	inmate_ap_entry
	jmp	park

main_cpu:
	movl	$1, %eax
	cpuid
	shrl	$24, %ebx
	movl	%ebx, cpu_apic_ids
	lock incl cpus_present
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	cld
	rep stosb
	movl	$stack_top, %eax
	mov	AX, SP
	call	inmate_entry
	jmp	park

	.balign 8
gdt:
	.quad	0
	.quad	0x00cf9b000000ffff	/* 0x08: 32-bit code */
	.quad	0x00af9b000000ffff	/* 0x10: 64-bit code */
	.quad	0x00cf93000000ffff	/* 0x18: flat data */
gdt_end:
gdt_desc:
	.word	gdt_end - gdt - 1
	.long	gdt

	/* The command line: `cell load ... -s "..." -a 0x1000` fills it. */
	.section .cmdline, "aw"
	.globl	cmdline
cmdline:
	.fill	256, 1, 0

	.section .data
	.globl	cpu_seq, cpus_present, cpu_apic_ids, ap_entry, ap_entry_set
	.balign	4
cpu_seq:
	.long	0
cpus_present:
	.long	0
ap_entry_set:
	.long	0
cpu_apic_ids:
	.fill	INMATE_MAX_CPUS, 4, 0
	.balign	8
ap_entry:
	.quad	0

	.balign	4096
#ifdef __x86_64__
	/*
	 * Identity map of the first 4 GiB in 2 MiB pages; the last GiB,
	 * where devices live, uncached.
	 */
pml4:
	.quad	pdpt + 0x3
	.fill	511, 8, 0
pdpt:
	.quad	pd + 0x3, pd + 0x1003, pd + 0x2003, pd + 0x3003
	.fill	508, 8, 0
pd:
	.set	addr, 0
	.rept	2048
	.if	addr >= 0xc0000000
	.quad	addr + 0x9b
	.else
	.quad	addr + 0x83
	.endif
	.set	addr, addr + 0x200000
	.endr
#else
	/* Identity map of all 4 GiB in 4 MiB pages; the last GiB uncached. */
page_dir:
	.set	addr, 0
	.rept	1024
	.if	addr >= 0xc0000000
	.long	addr + 0x9b
	.else
	.long	addr + 0x83
	.endif
	.set	addr, addr + 0x400000
	.endr
#endif

	.section .bss
	.balign	4096
ap_stacks:
	.fill	(INMATE_MAX_CPUS + 1) * AP_STACK_SIZE, 1, 0
stack:
	.fill	STACK_SIZE, 1, 0
	.globl	stack_top
stack_top:
