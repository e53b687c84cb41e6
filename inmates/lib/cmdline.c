// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The command line at guest 0x1000 (spec 9.2): space-separated NAME=VALUE
 * words. Numbers take C's prefixes (0x hex, 0 octal); booleans accept
 * 1/0, true/false, yes/no, on/off, and a bare NAME means true.
 */
#include <inmate.h>

extern char cmdline[CMDLINE_SIZE];

/* The value of @name (NULL if absent), its length in *len. */
static const char *find(const char *name, size_t *len)
{
	size_t n = strlen(name), i = 0, end;

	while (i < CMDLINE_SIZE && cmdline[i]) {
		while (i < CMDLINE_SIZE && cmdline[i] == ' ')
			i++;
		for (end = i;
		     end < CMDLINE_SIZE && cmdline[end] && cmdline[end] != ' ';
		     end++)
			;
		if (end - i >= n && strncmp(cmdline + i, name, n) == 0 &&
		    (end - i == n || cmdline[i + n] == '=')) {
			i += n + (end - i > n);
			*len = end - i;
			return cmdline + i;
		}
		i = end;
	}
	return NULL;
}

bool cmdline_str(const char *name, char *buf, size_t size)
{
	size_t len;
	const char *v = find(name, &len);

	if (!v || !size)
		return false;
	if (len >= size)
		len = size - 1;
	memcpy(buf, v, len);
	buf[len] = 0;
	return true;
}

uint64_t cmdline_u64(const char *name, uint64_t fallback)
{
	size_t len, i = 0;
	const char *v = find(name, &len);
	unsigned int base = 10, digit;
	uint64_t value = 0;

	if (!v || !len)
		return fallback;
	if (len > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X'))
		base = 16, i = 2;
	else if (len > 1 && v[0] == '0')
		base = 8, i = 1;
	for (; i < len; i++) {
		char c = v[i];

		if (c >= '0' && c <= '9')
			digit = c - '0';
		else if (c >= 'a' && c <= 'f')
			digit = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			digit = c - 'A' + 10;
		else
			return fallback;
		if (digit >= base)
			return fallback;
		value = value * base + digit;
	}
	return value;
}

bool cmdline_bool(const char *name, bool fallback)
{
	static const char *const yes[] = { "1", "true", "yes", "on", "" };
	static const char *const no[] = { "0", "false", "no", "off" };
	char value[8];
	unsigned int i;

	if (!cmdline_str(name, value, sizeof(value)))
		return fallback;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcmp(value, yes[i]) == 0)
			return true;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcmp(value, no[i]) == 0)
			return false;
	return fallback;
}
