// SPDX-License-Identifier: GPL-2.0
/*
 * Config validator (hv/core/config_check.c) against the built .cell files
 * and against malformed configs made by mutating copies of good ones.
 *
 * The .cell files are found in $WARDEN_BUILD/cells (set by the pytest
 * runner) or else in WARDEN_BUILD_DIR/cells, compiled in by config.mk.
 *
 * Each malformed config breaks exactly one rule; the test checks the
 * return code and that a message containing the expected text came out.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jailhouse/cell-config.h>
#include <warden/config_check.h>

#ifndef WARDEN_BUILD_DIR
#define WARDEN_BUILD_DIR "build"
#endif

#define MAX_CONFIG CFG_MAX_SIZE
#define MAX_CELLS 32

/* ---- loading the built configs ---------------------------------------- */

struct blob {
	char name[64];
	uint8_t data[MAX_CONFIG];
	size_t len;
};

static struct blob cells[MAX_CELLS];
static unsigned int num_cells;

static const char *cell_dir(void)
{
	static char path[4096];
	const char *build = getenv("WARDEN_BUILD");

	snprintf(path, sizeof(path), "%s/cells",
		 build && *build ? build : WARDEN_BUILD_DIR);
	return path;
}

static int load_cells(void **state)
{
	DIR *dir = opendir(cell_dir());
	struct dirent *de;

	if (!dir) {
		fprintf(stderr, "cannot open %s: %s\n", cell_dir(),
			strerror(errno));
		return -1;
	}
	while ((de = readdir(dir)) && num_cells < MAX_CELLS) {
		size_t n = strlen(de->d_name);
		struct blob *b = &cells[num_cells];
		char path[8192];
		FILE *f;

		if (n < 6 || strcmp(de->d_name + n - 5, ".cell") != 0)
			continue;
		snprintf(b->name, sizeof(b->name), "%.*s", (int)(n - 5),
			 de->d_name);
		if (snprintf(path, sizeof(path), "%s/%s", cell_dir(),
			     de->d_name) >= (int)sizeof(path))
			return -1;
		f = fopen(path, "rb");
		if (!f)
			return -1;
		b->len = fread(b->data, 1, sizeof(b->data), f);
		fclose(f);
		num_cells++;
	}
	closedir(dir);
	return num_cells ? 0 : -1;
}

static const struct blob *cell(const char *name)
{
	unsigned int n;

	for (n = 0; n < num_cells; n++)
		if (strcmp(cells[n].name, name) == 0)
			return &cells[n];
	fail_msg("%s.cell not built in %s", name, cell_dir());
	return NULL;
}

static int is_system(const struct blob *b)
{
	return b->len >= 5 && memcmp(b->data, "JHSYS", 5) == 0;
}

/* ---- collecting messages ---------------------------------------------- */

static char log_buf[65536];
static size_t log_len;
static unsigned int log_errors, log_warnings;

static void collect(void *ctx, enum cfg_severity sev, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sev == CFG_ERROR)
		log_errors++;
	else
		log_warnings++;
	n = snprintf(log_buf + log_len, sizeof(log_buf) - log_len,
		     "%s: ", sev == CFG_ERROR ? "error" : "warning");
	if (n > 0 && (size_t)n < sizeof(log_buf) - log_len)
		log_len += n;
	va_start(ap, fmt);
	n = vsnprintf(log_buf + log_len, sizeof(log_buf) - log_len, fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < sizeof(log_buf) - log_len)
		log_len += n;
	if (log_len + 1 < sizeof(log_buf))
		log_buf[log_len++] = '\n';
	log_buf[log_len] = 0;
}

static void log_reset(void)
{
	log_len = 0;
	log_buf[0] = 0;
	log_errors = log_warnings = 0;
}

static void expect_log(const char *substr)
{
	if (!strstr(log_buf, substr))
		fail_msg("expected a message containing \"%s\", got:\n%s",
			 substr, log_buf);
}

/* ---- building configs from parts -------------------------------------- */

/* A cell config taken apart into editable arrays. */
struct parts {
	uint8_t head[sizeof(struct jailhouse_system)]; /* system: 0..355 */
	int system;
	struct jailhouse_cell_desc desc;
	uint8_t cpus[64];
	unsigned int ncpu_bytes;
	struct jailhouse_memory mem[40];
	unsigned int nmem;
	struct jailhouse_cache cache[4];
	unsigned int ncache;
	struct jailhouse_irqchip irq[4];
	unsigned int nirq;
	struct jailhouse_pio pio[32];
	unsigned int npio;
	struct jailhouse_pci_device pci[16];
	unsigned int npci;
	struct jailhouse_pci_capability caps[32];
	unsigned int ncaps;
	uint32_t streams[4];
	unsigned int nstreams;
};

static struct parts P;
static uint8_t out[MAX_CONFIG];
static size_t out_len;

#define TAKE(dst, cnt, src, n)                            \
	do {                                              \
		assert_true((n) <= ARRAY_SIZE(dst));      \
		memcpy(dst, src, (n) * sizeof((dst)[0])); \
		cnt = (n);                                \
		src += (n) * sizeof((dst)[0]);            \
	} while (0)

static void split(const struct blob *b)
{
	const uint8_t *p = b->data;
	const struct jailhouse_cell_desc *d;

	memset(&P, 0, sizeof(P));
	P.system = is_system(b);
	if (P.system) {
		memcpy(P.head, p, offsetof(struct jailhouse_system, root_cell));
		p += offsetof(struct jailhouse_system, root_cell);
	}
	d = (const struct jailhouse_cell_desc *)p;
	memcpy(&P.desc, d, sizeof(P.desc));
	p += sizeof(P.desc);
	TAKE(P.cpus, P.ncpu_bytes, p, d->cpu_set_size);
	TAKE(P.mem, P.nmem, p, d->num_memory_regions);
	TAKE(P.cache, P.ncache, p, d->num_cache_regions);
	TAKE(P.irq, P.nirq, p, d->num_irqchips);
	TAKE(P.pio, P.npio, p, d->num_pio_regions);
	TAKE(P.pci, P.npci, p, d->num_pci_devices);
	TAKE(P.caps, P.ncaps, p, d->num_pci_caps);
	TAKE(P.streams, P.nstreams, p, d->num_stream_ids);
}

#define PUT(src, n)                                     \
	do {                                            \
		memcpy(o, src, (n) * sizeof((src)[0])); \
		o += (n) * sizeof((src)[0]);            \
	} while (0)

/* Serialise P into out/out_len with the counts set from the parts. */
static void join(void)
{
	uint8_t *o = out;
	struct jailhouse_cell_desc d = P.desc;

	d.cpu_set_size = P.ncpu_bytes;
	d.num_memory_regions = P.nmem;
	d.num_cache_regions = P.ncache;
	d.num_irqchips = P.nirq;
	d.num_pio_regions = P.npio;
	d.num_pci_devices = P.npci;
	d.num_pci_caps = P.ncaps;
	d.num_stream_ids = P.nstreams;
	if (P.system)
		PUT(P.head, offsetof(struct jailhouse_system, root_cell));
	memcpy(o, &d, sizeof(d));
	o += sizeof(d);
	PUT(P.cpus, P.ncpu_bytes);
	PUT(P.mem, P.nmem);
	PUT(P.cache, P.ncache);
	PUT(P.irq, P.nirq);
	PUT(P.pio, P.npio);
	PUT(P.pci, P.npci);
	PUT(P.caps, P.ncaps);
	PUT(P.streams, P.nstreams);
	out_len = o - out;
}

