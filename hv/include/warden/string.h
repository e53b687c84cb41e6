/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The handful of C string functions Warden uses.
 *
 * Hypervisor code is built with -nostdinc, so it cannot include <string.h>;
 * it includes this instead. In the hypervisor hv/core/string.c provides the
 * definitions; host builds (unit tests, tools) link against libc, whose
 * functions have exactly these prototypes.
 */
#ifndef WARDEN_STRING_H
#define WARDEN_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif /* WARDEN_STRING_H */
