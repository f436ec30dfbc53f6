/*
 * num: JSON numbers compared as exact decimals.
 *
 * santhosh-tekuri turns every number into a big.Rat of its decimal text,
 * so 1.0 equals 1, 0.0075 is a multiple of 0.0001, and a float64 from the
 * values (printed shortest, as Go's fmt does) compares by the decimal a
 * user wrote rather than by its binary approximation. jansson hands us
 * long longs and doubles; a double becomes the shortest decimal that reads
 * back to it, which is the text fmt.Sprint would have produced. With the
 * value as digits and a power of ten, comparison is positional and
 * multipleOf is a remainder over at most 24 digits.
 */
#include "schema/schema_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sets n from a digit string (no sign) times 10^exp, normalising zeros. */
static void from_digits(cs_num *n, int sign, const char *d, size_t len, int exp)
{
	while (len > 0 && *d == '0')
		d++, len--;
	while (len > 0 && d[len - 1] == '0')
		len--, exp++;
	if (len == 0 || len > sizeof(n->dig)) {
		memset(n, 0, sizeof(*n));
		return;
	}
	n->sign = sign;
	n->ndig = (int)len;
	n->exp = exp;
	memcpy(n->dig, d, len);
}

/* The shortest "%.Ne" form of d that reads back as d. */
static void shortest(double d, char *buf, size_t sz)
{
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sz, "%.*e", prec - 1, d);
		if (strtod(buf, NULL) == d)
			return;
	}
}

static void from_double(cs_num *n, double d)
{
	char buf[40], dig[24];
	size_t nd = 0;
	if (d == 0 || !isfinite(d)) {
		memset(n, 0, sizeof(*n));
		return;
	}
	shortest(fabs(d), buf, sizeof(buf));
	char *e = strchr(buf, 'e');
	for (char *p = buf; p < e && nd < sizeof(dig); p++)
		if (*p >= '0' && *p <= '9')
			dig[nd++] = *p;
	int exp = atoi(e + 1) - (int)(nd - 1);
	from_digits(n, d < 0 ? -1 : 1, dig, nd, exp);
}

int cs_num_from_json(const json_t *j, cs_num *n)
{
	if (json_is_integer(j)) {
		long long v = json_integer_value(j);
		unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
		char buf[24];
		int len = snprintf(buf, sizeof(buf), "%llu", u);
		from_digits(n, v < 0 ? -1 : 1, buf, (size_t)len, 0);
		return 0;
	}
	if (json_is_real(j)) {
		from_double(n, json_real_value(j));
		return 0;
	}
	return -1;
}

static int cmp_abs(const cs_num *a, const cs_num *b)
{
	int ta = a->exp + a->ndig, tb = b->exp + b->ndig;
	if (ta != tb)
		return ta < tb ? -1 : 1;
	int len = a->ndig > b->ndig ? a->ndig : b->ndig;
	for (int i = 0; i < len; i++) {
		char da = i < a->ndig ? a->dig[i] : '0', db = i < b->ndig ? b->dig[i] : '0';
		if (da != db)
			return da < db ? -1 : 1;
	}
	return 0;
}

int cs_num_cmp(const cs_num *a, const cs_num *b)
{
	if (a->sign != b->sign)
		return a->sign < b->sign ? -1 : 1;
	if (a->sign == 0)
		return 0;
	return a->sign * cmp_abs(a, b);
}

int cs_num_is_int(const cs_num *n)
{
	return n->sign == 0 || n->exp >= 0;
}

/* v is a multiple of m when v.dig * 10^(v.exp - m.exp) divides by m.dig; a
 * negative power can never divide, because normalised digits end in no 0. */
int cs_num_multiple_of(const cs_num *v, const cs_num *m)
{
	if (m->sign == 0)
		return 0;
	if (v->sign == 0)
		return 1;
	int k = v->exp - m->exp;
	if (k < 0)
		return 0;
	unsigned __int128 mod = 0, r = 0;
	for (int i = 0; i < m->ndig; i++)
		mod = mod * 10 + (unsigned)(m->dig[i] - '0');
	for (int i = 0; i < v->ndig; i++)
		r = (r * 10 + (unsigned)(v->dig[i] - '0')) % mod;
	for (int i = 0; i < k && r != 0; i++)
		r = (r * 10) % mod;
	return r == 0;
}

double cs_num_double(const cs_num *n)
{
	char buf[48];
	if (n->sign == 0)
		return 0;
	snprintf(buf, sizeof(buf), "%s%.*se%d", n->sign < 0 ? "-" : "", n->ndig, n->dig, n->exp);
	return strtod(buf, NULL);
}

long long cs_num_ll(const cs_num *n)
{
	double d = cs_num_double(n);
	if (d >= 9.2e18)
		return 9200000000000000000LL;
	if (d <= -9.2e18)
		return -9200000000000000000LL;
	if (n->exp >= 0 && n->ndig + n->exp <= 18) {
		long long v = 0;
		for (int i = 0; i < n->ndig; i++)
			v = v * 10 + (n->dig[i] - '0');
		for (int i = 0; i < n->exp; i++)
			v *= 10;
		return n->sign * v;
	}
	return (long long)d;
}

uint64_t cs_num_hash(const cs_num *n)
{
	uint64_t h = 1469598103934665603ULL;
	h = (h ^ (uint64_t)(n->sign + 2)) * 1099511628211ULL;
	for (int i = 0; i < n->ndig; i++)
		h = (h ^ (unsigned char)n->dig[i]) * 1099511628211ULL;
	return (h ^ (uint64_t)(unsigned)n->exp) * 1099511628211ULL;
}

/* Writes digits d[0..nd) with the decimal point after `point` digits. */
static void put_plain(cc_buf *b, const char *d, int nd, int point)
{
	if (point <= 0) {
		cc_buf_puts(b, "0.");
		for (int i = 0; i < -point; i++)
			cc_buf_putc(b, '0');
		cc_buf_put(b, d, (size_t)nd);
		return;
	}
	for (int i = 0; i < point || i < nd; i++) {
		if (i == point)
			cc_buf_putc(b, '.');
		cc_buf_putc(b, i < nd ? d[i] : '0');
	}
}

static void put_exp(cc_buf *b, const char *d, int nd, int e10)
{
	cc_buf_putc(b, d[0]);
	if (nd > 1) {
		cc_buf_putc(b, '.');
		cc_buf_put(b, d + 1, (size_t)nd - 1);
	}
	cc_buf_printf(b, "e%c%02d", e10 < 0 ? '-' : '+', e10 < 0 ? -e10 : e10);
}

/* Digits with ',' between groups of three, as x/text prints English. */
static void put_grouped(cc_buf *b, const char *d, int n)
{
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			cc_buf_putc(b, ',');
		cc_buf_putc(b, d[i]);
	}
}

void cs_int_print(char *buf, size_t sz, long long v)
{
	char digits[24];
	cc_buf b = CC_BUF_INIT;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	int n = snprintf(digits, sizeof(digits), "%llu", u);
	if (v < 0)
		cc_buf_putc(&b, '-');
	put_grouped(&b, digits, n);
	snprintf(buf, sz, "%s", b.ptr);
	cc_buf_free(&b);
}

/* x/text's exponent: superscript digits, at least two, a superscript minus. */
static void put_sup_exp(cc_buf *b, int e10)
{
	static const char *const sup[] = { "\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074",
					   "\u2075", "\u2076", "\u2077", "\u2078", "\u2079" };
	char digits[16];
	int n = snprintf(digits, sizeof(digits), "%02d", e10 < 0 ? -e10 : e10);
	cc_buf_puts(b, "\u00d710");
	if (e10 < 0)
		cc_buf_puts(b, "\u207b");
	for (int i = 0; i < n; i++)
		cc_buf_puts(b, sup[digits[i] - '0']);
}

/* helm's %v of a float64, printed through x/text/message in English:
 * shortest digits; scientific (1.5, a times sign, 10, superscript 06) when the exponent is
 * below -4 or at least 6, as strconv's 'g' decides; otherwise the integer
 * part grouped by thousands ("1,234.5"). */
void cs_num_print(cc_buf *b, double d)
{
	cs_num n;
	from_double(&n, d);
	if (n.sign == 0) {
		cc_buf_puts(b, "0");
		return;
	}
	if (n.sign < 0)
		cc_buf_putc(b, '-');
	int e10 = n.exp + n.ndig - 1;
	if (e10 < -4 || e10 >= 6) {
		cc_buf_putc(b, n.dig[0]);
		if (n.ndig > 1) {
			cc_buf_putc(b, '.');
			cc_buf_put(b, n.dig + 1, (size_t)n.ndig - 1);
		}
		put_sup_exp(b, e10);
		return;
	}
	if (e10 < 0) {
		put_plain(b, n.dig, n.ndig, e10 + 1);
		return;
	}
	char ip[8];
	int il = e10 + 1;
	for (int i = 0; i < il; i++)
		ip[i] = i < n.ndig ? n.dig[i] : '0';
	put_grouped(b, ip, il);
	if (n.ndig > il) {
		cc_buf_putc(b, '.');
		cc_buf_put(b, n.dig + il, (size_t)(n.ndig - il));
	}
}

/* A schema number as its JSON text most likely read: integers as they
 * are, reals with a fraction or an exponent (jansson kept no text). */
void cs_num_display(cc_buf *b, const json_t *j)
{
	cs_num n;
	if (json_is_integer(j)) {
		cc_buf_printf(b, "%lld", (long long)json_integer_value(j));
		return;
	}
	cs_num_from_json(j, &n);
	if (n.sign == 0) {
		cc_buf_puts(b, "0.0");
		return;
	}
	if (n.sign < 0)
		cc_buf_putc(b, '-');
	int e10 = n.exp + n.ndig - 1;
	if (e10 < -4 || e10 >= 21) {
		put_exp(b, n.dig, n.ndig, e10);
		return;
	}
	put_plain(b, n.dig, n.ndig, e10 + 1);
	if (n.exp >= 0)
		cc_buf_puts(b, ".0");
}
