/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few UEFI firmware tables Warden calls into, laid out as the UEFI
 * specification defines them (only the members we use are typed; the rest
 * are placeholders that keep the offsets).
 */
#ifndef WARDEN_EFI_TABLES_H
#define WARDEN_EFI_TABLES_H

#include <stdint.h>

#define EFI_MSABI __attribute__((ms_abi))

#define EFI_OK 0
#define EFI_ERR_BIT 0x8000000000000000ull
#define EFI_ERR_INVALID_PARAMETER (EFI_ERR_BIT | 2)
#define EFI_ERR_BUFFER_TOO_SMALL (EFI_ERR_BIT | 5)

struct efi_table_header {
	uint64_t signature;
	uint32_t revision;
	uint32_t header_size;
	uint32_t crc32;
	uint32_t reserved;
};

struct efi_guid {
	uint32_t data1;
	uint16_t data2, data3;
	uint8_t data4[8];
};

#define EFI_GRAPHICS_OUTPUT_GUID                                    \
	{                                                           \
		0x9042a9de, 0x23dc, 0x4a38,                         \
		{ 0x96, 0xfb, 0x7a, 0xde, 0xd0, 0x80, 0x51, 0x6a } \
	}

struct efi_simple_text_output {
	void *reset;
	uint64_t(EFI_MSABI *output_string)(struct efi_simple_text_output *self,
					uint16_t *string);
};

struct efi_boot_services {
	struct efi_table_header hdr;
	void *raise_tpl;
	void *restore_tpl;
	void *allocate_pages;
	void *free_pages;
	uint64_t(EFI_MSABI *get_memory_map)(uint64_t *map_size, void *map,
					 uint64_t *map_key, uint64_t *desc_size,
					 uint32_t *desc_version);
	void *allocate_pool;
	void *free_pool;
	void *create_event;
	void *set_timer;
	void *wait_for_event;
	void *signal_event;
	void *close_event;
	void *check_event;
	void *install_protocol_interface;
	void *reinstall_protocol_interface;
	void *uninstall_protocol_interface;
	void *handle_protocol;
	void *reserved;
	void *register_protocol_notify;
	void *locate_handle;
	void *locate_device_path;
	void *install_configuration_table;
	void *load_image;
	void *start_image;
	void *exit;
	void *unload_image;
	uint64_t(EFI_MSABI *exit_boot_services)(void *image_handle,
					     uint64_t map_key);
	void *get_next_monotonic_count;
	void *stall;
	void *set_watchdog_timer;
	void *connect_controller;
	void *disconnect_controller;
	void *open_protocol;
	void *close_protocol;
	void *open_protocol_information;
	void *protocols_per_handle;
	void *locate_handle_buffer;
	uint64_t(EFI_MSABI *locate_protocol)(const struct efi_guid *protocol,
					  void *registration, void **interface);
};

/* EFI_GRAPHICS_OUTPUT_PROTOCOL and its current mode. */
struct efi_gop_mode_info {
	uint32_t version;
	uint32_t horizontal_resolution;
	uint32_t vertical_resolution;
	uint32_t pixel_format;
	uint32_t red_mask, green_mask, blue_mask, reserved_mask;
	uint32_t pixels_per_scan_line;
};

struct efi_gop_mode_block {
	uint32_t max_mode;
	uint32_t mode;
	struct efi_gop_mode_info *info;
	uint64_t size_of_info;
	uint64_t frame_buffer_base;
	uint64_t frame_buffer_size;
};

struct efi_graphics_output {
	void *query_mode;
	void *set_mode;
	void *blt;
	struct efi_gop_mode_block *mode;
};

struct efi_system_table {
	struct efi_table_header hdr;
	uint16_t *firmware_vendor;
	uint32_t firmware_revision;
	void *console_in_handle;
	void *con_in;
	void *console_out_handle;
	struct efi_simple_text_output *con_out;
	void *standard_error_handle;
	void *std_err;
	void *runtime_services;
	struct efi_boot_services *boot_services;
	uint64_t number_of_table_entries;
	void *configuration_table;
};

#endif /* WARDEN_EFI_TABLES_H */
