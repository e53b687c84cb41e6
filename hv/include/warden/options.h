/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypervisor command-line options (the words after the image on GRUB's
 * multiboot2 line). Documented in docs/hypervisor-options.md.
 */
#ifndef WARDEN_OPTIONS_H
#define WARDEN_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

enum console_choice {
	CONSOLE_DEFAULT, /* what the system configuration says */
	CONSOLE_NONE,
	CONSOLE_UART,
	CONSOLE_EFIFB, /* the boot loader's (UEFI GOP) framebuffer */
};

enum debug_trap {
	DEBUG_TRAP_NONE,
	DEBUG_TRAP_UD, /* invalid opcode */
	DEBUG_TRAP_PF, /* page fault on an unmapped address */
	DEBUG_TRAP_DE, /* divide error */
	DEBUG_TRAP_GP, /* general protection (non-canonical access) */
};

struct hv_options {
	enum console_choice console;
	uint16_t console_port; /* CONSOLE_UART */
	enum debug_trap debug_trap;
};

/*
 * Parse @cmdline into @opts (defaults first). Returns 0, or a negative
 * value with a message naming the bad option in @err. Unknown option
 * names are errors too: a typo must not silently change behaviour.
 */
int options_parse(const char *cmdline, struct hv_options *opts, char *err,
		  size_t err_len);

#endif /* WARDEN_OPTIONS_H */
