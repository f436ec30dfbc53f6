/*
 * scalar.c: the small conversions helm's decoding chain applies to scalars.
 *
 * sigs.k8s.io/yaml first decodes YAML with go-yaml v2 into Go values, turns
 * map keys into strings, and turns numbers and booleans into strings where
 * the target field is a string it can see; encoding/json then fills the
 * structs. Each function here is one step of that chain, so the decoder can
 * reach the same verdicts without building Go values.
 */
#include "index/index_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* go-yaml v2: underscores removed, then strconv.ParseInt(s, 0, 64) or ParseUint; "0b" binary. */
static int parse_int(const char *s, size_t n, char *out, size_t outsz)
{
	char buf[128];
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < sizeof(buf); i++)
		if (s[i] != '_')
			buf[k++] = s[i];
	buf[k] = '\0';
	const char *p = buf;
	int neg = 0, base = 10;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
		base = 2, p += 2;
	else if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2;
	else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
		base = 8, p += 2;
	else if (p[0] == '0' && p[1])
		base = 8, p += 1;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(p, &end, base);
	if (*end || errno)
		return -1;
	if (neg)
		snprintf(out, outsz, "-%llu", v);
	else
		snprintf(out, outsz, "%llu", v);
	return 0;
}

/* Go's strconv.FormatFloat(f, 'g', -1, 32): the shortest text that reads back as the same float32. */
static void go_float32(double d, char *out, size_t outsz)
{
	float f = (float)d;
	if (isnan(f)) {
		snprintf(out, outsz, "NaN");
		return;
	}
	if (isinf(f)) {
		snprintf(out, outsz, f > 0 ? "+Inf" : "-Inf");
		return;
	}
	char e[64];
	int p = 1;
	for (; p < 9; p++) {
		snprintf(e, sizeof(e), "%.*e", p - 1, (double)f);
		if ((float)strtod(e, NULL) == f)
			break;
	}
	snprintf(e, sizeof(e), "%.*e", p - 1, (double)f);
	int exp = atoi(strchr(e, 'e') + 1);
	if (exp < -4 || exp >= 6) /* strconv's rule for shortest 'g' (fmt's %v uses 21) */
		snprintf(out, outsz, "%s", e);
	else
		snprintf(out, outsz, "%.*f", p - 1 - exp > 0 ? p - 1 - exp : 0, (double)f);
}

static const char *bool_text(const char *s)
{
	static const char *const yes[] = { "y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
					   "true", "True", "TRUE" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcmp(s, yes[i]) == 0)
			return "true";
	return "false";
}

/* go-yaml v2 reads ".inf", "-.Inf", ".NaN" and ordinary floats; strtod handles the rest. */
static double yaml_float(const char *s)
{
	const char *p = s + (*s == '+' || *s == '-');
	if (p[0] == '.' && (p[1] == 'i' || p[1] == 'I'))
		return *s == '-' ? -INFINITY : INFINITY;
	if (p[0] == '.' && (p[1] == 'n' || p[1] == 'N'))
		return NAN;
	char buf[128];
	size_t k = 0;
	for (; *s && k + 1 < sizeof(buf); s++)
		if (*s != '_')
			buf[k++] = *s;
	buf[k] = '\0';
	return strtod(buf, NULL);
}

/* A number or boolean as sigs.k8s.io/yaml prints it; NULL for other types. */
static const char *number_text(const ix_ev *e, cc_buf *scratch)
{
	char out[128];
	if (e->type == CC_YAML_T_BOOL) {
		snprintf(out, sizeof(out), "%s", bool_text(e->val));
	} else if (e->type == CC_YAML_T_INT) {
		if (parse_int(e->val, e->len, out, sizeof(out)) != 0)
			go_float32(yaml_float(e->val), out, sizeof(out)); /* beyond uint64: a float */
	} else if (e->type == CC_YAML_T_FLOAT) {
		go_float32(yaml_float(e->val), out, sizeof(out));
	} else {
		return NULL;
	}
	cc_buf_clear(scratch);
	cc_buf_puts(scratch, out);
	return scratch->ptr;
}

const char *ix_key_string(const ix_ev *e, cc_buf *scratch)
{
	if (e->type == CC_YAML_T_NULL)
		return NULL;
	const char *t = number_text(e, scratch);
	return t ? t : e->val;
}

const char *ix_coerce(const ix_ev *e, cc_buf *scratch)
{
	return number_text(e, scratch);
}

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int days_in(int m, int y)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* "2006-01-02T15:04:05", ranges checked as time.Parse checks them. */
static int date_time(const char *s)
{
	if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2) ||
	    s[10] != 'T' || !digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2) || s[16] != ':' ||
	    !digits(s + 17, 2))
		return 0;
	int y = num(s, 4), mo = num(s + 5, 2), d = num(s + 8, 2);
	if (mo < 1 || mo > 12 || d < 1 || d > days_in(mo, y))
		return 0;
	return num(s + 11, 2) <= 23 && num(s + 14, 2) <= 59 && num(s + 17, 2) <= 59;
}

/*
 * time.Parse(time.RFC3339, s), which Time.UnmarshalJSON applies: a date, 'T',
 * a time, an optional fraction ('.' or ',' and digits) and "Z" or ±hh:mm.
 */
int ix_rfc3339(const char *s, size_t len)
{
	if (len < 20 || !date_time(s))
		return 0;
	size_t i = 19;
	if (i < len && (s[i] == '.' || s[i] == ',') && i + 1 < len && digits(s + i + 1, 1)) {
		i++;
		while (i < len && digits(s + i, 1))
			i++;
	}
	if (len - i == 1 && s[i] == 'Z')
		return 1;
	if (len - i != 6 || (s[i] != '+' && s[i] != '-') || !digits(s + i + 1, 2) || s[i + 3] != ':' ||
	    !digits(s + i + 4, 2))
		return 0;
	return num(s + i + 1, 2) <= 23 && num(s + i + 4, 2) <= 59;
}

/* One UTF-8 sequence at s (n > 0 bytes left): its code point and length; invalid bytes as U+FFFD, 1. */
static unsigned utf8(const unsigned char *s, size_t n, size_t *k)
{
	unsigned c = s[0];
	size_t need = c < 0x80 ? 0 : c >= 0xF0 && c < 0xF5 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c < 0xE0 ? 1 : 9;
	*k = 1;
	if (need == 0 || need == 9 || need >= n)
		return need == 0 ? c : 0xFFFD;
	unsigned v = c & (0x3F >> need);
	for (size_t i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0xFFFD;
		v = (v << 6) | (s[i] & 0x3F);
	}
	*k = need + 1;
	return v;
}

static int uni_space(unsigned c)
{
	return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0x85 || c == 0xA0 ||
	       c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000;
}

static int not_printable(unsigned c)
{
	return c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xAD || (c >= 0x200B && c <= 0x200F) ||
	       (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF ||
	       (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF;
}

void ix_sanitize(const char *s, size_t len, cc_buf *out)
{
	cc_buf_clear(out);
	cc_buf_grow(out, len + 1);
	for (size_t i = 0; i < len;) {
		size_t k;
		unsigned c = utf8((const unsigned char *)s + i, len - i, &k);
		if (uni_space(c))
			cc_buf_putc(out, ' ');
		else if (c == 0xFFFD && k == 1 && (unsigned char)s[i] >= 0x80)
			cc_buf_put(out, "\xEF\xBF\xBD", 3); /* Go maps bad bytes to U+FFFD, printable */
		else if (!not_printable(c))
			cc_buf_put(out, s + i, k);
		i += k;
	}
}