static struct jailhouse_system *sys_head(void)
{
	return (struct jailhouse_system *)P.head;
}

/* Check out/out_len as the kind of config P is; returns the result. */
static int check_out(void)
{
	log_reset();
	return P.system ? config_check_system(out, out_len, collect, NULL) :
			  config_check_cell(out, out_len, collect, NULL);
}

/* Join P, check it, expect error code err and a message with substr. */
static void expect_reject(int err, const char *substr)
{
	int ret;

	join();
	ret = check_out();
	if (ret != err)
		fail_msg("expected %d, got %d; messages:\n%s", err, ret,
			 log_buf);
	expect_log(substr);
}

static void expect_accept(void)
{
	int ret;

	join();
	ret = check_out();
	if (ret != 0)
		fail_msg("expected success, got %d; messages:\n%s", ret,
			 log_buf);
}

/* Check cell out against the system config sys (a blob). */
static int check_in_system(const struct blob *sys)
{
	log_reset();
	return config_check_cell_in_system(out, out_len, sys->data, sys->len,
					   collect, NULL);
}

/* ---- the built configs ------------------------------------------------ */

static void test_built_configs_valid(void **state)
{
	unsigned int n;
	int ret;

	for (n = 0; n < num_cells; n++) {
		const struct blob *b = &cells[n];

		log_reset();
		ret = is_system(b) ?
			      config_check_system(b->data, b->len, collect,
						  NULL) :
			      config_check_cell(b->data, b->len, collect, NULL);
		if (ret != 0 || log_errors)
			fail_msg("%s.cell rejected (%d):\n%s", b->name, ret,
				 log_buf);
	}
}

static void test_built_sizes(void **state)
{
	unsigned int n;
	size_t size;

	for (n = 0; n < num_cells; n++) {
		const struct blob *b = &cells[n];
		int ret = is_system(b) ?
				  config_system_size(b->data, b->len, &size) :
				  config_cell_size(b->data, b->len, &size);

		assert_int_equal(ret, 0);
		if (size != b->len)
			fail_msg("%s.cell is %zu bytes, its header says %zu",
				 b->name, b->len, size);
	}
}

/* The sizes upstream's binaries have (ABI spec 11.4), and ours for QEMU. */
static void test_expected_sizes(void **state)
{
	assert_int_equal(cell("apic-demo")->len, 228);
	assert_int_equal(cell("tiny-demo")->len, 228);
	assert_int_equal(cell("ivshmem-demo")->len, 428);
	assert_int_equal(cell("smp-demo")->len, 216);
	assert_int_equal(cell("linux-x86-demo")->len, 1108);
	/* 356 + 132 + 8 + 29*32 + 1*32 + 15*4 + 9*56 + 8*8 */
	assert_int_equal(cell("qemu-x86")->len, 2108);
}

static void test_demo_cells_fit_system(void **state)
{
	const struct blob *sys = cell("qemu-x86");
	unsigned int n;
	int ret;

	for (n = 0; n < num_cells; n++) {
		const struct blob *b = &cells[n];

		if (is_system(b))
			continue;
		log_reset();
		ret = config_check_cell_in_system(b->data, b->len, sys->data,
						  sys->len, collect, NULL);
		if (ret != 0 || log_errors)
			fail_msg("%s.cell does not fit qemu-x86 (%d):\n%s",
				 b->name, ret, log_buf);
	}
}

/* apic-demo (CPU 3) and ivshmem-demo (CPU 1) can run side by side. */
static void test_pair_compatible(void **state)
{
	const struct blob *a = cell("apic-demo"), *b = cell("ivshmem-demo");

	log_reset();
	assert_int_equal(config_check_cell_pair(a->data, a->len, b->data,
						b->len, collect, NULL),
			 0);
	assert_int_equal(log_errors, 0);
	/* they share COM1/COM2, which is worth a warning only */
	expect_log("overlap ports of cell 'apic-demo'");
}

static void test_pair_cpu_and_ram(void **state)
{
	const struct blob *a = cell("tiny-demo"), *b = cell("smp-demo");

	log_reset();
	assert_int_equal(config_check_cell_pair(a->data, a->len, b->data,
						b->len, collect, NULL),
			 -WARDEN_EBUSY);
	expect_log("CPU 2 is also assigned to cell 'tiny-demo'");
	expect_log("memory region 0 (phys 0x3ee00000, virt 0x0, size "
		   "0x100000) overlaps memory region 0 of cell 'tiny-demo'");
}

/* ivshmem regions are ROOTSHARED on both sides: no conflict there. */
static void test_pair_shared_memory(void **state)
{
	const struct blob *a = cell("ivshmem-demo"),
			  *b = cell("linux-x86-demo");

	log_reset();
	assert_int_equal(config_check_cell_pair(a->data, a->len, b->data,
						b->len, collect, NULL),
			 0);
}

static void test_pair_same_name(void **state)
{
	const struct blob *a = cell("apic-demo");

	log_reset();
	assert_int_equal(config_check_cell_pair(a->data, a->len, a->data,
						a->len, collect, NULL),
			 -WARDEN_EEXIST);
	expect_log("cell name 'apic-demo' is used twice");
}

static void test_pair_ivshmem_id(void **state)
{
	const struct blob *a = cell("ivshmem-demo");

	split(cell("linux-x86-demo"));
	P.pci[2].shmem_dev_id = 1; /* ivshmem-demo is peer 1 of 01:0e.0 */
	P.mem[11].flags |= JAILHOUSE_MEM_WRITE;
	P.mem[12].flags &= ~(__u64)JAILHOUSE_MEM_WRITE;
	join();
	log_reset();
	assert_int_equal(config_check_cell_pair(a->data, a->len, out, out_len,
						collect, NULL),
			 -WARDEN_EBUSY);
	expect_log("pci device 2 (0000:01:0e.0): ivshmem peer ID 1 is already "
		   "taken by cell 'ivshmem-demo'");
}

static void test_pair_pins(void **state)
{
	const struct blob *a = cell("linux-x86-demo");

	split(cell("apic-demo"));
	P.cpus[0] = 0x2;
	strcpy(P.desc.name, "pins");
	P.nirq = 1;
	P.irq[0].address = 0xfec00000;
	P.irq[0].id = 0xff00;
	P.irq[0].pin_bitmap[0] = 1 << 4;
	join();
	log_reset();
	assert_int_equal(config_check_cell_pair(a->data, a->len, out, out_len,
						collect, NULL),
			 -WARDEN_EBUSY);
	expect_log("irqchip 0 (0xfec00000): pins 0x00000010 of 0..31 are also "
		   "assigned to cell 'linux-x86-demo'");
}

static void test_pair_pci_device(void **state)
{
	const struct jailhouse_pci_device nic = {
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.bdf = 0x0010,
	};
	uint8_t first[MAX_CONFIG];
	size_t first_len;

	split(cell("apic-demo"));
	P.npci = 1;
	P.pci[0] = nic;
	join();
	memcpy(first, out, out_len);
	first_len = out_len;
	split(cell("ivshmem-demo"));
	P.pci[0] = nic;
	join();
	log_reset();
	assert_int_equal(config_check_cell_pair(first, first_len, out, out_len,
						collect, NULL),
			 -WARDEN_EBUSY);
	expect_log("pci device 0 (0000:00:02.0) is also assigned to cell "
		   "'apic-demo'");
}

