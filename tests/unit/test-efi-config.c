// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for warden.efi's configuration parser (efi/config.c): the
 * accepted format, and that each kind of broken line is refused with its
 * line number and what is wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"

static struct warden_cfg cfg;
static char err[256];

/* Parse from a heap copy of exactly len bytes so ASan sees overreads. */
static int parse_n(const char *text, size_t len)
{
	char *copy = malloc(len ? len : 1);
	int ret;

	memcpy(copy, text, len);
	ret = cfg_parse(copy, len, &cfg, err, sizeof(err));
	free(copy);
	return ret;
}

static int parse(const char *text)
{
	return parse_n(text, strlen(text));
}

static void expect_error(const char *text, const char *msg)
{
	assert_int_equal(parse(text), -1);
	if (!strstr(err, msg))
		fail_msg("error '%s' does not contain '%s'", err, msg);
}

static void test_full(void **state)
{
	const char *text =
		"\xef\xbb\xbf# Warden\r\n"
		"\r\n"
		"  hypervisor\t/EFI/warden/hv.bin  \r\n"
		"options console=com1 debug\n"
		"kernel \\EFI\\warden\\vmlinuz console=ttyS2,115200 quiet\n"
		"initrd /EFI/warden/initrd.img\n"
		"system-config /EFI/warden/sys.cell\n"
		"   # indented comment\n"
		"cell /EFI/warden/a.cell\n"
		"inmate /EFI/warden/a.bin 0x1000 x=1\n"
		"inmate /EFI/warden/b.bin\n"
		"cell /EFI/warden/b.cell"; /* no final newline */

	assert_int_equal(parse(text), 0);
	assert_string_equal(cfg.hypervisor, "\\EFI\\warden\\hv.bin");
	assert_string_equal(cfg.options, "console=com1 debug");
	assert_int_equal(cfg.num_modules, 7);
	assert_int_equal(cfg.modules[0].role, CFG_LINUX);
	assert_int_equal(cfg.modules[0].line, 5);
	assert_string_equal(cfg.modules[0].path, "\\EFI\\warden\\vmlinuz");
	assert_string_equal(cfg.modules[0].string,
			    "linux console=ttyS2,115200 quiet");
	assert_string_equal(cfg.modules[1].string, "initrd");
	assert_string_equal(cfg.modules[1].path, "\\EFI\\warden\\initrd.img");
	assert_string_equal(cfg.modules[2].string, "system-config");
	assert_string_equal(cfg.modules[3].string, "cell");
	assert_string_equal(cfg.modules[4].string, "inmate 0x1000 x=1");
	assert_string_equal(cfg.modules[4].path, "\\EFI\\warden\\a.bin");
	assert_string_equal(cfg.modules[5].string, "inmate");
	assert_int_equal(cfg.modules[6].role, CFG_CELL);
	assert_string_equal(cfg_key_name(CFG_LINUX), "kernel");
}

static void test_defaults(void **state)
{
	assert_int_equal(parse("kernel /vmlinuz\n"), 0);
	assert_string_equal(cfg.hypervisor, CFG_DEFAULT_HYPERVISOR);
	assert_string_equal(cfg.options, "");
	assert_int_equal(cfg.num_modules, 1);
	assert_string_equal(cfg.modules[0].string, "linux");
}

static void test_no_kernel(void **state)
{
	expect_error("", "no 'kernel' line");
	expect_error("# only a comment\ninitrd /i\n", "no 'kernel' line");
}

static void test_unknown_key(void **state)
{
	expect_error("kernel /k\nkernal /k2\n", "line 2: unknown key 'kernal'");
}

static void test_missing_value(void **state)
{
	expect_error("kernel\n", "line 1: 'kernel' needs a value");
	expect_error("kernel /k\n\ninitrd   \n",
		     "line 3: 'initrd' needs a value");
	expect_error("kernel /k\noptions\n", "line 2: 'options' needs a value");
}

static void test_duplicates(void **state)
{
	expect_error("kernel /a\n# x\nkernel /b\n",
		     "line 3: second 'kernel' line (the first is line 1)");
	expect_error("kernel /a\ninitrd /i\ninitrd /j\n",
		     "line 3: second 'initrd' line");
	expect_error("hypervisor /h\nhypervisor /h\nkernel /a\n",
		     "line 2: second 'hypervisor' line");
	expect_error("options a\noptions b\nkernel /a\n",
		     "line 2: second 'options' line");
	expect_error("system-config /s\nsystem-config /t\n",
		     "line 2: second 'system-config' line");
}

