// SPDX-License-Identifier: GPL-2.0
/*
 * UEFI memory map -> struct boot_info memory map (see warden/efi_memmap.h).
 *
 * The map comes from firmware or from a boot loader's copy of it, so every
 * descriptor is checked before use. No scratch memory is available this
 * early, so the descriptors are visited in address order by repeatedly
 * selecting the next-lowest one; EFI_MEMMAP_MAX_DESCRIPTORS bounds the
 * quadratic cost.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <warden/boot_info.h>
#include <warden/efi_memmap.h>
#include <warden/format.h>

/* Byte-wise little-endian loads: the map need not be aligned. */
static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

struct desc {
	uint32_t efi_type;
	uint64_t base;
	uint64_t length; /* bytes; never 0 for a selected descriptor */
};

static void read_desc(const uint8_t *map, size_t desc_size, size_t i,
		      struct desc *d)
{
	const uint8_t *p = map + i * desc_size;

	d->efi_type = get32(p + EFI_MD_TYPE);
	d->base = get64(p + EFI_MD_PHYSICAL_START);
	d->length = get64(p + EFI_MD_NUMBER_OF_PAGES) * EFI_PAGE_SIZE;
}

/* The type a range has once boot services are gone (header comment). */
static uint32_t boot_type(uint32_t efi_type)
{
	switch (efi_type) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
	case EFI_CONVENTIONAL_MEMORY:
		return BOOT_MEM_RAM;
	case EFI_ACPI_RECLAIM_MEMORY:
		return BOOT_MEM_ACPI;
	case EFI_ACPI_MEMORY_NVS:
		return BOOT_MEM_NVS;
	case EFI_UNUSABLE_MEMORY:
		return BOOT_MEM_BAD;
	default:
		/*
		 * Runtime services, MMIO, PAL code, persistent and unaccepted
		 * memory, and types newer than this code: none of it is RAM
		 * the hypervisor may hand out.
		 */
		return BOOT_MEM_RESERVED;
	}
}

