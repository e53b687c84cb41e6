/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Linux x86 boot protocol, as the root-cell launcher uses it: checking
 * a bzImage, and building the "zero page" (struct boot_params) with an
 * E820 map made from the root cell's memory regions.
 *
 * Layouts follow Documentation/arch/x86/boot.rst and zero-page.rst of the
 * Linux sources; every offset used is pinned with a compile-time assert.
 * The launcher enters the kernel through the 64-bit boot protocol: it
 * loads the protected-mode part of the image (bzimage_info.kernel_offset
 * on) at a kernel_alignment-aligned address and jumps to that address +
 * BP_ENTRY64_OFFSET with %rsi = the zero page, in 64-bit mode with the
 * kernel's init_size, the zero page and the command line identity mapped,
 * a GDT with flat 4 GiB segments at selectors 0x10 (code, execute/read)
 * and 0x18 (data, read/write), CS = 0x10, DS = ES = SS = 0x18, and
 * interrupts disabled.
 */
#ifndef WARDEN_BOOTPARAMS_H
#define WARDEN_BOOTPARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jailhouse/cell-config.h>
#include <warden/boot_info.h>

#define BP_ZERO_PAGE_SIZE 4096
#define BP_E820_MAX 128 /* entries that fit into the zero page */

/* The 64-bit entry point, relative to the loaded protected-mode kernel. */
#define BP_ENTRY64_OFFSET 0x200

/* Setup header fields in the image file (also their zero-page offsets). */
#define BP_SETUP_SECTS 0x1f1
#define BP_SYSSIZE 0x1f4
#define BP_BOOT_FLAG 0x1fe
#define BP_JUMP 0x200
#define BP_HEADER 0x202
#define BP_VERSION 0x206
#define BP_KERNEL_VERSION 0x20e
#define BP_TYPE_OF_LOADER 0x210
#define BP_LOADFLAGS 0x211
#define BP_CODE32_START 0x214
#define BP_RAMDISK_IMAGE 0x218
#define BP_RAMDISK_SIZE 0x21c
#define BP_HEAP_END_PTR 0x224
#define BP_CMD_LINE_PTR 0x228
#define BP_INITRD_ADDR_MAX 0x22c
#define BP_KERNEL_ALIGNMENT 0x230
#define BP_RELOCATABLE_KERNEL 0x234
#define BP_MIN_ALIGNMENT 0x235
#define BP_XLOADFLAGS 0x236
#define BP_CMDLINE_SIZE 0x238
#define BP_HARDWARE_SUBARCH 0x23c
#define BP_PAYLOAD_OFFSET 0x248
#define BP_PAYLOAD_LENGTH 0x24c
#define BP_SETUP_DATA 0x250
#define BP_PREF_ADDRESS 0x258
#define BP_INIT_SIZE 0x260
#define BP_HANDOVER_OFFSET 0x264

/* Zero-page fields outside the setup header */
#define BP_ACPI_RSDP_ADDR 0x070
#define BP_EXT_RAMDISK_IMAGE 0x0c0
#define BP_EXT_RAMDISK_SIZE 0x0c4
#define BP_EXT_CMD_LINE_PTR 0x0c8
#define BP_E820_ENTRIES 0x1e8
#define BP_SENTINEL 0x1ef
#define BP_E820_TABLE 0x2d0
/* The setup header may grow up to here (edd_mbr_sig_buffer follows). */
#define BP_SETUP_HEADER_LIMIT 0x290

#define BP_BOOT_FLAG_MAGIC 0xaa55
#define BP_HEADER_MAGIC 0x53726448 /* "HdrS" */
/* 2.12 brought xloadflags, which is how a kernel announces 64-bit entry. */
#define BP_MIN_VERSION 0x020c
/* type_of_loader for a boot loader without an assigned ID. */
#define BP_LOADER_UNDEFINED 0xff

/* loadflags */
#define BP_LOADED_HIGH 0x01
#define BP_KASLR_FLAG 0x02
#define BP_QUIET_FLAG 0x20
#define BP_KEEP_SEGMENTS 0x40
#define BP_CAN_USE_HEAP 0x80

/* xloadflags */
#define BP_XLF_KERNEL_64 0x01
#define BP_XLF_CAN_BE_LOADED_ABOVE_4G 0x02
#define BP_XLF_EFI_HANDOVER_32 0x04
#define BP_XLF_EFI_HANDOVER_64 0x08
#define BP_XLF_EFI_KEXEC 0x10

/* E820 types, numbered as enum boot_mem_type */
#define E820_TYPE_RAM 1
#define E820_TYPE_RESERVED 2
#define E820_TYPE_ACPI 3
#define E820_TYPE_NVS 4
#define E820_TYPE_UNUSABLE 5

/*
 * screen_info (the first 0x40 bytes of the zero page), as a linear
 * framebuffer is described to Linux; offsets from zero-page.rst and the
 * kernel's screen_info definition, pinned by asserts in bootparams.c.
 */
