// SPDX-License-Identifier: GPL-2.0
/*
 * Freestanding implementations of the functions declared in warden/string.h.
 *
 * GCC recognises loops that copy, fill or scan memory and may replace them
 * with calls to memcpy/memset/strlen -- even with -ffreestanding -- which
 * here would make each function call itself forever. Copies and fills use
 * x86 string instructions (they also move the root kernel, megabytes);
 * the scanning functions use volatile-qualified pointers, which keep the
 * loops as written.
 */
#include <stddef.h>

#include <warden/string.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;

	/* One string instruction: fast on hardware and under emulators. */
	asm volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	const unsigned char *s = src;
	unsigned char *d = dst;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	/* Overlap with the destination above: copy backwards. */
	d += n - 1;
	s += n - 1;
	asm volatile("std; rep movsb; cld"
		     : "+D"(d), "+S"(s), "+c"(n)
		     :
		     : "memory");
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;

	asm volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const volatile unsigned char *x = a;
	const volatile unsigned char *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	const volatile char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	const volatile char *p = s;
	size_t len = 0;

	while (len < max && p[len])
		len++;
	return len;
}

/* Like the C library, compare the characters as unsigned char. */
int strcmp(const char *a, const char *b)
{
	const volatile unsigned char *x = (const volatile unsigned char *)a;
	const volatile unsigned char *y = (const volatile unsigned char *)b;

	for (;; x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
		if (!*x)
			return 0;
	}
}

int strncmp(const char *a, const char *b, size_t n)
{
	const volatile unsigned char *x = (const volatile unsigned char *)a;
	const volatile unsigned char *y = (const volatile unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
		if (!*x)
			return 0;
	}
	return 0;
}
