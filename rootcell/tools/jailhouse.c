// SPDX-License-Identifier: GPL-2.0
/*
 * The jailhouse command for Warden's root cell.
 *
 * Command line compatible with upstream Jailhouse's tool. For now it
 * implements "config check"; the commands that talk to /dev/jailhouse
 * (enable, cell create, ...) are added to the command table as the driver
 * arrives. Plain C with no dependencies beyond libc, so it links
 * statically for the root initramfs.
 *
 * Exit status: 0 on success, 1 on failure or usage errors (as upstream).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jailhouse/cell-config.h>
#include <warden/config_check.h>

#ifndef WARDEN_VERSION
#define WARDEN_VERSION "unknown"
#endif

/* Far beyond any config (CFG_MAX_SIZE), small enough to read at once. */
#define MAX_FILE_SIZE (16 * 1024 * 1024)

static const char *progname = "jailhouse";

struct command {
	const char *name;
	/* argv[0] is the command name itself */
	int (*run)(int argc, char *argv[]);
	const char *synopsis;
};

static int cmd_config(int argc, char *argv[]);

static const struct command commands[] = {
	{ "config", cmd_config, "config check SYSCONFIG [CELLCONFIG...]" },
};

static void usage(FILE *out)
{
	unsigned int n;

	fprintf(out, "Usage: %s { COMMAND | --help | --version }\n\n",
		progname);
	fprintf(out, "Available commands:\n");
	for (n = 0; n < sizeof(commands) / sizeof(commands[0]); n++)
		fprintf(out, "   %s\n", commands[n].synopsis);
	fprintf(out,
		"\n"
		"config check validates a system configuration and the cell\n"
		"configurations meant to run on it: each file on its own, each\n"
		"cell against the system, and the cells against each other\n"
		"(cells that cannot run at the same time are reported). It\n"
		"prints one line per problem and exits with 0 if there was no\n"
		"error (warnings allowed), 1 otherwise.\n");
}

/* ---- config check ------------------------------------------------------ */

struct config_file {
	const char *path;
	unsigned char *data;
	size_t len;
	bool valid;
};

/* Message context: which file a message is about, and whether any failed. */
struct report_ctx {
	const char *prefix;
	unsigned int errors;
};