/* Every strict prefix of a good config is rejected, never read past. */
static void test_truncated_everywhere(void **state)
{
	unsigned int n;
	size_t len;
	uint8_t *copy;

	for (n = 0; n < num_cells; n++) {
		const struct blob *b = &cells[n];

		for (len = 0; len < b->len; len++) {
			/* exact-size heap copy so ASan sees any over-read */
			copy = malloc(len ? len : 1);
			assert_non_null(copy);
			memcpy(copy, b->data, len);
			if (is_system(b))
				assert_int_equal(config_check_system(
							 copy, len, NULL, NULL),
						 -WARDEN_EINVAL);
			else
				assert_int_equal(config_check_cell(copy, len,
								   NULL, NULL),
						 -WARDEN_EINVAL);
			free(copy);
		}
	}
}

static void test_report_limit(void **state)
{
	unsigned int n;

	split(cell("qemu-x86"));
	for (n = 0; n < P.nmem; n++)
		P.mem[n].flags |= 0x200;
	for (n = 0; n < P.npio; n++)
		P.pio[n].length = 0;
	for (n = 0; n < P.ncaps; n++)
		P.caps[n].len = 0;
	join();
	check_out();
	assert_int_equal(log_errors + log_warnings, CFG_MAX_REPORTS + 1);
	expect_log("too many problems, further ones not shown");
}

/* ---- malformed cell configs: one rule each ---------------------------- */

static void test_cell_too_short(void **state)
{
	const struct blob *b = cell("apic-demo");

	log_reset();
	assert_int_equal(config_check_cell(b->data, 100, collect, NULL),
			 -WARDEN_EINVAL);
	expect_log("config is 100 bytes, shorter than its 132-byte header");
}

static void test_cell_truncated(void **state)
{
	const struct blob *b = cell("apic-demo");

	log_reset();
	assert_int_equal(config_check_cell(b->data, b->len - 4, collect, NULL),
			 -WARDEN_EINVAL);
	expect_log("header describes 228 bytes, but the config is only 224 "
		   "bytes long");
}

static void test_cell_too_big(void **state)
{
	split(cell("apic-demo"));
	join();
	((struct jailhouse_cell_desc *)out)->num_memory_regions = 0x1000000;
	assert_int_equal(check_out(), -WARDEN_E2BIG);
	expect_log("more than the 65536 bytes a config may have");
}

static void test_cell_bad_signature(void **state)
{
	split(cell("apic-demo"));
	memcpy(P.desc.signature, "JHCEL", 5);
	expect_reject(-WARDEN_EINVAL, "signature is not JHCLL");
}

static void test_cell_is_system(void **state)
{
	const struct blob *b = cell("qemu-x86");

	log_reset();
	assert_int_equal(config_check_cell(b->data, b->len, collect, NULL),
			 -WARDEN_EINVAL);
	expect_log("signature is JHSYS: this is a system config");
}

static void test_cell_bad_arch(void **state)
{
	split(cell("apic-demo"));
	P.desc.architecture = JAILHOUSE_ARM64;
	expect_reject(-WARDEN_EINVAL, "architecture 2 is not x86 (0)");
}

static void test_cell_bad_revision(void **state)
{
	split(cell("apic-demo"));
	P.desc.revision = 13;
	expect_reject(-WARDEN_EINVAL, "config revision 13, expected 14");
}

static void test_name_empty(void **state)
{
	split(cell("apic-demo"));
	memset(P.desc.name, 0, sizeof(P.desc.name));
	expect_reject(-WARDEN_EINVAL, "cell name is empty");
}

static void test_name_unterminated(void **state)
{
	split(cell("apic-demo"));
	memset(P.desc.name, 'x', sizeof(P.desc.name));
	expect_reject(-WARDEN_EINVAL,
		      "cell name is not NUL-terminated within 32 bytes");
}

static void test_name_unprintable_warns(void **state)
{
	split(cell("apic-demo"));
	P.desc.name[2] = '\n';
	expect_accept();
	expect_log("warning: cell name 'ap?c-demo' contains non-printable "
		   "character 0x0a at position 2");
}

static void test_cpu_set_size_unaligned(void **state)
{
	split(cell("apic-demo"));
	P.ncpu_bytes = 4;
	expect_reject(-WARDEN_EINVAL,
		      "cpu_set_size 4 is not a multiple of 8 bytes");
}

static void test_cpu_set_size_too_big(void **state)
{
	const size_t big = 4104, hdr = sizeof(struct jailhouse_cell_desc);
	struct jailhouse_cell_desc *d = (void *)out;

	/* too big for struct parts: splice a 4104-byte CPU set in by hand */
	split(cell("apic-demo"));
	P.ncpu_bytes = 0;
	join();
	memmove(out + hdr + big, out + hdr, out_len - hdr);
	memset(out + hdr, 0, big);
	out[hdr + 1] = 0x01; /* CPU 8 */
	d->cpu_set_size = big;
	out_len += big;
	assert_int_equal(check_out(), -WARDEN_EINVAL);
	expect_log("cpu_set_size 4104 exceeds the maximum of 4096 bytes");
}

static void test_cpu_set_empty(void **state)
{
	split(cell("apic-demo"));
	P.cpus[0] = 0;
	expect_reject(-WARDEN_EINVAL, "CPU set is empty");
}

static void test_cpu0_in_cell(void **state)
{
	split(cell("apic-demo"));
	P.cpus[0] = 0x9;
	expect_reject(-WARDEN_EINVAL, "CPU 0 is in the CPU set");
}

static void test_cell_flags_unknown(void **state)
{
	split(cell("apic-demo"));
	P.desc.flags |= JAILHOUSE_CELL_AARCH32;
	expect_reject(-WARDEN_EINVAL, "unknown cell flags 0x4");
}

static void test_test_device_without_comm(void **state)
{
	split(cell("tiny-demo"));
	P.nmem = 1;
	expect_reject(-WARDEN_EINVAL,
		      "cell flag TEST_DEVICE needs a comm region");
}

static void test_test_device_page_used(void **state)
{
	split(cell("tiny-demo"));
	P.mem[P.nmem] = P.mem[0];
	P.mem[P.nmem].phys_start = 0x3eeff000;
	P.mem[P.nmem].virt_start = 0x101000;
	P.mem[P.nmem].size = 0x1000;
	P.mem[0].size = 0xff000;
	P.nmem++;
	expect_reject(-WARDEN_EINVAL,
		      "memory region 2 (phys 0x3eeff000, virt 0x101000, size "
		      "0x1000) covers the TEST_DEVICE page at 0x101000");
}

static void test_mem_flags_unknown(void **state)
{
	split(cell("apic-demo"));
	P.mem[0].flags |= 0x200;
	expect_reject(-WARDEN_EINVAL, "memory region 0 (phys 0x3ef00000, virt "
				      "0x0, size 0x100000) has unknown flags "
				      "0x200");
}

static void test_mem_wraps(void **state)
{
	split(cell("apic-demo"));
	P.mem[0].phys_start = 0xfffffffffff00000ULL;
	P.mem[0].size = 0x200000;
	expect_reject(-WARDEN_EINVAL,
		      "wraps around the end of the address space");
}

static void test_mem_beyond_guest_limit(void **state)
{
	split(cell("apic-demo"));
	P.mem[0].virt_start = 1ULL << 48;
	expect_reject(-WARDEN_EINVAL,
		      "ends beyond the 48-bit guest-physical address space");
}

