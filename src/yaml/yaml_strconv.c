/*
 * yaml_strconv.c: the pieces of Go's standard library that decide what a
 * YAML scalar means to helm, redone in C.
 *
 * go-yaml v2 (under sigs.k8s.io/yaml, helm's reader) resolves scalars with
 * strconv.ParseInt/ParseUint (base 0), strconv.ParseFloat, time.Parse with
 * four layouts and base64.StdEncoding; and sigs.k8s.io/yaml prints numbers
 * with strconv.FormatFloat(f, 'g', -1, 32). Each function here reproduces
 * one of those on the inputs go-yaml can hand it, so that `08` (a float),
 * `0o17` (an int), `1e400` (a string) and `2001-2-30` (not a date) come out
 * as they do in helm. Only what can be reached is covered: no hex floats,
 * no Inf/NaN words (resolve.go handles those before strconv sees them).
 */
#include "yaml/yaml_priv.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Go's strconv.ParseUint(s, 0, 64), for s without underscores. */
int cc_yaml_go_parse_uint(const char *s, size_t n, uint64_t *out)
{
	unsigned base = 10;
	if (n == 0)
		return -1;
	if (s[0] == '0') {
		char c = (char)(s[1 < n ? 1 : 0] | 0x20);
		if (n >= 3 && (c == 'b' || c == 'o' || c == 'x')) {
			base = c == 'b' ? 2 : c == 'o' ? 8 : 16;
			s += 2;
			n -= 2;
		} else {
			base = 8;
			s++;
			n--;
		}
	}
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			d = (unsigned)((c | 0x20) - 'a') + 10;
		else
			return -1;
		if (d >= base || v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

/* Go's strconv.ParseInt(s, 0, 64), for s without underscores. */
int cc_yaml_go_parse_int(const char *s, size_t n, int64_t *out)
{
	int neg = 0;
	uint64_t u;
	if (n > 0 && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		s++;
		n--;
	}
	if (cc_yaml_go_parse_uint(s, n, &u) != 0)
		return -1;
	if (!neg && u > (uint64_t)INT64_MAX)
		return -1;
	if (neg && u > (uint64_t)INT64_MAX + 1)
		return -1;
	*out = neg ? (int64_t)(0 - u) : (int64_t)u;
	return 0;
}

/*
 * strconv's underscoreOK: an underscore must sit between digits (a base
 * prefix counts as a digit).
 */
static int underscore_ok(const char *s, size_t n)
{
	char saw = '^';
	size_t i = 0;
	int hex = 0;
	if (n >= 1 && (s[0] == '-' || s[0] == '+')) {
		s++;
		n--;
	}
	if (n >= 2 && s[0] == '0' &&
	    ((s[1] | 0x20) == 'b' || (s[1] | 0x20) == 'o' || (s[1] | 0x20) == 'x')) {
		i = 2;
		saw = '0';
		hex = (s[1] | 0x20) == 'x';
	}
	for (; i < n; i++) {
		char c = s[i];
		if (is_digit(c) || (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')) {
			saw = '0';
			continue;
		}
		if (c == '_') {
			if (saw != '0')
				return 0;
			saw = '_';
			continue;
		}
		if (saw == '_')
			return 0;
		saw = '!';
	}
	return saw != '_';
}

/* Scans digits and underscores from *i; returns how many digits it saw. */
static size_t scan_digits(const char *s, size_t n, size_t *i, int *underscores)
{
	size_t digits = 0;
	for (; *i < n && (is_digit(s[*i]) || s[*i] == '_'); (*i)++) {
		if (s[*i] == '_')
			*underscores = 1;
		else
			digits++;
	}
	return digits;
}

/* The shape strconv's readFloat accepts for decimal input. */
static int go_float_syntax(const char *s, size_t n, int *underscores)
{
	size_t i = 0, digits;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	digits = scan_digits(s, n, &i, underscores);
	if (i < n && s[i] == '.') {
		i++;
		digits += scan_digits(s, n, &i, underscores);
	}
	if (digits == 0)
		return 0;
	if (i < n && (s[i] | 0x20) == 'e') {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || !is_digit(s[i]))
			return 0;
		scan_digits(s, n, &i, underscores);
	}
	return i == n;
}

/*
 * Go's strconv.ParseFloat(s, 64) for decimal numbers: correctly rounded
 * (glibc's strtod is), underscores between digits allowed, overflow an
 * error, underflow to zero not.
 */
int cc_yaml_go_parse_float(const char *s, size_t n, double *out)
{
	int underscores = 0;
	char small[128];
	if (!go_float_syntax(s, n, &underscores))
		return -1;
	if (underscores && !underscore_ok(s, n))
		return -1;
	char *buf = n < sizeof(small) ? small : cc_malloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '_')
			buf[k++] = s[i];
	buf[k] = '\0';
	double v = strtod(buf, NULL);
	if (buf != small)
		free(buf);
	if (isinf(v))
		return -1;
	*out = v;
	return 0;
}

/* go-yaml v2's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
int cc_yaml_style_float(const char *s, size_t n)
{
	size_t i = 0, d = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i < n && s[i] == '.') {
		for (i++; i < n && is_digit(s[i]); i++)
			d++;
		if (d == 0)
			return 0;
	} else {
		for (; i < n && is_digit(s[i]); i++)
			d++;
		if (d == 0)
			return 0;
		if (i < n && s[i] == '.')
			for (i++; i < n && is_digit(s[i]); i++)
				;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = 0; i < n && is_digit(s[i]); i++)
			d++;
		if (d == 0)
			return 0;
	}
	return i == n;
}

/* time.Parse's getnum(value, false): one or two digits. */
static int getnum(const char *s, size_t n, size_t *i, int *v)
{
	if (*i >= n || !is_digit(s[*i]))
		return -1;
	*v = s[(*i)++] - '0';
	if (*i < n && is_digit(s[*i]))
		*v = *v * 10 + (s[(*i)++] - '0');
	return 0;
}

static int days_in(int month, int year)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
	return month == 2 && leap ? 29 : days[month - 1];
}

