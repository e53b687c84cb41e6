// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl-fuzz: hostile and plain calls to /dev/jailhouse, one line of
 * output per call: "<case>: OK" or "<case>: <ERRNO NAME>".
 *
 *   ioctl-fuzz [ROOTNAME]        the malformed-call battery (ROOTNAME is
 *                                the root cell's name, default QEMU-VM)
 *   ioctl-fuzz enable FILE       JAILHOUSE_ENABLE with FILE's contents
 *   ioctl-fuzz create FILE       JAILHOUSE_CELL_CREATE with FILE
 *   ioctl-fuzz load NAME FILE ADDR   JAILHOUSE_CELL_LOAD, one image
 *   ioctl-fuzz start NAME        JAILHOUSE_CELL_START by name
 *   ioctl-fuzz destroy NAME      JAILHOUSE_CELL_DESTROY by name
 *   ioctl-fuzz console           the console without blocking, in 128-byte
 *                                reads, until read() returns 0
 *
 * Buffers handed to the driver end right before an inaccessible page, so
 * a driver that reads one byte too far gets EFAULT instead of silently
 * reading something else. Exit status 0 unless the device cannot be
 * opened or a file cannot be read; the caller judges the errnos.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jailhouse.h>
#include <jailhouse/cell-config.h>

#define DEVICE "/dev/jailhouse"
#define PAGE 4096UL

static int fd;

static const char *errno_name(int err)
{
	static char other[16];

	switch (err) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case E2BIG: return "E2BIG";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case ERANGE: return "ERANGE";
	case ENOSYS: return "ENOSYS";
	case ENOTTY: return "ENOTTY";
	}
	snprintf(other, sizeof(other), "E%d", err);
	return other;
}

static void report(const char *name, long ret)
{
	if (ret < 0)
		printf("%s: %s\n", name, errno_name(errno));
	else
		printf("%s: OK\n", name);
	fflush(stdout);
}

static void call(const char *name, unsigned long request, const void *arg)
{
	errno = 0;
	report(name, ioctl(fd, request, arg));
}

/* @len bytes that end exactly where an inaccessible page starts */
static void *guarded(size_t len)
{
	size_t pages = (len + PAGE - 1) / PAGE + 1;
	uint8_t *map;

	map = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	if (mprotect(map + (pages - 1) * PAGE, PAGE, PROT_NONE)) {
		perror("mprotect");
		exit(1);
	}
	return map + (pages - 1) * PAGE - len;
}

/* an address where nothing is mapped */
static void *unmapped(void)
{
	void *map = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);

	if (map == MAP_FAILED || munmap(map, PAGE)) {
		perror("mmap");
		exit(1);
	}
	return map;
}

static void fill_garbage(void *buf, size_t len, unsigned int seed)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		seed = seed * 1103515245 + 12345;
		p[i] = seed >> 16;
	}
}

static void *read_file(const char *path, size_t *len)
{
	struct stat st;
	void *buf;
	int file;

	file = open(path, O_RDONLY);
	if (file < 0 || fstat(file, &st)) {
		perror(path);
		exit(1);
	}
	*len = st.st_size;
	buf = guarded(*len);
	if (read(file, buf, *len) != (ssize_t)*len) {
		perror(path);
		exit(1);
	}
	close(file);
	return buf;
}

static struct jailhouse_cell_id *cell_by_name(const char *name)
{
	struct jailhouse_cell_id *id = guarded(sizeof(*id));

	memset(id, 0, sizeof(*id));
	id->id = JAILHOUSE_CELL_ID_UNUSED;
	strncpy(id->name, name, sizeof(id->name) - 1);
	return id;
}

static struct jailhouse_cell_id *cell_by_number(int32_t number)
{
	struct jailhouse_cell_id *id = guarded(sizeof(*id));

	memset(id, 0, sizeof(*id));
	id->id = number;
	return id;
}

static struct jailhouse_system *system_header(void)
{
	struct jailhouse_system *sys = guarded(sizeof(*sys));

	memset(sys, 0, sizeof(*sys));
	memcpy(sys->signature, JAILHOUSE_SYSTEM_SIGNATURE, 5);
	sys->architecture = JAILHOUSE_X86;
	sys->revision = JAILHOUSE_CONFIG_REVISION;
	return sys;
}

