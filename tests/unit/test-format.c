// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for vsnformat/snformat (hv/core/format.c). For the subset of
 * printf they implement, the host's snprintf is the reference: every case
 * is formatted by both, into full-size and into truncating buffers.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <warden/format.h>

/*
 * Format with both implementations at every buffer size up to the full
 * length + 2, and compare results, contents and that nothing past the
 * given size was written (the guard bytes keep their 0x5a).
 */
#define SAME(...)                                                     \
	do {                                                          \
		char want[512], got[512];                             \
		int wlen = snprintf(want, sizeof(want), __VA_ARGS__); \
		int glen = snformat(got, sizeof(got), __VA_ARGS__);   \
		assert_int_equal(glen, wlen);                         \
		assert_string_equal(got, want);                       \
		for (size_t sz = 0; sz <= (size_t)wlen + 2; sz++) {   \
			memset(want, 0x5a, sizeof(want));             \
			memset(got, 0x5a, sizeof(got));               \
			wlen = snprintf(want, sz, __VA_ARGS__);       \
			glen = snformat(got, sz, __VA_ARGS__);        \
			assert_int_equal(glen, wlen);                 \
			assert_memory_equal(got, want, sz + 1);       \
		}                                                     \
	} while (0)

static void test_plain(void **state)
{
	SAME("%s", "");
	SAME("hello, world");
	SAME("100%% sure");
	SAME("%%");
	SAME("a%cb", 'x');
	SAME("[%5c][%-5c]", 'y', 'z');
}

static void test_strings(void **state)
{
	SAME("%s", "abc");
	SAME("[%10s]", "abc");
	SAME("[%-10s]", "abc");
	SAME("[%2s]", "abcdef");
	SAME("[%.3s]", "abcdef");
	SAME("[%.0s]", "abcdef");
	SAME("[%.10s]", "abc");
	SAME("[%8.3s]", "abcdef");
	SAME("[%-8.3s]", "abcdef");
	SAME("[%*s]", 6, "ab");
	SAME("[%*s]", -6, "ab");
	SAME("[%.*s]", 2, "abcdef");
	SAME("[%.*s]", -1, "abcdef");
	SAME("[%*.*s]", 7, 3, "abcdef");
	SAME("%s and %s", "one", "two");
}

static void test_signed(void **state)
{
	SAME("%d", 0);
	SAME("%d %i", 42, -42);
	SAME("%d", INT_MAX);
	SAME("%d", INT_MIN);
	SAME("[%6d][%-6d][%06d]", -12, -12, -12);
	SAME("[%06d]", 12);
	SAME("[%2d]", 12345);
	SAME("[%.4d][%.4d][%8.4d][%-8.4d]", 7, -7, 7, -7);
	SAME("[%.0d][%.0d]", 0, 1);
	SAME("[%*d][%-*d]", 5, 1, 5, 2);
	SAME("%ld %ld", LONG_MAX, LONG_MIN);
	SAME("%lld %lld", LLONG_MAX, LLONG_MIN);
	SAME("%zd", (ssize_t)-5);
	SAME("%hd %hhd", (short)-300, (signed char)-100);
	SAME("%hd", 70000);
	SAME("%hhd", 300);
}

static void test_unsigned(void **state)
{
	SAME("%u", 0u);
	SAME("%u", UINT_MAX);
	SAME("%lu", ULONG_MAX);
	SAME("%llu", ULLONG_MAX);
	SAME("%zu", SIZE_MAX);
	SAME("%x %X", 0xdeadbeefu, 0xdeadbeefu);
	SAME("%lx", 0x123456789abcdefUL);
	SAME("%llX", 0xfedcba9876543210ULL);
	SAME("%zx", (size_t)0x1000);
	SAME("[%#x][%#X][%#x]", 0x1au, 0x1au, 0u);
	SAME("[%#10x][%#-10x][%#010x]", 0xabu, 0xabu, 0xabu);
	SAME("[%08x][%-8x][%8x]", 0x1234u, 0x1234u, 0x1234u);
	SAME("[%.6x][%#.6x]", 0xabu, 0xabu);
	SAME("%hx %hhx %hu", 0x12345u, 0x1234u, 65537u);
	SAME("0x%016llx", 0x42ULL);
	SAME("%u%u%u", 1u, 2u, 3u);
}

