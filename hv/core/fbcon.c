// SPDX-License-Identifier: GPL-2.0
/*
 * Framebuffer text console. Only the pixel arithmetic lives here; where
 * the framebuffer is mapped and when it is used is printk.c's business.
 */
#include <warden/fbcon.h>
#include <warden/format.h>
#include <warden/string.h>

#define MB2_FB_TYPE_RGB 1
/* Light grey, as 0..255 intensity of each channel (VGA's colour 7). */
#define FG_LEVEL 0xaa

/* The text colour in a channel of @size bits at @pos. */
static uint32_t channel(uint8_t pos, uint8_t size)
{
	uint32_t max = (1u << size) - 1;

	return (max * FG_LEVEL / 0xff) << pos;
}

static bool channel_fits(uint8_t pos, uint8_t size, uint8_t bpp)
{
	return size >= 1 && size <= 16 && pos + size <= bpp;
}

int fbcon_init(struct fbcon *con, const struct boot_framebuffer *fb, void *base,
	       char *err, size_t err_len)
{
	memset(con, 0, sizeof(*con));
	if (fb->type != MB2_FB_TYPE_RGB) {
		snformat(err, err_len, "framebuffer type %u is not direct RGB",
			 fb->type);
		return -1;
	}
	if (fb->bpp != 32 && fb->bpp != 24) {
		snformat(err, err_len,
			 "framebuffer has %u bits per pixel (24 or 32 drawn)",
			 fb->bpp);
		return -1;
	}
	if (!channel_fits(fb->red_pos, fb->red_size, fb->bpp) ||
	    !channel_fits(fb->green_pos, fb->green_size, fb->bpp) ||
	    !channel_fits(fb->blue_pos, fb->blue_size, fb->bpp)) {
		snformat(err, err_len,
			 "framebuffer colour fields do not fit in a pixel");
		return -1;
	}
	if (fb->width < FBCON_GLYPH_W || fb->height < FBCON_GLYPH_H ||
	    fb->pitch / (fb->bpp / 8) < fb->width) {
		snformat(err, err_len,
			 "framebuffer %ux%u, pitch %u bytes holds no text",
			 fb->width, fb->height, fb->pitch);
		return -1;
	}
	con->base = base;
	con->pitch = fb->pitch;
	con->width = fb->width;
	con->height = fb->height;
	con->bytes_pp = fb->bpp / 8;
	con->fg = channel(fb->red_pos, fb->red_size) |
		  channel(fb->green_pos, fb->green_size) |
		  channel(fb->blue_pos, fb->blue_size);
	con->cols = fb->width / FBCON_GLYPH_W;
	con->rows = fb->height / FBCON_GLYPH_H;
	return 0;
}

static void put_pixel(uint8_t *p, uint32_t bytes_pp, uint32_t value)
{
	if (bytes_pp == 4) {
		*(uint32_t *)p = value;
	} else {
		p[0] = value;
		p[1] = value >> 8;
		p[2] = value >> 16;
	}
}

/* Black out @lines pixel rows from @y on (the visible width only). */
static void clear_lines(struct fbcon *con, uint32_t y, uint32_t lines)
{
	uint32_t i;

	for (i = 0; i < lines; i++)
		memset(con->base + (size_t)(y + i) * con->pitch, 0,
		       (size_t)con->width * con->bytes_pp);
}

void fbcon_clear(struct fbcon *con)
{
	clear_lines(con, 0, con->height);
	con->col = 0;
	con->row = 0;
}

static void draw_glyph(struct fbcon *con, uint8_t c)
{
	const uint8_t *glyph = fbcon_font[c - FBCON_FIRST];
	uint8_t *line = con->base +
			(size_t)con->row * FBCON_GLYPH_H * con->pitch +
			(size_t)con->col * FBCON_GLYPH_W * con->bytes_pp;
	unsigned int y, x;

	for (y = 0; y < FBCON_GLYPH_H; y++, line += con->pitch)
		for (x = 0; x < FBCON_GLYPH_W; x++)
			put_pixel(line + x * con->bytes_pp, con->bytes_pp,
				  glyph[y] & (0x80 >> x) ? con->fg : 0);
}

/* Move every text row up by one and blank the last. */
static void scroll(struct fbcon *con)
{
	size_t row_bytes = (size_t)FBCON_GLYPH_H * con->pitch;

	memmove(con->base, con->base + row_bytes, row_bytes * (con->rows - 1));
	clear_lines(con, (con->rows - 1) * FBCON_GLYPH_H, FBCON_GLYPH_H);
}

static void newline(struct fbcon *con)
{
	con->col = 0;
	if (con->row + 1 < con->rows)
		con->row++;
	else
		scroll(con);
}

void fbcon_putc(struct fbcon *con, char c)
{
	uint8_t ch = c;

	switch (c) {
	case '\n':
		newline(con);
		return;
	case '\r':
		con->col = 0;
		return;
	case '\t':
		do
			fbcon_putc(con, ' ');
		while (con->col % 8 && con->col < con->cols);
		return;
	}
	if (ch < FBCON_FIRST || ch > FBCON_LAST)
		ch = '?';
	/* Wrap only when a glyph follows, so a full line plus '\n' is one. */
	if (con->col >= con->cols)
		newline(con);
	draw_glyph(con, ch);
	con->col++;
}