/* a minimal cell: descriptor + 8-byte CPU set with @cpu_mask, nothing else */
static struct jailhouse_cell_create *small_cell(const char *name,
						uint64_t cpu_mask)
{
	size_t len = sizeof(struct jailhouse_cell_desc) + 8;
	struct jailhouse_cell_create *req = guarded(sizeof(*req));
	struct jailhouse_cell_desc *desc = guarded(len);

	memset(desc, 0, len);
	memcpy(desc->signature, JAILHOUSE_CELL_DESC_SIGNATURE, 5);
	desc->architecture = JAILHOUSE_X86;
	desc->revision = JAILHOUSE_CONFIG_REVISION;
	strncpy(desc->name, name, sizeof(desc->name) - 1);
	desc->cpu_set_size = 8;
	memcpy(desc + 1, &cpu_mask, 8);
	req->config_address = (uintptr_t)desc;
	req->config_size = len;
	req->padding = 0;
	return req;
}

static void battery(const char *root_name)
{
	struct jailhouse_system *sys;
	struct jailhouse_cell_create *create;
	struct jailhouse_cell_desc *desc;
	struct jailhouse_cell_load *load;
	struct jailhouse_cell_id *id;
	void *volatile null_buf = NULL; /* hidden from the compiler */
	char buf[64];
	size_t len;
	void *p;
	int rfd;

	/* request numbers */
	call("bad-request", 0xdeadbeef, NULL);
	call("bad-request-nr6", _IOW(0, 6, struct jailhouse_cell_id),
	     cell_by_number(1));
	call("bad-request-size", _IOW(0, 0, int), system_header());
	call("bad-request-type", _IOW('J', 2, struct jailhouse_cell_create),
	     small_cell("x", 2));

	/* ENABLE */
	call("enable-null", JAILHOUSE_ENABLE, NULL);
	call("enable-unmapped", JAILHOUSE_ENABLE, unmapped());
	p = guarded(sizeof(struct jailhouse_system));
	fill_garbage(p, sizeof(struct jailhouse_system), 1);
	call("enable-garbage", JAILHOUSE_ENABLE, p);
	p = guarded(100);
	memcpy(p, JAILHOUSE_SYSTEM_SIGNATURE, 5);
	call("enable-truncated-header", JAILHOUSE_ENABLE, p);
	sys = system_header();
	sys->root_cell.cpu_set_size = 8;
	sys->root_cell.num_memory_regions = 100;
	call("enable-truncated-body", JAILHOUSE_ENABLE, sys);
	sys = system_header();
	sys->root_cell.num_memory_regions = 0xffffffff;
	sys->root_cell.num_pci_devices = 0xffffffff;
	sys->root_cell.cpu_set_size = 0xffffffff;
	call("enable-huge", JAILHOUSE_ENABLE, sys);
	sys = system_header();
	sys->revision = 13;
	call("enable-revision-13", JAILHOUSE_ENABLE, sys);
	sys = system_header();
	sys->architecture = JAILHOUSE_ARM64;
	call("enable-arm64", JAILHOUSE_ENABLE, sys);
	call("enable-other-config", JAILHOUSE_ENABLE, system_header());

	/* CELL_CREATE */
	call("create-null", JAILHOUSE_CELL_CREATE, NULL);
	call("create-unmapped-arg", JAILHOUSE_CELL_CREATE, unmapped());
	create = guarded(8);
	call("create-truncated-arg", JAILHOUSE_CELL_CREATE, create);
	create = small_cell("fuzz", 2);
	create->config_size = 0;
	call("create-size-0", JAILHOUSE_CELL_CREATE, create);
	create = small_cell("fuzz", 2);
	create->config_size = sizeof(struct jailhouse_cell_desc) - 1;
	call("create-size-131", JAILHOUSE_CELL_CREATE, create);
	create = small_cell("fuzz", 2);
	create->config_size = 0xffffffff;
	call("create-size-huge", JAILHOUSE_CELL_CREATE, create);
	create = small_cell("fuzz", 2);
	create->config_size = 64 * 1024 + 1;
	call("create-size-64k+1", JAILHOUSE_CELL_CREATE, create);
	create = small_cell("fuzz", 2);
	create->config_address = (uintptr_t)unmapped();
	call("create-bad-pointer", JAILHOUSE_CELL_CREATE, create);
	create = small_cell("fuzz", 2);
	create->config_address = 0xfffffffffffff000ull;
	call("create-kernel-pointer", JAILHOUSE_CELL_CREATE, create);
	create = small_cell("fuzz", 2);
	create->config_size += 1; /* one byte more than is mapped */
	call("create-beyond-buffer", JAILHOUSE_CELL_CREATE, create);
	create = small_cell("fuzz", 2);
	fill_garbage((void *)(uintptr_t)create->config_address,
		     create->config_size, 2);
	call("create-garbage", JAILHOUSE_CELL_CREATE, create);
	create = small_cell("fuzz", 2);
	desc = (void *)(uintptr_t)create->config_address;
	desc->num_memory_regions = 3;
	call("create-counts-beyond-size", JAILHOUSE_CELL_CREATE, create);
	create = small_cell("fuzz", 2);
	desc = (void *)(uintptr_t)create->config_address;
	desc->num_pci_devices = 0xffffffff;
	desc->num_memory_regions = 0xffffffff;
	call("create-counts-overflow", JAILHOUSE_CELL_CREATE, create);
	create = small_cell("fuzz", 2);
	desc = (void *)(uintptr_t)create->config_address;
	desc->architecture = JAILHOUSE_ARM64;
	call("create-arm64", JAILHOUSE_CELL_CREATE, create);
	create = small_cell("fuzz", 2);
	desc = (void *)(uintptr_t)create->config_address;
	memcpy(desc->signature, "JHCELL", 6); /* revision 13 signature */
	call("create-old-signature", JAILHOUSE_CELL_CREATE, create);
	call("create-root-name", JAILHOUSE_CELL_CREATE,
	     small_cell(root_name, 2));
	call("create-cpu0", JAILHOUSE_CELL_CREATE, small_cell("fuzz", 1));
	call("create-foreign-cpu", JAILHOUSE_CELL_CREATE,
	     small_cell("fuzz", 1ull << 63));
	create = small_cell("fuzz", 0);
	len = sizeof(struct jailhouse_cell_desc) + 4096;
	desc = guarded(len);
	memcpy(desc, (void *)(uintptr_t)create->config_address,
	       sizeof(*desc));
	memset(desc + 1, 0, 4096);
	desc->cpu_set_size = 4096;
	((uint8_t *)(desc + 1))[4095] = 0x80;
	create->config_address = (uintptr_t)desc;
	create->config_size = len;
	call("create-cpu-32767", JAILHOUSE_CELL_CREATE, create);

	/* CELL_LOAD */
	call("load-null", JAILHOUSE_CELL_LOAD, NULL);
	load = guarded(sizeof(*load));
	memset(load, 0, sizeof(*load));
	load->cell_id.id = 42;
	load->num_preload_images = 0x7fffffff;
	call("load-too-many-images", JAILHOUSE_CELL_LOAD, load);
	load->num_preload_images = 257;
	call("load-257-images", JAILHOUSE_CELL_LOAD, load);
	load->num_preload_images = 4; /* the array is not mapped */
	call("load-images-unmapped", JAILHOUSE_CELL_LOAD, load);
	load->num_preload_images = 0;
	call("load-unknown-id", JAILHOUSE_CELL_LOAD, load);
	load->cell_id.id = 0;
	call("load-root", JAILHOUSE_CELL_LOAD, load);
	load->cell_id.id = JAILHOUSE_CELL_ID_UNUSED;
	memset(load->cell_id.name, 'A', sizeof(load->cell_id.name));
	call("load-name-without-nul", JAILHOUSE_CELL_LOAD, load);

	/* CELL_START / CELL_DESTROY */
	call("start-null", JAILHOUSE_CELL_START, NULL);
	call("start-unmapped", JAILHOUSE_CELL_START, unmapped());
	call("start-truncated-arg", JAILHOUSE_CELL_START, guarded(20));
	call("start-unknown-id", JAILHOUSE_CELL_START, cell_by_number(42));
	call("start-negative-id", JAILHOUSE_CELL_START, cell_by_number(-2));
	call("start-int-min-id", JAILHOUSE_CELL_START,
	     cell_by_number(INT32_MIN));
	call("start-root", JAILHOUSE_CELL_START, cell_by_number(0));
	id = cell_by_name("");
	memset(id->name, 'A', sizeof(id->name));
	call("start-name-without-nul", JAILHOUSE_CELL_START, id);
	call("start-empty-name", JAILHOUSE_CELL_START, cell_by_name(""));
	call("destroy-null", JAILHOUSE_CELL_DESTROY, NULL);
	call("destroy-unknown-name", JAILHOUSE_CELL_DESTROY,
	     cell_by_name("no-such-cell"));
	call("destroy-unknown-id", JAILHOUSE_CELL_DESTROY, cell_by_number(7));
	call("destroy-root-by-name", JAILHOUSE_CELL_DESTROY,
	     cell_by_name(root_name));
	call("destroy-root-by-id", JAILHOUSE_CELL_DESTROY, cell_by_number(0));

	/* DISABLE: Warden stays */
	call("disable", JAILHOUSE_DISABLE, NULL);

	/* read() */
	rfd = open(DEVICE, O_RDONLY | O_NONBLOCK);
	if (rfd < 0) {
		perror(DEVICE);
		exit(1);
	}
	errno = 0;
	report("read-null-buffer", read(rfd, null_buf, 64));
	errno = 0;
	report("read-unmapped-buffer", read(rfd, unmapped(), 64));
	errno = 0;
	report("read-zero", read(rfd, buf, 0));
	close(rfd);
}

