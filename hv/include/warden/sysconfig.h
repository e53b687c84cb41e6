/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WARDEN_SYSCONFIG_H
#define WARDEN_SYSCONFIG_H

#include <stddef.h>
#include <jailhouse/cell-config.h>
#include <warden/boot_info.h>
#include <warden/platform_check.h>

struct sysconfig {
	const struct jailhouse_system *system; /* copy in hypervisor memory */
	size_t size;
	struct mem_window inmate_window;
};

/*
 * Take the system configuration (a `system-config` boot module, else the
 * one linked into the image), copy it into hypervisor memory, validate it
 * and check it against this machine. On any error the reasons are printed
 * and the boot stops: running on a config that does not fit the machine
 * would hand out memory or devices that are not there or not ours.
 */
void sysconfig_load(const struct boot_info *bi, struct sysconfig *out);

/* One screen: what the configuration partitions, as loaded. */
void sysconfig_print_summary(const struct sysconfig *sc);

#endif /* WARDEN_SYSCONFIG_H */
