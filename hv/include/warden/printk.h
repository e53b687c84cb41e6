/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WARDEN_PRINTK_H
#define WARDEN_PRINTK_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <warden/boot_info.h>

/* Longest line printk formats in one piece; longer output is cut. */
#define PRINTK_LINE_MAX 256

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
void __attribute__((noreturn, format(printf, 1, 2)))
panic(const char *fmt, ...);

/* Select the UART printk writes to (port 0: ring buffer only). */
void console_use_uart(uint16_t port, uint32_t divider);

/*
 * Also print on the framebuffer @fb, which must lie in the low 4 GiB (the
 * part both the early identity map and the direct map cover). Clears the
 * screen and shows what the console ring holds. Returns 0, or -1 with the
 * reason in @err if @fb has a format the console does not draw.
 */
int console_use_fb(const struct boot_framebuffer *fb, char *err,
		   size_t err_len);

/* A key pressed on the debug UART, or -1. */
int console_getc(void);

/* Before a fatal report: never wait for a lock a dying CPU may hold. */
void printk_emergency(void);

/* The console ring (Jailhouse console page layout, readable by the root). */
const void *console_page(void);

#endif /* WARDEN_PRINTK_H */
