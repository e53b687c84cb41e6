// SPDX-License-Identifier: GPL-2.0
/*
 * The jailhouse command for Warden's root cell.
 *
 * Command line compatible with upstream Jailhouse's tool (ABI spec section
 * 5): it drives the hypervisor through the ioctls of /dev/jailhouse and
 * reads the driver's sysfs tree under /sys/devices/jailhouse (section 4).
 * Built in: enable, disable, console, cell create/list/load/start/
 * shutdown/destroy/stats and config check. cell linux, config create,
 * config collect and hardware check run upstream's helper programs
 * (jailhouse-cell-linux, ...) like upstream does, if they are installed.
 * Plain C with no dependencies beyond libc, so it links statically for the
 * root initramfs.
 *
 * Files and arguments are hostile input: every file is read whole with a
 * size limit, configs are checked to be as long as their header says before
 * the driver sees them, and text from sysfs is printed with control
 * characters replaced.
 *
 * Environment, for tests on a machine without the hypervisor:
 *   JAILHOUSE_DEVICE   device node to use instead of /dev/jailhouse
 *   JAILHOUSE_SYSFS    directory to use instead of /sys/devices/jailhouse
 *   JAILHOUSE_DRY_RUN  set and not "0": open the device as usual, but print
 *                      each ioctl with its decoded argument instead of
 *                      issuing it
 *
 * Differences from upstream's output, deliberately: cell list sorts cells
 * by numeric ID (upstream: alphabetically, so 10 before 2), leaves at least
 * one blank between columns when a value overflows its width, and does not
 * pad the last column; --version names Warden.
 *
 * Messages: a failed system call is reported as "<what>: <strerror>", with
 * the ioctl name as <what> for ioctls (e.g. "JAILHOUSE_CELL_CREATE: Invalid
 * argument"), as upstream does. Usage errors start with "jailhouse: ".
 * Exit status: 0 on success, 1 on failure or usage errors (as upstream).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jailhouse.h>
#include <jailhouse/cell-config.h>
#include <warden/config_check.h>

#ifndef WARDEN_VERSION
#define WARDEN_VERSION "unknown"
#endif
/* the upstream tool version whose interface this one offers */
#define JAILHOUSE_COMPAT_VERSION "v0.12"

#ifndef JAILHOUSE_LIBEXECDIR
#define JAILHOUSE_LIBEXECDIR "/usr/local/libexec/jailhouse"
#endif

#define DEFAULT_DEVICE "/dev/jailhouse"
#define DEFAULT_SYSFS "/sys/devices/jailhouse"

/* Far beyond any config (CFG_MAX_SIZE), small enough to read at once. */
#define MAX_FILE_SIZE (16 * 1024 * 1024)
/* Inmate images: a Linux kernel plus initrd fits easily. */
#define MAX_IMAGE_SIZE (1024UL * 1024 * 1024)
/* sysfs attributes are at most a page */
#define ATTR_SIZE 4096

/* cell list column widths (the last column is not padded) */
#define COL_ID 8
#define COL_NAME 24
#define COL_STATE 18
#define COL_CPUS 24

/* cell stats limits */
#define STATS_MAX_COUNTERS 256
#define STATS_NAME_MAX 64
#define STATS_DEFAULT_INTERVAL 1.0
#define STATS_MIN_INTERVAL 0.01
#define STATS_MAX_INTERVAL 3600.0

static const char *progname = "jailhouse";
static const char *argv0;

struct command {
	/* "cell", "config", "hardware", or NULL for a top-level command */
	const char *group;
	const char *name;
	/* gets the arguments after the command words */
	int (*run)(const struct command *cmd, int argc, char *argv[]);
	/* arguments in the usage line */
	const char *args;
	/* text for --help; NULL for helper programs, which have their own */
	const char *help;
	/* helper program run with the arguments, or NULL if built in */
	const char *helper;
};

#define CELL_HELP                                                            \
	"CELL is a cell ID (decimal, 0x hex or 0 octal) or a cell name: a\n" \
	"word that is not a non-negative number is a name, and so is the\n"  \
	"word after --name. Names are cut to 31 characters.\n"

/* ---- small helpers ----------------------------------------------------- */

static void usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const char *env_or(const char *name, const char *fallback)
{
	const char *value = getenv(name);

	return value && *value ? value : fallback;
}

static const char *device_path(void)
{
	return env_or("JAILHOUSE_DEVICE", DEFAULT_DEVICE);
}

static const char *sysfs_root(void)
{
	return env_or("JAILHOUSE_SYSFS", DEFAULT_SYSFS);
}

static bool dry_run(void)
{
	const char *value = getenv("JAILHOUSE_DRY_RUN");

	return value && *value && strcmp(value, "0") != 0;
}

static bool is_opt(const char *arg, const char *short_opt, const char *long_opt)
{
	return !strcmp(arg, short_opt) || !strcmp(arg, long_opt);
}

static bool is_help(const char *arg)
{
	return is_opt(arg, "-h", "--help");
}

/* snprintf into a path buffer; complains if it does not fit */
static int make_path(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int make_path(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "%s: path too long (check JAILHOUSE_SYSFS)\n",
			progname);
		return -1;
	}
	return 0;
}

/* Replaces what a terminal could interpret (controls, non-ASCII) by '?'. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			*s = '?';
}

/*
 * Unsigned number in base 10 or, for base 0, auto-detected like strtoull
 * (decimal, 0x hex, 0 octal); the whole word must be the number: no sign,
 * no blanks, no overflow.
 */
static int parse_u64(const char *word, int base, unsigned long long *value)
{
	char *end;

	if (!isdigit((unsigned char)word[0]))
		return -1;
	errno = 0;
	*value = strtoull(word, &end, base);
	if (errno || *end)
		return -1;
	return 0;
}

/* ---- files ------------------------------------------------------------- */

struct blob {
	unsigned char *data;
	size_t len;
};

/*
 * Reads a whole file (regular file, pipe or device) of at most max bytes.
 * On failure prints "<path>: <reason>" and returns -1.
 */