struct bp_screen_info {
	uint8_t orig_x, orig_y; /* 0x00 */
	uint16_t ext_mem_k; /* 0x02 */
	uint16_t orig_video_page; /* 0x04 */
	uint8_t orig_video_mode, orig_video_cols; /* 0x06 */
	uint8_t flags, unused2; /* 0x08 */
	uint16_t orig_video_ega_bx; /* 0x0a */
	uint16_t unused3; /* 0x0c */
	uint8_t orig_video_lines; /* 0x0e */
	uint8_t orig_video_is_vga; /* 0x0f: the video type */
	uint16_t orig_video_points; /* 0x10 */
	uint16_t lfb_width, lfb_height, lfb_depth; /* 0x12 */
	uint32_t lfb_base, lfb_size; /* 0x18 */
	uint16_t cl_magic, cl_offset; /* 0x20 */
	uint16_t lfb_linelength; /* 0x24 */
	uint8_t red_size, red_pos, green_size, green_pos; /* 0x26 */
	uint8_t blue_size, blue_pos, rsvd_size, rsvd_pos; /* 0x2a */
	uint16_t vesapm_seg, vesapm_off, pages; /* 0x2e */
	uint16_t vesa_attributes; /* 0x34 */
	uint32_t capabilities; /* 0x36 */
	uint32_t ext_lfb_base; /* 0x3a */
	uint8_t _reserved[2]; /* 0x3e */
} __attribute__((packed));

/* Linux's video types: a VESA (BIOS) or UEFI GOP linear framebuffer. */
#define BP_VIDEO_TYPE_VLFB 0x23
#define BP_VIDEO_TYPE_EFI 0x70
#define BP_VIDEO_CAPABILITY_64BIT_BASE 0x2

struct boot_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));

/* The setup header as of protocol 2.15 (0x1f1 .. 0x26c). */
struct bp_setup_header {
	uint8_t setup_sects;
	uint16_t root_flags;
	uint32_t syssize;
	uint16_t ram_size;
	uint16_t vid_mode;
	uint16_t root_dev;
	uint16_t boot_flag;
	uint16_t jump;
	uint32_t header;
	uint16_t version;
	uint32_t realmode_swtch;
	uint16_t start_sys_seg;
	uint16_t kernel_version;
	uint8_t type_of_loader;
	uint8_t loadflags;
	uint16_t setup_move_size;
	uint32_t code32_start;
	uint32_t ramdisk_image;
	uint32_t ramdisk_size;
	uint32_t bootsect_kludge;
	uint16_t heap_end_ptr;
	uint8_t ext_loader_ver;
	uint8_t ext_loader_type;
	uint32_t cmd_line_ptr;
	uint32_t initrd_addr_max;
	uint32_t kernel_alignment;
	uint8_t relocatable_kernel;
	uint8_t min_alignment;
	uint16_t xloadflags;
	uint32_t cmdline_size;
	uint32_t hardware_subarch;
	uint64_t hardware_subarch_data;
	uint32_t payload_offset;
	uint32_t payload_length;
	uint64_t setup_data;
	uint64_t pref_address;
	uint32_t init_size;
	uint32_t handover_offset;
	uint32_t kernel_info_offset;
} __attribute__((packed));

/* struct boot_params: only the fields Warden writes are named. */
struct boot_params {
	struct bp_screen_info screen_info; /* 0x000 */
	uint8_t apm_bios_info[0x14]; /* 0x040 */
	uint8_t _pad1[4];
	uint64_t tboot_addr; /* 0x058 */
	uint8_t ist_info[0x10]; /* 0x060 */
	uint64_t acpi_rsdp_addr; /* 0x070 */
	uint8_t _pad2[0x48]; /* 0x078: obsolete hd0/hd1/sys_desc, OLPC */
	uint32_t ext_ramdisk_image; /* 0x0c0 */
	uint32_t ext_ramdisk_size; /* 0x0c4 */
	uint32_t ext_cmd_line_ptr; /* 0x0c8 */
	uint8_t _pad3[0x70];
	uint32_t cc_blob_address; /* 0x13c */
	uint8_t edid_info[0x80]; /* 0x140 */
	uint8_t efi_info[0x20]; /* 0x1c0 */
	uint32_t alt_mem_k; /* 0x1e0 */
	uint32_t scratch; /* 0x1e4 */
	uint8_t e820_entries; /* 0x1e8 */
	uint8_t eddbuf_entries; /* 0x1e9 */
	uint8_t edd_mbr_sig_buf_entries; /* 0x1ea */
	uint8_t kbd_status; /* 0x1eb */
	uint8_t secure_boot; /* 0x1ec */
	uint8_t _pad4[2];
	uint8_t sentinel; /* 0x1ef */
	uint8_t _pad5;
	struct bp_setup_header hdr; /* 0x1f1 */
	uint8_t _pad6[BP_SETUP_HEADER_LIMIT - 0x1f1 -
		      sizeof(struct bp_setup_header)];
	uint32_t edd_mbr_sig_buffer[16]; /* 0x290 */
	struct boot_e820_entry e820_table[BP_E820_MAX]; /* 0x2d0 */
	uint8_t _pad7[0x30];
	uint8_t eddbuf[0x1ec]; /* 0xd00 */
	uint8_t _pad8[0x114];
} __attribute__((packed));