/* "2006-1-2": four-digit year, one- or two-digit month and day, a real date. */
static int ts_date(const char *s, size_t n, size_t *i)
{
	int year = 0, month, day;
	for (*i = 0; *i < 4; (*i)++) {
		if (*i >= n || !is_digit(s[*i]))
			return -1;
		year = year * 10 + (s[*i] - '0');
	}
	if (*i >= n || s[(*i)++] != '-' || getnum(s, n, i, &month) != 0 || month < 1 || month > 12)
		return -1;
	if (*i >= n || s[(*i)++] != '-' || getnum(s, n, i, &day) != 0)
		return -1;
	return day >= 1 && day <= days_in(month, year) ? 0 : -1;
}

/* "15:4:5.999999999": the fraction is optional, "," works as well as ".". */
static int ts_time(const char *s, size_t n, size_t *i)
{
	int h, m, sec;
	if (getnum(s, n, i, &h) != 0 || h >= 24)
		return -1;
	if (*i >= n || s[(*i)++] != ':' || getnum(s, n, i, &m) != 0 || m >= 60)
		return -1;
	if (*i >= n || s[(*i)++] != ':' || getnum(s, n, i, &sec) != 0 || sec >= 60)
		return -1;
	if (*i + 1 < n && (s[*i] == '.' || s[*i] == ',') && is_digit(s[*i + 1]))
		for ((*i)++; *i < n && is_digit(s[*i]); (*i)++)
			;
	return 0;
}

/* "Z07:00": Z, or a sign, two-digit hours, a colon and two-digit minutes. */
static int ts_zone(const char *s, size_t n, size_t *i)
{
	if (*i < n && s[*i] == 'Z') {
		(*i)++;
		return 0;
	}
	const char *z = s + *i;
	if (n - *i < 6 || z[3] != ':' || (z[0] != '+' && z[0] != '-'))
		return -1;
	if (!is_digit(z[1]) || !is_digit(z[2]) || !is_digit(z[4]) || !is_digit(z[5]))
		return -1;
	int hr = (z[1] - '0') * 10 + (z[2] - '0'), mm = (z[4] - '0') * 10 + (z[5] - '0');
	if (hr > 24 || mm > 60)
		return -1;
	*i += 6;
	return 0;
}

