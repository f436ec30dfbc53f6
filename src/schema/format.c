/*
 * format: the `format` values helm asserts (drafts 4 to 7), with the
 * reasons santhosh-tekuri gives.
 *
 * The set is santhosh-tekuri's: json-pointer, relative-json-pointer, uuid,
 * duration, period, ipv4, ipv6, hostname, email, date, time, date-time,
 * uri, iri, uri-reference, iri-reference, uri-template, semver, regex.
 * Any other name (idn-email, idn-hostname, a typo) is not checked, as
 * there. Each checker is a port of the documented rule, not of a grammar
 * library, because the verdicts (an ipv4 "+1" part passes Go's Atoi) and
 * the reasons ("missing @") must be helm's. Network-shaped formats live in
 * format_net.c.
 */
#include "schema/schema_int.h"

#include <string.h>

static int fail(cc_buf *why, const char *msg)
{
	cc_buf_puts(why, msg);
	return -1;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int cs_fmt_atoi(const char *s, size_t len, long long *out, cc_buf *why)
{
	size_t i = 0;
	int neg = 0;
	unsigned long long v = 0;
	if (len > 0 && (s[0] == '+' || s[0] == '-'))
		neg = s[0] == '-', i = 1;
	int bad = i == len, range = 0;
	for (; i < len && !bad; i++) {
		if (!is_digit(s[i]))
			bad = 1;
		else if (v > (9223372036854775807ULL - (unsigned)(s[i] - '0')) / 10)
			range = 1;
		else
			v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (bad || range) {
		cc_buf_puts(why, "strconv.Atoi: parsing ");
		cs_quote_go(why, s, len);
		cc_buf_puts(why, bad ? ": invalid syntax" : ": value out of range");
		return -1;
	}
	*out = neg ? -(long long)v : (long long)v;
	return 0;
}

static int json_pointer(const char *s, size_t len, cc_buf *why)
{
	if (len == 0)
		return 0;
	if (s[0] != '/')
		return fail(why, "not starting with /");
	for (size_t i = 1; i < len; i++) {
		if (s[i] != '~')
			continue;
		if (i + 1 >= len || (s[i + 1] != '0' && s[i + 1] != '1'))
			return fail(why, "~ must be followed by 0 or 1");
		i++;
	}
	return 0;
}

static int rel_json_pointer(const char *s, size_t len, cc_buf *why)
{
	size_t n = 0;
	while (n < len && is_digit(s[n]))
		n++;
	if (n == 0)
		return fail(why, "must start with non-negative integer");
	if (n > 1 && s[0] == '0')
		return fail(why, "starts with zero");
	if (len - n == 1 && s[n] == '#')
		return 0;
	return json_pointer(s + n, len - n, why);
}

static int uuid(const char *s, size_t len, cc_buf *why)
{
	static const size_t groups[] = { 8, 4, 4, 4, 12 };
	size_t count = 1, g = 0, glen = 0;
	for (size_t i = 0; i < len; i++)
		count += s[i] == '-';
	if (count != 5)
		return fail(why, "must have 5 elements");
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '-') {
			if (glen != groups[g]) {
				cc_buf_printf(why, "element %zu must be %zu characters long", g + 1, groups[g]);
				return -1;
			}
			g++, glen = 0;
			continue;
		}
		glen++;
	}
	for (size_t i = 0; i < len;) {
		uint32_t r;
		size_t n = cs_utf8_next(s + i, len - i, &r);
		if (r != '-' && !(r < 0x80 && strchr("0123456789abcdefABCDEF", (int)r) && r)) {
			cc_buf_puts(why, "non-hex character ");
			cs_quote_rune(why, r);
			return -1;
		}
		i += n;
	}
	return 0;
}

/* One part of a duration ("1Y2M" or "3H"): numbers each followed by a unit
 * from units, in order. */
static int duration_part(const char *s, size_t len, const char *units, cc_buf *why)
{
	const char *allowed = units;
	while (len > 0) {
		size_t d = 0;
		while (d < len && is_digit(s[d]))
			d++;
		if (d == 0)
			return fail(why, "missing number");
		s += d, len -= d;
		if (len == 0)
			return fail(why, "missing unit");
		const char *u = strchr(allowed, s[0]);
		if (!u || !s[0]) {
			cc_buf_puts(why, strchr(units, s[0]) && s[0] ? "unit " : "invalid unit ");
			cs_quote_rune(why, (unsigned char)s[0]);
			if (strchr(units, s[0]) && s[0])
				cc_buf_puts(why, " out of order");
			return -1;
		}
		allowed = u + 1;
		s++, len--;
	}
	return 0;
}