/* What bzimage_check() learns from an image. */
struct bzimage_info {
	uint16_t version; /* protocol, (major << 8) | minor */
	unsigned int setup_sects; /* after "0 means 4" */
	size_t header_end; /* image offset where the setup header ends */
	size_t kernel_offset; /* protected-mode kernel: (setup_sects+1)*512 */
	size_t kernel_size; /* its bytes in the file, to be loaded */
	uint8_t loadflags;
	uint16_t xloadflags;
	bool relocatable;
	uint32_t kernel_alignment;
	uint8_t min_alignment; /* log2 */
	uint64_t pref_address;
	uint32_t init_size; /* memory needed from the load address */
	uint32_t cmdline_size; /* without the NUL */
	uint32_t initrd_addr_max;
	char kernel_version[64]; /* "" if the image gives none */
};

struct e820_range {
	uint64_t start;
	uint64_t size;
};

/* The inputs of the E820 map (see e820_build()). */
struct e820_sources {
	/* The root cell's memory regions (system configuration). */
	const struct jailhouse_memory *regions;
	unsigned int num_regions;
	/* The firmware memory map (struct boot_info). */
	const struct boot_mem_range *fw_map;
	unsigned int num_fw_map;
	/* Ranges the root Linux must not see at all: the hypervisor, the
	 * RAM of other cells (inmate windows), ... */
	const struct e820_range *exclude;
	unsigned int num_exclude;
	/* Ranges to show as reserved whatever the firmware says, e.g. the
	 * page the launcher put an RSDP copy into. */
	const struct e820_range *reserve;
	unsigned int num_reserve;
};

struct boot_params_args {
	const void *image; /* the bzImage the info was made from */
	size_t image_size;
	const struct bzimage_info *info;

	/* Physical addresses chosen by the launcher. */
	uint64_t kernel_phys; /* protected-mode kernel, kernel_alignment'ed */
	uint64_t zero_page_phys;
	uint64_t cmdline_phys;
	const char *cmdline; /* the string placed there, for its length */
	uint64_t initrd_phys;
	uint64_t initrd_size; /* 0: no initrd */
	uint64_t rsdp_phys; /* 0: Linux searches the BIOS areas itself */
	/* A framebuffer to describe as Linux's screen, or NULL; its type. */
	const struct boot_framebuffer *fb;
	uint8_t fb_video_type; /* BP_VIDEO_TYPE_* */

	struct e820_sources mem;
};

/*
 * Check the size bytes at image as a bzImage bootable by the 64-bit boot
 * protocol and describe it in *info. Returns 0 or -EINVAL with a message.
 */
int bzimage_check(const void *image, size_t size, struct bzimage_info *info,
		  char *err, size_t err_len);

/*
 * The root Linux's E820 map, sorted, merged and at most max entries:
 *  - RAM where the firmware says RAM *and* a root region is RAM: readable,
 *    writable and executable, neither IO, COMM_REGION nor ROOTSHARED. The
 *    kernel runs code from any RAM it is given, so a region without
 *    EXECUTE (ivshmem shared memory, for instance) cannot be Linux RAM.
 *    RAM edges are moved inward to 4 KiB boundaries.
 *  - ACPI tables and NVS where the firmware says so and a root region
 *    (not IO, not COMM_REGION) covers them, with their types.
 *  - Firmware reserved and unusable ranges as they are: they grant no
 *    access, but tell Linux the addresses are taken (Linux checks that
 *    MMCONFIG is E820-reserved before using it).
 *  - sources->reserve as reserved.
 *  - Nothing inside sources->exclude, and nothing for root IO regions:
 *    those are devices Linux finds through PCI and ACPI; a reserved E820
 *    entry over a BAR would make Linux's PCI code treat it as a conflict.
 * Where firmware ranges overlap, the most restrictive type wins (RAM <
 * ACPI < NVS < reserved < unusable). Returns the number of entries, or a
 * negative errno (-E2BIG if more than max are needed, -EINVAL for a
 * malformed input) with a message.
 */
int e820_build(const struct e820_sources *sources, struct boot_e820_entry *out,
	       unsigned int max, char *err, size_t err_len);

/*
 * Describe the direct-colour framebuffer fb to Linux in si, as video type
 * (BP_VIDEO_TYPE_*). Returns 0, or -EINVAL with a message if fb is not a
 * 15..32 bpp RGB framebuffer of sane geometry (si is then left zeroed).
 */
int screen_info_from_fb(struct bp_screen_info *si,
			const struct boot_framebuffer *fb, uint8_t video_type,
			char *err, size_t err_len);

/*
 * Fill the BP_ZERO_PAGE_SIZE bytes at zero_page for entering the kernel
 * described by args. Checks that kernel (init_size from kernel_phys),
 * initrd, command line and zero page each lie in E820 RAM of the map built
 * and do not overlap, and that the kernel accepts their addresses.
 * Returns 0 or a negative errno with a message.
 */
int boot_params_build(void *zero_page, const struct boot_params_args *args,
		      char *err, size_t err_len);

#endif /* WARDEN_BOOTPARAMS_H */
