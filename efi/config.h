/* SPDX-License-Identifier: GPL-2.0 */
/*
 * warden.cfg: the text configuration of the warden.efi loader (format in
 * docs/uefi.md). The parser is plain C without firmware calls, shared by
 * the loader and a host unit test.
 */
#ifndef WARDEN_EFI_CONFIG_H
#define WARDEN_EFI_CONFIG_H

#include <stddef.h>

#include <warden/boot_info.h>

/* Longest line, in bytes, without its line ending. */
#define CFG_LINE_MAX 512
/* Longest path, in bytes, without the NUL. */
#define CFG_PATH_MAX 255
/* Largest configuration file read. */
#define CFG_FILE_MAX (64 * 1024)
#define CFG_MAX_MODULES BOOT_MAX_MODULES

#define CFG_DEFAULT_PATH "\\EFI\\warden\\warden.cfg"
#define CFG_DEFAULT_HYPERVISOR "\\EFI\\warden\\warden.bin"

/* What a file line becomes: one multiboot2 module role each. */
enum cfg_role {
	CFG_LINUX, /* key "kernel", module role "linux" */
	CFG_INITRD,
	CFG_SYSTEM_CONFIG,
	CFG_CELL,
	CFG_INMATE,
};

struct cfg_module {
	enum cfg_role role;
	unsigned int line; /* where it was configured, for messages */
	char path[CFG_PATH_MAX + 1]; /* on the ESP, '\' separated */
	/* The multiboot2 module string: role word, then the arguments. */
	char string[BOOT_MODULE_STRING_LEN];
};

struct warden_cfg {
	char hypervisor[CFG_PATH_MAX + 1];
	char options[BOOT_CMDLINE_LEN]; /* the hypervisor command line */
	unsigned int num_modules;
	struct cfg_module modules[CFG_MAX_MODULES]; /* in file order */
};

/*
 * Parse the len bytes at text (not NUL-terminated) into cfg. Returns 0, or
 * -1 with a message in err ("line 3: ..." when a line is at fault).
 */
int cfg_parse(const char *text, size_t len, struct warden_cfg *cfg, char *err,
	      size_t err_len);

/* The configuration key of a role ("kernel" for CFG_LINUX). */
const char *cfg_key_name(enum cfg_role role);

#endif /* WARDEN_EFI_CONFIG_H */
