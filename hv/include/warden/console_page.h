/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor console ring, laid out as the Jailhouse console page
 * (ABI spec section 4.5): the root cell's driver copies it to userspace.
 */
#ifndef WARDEN_CONSOLE_PAGE_H
#define WARDEN_CONSOLE_PAGE_H

#include <stdint.h>

#define CONSOLE_PAGE_CONTENT 2048

struct console_page {
	volatile uint32_t busy; /* non-zero while an update is in progress */
	volatile uint32_t tail; /* characters ever written, wraps at 2^32 */
	char content[CONSOLE_PAGE_CONTENT]; /* char k at k % size */
};

#endif /* WARDEN_CONSOLE_PAGE_H */
