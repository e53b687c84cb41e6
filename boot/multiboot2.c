// SPDX-License-Identifier: GPL-2.0
/*
 * Multiboot2 boot information parser (see warden/multiboot2.h).
 *
 * The information is treated as hostile: every length is checked against
 * the tag holding it and every tag against total_size before a byte is
 * read, so a corrupt or malicious loader gets an error message naming the
 * bad tag instead of a hypervisor reading stray memory. Fields are loaded
 * byte-wise, which needs no alignment and keeps the code endian-explicit.
 *
 * Duplicate tags: a second copy of a tag that carries a value (command
 * line, loader name, memory maps, framebuffer, RSDPs, EFI system table or
 * image handle) is rejected. A correct loader never sends one, and
 * silently picking either copy could boot with the wrong command line or
 * memory map. Tags without a value (18) or that Warden ignores may repeat;
 * modules are a list by nature.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <warden/boot_info.h>
#include <warden/efi_memmap.h>
#include <warden/format.h>
#include <warden/multiboot2.h>
#include <warden/string.h>

#define MB2_INFO_HEADER 8 /* u32 total_size, u32 reserved */
#define MB2_TAG_HEADER 8 /* u32 type, u32 size */
#define MB2_MMAP_HEADER 16 /* tag header, u32 entry_size, entry_version */
#define MB2_MMAP_ENTRY_MIN 24 /* u64 base_addr, u64 length, u32 type, pad */
#define MB2_MODULE_HEADER 16 /* tag header, u32 mod_start, u32 mod_end */
#define MB2_EFI_MMAP_HEADER 16 /* tag header, u32 desc size, u32 version */
/*
 * The specification text draws one reserved byte after framebuffer_type,
 * but GRUB, the reference loader, writes a u16 there, so colour_info starts
 * at offset 32; every loader in use follows GRUB.
 */
#define MB2_FB_COMMON 32
#define MB2_FB_RGB (MB2_FB_COMMON + 6)

#define RSDP_V1_LEN 20
#define RSDP_V2_LEN 36

/* Tags that may appear only once (see the comment at the top). */
#define SINGLETON_TAGS                                       \
	(1u << MB2_TAG_CMDLINE | 1u << MB2_TAG_LOADER_NAME | \
	 1u << MB2_TAG_MMAP | 1u << MB2_TAG_FRAMEBUFFER |    \
	 1u << MB2_TAG_EFI64_ST | 1u << MB2_TAG_ACPI_OLD |   \
	 1u << MB2_TAG_ACPI_NEW | 1u << MB2_TAG_EFI_MMAP |   \
	 1u << MB2_TAG_EFI64_IH)

struct tag {
	unsigned int index;
	uint32_t type;
	uint32_t offset; /* from the start of the information */
	uint32_t size; /* as the tag states it, header included */
	const uint8_t *p; /* its first byte */
};

struct parser {
	const uint8_t *base;
	uint32_t total;
	struct boot_info *bi;
	char *err;
	size_t err_len;
	struct tag tag; /* the tag being parsed */
	uint32_t seen; /* bit n: a tag of type n (< 32) was seen */
	struct tag efi_mmap; /* tag 17, converted at the end if no tag 6 */
};

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static int verror(struct parser *p, int ret, bool in_tag, const char *fmt,
		  va_list ap)
{
	int n;

	if (!p->err || !p->err_len)
		return ret;
	if (in_tag)
		n = snformat(p->err, p->err_len,
			     "multiboot2: tag %u (type %u, offset 0x%x) ",
			     p->tag.index, p->tag.type, p->tag.offset);
	else
		n = snformat(p->err, p->err_len, "multiboot2: ");
	if ((size_t)n < p->err_len)
		vsnformat(p->err + n, p->err_len - (size_t)n, fmt, ap);
	return ret;
}

/* An error about the information as a whole. */
static int __attribute__((format(printf, 3, 4)))
info_error(struct parser *p, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ret = verror(p, ret, false, fmt, ap);
	va_end(ap);
	return ret;
}

