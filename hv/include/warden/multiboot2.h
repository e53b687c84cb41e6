/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot2 boot information: its constants and the parser that turns
 * what a multiboot2 loader (GRUB) hands over into struct boot_info. Values
 * follow the Multiboot2 Specification, version 2.0. The image-header side
 * is in multiboot2_header.h; the few names both define are identical.
 * Usable from assembly (__ASSEMBLY__).
 */
#ifndef WARDEN_MULTIBOOT2_H
#define WARDEN_MULTIBOOT2_H

/* EAX on entry from a multiboot2 loader; EBX holds the information. */
#define MB2_BOOT_MAGIC 0x36d76289

/* Boot information tag types. */
#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_BASIC_MEMINFO 4
#define MB2_TAG_BOOTDEV 5
#define MB2_TAG_MMAP 6
#define MB2_TAG_VBE 7
#define MB2_TAG_FRAMEBUFFER 8
#define MB2_TAG_ELF_SECTIONS 9
#define MB2_TAG_APM 10
#define MB2_TAG_EFI32_ST 11 /* EFI 32-bit system table */
#define MB2_TAG_EFI64_ST 12 /* EFI 64-bit system table */
#define MB2_TAG_SMBIOS 13
#define MB2_TAG_ACPI_OLD 14 /* RSDP, ACPI 1.0 */
#define MB2_TAG_ACPI_NEW 15 /* RSDP, ACPI 2.0+ */
#define MB2_TAG_NETWORK 16
#define MB2_TAG_EFI_MMAP 17
#define MB2_TAG_EFI_BS 18 /* boot services not terminated */
#define MB2_TAG_EFI32_IH 19 /* EFI 32-bit image handle */
#define MB2_TAG_EFI64_IH 20 /* EFI 64-bit image handle */
#define MB2_TAG_LOAD_BASE_ADDR 21

#define MB2_TAG_ALIGN 8

/* Memory map entry types (tag 6). */
#define MB2_MEMORY_AVAILABLE 1
#define MB2_MEMORY_RESERVED 2
#define MB2_MEMORY_ACPI_RECLAIMABLE 3
#define MB2_MEMORY_NVS 4
#define MB2_MEMORY_BADRAM 5

/* Framebuffer types (tag 8). */
#define MB2_FRAMEBUFFER_TYPE_INDEXED 0
#define MB2_FRAMEBUFFER_TYPE_RGB 1
#define MB2_FRAMEBUFFER_TYPE_EGA_TEXT 2

/* Upper bound the hypervisor passes as max_size to mb2_parse(). */
#define MB2_MAX_INFO_SIZE (1024 * 1024)

#ifndef __ASSEMBLY__

#include <stddef.h>

#include <warden/boot_info.h>

#include <warden/errno.h>

/*
 * Parse the multiboot2 boot information at mbi into bi.
 *
 * mbi must be 8-byte aligned; max_size bounds what may be read (the
 * information's total_size must not exceed it). Nothing outside
 * [mbi, mbi + total_size) is read. Everything bi receives is copied, so the
 * information may be overwritten afterwards (module contents excepted).
 *
 * Returns 0 on success, -EINVAL when the information is malformed or
 * incomplete (no non-empty memory map although boot services are gone;
 * EFI boot services left running (tag 18) without a 64-bit system table
 * and image handle), or -ENOSPC when it is valid but
 * exceeds one of Warden's limits (BOOT_MAX_*, string buffers). On failure
 * bi is zeroed and err (if err_len > 0) holds a NUL-terminated message;
 * tags in messages are numbered from 0 in the order they appear.
 */
int mb2_parse(const void *mbi, size_t max_size, struct boot_info *bi, char *err,
	      size_t err_len);

#endif /* __ASSEMBLY__ */

#endif /* WARDEN_MULTIBOOT2_H */