static int read_whole(const char *path, size_t max, struct blob *b)
{
	size_t cap = 64 * 1024;
	unsigned char *bigger;
	struct stat st;
	ssize_t n;
	int fd;

	b->data = NULL;
	b->len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			fprintf(stderr, "%s: %s\n", path, strerror(EISDIR));
			goto fail;
		}
		/* one spare byte: growing files are seen, EOF costs no copy */
		if (S_ISREG(st.st_mode) && st.st_size > 0 &&
		    (unsigned long long)st.st_size < max)
			cap = st.st_size + 1;
	}
	if (cap > max + 1)
		cap = max + 1;
	for (;;) {
		if (!b->data || b->len == cap) {
			if (b->data) {
				if (cap > max)
					goto too_large;
				cap = cap > max / 2 ? max + 1 : cap * 2;
			}
			bigger = realloc(b->data, cap);
			if (!bigger) {
				fprintf(stderr, "%s: %s\n", path,
					strerror(ENOMEM));
				goto fail;
			}
			b->data = bigger;
		}
		n = read(fd, b->data + b->len, cap - b->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		b->len += n;
	}
	if (b->len > max)
		goto too_large;
	close(fd);
	return 0;

too_large:
	fprintf(stderr, "%s: larger than %zu bytes\n", path, max);
fail:
	close(fd);
	free(b->data);
	b->data = NULL;
	b->len = 0;
	return -1;
}

/*
 * The driver reads as many bytes as a config header describes. Make sure
 * the file has them, so a truncated file is named as such instead of the
 * driver reading behind it. A file with a foreign signature is passed on:
 * refusing it is the driver's job (EINVAL, as upstream).
 */
static int check_config_length(const char *path, const struct blob *b,
			       bool system)
{
	const char *sig = system ? JAILHOUSE_SYSTEM_SIGNATURE :
				   JAILHOUSE_CELL_DESC_SIGNATURE;
	size_t header = system ? sizeof(struct jailhouse_system) :
				 sizeof(struct jailhouse_cell_desc);
	unsigned long long described;

	if (b->len < header) {
		fprintf(stderr,
			"%s: file is %zu bytes, shorter than a %s "
			"configuration header (%zu bytes)\n",
			path, b->len, system ? "system" : "cell", header);
		return -1;
	}
	if (memcmp(b->data, sig, 5) != 0)
		return 0;
	described =
		system ? jailhouse_system_config_size64(
				 (const struct jailhouse_system *)b->data) :
			 jailhouse_cell_config_size64(
				 (const struct jailhouse_cell_desc *)b->data);
	if (described > b->len) {
		fprintf(stderr,
			"%s: truncated: its header describes %llu bytes, the "
			"file has %zu\n",
			path, described, b->len);
		return -1;
	}
	return 0;
}

/* ---- device and ioctls ------------------------------------------------- */

static int open_device(int flags)
{
	const char *path = device_path();
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0)
		fprintf(stderr, "opening %s: %s\n", path, strerror(errno));
	return fd;
}

/* up to max bytes as a C string literal, for dry-run output */
static void print_escaped(const unsigned char *data, size_t len, size_t max)
{
	size_t i;

	putchar('"');
	for (i = 0; i < len && i < max; i++) {
		unsigned char c = data[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c >= 0x20 && c <= 0x7e)
			putchar(c);
		else if (c == 0)
			printf("\\0");
		else
			printf("\\x%02x", c);
	}
	putchar('"');
	if (len > max)
		printf("...");
}

static void print_cell_id(const struct jailhouse_cell_id *cell)
{
	printf("id %d name ", cell->id);
	print_escaped((const unsigned char *)cell->name, strlen(cell->name),
		      sizeof(cell->name));
}

static void describe_ioctl(unsigned long request, const char *name,
			   const void *arg)
{
	const struct jailhouse_cell_create *create = arg;
	const struct jailhouse_cell_load *load = arg;
	const struct jailhouse_system *sys = arg;
	const struct jailhouse_preload_image *img;
	__u32 n;

	printf("dry run: %s (%#lx)", name, request);
	switch (request) {
	case JAILHOUSE_ENABLE:
		printf(": system config, root cell ");
		print_escaped((const unsigned char *)sys->root_cell.name,
			      strnlen(sys->root_cell.name,
				      sizeof(sys->root_cell.name)),
			      sizeof(sys->root_cell.name));
		break;
	case JAILHOUSE_CELL_CREATE:
		printf(": config_size %u", create->config_size);
		break;
	case JAILHOUSE_CELL_LOAD:
		printf(": ");
		print_cell_id(&load->cell_id);
		printf(" num_preload_images %u", load->num_preload_images);
		for (n = 0; n < load->num_preload_images; n++) {
			img = &load->image[n];
			printf("\n  image %u: size %llu target_address %#llx "
			       "data ",
			       n, (unsigned long long)img->size,
			       (unsigned long long)img->target_address);
			print_escaped((const unsigned char *)(uintptr_t)
					      img->source_address,
				      img->size, 32);
		}
		break;
	case JAILHOUSE_CELL_START:
	case JAILHOUSE_CELL_DESTROY:
		printf(": ");
		print_cell_id(arg);
		break;
	}
	putchar('\n');
}