/*
 * go-yaml v2's parseTimestamp: time.Parse with the layouts
 * "2006-1-2T15:4:5.999999999Z07:00" (also with "t"),
 * "2006-1-2 15:4:5.999999999" and "2006-1-2".
 */
int cc_yaml_go_timestamp(const char *s, size_t n)
{
	size_t i;
	if (n < 5 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]) || !is_digit(s[3]) ||
	    s[4] != '-')
		return 0;
	if (ts_date(s, n, &i) != 0)
		return 0;
	if (i == n)
		return 1;
	if (s[i] == 'T' || s[i] == 't') {
		i++;
		return ts_time(s, n, &i) == 0 && ts_zone(s, n, &i) == 0 && i == n;
	}
	if (s[i] != ' ')
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	return ts_time(s, n, &i) == 0 && i == n;
}

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decodes one group of four symbols (npad of them '='), appending to out. */
static void b64_group(const int v[4], int npad, cc_buf *out)
{
	unsigned long bits = ((unsigned long)v[0] << 18) | ((unsigned long)v[1] << 12) |
			     ((unsigned long)v[2] << 6) | (unsigned long)v[3];
	char bytes[3] = { (char)(bits >> 16), (char)(bits >> 8), (char)bits };
	cc_buf_put(out, bytes, (size_t)(3 - npad));
}

int cc_yaml_base64_decode(const char *s, size_t len, cc_buf *out)
{
	int v[4];
	int k = 0, npad = 0;
	cc_buf_put(out, "", 0);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' || c == '\r')
			continue;
		if (npad > 0 && c != '=')
			return -1; /* data after padding */
		if (c == '=') {
			if (k < 2)
				return -1;
			npad++;
			v[k++] = 0;
		} else {
			if ((v[k++] = b64_value(c)) < 0)
				return -1;
		}
		if (k == 4) {
			b64_group(v, npad, out);
			k = 0;
			if (npad)
				npad = 3; /* a full padded group ends the data */
		}
	}
	return k == 0 ? 0 : -1;
}

/* Length of the valid UTF-8 sequence at s, or 0 (Go's utf8.DecodeRune rules). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t w = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 :
		   c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	if (w == 0 || w > n)
		return 0;
	for (size_t i = 1; i < w; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ||
	    (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
		return 0; /* overlong, surrogate or past U+10FFFF */
	return w;
}

void cc_yaml_utf8_sanitize(const char *s, size_t len, cc_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	cc_buf_put(out, "", 0);
	while (i < len) {
		size_t w = utf8_len(p + i, len - i);
		if (w == 0) {
			cc_buf_put(out, "\xEF\xBF\xBD", 3);
			i++;
		} else {
			cc_buf_put(out, s + i, w);
			i += w;
		}
	}
}

/* float64 -> float32 as Go converts: round to nearest even, overflow to Inf. */
static float to_float32(double f)
{
	if (isnan(f))
		return NAN;
	if (fabs(f) >= 0x1.ffffffp+127) /* halfway past FLT_MAX rounds up */
		return f < 0 ? -INFINITY : INFINITY;
	return (float)f;
}

/* Reads "d.ddde±x" into a digit string and a decimal exponent. */
static size_t sci_digits(const char *sci, char *digits, int *exp10)
{
	size_t nd = 0;
	const char *p = sci;
	for (; *p && *p != 'e'; p++)
		if (is_digit(*p))
			digits[nd++] = *p;
	*exp10 = *p == 'e' ? atoi(p + 1) : 0;
	digits[nd] = '\0';
	return nd;
}

/*
 * Moves an nd-digit mantissa one unit in its last place (delta +1 or -1),
 * keeping nd digits: 9.9e4 + 1 is 1.0e5 and 1.0e5 - 1 is 9.9e4.
 */
