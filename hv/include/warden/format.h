/* SPDX-License-Identifier: GPL-2.0 */
/*
 * String formatting for the hypervisor: the core under printk and under the
 * error messages of the boot parsers. It behaves like C's vsnprintf for the
 * subset below and needs no libc, no floating point and no allocation.
 *
 * Conversions: %s (NULL prints "(null)"), %c, %d %i %u %x %X, %p (always
 * "0x" and 16 hex digits), %%. Length modifiers hh, h, l, ll, z.
 * Flags '-' (left align), '0' (zero pad), '#' ("0x"/"0X" prefix for a
 * non-zero %x/%X). Width and precision as digits or '*'; precision limits
 * the bytes printed from %s and is the minimum digit count for integers.
 * Any other conversion is printed literally, from the '%' on.
 */
#ifndef WARDEN_FORMAT_H
#define WARDEN_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Format into buf, writing at most size bytes including the terminating NUL
 * (always written when size > 0). Returns the length the complete output
 * has, not counting the NUL, so a return value >= size means truncation.
 * The result saturates at INT_MAX.
 */
int vsnformat(char *buf, size_t size, const char *fmt, va_list ap);
int snformat(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Put a message into the caller's error buffer (if any) and return @ret:
 * the one-line error path of the parsers of firmware and boot input.
 */
int format_error(char *err, size_t err_len, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif /* WARDEN_FORMAT_H */
