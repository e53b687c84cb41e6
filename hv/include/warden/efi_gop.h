/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A UEFI Graphics Output Protocol mode as a struct boot_framebuffer: the
 * one conversion both UEFI paths use (warden.efi for its multiboot2
 * framebuffer tag, the hypervisor when GRUB-EFI passed none).
 */
#ifndef WARDEN_EFI_GOP_H
#define WARDEN_EFI_GOP_H

#include <stdint.h>
#include <warden/boot_info.h>

/* EFI_GRAPHICS_PIXEL_FORMAT */
#define EFI_GOP_RGBX8 0
#define EFI_GOP_BGRX8 1
#define EFI_GOP_BITMASK 2
#define EFI_GOP_BLT_ONLY 3

/* What the firmware reports of its current mode, as plain numbers. */
struct efi_gop_mode {
	uint64_t base; /* FrameBufferBase */
	uint32_t width, height;
	uint32_t pixels_per_line;
	uint32_t format; /* EFI_GOP_* */
	uint32_t red_mask, green_mask, blue_mask, reserved_mask;
};

/*
 * Fill *fb (multiboot2 RGB type) from *mode. Returns 0, or -1 if the mode
 * has no framebuffer (BltOnly, no base, an unknown format, no pixels, or
 * a geometry past 65535 lines or pixels per line):
 * *fb is then zeroed.
 */
int efi_gop_to_fb(const struct efi_gop_mode *mode,
		  struct boot_framebuffer *fb);

#endif /* WARDEN_EFI_GOP_H */
