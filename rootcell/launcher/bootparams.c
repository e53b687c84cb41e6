// SPDX-License-Identifier: GPL-2.0
/*
 * Linux x86 boot protocol: bzImage checks, the E820 map of the root cell
 * and the zero page (see bootparams.h).
 *
 * The image is a boot module and the memory map comes from firmware and
 * the system configuration, so all of it is checked: image fields are read
 * byte by byte at offsets bounded by the image size, and every range is
 * checked for wrap-around before its end is computed.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jailhouse/cell-config.h>
#include <warden/boot_info.h>
#include <warden/errno.h>
#include <warden/format.h>
#include <warden/le.h>
#include <warden/string.h>

#include "bootparams.h"

#define PAGE_SIZE 0x1000ULL
#define SECTOR 512
#define FOUR_GIB 0x100000000ULL

#define BP_ASSERT_AT(field, off)                                     \
	_Static_assert(offsetof(struct boot_params, field) == (off), \
		       #field " is not at " #off)

/* zero-page.rst */
BP_ASSERT_AT(screen_info, 0x000);
BP_ASSERT_AT(acpi_rsdp_addr, BP_ACPI_RSDP_ADDR);
BP_ASSERT_AT(ext_ramdisk_image, BP_EXT_RAMDISK_IMAGE);
BP_ASSERT_AT(ext_ramdisk_size, BP_EXT_RAMDISK_SIZE);
BP_ASSERT_AT(ext_cmd_line_ptr, BP_EXT_CMD_LINE_PTR);
BP_ASSERT_AT(cc_blob_address, 0x13c);
BP_ASSERT_AT(efi_info, 0x1c0);
BP_ASSERT_AT(e820_entries, BP_E820_ENTRIES);
BP_ASSERT_AT(sentinel, BP_SENTINEL);
BP_ASSERT_AT(edd_mbr_sig_buffer, BP_SETUP_HEADER_LIMIT);
BP_ASSERT_AT(e820_table, BP_E820_TABLE);
BP_ASSERT_AT(eddbuf, 0xd00);
/* boot.rst: the setup header fields, at their image offsets */
BP_ASSERT_AT(hdr, BP_SETUP_SECTS);
BP_ASSERT_AT(hdr.syssize, BP_SYSSIZE);
BP_ASSERT_AT(hdr.boot_flag, BP_BOOT_FLAG);
BP_ASSERT_AT(hdr.jump, BP_JUMP);
BP_ASSERT_AT(hdr.header, BP_HEADER);
BP_ASSERT_AT(hdr.version, BP_VERSION);
BP_ASSERT_AT(hdr.kernel_version, BP_KERNEL_VERSION);
BP_ASSERT_AT(hdr.type_of_loader, BP_TYPE_OF_LOADER);
BP_ASSERT_AT(hdr.loadflags, BP_LOADFLAGS);
BP_ASSERT_AT(hdr.code32_start, BP_CODE32_START);
BP_ASSERT_AT(hdr.ramdisk_image, BP_RAMDISK_IMAGE);
BP_ASSERT_AT(hdr.ramdisk_size, BP_RAMDISK_SIZE);
BP_ASSERT_AT(hdr.heap_end_ptr, BP_HEAP_END_PTR);
BP_ASSERT_AT(hdr.cmd_line_ptr, BP_CMD_LINE_PTR);
BP_ASSERT_AT(hdr.initrd_addr_max, BP_INITRD_ADDR_MAX);
BP_ASSERT_AT(hdr.kernel_alignment, BP_KERNEL_ALIGNMENT);
BP_ASSERT_AT(hdr.relocatable_kernel, BP_RELOCATABLE_KERNEL);
BP_ASSERT_AT(hdr.min_alignment, BP_MIN_ALIGNMENT);
BP_ASSERT_AT(hdr.xloadflags, BP_XLOADFLAGS);
BP_ASSERT_AT(hdr.cmdline_size, BP_CMDLINE_SIZE);
BP_ASSERT_AT(hdr.hardware_subarch, BP_HARDWARE_SUBARCH);
BP_ASSERT_AT(hdr.payload_offset, BP_PAYLOAD_OFFSET);
BP_ASSERT_AT(hdr.payload_length, BP_PAYLOAD_LENGTH);
BP_ASSERT_AT(hdr.setup_data, BP_SETUP_DATA);
BP_ASSERT_AT(hdr.pref_address, BP_PREF_ADDRESS);
BP_ASSERT_AT(hdr.init_size, BP_INIT_SIZE);
BP_ASSERT_AT(hdr.handover_offset, BP_HANDOVER_OFFSET);
_Static_assert(sizeof(struct boot_e820_entry) == 20, "E820 entry size");
_Static_assert(sizeof(struct boot_params) == BP_ZERO_PAGE_SIZE,
	       "struct boot_params size");
