// SPDX-License-Identifier: GPL-2.0
/*
 * Hypervisor image checks (see image.h). The file comes from a FAT
 * partition, so every offset and size is checked against the file and
 * every address against the range it will be loaded to before the loader
 * allocates or copies anything. Field offsets are those of the ELF-64
 * specification and the Multiboot2 specification (section 3.1).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <warden/format.h>
#include <warden/multiboot2.h>
#include <warden/multiboot2_header.h>

#include "image.h"

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define PT_LOAD 1
#define ET_EXEC 2
#define EM_X86_64 62
#define PAGE 4096ull

/* Header tag types not (or no longer) in multiboot2_header.h. */
#define MB2_HEADER_TAG_ADDRESS 2
#define HDR_TAG_CONSOLE_FLAGS 4
#define MB2_HEADER_TAG_ENTRY_EFI32 8
#define MB2_HEADER_TAG_RELOCATABLE 10

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static int __attribute__((format(printf, 3, 4)))
fail(char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;

	if (err && err_len) {
		va_start(ap, fmt);
		vsnformat(err, err_len, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int check_ehdr(const uint8_t *f, size_t size, char *err, size_t err_len)
{
	uint64_t phoff;
	uint16_t phnum;

	if (size < EHDR_SIZE)
		return fail(err, err_len,
			    "%zu bytes, too short for an ELF header", size);
	if (f[0] != 0x7f || f[1] != 'E' || f[2] != 'L' || f[3] != 'F')
		return fail(err, err_len, "not an ELF file");
	if (f[4] != 2 || f[5] != 1)
		return fail(
			err, err_len,
			"not a little-endian 64-bit ELF file (class %u, data %u)",
			f[4], f[5]);
	if (get16(f + 16) != ET_EXEC || get16(f + 18) != EM_X86_64)
		return fail(err, err_len,
			    "not an x86-64 executable (type %u, machine %u)",
			    get16(f + 16), get16(f + 18));
	if (get16(f + 54) != PHDR_SIZE)
		return fail(err, err_len,
			    "program header size %u instead of %u",
			    get16(f + 54), PHDR_SIZE);
	phoff = get64(f + 32);
	phnum = get16(f + 56);
	if (!phnum)
		return fail(err, err_len, "no program headers");
	if (phoff > size || (size - phoff) / PHDR_SIZE < phnum)
		return fail(
			err, err_len,
			"%u program headers at offset 0x%llx run past the end of the file (%zu bytes)",
			phnum, (unsigned long long)phoff, size);
	return 0;
}

static int add_segment(const uint8_t *ph, size_t size, unsigned int i,
		       struct image_info *info, char *err, size_t err_len)
{
	struct image_segment s = {
		.offset = get64(ph + 8),
		.paddr = get64(ph + 24),
		.filesz = get64(ph + 32),
		.memsz = get64(ph + 40),
	};
	unsigned int j;

	if (!s.memsz)
		return 0;
	if (s.filesz > s.memsz)
		return fail(
			err, err_len,
			"segment %u: file size 0x%llx exceeds memory size 0x%llx",
			i, (unsigned long long)s.filesz,
			(unsigned long long)s.memsz);
	if (s.offset > size || s.filesz > size - s.offset)
		return fail(
			err, err_len,
			"segment %u: 0x%llx bytes at offset 0x%llx run past the end of the file (%zu bytes)",
			i, (unsigned long long)s.filesz,
			(unsigned long long)s.offset, size);
	if (s.paddr % PAGE || s.paddr < IMAGE_MIN_PADDR ||
	    s.paddr >= IMAGE_MAX_PADDR || s.memsz > IMAGE_MAX_PADDR - s.paddr)
		return fail(
			err, err_len,
			"segment %u: physical 0x%llx, 0x%llx bytes is not 4 KiB aligned between 1 MiB and 4 GiB",
			i, (unsigned long long)s.paddr,
			(unsigned long long)s.memsz);
	/* Whole pages are allocated per segment: they must not share one. */
	for (j = 0; j < info->num_segments; j++) {
		const struct image_segment *o = &info->segments[j];
		uint64_t o_end = (o->paddr + o->memsz + PAGE - 1) & ~(PAGE - 1);
		uint64_t s_end = (s.paddr + s.memsz + PAGE - 1) & ~(PAGE - 1);

		if (s.paddr < o_end && o->paddr < s_end)
			return fail(
				err, err_len,
				"segment %u (0x%llx-0x%llx) overlaps an earlier one (0x%llx-0x%llx)",
				i, (unsigned long long)s.paddr,
				(unsigned long long)(s_end - 1),
				(unsigned long long)o->paddr,
				(unsigned long long)(o_end - 1));
	}
	if (info->num_segments == IMAGE_MAX_SEGMENTS)
		return fail(err, err_len, "more than %u loadable segments",
			    IMAGE_MAX_SEGMENTS);
	info->segments[info->num_segments++] = s;
	return 0;
}

/* Boot information types warden.efi provides (see loader.c). */
static bool provided(uint32_t type)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
	case MB2_TAG_LOADER_NAME:
	case MB2_TAG_MODULE:
	case MB2_TAG_FRAMEBUFFER:
	case MB2_TAG_EFI64_ST:
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
	case MB2_TAG_EFI_MMAP:
	case MB2_TAG_EFI64_IH:
		return true;
	}
	return false;
}

/*
 * Walk the header's tags. As the specification asks of a loader, a tag
 * this loader does not honour is an error unless marked optional: the
 * image would otherwise run under assumptions that do not hold.
 */
static int parse_mb2_tags(const uint8_t *h, uint32_t len, uint64_t *entry,
			  char *err, size_t err_len)
{
	uint32_t off = 16;

	while (off <= len - 8) {
		const uint8_t *t = h + off;
		uint16_t type = get16(t), flags = get16(t + 2);
		uint32_t size = get32(t + 4), i;
		bool optional = flags & MB2_HEADER_TAG_OPTIONAL;

		if (size < 8 || size > len - off)
			return fail(
				err, err_len,
				"multiboot2 header tag at 0x%x: size %u is outside 8..%u",
				off, size, len - off);
		switch (type) {
		case MB2_HEADER_TAG_END:
			return 0;
		case MB2_HEADER_TAG_INFO_REQUEST:
			for (i = 8; !optional && i + 4 <= size; i += 4)
				if (!provided(get32(t + i)))
					return fail(
						err, err_len,
						"multiboot2 header requires boot information tag %u, which warden.efi does not provide",
						get32(t + i));
			break;
		case MB2_HEADER_TAG_ENTRY_EFI64:
			if (size < 12)
				return fail(
					err, err_len,
					"multiboot2 EFI amd64 entry tag is %u bytes, too short",
					size);
			*entry = get32(t + 8);
			break;
		case MB2_HEADER_TAG_ENTRY:
		case HDR_TAG_CONSOLE_FLAGS:
		case MB2_HEADER_TAG_FRAMEBUFFER:
		case MB2_HEADER_TAG_MODULE_ALIGN:
		case MB2_HEADER_TAG_EFI_BS:
		case MB2_HEADER_TAG_ENTRY_EFI32:
			/*
			 * Honoured or irrelevant: modules are page aligned,
			 * GOP's mode is kept, and boot services are always
			 * left by the loader (docs/uefi.md).
			 */
			break;
		default:
			if (!optional)
				return fail(
					err, err_len,
					"multiboot2 header has required tag type %u, which warden.efi does not support",
					type);
		}
		off += (size + 7) & ~7u;
	}
	return fail(err, err_len, "multiboot2 header has no end tag");
}

static int find_mb2_entry(const uint8_t *f, size_t size,
			  struct image_info *info, char *err, size_t err_len)
{
	size_t limit = size < IMAGE_MB2_SEARCH ? size : IMAGE_MB2_SEARCH;
	size_t off;
	unsigned int i;

	for (off = 0; off + 16 <= limit; off += 8) {
		const uint8_t *h = f + off;
		uint32_t len = get32(h + 8);
		uint64_t entry = 0;

		if (get32(h) != MB2_HEADER_MAGIC)
			continue;
		if (get32(h) + get32(h + 4) + len + get32(h + 12))
			continue; /* checksum: not a header after all */
		if (get32(h + 4) != MB2_ARCH_I386)
			return fail(
				err, err_len,
				"multiboot2 header at 0x%zx is for architecture %u, not i386 (0)",
				off, get32(h + 4));
		if (len < 24 || len > limit - off || len % 8)
			return fail(
				err, err_len,
				"multiboot2 header at 0x%zx: length %u is outside 24..%zu or not a multiple of 8",
				off, len, limit - off);
		if (parse_mb2_tags(h, len, &entry, err, err_len))
			return -1;
		if (!entry)
			return fail(
				err, err_len,
				"multiboot2 header has no EFI amd64 entry (tag 9)");
		for (i = 0; i < info->num_segments; i++) {
			const struct image_segment *s = &info->segments[i];

			if (entry >= s->paddr && entry - s->paddr < s->filesz) {
				info->entry_efi64 = entry;
				return 0;
			}
		}
		return fail(
			err, err_len,
			"EFI amd64 entry 0x%llx is not inside a loaded segment",
			(unsigned long long)entry);
	}
	return fail(err, err_len, "no multiboot2 header in the first %u bytes",
		    IMAGE_MB2_SEARCH);
}

int image_check(const void *file, size_t size, struct image_info *info,
		char *err, size_t err_len)
{
	const uint8_t *f = file;
	uint16_t phnum, i;
	uint64_t phoff;

	info->num_segments = 0;
	info->entry_efi64 = 0;
	if (err && err_len)
		err[0] = '\0';
	if (check_ehdr(f, size, err, err_len))
		return -1;
	phoff = get64(f + 32);
	phnum = get16(f + 56);
	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = f + phoff + (size_t)i * PHDR_SIZE;

		if (get32(ph) == PT_LOAD &&
		    add_segment(ph, size, i, info, err, err_len))
			return -1;
	}
	if (!info->num_segments)
		return fail(err, err_len, "no loadable segment");
	return find_mb2_entry(f, size, info, err, err_len);
}