static void report(void *ctx, enum cfg_severity sev, const char *fmt, ...)
{
	struct report_ctx *rc = ctx;
	va_list ap;

	if (sev == CFG_ERROR)
		rc->errors++;
	printf("%s: %s", rc->prefix,
	       sev == CFG_ERROR ? "error: " : "warning: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Read a whole file; on failure say why (prefixed with its name). */
static int read_file(struct config_file *f, struct report_ctx *rc)
{
	size_t cap = 4096, n;
	unsigned char *buf = NULL, *bigger;
	FILE *in = fopen(f->path, "rb");

	if (!in) {
		printf("%s: error: cannot open: %s\n", f->path,
		       strerror(errno));
		rc->errors++;
		return -1;
	}
	f->len = 0;
	for (;;) {
		if (!buf || f->len == cap) {
			if (buf)
				cap *= 2;
			if (cap > MAX_FILE_SIZE) {
				printf("%s: error: larger than %u bytes, not a "
				       "config\n",
				       f->path, MAX_FILE_SIZE);
				goto fail;
			}
			bigger = realloc(buf, cap);
			if (!bigger) {
				printf("%s: error: out of memory\n", f->path);
				goto fail;
			}
			buf = bigger;
		}
		n = fread(buf + f->len, 1, cap - f->len, in);
		f->len += n;
		if (n == 0)
			break;
	}
	if (ferror(in)) {
		printf("%s: error: read failed: %s\n", f->path,
		       strerror(errno));
		goto fail;
	}
	fclose(in);
	f->data = buf;
	return 0;

fail:
	rc->errors++;
	free(buf);
	fclose(in);
	return -1;
}

/*
 * The checker only needs the described size to fit the buffer; a file
 * must match it exactly, anything behind it means a wrong or damaged file.
 */
static void check_exact_size(struct config_file *f, struct report_ctx *rc,
			     bool system)
{
	size_t size;
	int err = system ? config_system_size(f->data, f->len, &size) :
			   config_cell_size(f->data, f->len, &size);

	if (err == 0 && size < f->len) {
		printf("%s: error: file is %zu bytes, but its header describes "
		       "%zu (trailing data)\n",
		       f->path, f->len, size);
		rc->errors++;
		f->valid = false;
	}
}

static int config_check(int argc, char *argv[])
{
	struct report_ctx rc = { 0 };
	struct config_file *files;
	char prefix[1024];
	int nfiles = argc, i, j, err;

	files = calloc(nfiles, sizeof(*files));
	if (!files) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return 1;
	}

	for (i = 0; i < nfiles; i++) {
		struct config_file *f = &files[i];

		f->path = argv[i];
		rc.prefix = f->path;
		if (read_file(f, &rc))
			continue;
		err = i == 0 ? config_check_system(f->data, f->len, report,
						   &rc) :
			       config_check_cell(f->data, f->len, report, &rc);
		f->valid = err == 0;
		check_exact_size(f, &rc, i == 0);
	}

	/* cross checks only between configs that are sound on their own */
	for (i = 1; files[0].valid && i < nfiles; i++) {
		if (!files[i].valid)
			continue;
		rc.prefix = files[i].path;
		config_check_cell_in_system(files[i].data, files[i].len,
					    files[0].data, files[0].len, report,
					    &rc);
	}
	for (i = 1; i < nfiles; i++) {
		for (j = 1; j < i; j++) {
			if (!files[i].valid || !files[j].valid)
				continue;
			snprintf(prefix, sizeof(prefix), "%s (with %s)",
				 files[i].path, files[j].path);
			rc.prefix = prefix;
			config_check_cell_pair(files[j].data, files[j].len,
					       files[i].data, files[i].len,
					       report, &rc);
		}
	}

	for (i = 0; i < nfiles; i++)
		free(files[i].data);
	free(files);
	return rc.errors ? 1 : 0;
}

static void config_usage(FILE *out)
{
	fprintf(out,
		"Usage: %s config check [-a x86] SYSCONFIG [CELLCONFIG...]\n",
		progname);
}

static int cmd_config(int argc, char *argv[])
{
	int first = 2;

	if (argc < 2 || strcmp(argv[1], "check") != 0) {
		if (argc >= 2 &&
		    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
			config_usage(stdout);
			return 0;
		}
		config_usage(stderr);
		return 1;
	}
	while (first < argc && argv[first][0] == '-') {
		const char *opt = argv[first];

		if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
			config_usage(stdout);
			return 0;
		}
		/* upstream's checker takes the architecture; only x86 here */
		if (!strcmp(opt, "-a") || !strcmp(opt, "--arch")) {
			if (first + 1 >= argc ||
			    strcmp(argv[first + 1], "x86") != 0) {
				fprintf(stderr,
					"%s: only architecture x86 is "
					"supported\n",
					progname);
				return 1;
			}
			first += 2;
			continue;
		}
		if (!strcmp(opt, "--")) {
			first++;
			break;
		}
		fprintf(stderr, "%s: unknown option %s\n", progname, opt);
		config_usage(stderr);
		return 1;
	}
	if (first >= argc) {
		config_usage(stderr);
		return 1;
	}
	return config_check(argc - first, argv + first);
}

int main(int argc, char *argv[])
{
	unsigned int n;

	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("jailhouse (Warden) %s\n", WARDEN_VERSION);
		return 0;
	}
	for (n = 0; n < sizeof(commands) / sizeof(commands[0]); n++)
		if (!strcmp(argv[1], commands[n].name))
			return commands[n].run(argc - 1, argv + 1);

	fprintf(stderr, "%s: unknown command '%s'\n", progname, argv[1]);
	usage(stderr);
	return 1;
}
