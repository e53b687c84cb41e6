/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checking the hypervisor image (warden.bin, ELF64) before warden.efi
 * loads it: its segments and the multiboot2 header with the EFI amd64
 * entry. Plain C without firmware calls, shared with a host unit test.
 */
#ifndef WARDEN_EFI_IMAGE_H
#define WARDEN_EFI_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#define IMAGE_MAX_SEGMENTS 8
/* The multiboot2 header must lie in the first 32 KiB of the file. */
#define IMAGE_MB2_SEARCH 32768
/* Segments go at their physical address: above the legacy area, below 4 GiB. */
#define IMAGE_MIN_PADDR 0x100000ull
#define IMAGE_MAX_PADDR 0x100000000ull

struct image_segment {
	uint64_t paddr; /* 4 KiB aligned */
	uint64_t memsz; /* > 0 */
	uint64_t offset; /* in the file */
	uint64_t filesz; /* <= memsz; the rest is zeroed */
};

struct image_info {
	unsigned int num_segments;
	struct image_segment segments[IMAGE_MAX_SEGMENTS];
	uint64_t entry_efi64; /* physical, from multiboot2 header tag 9 */
};

/*
 * Validate the size bytes of an image file and describe how to load it.
 * Returns 0, or -1 with a message in err.
 */
int image_check(const void *file, size_t size, struct image_info *info,
		char *err, size_t err_len);

#endif /* WARDEN_EFI_IMAGE_H */
