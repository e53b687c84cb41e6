// SPDX-License-Identifier: GPL-2.0
/*
 * vsnformat: a small vsnprintf for freestanding code (see warden/format.h).
 *
 * Output goes through a sink that counts every character but stores only
 * those that fit, so truncation and the "would have written" length fall
 * out of one code path.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <warden/format.h>

/* Width and precision saturate here rather than overflow while parsing. */
#define FORMAT_MAX_FIELD __INT_MAX__

struct sink {
	char *buf;
	size_t size;
	size_t len; /* characters produced so far, stored or not */
};

struct spec {
	bool left; /* '-' */
	bool zero; /* '0' */
	bool alt; /* '#' */
	size_t width;
	bool has_precision;
	size_t precision;
};

static void put(struct sink *s, char c)
{
	/* Keep the last byte for the NUL. */
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void put_repeat(struct sink *s, char c, size_t n)
{
	while (n--)
		put(s, c);
}

static void put_string(struct sink *s, const char *str, const struct spec *sp)
{
	size_t len = 0;
	size_t pad;

	/* With a precision the string need not be NUL-terminated. */
	while ((!sp->has_precision || len < sp->precision) && str[len])
		len++;
	pad = sp->width > len ? sp->width - len : 0;
	if (!sp->left)
		put_repeat(s, ' ', pad);
	for (size_t i = 0; i < len; i++)
		put(s, str[i]);
	if (sp->left)
		put_repeat(s, ' ', pad);
}

/*
 * Print |value| in base 10 or 16 after prefix ("-", "0x", "0X" or ""),
 * laid out like printf: [spaces][prefix][zeros][digits][spaces].
 */
static void put_number(struct sink *s, unsigned long long value,
		       unsigned int base, bool upper, const char *prefix,
		       const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24]; /* 2^64 has 20 decimal digits */
	size_t ndigits = 0, nprefix = 0, nzeros = 0, body, pad;

	/* printf prints no digits at all for 0 with an explicit precision 0. */
	if (value || !sp->has_precision || sp->precision)
		do {
			tmp[ndigits++] = digits[value % base];
			value /= base;
		} while (value);
	while (prefix[nprefix])
		nprefix++;
	if (sp->has_precision && sp->precision > ndigits)
		nzeros = sp->precision - ndigits;

	body = nprefix + nzeros + ndigits;
	pad = sp->width > body ? sp->width - body : 0;
	/* '0' is ignored with '-' or with a precision, as in C. */
	if (sp->zero && !sp->left && !sp->has_precision) {
		nzeros += pad;
		pad = 0;
	}

	if (!sp->left)
		put_repeat(s, ' ', pad);
	for (size_t i = 0; i < nprefix; i++)
		put(s, prefix[i]);
	put_repeat(s, '0', nzeros);
	while (ndigits)
		put(s, tmp[--ndigits]);
	if (sp->left)
		put_repeat(s, ' ', pad);
}

/* Parse a decimal field at *p, saturating instead of overflowing. */
static size_t parse_field(const char **p)
{
	size_t v = 0;

	while (**p >= '0' && **p <= '9') {
		v = v * 10 + (size_t)(**p - '0');
		if (v > FORMAT_MAX_FIELD)
			v = FORMAT_MAX_FIELD;
		(*p)++;
	}
	return v;
}

enum length { LEN_HH, LEN_H, LEN_INT, LEN_L, LEN_LL, LEN_Z };

int vsnformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .buf = buf, .size = buf ? size : 0, .len = 0 };

	while (*fmt) {
		const char *start = fmt;
		struct spec sp = { 0 };
		enum length len = LEN_INT;
		unsigned long long uval;
		long long sval;
		unsigned int base = 10;
		const char *prefix = "";
		char c;

		if (*fmt != '%') {
			put(&s, *fmt++);
			continue;
		}
		fmt++;

		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else if (*fmt == '#')
				sp.alt = true;
			else
				break;
		}

		if (*fmt == '*') {
			int w = va_arg(ap, int);

			fmt++;
			/* A negative '*' width means left alignment, as in C. */
			if (w < 0) {
				sp.left = true;
				sp.width = w == -__INT_MAX__ - 1 ?
						   (size_t)__INT_MAX__ + 1 :
						   (size_t)-w;
			} else {
				sp.width = (size_t)w;
			}
		} else {
			sp.width = parse_field(&fmt);
		}

		if (*fmt == '.') {
			fmt++;
			sp.has_precision = true;
			if (*fmt == '*') {
				int prec = va_arg(ap, int);

				fmt++;
				/* A negative '*' precision counts as none. */
				sp.has_precision = prec >= 0;
				sp.precision = prec >= 0 ? (size_t)prec : 0;
			} else {
				sp.precision = parse_field(&fmt);
			}
		}

		if (*fmt == 'h') {
			fmt++;
			len = LEN_H;
			if (*fmt == 'h') {
				fmt++;
				len = LEN_HH;
			}
		} else if (*fmt == 'l') {
			fmt++;
			len = LEN_L;
			if (*fmt == 'l') {
				fmt++;
				len = LEN_LL;
			}
		} else if (*fmt == 'z') {
			fmt++;
			len = LEN_Z;
		}

		c = *fmt;
		if (c)
			fmt++;
		switch (c) {
		case '%':
			put(&s, '%');
			continue;
		case 'c': {
			char ch = (char)va_arg(ap, int);
			size_t pad = sp.width > 1 ? sp.width - 1 : 0;

			if (!sp.left)
				put_repeat(&s, ' ', pad);
			put(&s, ch);
			if (sp.left)
				put_repeat(&s, ' ', pad);
			continue;
		}
		case 's': {
			const char *str = va_arg(ap, const char *);

			put_string(&s, str ? str : "(null)", &sp);
			continue;
		}
		case 'p':
			uval = (uintptr_t)va_arg(ap, void *);
			sp.has_precision = true;
			sp.precision = 16;
			put_number(&s, uval, 16, false, "0x", &sp);
			continue;
		case 'd':
		case 'i':
			switch (len) {
			case LEN_HH:
				sval = (signed char)va_arg(ap, int);
				break;
			case LEN_H:
				sval = (short)va_arg(ap, int);
				break;
			case LEN_L:
				sval = va_arg(ap, long);
				break;
			case LEN_LL:
				sval = va_arg(ap, long long);
				break;
			case LEN_Z:
				sval = va_arg(ap, ptrdiff_t);
				break;
			default:
				sval = va_arg(ap, int);
				break;
			}
			/* Negate in unsigned arithmetic: -LLONG_MIN overflows. */
			uval = (unsigned long long)sval;
			if (sval < 0) {
				uval = -uval;
				prefix = "-";
			}
			put_number(&s, uval, 10, false, prefix, &sp);
			continue;
		case 'u':
		case 'x':
		case 'X':
			switch (len) {
			case LEN_HH:
				uval = (unsigned char)va_arg(ap, unsigned int);
				break;
			case LEN_H:
				uval = (unsigned short)va_arg(ap, unsigned int);
				break;
			case LEN_L:
				uval = va_arg(ap, unsigned long);
				break;
			case LEN_LL:
				uval = va_arg(ap, unsigned long long);
				break;
			case LEN_Z:
				uval = va_arg(ap, size_t);
				break;
			default:
				uval = va_arg(ap, unsigned int);
				break;
			}
			if (c != 'u') {
				base = 16;
				/* C prints a bare "0" for %#x of zero. */
				if (sp.alt && uval)
					prefix = c == 'x' ? "0x" : "0X";
			}
			put_number(&s, uval, base, c == 'X', prefix, &sp);
			continue;
		default:
			/*
			 * Unknown (or missing, at the end of fmt): copy the
			 * whole specification so the mistake is visible.
			 */
			while (start < fmt)
				put(&s, *start++);
			continue;
		}
	}

	if (s.size)
		s.buf[s.len < s.size ? s.len : s.size - 1] = '\0';
	return s.len > (size_t)__INT_MAX__ ? __INT_MAX__ : (int)s.len;
}

int snformat(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsnformat(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}
