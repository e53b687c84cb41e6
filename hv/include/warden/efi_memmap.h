/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Conversion of a UEFI memory map (GetMemoryMap() output, or the copy a
 * multiboot2 loader passes in tag 17) into struct boot_info's memory map.
 */
#ifndef WARDEN_EFI_MEMMAP_H
#define WARDEN_EFI_MEMMAP_H

#include <stddef.h>

#include <warden/boot_info.h>

#include <warden/errno.h>

/* EFI_MEMORY_TYPE values (UEFI specification, GetMemoryMap()). */
enum efi_memory_type {
	EFI_RESERVED_MEMORY_TYPE = 0,
	EFI_LOADER_CODE = 1,
	EFI_LOADER_DATA = 2,
	EFI_BOOT_SERVICES_CODE = 3,
	EFI_BOOT_SERVICES_DATA = 4,
	EFI_RUNTIME_SERVICES_CODE = 5,
	EFI_RUNTIME_SERVICES_DATA = 6,
	EFI_CONVENTIONAL_MEMORY = 7,
	EFI_UNUSABLE_MEMORY = 8,
	EFI_ACPI_RECLAIM_MEMORY = 9,
	EFI_ACPI_MEMORY_NVS = 10,
	EFI_MEMORY_MAPPED_IO = 11,
	EFI_MEMORY_MAPPED_IO_PORT_SPACE = 12,
	EFI_PAL_CODE = 13,
	EFI_PERSISTENT_MEMORY = 14,
	EFI_UNACCEPTED_MEMORY = 15,
};

#define EFI_PAGE_SIZE 4096ULL

/*
 * EFI_MEMORY_DESCRIPTOR field offsets. Firmware may return descriptors
 * larger than this (desc_size), so they are read by offset rather than
 * through a struct.
 */
#define EFI_MD_TYPE 0 /* u32, then 4 bytes of padding */
#define EFI_MD_PHYSICAL_START 8 /* u64 */
#define EFI_MD_VIRTUAL_START 16 /* u64 */
#define EFI_MD_NUMBER_OF_PAGES 24 /* u64 */
#define EFI_MD_ATTRIBUTE 32 /* u64 */
#define EFI_MD_MIN_SIZE 40

/*
 * Upper bound on descriptors accepted. Sorting without scratch memory is
 * quadratic, so this keeps a hostile map from stalling the boot; real maps
 * hold a few hundred descriptors at most.
 */
#define EFI_MEMMAP_MAX_DESCRIPTORS 4096

/*
 * Convert the map_size bytes at map, made of map_size / desc_size
 * descriptors, into bi->memmap and bi->num_memmap (nothing else in bi is
 * touched). Types are those in effect after ExitBootServices(): loader and
 * boot-services memory counts as RAM. The result is sorted by base, with
 * adjacent or overlapping ranges of the same type merged; descriptors of
 * zero pages are dropped.
 *
 * Returns 0, -EINVAL for a malformed map, or -ENOSPC when it exceeds
 * EFI_MEMMAP_MAX_DESCRIPTORS or BOOT_MAX_MEMMAP ranges. On failure
 * bi->num_memmap is 0 and err (if err_len > 0) holds a message.
 */
int efi_memmap_to_boot(const void *map, size_t map_size, size_t desc_size,
		       struct boot_info *bi, char *err, size_t err_len);

#endif /* WARDEN_EFI_MEMMAP_H */
