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
#include <warden/efi_gop.h>
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
	SAME_OFFSET(struct efi_boot_services, locate_protocol,
		    EFI_BOOT_SERVICES, LocateProtocol);
}

static void test_graphics_output(void **state)
{
	static const struct efi_guid ours = EFI_GRAPHICS_OUTPUT_GUID;
	EFI_GUID theirs = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;

	assert_memory_equal(&ours, &theirs, sizeof(ours));
	SAME_OFFSET(struct efi_graphics_output, mode,
		    EFI_GRAPHICS_OUTPUT_PROTOCOL, Mode);
	SAME_OFFSET(struct efi_gop_mode_block, info,
		    EFI_GRAPHICS_OUTPUT_PROTOCOL_MODE, Info);
	SAME_OFFSET(struct efi_gop_mode_block, frame_buffer_base,
		    EFI_GRAPHICS_OUTPUT_PROTOCOL_MODE, FrameBufferBase);
	SAME_OFFSET(struct efi_gop_mode_info, pixel_format,
		    EFI_GRAPHICS_OUTPUT_MODE_INFORMATION, PixelFormat);
	SAME_OFFSET(struct efi_gop_mode_info, red_mask,
		    EFI_GRAPHICS_OUTPUT_MODE_INFORMATION, PixelInformation);
	SAME_OFFSET(struct efi_gop_mode_info, pixels_per_scan_line,
		    EFI_GRAPHICS_OUTPUT_MODE_INFORMATION, PixelsPerScanLine);
}

/* GOP modes to framebuffers (boot/efi_gop.c). */
static void test_gop_to_fb(void **state)
{
	struct efi_gop_mode mode = {
		.base = 0xc0000000,
		.width = 1280,
		.height = 800,
		.pixels_per_line = 1280,
		.format = EFI_GOP_BGRX8,
	};
	struct boot_framebuffer fb;

	assert_int_equal(efi_gop_to_fb(&mode, &fb), 0);
	assert_int_equal(fb.address, 0xc0000000);
	assert_int_equal(fb.pitch, 5120);
	assert_int_equal(fb.bpp, 32);
	assert_int_equal(fb.type, 1);
	assert_int_equal(fb.red_pos, 16);
	assert_int_equal(fb.blue_pos, 0);
	assert_int_equal(fb.green_size, 8);

	mode.format = EFI_GOP_BITMASK;
	mode.red_mask = 0xf800, mode.green_mask = 0x07e0;
	mode.blue_mask = 0x001f, mode.reserved_mask = 0;
	assert_int_equal(efi_gop_to_fb(&mode, &fb), 0);
	assert_int_equal(fb.bpp, 16);
	assert_int_equal(fb.pitch, 2560);
	assert_int_equal(fb.red_pos, 11);
	assert_int_equal(fb.red_size, 5);
	assert_int_equal(fb.green_size, 6);

	mode.format = EFI_GOP_BLT_ONLY;
	assert_int_equal(efi_gop_to_fb(&mode, &fb), -1);
	assert_int_equal(fb.address, 0);
	mode.format = EFI_GOP_RGBX8;
	mode.pixels_per_line = 1000; /* shorter than a line */
	assert_int_equal(efi_gop_to_fb(&mode, &fb), -1);
	mode.pixels_per_line = 0x40000000; /* pitch past 32 bits */
	assert_int_equal(efi_gop_to_fb(&mode, &fb), -1);
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
		cmocka_unit_test(test_graphics_output),
		cmocka_unit_test(test_gop_to_fb),
		cmocka_unit_test(test_text_output),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
