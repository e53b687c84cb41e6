/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boot-module roles. A module's string starts with its role word; the rest
 * is the role's argument (e.g. "linux console=ttyS2 quiet").
 */
#ifndef WARDEN_MODULES_H
#define WARDEN_MODULES_H

#include <warden/boot_info.h>

enum module_role {
	MODULE_UNKNOWN,
	MODULE_LINUX, /* root-cell kernel (bzImage); args = its command line */
	MODULE_INITRD, /* root-cell initramfs */
	MODULE_SYSTEM_CONFIG, /* replaces the linked-in system configuration */
	MODULE_CELL, /* a cell configuration started before Linux */
	MODULE_INMATE, /* image for the preceding cell; args = load options */
};

/* Role of @string; *@args points at what follows the role word. */
enum module_role module_role(const char *string, const char **args);

const char *module_role_name(enum module_role role);

/* First module with @role, or NULL. */
const struct boot_module *module_find(const struct boot_info *bi,
				      enum module_role role);

#endif /* WARDEN_MODULES_H */