static void test_mem_subpage_not_io(void **state)
{
	split(cell("apic-demo"));
	P.mem[0].size = 0x100800;
	expect_reject(-WARDEN_EINVAL,
		      "memory region 0 (phys 0x3ef00000, virt 0x0, size "
		      "0x100800) is not page aligned (sub-page regions need "
		      "JAILHOUSE_MEM_IO)");
}

static void test_mem_subpage_io_ok(void **state)
{
	split(cell("apic-demo"));
	P.mem[P.nmem].phys_start = 0xfed00000;
	P.mem[P.nmem].virt_start = 0xfed00000;
	P.mem[P.nmem].size = 0x400;
	P.mem[P.nmem].flags =
		JAILHOUSE_MEM_READ | JAILHOUSE_MEM_IO | JAILHOUSE_MEM_IO_32;
	P.nmem++;
	expect_accept();
}

static void test_mem_phys_unaligned(void **state)
{
	split(cell("apic-demo"));
	P.mem[0].phys_start += 0x10;
	expect_reject(-WARDEN_EINVAL, "has a page-aligned guest address but "
				      "an unaligned physical one");
}

static void test_mem_io_flags_without_io(void **state)
{
	split(cell("apic-demo"));
	P.mem[0].flags |= JAILHOUSE_MEM_IO_16;
	expect_reject(-WARDEN_EINVAL, "has IO access-width flags 0x20000 but "
				      "is not an IO region");
}

static void test_mem_overlap(void **state)
{
	split(cell("apic-demo"));
	P.mem[2] = P.mem[0];
	P.mem[2].phys_start = 0x3a600000;
	P.mem[2].virt_start = 0x80000;
	P.nmem = 3;
	expect_reject(-WARDEN_EINVAL, "memory region 2 (phys 0x3a600000, virt "
				      "0x80000, size 0x100000) overlaps "
				      "region 0");
}

static void test_mem_placeholder_ignored(void **state)
{
	split(cell("apic-demo"));
	memset(&P.mem[2], 0, sizeof(P.mem[2]));
	P.mem[3] = P.mem[2];
	P.nmem = 4;
	expect_accept();
}

static void test_comm_region_size(void **state)
{
	split(cell("apic-demo"));
	P.mem[1].size = 0x2000;
	expect_reject(-WARDEN_EINVAL, "is a comm region but not exactly one "
				      "page (0x1000) long");
}

static void test_comm_region_twice(void **state)
{
	split(cell("apic-demo"));
	P.mem[2] = P.mem[1];
	P.mem[2].virt_start = 0x200000;
	P.nmem = 3;
	expect_reject(-WARDEN_EINVAL,
		      "is a second comm region (first: region 1)");
}

static void test_comm_region_io(void **state)
{
	split(cell("apic-demo"));
	P.mem[1].flags |= JAILHOUSE_MEM_IO;
	expect_reject(-WARDEN_EINVAL, "is both comm region and IO");
}

static void test_mem_maps_lapic(void **state)
{
	split(cell("apic-demo"));
	P.mem[2].phys_start = 0xfee00000;
	P.mem[2].virt_start = 0xfee00000;
	P.mem[2].size = 0x1000;
	P.mem[2].flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE;
	P.nmem = 3;
	expect_reject(-WARDEN_EINVAL, "maps the local APIC page at 0xfee00000");
}

static void test_mem_maps_msix_table(void **state)
{
	split(cell("linux-x86-demo"));
	P.pci[P.npci++] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.bdf = 0x0010,
		.caps_start = 0,
		.num_caps = 6,
		.num_msix_vectors = 5,
		.msix_region_size = 0x1000,
		.msix_address = 0xfebd0000,
	};
	P.mem[P.nmem++] = (struct jailhouse_memory){
		.phys_start = 0xfebd0000,
		.virt_start = 0xfebd0000,
		.size = 0x4000,
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE,
	};
	expect_reject(-WARDEN_EINVAL, "maps the MSI-X table of pci device 4 "
				      "(0000:00:02.0) at 0xfebd0000");
}

static void test_cache_type(void **state)
{
	split(cell("apic-demo"));
	P.cache[0].type = JAILHOUSE_CACHE_L3_CODE;
	expect_reject(-WARDEN_EINVAL, "cache region 0: type 1 is not supported "
				      "on x86 (only L3 = 3)");
}

static void test_cache_size_zero(void **state)
{
	split(cell("apic-demo"));
	P.cache[0].size = 0;
	expect_reject(-WARDEN_EINVAL, "cache region 0: size is 0");
}

static void test_cache_range(void **state)
{
	split(cell("apic-demo"));
	P.cache[0].start = 30;
	P.cache[0].size = 4;
	expect_reject(-WARDEN_EINVAL, "cache region 0: bits 30..33 exceed the "
				      "32-bit capacity bitmask");
}

static void test_cache_twice(void **state)
{
	split(cell("apic-demo"));
	P.cache[1] = P.cache[0];
	P.ncache = 2;
	expect_reject(-WARDEN_EINVAL, "cache region 1: only one cache region "
				      "per cell is supported on x86");
}

static void test_irqchip_pin_base(void **state)
{
	split(cell("linux-x86-demo"));
	P.irq[0].pin_base = 24;
	expect_reject(-WARDEN_EINVAL,
		      "irqchip 0 (0xfec00000): pin_base 24 must be 0 on x86");
}

static void test_irqchip_address(void **state)
{
	split(cell("linux-x86-demo"));
	P.irq[0].address = 0xfec00400;
	expect_reject(-WARDEN_EINVAL, "irqchip 0: address 0xfec00400 is not a "
				      "page-aligned physical address");
}

static void test_irqchip_duplicate(void **state)
{
	split(cell("linux-x86-demo"));
	P.irq[1] = P.irq[0];
	P.nirq = 2;
	expect_reject(-WARDEN_EINVAL,
		      "irqchip 1 (0xfec00000) duplicates irqchip 0");
}

static void test_irqchip_iommu_index(void **state)
{
	split(cell("linux-x86-demo"));
	P.irq[0].id = 0x8ff00;
	expect_reject(-WARDEN_EINVAL, "irqchip 0 (0xfec00000): IOMMU index 8 "
				      "(id bits 16..31) is out of range");
}

static void test_pio_length_zero(void **state)
{
	split(cell("apic-demo"));
	P.pio[1].length = 0;
	expect_reject(-WARDEN_EINVAL, "pio region 1 (0x3f8): length is 0");
}

static void test_pio_past_64k(void **state)
{
	split(cell("apic-demo"));
	P.pio[2].base = 0xfffc;
	expect_reject(-WARDEN_EINVAL, "pio region 2 (0xfffc, length 0x8) runs "
				      "past port 0xffff");
}

static void test_pci_type(void **state)
{
	split(cell("ivshmem-demo"));
	P.pci[0].type = 4;
	expect_reject(-WARDEN_EINVAL, "pci device 0 (0000:01:0e.0): unknown "
				      "type 4");
}

static void test_pci_caps_range(void **state)
{
	split(cell("linux-x86-demo"));
	P.pci[0].caps_start = 5;
	P.pci[0].num_caps = 5;
	expect_reject(-WARDEN_EINVAL, "pci device 0 (0000:01:0c.0): caps 5..9 "
				      "past the 6 capability entries");
}

