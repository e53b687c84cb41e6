// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the inmate library's command-line parser
 * (inmates/lib/cmdline.c): the buffer at guest 0x1000 that
 * `jailhouse cell load ... -s "..." -a 0x1000` fills (spec 9.2, 9.4).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <inmate.h>

char cmdline[CMDLINE_SIZE];

static void set(const char *text)
{
	memset(cmdline, 0, sizeof(cmdline));
	memcpy(cmdline, text, strlen(text));
}

static void test_strings(void **state)
{
	char buf[16];

	set("action=ram-write  con-base=0x2f8 flag");
	assert_true(cmdline_str("action", buf, sizeof(buf)));
	assert_string_equal(buf, "ram-write");
	assert_true(cmdline_str("flag", buf, sizeof(buf)));
	assert_string_equal(buf, "");
	/* A name is matched whole: "con" is not "con-base". */
	assert_false(cmdline_str("con", buf, sizeof(buf)));
	assert_false(cmdline_str("missing", buf, sizeof(buf)));
	/* Truncated to the buffer, always terminated. */
	set("name=0123456789abcdefXYZ");
	assert_true(cmdline_str("name", buf, 8));
	assert_string_equal(buf, "0123456");
	assert_false(cmdline_str("name", buf, 0));
}

static void test_numbers(void **state)
{
	set("hex=0x2F8 dec=42 oct=017 bad=12z zero=0 empty=");
	assert_int_equal(cmdline_u64("hex", 1), 0x2f8);
	assert_int_equal(cmdline_u64("dec", 1), 42);
	assert_int_equal(cmdline_u64("oct", 1), 15);
	assert_int_equal(cmdline_u64("zero", 1), 0);
	/* Malformed or empty values keep the default. */
	assert_int_equal(cmdline_u64("bad", 7), 7);
	assert_int_equal(cmdline_u64("empty", 7), 7);
	assert_int_equal(cmdline_u64("absent", 9), 9);
	set("octbad=08");
	assert_int_equal(cmdline_u64("octbad", 5), 5);
}

static void test_booleans(void **state)
{
	set("a=1 b=false c=yes d=off e f=maybe");
	assert_true(cmdline_bool("a", false));
	assert_false(cmdline_bool("b", true));
	assert_true(cmdline_bool("c", false));
	assert_false(cmdline_bool("d", true));
	assert_true(cmdline_bool("e", false)); /* bare name */
	assert_false(cmdline_bool("f", false)); /* unknown: default */
	assert_true(cmdline_bool("f", true));
	assert_false(cmdline_bool("g", false));
}

static void test_unterminated_buffer(void **state)
{
	char buf[8];

	/* A full buffer without NUL: the parser stays inside it. */
	memset(cmdline, 'x', sizeof(cmdline));
	memcpy(cmdline + CMDLINE_SIZE - 4, " k=7", 4);
	assert_int_equal(cmdline_u64("k", 0), 7);
	memcpy(cmdline + CMDLINE_SIZE - 3, "k=9", 3);
	assert_true(cmdline_str("k", buf, sizeof(buf)));
	assert_string_equal(buf, "9");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_booleans),
		cmocka_unit_test(test_unterminated_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
