/*
 * validate: the string checks helm lint makes on Chart.yaml values, giving
 * the verdicts of the functions helm calls (asaskevich/govalidator at the
 * version helm v4 pins, on Go's net/url):
 *   IsRequestURL  Go's url.ParseRequestURI succeeds and finds a scheme
 *                 (sources, icon)
 *   IsURL         a length and url.Parse pre-check, then govalidator's URL
 *                 grammar: an optional http(s)/ws(s)/ftp/tcp/udp scheme, an
 *                 optional user, a host (dotted IPv4, bracketed IPv6 or a
 *                 name), optional port, path, query and fragment
 *                 (maintainers' url)
 *   IsEmail       govalidator's e-mail grammar (maintainers' email)
 * The verdicts are govalidator's and Go's, including their surprises
 * (mailto:x@y.com is a URL, "a"b"@c.com an e-mail, http://0.0.0.0 not a
 * URL), because a chart that passes or fails `helm lint` must pass or fail
 * here the same way. tests/unit/test_lint.c holds the cases, checked
 * against helm v4.1.4.
 *
 * The grammars are regular; they are written here as PCRE2 patterns and
 * matched with PCRE2's DFA matcher, which runs in time linear in the input
 * whatever the pattern's nesting, as Go's RE2 does: a backtracking matcher
 * would take exponential time on some hostile values. url.Parse is ported
 * as the few checks it makes (control bytes, scheme, authority, host,
 * port, %-escapes), following Go 1.25 as helm v4.1.4 is built with it.
 */
#include "lint/lint_int.h"

#include <arpa/inet.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- patterns */

/* Beyond ASCII, govalidator's e-mail grammar admits these letters ... */
#define U_MAIL "\\x{00A0}-\\x{D7FF}\\x{F900}-\\x{FDCF}\\x{FDF0}-\\x{FFEF}"
/* ... and its URL grammar every character of the Basic Multilingual Plane from U+00A1. */
#define U_URL "\\x{00A1}-\\x{D7FF}\\x{E000}-\\x{FFFF}"

/* Go's \S: everything but tab, newline, form feed, carriage return and space. */
#define NONSPACE "[^\\t\\n\\f\\r ]"

#define M_ALNUM "[A-Za-z0-9" U_MAIL "]"
#define M_ALPHA "[A-Za-z" U_MAIL "]"
#define M_ATEXT "[A-Za-z0-9!#$%&'*+/=?^_`{|}~" U_MAIL "-]"
/* folding white space of a quoted local part: spaces, at most one line break inside */
#define M_FWS "(?:(?:[ \\t]*\\r\\n)?[ \\t]+)"
/* one character of quoted text, or "(" and the character it lets through */
#define M_QCHAR "(?:[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f!\\x23-\\x5b\\x5d-\\x7e" U_MAIL "]" \
		"|\\([\\x01-\\x09\\x0b\\x0c\\x0d-\\x7f" U_MAIL "])"

/*
 * The local part is a dot-atom, or a run of quote-led characters closed by
 * a quote (govalidator's grammar repeats the opening quote with every
 * character). The domain is one or more labels, each ending in a dot, that
 * may themselves hold dots, then a last label of letters, digits, "-", "_"
 * and "~" that starts and ends with a letter, then an optional dot.
 */
static const char email_pattern[] =
	"(?:" M_ATEXT "+(?:\\." M_ATEXT "+)*|(?:\"" M_FWS "?" M_QCHAR ")*" M_FWS "?\")"
	"@" M_ALNUM "(?:[A-Za-z0-9._~" U_MAIL "-]*" M_ALNUM ")?\\."
	M_ALPHA "(?:[A-Za-z0-9_~" U_MAIL "-]*" M_ALPHA ")?\\.?\\z";

#define U_ALNUM "[A-Za-z0-9]"
#define U_WORD "[A-Za-z0-9" U_URL "]"
#define U_LETTER "[A-Za-z" U_URL "]"
#define HEX4 "[0-9A-Fa-f]{1,4}"
/* dotted IPv4 in the URL host: the first number 1-223 or 240-255 */
#define U_IPV4 "(?:[1-9][0-9]?|1[0-9]{2}|2[01][0-9]|22[0-3]|24[0-9]|25[0-5])" \
		"(?:\\.(?:[0-9]{1,2}|1[0-9]{2}|2[0-4][0-9]|25[0-5])){3}"
