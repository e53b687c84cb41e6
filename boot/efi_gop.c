// SPDX-License-Identifier: GPL-2.0
/*
 * UEFI GOP mode to struct boot_framebuffer (see warden/efi_gop.h). Pure C:
 * linked into the hypervisor, warden.efi and a host unit test.
 */
#include <warden/efi_gop.h>

/* A contiguous colour mask as position and size; 0/0 for none. */
static void mask_field(uint32_t mask, uint8_t *pos, uint8_t *size)
{
	*pos = 0;
	*size = 0;
	if (!mask)
		return;
	while (!(mask & 1)) {
		mask >>= 1;
		(*pos)++;
	}
	while (mask & 1) {
		mask >>= 1;
		(*size)++;
	}
}

int efi_gop_to_fb(const struct efi_gop_mode *mode,
		  struct boot_framebuffer *fb)
{
	uint32_t all;

	*fb = (struct boot_framebuffer){ 0 };
	switch (mode->format) {
	case EFI_GOP_RGBX8:
		fb->red_pos = 0, fb->green_pos = 8, fb->blue_pos = 16;
		fb->red_size = fb->green_size = fb->blue_size = 8;
		fb->bpp = 32;
		break;
	case EFI_GOP_BGRX8:
		fb->blue_pos = 0, fb->green_pos = 8, fb->red_pos = 16;
		fb->red_size = fb->green_size = fb->blue_size = 8;
		fb->bpp = 32;
		break;
	case EFI_GOP_BITMASK:
		mask_field(mode->red_mask, &fb->red_pos, &fb->red_size);
		mask_field(mode->green_mask, &fb->green_pos, &fb->green_size);
		mask_field(mode->blue_mask, &fb->blue_pos, &fb->blue_size);
		all = mode->red_mask | mode->green_mask | mode->blue_mask |
		      mode->reserved_mask;
		while (all) {
			all >>= 1;
			fb->bpp++;
		}
		fb->bpp = (fb->bpp + 7) & ~7;
		break;
	default:
		return -1;
	}
	/* Firmware values: a line must fit its pitch, the pitch 32 bits. */
	if (!mode->base || !mode->width || !mode->height ||
	    mode->pixels_per_line < mode->width ||
	    mode->pixels_per_line > 0xffff || mode->height > 0xffff ||
	    !fb->bpp) {
		*fb = (struct boot_framebuffer){ 0 };
		return -1;
	}
	fb->address = mode->base;
	fb->width = mode->width;
	fb->height = mode->height;
	fb->pitch = mode->pixels_per_line * (fb->bpp / 8);
	fb->type = 1; /* multiboot2: direct RGB */
	return 0;
}