static void test_pci_iommu_index(void **state)
{
	split(cell("ivshmem-demo"));
	P.pci[0].iommu = 8;
	expect_reject(-WARDEN_EINVAL, "pci device 0 (0000:01:0e.0): IOMMU "
				      "index 8 is out of range");
}

static void test_pci_msix_too_many(void **state)
{
	split(cell("apic-demo"));
	P.pci[P.npci++] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.bdf = 0x0010,
		.num_msix_vectors = 2049,
		.msix_region_size = 0xffff,
		.msix_address = 0xfebd0000,
	};
	expect_reject(-WARDEN_EINVAL, "2049 MSI-X vectors, MSI-X allows at "
				      "most 2048");
}

static void test_pci_msix_region(void **state)
{
	split(cell("apic-demo"));
	P.pci[P.npci++] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.bdf = 0x0010,
		.num_msix_vectors = 5,
		.msix_region_size = 0x40,
		.msix_address = 0xfebd0000,
	};
	expect_reject(-WARDEN_EINVAL, "MSI-X table of 5 vectors does not fit "
				      "msix_region_size 0x40");
}

static void test_pci_msi_too_many(void **state)
{
	split(cell("ivshmem-demo"));
	P.pci[0].num_msi_vectors = 33;
	expect_reject(-WARDEN_EINVAL, "33 MSI vectors, MSI allows at most 32");
}

static void test_pci_duplicate_bdf(void **state)
{
	split(cell("linux-x86-demo"));
	P.pci[3].bdf = P.pci[1].bdf;
	expect_reject(-WARDEN_EINVAL, "pci device 3 (0000:01:0d.0): same "
				      "device as pci device 1");
}

static void test_ivshmem_msix(void **state)
{
	split(cell("ivshmem-demo"));
	P.pci[0].num_msix_vectors = 17;
	expect_reject(-WARDEN_EINVAL, "ivshmem offers at most 16 MSI-X "
				      "vectors, not 17");
}

static void test_ivshmem_regions(void **state)
{
	split(cell("ivshmem-demo"));
	P.pci[0].shmem_regions_start = 3;
	expect_reject(-WARDEN_EINVAL, "ivshmem needs memory regions 3..7 "
				      "(state, r/w, 3 outputs) but the cell "
				      "has 7");
}

static void test_ivshmem_dev_id(void **state)
{
	split(cell("ivshmem-demo"));
	P.pci[0].shmem_dev_id = 3;
	expect_reject(-WARDEN_EINVAL,
		      "ivshmem shmem_dev_id 3 is not below shmem_peers 3");
}

static void test_ivshmem_peers(void **state)
{
	split(cell("ivshmem-demo"));
	P.pci[0].shmem_peers = 13;
	P.pci[0].shmem_regions_start = 0;
	expect_reject(-WARDEN_EINVAL, "ivshmem shmem_peers 13 not in 1..12");
}

static void test_ivshmem_state_table_empty(void **state)
{
	split(cell("ivshmem-demo"));
	P.mem[0].size = 0;
	expect_reject(-WARDEN_EINVAL, "ivshmem state table (memory region 0) "
				      "is empty");
}

static void test_ivshmem_gap_warns(void **state)
{
	split(cell("ivshmem-demo"));
	P.mem[1].virt_start += 0x1000;
	P.mem[1].phys_start += 0x1000;
	P.mem[1].size -= 0x1000;
	expect_accept();
	expect_log("warning: pci device 0 (0000:01:0e.0): ivshmem memory "
		   "region 1 starts at 0x3f0f2000, not at 0x3f0f1000");
}

static void test_cap_len_zero(void **state)
{
	split(cell("linux-x86-demo"));
	P.caps[3].len = 0;
	expect_reject(-WARDEN_EINVAL,
		      "pci capability 3 (id 0x11 at 0xa0): length is 0");
}

static void test_cap_past_config_space(void **state)
{
	split(cell("linux-x86-demo"));
	P.caps[5].start = 0xffe;
	expect_reject(-WARDEN_EINVAL, "pci capability 5 (id 0x8003 at 0xffe, "
				      "length 4) runs past the 4 KiB config "
				      "space");
}

static void test_cap_ext_below_0x100(void **state)
{
	split(cell("linux-x86-demo"));
	P.caps[4].start = 0xf0;
	expect_reject(-WARDEN_EINVAL, "pci capability 4 (id 0x8001 at 0xf0): "
				      "extended capabilities start at 0x100");
}

static void test_cap_std_past_0x100(void **state)
{
	split(cell("linux-x86-demo"));
	P.caps[2].start = 0xf0;
	expect_reject(-WARDEN_EINVAL, "pci capability 2 (id 0x10 at 0xf0, "
				      "length 20) is a standard capability "
				      "but extends past 0x100");
}

static void test_cap_flags(void **state)
{
	split(cell("linux-x86-demo"));
	P.caps[0].flags = 0x2;
	expect_reject(-WARDEN_EINVAL,
		      "pci capability 0 (id 0x1 at 0xc8): unknown flags 0x2");
}

static void test_stream_ids_on_x86(void **state)
{
	split(cell("apic-demo"));
	P.streams[0] = 1;
	P.nstreams = 1;
	expect_reject(-WARDEN_EINVAL,
		      "1 stream IDs given; stream IDs exist on ARM only");
}

static void test_cell_console_type(void **state)
{
	split(cell("apic-demo"));
	P.desc.console.type = JAILHOUSE_CON_TYPE_EFIFB;
	expect_reject(-WARDEN_EINVAL, "cell console type 1 is not supported "
				      "on x86 (use NONE or 8250)");
}

static void test_cell_console_flags(void **state)
{
	split(cell("apic-demo"));
	P.desc.console.flags = JAILHOUSE_CON_FB_1920x1080;
	expect_reject(-WARDEN_EINVAL, "cell console has unknown or "
				      "inapplicable flags 0x4");
}

static void test_cell_console_ports(void **state)
{
	split(cell("apic-demo"));
	P.desc.console.address = 0xfffa;
	expect_reject(-WARDEN_EINVAL, "cell console I/O ports 0xfffa+8 run "
				      "past port 0xffff");
}

static void test_cell_console_not_in_pio_warns(void **state)
{
	split(cell("apic-demo"));
	P.desc.console.address = 0x2e8;
	expect_accept();
	expect_log("warning: cell console ports 0x2e8+8 are not in the cell's "
		   "pio regions");
}

static void test_reset_address_warns(void **state)
{
	split(cell("apic-demo"));
	P.desc.cpu_reset_address = 0x300000;
	expect_accept();
	expect_log("warning: cpu_reset_address 0x300000 is not in an "
		   "executable memory region");
}

/* ---- malformed system configs ------------------------------------------ */

static void test_sys_too_short(void **state)
{
	const struct blob *b = cell("qemu-x86");

	log_reset();
	assert_int_equal(config_check_system(b->data, 400, collect, NULL),
			 -WARDEN_EINVAL);
	expect_log("config is 400 bytes, shorter than the 488-byte system "
		   "header");
}

static void test_sys_truncated(void **state)
{
	const struct blob *b = cell("qemu-x86");

	log_reset();
	assert_int_equal(config_check_system(b->data, 2000, collect, NULL),
			 -WARDEN_EINVAL);
	expect_log("header describes 2108 bytes, but the config is only 2000 "
		   "bytes long");
}

