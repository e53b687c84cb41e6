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

/*
 * The helpers below take the arguments as va_list *: a va_list parameter
 * cannot be passed on by address portably, so vsnformat works on a copy.
 */

/* Flags, width, precision and length modifier, after the '%'. */
static const char *parse_spec(const char *fmt, struct spec *sp,
			      enum length *len, va_list *ap)
{
	for (;; fmt++) {
		if (*fmt == '-')
			sp->left = true;
		else if (*fmt == '0')
			sp->zero = true;
		else if (*fmt == '#')
			sp->alt = true;
		else
			break;
	}

	if (*fmt == '*') {
		int w = va_arg(*ap, int);

		fmt++;
		/* Negative means '-'; 0u - w is exact even for INT_MIN. */
		if (w < 0)
			sp->left = true;
		sp->width = w < 0 ? 0u - (unsigned int)w : (unsigned int)w;
	} else {
		sp->width = parse_field(&fmt);
	}

	if (*fmt == '.') {
		fmt++;
		sp->has_precision = true;
		if (*fmt == '*') {
			int prec = va_arg(*ap, int);

			fmt++;
			/* A negative precision counts as none, as in C. */
			sp->has_precision = prec >= 0;
			sp->precision = prec >= 0 ? (size_t)prec : 0;
		} else {
			sp->precision = parse_field(&fmt);
		}
	}

	*len = LEN_INT;
	if (*fmt == 'h') {
		*len = fmt[1] == 'h' ? LEN_HH : LEN_H;
		fmt += *len == LEN_HH ? 2 : 1;
	} else if (*fmt == 'l') {
		*len = fmt[1] == 'l' ? LEN_LL : LEN_L;
		fmt += *len == LEN_LL ? 2 : 1;
	} else if (*fmt == 'z') {
		*len = LEN_Z;
		fmt++;
	}
	return fmt;
}

static long long fetch_signed(enum length len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static unsigned long long fetch_unsigned(enum length len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static void put_char(struct sink *s, char c, const struct spec *sp)
{
	size_t pad = sp->width > 1 ? sp->width - 1 : 0;

	if (!sp->left)
		put_repeat(s, ' ', pad);
	put(s, c);
	if (sp->left)
		put_repeat(s, ' ', pad);
}

int vsnformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .buf = buf, .size = buf ? size : 0, .len = 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		const char *start = fmt;
		struct spec sp = { 0 };
		enum length len;
		unsigned long long uval;
		long long sval;
		const char *str, *prefix;
		char c;

		if (*fmt != '%') {
			put(&s, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &len, &args);
		c = *fmt;
		if (c)
			fmt++;

		switch (c) {
		case '%':
			put(&s, '%');
			break;
		case 'c':
			put_char(&s, (char)va_arg(args, int), &sp);
			break;
		case 's':
			str = va_arg(args, const char *);
			put_string(&s, str ? str : "(null)", &sp);
			break;
		case 'p':
			uval = (uintptr_t)va_arg(args, void *);
			sp.has_precision = true;
			sp.precision = 16;
			put_number(&s, uval, 16, false, "0x", &sp);
			break;
		case 'd':
		case 'i':
			sval = fetch_signed(len, &args);
			/* Negate unsigned: -LLONG_MIN overflows long long. */
			uval = sval < 0 ? 0ull - (unsigned long long)sval :
					  (unsigned long long)sval;
			put_number(&s, uval, 10, false, sval < 0 ? "-" : "",
				   &sp);
			break;
		case 'u':
			put_number(&s, fetch_unsigned(len, &args), 10, false,
				   "", &sp);
			break;
		case 'x':
		case 'X':
			uval = fetch_unsigned(len, &args);
			/* C prints a bare "0" for %#x of zero. */
			prefix = !sp.alt || !uval ? "" : c == 'x' ? "0x" : "0X";
			put_number(&s, uval, 16, c == 'X', prefix, &sp);
			break;
		default:
			/*
			 * Unknown (or missing, at the end of fmt): copy the
			 * whole specification so the mistake is visible.
			 */
			while (start < fmt)
				put(&s, *start++);
			break;
		}
	}
	va_end(args);

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

int format_error(char *err, size_t err_len, int ret, const char *fmt, ...)
{
	va_list ap;

	if (err && err_len) {
		va_start(ap, fmt);
		vsnformat(err, err_len, fmt, ap);
		va_end(ap);
	}
	return ret;
}