/* An error about p->tag; the message is prefixed with which tag it is. */
static int __attribute__((format(printf, 3, 4)))
tag_error(struct parser *p, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ret = verror(p, ret, true, fmt, ap);
	va_end(ap);
	return ret;
}

static int check_size(struct parser *p, uint32_t min, const char *what)
{
	if (p->tag.size < min)
		return tag_error(p, -EINVAL,
				 "size 0x%x is too short for %s (0x%x bytes)",
				 p->tag.size, what, min);
	return 0;
}

/*
 * Copy the NUL-terminated string that fills the tag from offset start on.
 * Too long for dst is an error: a truncated command line or module role
 * would boot something other than what was asked for.
 */
static int copy_string(struct parser *p, uint32_t start, char *dst,
		       size_t dst_len, const char *what)
{
	const char *s = (const char *)p->tag.p + start;
	size_t max = p->tag.size - start;
	size_t len = 0;

	while (len < max && s[len])
		len++;
	if (len == max)
		return tag_error(p, -EINVAL,
				 "%s is not NUL-terminated inside the tag",
				 what);
	if (len >= dst_len)
		return tag_error(p, -ENOSPC,
				 "%s is %zu bytes long; the limit is %zu", what,
				 len, dst_len - 1);
	memcpy(dst, s, len + 1);
	return 0;
}

static int parse_module(struct parser *p)
{
	struct boot_info *bi = p->bi;
	struct boot_module *mod;
	uint32_t start, end;
	int ret;

	ret = check_size(p, MB2_MODULE_HEADER + 1,
			 "mod_start, mod_end and a NUL-terminated string");
	if (ret)
		return ret;
	if (bi->num_modules == BOOT_MAX_MODULES)
		return tag_error(
			p, -ENOSPC,
			"is one module too many: the limit is %u (BOOT_MAX_MODULES)",
			BOOT_MAX_MODULES);
	start = get32(p->tag.p + 8);
	end = get32(p->tag.p + 12);
	if (end < start)
		return tag_error(
			p, -EINVAL,
			"module ends (mod_end 0x%x) before it starts (mod_start 0x%x)",
			end, start);
	mod = &bi->modules[bi->num_modules];
	ret = copy_string(p, MB2_MODULE_HEADER, mod->string,
			  sizeof(mod->string), "module string");
	if (ret)
		return ret;
	mod->start = start;
	mod->end = end;
	bi->num_modules++;
	return 0;
}

static uint32_t mem_type(uint32_t mb2_type)
{
	switch (mb2_type) {
	case MB2_MEMORY_AVAILABLE:
		return BOOT_MEM_RAM;
	case MB2_MEMORY_ACPI_RECLAIMABLE:
		return BOOT_MEM_ACPI;
	case MB2_MEMORY_NVS:
		return BOOT_MEM_NVS;
	case MB2_MEMORY_BADRAM:
		return BOOT_MEM_BAD;
	default:
		/* Unknown ranges must not be used: treat them as reserved. */
		return BOOT_MEM_RESERVED;
	}
}

/*
 * Entries are kept in the loader's order (firmware E820 order); zero-length
 * entries carry nothing and are dropped.
 */
