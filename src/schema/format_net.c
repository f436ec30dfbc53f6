/*
 * format_net: `ipv4`, `ipv6`, `hostname`, `email` and the URI formats as
 * helm checks them.
 *
 * ipv6 is Go's netip.ParseAddr (zones refused afterwards), ipv4 a split on
 * dots with Go's Atoi, hostname and email santhosh-tekuri's Wikipedia-rule
 * checks, and the URI formats Go's url.Parse plus santhosh-tekuri's IPv6
 * host check. The reasons are theirs, so a chartci message names the same
 * fault helm would.
 */
#include "schema/schema_int.h"

#include <string.h>

static int fail(cc_buf *why, const char *msg)
{
	cc_buf_puts(why, msg);
	return -1;
}

int cs_fmt_ipv4(const char *s, size_t len, cc_buf *why)
{
	size_t dots = 0;
	for (size_t i = 0; i < len; i++)
		dots += s[i] == '.';
	if (dots != 3)
		return fail(why, "expected four decimals");
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		const char *g = s + start;
		size_t n = i - start;
		long long v;
		if (n > 1 && g[0] == '0')
			return fail(why, "leading zeros");
		if (cs_fmt_atoi(g, n, &v, why) != 0)
			return -1;
		if (v < 0 || v > 255)
			return fail(why, "decimal must be between 0 and 255");
		start = i + 1;
	}
	return 0;
}

/* netip's parseAddrError text. */
static int addr_err(cc_buf *why, const char *in, size_t inlen, const char *msg, const char *at,
		    size_t atlen)
{
	cc_buf_puts(why, "ParseAddr(");
	cs_quote_go(why, in, inlen);
	cc_buf_printf(why, "): %s", msg);
	if (at && atlen) {
		cc_buf_puts(why, " (at ");
		cs_quote_go(why, at, atlen);
		cc_buf_putc(why, ')');
	}
	return -1;
}

/* netip's parseIPv4Fields over in[off..end). */
static int ipv4_fields(const char *in, size_t inlen, size_t off, size_t end, cc_buf *why)
{
	const char *s = in + off;
	size_t n = end - off;
	int val = 0, pos = 0, dig = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (dig == 1 && val == 0)
				return addr_err(why, in, inlen, "IPv4 field has octet with leading zero", NULL, 0);
			val = val * 10 + (s[i] - '0'), dig++;
			if (val > 255)
				return addr_err(why, in, inlen, "IPv4 field has value >255", NULL, 0);
		} else if (s[i] == '.') {
			if (i == 0 || i == n - 1 || s[i - 1] == '.')
				return addr_err(why, in, inlen, "IPv4 field must have at least one digit",
						s + i, n - i);
			if (pos == 3)
				return addr_err(why, in, inlen, "IPv4 address too long", NULL, 0);
			pos++, val = 0, dig = 0;
		} else {
			return addr_err(why, in, inlen, "unexpected character", s + i, n - i);
		}
	}
	if (pos < 3)
		return addr_err(why, in, inlen, "IPv4 address too short", NULL, 0);
	return 0;
}

/* One hex group of netip's parseIPv6 at s; sets *used, or fails. */
static int ipv6_group(const char *in, size_t inlen, const char *s, size_t n, size_t *used,
		      cc_buf *why)
{
	unsigned acc = 0;
	size_t off = 0;
	for (; off < n && cs_hexval(s[off]) >= 0; off++) {
		acc = (acc << 4) + (unsigned)cs_hexval(s[off]);
		if (off > 3)
			return addr_err(why, in, inlen, "each group must have 4 or less digits", s, n);
		if (acc > 0xffff)
			return addr_err(why, in, inlen, "IPv6 field has value >=2^16", s, n);
	}
	if (off == 0)
		return addr_err(why, in, inlen, "each colon-separated field must have at least one digit",
				s, n);
	*used = off;
	return 0;
}

/* The state of netip's parseIPv6 walking the address. */
typedef struct v6 {
	const char *in, *s;
	size_t inlen, n, zlen;
	int ellipsis, i, zone;
} v6;

/* An embedded IPv4 ending the address (s at its first digit). */
static int v6_ipv4(v6 *p, cc_buf *why)
{
	if (p->ellipsis < 0 && p->i != 12)
		return addr_err(why, p->in, p->inlen,
				"embedded IPv4 address must replace the final 2 fields of the address", p->s, p->n);
	if (p->i + 4 > 16)
		return addr_err(why, p->in, p->inlen,
				"too many hex fields to fit an embedded IPv4 at the end of the address", p->s, p->n);
	size_t end = p->inlen - (p->zone ? p->zlen + 1 : 0);
	if (ipv4_fields(p->in, p->inlen, end - p->n, end, why) != 0)
		return -1;
	p->n = 0, p->i += 4;
	return 1;
}