static int console(void)
{
	char chunk[128];
	ssize_t n;
	int cfd;

	cfd = open(DEVICE, O_RDONLY | O_NONBLOCK);
	if (cfd < 0) {
		perror(DEVICE);
		return 1;
	}
	while ((n = read(cfd, chunk, sizeof(chunk))) > 0)
		if (fwrite(chunk, 1, n, stdout) != (size_t)n)
			return 1;
	if (n < 0) {
		perror("read");
		return 1;
	}
	close(cfd);
	return 0;
}

int main(int argc, char **argv)
{
	struct jailhouse_cell_create *create;
	struct jailhouse_cell_load *load;
	size_t len;
	void *data;

	if (argc == 2 && !strcmp(argv[1], "console"))
		return console();

	fd = open(DEVICE, O_RDWR);
	if (fd < 0) {
		perror(DEVICE);
		return 1;
	}

	if (argc == 3 && !strcmp(argv[1], "enable")) {
		call("enable", JAILHOUSE_ENABLE, read_file(argv[2], &len));
	} else if (argc == 3 && !strcmp(argv[1], "create")) {
		create = guarded(sizeof(*create));
		data = read_file(argv[2], &len);
		create->config_address = (uintptr_t)data;
		create->config_size = len;
		create->padding = 0;
		call("create", JAILHOUSE_CELL_CREATE, create);
	} else if (argc == 5 && !strcmp(argv[1], "load")) {
		load = guarded(sizeof(*load) + sizeof(load->image[0]));
		memset(load, 0, sizeof(*load) + sizeof(load->image[0]));
		load->cell_id.id = JAILHOUSE_CELL_ID_UNUSED;
		strncpy(load->cell_id.name, argv[2],
			sizeof(load->cell_id.name) - 1);
		load->num_preload_images = 1;
		load->image[0].source_address =
			(uintptr_t)read_file(argv[3], &len);
		load->image[0].size = len;
		load->image[0].target_address = strtoull(argv[4], NULL, 0);
		call("load", JAILHOUSE_CELL_LOAD, load);
	} else if (argc == 3 && !strcmp(argv[1], "start")) {
		call("start", JAILHOUSE_CELL_START, cell_by_name(argv[2]));
	} else if (argc == 3 && !strcmp(argv[1], "destroy")) {
		call("destroy", JAILHOUSE_CELL_DESTROY, cell_by_name(argv[2]));
	} else if (argc <= 2) {
		battery(argc == 2 ? argv[1] : "QEMU-VM");
	} else {
		fprintf(stderr,
			"usage: %s [ROOTNAME] | enable FILE | create FILE | load NAME FILE ADDR | start NAME | destroy NAME\n",
			argv[0]);
		return 1;
	}
	return 0;
}