static int parse_mmap(struct parser *p)
{
	struct boot_info *bi = p->bi;
	uint32_t entry_size, n, i;
	int ret;

	ret = check_size(p, MB2_MMAP_HEADER, "the memory map header");
	if (ret)
		return ret;
	entry_size = get32(p->tag.p + 8);
	if (entry_size < MB2_MMAP_ENTRY_MIN || entry_size % 8)
		return tag_error(
			p, -EINVAL,
			"memory map entry_size %u is not a multiple of 8 of at least %u",
			entry_size, MB2_MMAP_ENTRY_MIN);
	if ((p->tag.size - MB2_MMAP_HEADER) % entry_size)
		return tag_error(
			p, -EINVAL,
			"memory map entries (0x%x bytes) are not a whole number of %u-byte entries",
			p->tag.size - MB2_MMAP_HEADER, entry_size);
	n = (p->tag.size - MB2_MMAP_HEADER) / entry_size;

	bi->num_memmap = 0;
	for (i = 0; i < n; i++) {
		const uint8_t *e = p->tag.p + MB2_MMAP_HEADER + i * entry_size;
		uint64_t base = get64(e);
		uint64_t length = get64(e + 8);
		struct boot_mem_range *r;

		if (!length)
			continue;
		if (length > UINT64_MAX - base)
			return tag_error(
				p, -EINVAL,
				"memory map entry %u (base 0x%llx, length 0x%llx) runs past the end of the 64-bit address space",
				i, (unsigned long long)base,
				(unsigned long long)length);
		if (bi->num_memmap == BOOT_MAX_MEMMAP)
			return tag_error(
				p, -ENOSPC,
				"memory map has more than %u non-empty entries (BOOT_MAX_MEMMAP)",
				BOOT_MAX_MEMMAP);
		r = &bi->memmap[bi->num_memmap++];
		r->base = base;
		r->length = length;
		r->type = mem_type(get32(e + 16));
	}
	return 0;
}

static int parse_framebuffer(struct parser *p)
{
	struct boot_framebuffer *fb = &p->bi->fb;
	const uint8_t *t = p->tag.p;
	int ret;

	ret = check_size(p, MB2_FB_COMMON, "the framebuffer's common part");
	if (ret)
		return ret;
	if (t[29] == MB2_FRAMEBUFFER_TYPE_RGB) {
		ret = check_size(p, MB2_FB_RGB,
				 "an RGB framebuffer's colour fields");
		if (ret)
			return ret;
		fb->red_pos = t[32];
		fb->red_size = t[33];
		fb->green_pos = t[34];
		fb->green_size = t[35];
		fb->blue_pos = t[36];
		fb->blue_size = t[37];
	}
	fb->address = get64(t + 8);
	fb->pitch = get32(t + 16);
	fb->width = get32(t + 20);
	fb->height = get32(t + 24);
	fb->bpp = t[28];
	fb->type = t[29];
	return 0;
}

