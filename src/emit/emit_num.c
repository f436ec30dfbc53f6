/*
 * emit_num.c: float64 text as Go's strconv writes it, and Go's UTF-8 rule.
 *
 * Go prints a float64 with the fewest significant digits that read back as
 * the same float64 (FormatFloat with precision -1), choosing the correctly
 * rounded candidate when both neighbours would do. C has no such
 * conversion, but glibc's printf("%.*e") is correctly rounded and strtod
 * is exact, so the shortest digits are found by trying 1 to 17 digits and
 * checking the round trip; when the correctly rounded candidate misses
 * (next to a power of two the interval is lopsided) its neighbour on the
 * other side is tried, which is what Go's roundShortest settles on.
 * Both encoding/json (the Chart.lock digest) and go-yaml (floats in YAML)
 * then lay those digits out in their own way.
 */
#include "emit/emit_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct digits {
	char d[24]; /* significant digits, no leading or trailing zeros */
	int nd;     /* how many */
	int dp;     /* decimal point position: value = 0.d × 10^dp */
} digits;

/* Reads "%.*e" output ("-1.2345e+06") into digits. */
static void parse_sci(const char *s, digits *g)
{
	g->nd = 0;
	for (s += (*s == '-'); *s && *s != 'e'; s++)
		if (*s != '.')
			g->d[g->nd++] = *s;
	g->dp = atoi(s + 1) + 1;
	while (g->nd > 1 && g->d[g->nd - 1] == '0')
		g->nd--;
}

static double value_of(const digits *g)
{
	char buf[64];
	snprintf(buf, sizeof(buf), "0.%.*se%d", g->nd, g->d, g->dp);
	return strtod(buf, NULL);
}

/* The other p-digit neighbour of g (one unit in the last place up or down); 0 if none. */
static int neighbour(const digits *g, int p, int up, digits *n)
{
	char d[24];
	memset(d, '0', sizeof(d));
	memcpy(d, g->d, (size_t)g->nd);
	int i = p - 1;
	while (i >= 0 && d[i] == (up ? '9' : '0'))
		d[i--] = up ? '0' : '9';
	if (i < 0)
		return 0; /* a carry or borrow changes the length: a shorter form was tried */
	d[i] = (char)(d[i] + (up ? 1 : -1));
	if (d[0] == '0')
		return 0;
	memcpy(n->d, d, (size_t)p);
	n->nd = p;
	n->dp = g->dp;
	while (n->nd > 1 && n->d[n->nd - 1] == '0')
		n->nd--;
	return 1;
}

/* Shortest round-tripping digits of |f| (f finite, not zero). */
static void shortest(double f, digits *g)
{
	double a = fabs(f);
	char buf[64];
	for (int p = 1; p <= 17; p++) {
		snprintf(buf, sizeof(buf), "%.*e", p - 1, a);
		parse_sci(buf, g);
		double v = value_of(g);
		if (v == a)
			return;
		digits n;
		if (neighbour(g, p, v < a, &n) && value_of(&n) == a) {
			*g = n;
			return;
		}
	}
	snprintf(buf, sizeof(buf), "%.16e", a); /* 17 digits always round-trip */
	parse_sci(buf, g);
}

/* strconv's %e layout: d.ddde±XX, at least two exponent digits. */
static void layout_e(const digits *g, int neg, cc_buf *out)
{
	int exp = g->dp - 1;
	if (neg)
		cc_buf_putc(out, '-');
	cc_buf_putc(out, g->d[0]);
	if (g->nd > 1) {
		cc_buf_putc(out, '.');
		cc_buf_put(out, g->d + 1, (size_t)g->nd - 1);
	}
	cc_buf_printf(out, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
}

/* strconv's %f layout with as many fraction digits as needed. */
static void layout_f(const digits *g, int neg, cc_buf *out)
{
	if (neg)
		cc_buf_putc(out, '-');
	if (g->dp <= 0) {
		cc_buf_putc(out, '0');
	} else {
		for (int i = 0; i < g->dp; i++)
			cc_buf_putc(out, i < g->nd ? g->d[i] : '0');
	}
	if (g->nd > g->dp) {
		cc_buf_putc(out, '.');
		for (int i = g->dp; i < 0; i++)
			cc_buf_putc(out, '0');
		int from = g->dp > 0 ? g->dp : 0;
		cc_buf_put(out, g->d + from, (size_t)(g->nd - from));
	}
}

int cc_emit_json_float(double f, cc_buf *out)
{
	if (!isfinite(f))
		return CC_EINVALID;
	int neg = signbit(f) != 0;
	if (f == 0) {
		cc_buf_puts(out, neg ? "-0" : "0");
		return 0;
	}
	digits g;
	shortest(f, &g);
	double a = fabs(f);
	if (a >= 1e-6 && a < 1e21) {
		layout_f(&g, neg, out);
		return 0;
	}
	size_t start = out->len;
	layout_e(&g, neg, out);
	/* encoding/json's clean-up: e-07 -> e-7 */
	char *e = strchr(out->ptr + start, 'e');
	if (e[1] == '-' && e[2] == '0') {
		memmove(e + 2, e + 3, strlen(e + 3) + 1);
		out->len--;
	}
	return 0;
}

void cc_emit_go_float_g(double f, cc_buf *out)
{
	if (isnan(f)) {
		cc_buf_puts(out, "NaN");
		return;
	}
	if (isinf(f)) {
		cc_buf_puts(out, f > 0 ? "+Inf" : "-Inf");
		return;
	}
	int neg = signbit(f) != 0;
	if (f == 0) {
		cc_buf_puts(out, neg ? "-0" : "0");
		return;
	}
	digits g;
	shortest(f, &g);
	int exp = g.dp - 1;
	/* shortest %g takes the exponent form outside [1e-4, 1e6): Go uses eprec 6 then */
	if (exp < -4 || exp >= 6)
		layout_e(&g, neg, out);
	else
		layout_f(&g, neg, out);
}

double cc_emit_number_value(const json_t *v)
{
	if (json_is_integer(v))
		return (double)json_integer_value(v);
	return json_real_value(v);
}

size_t cc_emit_decode_rune(const unsigned char *s, size_t n, uint32_t *r)
{
	unsigned char c = s[0];
	*r = 0xFFFD;
	if (c < 0x80) {
		*r = c;
		return 1;
	}
	size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	if (len == 0 || len > n)
		return 1;
	/* the second byte's range depends on the first (no overlongs, surrogates, > U+10FFFF) */
	unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
	unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
	if (s[1] < lo || s[1] > hi)
		return 1;
	uint32_t v = c & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		v = (v << 6) | (s[i] & 0x3F);
	}
	*r = v;
	return len;
}

void cc_emit_utf8_valid(const char *s, size_t n, cc_buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, start = 0;
	while (i < n) {
		uint32_t r;
		size_t k = cc_emit_decode_rune(u + i, n - i, &r);
		if (r == 0xFFFD && k == 1) {
			cc_buf_put(out, s + start, i - start);
			cc_buf_puts(out, "\xEF\xBF\xBD");
			start = i + 1;
		}
		i += k;
	}
	cc_buf_put(out, s + start, n - start);
	if (!out->ptr)
		cc_buf_puts(out, "");
}