static int fail(struct boot_info *bi, int ret, char *err, size_t err_len,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int fail(struct boot_info *bi, int ret, char *err, size_t err_len,
		const char *fmt, ...)
{
	va_list ap;
	int n;

	if (bi)
		bi->num_memmap = 0;
	if (!err || !err_len)
		return ret;
	n = snformat(err, err_len, "efi memmap: ");
	if ((size_t)n < err_len) {
		va_start(ap, fmt);
		vsnformat(err + n, err_len - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return ret;
}

/* Checks every descriptor on its own, before any of them is used. */
static int validate(const uint8_t *map, size_t count, size_t desc_size,
		    struct boot_info *bi, char *err, size_t err_len)
{
	for (size_t i = 0; i < count; i++) {
		const uint8_t *p = map + i * desc_size;
		uint64_t base = get64(p + EFI_MD_PHYSICAL_START);
		uint64_t pages = get64(p + EFI_MD_NUMBER_OF_PAGES);

		/* UEFI requires 4 KiB aligned PhysicalStart. */
		if (base % EFI_PAGE_SIZE)
			return fail(
				bi, -EINVAL, err, err_len,
				"descriptor %zu (type %u) PhysicalStart 0x%llx is not 4 KiB aligned",
				i, get32(p + EFI_MD_TYPE),
				(unsigned long long)base);
		/*
		 * The range must end inside the 64-bit space, so that
		 * base + length is representable for every later user.
		 */
		if (pages > (UINT64_MAX - base) / EFI_PAGE_SIZE)
			return fail(
				bi, -EINVAL, err, err_len,
				"descriptor %zu (type %u) at 0x%llx: NumberOfPages 0x%llx runs past the end of the 64-bit address space",
				i, get32(p + EFI_MD_TYPE),
				(unsigned long long)base,
				(unsigned long long)pages);
	}
	return 0;
}

/*
 * Index of the non-empty descriptor that follows (base, index) prev in
 * (base, index) order, or count if there is none. first selects the lowest.
 */
static size_t next_desc(const uint8_t *map, size_t count, size_t desc_size,
			bool first, uint64_t prev_base, size_t prev_i)
{
	size_t best = count;
	uint64_t best_base = 0;

	for (size_t i = 0; i < count; i++) {
		const uint8_t *p = map + i * desc_size;
		uint64_t base = get64(p + EFI_MD_PHYSICAL_START);

		if (!get64(p + EFI_MD_NUMBER_OF_PAGES))
			continue;
		if (!first &&
		    (base < prev_base || (base == prev_base && i <= prev_i)))
			continue;
		/* Ties keep the lower index: i only grows. */
		if (best == count || base < best_base) {
			best = i;
			best_base = base;
		}
	}
	return best;
}

/*
 * Descriptor d (index i) comes at or after the start of range r, the last
 * one built so far. Returns 1 if d was merged into r, 0 if d starts a new
 * range, -1 if d overlaps r with a different type. *far_i tracks which
 * descriptor supplies r's end, to name it in an overlap error: any later
 * overlap of r necessarily overlaps that one.
 */
static int merge(struct boot_mem_range *r, size_t i, const struct desc *d,
		 size_t *far_i)
{
	uint64_t r_end = r->base + r->length;
	uint64_t end = d->base + d->length;

	if (d->base <= r_end && boot_type(d->efi_type) == r->type) {
		if (end > r_end) {
			r->length = end - r->base;
			*far_i = i;
		}
		return 1;
	}
	return d->base < r_end ? -1 : 0;
}

/* Names both descriptors, with inclusive end addresses. */
static int overlap_error(struct boot_info *bi, char *err, size_t err_len,
			 const uint8_t *map, size_t desc_size, size_t i,
			 size_t j)
{
	struct desc a, b;
	unsigned long long a_last, b_last;

	read_desc(map, desc_size, i, &a);
	read_desc(map, desc_size, j, &b);
	a_last = a.base + a.length - 1;
	b_last = b.base + b.length - 1;
	return fail(
		bi, -EINVAL, err, err_len,
		"descriptor %zu (type %u, 0x%llx-0x%llx) overlaps descriptor %zu (type %u, 0x%llx-0x%llx)",
		i, a.efi_type, (unsigned long long)a.base, a_last, j,
		b.efi_type, (unsigned long long)b.base, b_last);
}

int efi_memmap_to_boot(const void *map, size_t map_size, size_t desc_size,
		       struct boot_info *bi, char *err, size_t err_len)
{
	const uint8_t *m = map;
	size_t count, i;
	/* Of the descriptors merged into the last range, the furthest one. */
	size_t far_i = 0;
	uint64_t prev_base = 0;
	int ret;

	if (err && err_len)
		err[0] = '\0';
	if (!bi)
		return fail(bi, -EINVAL, err, err_len, "no boot_info given");
	bi->num_memmap = 0;
	if (desc_size < EFI_MD_MIN_SIZE || desc_size % 8)
		return fail(
			bi, -EINVAL, err, err_len,
			"descriptor size %zu is not a multiple of 8 of at least %u bytes",
			desc_size, EFI_MD_MIN_SIZE);
	if (map_size % desc_size)
		return fail(
			bi, -EINVAL, err, err_len,
			"map size %zu is not a whole number of %zu-byte descriptors",
			map_size, desc_size);
	if (!map && map_size)
		return fail(bi, -EINVAL, err, err_len,
			    "no map given for %zu bytes", map_size);
	count = map_size / desc_size;
	if (count > EFI_MEMMAP_MAX_DESCRIPTORS)
		return fail(bi, -ENOSPC, err, err_len,
			    "%zu descriptors, more than the %u Warden accepts",
			    count, EFI_MEMMAP_MAX_DESCRIPTORS);

	ret = validate(m, count, desc_size, bi, err, err_len);
	if (ret)
		return ret;

	for (i = next_desc(m, count, desc_size, true, 0, 0); i < count;
	     i = next_desc(m, count, desc_size, false, prev_base, i)) {
		struct boot_mem_range *r;
		struct desc d;

		read_desc(m, desc_size, i, &d);
		prev_base = d.base;

		if (bi->num_memmap) {
			r = &bi->memmap[bi->num_memmap - 1];
			ret = merge(r, i, &d, &far_i);
			if (ret > 0)
				continue;
			if (ret < 0)
				return overlap_error(bi, err, err_len, m,
						     desc_size, i, far_i);
		}

		if (bi->num_memmap == BOOT_MAX_MEMMAP)
			return fail(
				bi, -ENOSPC, err, err_len,
				"more than %u ranges after merging (BOOT_MAX_MEMMAP)",
				BOOT_MAX_MEMMAP);
		r = &bi->memmap[bi->num_memmap++];
		r->base = d.base;
		r->length = d.length;
		r->type = boot_type(d.efi_type);
		far_i = i;
	}
	return 0;
}