/* dotted IPv4 at the end of an IPv6 address */
#define V6_V4 "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[0-9]{1,2})\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[0-9]{1,2})"
/*
 * A host name, one of: a name of two or more letters, digits, "-" and "_"
 * followed by "-" or "." joined parts; "www."; or dotted parts ending in
 * ".<letters or digits>" -- each directly followed by a word (letters,
 * digits and non-ASCII, with at most two "-" in a row) and an optional
 * ".<top-level name>" without digits.
 */
#define U_NAME "(?:" U_ALNUM "[A-Za-z0-9_-]*" U_ALNUM "(?:[.-]" U_ALNUM "+)*" \
		"|www\\.|" U_ALNUM "+(?:[._-]?" U_ALNUM ")*" U_ALNUM "\\." U_ALNUM "+)?" \
		U_WORD "(?:-{0,2}" U_WORD ")*(?:\\." U_LETTER "+)?"

/* The IPv6 forms govalidator's URL grammar admits inside brackets, into b. */
static void append_ipv6(cc_buf *b)
{
	cc_buf_puts(b, "(?:" HEX4 "(?::" HEX4 "){7}");
	/* with "::" standing for zeros: k groups before it and at most 7 - k after */
	for (int k = 0; k <= 7; k++) {
		cc_buf_puts(b, "|");
		if (k > 0)
			cc_buf_printf(b, HEX4 "(?::" HEX4 "){%d}", k - 1);
		cc_buf_puts(b, "::");
		if (7 - k > 0)
			cc_buf_printf(b, "(?:" HEX4 "(?::" HEX4 "){0,%d})?", 7 - k - 1);
	}
	cc_buf_puts(b, "|fe80:(?::[0-9A-Fa-f]{0,4}){0,4}%[0-9A-Za-z]+"
		       "|::(?:ffff(?::0{1,4})?:)?" V6_V4
		       "|(?:" HEX4 ":){1,4}:" V6_V4 ")");
}

static char *url_pattern(void)
{
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "(?:(?:https?|wss?|ftp|tcp|udp)://)?(?:" NONSPACE "+@)?");
	cc_buf_puts(&b, "(?:" U_IPV4 "|\\[");
	append_ipv6(&b);
	cc_buf_puts(&b, "\\]|" U_NAME ")");
	cc_buf_puts(&b, "\\.?(?::[0-9]{1,5})?(?:[/?#]" NONSPACE "*)?\\z");
	return cc_buf_detach(&b);
}

struct cc_lint_patterns {
	pcre2_code *email;
	pcre2_code *url;
};

static pcre2_code *compile(const char *re)
{
	int errcode;
	PCRE2_SIZE off;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_ANCHORED,
				      &errcode, &off, NULL);
	if (!c) {
		/* the patterns are constants: a failure here is a bug, caught by the unit tests */
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		fprintf(stderr, "chartci: internal pattern error at %zu: %s\n", (size_t)off, (char *)msg);
		abort();
	}
	return c;
}

cc_lint_patterns *cc_lint_patterns_new(void)
{
	cc_lint_patterns *p = cc_calloc(1, sizeof(*p));
	char *url = url_pattern();
	p->email = compile(email_pattern);
	p->url = compile(url);
	free(url);
	return p;
}

void cc_lint_patterns_free(cc_lint_patterns *p)
{
	if (!p)
		return;
	pcre2_code_free(p->email);
	pcre2_code_free(p->url);
	free(p);
}

/*
 * The whole of s matches (the patterns are anchored at both ends). Invalid
 * UTF-8 never matches; values read from YAML are always valid UTF-8.
 */
static int matches(const pcre2_code *re, const char *s)
{
	int stack_ws[4096], *ws = stack_ws;
	size_t wscount = sizeof(stack_ws) / sizeof(stack_ws[0]);
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	int rc;
	/* the workspace holds the states alive at one character; grow it rather than answer "no" */
	while ((rc = pcre2_dfa_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL, ws, wscount)) ==
		       PCRE2_ERROR_DFA_WSSIZE && wscount < ((size_t)1 << 22)) {
		wscount *= 4;
		if (ws != stack_ws)
			free(ws);
		ws = cc_calloc(wscount, sizeof(*ws));
	}
	if (ws != stack_ws)
		free(ws);
	pcre2_match_data_free(md);
	return rc >= 0; /* 0: matched, more matches than the vector holds */
}

