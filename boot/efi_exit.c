// SPDX-License-Identifier: GPL-2.0
/*
 * Leaving UEFI boot services on the GRUB-EFI path.
 *
 * GRUB enters us with boot services still running (multiboot2 tags 7 and
 * 9), so the memory map we take here is the final one: boot-services
 * memory becomes usable RAM once we have left. This file runs linked at
 * its load address on the firmware's identity map, before the hypervisor
 * proper is reachable, so it uses nothing outside itself.
 *
 * warden.efi enters through the same entry having left boot services
 * itself: its information then lacks tag 18 ("boot services not
 * terminated") and carries the final map in tag 17, so there is nothing
 * to do here and the firmware must not be touched.
 *
 * Offsets of the firmware tables are those of the UEFI specification
 * (EFI_SYSTEM_TABLE, EFI_BOOT_SERVICES), checked by a host unit test
 * against GNU-EFI's declarations.
 */
#include <stddef.h>
#include <stdint.h>
#include <warden/efi_exit.h>
#include <warden/efi_tables.h>
#include <warden/multiboot2.h>

struct efi_exit_state efi_exit_state;

static void efi_print(struct efi_system_table *st, const char *msg)
{
	uint16_t wide[128];
	size_t n = 0;

	if (!st || !st->con_out)
		return;
	for (; *msg && n < 126; msg++) {
		if (*msg == '\n')
			wide[n++] = '\r';
		wide[n++] = (uint8_t)*msg;
	}
	wide[n] = 0;
	st->con_out->output_string(st->con_out, wide);
}

/*
 * The few tags needed this early; the full parser runs later. Returns the
 * first tag of type (or NULL), and its first 64-bit value in *value.
 */
static const uint8_t *mbi_find(const void *mbi, uint32_t type, uint64_t *value)
{
	const uint8_t *base = mbi;
	uint32_t total = *(const uint32_t *)base;
	uint32_t off = 8;

	if (total > 0x100000)
		return 0;
	while (off + 8 <= total) {
		uint32_t tag_type = *(const uint32_t *)(base + off);
		uint32_t tag_size = *(const uint32_t *)(base + off + 4);

		if (tag_type == 0 || tag_size < 8 || off + tag_size > total)
			break;
		if (tag_type == type) {
			if (tag_size >= 16)
				*value = *(const uint64_t *)(base + off + 8);
			return base + off;
		}
		off = (off + tag_size + 7) & ~7u;
	}
	return NULL;
}

static uint64_t mbi_find_u64(const void *mbi, uint32_t type)
{
	uint64_t value = 0;

	mbi_find(mbi, type, &value);
	return value;
}

/* The GOP's current mode, if there is a GOP: best effort, never fatal. */
static void take_gop_mode(struct efi_system_table *st,
			  struct efi_gop_mode *out)
{
	static const struct efi_guid gop_guid = EFI_GRAPHICS_OUTPUT_GUID;
	struct efi_graphics_output *gop = NULL;
	const struct efi_gop_mode_info *info;

	if (st->hdr.revision < (2u << 16) ||
	    st->boot_services->locate_protocol(&gop_guid, NULL,
					       (void **)&gop) != EFI_OK ||
	    !gop || !gop->mode || !gop->mode->info)
		return;
	info = gop->mode->info;
	out->width = info->horizontal_resolution;
	out->height = info->vertical_resolution;
	out->pixels_per_line = info->pixels_per_scan_line;
	out->format = info->pixel_format;
	out->red_mask = info->red_mask;
	out->green_mask = info->green_mask;
	out->blue_mask = info->blue_mask;
	out->reserved_mask = info->reserved_mask;
	out->base = gop->mode->frame_buffer_base;
}

int efi_exit_boot_services(const void *mbi)
{
	struct efi_system_table *st =
		(void *)(uintptr_t)mbi_find_u64(mbi, MB2_TAG_EFI64_ST);
	void *image = (void *)(uintptr_t)mbi_find_u64(mbi, MB2_TAG_EFI64_IH);
	struct efi_exit_state *s = &efi_exit_state;
	uint64_t status = EFI_ERR_INVALID_PARAMETER;
	unsigned int attempt;
	uint64_t unused;

	/* No tag 18: the loader has left boot services already. */
	if (!mbi_find(mbi, MB2_TAG_EFI_BS, &unused)) {
		s->left_by_loader = 1;
		return 0;
	}
	if (!st || !st->boot_services || !image) {
		efi_print(st, "Warden: GRUB gave no EFI system table or image "
			      "handle; cannot leave boot services.\n");
		return 1;
	}

	take_gop_mode(st, &s->gop);

	/*
	 * The map key changes whenever the firmware allocates, which our
	 * own GetMemoryMap call or a firmware event may do between the two
	 * calls: ExitBootServices then fails and we simply try again.
	 */
	for (attempt = 1; attempt <= 8; attempt++) {
		uint64_t size = sizeof(s->map), key = 0, desc_size = 0;
		uint32_t desc_version = 0;

		status = st->boot_services->get_memory_map(
			&size, s->map, &key, &desc_size, &desc_version);
		if (status == EFI_ERR_BUFFER_TOO_SMALL) {
			efi_print(st, "Warden: the UEFI memory map is larger "
				      "than 64 KiB; cannot boot.\n");
			return 2;
		}
		if (status != EFI_OK)
			continue;
		status = st->boot_services->exit_boot_services(image, key);
		if (status == EFI_OK) {
			s->map_size = size;
			s->desc_size = desc_size;
			s->desc_version = desc_version;
			s->attempts = attempt;
			return 0;
		}
	}
	efi_print(st, "Warden: ExitBootServices kept failing; cannot boot.\n");
	return 3;
}
