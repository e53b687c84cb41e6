/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Early entry: from the boot loader's machine state to 64-bit mode on our
 * own page tables, then into the hypervisor at its high virtual address.
 *
 * Two ways in, one way out:
 *  - mb2_entry32: multiboot2 i386 state (protected mode, paging off,
 *    EAX = magic, EBX = boot information). Used by GRUB on BIOS.
 *  - mb2_entry_efi64: multiboot2 EFI amd64 state (long mode on the
 *    firmware's identity map, boot services running, RAX = magic,
 *    RBX = boot information). We exit boot services first.
 * Both end in boot_long_mode with EDI = magic, ESI = boot information.
 */
#include <warden/layout.h>
#include <warden/multiboot2_header.h>

#define CR0_PE 0x00000001
#define CR0_PG 0x80000000
#define CR4_PAE 0x00000020
#define MSR_EFER 0xc0000080
#define EFER_LME 0x00000100
#define PTE_PRESENT 0x001
#define PTE_WRITE 0x002
#define PTE_LARGE 0x080
#define COM1 0x3f8

	.section .boot.text, "ax"
	.code32
	.globl mb2_entry32
mb2_entry32:
	cli
	cld
	movl	%eax, %edi
	movl	%ebx, %esi
	movl	$boot_stack_top, %esp

	/* Without long mode there is nothing we can do: say so and stop. */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	.Lno_long_mode
	movl	$0x80000001, %eax
	cpuid
	btl	$29, %edx
	jnc	.Lno_long_mode

	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$early_pml4, %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_PE), %eax
	movl	%eax, %cr0

	lgdt	early_gdt_desc
	ljmp	$GDT_CODE64, $boot_from32

.Lno_long_mode:
	movl	$no_long_mode_msg, %ebx
1:	movb	(%ebx), %al
	testb	%al, %al
	jz	2f
	movw	$COM1, %dx
	outb	%al, %dx
	incl	%ebx
	jmp	1b
2:	hlt
	jmp	2b

	.code64
	.globl mb2_entry_efi64
mb2_entry_efi64:
	/*
	 * Keep what GRUB may need if we have to return to it, then magic and
	 * boot information in callee-saved registers.
	 */
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	movq	%rsp, %r14
	movl	%eax, %r12d
	movq	%rbx, %r13
	leaq	boot_stack_top(%rip), %rsp
	movq	%rbx, %rdi
	call	efi_exit_boot_services
	testl	%eax, %eax
	jnz	.Lefi_failed
	cli
	/* Our tables identity-map the low 4 GiB, where this code runs. */
	movq	$early_pml4, %rax
	movq	%rax, %cr3
	lgdt	early_gdt_desc
	pushq	$GDT_CODE64
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq
1:	movl	%r12d, %edi
	movq	%r13, %rsi
	jmp	boot_long_mode

.Lefi_failed:
	/* The reason was printed through the firmware; hand control back. */
	movq	%r14, %rsp
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

boot_from32:
	/* Upper register halves are undefined after the mode switch. */
	movl	%edi, %edi
	movl	%esi, %esi
boot_long_mode:
	movl	$GDT_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movabsq	$hv_start64, %rax
	jmp	*%rax

	.section .boot.data, "aw"
no_long_mode_msg:
	.asciz	"Warden: this CPU has no 64-bit long mode; halting.\r\n"

	.balign 8
early_gdt:
	.quad	0
	.quad	0x00af9b000000ffff	/* 0x08: 64-bit code, DPL 0 */
	.quad	0x00cf93000000ffff	/* 0x10: flat data */
	.quad	0x00cf9b000000ffff	/* 0x18: 32-bit code */
early_gdt_end:
	.balign 8
	.short	0
early_gdt_desc:
	.short	early_gdt_end - early_gdt - 1
	.quad	early_gdt

/*
 * Early page tables, complete at link time: the low 4 GiB identity-mapped
 * with 2 MiB pages (boot information, modules, device registers), and
 * HV_EARLY_MAP_SIZE at HV_VIRT_BASE mapped to the load address.
 */
	.section .boot.page_tables, "aw"
	.balign 4096
	.globl early_pml4
early_pml4:
	.quad	early_pdpt_low + (PTE_PRESENT | PTE_WRITE)
	.fill	510, 8, 0
	.quad	early_pdpt_high + (PTE_PRESENT | PTE_WRITE)

early_pdpt_low:
	.quad	early_pd_low + 0x0000 + (PTE_PRESENT | PTE_WRITE)
	.quad	early_pd_low + 0x1000 + (PTE_PRESENT | PTE_WRITE)
	.quad	early_pd_low + 0x2000 + (PTE_PRESENT | PTE_WRITE)
	.quad	early_pd_low + 0x3000 + (PTE_PRESENT | PTE_WRITE)
	.fill	508, 8, 0

early_pdpt_high:
	.fill	511, 8, 0
	.quad	early_pd_high + (PTE_PRESENT | PTE_WRITE)

early_pd_low:
	.set	addr, 0
	.rept	2048
	.quad	addr + (PTE_PRESENT | PTE_WRITE | PTE_LARGE)
	.set	addr, addr + 0x200000
	.endr

early_pd_high:
	.set	addr, HV_LOAD_PHYS
	.rept	HV_EARLY_MAP_SIZE / 0x200000
	.quad	addr + (PTE_PRESENT | PTE_WRITE | PTE_LARGE)
	.set	addr, addr + 0x200000
	.endr
	.fill	512 - HV_EARLY_MAP_SIZE / 0x200000, 8, 0

	.section .boot.bss, "aw", @nobits
	.balign 16
boot_stack:
	.skip	BOOT_STACK_SIZE
	.globl boot_stack_top
boot_stack_top:
