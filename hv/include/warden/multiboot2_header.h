/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot2 header constants (Multiboot2 specification, section 3.1),
 * usable from assembly. The boot-information side is in multiboot2.h.
 */
#ifndef WARDEN_MULTIBOOT2_HEADER_H
#define WARDEN_MULTIBOOT2_HEADER_H

#define MB2_HEADER_MAGIC 0xe85250d6
#define MB2_BOOT_MAGIC 0x36d76289
#define MB2_ARCH_I386 0

#define MB2_HEADER_TAG_END 0
#define MB2_HEADER_TAG_INFO_REQUEST 1
#define MB2_HEADER_TAG_ENTRY 3
#define MB2_HEADER_TAG_CONSOLE_FLAGS 4
#define MB2_HEADER_TAG_FRAMEBUFFER 5
#define MB2_HEADER_TAG_MODULE_ALIGN 6
#define MB2_HEADER_TAG_EFI_BS 7
#define MB2_HEADER_TAG_ENTRY_EFI64 9
#define MB2_HEADER_TAG_OPTIONAL 1

/* Boot-information tag types we ask for (section 3.6). */
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_MMAP 6
#define MB2_TAG_FRAMEBUFFER 8
#define MB2_TAG_EFI64_ST 12
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15
#define MB2_TAG_EFI_MMAP 17
#define MB2_TAG_EFI64_IH 20

#endif /* WARDEN_MULTIBOOT2_HEADER_H */
