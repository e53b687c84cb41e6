/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Validation of Jailhouse system and cell configurations.
 *
 * One library for every user: the hypervisor (freestanding, for the linked
 * system config and for each CELL_CREATE), the jailhouse command ("config
 * check"), the unit tests and the fuzzer. Configs are hostile input: every
 * function here reads only inside the buffer it is given, allocates
 * nothing, and names the offending entry in each message.
 *
 * Messages go to a caller-supplied printf-style callback. Formats use only
 * %s %c %d %u %x %llx (with width, zero padding and '#'), which is what
 * the hypervisor's formatter implements. A message never ends in a newline
 * and carries no file name or "error:" prefix; the callback adds those.
 * At most CFG_MAX_REPORTS messages are passed per call, so a hostile
 * config cannot flood a slow serial console.
 *
 * report may be NULL (no messages, result only).
 *
 * Every check function returns 0 when there was no error (warnings do not
 * count) or the negative errno of the first error found, and keeps
 * checking after an error so that all problems are reported at once.
 *
 * The checks say nothing about a buffer that changes afterwards: the
 * hypervisor must copy a config out of cell memory first and then check
 * and use only its copy.
 */
#ifndef WARDEN_CONFIG_CHECK_H
#define WARDEN_CONFIG_CHECK_H

#include <stddef.h>

/* Linux errno values, as the Jailhouse ABI returns them (negated). */
#ifndef WARDEN_EPERM
#define WARDEN_EPERM 1
#define WARDEN_ENOENT 2
#define WARDEN_EINTR 4
#define WARDEN_EIO 5
#define WARDEN_E2BIG 7
#define WARDEN_EAGAIN 11
#define WARDEN_ENOMEM 12
#define WARDEN_EFAULT 14
#define WARDEN_EBUSY 16
#define WARDEN_EEXIST 17
#define WARDEN_ENODEV 19
#define WARDEN_EINVAL 22
#define WARDEN_ERANGE 34
#define WARDEN_ENOSYS 38
#endif

/* Largest config accepted: 16 pages, as upstream's CELL_CREATE enforces. */
#define CFG_MAX_SIZE 0x10000
/* Largest cpu_set_size accepted (bytes; 32768 CPUs). */
#define CFG_MAX_CPU_SET_SIZE 4096
/* Messages passed to the callback per check call, see above. */
#define CFG_MAX_REPORTS 32

enum cfg_severity {
	/* the config must be rejected */
	CFG_ERROR,
	/* accepted, but probably not what the author meant */
	CFG_WARNING,
};

typedef void (*cfg_report_fn)(void *ctx, enum cfg_severity severity,
			      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Size the descriptor at the start of buf describes, computed without
 * overflow. Returns 0 and sets *size; -EINVAL if buf is shorter than the
 * descriptor; -E2BIG if the described size exceeds CFG_MAX_SIZE. Nothing
 * else is checked (not even the signature).
 */
int config_cell_size(const void *buf, size_t len, size_t *size);
int config_system_size(const void *buf, size_t len, size_t *size);

/*
 * A system configuration (JHSYS) and its root cell. len is the number of
 * readable bytes at buf; the described size must fit in it (bytes beyond it
 * are ignored).
 */
int config_check_system(const void *buf, size_t len, cfg_report_fn report,
			void *ctx);

/* A non-root cell configuration (JHCLL) on its own. */
int config_check_cell(const void *buf, size_t len, cfg_report_fn report,
		      void *ctx);

/*
 * A non-root cell against the system it is meant for: its resources must be
 * the root cell's to give (CPUs, memory, PCI devices, IOAPIC pins), must not
 * touch the hypervisor's memory or what the hypervisor emulates, and its
 * name must differ from the root cell's. Both configs should have passed
 * their own checks; if either is structurally broken this returns -EINVAL
 * after one message.
 */
int config_check_cell_in_system(const void *cell, size_t cell_len,
				const void *system, size_t system_len,
				cfg_report_fn report, void *ctx);

/*
 * Two non-root cells that are to run at the same time: exclusive resources
 * (CPUs, memory not shared through ROOTSHARED, PCI devices, ivshmem peer
 * IDs, IOAPIC pins) must not be claimed by both, and the names must differ.
 * Messages speak from the point of view of cell b ("... also assigned to
 * cell 'a'").
 */
int config_check_cell_pair(const void *a, size_t a_len, const void *b,
			   size_t b_len, cfg_report_fn report, void *ctx);

#endif /* !WARDEN_CONFIG_CHECK_H */