/* One group and what follows it: 1 at the end, 0 to go on, -1 on error. */
static int v6_step(v6 *p, cc_buf *why)
{
	size_t off = 0;
	if (ipv6_group(p->in, p->inlen, p->s, p->n, &off, why) != 0)
		return -1;
	if (off < p->n && p->s[off] == '.')
		return v6_ipv4(p, why);
	p->i += 2, p->s += off, p->n -= off;
	if (p->n == 0)
		return 1;
	if (p->s[0] != ':')
		return addr_err(why, p->in, p->inlen, "unexpected character, want colon", p->s, p->n);
	if (p->n == 1)
		return addr_err(why, p->in, p->inlen, "colon must be followed by more characters", p->s, p->n);
	p->s++, p->n--;
	if (p->s[0] != ':')
		return 0;
	if (p->ellipsis >= 0)
		return addr_err(why, p->in, p->inlen, "multiple :: in address", p->s, p->n);
	p->ellipsis = p->i, p->s++, p->n--;
	return p->n == 0;
}

/* netip's parseIPv6 over in (zone included); *zone says whether one was given. */
static int ipv6_parse(const char *in, size_t inlen, int *zone, cc_buf *why)
{
	const char *pct = memchr(in, '%', inlen);
	v6 p = { in, in, inlen, pct ? (size_t)(pct - in) : inlen, 0, -1, 0, pct != NULL };
	p.zlen = pct ? inlen - p.n - 1 : 0;
	*zone = p.zone;
	if (pct && p.zlen == 0)
		return addr_err(why, in, inlen, "zone must be a non-empty string", NULL, 0);
	if (p.n >= 2 && in[0] == ':' && in[1] == ':') {
		p.ellipsis = 0, p.s += 2, p.n -= 2;
		if (p.n == 0)
			return 0;
	}
	int rc = 0;
	while (p.i < 16 && rc == 0)
		rc = v6_step(&p, why);
	if (rc < 0)
		return -1;
	if (p.n != 0)
		return addr_err(why, in, inlen, "trailing garbage after address", p.s, p.n);
	if (p.i < 16 && p.ellipsis < 0)
		return addr_err(why, in, inlen, "address string too short", NULL, 0);
	if (p.i == 16 && p.ellipsis >= 0)
		return addr_err(why, in, inlen, "the :: must expand to at least one field of zeros", NULL, 0);
	return 0;
}

int cs_fmt_ipv6(const char *s, size_t len, cc_buf *why)
{
	if (!memchr(s, ':', len))
		return fail(why, "missing colon");
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.')
			return ipv4_fields(s, len, 0, len, why);
		if (s[i] == ':')
			break;
		if (s[i] == '%')
			return addr_err(why, s, len, "missing IPv6 address", NULL, 0);
	}
	int zone;
	if (ipv6_parse(s, len, &zone, why) != 0)
		return -1;
	if (zone)
		return fail(why, "zone id is not a part of ipv6 address");
	return 0;
}

static int label_ok(const char *l, size_t n, cc_buf *why)
{
	if (n < 1 || n > 63)
		return fail(why, "label must be 1 to 63 characters long");
	if (l[0] == '-')
		return fail(why, "label starts with hyphen");
	if (l[n - 1] == '-')
		return fail(why, "label ends with hyphen");
	for (size_t i = 0; i < n;) {
		uint32_t r;
		size_t used = cs_utf8_next(l + i, n - i, &r);
		if (!((r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') ||
		      r == '-')) {
			cc_buf_puts(why, "invalid character ");
			cs_quote_rune(why, r);
			return -1;
		}
		i += used;
	}
	return 0;
}

int cs_fmt_hostname(const char *s, size_t len, cc_buf *why)
{
	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len > 253)
		return fail(why, "more than 253 characters long");
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (label_ok(s + start, i - start, why) != 0)
			return -1;
		start = i + 1;
	}
	return 0;
}

