/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hand-over from the UEFI entry path: the memory map as it was when boot
 * services were exited, kept for the hypervisor to turn into its own map.
 */
#ifndef WARDEN_EFI_EXIT_H
#define WARDEN_EFI_EXIT_H

#include <stdint.h>
#include <warden/efi_gop.h>

#define EFI_EXIT_MAP_MAX 0x10000

struct efi_exit_state {
	/* 0: not entered through UEFI; else the map below is valid. */
	uint64_t map_size;
	uint64_t desc_size;
	uint32_t desc_version;
	uint32_t attempts; /* GetMemoryMap/ExitBootServices rounds needed */
	/*
	 * Entered through the EFI amd64 entry without tag 18: the loader
	 * (warden.efi) left boot services and passed the final map in tag
	 * 17, so map_size stays 0 and the parsed boot information holds it.
	 */
	uint32_t left_by_loader;
	/*
	 * The GOP's current mode, asked before leaving (GRUB passes a
	 * framebuffer only when asked for one, and asking makes GRUB on BIOS
	 * switch video modes); base 0 = no GOP framebuffer.
	 */
	struct efi_gop_mode gop;
	uint8_t map[EFI_EXIT_MAP_MAX];
};

/* Lives in the identity-mapped boot area; filled before the hypervisor runs. */
extern struct efi_exit_state efi_exit_state;

/* Called on the firmware's stack and page tables; 0 or a failure code. */
int efi_exit_boot_services(const void *mbi);

#endif /* WARDEN_EFI_EXIT_H */