static void bump_digits(char *digits, size_t nd, int *exp10, int delta)
{
	size_t i = nd;
	while (i > 0) {
		i--;
		int d = digits[i] - '0' + delta;
		if (d >= 0 && d <= 9) {
			digits[i] = (char)('0' + d);
			break;
		}
		digits[i] = delta > 0 ? '0' : '9';
		if (i == 0) { /* 99 + 1 carried out of the mantissa */
			digits[0] = '1';
			(*exp10)++;
			return;
		}
	}
	if (digits[0] == '0') { /* 10 - 1: the next lower value has a smaller exponent */
		memset(digits, '9', nd);
		(*exp10)--;
	}
}

static int digits_parse_to(const char *digits, size_t nd, int exp10, float want)
{
	char buf[64];
	snprintf(buf, sizeof(buf), "%c.%se%d", digits[0], nd > 1 ? digits + 1 : "", exp10);
	return strtof(buf, NULL) == want;
}

/*
 * Shortest digits that read back as x (strconv's shortest mode). For each
 * length the correctly rounded candidate comes first; its two neighbours
 * matter only where the gap below x is half the gap above (x a power of
 * two), and at most one of them can read back when the candidate does not.
 */
static size_t shortest_float32(float x, char *digits, int *exp10)
{
	char sci[64], cand[16];
	for (int p = 1; p <= 9; p++) {
		snprintf(sci, sizeof(sci), "%.*e", p - 1, (double)x);
		size_t nd = sci_digits(sci, digits, exp10);
		if (digits_parse_to(digits, nd, *exp10, x))
			return nd;
		for (int delta = 1; delta >= -1; delta -= 2) {
			int e = *exp10;
			memcpy(cand, digits, nd + 1);
			bump_digits(cand, nd, &e, delta);
			if (digits_parse_to(cand, nd, e, x)) {
				memcpy(digits, cand, nd + 1);
				*exp10 = e;
				return nd;
			}
		}
	}
	return sci_digits(sci, digits, exp10); /* 9 digits always read back */
}

/* Go's %e with the shortest digits: d.ddde+XX, at least two exponent digits. */
static void format_e(cc_buf *b, const char *digits, size_t nd, int exp10)
{
	cc_buf_putc(b, digits[0]);
	if (nd > 1) {
		cc_buf_putc(b, '.');
		cc_buf_put(b, digits + 1, nd - 1);
	}
	cc_buf_printf(b, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
}

/* Go's %f with the shortest digits: dp is where the decimal point goes. */
static void format_f(cc_buf *b, const char *digits, size_t nd, int dp)
{
	if (dp <= 0) {
		cc_buf_putc(b, '0');
	} else {
		for (int i = 0; i < dp; i++)
			cc_buf_putc(b, (size_t)i < nd ? digits[i] : '0');
	}
	if ((int)nd > dp) {
		cc_buf_putc(b, '.');
		for (int i = dp < 0 ? dp : 0; i < 0; i++)
			cc_buf_putc(b, '0');
		cc_buf_puts(b, digits + (dp > 0 ? dp : 0));
	}
}

void cc_yaml_format_float32(double f, char *out, size_t outsz)
{
	float x = to_float32(f);
	char digits[16];
	int exp10;
	if (isnan(x)) {
		snprintf(out, outsz, "NaN");
		return;
	}
	if (isinf(x)) {
		snprintf(out, outsz, "%s", x < 0 ? "-Inf" : "+Inf");
		return;
	}
	if (x == 0) {
		snprintf(out, outsz, "%s", signbit(x) ? "-0" : "0");
		return;
	}
	size_t nd = shortest_float32(fabsf(x), digits, &exp10);
	while (nd > 1 && digits[nd - 1] == '0')
		digits[--nd] = '\0';
	cc_buf b = CC_BUF_INIT;
	if (x < 0)
		cc_buf_putc(&b, '-');
	/* %e when the exponent is < -4 or >= 6: 'g' with shortest precision */
	if (exp10 < -4 || exp10 >= 6)
		format_e(&b, digits, nd, exp10);
	else
		format_f(&b, digits, nd, exp10 + 1);
	snprintf(out, outsz, "%s", b.ptr);
	cc_buf_free(&b);
}