static void test_sys_is_cell(void **state)
{
	const struct blob *b = cell("apic-demo");

	log_reset();
	memcpy(out, b->data, b->len);
	memset(out + b->len, 0, 488);
	assert_int_equal(config_check_system(out, b->len + 488, collect, NULL),
			 -WARDEN_EINVAL);
	expect_log("signature is JHCLL: this is a cell config");
}

static void test_sys_bad_revision(void **state)
{
	split(cell("qemu-x86"));
	sys_head()->revision = 12;
	expect_reject(-WARDEN_EINVAL, "config revision 12, expected 14");
}

static void test_sys_bad_arch(void **state)
{
	split(cell("qemu-x86"));
	sys_head()->architecture = JAILHOUSE_ARM;
	expect_reject(-WARDEN_EINVAL, "architecture 1 is not x86 (0)");
}

/* upstream leaves the embedded root descriptor's header zero */
static void test_root_header_not_checked(void **state)
{
	split(cell("qemu-x86"));
	memcpy(P.desc.signature, "XXXXX", 5);
	P.desc.revision = 99;
	expect_accept();
}

static void test_sys_flags_unknown(void **state)
{
	split(cell("qemu-x86"));
	sys_head()->flags |= 0x2;
	expect_reject(-WARDEN_EINVAL, "unknown system flags 0x2");
}

static void test_hv_mem_empty(void **state)
{
	split(cell("qemu-x86"));
	sys_head()->hypervisor_memory.size = 0;
	expect_reject(-WARDEN_EINVAL, "hypervisor memory is empty");
}

static void test_hv_mem_unaligned(void **state)
{
	split(cell("qemu-x86"));
	sys_head()->hypervisor_memory.size = 0x600800;
	expect_reject(-WARDEN_EINVAL, "hypervisor memory 0x3a000000 size "
				      "0x600800 is not page aligned");
}

static void test_root_mem_overlaps_hv(void **state)
{
	split(cell("qemu-x86"));
	P.mem[17].size = 0x3a001000;
	expect_reject(-WARDEN_EINVAL,
		      "memory region 17 (phys 0x0, size 0x3a001000) overlaps "
		      "the hypervisor memory 0x3a000000-0x3a5fffff");
}

static void test_root_mem_not_identity(void **state)
{
	split(cell("qemu-x86"));
	P.mem[28].virt_start = 0xfed10000;
	expect_reject(-WARDEN_EINVAL, "has virt 0xfed10000 != phys; the root "
				      "cell is identity mapped");
}

static void test_root_comm_region(void **state)
{
	split(cell("qemu-x86"));
	P.mem[P.nmem++] = (struct jailhouse_memory){
		.phys_start = 0x40000000,
		.virt_start = 0x40000000,
		.size = 0x1000,
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_COMM_REGION,
	};
	expect_reject(-WARDEN_EINVAL, "is a comm region; the root cell has "
				      "none");
}

static void test_root_without_cpu0(void **state)
{
	split(cell("qemu-x86"));
	P.cpus[0] = 0xe;
	expect_reject(-WARDEN_EINVAL,
		      "root cell does not contain CPU 0 (the boot CPU)");
}

static void test_root_maps_mmconfig(void **state)
{
	split(cell("qemu-x86"));
	P.mem[P.nmem++] = (struct jailhouse_memory){
		.phys_start = 0xbff00000,
		.virt_start = 0xbff00000,
		.size = 0x100000,
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE,
	};
	expect_reject(-WARDEN_EINVAL,
		      "maps the MMCONFIG window 0xb0000000-0xbfffffff");
}

static void test_root_maps_ioapic(void **state)
{
	split(cell("qemu-x86"));
	P.mem[28].phys_start = P.mem[28].virt_start = 0xfec00000;
	expect_reject(-WARDEN_EINVAL, "maps the page of irqchip 0 "
				      "(0xfec00000), which is emulated");
}

static void test_root_maps_msix_table(void **state)
{
	split(cell("qemu-x86"));
	P.mem[25].phys_start = P.mem[25].virt_start = 0xfebd0000;
	expect_reject(-WARDEN_EINVAL, "maps the MSI-X table of pci device 1 "
				      "(0000:00:02.0) at 0xfebd0000");
}

static void test_sys_console_type(void **state)
{
	split(cell("qemu-x86"));
	sys_head()->debug_console.type = JAILHOUSE_CON_TYPE_PL011;
	expect_reject(-WARDEN_EINVAL, "debug console type 3 is not supported "
				      "on x86 (use NONE, EFIFB or 8250)");
}

static void test_sys_console_efifb_mmio(void **state)
{
	split(cell("qemu-x86"));
	sys_head()->debug_console.type = JAILHOUSE_CON_TYPE_EFIFB;
	sys_head()->debug_console.address = 0xfd000000;
	sys_head()->debug_console.size = 0x300000;
	expect_reject(-WARDEN_EINVAL, "debug console is an EFI framebuffer but "
				      "lacks the MMIO flag");
	sys_head()->debug_console.flags = JAILHOUSE_CON_ACCESS_MMIO;
	expect_accept();
}

static void test_sys_console_in_root_pio_warns(void **state)
{
	split(cell("qemu-x86"));
	P.pio[P.npio++] = (struct jailhouse_pio)PIO_RANGE(0x3f8, 8);
	expect_accept();
	expect_log("warning: debug console ports 0x3f8+8 are also in root pio "
		   "region 21");
}

static void test_mmconfig_unaligned(void **state)
{
	split(cell("qemu-x86"));
	sys_head()->platform_info.pci_mmconfig_base = 0xb0080000;
	expect_reject(-WARDEN_EINVAL,
		      "pci_mmconfig_base 0xb0080000 is not 1 MiB aligned");
}

static void test_pci_is_virtual(void **state)
{
	split(cell("qemu-x86"));
	sys_head()->platform_info.pci_is_virtual = 1;
	expect_reject(-WARDEN_EINVAL, "pci_is_virtual is not supported on x86");
}

static void test_iommu_type(void **state)
{
	split(cell("qemu-x86"));
	sys_head()->platform_info.iommu_units[0].type = JAILHOUSE_IOMMU_SMMUV3;
	sys_head()->platform_info.iommu_units[0].base = 0xfed90000;
	sys_head()->platform_info.iommu_units[0].size = 0x1000;
	expect_reject(-WARDEN_EINVAL, "iommu unit 0: type 3 is not an x86 "
				      "IOMMU (1 AMD, 2 Intel)");
}

static void test_iommu_unused_not_zero(void **state)
{
	split(cell("qemu-x86"));
	sys_head()->platform_info.iommu_units[3].base = 0xfed90000;
	expect_reject(-WARDEN_EINVAL,
		      "iommu unit 3 is unused (type 0) but not all zero");
}

static void test_iommu_gap(void **state)
{
	split(cell("qemu-x86"));
	sys_head()->platform_info.iommu_units[1].type = JAILHOUSE_IOMMU_INTEL;
	sys_head()->platform_info.iommu_units[1].base = 0xfed90000;
	sys_head()->platform_info.iommu_units[1].size = 0x1000;
	expect_reject(-WARDEN_EINVAL, "iommu unit 1 follows unused unit 0; "
				      "units must be contiguous");
}