int cc_lint_is_email(const cc_lint_patterns *p, const char *s)
{
	return matches(p->email, s);
}

/* ---------------------------------------------------------------- Go's net/url */

typedef struct span {
	const char *p;
	size_t n;
} span;

typedef struct go_url {
	int has_scheme;
	span host; /* as written, before unescaping */
	span path;
} go_url;

enum { ESC_PLAIN, ESC_HOST, ESC_ZONE };

static span sub(span s, size_t from, size_t to)
{
	span r = { s.p + from, to - from };
	return r;
}

/* Index of the first (or last) c in s, or -1. */
static long find_char(span s, char c, int last)
{
	long at = -1;
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] != c)
			continue;
		at = (long)i;
		if (!last)
			break;
	}
	return at;
}

static int starts(span s, const char *prefix)
{
	size_t n = strlen(prefix);
	return s.n >= n && memcmp(s.p, prefix, n) == 0;
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int hex_val(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static int is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* What Go lets stand unescaped in a host (shouldEscape(c, encodeHost) is false). */
static int host_char(unsigned char c)
{
	return is_alnum(c) || (c && strchr("-_.~!$&'()*+,;=:[]<>\"", c));
}

/* Go's unescape, for its verdict only: escapes well formed, and what hosts and zones may hold. */
static int unescape_ok(span s, int mode)
{
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c == '%') {
			if (i + 2 >= s.n || !is_hex(s.p[i + 1]) || !is_hex(s.p[i + 2]))
				return 0;
			int v = hex_val(s.p[i + 1]) << 4 | hex_val(s.p[i + 2]);
			int pct25 = v == 0x25;
			/* a host escapes only bytes beyond ASCII; a zone only ASCII a host could hold, or a space */
			if (mode == ESC_HOST && v < 0x80 && !pct25)
				return 0;
			if (mode == ESC_ZONE && !pct25 && v != ' ' && (v >= 0x80 || !host_char((unsigned char)v)))
				return 0;
			i += 2;
		} else if (mode != ESC_PLAIN && c < 0x80 && !host_char(c)) {
			return 0;
		}
	}
	return 1;
}

