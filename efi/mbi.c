// SPDX-License-Identifier: GPL-2.0
/*
 * Multiboot2 boot information builder (see mbi.h). Layouts follow the
 * Multiboot2 specification, section 3.6; the framebuffer tag's colour
 * fields start at offset 32, after a 16-bit reserved field, as GRUB (the
 * reference loader) and the hypervisor's parser have it. Stores are
 * byte-wise little-endian so no alignment is assumed.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <warden/multiboot2.h>

#include "mbi.h"

#define TAG_HEADER 8
#define EFI_MMAP_HEADER 16

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static size_t align8(size_t v)
{
	return (v + 7) & ~(size_t)7;
}

void mbi_init(struct mbi *m, void *buf, size_t cap)
{
	m->buf = buf;
	m->cap = cap;
	m->len = 8; /* total_size, reserved */
	m->overflow = cap < 8 + TAG_HEADER;
	if (!m->overflow)
		put64(m->buf, 0);
}

/*
 * Start a tag of size bytes (header included) and zero it with its
 * padding. NULL when it does not fit, keeping room for the end tag.
 */
static uint8_t *tag(struct mbi *m, uint32_t type, size_t size)
{
	size_t padded = align8(size), i;
	uint8_t *t;

	if (m->overflow || size > UINT32_MAX ||
	    padded > m->cap - TAG_HEADER - m->len) {
		m->overflow = true;
		return NULL;
	}
	t = m->buf + m->len;
	for (i = 0; i < padded; i++)
		t[i] = 0;
	put32(t, type);
	put32(t + 4, (uint32_t)size);
	m->len += padded;
	return t;
}

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void copy(uint8_t *dst, const void *src, size_t len)
{
	const uint8_t *s = src;

	while (len--)
		*dst++ = *s++;
}

void mbi_add_string(struct mbi *m, uint32_t type, const char *s)
{
	size_t len = str_len(s) + 1;
	uint8_t *t = tag(m, type, TAG_HEADER + len);

	if (t)
		copy(t + TAG_HEADER, s, len);
}

void mbi_add_u64(struct mbi *m, uint32_t type, uint64_t value)
{
	uint8_t *t = tag(m, type, TAG_HEADER + 8);

	if (t)
		put64(t + TAG_HEADER, value);
}

int mbi_add_module(struct mbi *m, uint64_t start, uint64_t end,
		   const char *string)
{
	size_t len = str_len(string) + 1;
	uint8_t *t;

	if (end < start || end > UINT32_MAX)
		return -1;
	t = tag(m, MB2_TAG_MODULE, 16 + len);
	if (!t)
		return -1;
	put32(t + 8, (uint32_t)start);
	put32(t + 12, (uint32_t)end);
	copy(t + 16, string, len);
	return 0;
}

void mbi_add_framebuffer(struct mbi *m, const struct boot_framebuffer *fb)
{
	uint8_t *t = tag(m, MB2_TAG_FRAMEBUFFER, 38);

	if (!t)
		return;
	put64(t + 8, fb->address);
	put32(t + 16, fb->pitch);
	put32(t + 20, fb->width);
	put32(t + 24, fb->height);
	t[28] = fb->bpp;
	t[29] = MB2_FRAMEBUFFER_TYPE_RGB;
	t[32] = fb->red_pos;
	t[33] = fb->red_size;
	t[34] = fb->green_pos;
	t[35] = fb->green_size;
	t[36] = fb->blue_pos;
	t[37] = fb->blue_size;
}

void mbi_add_rsdp(struct mbi *m, const void *rsdp, size_t len, bool v2)
{
	uint8_t *t;

	if (!v2)
		len = 20;
	t = tag(m, v2 ? MB2_TAG_ACPI_NEW : MB2_TAG_ACPI_OLD, TAG_HEADER + len);
	if (t)
		copy(t + TAG_HEADER, rsdp, len);
}

void *mbi_efi_mmap_area(struct mbi *m, size_t *room)
{
	size_t used = m->len + EFI_MMAP_HEADER + TAG_HEADER;

	if (m->overflow || used > m->cap) {
		*room = 0;
		return NULL;
	}
	/* Descriptors are multiples of 8 bytes: the tag ends aligned. */
	*room = (m->cap - used) & ~(size_t)7;
	return m->buf + m->len + EFI_MMAP_HEADER;
}

int mbi_add_efi_mmap(struct mbi *m, size_t size, uint32_t desc_size,
		     uint32_t desc_version)
{
	size_t room;
	uint8_t *t;

	if (!mbi_efi_mmap_area(m, &room) || size > room || size % 8) {
		m->overflow = true;
		return -1;
	}
	/* The descriptors are in place already: only write the header. */
	t = m->buf + m->len;
	put32(t, MB2_TAG_EFI_MMAP);
	put32(t + 4, (uint32_t)(EFI_MMAP_HEADER + size));
	put32(t + 8, desc_size);
	put32(t + 12, desc_version);
	m->len += EFI_MMAP_HEADER + size;
	return 0;
}

int mbi_finish(struct mbi *m)
{
	uint8_t *end;

	if (m->overflow || m->len + TAG_HEADER > m->cap ||
	    m->len + TAG_HEADER > UINT32_MAX)
		return -1;
	end = m->buf + m->len;
	put32(end, MB2_TAG_END);
	put32(end + 4, TAG_HEADER);
	m->len += TAG_HEADER;
	put32(m->buf, (uint32_t)m->len);
	return 0;
}
