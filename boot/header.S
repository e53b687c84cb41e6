/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot2 header (Multiboot2 specification, section 3.1). It must lie in
 * the first 32 KiB of the image, 8-byte aligned; every tag is padded to 8.
 */
#include <warden/multiboot2_header.h>

	.section .mb2_header, "a"
	.balign 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

	/*
	 * What we want in the boot information. Marked optional: GRUB on BIOS
	 * has no EFI tables to give and must not refuse to boot because of it.
	 */
	.balign 8
info_request:
	.short MB2_HEADER_TAG_INFO_REQUEST
	.short MB2_HEADER_TAG_OPTIONAL
	.long info_request_end - info_request
	.long MB2_TAG_CMDLINE
	.long MB2_TAG_LOADER_NAME
	.long MB2_TAG_MODULE
	.long MB2_TAG_MMAP
	.long MB2_TAG_FRAMEBUFFER
	.long MB2_TAG_EFI64_ST
	.long MB2_TAG_ACPI_OLD
	.long MB2_TAG_ACPI_NEW
	.long MB2_TAG_EFI_MMAP
	.long MB2_TAG_EFI64_IH
info_request_end:

	/* 32-bit protected-mode entry (BIOS, or GRUB-EFI without tag 9). */
	.balign 8
	.short MB2_HEADER_TAG_ENTRY
	.short 0
	.long 12
	.long mb2_entry32

	/*
	 * On UEFI, GRUB enters us in 64-bit mode with boot services still
	 * running (tags 7 + 9): we collect the final memory map and exit
	 * boot services ourselves, so nothing of the firmware's view is lost.
	 */
	.balign 8
	.short MB2_HEADER_TAG_EFI_BS
	.short 0
	.long 8

	.balign 8
	.short MB2_HEADER_TAG_ENTRY_EFI64
	.short 0
	.long 12
	.long mb2_entry_efi64

	/* Page-aligned modules: the root-cell launcher maps them directly. */
	.balign 8
	.short MB2_HEADER_TAG_MODULE_ALIGN
	.short 0
	.long 8

	.balign 8
	.short MB2_HEADER_TAG_END
	.short 0
	.long 8
mb2_header_end:
