// SPDX-License-Identifier: GPL-2.0
/*
 * warden.cfg parser (see config.h and docs/uefi.md).
 *
 * The file sits on a FAT partition anyone with the disk can edit, so it is
 * treated as hostile: every line is checked as a whole before it is used
 * and anything unexpected stops the boot with the line number, because
 * booting with a half-understood configuration (a kernel without its
 * command line, a second initrd silently dropped) is worse than not
 * booting. Only the standard freestanding headers are used, so the same
 * object serves the UEFI loader and the host test.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <warden/format.h>

#include "config.h"

struct parser {
	struct warden_cfg *cfg;
	char *err;
	size_t err_len;
	unsigned int line;
	/* Line of the first kernel/initrd/system-config/hypervisor/options. */
	unsigned int seen[5];
	bool have_cell;
};

enum single_key { KEY_KERNEL, KEY_INITRD, KEY_SYSCONFIG, KEY_HV, KEY_OPTIONS };

static int __attribute__((format(printf, 2, 3)))
line_error(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!p->err || !p->err_len)
		return -1;
	n = snformat(p->err, p->err_len, "line %u: ", p->line);
	if (n >= 0 && (size_t)n < p->err_len) {
		va_start(ap, fmt);
		vsnformat(p->err + n, p->err_len - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static bool str_eq(const char *a, size_t a_len, const char *b)
{
	size_t i;

	for (i = 0; i < a_len; i++)
		if (!b[i] || a[i] != b[i])
			return false;
	return !b[a_len];
}

/* Copy len bytes and terminate; the caller checked that they fit. */
static void copy(char *dst, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = src[i];
	dst[len] = '\0';
}

/* A word and what follows it, both without surrounding blanks. */
struct split {
	const char *word, *rest;
	size_t word_len, rest_len;
};

static void split_word(const char *s, size_t len, struct split *sp)
{
	size_t i = 0;

	sp->word = s;
	while (i < len && !is_space(s[i]))
		i++;
	sp->word_len = i;
	while (i < len && is_space(s[i]))
		i++;
	sp->rest = s + i;
	sp->rest_len = len - i;
}

/*
 * Paths are absolute on the loader's own partition. '/' is accepted for
 * convenience and turned into the '\' UEFI file paths use; characters FAT
 * cannot store are refused here so the message names the line.
 */
static int take_path(struct parser *p, const char *key, const char *s,
		     size_t len, char *dst)
{
	size_t i;

	if (s[0] != '\\' && s[0] != '/')
		return line_error(
			p,
			"%s path '%.*s' must be absolute (start with \\ or /)",
			key, (int)len, s);
	if (len > CFG_PATH_MAX)
		return line_error(
			p, "%s path is %zu characters long; the limit is %u",
			key, len, CFG_PATH_MAX);
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == '"' || c == '*' || c == ':' || c == '<' || c == '>' ||
		    c == '?' || c == '|')
			return line_error(
				p,
				"%s path '%.*s' contains '%c', which a FAT file name cannot",
				key, (int)len, s, c);
		dst[i] = c == '/' ? '\\' : c;
	}
	dst[len] = '\0';
	if (dst[len - 1] == '\\')
		return line_error(p,
				  "%s path '%s' names a directory, not a file",
				  key, dst);
	return 0;
}

/* Refuse a second line of a key that configures one thing. */
static int once(struct parser *p, enum single_key k, const char *key)
{
	if (p->seen[k])
		return line_error(p, "second '%s' line (the first is line %u)",
				  key, p->seen[k]);
	p->seen[k] = p->line;
	return 0;
}

static int add_module(struct parser *p, enum cfg_role role, const char *key,
		      const char *value, size_t len, bool args_allowed)
{
	static const char *const roles[] = {
		[CFG_LINUX] = "linux",
		[CFG_INITRD] = "initrd",
		[CFG_SYSTEM_CONFIG] = "system-config",
		[CFG_CELL] = "cell",
		[CFG_INMATE] = "inmate",
	};
	struct warden_cfg *cfg = p->cfg;
	struct cfg_module *m;
	struct split sp;
	size_t role_len;

	split_word(value, len, &sp);
	if (sp.rest_len && !args_allowed)
		return line_error(
			p, "'%s' takes one path; unexpected '%.*s' after it",
			key, (int)sp.rest_len, sp.rest);
	if (cfg->num_modules == CFG_MAX_MODULES)
		return line_error(p, "too many files: the limit is %u modules",
				  CFG_MAX_MODULES);
	m = &cfg->modules[cfg->num_modules];
	if (take_path(p, key, sp.word, sp.word_len, m->path))
		return -1;

	role_len = str_len(roles[role]);
	if (role_len + 1 + sp.rest_len >= sizeof(m->string))
		return line_error(
			p,
			"%s arguments are %zu characters long; the limit is %zu",
			key, sp.rest_len, sizeof(m->string) - 2 - role_len);
	copy(m->string, roles[role], role_len);
	if (sp.rest_len) {
		m->string[role_len] = ' ';
		copy(m->string + role_len + 1, sp.rest, sp.rest_len);
	}
	m->role = role;
	m->line = p->line;
	cfg->num_modules++;
	return 0;
}