static int issue_ioctl(int fd, unsigned long request, const char *name,
		       void *arg)
{
	if (dry_run()) {
		describe_ioctl(request, name, arg);
		return 0;
	}
	if (ioctl(fd, request, arg) < 0) {
		fprintf(stderr, "%s: %s\n", name, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Open the device, issue one ioctl, close: the exit status. Only a
 * character device gets ioctls (a regular file would take some of these
 * numbers as file system requests, FIBMAP for DISABLE).
 */
static int device_ioctl(unsigned long request, const char *name, void *arg)
{
	int fd = open_device(O_RDWR);
	struct stat st;
	int err;

	if (fd < 0)
		return 1;
	if (!dry_run() && (fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode))) {
		fprintf(stderr, "opening %s: not a character device\n",
			device_path());
		close(fd);
		return 1;
	}
	err = issue_ioctl(fd, request, name, arg);
	close(fd);
	return err ? 1 : 0;
}

/*
 * CELL argument (spec 5): "--name NAME", or one word that is a cell ID if
 * strtoll (base auto-detected) takes all of it and the value is a
 * non-negative int, and a name otherwise. Names are cut to 31 characters,
 * all the driver compares. Returns the number of words used (1 or 2), or 0
 * after a message.
 */
static int parse_cell(int argc, char *argv[], struct jailhouse_cell_id *cell)
{
	const char *name;
	long long n;
	char *end;
	int used = 1;

	memset(cell, 0, sizeof(*cell));
	if (argc < 1) {
		usage_error("missing CELL (cell ID or name)");
		return 0;
	}
	if (!strcmp(argv[0], "--name")) {
		if (argc < 2) {
			usage_error("--name needs a cell name");
			return 0;
		}
		name = argv[1];
		used = 2;
	} else {
		errno = 0;
		n = strtoll(argv[0], &end, 0);
		if (end != argv[0] && !*end && !errno && n >= 0 &&
		    n <= INT32_MAX) {
			cell->id = (__s32)n;
			return 1;
		}
		name = argv[0];
	}
	if (!*name) {
		usage_error("empty cell name");
		return 0;
	}
	cell->id = JAILHOUSE_CELL_ID_UNUSED;
	memcpy(cell->name, name, strnlen(name, JAILHOUSE_CELL_ID_NAMELEN));
	return used;
}

/* ---- help and usage ---------------------------------------------------- */

static void print_synopsis(FILE *out, const char *indent,
			   const struct command *cmd)
{
	fprintf(out, "%s%s%s%s%s%s\n", indent, cmd->group ? cmd->group : "",
		cmd->group ? " " : "", cmd->name, *cmd->args ? " " : "",
		cmd->args);
}

static void command_usage(FILE *out, const struct command *cmd)
{
	fprintf(out, "Usage: %s ", progname);
	print_synopsis(out, "", cmd);
}

static void command_help(const struct command *cmd)
{
	command_usage(stdout, cmd);
	if (cmd->help)
		printf("\n%s", cmd->help);
}

/* a usage error: message (if any) and the usage line; exit status 1 */
static int bad_usage(const struct command *cmd)
{
	command_usage(stderr, cmd);
	return 1;
}

static int no_args(const struct command *cmd, int argc, char *argv[])
{
	if (argc > 0) {
		usage_error("unexpected argument '%s'", argv[0]);
		return -1;
	}
	return 0;
}

/* ---- enable, disable, console ------------------------------------------ */

static int cmd_enable(const struct command *cmd, int argc, char *argv[])
{
	struct blob config;
	int ret;

	if (argc != 1) {
		if (argc == 0)
			usage_error("missing SYSCONFIG");
		else
			usage_error("unexpected argument '%s'", argv[1]);
		return bad_usage(cmd);
	}
	if (read_whole(argv[0], MAX_FILE_SIZE, &config))
		return 1;
	if (check_config_length(argv[0], &config, true)) {
		free(config.data);
		return 1;
	}
	ret = device_ioctl(JAILHOUSE_ENABLE, "JAILHOUSE_ENABLE", config.data);
	free(config.data);
	return ret;
}

static int cmd_disable(const struct command *cmd, int argc, char *argv[])
{
	if (no_args(cmd, argc, argv))
		return bad_usage(cmd);
	return device_ioctl(JAILHOUSE_DISABLE, "JAILHOUSE_DISABLE", NULL);
}

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

static int cmd_console(const struct command *cmd, int argc, char *argv[])
{
	bool follow = false;
	char buf[128];
	ssize_t n;
	int fd, i;

	for (i = 0; i < argc; i++) {
		if (is_opt(argv[i], "-f", "--follow")) {
			follow = true;
		} else {
			usage_error("unexpected argument '%s'", argv[i]);
			return bad_usage(cmd);
		}
	}

	/* without -f: what is there now (the driver returns 0 when done) */
	fd = open_device(O_RDONLY | (follow ? 0 : O_NONBLOCK));
	if (fd < 0)
		return 1;
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (write_all(STDOUT_FILENO, buf, n)) {
			fprintf(stderr, "writing console output: %s\n",
				strerror(errno));
			close(fd);
			return 1;
		}
	}
	if (n < 0) {
		fprintf(stderr, "reading %s: %s%s\n", device_path(),
			strerror(errno),
			errno == EAGAIN ? " (hypervisor not enabled?)" : "");
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}

/* ---- cell create, load, start, shutdown, destroy ----------------------- */

static int cmd_cell_create(const struct command *cmd, int argc, char *argv[])
{
	struct jailhouse_cell_create create = { 0 };
	struct blob config;
	int ret;

	if (argc != 1) {
		if (argc == 0)
			usage_error("missing CELLCONFIG");
		else
			usage_error("unexpected argument '%s'", argv[1]);
		return bad_usage(cmd);
	}
	if (read_whole(argv[0], MAX_FILE_SIZE, &config))
		return 1;
	if (check_config_length(argv[0], &config, false)) {
		free(config.data);
		return 1;
	}
	create.config_address = (uintptr_t)config.data;
	create.config_size = config.len;
	ret = device_ioctl(JAILHOUSE_CELL_CREATE, "JAILHOUSE_CELL_CREATE",
			   &create);
	free(config.data);
	return ret;
}

struct load_image {
	const char *file; /* NULL for a string */
	const char *string;
	bool has_address;
	unsigned long long address;
	struct blob content;
};

/* Parses the image list of cell load; 0 or -1 after a message. */
static int parse_images(int argc, char *argv[], struct load_image *images,
			unsigned int *count)
{
	struct load_image *img = NULL;
	const char *arg;
	int i;

	*count = 0;
	for (i = 0; i < argc; i++) {
		arg = argv[i];
		if (is_opt(arg, "-a", "--address")) {
			if (!img) {
				usage_error("%s must follow an image", arg);
				return -1;
			}
			if (img->has_address) {
				usage_error("%s given twice for one image",
					    arg);
				return -1;
			}
			if (i + 1 >= argc) {
				usage_error("%s needs an address", arg);
				return -1;
			}
			arg = argv[++i];
			if (parse_u64(arg, 0, &img->address)) {
				usage_error("invalid address '%s'", arg);
				return -1;
			}
			img->has_address = true;
			continue;
		}
		img = &images[(*count)++];
		if (is_opt(arg, "-s", "--string")) {
			if (i + 1 >= argc) {
				usage_error("%s needs a string", arg);
				return -1;
			}
			img->string = argv[++i];
		} else if (arg[0] == '-' && arg[1]) {
			usage_error("unknown option '%s' (use ./%s for a "
				    "file)",
				    arg, arg);
			return -1;
		} else {
			img->file = arg;
		}
	}
	if (*count == 0) {
		usage_error("missing IMAGE");
		return -1;
	}
	return 0;
}

static int cmd_cell_load(const struct command *cmd, int argc, char *argv[])
{
	struct jailhouse_preload_image *pi;
	struct jailhouse_cell_load *load = NULL;
	struct jailhouse_cell_id cell;
	struct load_image *images;
	unsigned int count = 0, n;
	int used, ret = 1;

	used = parse_cell(argc, argv, &cell);
	if (!used)
		return bad_usage(cmd);
	images = calloc(argc, sizeof(*images));
	if (!images) {
		fprintf(stderr, "%s: %s\n", progname, strerror(ENOMEM));
		return 1;
	}
	if (parse_images(argc - used, argv + used, images, &count)) {
		bad_usage(cmd);
		goto out;
	}
	for (n = 0; n < count; n++) {
		struct load_image *img = &images[n];

		if (!img->file)
			continue;
		if (read_whole(img->file, MAX_IMAGE_SIZE, &img->content))
			goto out;
		if (img->content.len == 0)
			fprintf(stderr, "%s: warning: empty, nothing loaded\n",
				img->file);
	}

	load = calloc(1, sizeof(*load) + count * sizeof(load->image[0]));
	if (!load) {
		fprintf(stderr, "%s: %s\n", progname, strerror(ENOMEM));
		goto out;
	}
	load->cell_id = cell;
	load->num_preload_images = count;
	for (n = 0; n < count; n++) {
		struct load_image *img = &images[n];

		pi = &load->image[n];
		if (img->file) {
			pi->source_address = (uintptr_t)img->content.data;
			pi->size = img->content.len;
		} else {
			/* the text with its terminating NUL */
			pi->source_address = (uintptr_t)img->string;
			pi->size = strlen(img->string) + 1;
		}
		pi->target_address = img->address;
	}
	ret = device_ioctl(JAILHOUSE_CELL_LOAD, "JAILHOUSE_CELL_LOAD", load);

out:
	for (n = 0; n < count; n++)
		free(images[n].content.data);
	free(images);
	free(load);
	return ret;
}

/* exactly one CELL argument */
static int parse_only_cell(const struct command *cmd, int argc, char *argv[],
			   struct jailhouse_cell_id *cell)
{
	int used = parse_cell(argc, argv, cell);

	if (!used)
		return -1;
	if (used < argc) {
		usage_error("unexpected argument '%s'", argv[used]);
		return -1;
	}
	return 0;
}

static int cmd_cell_start(const struct command *cmd, int argc, char *argv[])
{
	struct jailhouse_cell_id cell;

	if (parse_only_cell(cmd, argc, argv, &cell))
		return bad_usage(cmd);
	return device_ioctl(JAILHOUSE_CELL_START, "JAILHOUSE_CELL_START",
			    &cell);
}

static int cmd_cell_shutdown(const struct command *cmd, int argc, char *argv[])
{
	struct jailhouse_cell_load load;

	/* loading no image = stop the cell, make it loadable */
	memset(&load, 0, sizeof(load));
	if (parse_only_cell(cmd, argc, argv, &load.cell_id))
		return bad_usage(cmd);
	return device_ioctl(JAILHOUSE_CELL_LOAD, "JAILHOUSE_CELL_LOAD", &load);
}

static int cmd_cell_destroy(const struct command *cmd, int argc, char *argv[])
{
	struct jailhouse_cell_id cell;

	if (parse_only_cell(cmd, argc, argv, &cell))
		return bad_usage(cmd);
	return device_ioctl(JAILHOUSE_CELL_DESTROY, "JAILHOUSE_CELL_DESTROY",
			    &cell);
}

/* ---- sysfs: cell list, cell stats -------------------------------------- */

/*
 * Reads a sysfs attribute: at most size - 1 bytes, trailing newlines
 * stripped. Returns 0, -errno, or -ENODATA for an empty file.
 */
static int read_attr(const char *dir, const char *file, char *buf, size_t size)
{
	char path[PATH_MAX];
	size_t len = 0;
	ssize_t n;
	int fd, err = 0;

	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (len < size - 1) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	if (err)
		return err;
	if (len == 0)
		return -ENODATA;
	buf[len] = '\0';
	/* a NUL inside ends the text */
	len = strlen(buf);
	while (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	return 0;
}

static void attr_error(const char *dir, const char *file, int err)
{
	fprintf(stderr, "%s/%s: %s\n", dir, file,
		err == -ENODATA ? "empty file" : strerror(-err));
}

static int compare_ints(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* directory names that are cell IDs: decimal, no leading zeros */
static bool cell_dir_name(const char *name, int *id)
{
	long value = 0;
	const char *p;

	if (!isdigit((unsigned char)name[0]) || (name[0] == '0' && name[1]) ||
	    strlen(name) > 9)
		return false;
	for (p = name; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return false;
		value = value * 10 + (*p - '0');
	}
	*id = (int)value;
	return true;
}

/*
 * The cell IDs under <sysfs>/cells, sorted numerically. Returns 0, or
 * -errno of opening the directory (no message).
 */
static int scan_cells(const char *cells_dir, int **ids, size_t *count)
{
	size_t cap = 0;
	struct dirent *de;
	int *bigger, id;
	DIR *dir;

	*ids = NULL;
	*count = 0;
	dir = opendir(cells_dir);
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		if (!cell_dir_name(de->d_name, &id))
			continue;
		if (*count == cap) {
			cap = cap ? cap * 2 : 16;
			bigger = realloc(*ids, cap * sizeof(**ids));
			if (!bigger) {
				closedir(dir);
				free(*ids);
				*ids = NULL;
				*count = 0;
				return -ENOMEM;
			}
			*ids = bigger;
		}
		(*ids)[(*count)++] = id;
	}
	closedir(dir);
	if (*count)
		qsort(*ids, *count, sizeof(**ids), compare_ints);
	return 0;
}

/* text, padded to width with at least one blank, or ending the line */
static void print_column(const char *text, int width, bool last)
{
	int len = (int)strlen(text);

	fputs(text, stdout);
	if (last) {
		putchar('\n');
		return;
	}
	do
		putchar(' ');
	while (++len < width);
}

static void print_list_row(const char *id, const char *name, const char *state,
			   const char *assigned, const char *failed)
{
	print_column(id, COL_ID, false);
	print_column(name, COL_NAME, false);
	print_column(state, COL_STATE, false);
	print_column(assigned, COL_CPUS, false);
	print_column(failed, 0, true);
}

static int cmd_cell_list(const struct command *cmd, int argc, char *argv[])
{
	static const char *const files[] = { "name", "state",
					     "cpus_assigned_list",
					     "cpus_failed_list" };
	char values[4][ATTR_SIZE], cells_dir[PATH_MAX], dir[PATH_MAX];
	char id_text[16];
	bool failed = false, gone;
	size_t count, n;
	unsigned int f;
	int *ids, err;

	if (no_args(cmd, argc, argv))
		return bad_usage(cmd);
	if (make_path(cells_dir, sizeof(cells_dir), "%s/cells", sysfs_root()))
		return 1;
	err = scan_cells(cells_dir, &ids, &count);
	/* no driver or no hypervisor: nothing to list, like upstream */
	if (err == -ENOENT)
		return 0;
	if (err) {
		fprintf(stderr, "%s: %s\n", cells_dir, strerror(-err));
		return 1;
	}

	print_list_row("ID", "Name", "State", "Assigned CPUs", "Failed CPUs");
	for (n = 0; n < count; n++) {
		snprintf(id_text, sizeof(id_text), "%d", ids[n]);
		if (make_path(dir, sizeof(dir), "%s/%s", cells_dir, id_text)) {
			failed = true;
			continue;
		}
		gone = false;
		for (f = 0; f < 4; f++) {
			err = read_attr(dir, files[f], values[f],
					sizeof(values[f]));
			/* destroyed while we were listing: not an error */
			if (err == -ENOENT && access(dir, F_OK) != 0) {
				gone = true;
				break;
			}
			if (err) {
				attr_error(dir, files[f], err);
				failed = true;
				break;
			}
			sanitize(values[f]);
		}
		if (gone || f < 4)
			continue;
		print_list_row(id_text, values[0], values[1], values[2],
			       values[3]);
	}
	free(ids);
	return failed ? 1 : 0;
}

/*
 * The sysfs directory of a cell: by ID, or the first cell (in ID order)
 * whose name file matches. Prints why on failure.
 */
static int find_cell_dir(const struct jailhouse_cell_id *cell, char *dir,
			 size_t size, int *id)
{
	char cells_dir[PATH_MAX], name[ATTR_SIZE];
	struct stat st;
	size_t count, n;
	int *ids, err;

	if (make_path(cells_dir, sizeof(cells_dir), "%s/cells", sysfs_root()))
		return -1;
	if (cell->id != JAILHOUSE_CELL_ID_UNUSED) {
		if (make_path(dir, size, "%s/%d", cells_dir, cell->id))
			return -1;
		if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			if (stat(cells_dir, &st) != 0)
				fprintf(stderr, "%s: %s\n", cells_dir,
					strerror(errno));
			else
				fprintf(stderr, "%s: no cell with ID %d\n",
					progname, cell->id);
			return -1;
		}
		*id = cell->id;
		return 0;
	}

	err = scan_cells(cells_dir, &ids, &count);
	if (err) {
		fprintf(stderr, "%s: %s\n", cells_dir, strerror(-err));
		return -1;
	}
	for (n = 0; n < count; n++) {
		if (make_path(dir, size, "%s/%d", cells_dir, ids[n]))
			break;
		if (read_attr(dir, "name", name, sizeof(name)) == 0 &&
		    !strncmp(name, cell->name, JAILHOUSE_CELL_ID_NAMELEN)) {
			*id = ids[n];
			free(ids);
			return 0;
		}
	}
	free(ids);
	if (n == count)
		fprintf(stderr, "%s: no cell named '%s'\n", progname,
			cell->name);
	return -1;
}

struct counter {
	char name[STATS_NAME_MAX];
	unsigned long long value;
	bool valid;
};

struct sample {
	struct counter counters[STATS_MAX_COUNTERS];
	unsigned int count;
	struct timespec when;
};

/* vmexits_total first, the rest by name */
static int compare_counters(const void *a, const void *b)
{
	const struct counter *x = a, *y = b;
	bool x_total = !strcmp(x->name, "vmexits_total");
	bool y_total = !strcmp(y->name, "vmexits_total");

	if (x_total != y_total)
		return x_total ? -1 : 1;
	return strcmp(x->name, y->name);
}

static bool is_regular(DIR *dir, const struct dirent *de)
{
	struct stat st;

	if (de->d_type == DT_REG)
		return true;
	if (de->d_type != DT_UNKNOWN && de->d_type != DT_LNK)
		return false;
	return fstatat(dirfd(dir), de->d_name, &st, 0) == 0 &&
	       S_ISREG(st.st_mode);
}

/*
 * Reads every counter file in <cell>/statistics (the per-CPU directories
 * are skipped). Returns 0 or -errno of opening the directory.
 */
static int take_sample(const char *cell_dir, struct sample *s)
{
	char stats_dir[PATH_MAX], text[64];
	struct counter *c;
	struct dirent *de;
	DIR *dir;

	if (snprintf(stats_dir, sizeof(stats_dir), "%s/statistics", cell_dir) >=
	    (int)sizeof(stats_dir))
		return -ENAMETOOLONG;
	clock_gettime(CLOCK_MONOTONIC, &s->when);
	s->count = 0;
	dir = opendir(stats_dir);
	if (!dir)
		return -errno;
	while ((de = readdir(dir)) && s->count < STATS_MAX_COUNTERS) {
		if (de->d_name[0] == '.' ||
		    strlen(de->d_name) >= STATS_NAME_MAX ||
		    !is_regular(dir, de))
			continue;
		c = &s->counters[s->count++];
		strcpy(c->name, de->d_name);
		sanitize(c->name);
		c->valid = read_attr(stats_dir, de->d_name, text,
				     sizeof(text)) == 0 &&
			   parse_u64(text, 10, &c->value) == 0;
	}
	closedir(dir);
	qsort(s->counters, s->count, sizeof(s->counters[0]), compare_counters);
	return 0;
}

static const struct counter *find_counter(const struct sample *s,
					  const char *name)
{
	unsigned int n;

	for (n = 0; n < s->count; n++)
		if (!strcmp(s->counters[n].name, name))
			return &s->counters[n];
	return NULL;
}

static void print_sample(int id, const char *name, const struct sample *cur,
			 const struct sample *prev)
{
	double seconds = 0;
	const struct counter *c, *p;
	char total[32], rate[32];
	unsigned int n;

	if (prev)
		seconds = (cur->when.tv_sec - prev->when.tv_sec) +
			  (cur->when.tv_nsec - prev->when.tv_nsec) / 1e9;
	printf("Statistics for cell %d \"%s\"\n\n", id, name);
	printf("%-32s %20s %12s\n", "COUNTER", "TOTAL", "PER SEC");
	for (n = 0; n < cur->count; n++) {
		c = &cur->counters[n];
		p = prev ? find_counter(prev, c->name) : NULL;
		strcpy(total, "?");
		strcpy(rate, "-");
		if (c->valid)
			snprintf(total, sizeof(total), "%llu", c->value);
		/* a counter going down was reset (CPU changed cells) */
		if (c->valid && p && p->valid && seconds > 0 &&
		    c->value >= p->value)
			snprintf(rate, sizeof(rate), "%.0f",
				 (c->value - p->value) / seconds);
		printf("%-32s %20s %12s\n", c->name, total, rate);
	}
	if (cur->count == 0)
		printf("(no counters)\n");
}

static void sleep_seconds(double seconds)
{
	struct timespec ts = {
		.tv_sec = (time_t)seconds,
		.tv_nsec = (long)((seconds - (time_t)seconds) * 1e9),
	};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int cmd_cell_stats(const struct command *cmd, int argc, char *argv[])
{
	struct jailhouse_cell_id cell;
	struct sample *samples, *cur, *prev = NULL;
	double interval = STATS_DEFAULT_INTERVAL;
	unsigned long long frames = 0, frame, value;
	char dir[PATH_MAX], name[ATTR_SIZE];
	bool once = false, have_cell = false, clear;
	int i, used, id, err;
	char *end;

	for (i = 0; i < argc; i++) {
		const char *arg = argv[i];

		if (is_opt(arg, "-n", "--once")) {
			once = true;
		} else if (is_opt(arg, "-c", "--count")) {
			if (i + 1 >= argc ||
			    parse_u64(argv[i + 1], 10, &value) || value == 0) {
				usage_error("%s needs a positive number", arg);
				return bad_usage(cmd);
			}
			frames = value;
			i++;
		} else if (is_opt(arg, "-i", "--interval")) {
			if (i + 1 >= argc) {
				usage_error("%s needs a number of seconds",
					    arg);
				return bad_usage(cmd);
			}
			errno = 0;
			interval = strtod(argv[++i], &end);
			if (errno || end == argv[i] || *end ||
			    !(interval >= STATS_MIN_INTERVAL &&
			      interval <= STATS_MAX_INTERVAL)) {
				usage_error("invalid interval '%s' (seconds, "
					    "%g to %g)",
					    argv[i], STATS_MIN_INTERVAL,
					    STATS_MAX_INTERVAL);
				return bad_usage(cmd);
			}
		} else if (arg[0] == '-' && strcmp(arg, "--name") != 0) {
			usage_error("unknown option '%s' (use --name for a "
				    "cell name starting with '-')",
				    arg);
			return bad_usage(cmd);
		} else if (have_cell) {
			usage_error("unexpected argument '%s'", arg);
			return bad_usage(cmd);
		} else {
			used = parse_cell(argc - i, argv + i, &cell);
			if (!used)
				return bad_usage(cmd);
			i += used - 1;
			have_cell = true;
		}
	}
	if (!have_cell) {
		usage_error("missing CELL (cell ID or name)");
		return bad_usage(cmd);
	}
	if (once)
		frames = 1;

	if (find_cell_dir(&cell, dir, sizeof(dir), &id))
		return 1;
	err = read_attr(dir, "name", name, sizeof(name));
	if (err) {
		attr_error(dir, "name", err);
		return 1;
	}
	sanitize(name);

	samples = calloc(2, sizeof(*samples));
	if (!samples) {
		fprintf(stderr, "%s: %s\n", progname, strerror(ENOMEM));
		return 1;
	}
	/* a top-like view on a terminal, a plain log otherwise */
	clear = !once && isatty(STDOUT_FILENO);
	for (frame = 0; !frames || frame < frames; frame++) {
		cur = &samples[frame % 2];
		if (frame)
			sleep_seconds(interval);
		err = take_sample(dir, cur);
		if (err) {
			if (frame && access(dir, F_OK) != 0)
				fprintf(stderr,
					"%s: cell %d no longer exists\n",
					progname, id);
			else
				fprintf(stderr, "%s/statistics: %s\n", dir,
					strerror(-err));
			free(samples);
			return 1;
		}
		if (clear)
			fputs("\033[H\033[2J", stdout);
		else if (frame)
			putchar('\n');
		print_sample(id, name, cur, prev);
		fflush(stdout);
		prev = cur;
	}
	free(samples);
	return 0;
}

/* ---- helper programs (upstream's Python tools) ------------------------- */

/* PATH with the tool's own directory and the libexec directory in front */
static void extend_path(void)
{
	const char *old = getenv("PATH");
	char self[PATH_MAX], *slash, *path;
	ssize_t n;
	size_t len;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
	} else if (argv0 && strlen(argv0) < sizeof(self)) {
		strcpy(self, argv0);
	} else {
		self[0] = '\0';
	}
	slash = strrchr(self, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(self, ".");
	if (!old || !*old)
		old = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
		      "/sbin:/bin";
	len = strlen(self) + strlen(JAILHOUSE_LIBEXECDIR) + strlen(old) + 3;
	path = malloc(len);
	if (!path)
		return;
	snprintf(path, len, "%s:%s:%s", self[0] ? self : "/",
		 JAILHOUSE_LIBEXECDIR, old);
	setenv("PATH", path, 1);
	free(path);
}

static int run_helper(const struct command *cmd, int argc, char *argv[])
{
	char **args = calloc(argc + 2, sizeof(*args));
	int n;

	if (!args) {
		fprintf(stderr, "%s: %s\n", progname, strerror(ENOMEM));
		return 1;
	}
	args[0] = (char *)cmd->helper;
	for (n = 0; n < argc; n++)
		args[n + 1] = argv[n];
	extend_path();
	execvp(cmd->helper, args);
	fprintf(stderr, "%s: cannot run helper %s: %s\n", progname, cmd->helper,
		strerror(errno));
	free(args);
	return 1;
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
static int read_config_file(struct config_file *f, struct report_ctx *rc)
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
		if (read_config_file(f, &rc))
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

static int cmd_config_check(const struct command *cmd, int argc, char *argv[])
{
	int first = 0;

	while (first < argc && argv[first][0] == '-') {
		const char *opt = argv[first];

		if (is_help(opt)) {
			command_help(cmd);
			return 0;
		}
		/* upstream's checker takes the architecture; only x86 here */
		if (is_opt(opt, "-a", "--arch")) {
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
		return bad_usage(cmd);
	}
	if (first >= argc)
		return bad_usage(cmd);
	return config_check(argc - first, argv + first);
}

/* ---- command table and main -------------------------------------------- */

#define CELL_ARG "{ ID | [--name] NAME }"

static const struct command commands[] = {
	{
		.name = "enable",
		.run = cmd_enable,
		.args = "SYSCONFIG",
		.help = "Enables the hypervisor with the system configuration\n"
			"SYSCONFIG (ioctl JAILHOUSE_ENABLE with the whole file).\n"
			"A file shorter than its header describes is refused\n"
			"before the driver sees it.\n",
	},
	{
		.name = "disable",
		.run = cmd_disable,
		.args = "",
		.help = "Destroys all non-root cells and disables the\n"
			"hypervisor (ioctl JAILHOUSE_DISABLE).\n",
	},
	{
		.name = "console",
		.run = cmd_console,
		.args = "[-f | --follow]",
		.help = "Prints the hypervisor console (read from the device;\n"
			"the hypervisor keeps the last 2048 characters) and\n"
			"exits.\n"
			"  -f, --follow   keep waiting for new output until\n"
			"                 interrupted\n",
	},
	{
		.group = "cell",
		.name = "create",
		.run = cmd_cell_create,
		.args = "CELLCONFIG",
		.help = "Creates a cell from the configuration CELLCONFIG (ioctl\n"
			"JAILHOUSE_CELL_CREATE). Its CPUs and memory leave the\n"
			"root cell; the new cell stays shut down until images\n"
			"are loaded and it is started. A file shorter than its\n"
			"header describes is refused before the driver sees it.\n",
	},
	{
		.group = "cell",
		.name = "list",
		.run = cmd_cell_list,
		.args = "",
		.help = "Lists the cells, one line each, from the driver's sysfs\n"
			"tree: ID (column of 8), Name (24), State (18), Assigned\n"
			"CPUs (24), Failed CPUs. Columns are separated by at\n"
			"least one blank. Prints nothing when the tree is absent\n"
			"(no driver or hypervisor).\n",
	},
	{
		.group = "cell",
		.name = "load",
		.run = cmd_cell_load,
		.args = CELL_ARG " { IMAGE | { -s | --string } \"STRING\" } "
				 "[-a | --address ADDRESS] ...",
		.help = "Stops the cell and copies the images into its loadable\n"
			"memory, all with one ioctl JAILHOUSE_CELL_LOAD, in\n"
			"command-line order (a later image overwrites an earlier\n"
			"one where they overlap).\n"
			"  IMAGE                  a file\n"
			"  -s, --string STRING    STRING with its terminating NUL\n"
			"  -a, --address ADDRESS  guest-physical address of the\n"
			"                         image before it (default 0;\n"
			"                         decimal, 0x hex or 0 octal)\n" CELL_HELP,
	},
	{
		.group = "cell",
		.name = "start",
		.run = cmd_cell_start,
		.args = CELL_ARG,
		.help = "Starts the cell at its reset address (ioctl\n"
			"JAILHOUSE_CELL_START).\n" CELL_HELP,
	},
	{
		.group = "cell",
		.name = "shutdown",
		.run = cmd_cell_shutdown,
		.args = CELL_ARG,
		.help = "Stops the cell and gives its loadable memory back to\n"
			"the root cell for loading (ioctl JAILHOUSE_CELL_LOAD\n"
			"without images).\n" CELL_HELP,
	},
	{
		.group = "cell",
		.name = "destroy",
		.run = cmd_cell_destroy,
		.args = CELL_ARG,
		.help = "Destroys the cell and returns its CPUs, memory and\n"
			"devices to the root cell (ioctl\n"
			"JAILHOUSE_CELL_DESTROY).\n" CELL_HELP,
	},
	{
		.group = "cell",
		.name = "stats",
		.run = cmd_cell_stats,
		.args = CELL_ARG " [-n | --once] [-c | --count N] "
				 "[-i | --interval SECONDS]",
		.help = "Shows the cell's VM-exit counters from sysfs\n"
			"(statistics/*): the total since each CPU joined the\n"
			"cell and the rate per second since the previous sample\n"
			"('-' for the first sample or after a reset, '?' for an\n"
			"unreadable counter). On a terminal the screen is redrawn\n"
			"every interval until interrupted; otherwise samples are\n"
			"printed one after the other.\n"
			"  -n, --once              print one sample and exit\n"
			"  -c, --count N           stop after N samples\n"
			"  -i, --interval SECONDS  time between samples (default\n"
			"                          1)\n" CELL_HELP,
	},
	{
		.group = "cell",
		.name = "linux",
		.run = run_helper,
		.args = "CELLCONFIG KERNEL [options]  (helper)",
		.helper = "jailhouse-cell-linux",
	},
	{
		.group = "config",
		.name = "create",
		.run = run_helper,
		.args = "[options] FILE  (helper)",
		.helper = "jailhouse-config-create",
	},
	{
		.group = "config",
		.name = "collect",
		.run = run_helper,
		.args = "FILE.TAR  (helper)",
		.helper = "jailhouse-config-collect",
	},
	{
		.group = "config",
		.name = "check",
		.run = cmd_config_check,
		.args = "SYSCONFIG [CELLCONFIG...]",
		.help = "Validates a system configuration and the cell\n"
			"configurations meant to run on it: each file on its\n"
			"own, each cell against the system, and the cells against\n"
			"each other (cells that cannot run at the same time are\n"
			"reported). Prints one line per problem and exits with 0\n"
			"if there was no error (warnings allowed), 1 otherwise.\n"
			"  -a, --arch x86   architecture (only x86 is supported)\n",
	},
	{
		.group = "hardware",
		.name = "check",
		.run = run_helper,
		.args = "[SYSCONFIG]  (helper)",
		.helper = "jailhouse-hardware-check",
	},
};

static const unsigned int num_commands = sizeof(commands) / sizeof(commands[0]);

static void usage(FILE *out)
{
	unsigned int n;

	fprintf(out, "Usage: %s { COMMAND | --help | --version }\n\n",
		progname);
	fprintf(out, "Available commands:\n");
	for (n = 0; n < num_commands; n++)
		print_synopsis(out, "   ", &commands[n]);
	fprintf(out,
		"\n"
		"Run '%s COMMAND --help' for what a command does. Commands\n"
		"marked (helper) run that program from %s,\n"
		"the directory of this tool or PATH.\n"
		"\n"
		"Environment: JAILHOUSE_DEVICE replaces %s,\n"
		"JAILHOUSE_SYSFS replaces %s, and JAILHOUSE_DRY_RUN=1\n"
		"prints the ioctls instead of issuing them.\n",
		progname, JAILHOUSE_LIBEXECDIR, DEFAULT_DEVICE, DEFAULT_SYSFS);
}

static void group_usage(FILE *out, const char *group)
{
	const char *prefix = "Usage: ";
	unsigned int n;

	for (n = 0; n < num_commands; n++) {
		if (!commands[n].group || strcmp(commands[n].group, group))
			continue;
		fprintf(out, "%s%s ", prefix, progname);
		print_synopsis(out, "", &commands[n]);
		prefix = "       ";
	}
}

static bool is_group(const char *word)
{
	unsigned int n;

	for (n = 0; n < num_commands; n++)
		if (commands[n].group && !strcmp(commands[n].group, word))
			return true;
	return false;
}

static const struct command *find_command(const char *group, const char *name)
{
	const struct command *cmd;
	unsigned int n;

	for (n = 0; n < num_commands; n++) {
		cmd = &commands[n];
		if ((group == NULL) != (cmd->group == NULL))
			continue;
		if (group && strcmp(group, cmd->group))
			continue;
		if (!strcmp(name, cmd->name))
			return cmd;
	}
	return NULL;
}

static int run_command(const struct command *cmd, int argc, char *argv[])
{
	/* helpers answer --help themselves */
	if (!cmd->helper && argc == 1 && is_help(argv[0])) {
		command_help(cmd);
		return 0;
	}
	return cmd->run(cmd, argc, argv);
}

int main(int argc, char *argv[])
{
	const struct command *cmd;

	argv0 = argv[0];
	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (is_help(argv[1])) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("jailhouse (Warden) %s, interface of Jailhouse "
		       "management tool %s\n",
		       WARDEN_VERSION, JAILHOUSE_COMPAT_VERSION);
		return 0;
	}

	cmd = find_command(NULL, argv[1]);
	if (cmd)
		return run_command(cmd, argc - 2, argv + 2);
	if (!is_group(argv[1])) {
		usage_error("unknown command '%s'", argv[1]);
		usage(stderr);
		return 1;
	}
	if (argc < 3) {
		usage_error("missing %s subcommand", argv[1]);
		group_usage(stderr, argv[1]);
		return 1;
	}
	if (is_help(argv[2])) {
		group_usage(stdout, argv[1]);
		return 0;
	}
	cmd = find_command(argv[1], argv[2]);
	if (!cmd) {
		usage_error("unknown %s subcommand '%s'", argv[1], argv[2]);
		group_usage(stderr, argv[1]);
		return 1;
	}
	return run_command(cmd, argc - 3, argv + 3);
}