static void test_iommu_window(void **state)
{
	split(cell("qemu-x86"));
	sys_head()->platform_info.iommu_units[0].type = JAILHOUSE_IOMMU_INTEL;
	sys_head()->platform_info.iommu_units[0].base = 0xfed90800;
	sys_head()->platform_info.iommu_units[0].size = 0x1000;
	expect_reject(-WARDEN_EINVAL, "iommu unit 0: register window "
				      "0xfed90800 size 0x1000 is invalid");
}

static void test_iommu_mixed(void **state)
{
	struct jailhouse_iommu *u;

	split(cell("qemu-x86"));
	u = sys_head()->platform_info.iommu_units;
	u[0].type = JAILHOUSE_IOMMU_INTEL;
	u[0].base = 0xfed90000;
	u[0].size = 0x1000;
	u[1] = u[0];
	u[1].type = JAILHOUSE_IOMMU_AMD;
	u[1].base = 0xfed91000;
	expect_reject(-WARDEN_EINVAL,
		      "iommu unit 1: AMD and Intel units mixed");
}

/* with IOMMU units present, references must name a used one */
static void test_pci_iommu_unused_unit(void **state)
{
	struct jailhouse_iommu *u;

	split(cell("qemu-x86"));
	u = sys_head()->platform_info.iommu_units;
	u[0].type = JAILHOUSE_IOMMU_INTEL;
	u[0].base = 0xfed90000;
	u[0].size = 0x1000;
	P.pci[3].iommu = 1;
	expect_reject(-WARDEN_EINVAL, "pci device 3 (0000:00:1f.2): IOMMU "
				      "index 1 names an unused IOMMU unit");
}

static void test_root_maps_iommu_warns(void **state)
{
	struct jailhouse_iommu *u;

	split(cell("qemu-x86"));
	u = sys_head()->platform_info.iommu_units;
	u[0].type = JAILHOUSE_IOMMU_INTEL;
	u[0].base = 0xfed00000;
	u[0].size = 0x1000;
	expect_accept();
	expect_log("warning: memory region 28 (phys 0xfed00000, size 0x1000) "
		   "covers iommu unit 0 registers");
}

static void test_apic_mode(void **state)
{
	split(cell("qemu-x86"));
	sys_head()->platform_info.x86.apic_mode = 3;
	expect_reject(-WARDEN_EINVAL, "apic_mode 3 is not AUTO (0), XAPIC (1) "
				      "or X2APIC (2)");
}

static void test_pm_timer_range(void **state)
{
	split(cell("qemu-x86"));
	sys_head()->platform_info.x86.pm_timer_address = 0xfffe;
	expect_reject(-WARDEN_EINVAL, "pm_timer_address 0xfffe: the 4 timer "
				      "ports run past 0xffff");
}

static void test_platform_reserved(void **state)
{
	split(cell("qemu-x86"));
	P.head[340] = 1;
	expect_reject(-WARDEN_EINVAL, "reserved platform bytes (ARM fields) at "
				      "offset 340 are not zero");
}

/* ---- cell against system ----------------------------------------------- */

static void test_cell_name_is_root(void **state)
{
	split(cell("apic-demo"));
	strcpy(P.desc.name, "QEMU-VM");
	join();
	assert_int_equal(check_in_system(cell("qemu-x86")), -WARDEN_EEXIST);
	expect_log("cell name 'QEMU-VM' is the root cell's name");
}

static void test_cell_cpu_not_in_root(void **state)
{
	split(cell("apic-demo"));
	P.cpus[0] = 0x18;
	join();
	assert_int_equal(check_in_system(cell("qemu-x86")), -WARDEN_EBUSY);
	expect_log("CPU 4 is not in the root cell's CPU set");
}

static void test_cell_mem_not_in_root(void **state)
{
	split(cell("apic-demo"));
	P.mem[0].phys_start = 0x40000000;
	join();
	assert_int_equal(check_in_system(cell("qemu-x86")), -WARDEN_EINVAL);
	expect_log("memory region 0 (phys 0x40000000, virt 0x0, size 0x100000) "
		   "is not inside the root cell's memory regions");
}

/* spanning two adjacent root regions is fine (union coverage) */
static void test_cell_mem_spans_root_regions(void **state)
{
	split(cell("apic-demo"));
	P.mem[0].phys_start = 0x3ef00000;
	P.mem[0].size = 0x200000; /* inmate RAM + ivshmem state table... */
	P.mem[0].flags = JAILHOUSE_MEM_READ;
	P.mem[1].virt_start = 0x300000;
	join();
	assert_int_equal(check_in_system(cell("qemu-x86")), 0);
}

static void test_cell_mem_overlaps_hv(void **state)
{
	split(cell("apic-demo"));
	P.mem[0].phys_start = 0x3a500000;
	join();
	assert_int_equal(check_in_system(cell("qemu-x86")), -WARDEN_EINVAL);
	expect_log("memory region 0 (phys 0x3a500000, virt 0x0, size 0x100000) "
		   "overlaps the hypervisor memory 0x3a000000-0x3a5fffff");
}

static void test_cell_maps_ioapic(void **state)
{
	split(cell("apic-demo"));
	P.mem[P.nmem++] = (struct jailhouse_memory){
		.phys_start = 0xfec00000,
		.virt_start = 0xfec00000,
		.size = 0x1000,
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE,
	};
	join();
	assert_int_equal(check_in_system(cell("qemu-x86")), -WARDEN_EINVAL);
	expect_log("maps the IOAPIC page at 0xfec00000, which is emulated");
}

static void test_cell_pci_not_in_root(void **state)
{
	split(cell("apic-demo"));
	P.pci[P.npci++] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.bdf = 0x00d8,
	};
	join();
	assert_int_equal(check_in_system(cell("qemu-x86")), -WARDEN_EINVAL);
	expect_log("pci device 0 (0000:00:1b.0) is not in the root cell's "
		   "device list");
}

static void test_cell_pci_type_mismatch(void **state)
{
	split(cell("ivshmem-demo"));
	P.pci[0].bdf = 0x00fa; /* AHCI in the root cell */
	join();
	assert_int_equal(check_in_system(cell("qemu-x86")), -WARDEN_EINVAL);
	expect_log("pci device 0 (0000:00:1f.2) has type 3, but cell 'QEMU-VM' "
		   "has type 1 there");
}

static void test_cell_ivshmem_id_taken(void **state)
{
	split(cell("ivshmem-demo"));
	P.pci[0].shmem_dev_id = 0;
	P.mem[2].flags |= JAILHOUSE_MEM_WRITE;
	P.mem[3].flags &= ~(__u64)JAILHOUSE_MEM_WRITE;
	join();
	assert_int_equal(check_in_system(cell("qemu-x86")), -WARDEN_EBUSY);
	expect_log("ivshmem peer ID 0 is already taken by cell 'QEMU-VM'");
}

static void test_cell_irqchip_not_in_root(void **state)
{
	split(cell("linux-x86-demo"));
	P.irq[0].address = 0xfec01000;
	join();
	assert_int_equal(check_in_system(cell("qemu-x86")), -WARDEN_EINVAL);
	expect_log("irqchip 0 (0xfec01000) is not an irqchip of the root cell");
}

static void test_cell_pins_not_in_root(void **state)
{
	split(cell("linux-x86-demo"));
	P.irq[0].pin_bitmap[0] |= 1u << 30;
	join();
	assert_int_equal(check_in_system(cell("qemu-x86")), -WARDEN_EINVAL);
	expect_log("irqchip 0 (0xfec00000): pins 0x40000000 of 0..31 are not "
		   "the root cell's");
}

