/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct boot_info: everything the hypervisor learns from its boot loader.
 *
 * Both entry paths fill this one structure: the multiboot2 parser (GRUB on
 * BIOS or UEFI) and, later, the warden.efi loader. Everything in it is a
 * copy held in hypervisor memory, because the loader's own structures live
 * in RAM that the root cell will reuse. Only module contents stay where the
 * loader put them; their physical ranges are recorded here.
 */
#ifndef WARDEN_BOOT_INFO_H
#define WARDEN_BOOT_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOOT_MAX_MEMMAP 128
#define BOOT_MAX_MODULES 16
#define BOOT_CMDLINE_LEN 512
#define BOOT_MODULE_STRING_LEN 256
#define BOOT_LOADER_NAME_LEN 64
#define BOOT_ERROR_LEN 160

/* Memory types, numbered as in the E820 / multiboot2 memory map. */
enum boot_mem_type {
	BOOT_MEM_RAM = 1,
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI = 3,
	BOOT_MEM_NVS = 4,
	BOOT_MEM_BAD = 5,
};

struct boot_mem_range {
	uint64_t base;
	uint64_t length;
	uint32_t type; /* enum boot_mem_type; unknown values map to RESERVED */
};

struct boot_module {
	uint64_t start; /* physical, inclusive */
	uint64_t end; /* physical, exclusive */
	char string
		[BOOT_MODULE_STRING_LEN]; /* "role args...", NUL-terminated */
};

struct boot_framebuffer {
	uint64_t address; /* 0: no framebuffer */
	uint32_t pitch;
	uint32_t width;
	uint32_t height;
	uint8_t bpp;
	uint8_t type; /* multiboot2: 0 indexed, 1 RGB, 2 EGA text */
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct boot_info {
	char loader_name[BOOT_LOADER_NAME_LEN];
	char cmdline[BOOT_CMDLINE_LEN];

	unsigned int num_memmap;
	struct boot_mem_range memmap[BOOT_MAX_MEMMAP];

	unsigned int num_modules;
	struct boot_module modules[BOOT_MAX_MODULES];

	/* Copy of the RSDP; rsdp_len 0 = none given (20 for v1, 36+ for v2). */
	uint8_t rsdp[36];
	unsigned int rsdp_len;

	struct boot_framebuffer fb;

	/* UEFI: system table and image handle (0 when booted by BIOS). */
	uint64_t efi_system_table;
	uint64_t efi_image_handle;
	/* Firmware boot services are still active (we must exit them). */
	bool efi_boot_services;
};

#endif /* WARDEN_BOOT_INFO_H */
