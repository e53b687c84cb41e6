// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the hypervisor command line (hv/core/options.c) and the
 * boot-module roles (hv/core/modules.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <warden/modules.h>
#include <warden/options.h>

static char err[160];

static struct hv_options parse_ok(const char *cmdline)
{
	struct hv_options o;

	assert_int_equal(options_parse(cmdline, &o, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	return o;
}

static void parse_fails(const char *cmdline, const char *message)
{
	struct hv_options o;

	assert_int_not_equal(options_parse(cmdline, &o, err, sizeof(err)), 0);
	if (!strstr(err, message))
		fail_msg("'%s': got '%s', want '%s'", cmdline, err, message);
}

static void test_defaults(void **state)
{
	struct hv_options o = parse_ok("");

	assert_int_equal(o.console, CONSOLE_DEFAULT);
	assert_int_equal(o.debug_trap, DEBUG_TRAP_NONE);
	o = parse_ok("   \t  ");
	assert_int_equal(o.console, CONSOLE_DEFAULT);
}

static void test_console_values(void **state)
{
	static const struct {
		const char *cmdline;
		unsigned int port;
	} cases[] = {
		{ "console=com1", 0x3f8 },    { "console=com2", 0x2f8 },
		{ "console=ttyS2", 0x3e8 },   { "console=com4", 0x2e8 },
		{ "console=0x3e8", 0x3e8 },   { "console=0X2F8", 0x2f8 },
		{ "  console=com3  ", 0x3e8 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hv_options o = parse_ok(cases[i].cmdline);

		assert_int_equal(o.console, CONSOLE_UART);
		assert_int_equal(o.console_port, cases[i].port);
	}
	assert_int_equal(parse_ok("console=none").console, CONSOLE_NONE);
	assert_int_equal(parse_ok("console=efifb").console, CONSOLE_EFIFB);
	assert_int_equal(parse_ok("console=efifb console=com2").console,
			 CONSOLE_UART);
	/* The last word wins, like on the Linux command line. */
	assert_int_equal(parse_ok("console=none console=com2").console_port,
			 0x2f8);
}

static void test_debug_trap_values(void **state)
{
	assert_int_equal(parse_ok("debug-trap=ud").debug_trap, DEBUG_TRAP_UD);
	assert_int_equal(parse_ok("debug-trap=pf").debug_trap, DEBUG_TRAP_PF);
	assert_int_equal(parse_ok("debug-trap=de").debug_trap, DEBUG_TRAP_DE);
	assert_int_equal(parse_ok("console=com1 debug-trap=gp").debug_trap,
			 DEBUG_TRAP_GP);
}

static void test_bad_options_are_named(void **state)
{
	parse_fails("console=com9", "option console=com9: expected none");
	parse_fails("console=", "option console=: expected");
	parse_fails("console=0x", "option console=0x: expected");
	parse_fails("console=0x10000", "option console=0x10000");
	parse_fails("console=0x0", "option console=0x0");
	parse_fails("console=0x3fz", "option console=0x3fz");
	parse_fails("console=efi", "option console=efi: expected none, efifb");
	parse_fails("console=EFIFB", "option console=EFIFB: expected");
	parse_fails("debug-trap=boom", "option debug-trap=boom: expected ud");
	parse_fails("verbose", "unknown option 'verbose'");
	parse_fails("console", "unknown option 'console'");
	parse_fails("console=com1 typo=1", "unknown option 'typo=1'");
	parse_fails("x123456789012345678901234567890123456789012345678901234567890"
		    "12345678901234567890",
		    "is longer than 63 characters");
}

static void test_module_roles(void **state)
{
	static const struct {
		const char *string;
		enum module_role role;
		const char *args;
	} cases[] = {
		{ "linux console=ttyS2 quiet", MODULE_LINUX,
		  "console=ttyS2 quiet" },
		{ "linux", MODULE_LINUX, "" },
		{ "initrd", MODULE_INITRD, "" },
		{ "  initrd   x", MODULE_INITRD, "x" },
		{ "system-config", MODULE_SYSTEM_CONFIG, "" },
		{ "cell", MODULE_CELL, "" },
		{ "inmate -s con-base=0x2f8 -a 0x1000", MODULE_INMATE,
		  "-s con-base=0x2f8 -a 0x1000" },
		{ "", MODULE_UNKNOWN, "" },
		{ "linuxx", MODULE_UNKNOWN, "" },
		{ "lin", MODULE_UNKNOWN, "" },
		{ "LINUX", MODULE_UNKNOWN, "" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *args = NULL;

		assert_int_equal(module_role(cases[i].string, &args),
				 cases[i].role);
		assert_string_equal(args, cases[i].args);
	}
	assert_string_equal(module_role_name(MODULE_SYSTEM_CONFIG),
			    "system-config");
	assert_string_equal(module_role_name(MODULE_UNKNOWN), "unknown");
}

static void test_module_find(void **state)
{
	static struct boot_info bi;

	bi.num_modules = 3;
	strcpy(bi.modules[0].string, "bogus");
	strcpy(bi.modules[1].string, "initrd");
	strcpy(bi.modules[2].string, "initrd second");
	assert_ptr_equal(module_find(&bi, MODULE_INITRD), &bi.modules[1]);
	assert_null(module_find(&bi, MODULE_LINUX));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_console_values),
		cmocka_unit_test(test_debug_trap_values),
		cmocka_unit_test(test_bad_options_are_named),
		cmocka_unit_test(test_module_roles),
		cmocka_unit_test(test_module_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