static void test_long_line(void **state)
{
	char text[CFG_LINE_MAX + 32];
	size_t k = strlen("kernel /k\n");

	memset(text, 'x', sizeof(text));
	memcpy(text, "kernel /k\noptions ", k + 8);
	text[k + CFG_LINE_MAX] = '\n'; /* exactly CFG_LINE_MAX: accepted */
	assert_int_equal(parse_n(text, k + CFG_LINE_MAX + 1), 0);
	assert_int_equal(strlen(cfg.options), CFG_LINE_MAX - 8);
	text[k + CFG_LINE_MAX] = 'x';
	text[k + CFG_LINE_MAX + 1] = '\n';
	assert_int_equal(parse_n(text, k + CFG_LINE_MAX + 2), -1);
	assert_non_null(strstr(err, "line 2: longer than 512 characters"));
}

static void test_non_printable(void **state)
{
	expect_error("kernel /k\ninit\x01rd /i\n",
		     "line 2: non-printable byte 0x01 in column 5");
	expect_error("kernel /k caf\xc3\xa9\n",
		     "line 1: non-printable byte 0xc3");
	assert_int_equal(parse_n("kernel /k\0x\n", 12), -1);
	assert_non_null(strstr(err, "line 1: non-printable byte 0x00"));
	expect_error("kernel /k\r\r\n", "non-printable byte 0x0d");
}

static void test_bad_paths(void **state)
{
	expect_error("kernel vmlinuz\n",
		     "line 1: kernel path 'vmlinuz' must be absolute");
	expect_error("kernel /k\ninitrd /a:b\n",
		     "line 2: initrd path '/a:b' contains ':'");
	expect_error("kernel /EFI/\n", "names a directory");
	expect_error("kernel /k\ninitrd /i extra\n",
		     "line 2: 'initrd' takes one path; unexpected 'extra'");
	expect_error("hypervisor /h console=com1\nkernel /k\n",
		     "line 1: 'hypervisor' takes one path");
	expect_error("kernel /k\ncell /c x\n", "line 2: 'cell' takes one path");
}

static void test_path_limit(void **state)
{
	char text[600] = "kernel /";
	size_t n = strlen(text);

	memset(text + n, 'a', CFG_PATH_MAX - 1);
	strcpy(text + n + CFG_PATH_MAX - 1, "\n");
	assert_int_equal(parse(text), 0);
	assert_int_equal(strlen(cfg.modules[0].path), CFG_PATH_MAX);
	memset(text + n, 'a', CFG_PATH_MAX);
	strcpy(text + n + CFG_PATH_MAX, "\n");
	expect_error(text, "line 1: kernel path is 256 characters long");
}

static void test_inmate_needs_cell(void **state)
{
	expect_error("kernel /k\ninmate /i\n",
		     "line 2: 'inmate' without a 'cell' line before it");
}

static void test_too_many_modules(void **state)
{
	char text[4096] = "kernel /k\n";
	int i;

	for (i = 1; i < CFG_MAX_MODULES; i++)
		strcat(text, "cell /c\n");
	assert_int_equal(parse(text), 0);
	strcat(text, "cell /c\n");
	expect_error(text, "line 17: too many files: the limit is 16");
}

static void test_module_string_limit(void **state)
{
	char text[1024] = "kernel /k ";
	size_t n = strlen(text);

	/* "linux " + args must leave room for the NUL. */
	memset(text + n, 'a', BOOT_MODULE_STRING_LEN - 7);
	strcpy(text + n + BOOT_MODULE_STRING_LEN - 7, "\n");
	assert_int_equal(parse(text), 0);
	assert_int_equal(strlen(cfg.modules[0].string),
			 BOOT_MODULE_STRING_LEN - 1);
	memset(text + n, 'a', BOOT_MODULE_STRING_LEN - 6);
	strcpy(text + n + BOOT_MODULE_STRING_LEN - 6, "\n");
	expect_error(text, "line 1: kernel arguments are 250 characters long");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_no_kernel),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_missing_value),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_non_printable),
		cmocka_unit_test(test_bad_paths),
		cmocka_unit_test(test_path_limit),
		cmocka_unit_test(test_inmate_needs_cell),
		cmocka_unit_test(test_too_many_modules),
		cmocka_unit_test(test_module_string_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
