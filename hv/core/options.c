// SPDX-License-Identifier: GPL-2.0
/*
 * Hypervisor command-line parsing. Pure code: also built into host tests.
 */
#include <stdbool.h>
#include <warden/format.h>
#include <warden/options.h>
#include <warden/string.h>

#define OPTION_WORD_MAX 64

struct named_value {
	const char *name;
	int value;
};

static const struct named_value uart_names[] = {
	{ "com1", 0x3f8 },  { "com2", 0x2f8 },	{ "com3", 0x3e8 },
	{ "com4", 0x2e8 },  { "ttyS0", 0x3f8 }, { "ttyS1", 0x2f8 },
	{ "ttyS2", 0x3e8 }, { "ttyS3", 0x2e8 },
};

static const struct named_value trap_names[] = {
	{ "ud", DEBUG_TRAP_UD },
	{ "pf", DEBUG_TRAP_PF },
	{ "de", DEBUG_TRAP_DE },
	{ "gp", DEBUG_TRAP_GP },
};

static bool lookup(const struct named_value *table, size_t n,
		   const char *name, int *value)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(table[i].name, name) == 0) {
			*value = table[i].value;
			return true;
		}
	}
	return false;
}

/* A hexadecimal "0x..." number up to @max; false if anything else. */
static bool parse_hex(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || !s[2])
		return false;
	for (s += 2; *s; s++) {
		unsigned int digit;

		if (*s >= '0' && *s <= '9')
			digit = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			digit = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			digit = *s - 'A' + 10;
		else
			return false;
		v = v * 16 + digit;
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

static int parse_console(const char *value, struct hv_options *opts,
			 char *err, size_t err_len)
{
	unsigned long port;
	int named;

	if (strcmp(value, "none") == 0) {
		opts->console = CONSOLE_NONE;
		return 0;
	}
	if (strcmp(value, "efifb") == 0) {
		opts->console = CONSOLE_EFIFB;
		return 0;
	}
	if (lookup(uart_names, sizeof(uart_names) / sizeof(uart_names[0]),
		   value, &named)) {
		opts->console = CONSOLE_UART;
		opts->console_port = named;
		return 0;
	}
	if (parse_hex(value, 0xfff8, &port) && port) {
		opts->console = CONSOLE_UART;
		opts->console_port = port;
		return 0;
	}
	snformat(err, err_len,
		 "option console=%s: expected none, efifb, com1..com4, "
		 "ttyS0..ttyS3 or an I/O port such as 0x3f8",
		 value);
	return -1;
}

static int parse_option(const char *word, struct hv_options *opts, char *err,
			size_t err_len)
{
	const char *eq = word;
	char name[OPTION_WORD_MAX];
	size_t name_len;
	int trap;

	while (*eq && *eq != '=')
		eq++;
	name_len = eq - word;
	if (name_len >= sizeof(name))
		name_len = sizeof(name) - 1;
	memcpy(name, word, name_len);
	name[name_len] = '\0';

	if (strcmp(name, "console") == 0 && *eq)
		return parse_console(eq + 1, opts, err, err_len);
	if (strcmp(name, "debug-trap") == 0 && *eq) {
		if (lookup(trap_names, sizeof(trap_names) / sizeof(trap_names[0]),
			   eq + 1, &trap)) {
			opts->debug_trap = trap;
			return 0;
		}
		snformat(err, err_len,
			 "option debug-trap=%s: expected ud, pf, de or gp",
			 eq + 1);
		return -1;
	}
	snformat(err, err_len, "unknown option '%s' (known: console=, debug-trap=)",
		 word);
	return -1;
}

int options_parse(const char *cmdline, struct hv_options *opts, char *err,
		  size_t err_len)
{
	char word[OPTION_WORD_MAX];
	const char *p = cmdline;

	memset(opts, 0, sizeof(*opts));
	if (err_len)
		err[0] = '\0';
	while (*p) {
		size_t len = 0;
		int ret;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		while (p[len] && p[len] != ' ' && p[len] != '\t')
			len++;
		if (len >= sizeof(word)) {
			snformat(err, err_len,
				 "option '%.40s...' is longer than %u characters",
				 p, (unsigned int)sizeof(word) - 1);
			return -1;
		}
		memcpy(word, p, len);
		word[len] = '\0';
		p += len;
		ret = parse_option(word, opts, err, err_len);
		if (ret)
			return ret;
	}
	return 0;
}
