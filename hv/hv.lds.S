/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypervisor image layout. .boot runs before paging (or on the firmware's
 * identity map) and is linked at its load address; everything else is
 * linked at HV_VIRT_BASE + (load address - HV_LOAD_PHYS). The multiboot2
 * loader places segments by their physical (LMA) addresses.
 */
#include <warden/layout.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(mb2_entry32)

PHDRS
{
	boot PT_LOAD FLAGS(7);
	image PT_LOAD FLAGS(7);
}

SECTIONS
{
	. = HV_LOAD_PHYS;
	__image_start_phys = .;

	.boot : {
		KEEP(*(.mb2_header))
		*(.boot.text)
		*(.boot.c.text*)
		*(.boot.data)
		*(.boot.c.rodata*)
		*(.boot.c.data*)
		. = ALIGN(4096);
		*(.boot.page_tables)
		*(.boot.bss)
		*(.boot.c.bss*)
		. = ALIGN(4096);
	} :boot

	. = . - HV_LOAD_PHYS + HV_VIRT_BASE;
	__image_start = HV_VIRT_BASE;

	.text : AT(ADDR(.text) - HV_VIRT_BASE + HV_LOAD_PHYS) {
		*(.text .text.*)
		. = ALIGN(4096);
		__text_end = .;
	} :image

	.rodata ALIGN(64) : AT(ADDR(.rodata) - HV_VIRT_BASE + HV_LOAD_PHYS) {
		*(.rodata .rodata.*)
		. = ALIGN(4096);
		__rodata_end = .;
	} :image

	.data ALIGN(4096) : AT(ADDR(.data) - HV_VIRT_BASE + HV_LOAD_PHYS) {
		*(.data .data.*)
	} :image

	.bss ALIGN(4096) (NOLOAD) : AT(ADDR(.bss) - HV_VIRT_BASE + HV_LOAD_PHYS) {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(4096);
		__bss_end = .;
	} :image

	__image_end = .;
	__image_end_phys = . - HV_VIRT_BASE + HV_LOAD_PHYS;

	/DISCARD/ : {
		*(.note*) *(.comment) *(.eh_frame*)
	}
}