static int port_ok(span s)
{
	if (s.n == 0)
		return 1;
	if (s.p[0] != ':')
		return 0;
	for (size_t i = 1; i < s.n; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return 0;
	return 1;
}

/* netip.ParseAddr accepting an IPv6 address, never an IPv4 one (Go refuses those in brackets). */
static int ipv6_ok(span addr)
{
	char *text = cc_strndup(addr.p, addr.n);
	size_t first = strcspn(text, ".:");
	struct in6_addr a;
	int ok = text[first] == ':' && inet_pton(AF_INET6, text, &a) == 1;
	free(text);
	return ok;
}

/* "[" IPv6 [ "%25" zone ] "]" [ ":" port ], the only host Go allows brackets in. */
static int bracket_host_ok(span h)
{
	long close = find_char(h, ']', 1);
	if (close < 0 || !port_ok(sub(h, (size_t)close + 1, h.n)))
		return 0;
	span name = sub(h, 1, (size_t)close);
	size_t zone = name.n;
	for (size_t i = 0; i + 3 <= name.n; i++) {
		if (memcmp(name.p + i, "%25", 3) == 0) {
			zone = i;
			break;
		}
	}
	span addr = sub(name, 0, zone), rest = sub(name, zone, name.n);
	/* an escape in the address can only make a byte ParseAddr refuses */
	if (!unescape_ok(rest, ESC_ZONE) || memchr(addr.p, '%', addr.n))
		return 0;
	/* a zone must not be empty: "%25" alone leaves nothing after it */
	if (zone < name.n && rest.n == 3)
		return 0;
	return ipv6_ok(addr);
}

static int host_ok(span h)
{
	long open = find_char(h, '[', 1);
	if (open > 0)
		return 0;
	if (open == 0)
		return bracket_host_ok(h);
	long colon = find_char(h, ':', 1);
	if (colon >= 0 && !port_ok(sub(h, (size_t)colon, h.n)))
		return 0;
	return unescape_ok(h, ESC_HOST);
}

static int userinfo_ok(span u)
{
	for (size_t i = 0; i < u.n; i++) {
		unsigned char c = (unsigned char)u.p[i];
		if (!is_alnum(c) && !(c && strchr("-._:~!$&'()*+,;=%@", c)))
			return 0;
	}
	return unescape_ok(u, ESC_PLAIN);
}

static int authority_ok(span a, go_url *u)
{
	long at = find_char(a, '@', 1);
	u->host = at < 0 ? a : sub(a, (size_t)at + 1, a.n);
	if (!host_ok(u->host))
		return 0;
	return at < 0 || userinfo_ok(sub(a, 0, (size_t)at));
}

/* The scheme's end (the ':'), 0 for none, -1 when Go refuses a leading ':'. */
static long scheme_end(span s)
{
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			continue;
		if (c == ':')
			return i == 0 ? -1 : (long)i;
		if (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
			return 0;
	}
	return 0;
}

/*
 * Go's url.Parse (request = 0, on the text before '#') or url.ParseRequestURI
 * (request = 1): 1 when it succeeds, with the parts IsURL looks at.
 */
static int go_parse(span s, int request, go_url *u)
{
	memset(u, 0, sizeof(*u));
	for (size_t i = 0; i < s.n; i++)
		if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7f)
			return 0;
	if (s.n == 1 && s.p[0] == '*') {
		u->path = s; /* a path of its own, as in "OPTIONS * HTTP/1.1" */
		return 1;
	}
	if (s.n == 0)
		return !request;
	long colon = scheme_end(s);
	if (colon < 0)
		return 0;
	u->has_scheme = colon > 0;
	span rest = colon > 0 ? sub(s, (size_t)colon + 1, s.n) : s;
	long q = find_char(rest, '?', 0);
	if (q >= 0)
		rest = sub(rest, 0, (size_t)q);
	if (!starts(rest, "/")) {
		if (u->has_scheme)
			return 1; /* opaque: mailto:x, javascript:y */
		long slash = find_char(rest, '/', 0);
		/* a relative path: its first segment must not look like a scheme */
		if (request || find_char(sub(rest, 0, slash < 0 ? rest.n : (size_t)slash), ':', 0) >= 0)
			return 0;
	}
	if ((u->has_scheme || (!request && !starts(rest, "///"))) && starts(rest, "//")) {
		span a = sub(rest, 2, rest.n);
		long slash = find_char(a, '/', 0);
		rest = slash < 0 ? sub(a, a.n, a.n) : sub(a, (size_t)slash, a.n);
		if (!authority_ok(sub(a, 0, slash < 0 ? a.n : (size_t)slash), u))
			return 0;
	}
	u->path = rest;
	return unescape_ok(rest, ESC_PLAIN);
}

int cc_lint_is_request_url(const char *s)
{
	span whole = { s, strlen(s) };
	go_url u;
	return go_parse(whole, 1, &u) && u.has_scheme;
}

static size_t rune_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Whether the unescaped path holds a '.': written, or as %2E. */
static int path_has_dot(span p)
{
	for (size_t i = 0; i < p.n; i++)
		if (p.p[i] == '.' || (p.p[i] == '%' && i + 2 < p.n && p.p[i + 1] == '2' && (p.p[i + 2] | 0x20) == 'e'))
			return 1;
	return 0;
}

/* govalidator's checks through url.Parse before its grammar. */
static int url_parses(const char *s)
{
	/* a colon without "://" is taken for a port: parse it as if http:// came first */
	char *text = strchr(s, ':') && !strstr(s, "://") ? cc_asprintf("http://%s", s) : cc_strdup(s);
	span whole = { text, strlen(text) };
	long hash = find_char(whole, '#', 0);
	go_url u;
	int ok = go_parse(hash < 0 ? whole : sub(whole, 0, (size_t)hash), 0, &u) &&
		 (hash < 0 || unescape_ok(sub(whole, (size_t)hash + 1, whole.n), ESC_PLAIN));
	if (ok && u.host.n > 0 && u.host.p[0] == '.')
		ok = 0;
	if (ok && u.host.n == 0 && u.path.n > 0 && !path_has_dot(u.path))
		ok = 0;
	free(text);
	return ok;
}

int cc_lint_is_url(const cc_lint_patterns *p, const char *s)
{
	size_t n = strlen(s);
	if (n <= 3 || rune_count(s) >= 2083 || s[0] == '.')
		return 0;
	return url_parses(s) && matches(p->url, s);
}