static int local_part(const char *l, size_t n, cc_buf *why)
{
	if (n > 1 && l[0] == '"') {
		for (size_t i = 1; i + 1 < n; i++)
			if (l[i] == '\\' || l[i] == '"')
				return fail(why, "backslash and quote are not allowed within quoted local part");
		return 0;
	}
	if (n > 0 && l[0] == '.')
		return fail(why, "starts with dot");
	if (n > 0 && l[n - 1] == '.')
		return fail(why, "ends with dot");
	for (size_t i = 0; i + 1 < n; i++)
		if (l[i] == '.' && l[i + 1] == '.')
			return fail(why, "consecutive dots");
	for (size_t i = 0; i < n;) {
		uint32_t r;
		size_t used = cs_utf8_next(l + i, n - i, &r);
		int ok = (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') ||
			 (r < 0x80 && r && strchr(".!#$%&'*+-/=?^_`{|}~", (int)r));
		if (!ok) {
			cc_buf_puts(why, "invalid character ");
			cs_quote_rune(why, r);
			return -1;
		}
		i += used;
	}
	return 0;
}

static int email_domain(const char *d, size_t n, cc_buf *why)
{
	cc_buf inner = CC_BUF_INIT;
	const char *what = "invalid domain: %s";
	int rc;
	if (n >= 2 && d[0] == '[' && d[n - 1] == ']') {
		d++, n -= 2;
		if (n >= 5 && strncmp(d, "IPv6:", 5) == 0) {
			rc = cs_fmt_ipv6(d + 5, n - 5, &inner);
			what = "invalid ipv6 address: %s";
		} else {
			rc = cs_fmt_ipv4(d, n, &inner);
			what = "invalid ipv4 address: %s";
		}
	} else {
		rc = cs_fmt_hostname(d, n, &inner);
	}
	if (rc != 0)
		cc_buf_printf(why, what, inner.ptr);
	cc_buf_free(&inner);
	return rc;
}

int cs_fmt_email(const char *s, size_t len, cc_buf *why)
{
	if (len > 254)
		return fail(why, "more than 255 characters long");
	const char *at = NULL;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '@')
			at = s + i;
	if (!at)
		return fail(why, "missing @");
	size_t ln = (size_t)(at - s);
	if (ln > 64)
		return fail(why, "local part more than 64 characters long");
	if (local_part(s, ln, why) != 0)
		return -1;
	return email_domain(at + 1, len - ln - 1, why);
}

/* santhosh-tekuri's parseURL: Go's url.Parse and an IPv6 host check. */
static int parse_url(const char *s, size_t len, cs_url *u, cc_buf *why)
{
	if (memchr(s, '\0', len))
		return fail(why, "parse: net/url: invalid control character in URL");
	if (cs_url_parse(s, u, why) != 0)
		return -1;
	cc_buf host = CC_BUF_INIT;
	cs_pct_decode(u->host ? u->host : "", u->host ? strlen(u->host) : 0, &host);
	char *h = host.ptr ? host.ptr : "";
	char *colon = strrchr(h, ':');
	int rc = 0;
	if (colon) {
		const char *p = colon + 1;
		while (*p >= '0' && *p <= '9')
			p++;
		if (!*p)
			*colon = '\0';
	}
	size_t hl = strlen(h);
	if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']')
		h[hl - 1] = '\0', h++;
	if (strchr(h, ':')) {
		cc_buf inner = CC_BUF_INIT;
		if (!strchr(u->host, '[') || !strchr(u->host, ']'))
			rc = fail(why, "ipv6 address not enclosed in brackets");
		else if (cs_fmt_ipv6(h, strlen(h), &inner) != 0)
			cc_buf_printf(why, "invalid ipv6 address: %s", inner.ptr), rc = -1;
		cc_buf_free(&inner);
	}
	cc_buf_free(&host);
	if (rc != 0)
		cs_url_free(u);
	return rc;
}

int cs_fmt_uri(const char *s, size_t len, cc_buf *why)
{
	cs_url u;
	if (parse_url(s, len, &u, why) != 0)
		return -1;
	int rel = u.scheme[0] == '\0';
	cs_url_free(&u);
	return rel ? fail(why, "relative url") : 0;
}

int cs_fmt_uri_ref(const char *s, size_t len, cc_buf *why)
{
	cs_url u;
	if (memchr(s, '\\', len))
		return fail(why, "contains \\");
	if (parse_url(s, len, &u, why) != 0)
		return -1;
	cs_url_free(&u);
	return 0;
}

/* Braces in one decoded path segment must pair up, never nested. */
static int braces_ok(const char *seg, size_t n, cc_buf *why)
{
	int want_open = 1;
	for (size_t i = 0; i < n; i++) {
		if (seg[i] != '{' && seg[i] != '}')
			continue;
		if ((seg[i] == '{') != want_open)
			return fail(why, "nested curly braces");
		want_open = !want_open;
	}
	return want_open ? 0 : fail(why, "no matching closing brace");
}

/* Go keeps a RawPath only when the path holds characters its escaping
 * would change; only then does santhosh-tekuri look at the braces. */
static int needs_raw(const char *p)
{
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      strchr("-_.~$&+,/:;=@!'()*[]%", *p)))
			return 1;
	return 0;
}

int cs_fmt_uri_template(const char *s, size_t len, cc_buf *why)
{
	cs_url u;
	if (parse_url(s, len, &u, why) != 0)
		return -1;
	int rc = 0;
	if (needs_raw(u.path)) {
		cc_buf seg = CC_BUF_INIT;
		for (const char *p = u.path; rc == 0;) {
			const char *slash = strchr(p, '/');
			size_t n = slash ? (size_t)(slash - p) : strlen(p);
			cs_pct_decode(p, n, &seg);
			rc = braces_ok(seg.ptr, seg.len, why);
			if (!slash)
				break;
			p = slash + 1;
		}
		cc_buf_free(&seg);
	}
	cs_url_free(&u);
	return rc;
}