static void test_cell_pio_not_in_root_warns(void **state)
{
	split(cell("apic-demo"));
	join();
	assert_int_equal(check_in_system(cell("qemu-x86")), 0);
	expect_log("warning: pio region 2 (0xe010, length 0x8) is not entirely "
		   "in the root cell's pio regions");
	/* COM1 is lent by the hypervisor on purpose: no message */
	assert_null(strstr(log_buf, "pio region 1 "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_built_configs_valid),
		cmocka_unit_test(test_built_sizes),
		cmocka_unit_test(test_expected_sizes),
		cmocka_unit_test(test_demo_cells_fit_system),
		cmocka_unit_test(test_pair_compatible),
		cmocka_unit_test(test_pair_cpu_and_ram),
		cmocka_unit_test(test_pair_shared_memory),
		cmocka_unit_test(test_pair_same_name),
		cmocka_unit_test(test_pair_ivshmem_id),
		cmocka_unit_test(test_pair_pins),
		cmocka_unit_test(test_pair_pci_device),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_report_limit),

		cmocka_unit_test(test_cell_too_short),
		cmocka_unit_test(test_cell_truncated),
		cmocka_unit_test(test_cell_too_big),
		cmocka_unit_test(test_cell_bad_signature),
		cmocka_unit_test(test_cell_is_system),
		cmocka_unit_test(test_cell_bad_arch),
		cmocka_unit_test(test_cell_bad_revision),
		cmocka_unit_test(test_name_empty),
		cmocka_unit_test(test_name_unterminated),
		cmocka_unit_test(test_name_unprintable_warns),
		cmocka_unit_test(test_cpu_set_size_unaligned),
		cmocka_unit_test(test_cpu_set_size_too_big),
		cmocka_unit_test(test_cpu_set_empty),
		cmocka_unit_test(test_cpu0_in_cell),
		cmocka_unit_test(test_cell_flags_unknown),
		cmocka_unit_test(test_test_device_without_comm),
		cmocka_unit_test(test_test_device_page_used),
		cmocka_unit_test(test_mem_flags_unknown),
		cmocka_unit_test(test_mem_wraps),
		cmocka_unit_test(test_mem_beyond_guest_limit),
		cmocka_unit_test(test_mem_subpage_not_io),
		cmocka_unit_test(test_mem_subpage_io_ok),
		cmocka_unit_test(test_mem_phys_unaligned),
		cmocka_unit_test(test_mem_io_flags_without_io),
		cmocka_unit_test(test_mem_overlap),
		cmocka_unit_test(test_mem_placeholder_ignored),
		cmocka_unit_test(test_comm_region_size),
		cmocka_unit_test(test_comm_region_twice),
		cmocka_unit_test(test_comm_region_io),
		cmocka_unit_test(test_mem_maps_lapic),
		cmocka_unit_test(test_mem_maps_msix_table),
		cmocka_unit_test(test_cache_type),
		cmocka_unit_test(test_cache_size_zero),
		cmocka_unit_test(test_cache_range),
		cmocka_unit_test(test_cache_twice),
		cmocka_unit_test(test_irqchip_pin_base),
		cmocka_unit_test(test_irqchip_address),
		cmocka_unit_test(test_irqchip_duplicate),
		cmocka_unit_test(test_irqchip_iommu_index),
		cmocka_unit_test(test_pio_length_zero),
		cmocka_unit_test(test_pio_past_64k),
		cmocka_unit_test(test_pci_type),
		cmocka_unit_test(test_pci_caps_range),
		cmocka_unit_test(test_pci_iommu_index),
		cmocka_unit_test(test_pci_msix_too_many),
		cmocka_unit_test(test_pci_msix_region),
		cmocka_unit_test(test_pci_msi_too_many),
		cmocka_unit_test(test_pci_duplicate_bdf),
		cmocka_unit_test(test_ivshmem_msix),
		cmocka_unit_test(test_ivshmem_regions),
		cmocka_unit_test(test_ivshmem_dev_id),
		cmocka_unit_test(test_ivshmem_peers),
		cmocka_unit_test(test_ivshmem_state_table_empty),
		cmocka_unit_test(test_ivshmem_gap_warns),
		cmocka_unit_test(test_cap_len_zero),
		cmocka_unit_test(test_cap_past_config_space),
		cmocka_unit_test(test_cap_ext_below_0x100),
		cmocka_unit_test(test_cap_std_past_0x100),
		cmocka_unit_test(test_cap_flags),
		cmocka_unit_test(test_stream_ids_on_x86),
		cmocka_unit_test(test_cell_console_type),
		cmocka_unit_test(test_cell_console_flags),
		cmocka_unit_test(test_cell_console_ports),
		cmocka_unit_test(test_cell_console_not_in_pio_warns),
		cmocka_unit_test(test_reset_address_warns),

		cmocka_unit_test(test_sys_too_short),
		cmocka_unit_test(test_sys_truncated),
		cmocka_unit_test(test_sys_is_cell),
		cmocka_unit_test(test_sys_bad_revision),
		cmocka_unit_test(test_sys_bad_arch),
		cmocka_unit_test(test_root_header_not_checked),
		cmocka_unit_test(test_sys_flags_unknown),
		cmocka_unit_test(test_hv_mem_empty),
		cmocka_unit_test(test_hv_mem_unaligned),
		cmocka_unit_test(test_root_mem_overlaps_hv),
		cmocka_unit_test(test_root_mem_not_identity),
		cmocka_unit_test(test_root_comm_region),
		cmocka_unit_test(test_root_without_cpu0),
		cmocka_unit_test(test_root_maps_mmconfig),
		cmocka_unit_test(test_root_maps_ioapic),
		cmocka_unit_test(test_root_maps_msix_table),
		cmocka_unit_test(test_sys_console_type),
		cmocka_unit_test(test_sys_console_efifb_mmio),
		cmocka_unit_test(test_sys_console_in_root_pio_warns),
		cmocka_unit_test(test_mmconfig_unaligned),
		cmocka_unit_test(test_pci_is_virtual),
		cmocka_unit_test(test_iommu_type),
		cmocka_unit_test(test_iommu_unused_not_zero),
		cmocka_unit_test(test_iommu_gap),
		cmocka_unit_test(test_iommu_window),
		cmocka_unit_test(test_iommu_mixed),
		cmocka_unit_test(test_pci_iommu_unused_unit),
		cmocka_unit_test(test_root_maps_iommu_warns),
		cmocka_unit_test(test_apic_mode),
		cmocka_unit_test(test_pm_timer_range),
		cmocka_unit_test(test_platform_reserved),

		cmocka_unit_test(test_cell_name_is_root),
		cmocka_unit_test(test_cell_cpu_not_in_root),
		cmocka_unit_test(test_cell_mem_not_in_root),
		cmocka_unit_test(test_cell_mem_spans_root_regions),
		cmocka_unit_test(test_cell_mem_overlaps_hv),
		cmocka_unit_test(test_cell_maps_ioapic),
		cmocka_unit_test(test_cell_pci_not_in_root),
		cmocka_unit_test(test_cell_pci_type_mismatch),
		cmocka_unit_test(test_cell_ivshmem_id_taken),
		cmocka_unit_test(test_cell_irqchip_not_in_root),
		cmocka_unit_test(test_cell_pins_not_in_root),
		cmocka_unit_test(test_cell_pio_not_in_root_warns),
	};

	return cmocka_run_group_tests(tests, load_cells, NULL);
}
