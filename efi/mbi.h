/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building multiboot2 boot information (Multiboot2 specification 3.6) in a
 * caller-supplied buffer, the way warden.efi hands over to the hypervisor.
 * Plain C without firmware calls: the host unit test feeds the result to
 * the hypervisor's own parser.
 */
#ifndef WARDEN_EFI_MBI_H
#define WARDEN_EFI_MBI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <warden/boot_info.h>

struct mbi {
	uint8_t *buf; /* 8-byte aligned */
	size_t cap;
	size_t len; /* bytes used, always a multiple of 8 */
	bool overflow; /* a tag did not fit; mbi_finish() fails */
};

/* GOP's view of the framebuffer, reduced to what tag 8 carries. */

void mbi_init(struct mbi *m, void *buf, size_t cap);
void mbi_add_string(struct mbi *m, uint32_t type, const char *s);
void mbi_add_u64(struct mbi *m, uint32_t type, uint64_t value);
/* start/end must lie below 4 GiB (the tag has 32-bit fields); -1 if not. */
int mbi_add_module(struct mbi *m, uint64_t start, uint64_t end,
		   const char *string);
void mbi_add_framebuffer(struct mbi *m, const struct boot_framebuffer *fb);
/* v2: tag 15 with len bytes (the RSDP's length), else tag 14 with 20. */
void mbi_add_rsdp(struct mbi *m, const void *rsdp, size_t len, bool v2);

/*
 * The EFI memory map goes in last, written in place by GetMemoryMap() so
 * nothing has to be copied or allocated after the final map is taken.
 * mbi_efi_mmap_area() tells where and how many bytes may be written (room
 * for the end tag is kept); mbi_add_efi_mmap() then commits size bytes.
 */
void *mbi_efi_mmap_area(struct mbi *m, size_t *room);
int mbi_add_efi_mmap(struct mbi *m, size_t size, uint32_t desc_size,
		     uint32_t desc_version);

/* Append the end tag and set total_size; 0, or -1 if anything overflowed. */
int mbi_finish(struct mbi *m);

#endif /* WARDEN_EFI_MBI_H */