static int parse_line(struct parser *p, const char *s, size_t len)
{
	struct warden_cfg *cfg = p->cfg;
	struct split sp;

	while (len && is_space(*s))
		s++, len--;
	while (len && is_space(s[len - 1]))
		len--;
	if (!len || s[0] == '#')
		return 0;

	split_word(s, len, &sp);
	if (!sp.rest_len) {
		if (str_eq(sp.word, sp.word_len, "hypervisor") ||
		    str_eq(sp.word, sp.word_len, "options") ||
		    str_eq(sp.word, sp.word_len, "kernel") ||
		    str_eq(sp.word, sp.word_len, "initrd") ||
		    str_eq(sp.word, sp.word_len, "system-config") ||
		    str_eq(sp.word, sp.word_len, "cell") ||
		    str_eq(sp.word, sp.word_len, "inmate"))
			return line_error(p, "'%.*s' needs a value",
					  (int)sp.word_len, sp.word);
	}

	if (str_eq(sp.word, sp.word_len, "hypervisor")) {
		struct split path;

		if (once(p, KEY_HV, "hypervisor"))
			return -1;
		split_word(sp.rest, sp.rest_len, &path);
		if (path.rest_len)
			return line_error(
				p,
				"'hypervisor' takes one path; put its command line on an 'options' line");
		return take_path(p, "hypervisor", path.word, path.word_len,
				 cfg->hypervisor);
	}
	if (str_eq(sp.word, sp.word_len, "options")) {
		if (once(p, KEY_OPTIONS, "options"))
			return -1;
		if (sp.rest_len >= sizeof(cfg->options))
			return line_error(
				p,
				"options are %zu characters long; the limit is %zu",
				sp.rest_len, sizeof(cfg->options) - 1);
		copy(cfg->options, sp.rest, sp.rest_len);
		return 0;
	}
	if (str_eq(sp.word, sp.word_len, "kernel"))
		return once(p, KEY_KERNEL, "kernel") ?:
			       add_module(p, CFG_LINUX, "kernel", sp.rest,
					  sp.rest_len, true);
	if (str_eq(sp.word, sp.word_len, "initrd"))
		return once(p, KEY_INITRD, "initrd") ?:
			       add_module(p, CFG_INITRD, "initrd", sp.rest,
					  sp.rest_len, false);
	if (str_eq(sp.word, sp.word_len, "system-config"))
		return once(p, KEY_SYSCONFIG, "system-config") ?:
			       add_module(p, CFG_SYSTEM_CONFIG, "system-config",
					  sp.rest, sp.rest_len, false);
	if (str_eq(sp.word, sp.word_len, "cell")) {
		p->have_cell = true;
		return add_module(p, CFG_CELL, "cell", sp.rest, sp.rest_len,
				  false);
	}
	if (str_eq(sp.word, sp.word_len, "inmate")) {
		/* The hypervisor loads an inmate into the cell before it. */
		if (!p->have_cell)
			return line_error(
				p, "'inmate' without a 'cell' line before it");
		return add_module(p, CFG_INMATE, "inmate", sp.rest, sp.rest_len,
				  true);
	}
	return line_error(
		p,
		"unknown key '%.*s' (known: hypervisor options kernel "
		"initrd system-config cell inmate)",
		sp.word_len > 40 ? 40 : (int)sp.word_len, sp.word);
}

/*
 * Only printable ASCII and tabs: paths become UCS-2 one byte per
 * character, and a stray control byte in a command line would reach the
 * hypervisor or Linux unseen.
 */
static int check_bytes(struct parser *p, const char *s, size_t len)
{
	size_t i;

	if (len > CFG_LINE_MAX)
		return line_error(p, "longer than %u characters", CFG_LINE_MAX);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c != '\t' && (c < 0x20 || c > 0x7e))
			return line_error(
				p,
				"non-printable byte 0x%02x in column %zu (only printable ASCII is allowed)",
				c, i + 1);
	}
	return 0;
}

int cfg_parse(const char *text, size_t len, struct warden_cfg *cfg, char *err,
	      size_t err_len)
{
	struct parser p = { .cfg = cfg, .err = err, .err_len = err_len };
	size_t pos = 0, i;
	char *c = (char *)cfg;

	for (i = 0; i < sizeof(*cfg); i++)
		c[i] = 0;
	if (err && err_len)
		err[0] = '\0';

	/* Windows editors like to start a file with a UTF-8 byte order mark. */
	if (len >= 3 && (unsigned char)text[0] == 0xef &&
	    (unsigned char)text[1] == 0xbb && (unsigned char)text[2] == 0xbf)
		pos = 3;

	while (pos < len) {
		size_t end = pos, line_len;

		while (end < len && text[end] != '\n')
			end++;
		line_len = end - pos;
		if (line_len && text[end - 1] == '\r')
			line_len--;
		p.line++;
		if (check_bytes(&p, text + pos, line_len) ||
		    parse_line(&p, text + pos, line_len))
			return -1;
		pos = end + 1;
	}

	if (!p.seen[KEY_KERNEL]) {
		if (err && err_len)
			snformat(
				err, err_len,
				"no 'kernel' line: the root cell needs a Linux kernel");
		return -1;
	}
	if (!p.seen[KEY_HV])
		copy(cfg->hypervisor, CFG_DEFAULT_HYPERVISOR,
		     str_len(CFG_DEFAULT_HYPERVISOR));
	return 0;
}

const char *cfg_key_name(enum cfg_role role)
{
	switch (role) {
	case CFG_LINUX:
		return "kernel";
	case CFG_INITRD:
		return "initrd";
	case CFG_SYSTEM_CONFIG:
		return "system-config";
	case CFG_CELL:
		return "cell";
	case CFG_INMATE:
		return "inmate";
	}
	return "?";
}
