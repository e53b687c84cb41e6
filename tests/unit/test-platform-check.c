// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hv/core/platform_check.c: the built qemu-x86 system
 * configuration against firmware memory maps seen on SeaBIOS and OVMF,
 * and against boot modules in the wrong place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <warden/platform_check.h>

static char messages[4096];

static void collect(void *ctx, enum cfg_severity severity, const char *fmt,
		    ...)
{
	size_t used = strlen(messages);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(messages + used, sizeof(messages) - used, fmt, ap);
	va_end(ap);
	strncat(messages, "\n", sizeof(messages) - strlen(messages) - 1);
}

static struct jailhouse_system *load_qemu_config(void)
{
	const char *build = getenv("WARDEN_BUILD");
	static char data[0x10000];
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/cells/qemu-x86.cell",
		 build ? build : "build");
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run make)", path);
	assert_true(fread(data, 1, sizeof(data), f) > 488);
	fclose(f);
	return (struct jailhouse_system *)data;
}

static void add_range(struct boot_info *bi, uint64_t base, uint64_t end,
		      uint32_t type)
{
	bi->memmap[bi->num_memmap++] =
		(struct boot_mem_range){ base, end - base, type };
}

/* What SeaBIOS reports for q35 with 1 GiB (seen in our boot logs). */
static void seabios_1g(struct boot_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	add_range(bi, 0x0, 0x9fc00, BOOT_MEM_RAM);
	add_range(bi, 0x9fc00, 0xa0000, BOOT_MEM_RESERVED);
	add_range(bi, 0xf0000, 0x100000, BOOT_MEM_RESERVED);
	/* deliberately out of order: tag 6 keeps the loader's order */
	add_range(bi, 0x3ffdf000, 0x40000000, BOOT_MEM_RESERVED);
	add_range(bi, 0x100000, 0x3ffdf000, BOOT_MEM_RAM);
	add_range(bi, 0xb0000000, 0xc0000000, BOOT_MEM_RESERVED);
}

static int check(const struct jailhouse_system *sys, const struct boot_info *bi)
{
	messages[0] = '\0';
	return platform_check(sys, bi, collect, NULL);
}

static void expect_message(const char *needle)
{
	if (!strstr(messages, needle))
		fail_msg("want '%s' in:\n%s", needle, messages);
}

static void test_inmate_window(void **state)
{
	struct mem_window w = platform_inmate_window(load_qemu_config());

	/* Upstream layout: inmate RAM, then the ivshmem memory, up to the
	 * one-page gap before the next root RAM region. */
	assert_int_equal(w.start, 0x3a600000);
	assert_int_equal(w.end, 0x3f1ff000);
}

static void test_seabios_map_fits(void **state)
{
	static struct boot_info bi;

	seabios_1g(&bi);
	assert_int_equal(check(load_qemu_config(), &bi), 0);
	assert_string_equal(messages, "");
}

static void test_small_machine_refused(void **state)
{
	static struct boot_info bi;

	memset(&bi, 0, sizeof(bi));
	add_range(&bi, 0x0, 0x9fc00, BOOT_MEM_RAM);
	add_range(&bi, 0x100000, 0x1ffdf000, BOOT_MEM_RAM); /* 512 MiB */
	assert_int_equal(check(load_qemu_config(), &bi), -WARDEN_EINVAL);
	expect_message("hypervisor memory 0x3a000000-0x3a5fffff is not all "
		       "RAM: 0x3a000000 is not in the firmware memory map");
	expect_message("inmate RAM window 0x3a600000-0x3f1fefff is not all RAM");
	expect_message("root memory region");
	expect_message("(config for another machine?)");
}

static void test_firmware_reservation_in_window(void **state)
{
	static struct boot_info bi;

	/* OVMF with 1 GiB keeps runtime data inside upstream's window. */
	memset(&bi, 0, sizeof(bi));
	add_range(&bi, 0x0, 0xa0000, BOOT_MEM_RAM);
	add_range(&bi, 0x100000, 0x3ee8b000, BOOT_MEM_RAM);
	add_range(&bi, 0x3ee8b000, 0x3ef4c000, BOOT_MEM_RESERVED);
	add_range(&bi, 0x3ef4c000, 0x3f8ed000, BOOT_MEM_RAM);
	add_range(&bi, 0x3f8ed000, 0x40000000, BOOT_MEM_NVS);
	assert_int_equal(check(load_qemu_config(), &bi), -WARDEN_EINVAL);
	expect_message("inmate RAM window 0x3a600000-0x3f1fefff is not all "
		       "RAM: 0x3ee8b000 is reserved in the firmware memory map");
}

static void test_modules_in_reserved_memory(void **state)
{
	static struct boot_info bi;

	seabios_1g(&bi);
	bi.num_modules = 3;
	bi.modules[0] = (struct boot_module){ 0x300000, 0x400000, "linux" };
	bi.modules[1] = (struct boot_module){ 0x39fff000, 0x3a000001,
					      "initrd" };
	bi.modules[2] = (struct boot_module){ 0x3f1fe000, 0x3f1ff000, "cell" };
	assert_int_equal(check(load_qemu_config(), &bi), -WARDEN_EINVAL);
	expect_message("boot module 1 ('initrd', 0x39fff000-0x3a000000) lies "
		       "in the hypervisor memory");
	expect_message("boot module 2 ('cell', 0x3f1fe000-0x3f1fefff) lies in "
		       "the inmate RAM window");
	assert_null(strstr(messages, "boot module 0"));
}

static void test_ram_region_rule(void **state)
{
	struct jailhouse_memory ram = { 0, 0, 0x1000, 0x7 };
	struct jailhouse_memory mmio = { 0xfd000000, 0xfd000000, 0x1000, 0x3 };
	struct jailhouse_memory io = { 0, 0, 0x1000, 0x17 };
	struct jailhouse_memory comm = { 0, 0x100000, 0x1000, 0x27 };
	struct jailhouse_memory empty = { 0, 0, 0, 0x7 };

	assert_true(platform_is_ram_region(&ram));
	assert_false(platform_is_ram_region(&mmio));
	assert_false(platform_is_ram_region(&io));
	assert_false(platform_is_ram_region(&comm));
	assert_false(platform_is_ram_region(&empty));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inmate_window),
		cmocka_unit_test(test_seabios_map_fits),
		cmocka_unit_test(test_small_machine_refused),
		cmocka_unit_test(test_firmware_reservation_in_window),
		cmocka_unit_test(test_modules_in_reserved_memory),
		cmocka_unit_test(test_ram_region_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