static int duration(const char *s, size_t len, cc_buf *why)
{
	if (len == 0 || s[0] != 'P')
		return fail(why, "must start with P");
	s++, len--;
	if (len == 0)
		return fail(why, "nothing after P");
	if (s[len - 1] == 'W') {
		if (len == 1)
			return fail(why, "no number in week");
		for (size_t i = 0; i + 1 < len; i++)
			if (!is_digit(s[i]))
				return fail(why, "invalid week");
		return 0;
	}
	static const char *const units[] = { "YMD", "HMS" };
	size_t part = 0, start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != 'T')
			continue;
		if (part != 0 && i == start)
			return fail(why, "no time elements");
		if (part >= 2)
			return fail(why, "more than one T");
		if (duration_part(s + start, i - start, units[part], why) != 0)
			return -1;
		part++, start = i + 1;
	}
	return 0;
}

static int period_end(const char *s, size_t len, const char *what, int dur, cc_buf *why)
{
	cc_buf inner = CC_BUF_INIT;
	int rc = dur ? duration(s, len, &inner) : cs_fmt_date_time(s, len, &inner);
	if (rc != 0)
		cc_buf_printf(why, "invalid %s %s: %s", what, dur ? "duration" : "date-time", inner.ptr);
	cc_buf_free(&inner);
	return rc;
}

static int period(const char *s, size_t len, cc_buf *why)
{
	const char *slash = memchr(s, '/', len);
	if (!slash)
		return fail(why, "missing slash");
	size_t sl = (size_t)(slash - s), el = len - sl - 1;
	const char *e = slash + 1;
	if (sl > 0 && s[0] == 'P')
		return period_end(s, sl, "start", 1, why) ? -1 : period_end(e, el, "end", 0, why);
	if (period_end(s, sl, "start", 0, why) != 0)
		return -1;
	return period_end(e, el, "end", el > 0 && e[0] == 'P', why);
}

static int semver_ids(const char *s, size_t len, int pre, cc_buf *why)
{
	const char *what = pre ? "pre-release" : "build";
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		const char *id = s + start;
		size_t n = i - start, digits = 0;
		if (n == 0) {
			cc_buf_printf(why, "%s identifier is empty", what);
			return -1;
		}
		for (size_t k = 0; k < n;) {
			uint32_t r;
			size_t used = cs_utf8_next(id + k, n - k, &r);
			if (r >= '0' && r <= '9')
				digits++;
			else if (!((r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '-')) {
				cc_buf_puts(why, "invalid character ");
				cs_quote_rune(why, r);
				cc_buf_printf(why, " in %s identifier", what);
				return -1;
			}
			k += used;
		}
		if (pre && digits == n && n > 1 && id[0] == '0')
			return fail(why, "pre-release numeric identifier starts with zero");
		start = i + 1;
	}
	return 0;
}

static int semver_core(const char *s, size_t len, cc_buf *why)
{
	static const char *const names[] = { "major", "minor", "patch" };
	size_t dots = 0;
	for (size_t i = 0; i < len; i++)
		dots += s[i] == '.';
	if (dots != 2)
		return fail(why, "versionCore must have 3 numbers separated by dot");
	size_t start = 0, k = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		size_t n = i - start;
		const char *fmt = n == 0 ? "%s is empty"
				  : n > 1 && s[start] == '0' ? "%s starts with zero"
							     : NULL;
		for (size_t j = start; !fmt && j < i; j++)
			if (!is_digit(s[j]))
				fmt = "%s contains non-digit";
		if (fmt) {
			cc_buf_printf(why, fmt, names[k]);
			return -1;
		}
		start = i + 1, k++;
	}
	return 0;
}

static int semver(const char *s, size_t len, cc_buf *why)
{
	const char *plus = memchr(s, '+', len);
	if (plus) {
		size_t blen = len - (size_t)(plus - s) - 1;
		if (blen == 0)
			return fail(why, "build is empty");
		if (semver_ids(plus + 1, blen, 0, why) != 0)
			return -1;
		len = (size_t)(plus - s);
	}
	const char *dash = memchr(s, '-', len);
	if (dash) {
		if (semver_ids(dash + 1, len - (size_t)(dash - s) - 1, 1, why) != 0)
			return -1;
		len = (size_t)(dash - s);
	}
	return semver_core(s, len, why);
}

static const cs_format formats[] = {
	{ "json-pointer", json_pointer },
	{ "relative-json-pointer", rel_json_pointer },
	{ "uuid", uuid },
	{ "duration", duration },
	{ "period", period },
	{ "ipv4", cs_fmt_ipv4 },
	{ "ipv6", cs_fmt_ipv6 },
	{ "hostname", cs_fmt_hostname },
	{ "email", cs_fmt_email },
	{ "date", cs_fmt_date },
	{ "time", cs_fmt_time },
	{ "date-time", cs_fmt_date_time },
	{ "uri", cs_fmt_uri },
	{ "iri", cs_fmt_uri },
	{ "uri-reference", cs_fmt_uri_ref },
	{ "iri-reference", cs_fmt_uri_ref },
	{ "uri-template", cs_fmt_uri_template },
	{ "semver", semver },
	{ "regex", NULL },
};

const cs_format *cs_format_find(const char *name)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}
