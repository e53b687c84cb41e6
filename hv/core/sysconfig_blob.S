/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The system configuration linked into the image (make SYSTEM=name picks
 * cells/name.c): the raw .cell bytes, exactly as `jailhouse enable` would
 * pass them.
 */
	.section .rodata
	.balign 8
	.globl system_config_linked
system_config_linked:
	.incbin SYSTEM_CONFIG_FILE
	.globl system_config_linked_end
system_config_linked_end:
