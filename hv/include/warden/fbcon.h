/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text console on a linear framebuffer (the UEFI GOP one GRUB passes):
 * 8x16 glyphs, light grey on black, wrap at the right edge, scroll by one
 * text row. Pure code on a pixel buffer: also built into host tests.
 */
#ifndef WARDEN_FBCON_H
#define WARDEN_FBCON_H

#include <stddef.h>
#include <stdint.h>
#include <warden/boot_info.h>

#define FBCON_GLYPH_W 8
#define FBCON_GLYPH_H 16
#define FBCON_FIRST 0x20
#define FBCON_LAST 0x7e
#define FBCON_GLYPHS (FBCON_LAST - FBCON_FIRST + 1)

/*
 * Glyphs for ' '..'~', one byte per pixel row, most significant bit
 * leftmost. Generated at build time from a Debian console font by
 * scripts/psf2c.py (build/gen/fbcon_font.c).
 */
extern const uint8_t fbcon_font[FBCON_GLYPHS][FBCON_GLYPH_H];

struct fbcon {
	uint8_t *base; /* pixel (0, 0) as the CPU reaches it now */
	uint32_t pitch; /* bytes from one pixel row to the next */
	uint32_t width, height; /* pixels */
	uint32_t bytes_pp; /* 3 or 4 */
	uint32_t fg; /* pixel value of the text colour */
	uint32_t cols, rows; /* text cells */
	uint32_t col, row; /* cursor; col == cols: wrap before the next glyph */
};

/*
 * Set @con up for @fb with pixels at @base and the cursor at the top left.
 * Returns 0, or -1 with the reason in @err if the format is not one we
 * draw (RGB, 24 or 32 bits per pixel, at least one text cell).
 */
int fbcon_init(struct fbcon *con, const struct boot_framebuffer *fb, void *base,
	       char *err, size_t err_len);

/* Paint the whole screen black and move the cursor to the top left. */
void fbcon_clear(struct fbcon *con);

/* Draw @c at the cursor; '\n', '\r' and '\t' move it. */
void fbcon_putc(struct fbcon *con, char c);

#endif /* WARDEN_FBCON_H */
