// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the framebuffer text console (hv/core/fbcon.c), drawing
 * into a malloc'ed pixel buffer with padding behind every pixel row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <warden/fbcon.h>

/* 8 columns, 3 rows of text, plus a partial row the console never uses. */
#define W 64
#define H 56
#define PAD 12 /* bytes behind each pixel row that are not pixels */
#define FILL 0x5a
#define GREY 0xaaaaaa

static char err[160];
static uint8_t *buf;
static struct fbcon con;

static struct boot_framebuffer rgb_fb(uint8_t bpp)
{
	return (struct boot_framebuffer){
		.address = 0x80000000,
		.pitch = W * bpp / 8 + PAD,
		.width = W,
		.height = H,
		.bpp = bpp,
		.type = 1,
		.red_pos = 16,
		.red_size = 8,
		.green_pos = 8,
		.green_size = 8,
		.blue_pos = 0,
		.blue_size = 8,
	};
}

static void setup(uint8_t bpp)
{
	struct boot_framebuffer fb = rgb_fb(bpp);

	free(buf);
	buf = malloc((size_t)fb.pitch * H);
	assert_non_null(buf);
	memset(buf, FILL, (size_t)fb.pitch * H);
	assert_int_equal(fbcon_init(&con, &fb, buf, err, sizeof(err)), 0);
	fbcon_clear(&con);
}

static void puts_fb(const char *s)
{
	while (*s)
		fbcon_putc(&con, *s++);
}

static uint32_t pixel(unsigned int x, unsigned int y)
{
	const uint8_t *p = buf + (size_t)y * con.pitch + x * con.bytes_pp;

	return p[0] | p[1] << 8 | p[2] << 16 |
	       (con.bytes_pp == 4 ? (uint32_t)p[3] << 24 : 0);
}

/* Text cell (@col, @row) shows @c, pixel for pixel. */
static void assert_cell(unsigned int col, unsigned int row, char c)
{
	const uint8_t *glyph = fbcon_font[c - FBCON_FIRST];
	unsigned int x, y;

	for (y = 0; y < FBCON_GLYPH_H; y++)
		for (x = 0; x < FBCON_GLYPH_W; x++) {
			uint32_t want = glyph[y] & (0x80 >> x) ? GREY : 0;
			uint32_t got = pixel(col * 8 + x, row * 16 + y);

			if (got != want)
				fail_msg("cell %u,%u ('%c') pixel %u,%u: 0x%x, "
					 "want 0x%x",
					 col, row, c, x, y, got, want);
		}
}

static void assert_row(unsigned int row, const char *text)
{
	unsigned int col;

	for (col = 0; col < con.cols; col++)
		assert_cell(col, row, *text ? *text++ : ' ');
}

/* Nothing was written into the row padding or below the text rows. */
static void assert_padding_untouched(void)
{
	unsigned int x, y;

	for (y = 0; y < H; y++)
		for (x = W * con.bytes_pp; x < con.pitch; x++)
			assert_int_equal(buf[(size_t)y * con.pitch + x], FILL);
}

static void test_geometry_and_colour(void **state)
{
	struct boot_framebuffer fb = rgb_fb(32);

	setup(32);
	assert_int_equal(con.cols, 8);
	assert_int_equal(con.rows, 3);
	assert_int_equal(con.fg, GREY);

	/* A 10-bit-per-channel format gets the same grey, scaled. */
	fb.red_pos = 20, fb.red_size = 10;
	fb.green_pos = 10, fb.green_size = 10;
	fb.blue_pos = 0, fb.blue_size = 10;
	assert_int_equal(fbcon_init(&con, &fb, buf, err, sizeof(err)), 0);
	assert_int_equal(con.fg, (0x3ffu * 0xaa / 0xff) * 0x100401);
}

static void test_rejects_what_it_cannot_draw(void **state)
{
	struct boot_framebuffer fb = rgb_fb(32);

	fb.type = 0;
	assert_int_equal(fbcon_init(&con, &fb, buf, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "type 0 is not direct RGB"));
	fb = rgb_fb(32);
	fb.bpp = 16;
	assert_int_equal(fbcon_init(&con, &fb, buf, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "16 bits per pixel"));
	fb = rgb_fb(32);
	fb.pitch = W * 4 - 4;
	assert_int_equal(fbcon_init(&con, &fb, buf, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "holds no text"));
	fb = rgb_fb(32);
	fb.height = 15;
	assert_int_equal(fbcon_init(&con, &fb, buf, err, sizeof(err)), -1);
	fb = rgb_fb(24);
	fb.red_pos = 20;
	assert_int_equal(fbcon_init(&con, &fb, buf, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "colour fields"));
}

static void test_text_lands_in_its_cells(void **state)
{
	setup(32);
	puts_fb("Warden");
	assert_row(0, "Warden");
	assert_row(1, "");
	assert_int_equal(con.col, 6);
	assert_int_equal(con.row, 0);
	/* Control characters move the cursor; others show as '?'. */
	puts_fb("\rw\n\tx\001");
	assert_row(0, "warden");
	assert_row(1, "        ");
	assert_row(2, "x?");
	assert_int_equal(con.row, 2);
	assert_int_equal(con.col, 2);
	assert_padding_untouched();
}

static void test_wraps_at_the_right_edge(void **state)
{
	setup(32);
	puts_fb("abcdefgh");
	/* A full line waits: '\n' after it must not leave an empty row. */
	assert_int_equal(con.row, 0);
	puts_fb("\nX");
	assert_row(0, "abcdefgh");
	assert_row(1, "X");
	puts_fb("1234567890");
	assert_row(1, "X1234567");
	assert_row(2, "890");
	assert_padding_untouched();
}

static void test_scrolls_up_and_clears_the_last_row(void **state)
{
	setup(32);
	puts_fb("one\ntwo\nthree\n");
	assert_row(0, "two");
	assert_row(1, "three");
	assert_row(2, "");
	assert_int_equal(con.row, 2);
	puts_fb("four-4-4xyz");
	assert_row(0, "three");
	assert_row(1, "four-4-4");
	assert_row(2, "xyz");
	assert_padding_untouched();
	/* The partial text row at the bottom is never drawn on. */
	for (unsigned int y = 48; y < H; y++)
		assert_int_equal(pixel(0, y), 0);
}

static void test_24_bits_per_pixel(void **state)
{
	setup(24);
	assert_int_equal(con.bytes_pp, 3);
	puts_fb("A\nBC\nD\nE");
	assert_row(0, "BC");
	assert_row(1, "D");
	assert_row(2, "E");
	assert_padding_untouched();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geometry_and_colour),
		cmocka_unit_test(test_rejects_what_it_cannot_draw),
		cmocka_unit_test(test_text_lands_in_its_cells),
		cmocka_unit_test(test_wraps_at_the_right_edge),
		cmocka_unit_test(test_scrolls_up_and_clears_the_last_row),
		cmocka_unit_test(test_24_bits_per_pixel),
	};
	int ret = cmocka_run_group_tests(tests, NULL, NULL);

	free(buf);
	return ret;
}