static uint8_t byte_sum(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

/*
 * Tags 14 and 15 hold a copy of the RSDP. It is checked here, where the
 * message can still name the tag, rather than by the ACPI code later.
 */
static int parse_rsdp(struct parser *p)
{
	struct boot_info *bi = p->bi;
	bool v2 = p->tag.type == MB2_TAG_ACPI_NEW;
	const uint8_t *r = p->tag.p + MB2_TAG_HEADER;
	uint32_t len = v2 ? RSDP_V2_LEN : RSDP_V1_LEN;
	int ret;

	ret = check_size(p, MB2_TAG_HEADER + len,
			 v2 ? "an ACPI 2.0 RSDP" : "an ACPI 1.0 RSDP");
	if (ret)
		return ret;
	if (memcmp(r, "RSD PTR ", 8))
		return tag_error(p, -EINVAL,
				 "RSDP signature is not \"RSD PTR \"");
	if (byte_sum(r, RSDP_V1_LEN))
		return tag_error(p, -EINVAL, "RSDP checksum is wrong");
	if (v2) {
		/* Length covers the whole structure, extended checksum too. */
		uint32_t length = get32(r + 20);

		if (r[15] < 2)
			return tag_error(
				p, -EINVAL,
				"RSDP revision %u is below 2 in an ACPI 2.0 RSDP tag",
				r[15]);
		if (length < RSDP_V2_LEN ||
		    length > p->tag.size - MB2_TAG_HEADER)
			return tag_error(
				p, -EINVAL,
				"RSDP length %u is outside %u..%u (the tag's payload)",
				length, RSDP_V2_LEN,
				p->tag.size - MB2_TAG_HEADER);
		if (byte_sum(r, length))
			return tag_error(p, -EINVAL,
					 "RSDP extended checksum is wrong");
	}

	/* The 2.0 RSDP wins, whichever order the two tags come in. */
	if (v2 || !(p->seen & 1u << MB2_TAG_ACPI_NEW)) {
		memcpy(bi->rsdp, r, len);
		bi->rsdp_len = len;
	}
	return 0;
}

/* Tags 12 and 20: one 64-bit pointer. */
static int parse_u64(struct parser *p, uint64_t *dst, const char *what)
{
	int ret;

	ret = check_size(p, MB2_TAG_HEADER + 8, what);
	if (ret)
		return ret;
	*dst = get64(p->tag.p + 8);
	if (!*dst)
		return tag_error(p, -EINVAL, "%s is 0", what);
	return 0;
}

static int parse_tag(struct parser *p)
{
	struct boot_info *bi = p->bi;
	uint32_t type = p->tag.type;

	if (type < 32 && (SINGLETON_TAGS & 1u << type) &&
	    (p->seen & 1u << type))
		return tag_error(
			p, -EINVAL,
			"repeats an earlier tag of the same type; only one is allowed");

	switch (type) {
	case MB2_TAG_CMDLINE:
		return copy_string(p, MB2_TAG_HEADER, bi->cmdline,
				   sizeof(bi->cmdline), "command line");
	case MB2_TAG_LOADER_NAME:
		return copy_string(p, MB2_TAG_HEADER, bi->loader_name,
				   sizeof(bi->loader_name), "boot loader name");
	case MB2_TAG_MODULE:
		return parse_module(p);
	case MB2_TAG_MMAP:
		return parse_mmap(p);
	case MB2_TAG_FRAMEBUFFER:
		return parse_framebuffer(p);
	case MB2_TAG_EFI64_ST:
		return parse_u64(p, &bi->efi_system_table,
				 "the EFI 64-bit system table pointer");
	case MB2_TAG_EFI64_IH:
		return parse_u64(p, &bi->efi_image_handle,
				 "the EFI 64-bit image handle");
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		return parse_rsdp(p);
	case MB2_TAG_EFI_MMAP:
		/* Used only without tag 6, which may still follow. */
		p->efi_mmap = p->tag;
		return check_size(p, MB2_EFI_MMAP_HEADER,
				  "the EFI memory map header");
	case MB2_TAG_EFI_BS:
		bi->efi_boot_services = true;
		return 0;
	default:
		/*
		 * Basic meminfo and BIOS boot device are superseded by the
		 * memory map and of no use to a hypervisor; ELF sections,
		 * APM, SMBIOS (found through the firmware instead), network,
		 * load base and the 32-bit EFI tags likewise. A 64-bit
		 * hypervisor cannot call 32-bit firmware: tag 11 matters only
		 * in the check of tag 18 at the end. Unknown types are newer
		 * than this code and skipped; tags are self-sized.
		 */
		return 0;
	}
}

static int convert_efi_mmap(struct parser *p)
{
	char msg[BOOT_ERROR_LEN];
	const struct tag *t = &p->efi_mmap;
	int ret;

	ret = efi_memmap_to_boot(t->p + MB2_EFI_MMAP_HEADER,
				 t->size - MB2_EFI_MMAP_HEADER, get32(t->p + 8),
				 p->bi, msg, sizeof(msg));
	if (ret) {
		p->tag = *t;
		return tag_error(p, ret, "%s", msg);
	}
	return 0;
}

/* Checks on the information as a whole, once every tag is in. */
static int finish(struct parser *p)
{
	struct boot_info *bi = p->bi;
	int ret;

	if (!(p->seen & 1u << MB2_TAG_MMAP) &&
	    (p->seen & 1u << MB2_TAG_EFI_MMAP)) {
		ret = convert_efi_mmap(p);
		if (ret)
			return ret;
	}
	/*
	 * Boot services still running must be ended by Warden, which needs
	 * the 64-bit system table and image handle for ExitBootServices().
	 */
	if (bi->efi_boot_services &&
	    (!bi->efi_system_table || !bi->efi_image_handle))
		return info_error(
			p, -EINVAL,
			"EFI boot services are running (tag 18) but the %s is missing%s",
			!bi->efi_system_table ? "64-bit system table (tag 12)" :
						"64-bit image handle (tag 20)",
			p->seen & 1u << MB2_TAG_EFI32_ST ?
				"; 32-bit UEFI (tag 11) is not supported" :
				"");

	/*
	 * With boot services still running GRUB gives no map: the caller
	 * takes the final one from the firmware when it leaves them.
	 */
	if (bi->efi_boot_services)
		return 0;
	if (!(p->seen & (1u << MB2_TAG_MMAP | 1u << MB2_TAG_EFI_MMAP)))
		return info_error(p, -EINVAL,
				  "no memory map (neither tag 6 nor tag 17)");
	if (!bi->num_memmap)
		return info_error(p, -EINVAL,
				  "the memory map has no non-empty entry");
	return 0;
}

static int parse(struct parser *p, size_t max_size)
{
	uint32_t offset = MB2_INFO_HEADER;
	unsigned int index;

	if ((uintptr_t)p->base % MB2_TAG_ALIGN)
		return info_error(p, -EINVAL,
				  "information at %p is not 8-byte aligned",
				  (const void *)p->base);
	if (max_size < MB2_INFO_HEADER)
		return info_error(
			p, -EINVAL,
			"only %zu bytes available, too few for the information header",
			max_size);
	p->total = get32(p->base);
	if (p->total < MB2_INFO_HEADER + MB2_TAG_HEADER)
		return info_error(
			p, -EINVAL,
			"total_size 0x%x is too small for the header and an end tag (0x10)",
			p->total);
	if (p->total > max_size)
		return info_error(
			p, -EINVAL,
			"total_size 0x%x exceeds the 0x%zx bytes allowed",
			p->total, max_size);

	for (index = 0;; index++) {
		struct tag *t = &p->tag;
		uint64_t next;
		int ret;

		/* offset is a multiple of 8 and <= total. */
		if (p->total - offset < MB2_TAG_HEADER)
			return info_error(
				p, -EINVAL,
				"no end tag before total_size 0x%x (%u tags read)",
				p->total, index);
		t->index = index;
		t->offset = offset;
		t->p = p->base + offset;
		t->type = get32(t->p);
		t->size = get32(t->p + 4);
		if (t->size < MB2_TAG_HEADER)
			return tag_error(
				p, -EINVAL,
				"size 0x%x is smaller than a tag header",
				t->size);
		if (t->size > p->total - offset)
			return tag_error(
				p, -EINVAL,
				"size 0x%x runs past the end of the information (0x%x bytes)",
				t->size, p->total);
		if (t->type == MB2_TAG_END) {
			/*
			 * Bytes after the end tag are not looked at; GRUB
			 * never leaves any and they can do no harm.
			 */
			if (t->size != MB2_TAG_HEADER)
				return tag_error(
					p, -EINVAL,
					"end tag has size 0x%x instead of 8",
					t->size);
			return finish(p);
		}
		ret = parse_tag(p);
		if (ret)
			return ret;
		if (t->type < 32)
			p->seen |= 1u << t->type;

		/*
		 * The next tag starts 8-byte aligned. This cannot wrap:
		 * offset + size <= total < 2^32, so the sum fits in 64 bits.
		 */
		next = ((uint64_t)offset + t->size + MB2_TAG_ALIGN - 1) &
		       ~(uint64_t)(MB2_TAG_ALIGN - 1);
		if (next > p->total)
			return tag_error(
				p, -EINVAL,
				"is the last tag before total_size 0x%x and is not followed by an end tag",
				p->total);
		offset = (uint32_t)next;
	}
}

int mb2_parse(const void *mbi, size_t max_size, struct boot_info *bi, char *err,
	      size_t err_len)
{
	struct parser p = {
		.base = mbi,
		.bi = bi,
		.err = err,
		.err_len = err_len,
	};
	int ret;

	if (err && err_len)
		err[0] = '\0';
	if (!bi)
		return info_error(&p, -EINVAL, "no boot_info to fill");
	memset(bi, 0, sizeof(*bi));
	if (!mbi)
		return info_error(&p, -EINVAL, "no information (NULL pointer)");

	ret = parse(&p, max_size);
	if (ret)
		memset(bi, 0, sizeof(*bi));
	return ret;
}