/* The jump at 0x200 reaches 0x7f bytes at most: the header always fits. */
_Static_assert(BP_HEADER + 0x7f <= BP_SETUP_HEADER_LIMIT, "header space");


/* ---- bzImage ---- */

/* The NUL-terminated version string the header points into the setup. */
static void kernel_version(const uint8_t *b, struct bzimage_info *info)
{
	uint16_t ptr = get_le16(b + BP_KERNEL_VERSION);
	size_t pos, n = 0;

	if (!ptr)
		return;
	/* The pointer is relative to 0x200 and must stay inside the setup. */
	for (pos = (size_t)ptr + 0x200;
	     pos < info->kernel_offset && n < sizeof(info->kernel_version) - 1;
	     pos++) {
		uint8_t c = b[pos];

		if (!c)
			break;
		info->kernel_version[n++] =
			c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	info->kernel_version[n] = 0;
}

int bzimage_check(const void *image, size_t size, struct bzimage_info *info,
		  char *err, size_t err_len)
{
	const uint8_t *b = image;
	uint32_t syssize, payload_offset, payload_length;
	uint8_t jump;

	memset(info, 0, sizeof(*info));
	if (!image || size < BP_VERSION + 2)
		return format_error(
			err, err_len, -EINVAL,
			"kernel image is %zu bytes, too short for a boot sector and setup header",
			image ? size : 0);
	if (get_le16(b + BP_BOOT_FLAG) != BP_BOOT_FLAG_MAGIC)
		return format_error(
			err, err_len, -EINVAL,
			"kernel image has 0x%04x at 0x1fe instead of the boot sector signature 0xaa55: not a Linux bzImage",
			get_le16(b + BP_BOOT_FLAG));
	if (get_le32(b + BP_HEADER) != BP_HEADER_MAGIC)
		return format_error(
			err, err_len, -EINVAL,
			"kernel image has no \"HdrS\" setup header at 0x202: not a Linux bzImage, or one older than boot protocol 2.00");
	info->version = get_le16(b + BP_VERSION);
	if (info->version < BP_MIN_VERSION)
		return format_error(
			err, err_len, -EINVAL,
			"kernel image uses boot protocol %u.%02u; 2.12 or later is needed for the 64-bit entry point",
			info->version >> 8, info->version & 0xff);

	/*
	 * The setup header's length is given by the short jump at 0x200 that
	 * skips over it: EB, then the offset from 0x202.
	 */
	jump = b[BP_JUMP + 1];
	if (b[BP_JUMP] != 0xeb || jump >= 0x80)
		return format_error(
			err, err_len, -EINVAL,
			"kernel image: bytes %02x %02x at 0x200 are not the forward short jump that gives the setup header length",
			b[BP_JUMP], jump);
	info->header_end = BP_HEADER + (size_t)jump;
	if (info->header_end < BP_HANDOVER_OFFSET + 4)
		return format_error(
			err, err_len, -EINVAL,
			"kernel image: setup header ends at 0x%zx, before the end of the protocol 2.12 fields (0x%x)",
			info->header_end, BP_HANDOVER_OFFSET + 4);
	if (info->header_end > size)
		return format_error(
			err, err_len, -EINVAL,
			"kernel image is %zu bytes, but its setup header ends at 0x%zx",
			size, info->header_end);

	/* setup_sects 0 means 4, for compatibility with very old kernels. */
	info->setup_sects = b[BP_SETUP_SECTS] ? b[BP_SETUP_SECTS] : 4;
	info->kernel_offset = ((size_t)info->setup_sects + 1) * SECTOR;
	if (info->kernel_offset >= size)
		return format_error(
			err, err_len, -EINVAL,
			"kernel image: setup_sects %u puts the kernel at 0x%zx, but the image is only %zu bytes",
			info->setup_sects, info->kernel_offset, size);
	info->kernel_size = size - info->kernel_offset;
	kernel_version(b, info);

	info->loadflags = b[BP_LOADFLAGS];
	if (!(info->loadflags & BP_LOADED_HIGH))
		return format_error(
			err, err_len, -EINVAL,
			"kernel image: loadflags 0x%02x lack LOADED_HIGH: a zImage, which loads below 1 MiB, not a bzImage",
			info->loadflags);
	info->xloadflags = get_le16(b + BP_XLOADFLAGS);
	if (!(info->xloadflags & BP_XLF_KERNEL_64))
		return format_error(
			err, err_len, -EINVAL,
			"kernel image: xloadflags 0x%04x lack XLF_KERNEL_64: no 64-bit entry point (a 32-bit kernel?)",
			info->xloadflags);

	/* syssize counts 16-byte units of protected-mode code. */
	syssize = get_le32(b + BP_SYSSIZE);
	if ((uint64_t)syssize * 16 > info->kernel_size)
		return format_error(
			err, err_len, -EINVAL,
			"kernel image: syssize gives 0x%llx bytes of kernel, but only 0x%zx follow the setup code (truncated image?)",
			(unsigned long long)syssize * 16, info->kernel_size);
	payload_offset = get_le32(b + BP_PAYLOAD_OFFSET);
	payload_length = get_le32(b + BP_PAYLOAD_LENGTH);
	if ((uint64_t)payload_offset + payload_length > info->kernel_size)
		return format_error(
			err, err_len, -EINVAL,
			"kernel image: payload at 0x%x, length 0x%x, runs past the 0x%zx kernel bytes (truncated image?)",
			payload_offset, payload_length, info->kernel_size);

	info->relocatable = b[BP_RELOCATABLE_KERNEL] != 0;
	info->kernel_alignment = get_le32(b + BP_KERNEL_ALIGNMENT);
	info->min_alignment = b[BP_MIN_ALIGNMENT];
	info->pref_address = get_le64(b + BP_PREF_ADDRESS);
	if (info->relocatable) {
		uint32_t a = info->kernel_alignment;

		if (a < PAGE_SIZE || (a & (a - 1)))
			return format_error(
				err, err_len, -EINVAL,
				"kernel image: kernel_alignment 0x%x is not a power of two of at least 4 KiB",
				a);
		if (info->min_alignment && (info->min_alignment > 31 ||
					    (1U << info->min_alignment) > a))
			return format_error(
				err, err_len, -EINVAL,
				"kernel image: min_alignment 2^%u exceeds kernel_alignment 0x%x",
				info->min_alignment, a);
	} else if (!info->pref_address || info->pref_address % PAGE_SIZE) {
		return format_error(
			err, err_len, -EINVAL,
			"kernel image is not relocatable and its pref_address 0x%llx is not a usable load address",
			(unsigned long long)info->pref_address);
	}

	info->init_size = get_le32(b + BP_INIT_SIZE);
	if (info->init_size < info->kernel_size)
		return format_error(
			err, err_len, -EINVAL,
			"kernel image: init_size 0x%x is smaller than the 0x%zx kernel bytes to load",
			info->init_size, info->kernel_size);
	info->cmdline_size = get_le32(b + BP_CMDLINE_SIZE);
	if (!info->cmdline_size)
		return format_error(err, err_len, -EINVAL,
			    "kernel image: cmdline_size is 0");
	info->initrd_addr_max = get_le32(b + BP_INITRD_ADDR_MAX);
	return 0;
}

/* ---- E820 ---- */

/* Firmware types ordered by how much they restrict use: RAM least. */
static unsigned int type_rank(uint32_t type)
{
	switch (type) {
	case E820_TYPE_RAM:
		return 1;
	case E820_TYPE_ACPI:
		return 2;
	case E820_TYPE_NVS:
		return 3;
	case E820_TYPE_UNUSABLE:
		return 5;
	default:
		return 4; /* reserved, and any type we do not know */
	}
}

static uint32_t known_type(uint32_t type)
{
	return type >= E820_TYPE_RAM && type <= E820_TYPE_UNUSABLE ?
		       type :
		       E820_TYPE_RESERVED;
}

static bool covers(uint64_t start, uint64_t size, uint64_t p)
{
	return p >= start && p - start < size;
}

static bool region_ignored(const struct jailhouse_memory *r)
{
	/* Comm regions have no physical address; size 0 is a placeholder. */
	return !r->size || (r->flags & JAILHOUSE_MEM_COMM_REGION);
}

static bool region_is_ram(const struct jailhouse_memory *r)
{
	const uint64_t need = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
			      JAILHOUSE_MEM_EXECUTE;
	const uint64_t deny = JAILHOUSE_MEM_IO | JAILHOUSE_MEM_COMM_REGION |
			      JAILHOUSE_MEM_ROOTSHARED;

	return (r->flags & need) == need && !(r->flags & deny);
}

#define SI_ASSERT_AT(field, off)                                        \
	_Static_assert(offsetof(struct bp_screen_info, field) == (off), \
		       "screen_info." #field " offset")
SI_ASSERT_AT(orig_video_is_vga, 0x0f);
SI_ASSERT_AT(lfb_width, 0x12);
SI_ASSERT_AT(lfb_base, 0x18);
SI_ASSERT_AT(lfb_linelength, 0x24);
SI_ASSERT_AT(red_size, 0x26);
SI_ASSERT_AT(rsvd_pos, 0x2d);
SI_ASSERT_AT(capabilities, 0x36);
SI_ASSERT_AT(ext_lfb_base, 0x3a);
_Static_assert(sizeof(struct bp_screen_info) == 0x40, "screen_info size");

/*
 * The colour byte that is neither red, green nor blue ("reserved") is
 * described too: Linux's simple-framebuffer matching wants all four.
 */
static void rsvd_field(struct bp_screen_info *si, unsigned int bpp)
{
	uint32_t used = 0;
	unsigned int pos;

	used |= ((1u << si->red_size) - 1) << si->red_pos;
	used |= ((1u << si->green_size) - 1) << si->green_pos;
	used |= ((1u << si->blue_size) - 1) << si->blue_pos;
	for (pos = 0; pos < bpp && (used >> pos & 1); pos++)
		;
	if (pos < bpp && bpp - pos <= 8 && !(used >> pos)) {
		si->rsvd_pos = (uint8_t)pos;
		si->rsvd_size = (uint8_t)(bpp - pos);
	}
}

int screen_info_from_fb(struct bp_screen_info *si,
			const struct boot_framebuffer *fb, uint8_t video_type,
			char *err, size_t err_len)
{
	uint64_t size = (uint64_t)fb->pitch * fb->height;

	memset(si, 0, sizeof(*si));
	if (fb->type != 1 || fb->bpp < 15 || fb->bpp > 32 || !fb->address)
		return format_error(err, err_len, -EINVAL,
				    "framebuffer type %u, %u bpp: not a direct "
				    "colour framebuffer Linux can use",
				    fb->type, fb->bpp);
	if (!fb->width || !fb->height || fb->width > 0xffff ||
	    fb->height > 0xffff || fb->pitch > 0xffff ||
	    fb->pitch < (uint64_t)fb->width * ((fb->bpp + 7) / 8) ||
	    size > 0xffffffffu)
		return format_error(err, err_len, -EINVAL,
				    "framebuffer %ux%u, pitch %u: bad geometry",
				    fb->width, fb->height, fb->pitch);
	if (fb->red_pos + fb->red_size > fb->bpp ||
	    fb->green_pos + fb->green_size > fb->bpp ||
	    fb->blue_pos + fb->blue_size > fb->bpp || fb->red_size > 8 ||
	    fb->green_size > 8 || fb->blue_size > 8)
		return format_error(err, err_len, -EINVAL,
				    "framebuffer colour fields outside its "
				    "%u-bit pixels",
				    fb->bpp);
	si->orig_video_is_vga = video_type;
	si->lfb_width = (uint16_t)fb->width;
	si->lfb_height = (uint16_t)fb->height;
	si->lfb_depth = fb->bpp;
	si->lfb_linelength = (uint16_t)fb->pitch;
	si->lfb_base = (uint32_t)fb->address;
	si->ext_lfb_base = (uint32_t)(fb->address >> 32);
	if (si->ext_lfb_base)
		si->capabilities |= BP_VIDEO_CAPABILITY_64BIT_BASE;
	si->lfb_size = (uint32_t)size;
	si->red_size = fb->red_size;
	si->red_pos = fb->red_pos;
	si->green_size = fb->green_size;
	si->green_pos = fb->green_pos;
	si->blue_size = fb->blue_size;
	si->blue_pos = fb->blue_pos;
	rsvd_field(si, fb->bpp);
	return 0;
}

static int e820_validate(const struct e820_sources *s, char *err,
			 size_t err_len)
{
	for (unsigned int i = 0; i < s->num_fw_map; i++) {
		const struct boot_mem_range *m = &s->fw_map[i];

		if (m->base + m->length < m->base)
			return format_error(
				err, err_len, -EINVAL,
				"firmware memory map entry %u (0x%llx, length 0x%llx) wraps past the end of the address space",
				i, (unsigned long long)m->base,
				(unsigned long long)m->length);
	}
	for (unsigned int i = 0; i < s->num_regions; i++) {
		const struct jailhouse_memory *r = &s->regions[i];

		if (region_ignored(r))
			continue;
		if (r->phys_start + r->size < r->phys_start)
			return format_error(
				err, err_len, -EINVAL,
				"root memory region %u (0x%llx, size 0x%llx) wraps past the end of the address space",
				i, (unsigned long long)r->phys_start,
				(unsigned long long)r->size);
		if (r->phys_start != r->virt_start)
			return format_error(
				err, err_len, -EINVAL,
				"root memory region %u: virt_start 0x%llx differs from phys_start 0x%llx, but the root cell is identity mapped",
				i, (unsigned long long)r->virt_start,
				(unsigned long long)r->phys_start);
	}
	for (unsigned int i = 0; i < s->num_exclude; i++)
		if (s->exclude[i].start + s->exclude[i].size <
		    s->exclude[i].start)
			return format_error(
				err, err_len, -EINVAL,
				"excluded range %u (0x%llx, size 0x%llx) wraps past the end of the address space",
				i, (unsigned long long)s->exclude[i].start,
				(unsigned long long)s->exclude[i].size);
	for (unsigned int i = 0; i < s->num_reserve; i++)
		if (s->reserve[i].start + s->reserve[i].size <
		    s->reserve[i].start)
			return format_error(
				err, err_len, -EINVAL,
				"reserved range %u (0x%llx, size 0x%llx) wraps past the end of the address space",
				i, (unsigned long long)s->reserve[i].start,
				(unsigned long long)s->reserve[i].size);
	return 0;
}

static void consider(uint64_t point, uint64_t after, bool *found,
		     uint64_t *best)
{
	if (point > after && (!*found || point < *best)) {
		*best = point;
		*found = true;
	}
}

/*
 * The lowest range boundary above p (any range start or end), or false if
 * there is none. Visiting boundaries in order needs no sorted copy of the
 * inputs, so no scratch memory; inputs are small, so O(n^2) is cheap.
 */
static bool next_boundary(const struct e820_sources *s, uint64_t p,
			  uint64_t *next)
{
	bool found = false;

	for (unsigned int i = 0; i < s->num_fw_map; i++) {
		const struct boot_mem_range *m = &s->fw_map[i];

		if (!m->length)
			continue;
		consider(m->base, p, &found, next);
		consider(m->base + m->length, p, &found, next);
	}
	for (unsigned int i = 0; i < s->num_regions; i++) {
		const struct jailhouse_memory *r = &s->regions[i];

		if (region_ignored(r))
			continue;
		consider(r->phys_start, p, &found, next);
		consider(r->phys_start + r->size, p, &found, next);
	}
	for (unsigned int i = 0; i < s->num_exclude; i++) {
		consider(s->exclude[i].start, p, &found, next);
		consider(s->exclude[i].start + s->exclude[i].size, p, &found,
			 next);
	}
	for (unsigned int i = 0; i < s->num_reserve; i++) {
		consider(s->reserve[i].start, p, &found, next);
		consider(s->reserve[i].start + s->reserve[i].size, p, &found,
			 next);
	}
	return found;
}

/*
 * The E820 type of the address range starting at p and reaching up to the
 * next boundary (all of it is alike), or 0 for "not in the map".
 */
static uint32_t classify(const struct e820_sources *s, uint64_t p)
{
	uint32_t type = 0;

	for (unsigned int i = 0; i < s->num_exclude; i++)
		if (covers(s->exclude[i].start, s->exclude[i].size, p))
			return 0;
	for (unsigned int i = 0; i < s->num_reserve; i++)
		if (covers(s->reserve[i].start, s->reserve[i].size, p))
			return E820_TYPE_RESERVED;

	for (unsigned int i = 0; i < s->num_fw_map; i++) {
		const struct boot_mem_range *m = &s->fw_map[i];
		uint32_t t = known_type(m->type);

		if (covers(m->base, m->length, p) &&
		    (!type || type_rank(t) > type_rank(type)))
			type = t;
	}

	switch (type) {
	case E820_TYPE_RAM:
		for (unsigned int i = 0; i < s->num_regions; i++) {
			const struct jailhouse_memory *r = &s->regions[i];

			if (!region_ignored(r) && region_is_ram(r) &&
			    covers(r->phys_start, r->size, p))
				return E820_TYPE_RAM;
		}
		return 0;
	case E820_TYPE_ACPI:
	case E820_TYPE_NVS:
		for (unsigned int i = 0; i < s->num_regions; i++) {
			const struct jailhouse_memory *r = &s->regions[i];

			if (!region_ignored(r) &&
			    !(r->flags & JAILHOUSE_MEM_IO) &&
			    covers(r->phys_start, r->size, p))
				return type;
		}
		return 0;
	default:
		return type;
	}
}

struct e820_out {
	struct boot_e820_entry *e;
	unsigned int n, max;
};

/*
 * The last entry is complete: RAM shrinks inward to whole pages, because
 * Linux only manages whole pages as RAM and a partial page at an edge may
 * share its frame with something the root cell does not own.
 */
static void close_last(struct e820_out *o)
{
	struct boot_e820_entry *last;
	uint64_t start, end;

	if (!o->n)
		return;
	last = &o->e[o->n - 1];
	if (last->type != E820_TYPE_RAM)
		return;
	start = (last->addr + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	end = (last->addr + last->size) & ~(PAGE_SIZE - 1);
	if (start < last->addr || end <= start) {
		o->n--;
		return;
	}
	last->addr = start;
	last->size = end - start;
}

static int emit(struct e820_out *o, uint64_t start, uint64_t end, uint32_t type,
		char *err, size_t err_len)
{
	struct boot_e820_entry *last = o->n ? &o->e[o->n - 1] : NULL;

	if (last && last->type == type && last->addr + last->size == start) {
		last->size += end - start;
		return 0;
	}
	close_last(o);
	if (o->n == o->max)
		return format_error(
			err, err_len, -E2BIG,
			"the root cell's E820 map needs more than %u entries (at 0x%llx)",
			o->max, (unsigned long long)start);
	o->e[o->n].addr = start;
	o->e[o->n].size = end - start;
	o->e[o->n].type = type;
	o->n++;
	return 0;
}

int e820_build(const struct e820_sources *sources, struct boot_e820_entry *out,
	       unsigned int max, char *err, size_t err_len)
{
	struct e820_out o = { .e = out, .n = 0, .max = max };
	uint64_t p, next = 0;
	int ret;

	ret = e820_validate(sources, err, err_len);
	if (ret)
		return ret;

	/* Walk the address space from boundary to boundary. */
	for (p = 0; next_boundary(sources, p, &next); p = next) {
		uint32_t type = classify(sources, p);

		if (type) {
			ret = emit(&o, p, next, type, err, err_len);
			if (ret)
				return ret;
		}
	}
	close_last(&o);
	return (int)o.n;
}

/* ---- zero page ---- */

static bool in_ram(const struct boot_params *bp, uint64_t start, uint64_t size)
{
	for (unsigned int i = 0; i < bp->e820_entries; i++) {
		const struct boot_e820_entry *e = &bp->e820_table[i];

		if (e->type == E820_TYPE_RAM && start >= e->addr &&
		    start - e->addr <= e->size &&
		    size <= e->size - (start - e->addr))
			return true;
	}
	return false;
}

struct placed {
	const char *name;
	uint64_t start;
	uint64_t size;
};

static int check_placement(const struct boot_params *bp,
			   const struct boot_params_args *a,
			   const struct placed *p, unsigned int n, char *err,
			   size_t err_len)
{
	bool above_4g_ok = a->info->xloadflags & BP_XLF_CAN_BE_LOADED_ABOVE_4G;

	for (unsigned int i = 0; i < n; i++) {
		uint64_t end = p[i].start + p[i].size;

		if (end < p[i].start)
			return format_error(
				err, err_len, -EINVAL,
				"%s at 0x%llx, size 0x%llx, wraps past the end of the address space",
				p[i].name, (unsigned long long)p[i].start,
				(unsigned long long)p[i].size);
		if (!in_ram(bp, p[i].start, p[i].size))
			return format_error(
				err, err_len, -EINVAL,
				"%s at 0x%llx-0x%llx is not inside RAM of the root cell's E820 map",
				p[i].name, (unsigned long long)p[i].start,
				(unsigned long long)end - 1);
		if (end > FOUR_GIB && !above_4g_ok)
			return format_error(
				err, err_len, -EINVAL,
				"%s at 0x%llx-0x%llx lies above 4 GiB, which this kernel does not accept (no XLF_CAN_BE_LOADED_ABOVE_4G)",
				p[i].name, (unsigned long long)p[i].start,
				(unsigned long long)end - 1);
		for (unsigned int j = 0; j < i; j++)
			if (p[i].start < p[j].start + p[j].size &&
			    p[j].start < end)
				return format_error(
					err, err_len, -EINVAL,
					"%s at 0x%llx-0x%llx overlaps %s at 0x%llx-0x%llx",
					p[i].name,
					(unsigned long long)p[i].start,
					(unsigned long long)end - 1, p[j].name,
					(unsigned long long)p[j].start,
					(unsigned long long)(p[j].start +
							     p[j].size - 1));
	}
	return 0;
}

int boot_params_build(void *zero_page, const struct boot_params_args *a,
		      char *err, size_t err_len)
{
	const struct bzimage_info *info = a->info;
	struct boot_params *bp = zero_page;
	struct placed places[4];
	unsigned int n = 0;
	size_t cmdline_len;
	int ret;

	memset(bp, 0, sizeof(*bp));
	/* info must be bzimage_check()'s verdict on this very image. */
	if (!info || !a->image || info->header_end < BP_HANDOVER_OFFSET + 4 ||
	    info->header_end > a->image_size ||
	    info->header_end > BP_SETUP_HEADER_LIMIT)
		return format_error(
			err, err_len, -EINVAL,
			"boot params: kernel image information does not match the image");

	ret = e820_build(&a->mem, bp->e820_table, BP_E820_MAX, err, err_len);
	if (ret < 0)
		return ret;
	bp->e820_entries = (uint8_t)ret;

	/* Kernel placement: where the image says it may run. */
	if (info->relocatable && a->kernel_phys % info->kernel_alignment)
		return format_error(
			err, err_len, -EINVAL,
			"kernel load address 0x%llx is not aligned to the kernel's kernel_alignment 0x%x",
			(unsigned long long)a->kernel_phys,
			info->kernel_alignment);
	if (!info->relocatable && a->kernel_phys != info->pref_address)
		return format_error(
			err, err_len, -EINVAL,
			"kernel is not relocatable: it must be loaded at 0x%llx, not 0x%llx",
			(unsigned long long)info->pref_address,
			(unsigned long long)a->kernel_phys);
	/* The kernel needs init_size bytes from its start, not just its file. */
	places[n++] = (struct placed){ "kernel (init_size)", a->kernel_phys,
				       info->init_size };

	if (!a->cmdline || !a->cmdline_phys)
		return format_error(
			err, err_len, -EINVAL,
			"no kernel command line given (an empty string will do; address 0 tells Linux the boot loader is older than protocol 2.02)");
	cmdline_len = strnlen(a->cmdline, (size_t)info->cmdline_size + 1);
	if (cmdline_len > info->cmdline_size)
		return format_error(
			err, err_len, -EINVAL,
			"kernel command line is longer than the %u characters the kernel accepts (cmdline_size)",
			info->cmdline_size);
	places[n++] = (struct placed){ "command line", a->cmdline_phys,
				       cmdline_len + 1 };
	places[n++] = (struct placed){ "zero page", a->zero_page_phys,
				       BP_ZERO_PAGE_SIZE };

	if (a->initrd_size) {
		/*
		 * initrd_addr_max is the highest byte an initrd may occupy;
		 * a kernel that can take it above 4 GiB lifts that limit.
		 */
		if (!(info->xloadflags & BP_XLF_CAN_BE_LOADED_ABOVE_4G) &&
		    (a->initrd_phys > info->initrd_addr_max ||
		     a->initrd_size - 1 >
			     info->initrd_addr_max - a->initrd_phys))
			return format_error(
				err, err_len, -EINVAL,
				"initrd at 0x%llx, size 0x%llx, ends above the kernel's initrd_addr_max 0x%x",
				(unsigned long long)a->initrd_phys,
				(unsigned long long)a->initrd_size,
				info->initrd_addr_max);
		places[n++] = (struct placed){ "initrd", a->initrd_phys,
					       a->initrd_size };
	}
	ret = check_placement(bp, a, places, n, err, err_len);
	if (ret)
		return ret;

	/*
	 * The setup header comes from the image, then the loader's fields
	 * are written over it. Only the header is copied: the byte before
	 * it (sentinel, 0x1ef) must stay 0, or Linux concludes the loader
	 * copied the whole first sector and wipes fields it set.
	 */
	memcpy((uint8_t *)bp + BP_SETUP_SECTS,
	       (const uint8_t *)a->image + BP_SETUP_SECTS,
	       info->header_end - BP_SETUP_SECTS);

	/*
	 * Warden has no boot loader ID of its own; 0xff is "undefined".
	 * It must not be 0, because Linux ignores the initrd fields of a
	 * loader that leaves type_of_loader at 0.
	 */
	bp->hdr.type_of_loader = BP_LOADER_UNDEFINED;
	/* No real-mode setup runs, so it has no heap; KASLR_FLAG is the
	 * kernel's own. */
	bp->hdr.loadflags &= (uint8_t) ~(BP_CAN_USE_HEAP | BP_KASLR_FLAG);
	bp->hdr.heap_end_ptr = 0;
	/* Only the 32-bit entry uses it, but keep it true to the load. */
	bp->hdr.code32_start =
		a->kernel_phys < FOUR_GIB ? (uint32_t)a->kernel_phys : 0;
	bp->hdr.cmd_line_ptr = (uint32_t)a->cmdline_phys;
	bp->ext_cmd_line_ptr = (uint32_t)(a->cmdline_phys >> 32);
	if (a->initrd_size) {
		bp->hdr.ramdisk_image = (uint32_t)a->initrd_phys;
		bp->ext_ramdisk_image = (uint32_t)(a->initrd_phys >> 32);
		bp->hdr.ramdisk_size = (uint32_t)a->initrd_size;
		bp->ext_ramdisk_size = (uint32_t)(a->initrd_size >> 32);
	}
	bp->hdr.setup_data = 0;
	bp->hdr.hardware_subarch = 0; /* a plain PC */
	bp->hdr.hardware_subarch_data = 0;
	bp->acpi_rsdp_addr = a->rsdp_phys;
	if (a->fb)
		return screen_info_from_fb(&bp->screen_info, a->fb,
					   a->fb_video_type, err, err_len);
	return 0;
}
