// SPDX-License-Identifier: GPL-2.0
/*
 * Our UEFI table declarations (hv/include/warden/efi_tables.h) must put
 * every member we call at the offset the firmware uses. GNU-EFI's headers
 * are an independent rendering of the UEFI specification: compare.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <efi.h>
#include <warden/efi_tables.h>

#define SAME_OFFSET(ours, member, theirs, their_member)                \
	assert_int_equal(offsetof(ours, member), offsetof(theirs, their_member))

static void test_system_table(void **state)
{
	SAME_OFFSET(struct efi_system_table, con_out, EFI_SYSTEM_TABLE, ConOut);
	SAME_OFFSET(struct efi_system_table, boot_services, EFI_SYSTEM_TABLE,
		    BootServices);
	SAME_OFFSET(struct efi_system_table, configuration_table,
		    EFI_SYSTEM_TABLE, ConfigurationTable);
	SAME_OFFSET(struct efi_system_table, number_of_table_entries,
		    EFI_SYSTEM_TABLE, NumberOfTableEntries);
}

static void test_boot_services(void **state)
{
	SAME_OFFSET(struct efi_boot_services, get_memory_map,
		    EFI_BOOT_SERVICES, GetMemoryMap);
	SAME_OFFSET(struct efi_boot_services, exit_boot_services,
		    EFI_BOOT_SERVICES, ExitBootServices);
}

static void test_text_output(void **state)
{
	SAME_OFFSET(struct efi_simple_text_output, output_string,
		    SIMPLE_TEXT_OUTPUT_INTERFACE, OutputString);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_system_table),
		cmocka_unit_test(test_boot_services),
		cmocka_unit_test(test_text_output),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