static void test_pointer(void **state)
{
	char buf[64];

	assert_int_equal(snformat(buf, sizeof(buf), "%p", (void *)0x1234), 18);
	assert_string_equal(buf, "0x0000000000001234");
	snformat(buf, sizeof(buf), "%p", (void *)NULL);
	assert_string_equal(buf, "0x0000000000000000");
	snformat(buf, sizeof(buf), "%p", (void *)UINTPTR_MAX);
	assert_string_equal(buf, "0xffffffffffffffff");
	snformat(buf, sizeof(buf), "[%20p]", (void *)0xabc);
	assert_string_equal(buf, "[  0x0000000000000abc]");
	snformat(buf, sizeof(buf), "[%-20p]", (void *)0xabc);
	assert_string_equal(buf, "[0x0000000000000abc  ]");
}

static void test_null_string(void **state)
{
	char buf[64];
	/* volatile: hide the NULL from the compiler's format checks. */
	const char *volatile null = NULL;

	assert_int_equal(snformat(buf, sizeof(buf), "%s", null), 6);
	assert_string_equal(buf, "(null)");
	snformat(buf, sizeof(buf), "[%8s]", null);
	assert_string_equal(buf, "[  (null)]");
}

/*
 * Unknown conversions are copied literally. The format strings go through
 * a variable: the compiler would rightly reject them as literals.
 */
static void test_unknown_conversion(void **state)
{
	static const struct {
		const char *fmt;
		const char *want;
	} cases[] = {
		{ "%y", "%y" },	      { "a%qb", "a%qb" },
		{ "%-5w|", "%-5w|" }, { "%ly", "%ly" },
		{ "end%", "end%" },   { "end%-08.3", "end%-08.3" },
		{ "%f", "%f" },	      { "%+d", "%+d" },
	};
	char buf[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = snformat(buf, sizeof(buf), cases[i].fmt, 0);

		assert_string_equal(buf, cases[i].want);
		assert_int_equal(n, (int)strlen(cases[i].want));
	}
}

static void test_truncation(void **state)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(snformat(buf, 5, "%s-%d", "abcdef", 123), 10);
	assert_string_equal(buf, "abcd");
	assert_int_equal(buf[5], 'x');

	/* size 0: nothing is written, not even the NUL; NULL is fine. */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(snformat(buf, 0, "%d", 12345), 5);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(snformat(NULL, 0, "%s", "four"), 4);

	/* size 1: only the NUL. */
	assert_int_equal(snformat(buf, 1, "%x", 0xabcdu), 4);
	assert_string_equal(buf, "");

	/* Padding and zeros count even when cut off. */
	assert_int_equal(snformat(buf, sizeof(buf), "%40d", 1), 40);
	assert_string_equal(buf, "       ");
}

/*
 * '0' is ignored together with '-' or a precision, as in C. Compilers warn
 * about such formats, hence the variable.
 */
static void test_ignored_zero_flag(void **state)
{
	const char *fmt = "[%08.3d][%-05d][%0-5x]";
	char buf[64];

	snformat(buf, sizeof(buf), fmt, 5, 7, 0xau);
	assert_string_equal(buf, "[     005][7    ][a    ]");
}

/* vsnformat with a va_list built by a variadic wrapper, as printk will. */
static int wrap(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_vsnformat(void **state)
{
	char buf[64];

	assert_int_equal(wrap(buf, sizeof(buf), "%s=%lld/%c", "k", -1LL, '!'),
			 6);
	assert_string_equal(buf, "k=-1/!");
}

/* Many arguments: all of them must come off the va_list in order. */
static void test_many_args(void **state)
{
	SAME("%d %s %x %c %lu %lld %zu %u %s %d %d %d", 1, "two", 3u, '4', 5UL,
	     6LL, (size_t)7, 8u, "nine", 10, 11, 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_unsigned),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_null_string),
		cmocka_unit_test(test_unknown_conversion),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_ignored_zero_flag),
		cmocka_unit_test(test_vsnformat),
		cmocka_unit_test(test_many_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
