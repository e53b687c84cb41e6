// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the config validator (hv/core/config_check.c).
 *
 * Every input is checked as a system config and as a cell config, against
 * and paired with reference configs (qemu-x86 and linux-x86-demo, loaded at
 * start-up), and, split in two, as a cell against a system and as a cell
 * pair. Inputs starting with the "WDNP" tag carry the split point in the
 * next two bytes (little endian); make-seeds.py writes such seeds from the
 * built configs so the fuzzer starts from two valid halves.
 *
 * Every message is formatted, so a bad argument (a %s without NUL, a type
 * mismatch caught by UBSan) shows up as a crash, and the results are
 * cross-checked: a config the validator accepts must fit its buffer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jailhouse/cell-config.h>
#include <warden/config_check.h>

#ifndef FUZZ_CELL_DIR
#define FUZZ_CELL_DIR "build/cells"
#endif

struct ref {
	const char *name;
	uint8_t *data;
	size_t len;
};

static struct ref ref_system = { .name = "qemu-x86" };
static struct ref ref_cell = { .name = "linux-x86-demo" };

static void sink(void *ctx, enum cfg_severity sev, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "%s: %s\n",
			sev == CFG_ERROR ? "error" : "warning", buf);
}

static void load(struct ref *r)
{
	const char *build = getenv("WARDEN_BUILD");
	char path[4096];
	FILE *f;

	if (build && *build)
		snprintf(path, sizeof(path), "%s/cells/%s.cell", build,
			 r->name);
	else
		snprintf(path, sizeof(path), "%s/%s.cell", FUZZ_CELL_DIR,
			 r->name);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "fuzz-config: cannot open %s\n", path);
		exit(1);
	}
	r->data = malloc(CFG_MAX_SIZE);
	if (!r->data)
		exit(1);
	r->len = fread(r->data, 1, CFG_MAX_SIZE, f);
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	load(&ref_system);
	load(&ref_cell);
	if (config_check_system(ref_system.data, ref_system.len, sink, NULL) ||
	    config_check_cell(ref_cell.data, ref_cell.len, sink, NULL)) {
		fprintf(stderr, "fuzz-config: reference configs invalid\n");
		exit(1);
	}
	return 0;
}

/* exact-size heap copy, so AddressSanitizer catches any over-read */
static uint8_t *dup_exact(const uint8_t *data, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);

	if (!copy)
		abort();
	memcpy(copy, data, len);
	return copy;
}

/* What the validator accepted must be a config that fits its buffer. */
static void accepted_fits(int ret, const uint8_t *data, size_t len, int system)
{
	size_t size = 0;

	if (ret != 0)
		return;
	if ((system ? config_system_size(data, len, &size) :
		      config_cell_size(data, len, &size)) != 0 ||
	    size > len)
		__builtin_trap();
}

static void check_all(const uint8_t *data, size_t len)
{
	int ret;

	ret = config_check_system(data, len, sink, NULL);
	accepted_fits(ret, data, len, 1);
	ret = config_check_cell(data, len, sink, NULL);
	accepted_fits(ret, data, len, 0);

	config_check_cell_in_system(data, len, ref_system.data, ref_system.len,
				    sink, NULL);
	config_check_cell_in_system(ref_cell.data, ref_cell.len, data, len,
				    sink, NULL);
	config_check_cell_pair(ref_cell.data, ref_cell.len, data, len, sink,
			       NULL);
	config_check_cell_pair(data, len, ref_cell.data, ref_cell.len, sink,
			       NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t split;
	uint8_t *a, *b;

	check_all(data, size);

	/* two configs in one input: "WDNP", u16 length of the first */
	if (size < 6 || memcmp(data, "WDNP", 4) != 0)
		return 0;
	split = data[4] | (size_t)data[5] << 8;
	if (split > size - 6)
		split = size - 6;
	a = dup_exact(data + 6, split);
	b = dup_exact(data + 6 + split, size - 6 - split);
	config_check_cell_in_system(a, split, b, size - 6 - split, sink, NULL);
	config_check_cell_pair(a, split, b, size - 6 - split, sink, NULL);
	config_check_cell_pair(b, size - 6 - split, a, split, sink, NULL);
	free(a);
	free(b);
	return 0;
}
