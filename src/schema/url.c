/*
 * url: the parts of Go's net/url that JSON Schema behaviour depends on.
 *
 * helm's validator resolves `$id` and `$ref` with url.Parse and
 * URL.ResolveReference, and the `uri`, `uri-reference` and `uri-template`
 * formats are "does url.Parse accept it". The base URIs, resource
 * identities and error texts a user sees follow from those rules (an
 * opaque base such as urn:uuid:x absorbs relative references; a host with
 * a space is "invalid character \" \" in host name"), so they are
 * reproduced here rather than taken from RFC 3986 alone.
 */
#include "schema/schema_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Go's shouldEscape for host names: what may appear unescaped. */
static int host_char_ok(unsigned char c)
{
	return c >= 0x80 || is_alnum(c) || (c && strchr("!$&'()*+,;=:[]<>\"-_.~", c));
}

/* Checks %-escapes (and, in host mode, the characters) as Go's unescape. */
static int check_escapes(const char *s, size_t len, int host, cc_buf *why)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%') {
			if (i + 2 >= len || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) {
				size_t n = len - i > 3 ? 3 : len - i;
				cc_buf_puts(why, "invalid URL escape ");
				cs_quote_go(why, s + i, n);
				return -1;
			}
			if (host && s[i + 1] < '8' && strncmp(s + i, "%25", 3) != 0) {
				cc_buf_puts(why, "invalid URL escape ");
				cs_quote_go(why, s + i, 3);
				return -1;
			}
			i += 2;
		} else if (host && !host_char_ok((unsigned char)s[i])) {
			cc_buf_puts(why, "invalid character ");
			cs_quote_go(why, s + i, 1);
			cc_buf_puts(why, " in host name");
			return -1;
		}
	}
	return 0;
}

static int valid_port(const char *p)
{
	if (!*p)
		return 1;
	if (*p != ':')
		return 0;
	for (p++; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

static int bad_port(const char *port, cc_buf *why)
{
	cc_buf_puts(why, "invalid port ");
	cs_quote_go(why, port, strlen(port));
	cc_buf_puts(why, " after host");
	return -1;
}

static int parse_host(const char *h, size_t len, cs_url *u, cc_buf *why)
{
	char *host = cc_strndup(h, len);
	int rc = 0;
	if (host[0] == '[') {
		char *close = strrchr(host, ']');
		if (!close) {
			cc_buf_puts(why, "missing ']' in host");
			rc = -1;
		} else if (!valid_port(close + 1)) {
			rc = bad_port(close + 1, why);
		}
	} else {
		char *colon = strrchr(host, ':');
		if (colon && !valid_port(colon))
			rc = bad_port(colon, why);
	}
	if (rc == 0)
		rc = check_escapes(host, len, 1, why);
	if (rc == 0)
		u->host = host;
	else
		free(host);
	return rc;
}

static int userinfo_ok(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_alnum((unsigned char)s[i]) && !strchr("-._:~!$&'()*+,;=%@", s[i]))
			return 0;
	return 1;
}

static int parse_authority(const char *a, size_t len, cs_url *u, cc_buf *why)
{
	const char *at = NULL;
	for (size_t i = 0; i < len; i++)
		if (a[i] == '@')
			at = a + i;
	const char *h = at ? at + 1 : a;
	if (parse_host(h, len - (size_t)(h - a), u, why) != 0)
		return -1;
	if (!at)
		return 0;
	if (!userinfo_ok(a, (size_t)(at - a))) {
		cc_buf_puts(why, "net/url: invalid userinfo");
		return -1;
	}
	u->user = cc_strndup(a, (size_t)(at - a));
	return 0;
}

/* Go's getScheme: returns the scheme length, 0 for none, -1 for ":x". */
static int scheme_len(const char *s)
{
	for (int i = 0; s[i]; i++) {
		char c = s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			continue;
		if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
			if (i == 0)
				return 0;
			continue;
		}
		if (c == ':')
			return i == 0 ? -1 : i;
		return 0;
	}
	return 0;
}

static int has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* Cuts the query off rest. */
static char *split_query(cs_url *u, char *rest)
{
	char *q = strchr(rest, '?');
	if (q) {
		u->query = cc_strdup(q + 1);
		*q = '\0';
	}
	return rest;
}

static int parse_rest(const char *rest, cs_url *u, cc_buf *why)
{
	if (rest[0] != '/') {
		if (u->scheme[0]) {
			u->opaque = cc_strdup(rest);
			u->path = cc_strdup("");
			return 0;
		}
		const char *slash = strchr(rest, '/');
		const char *colon = strchr(rest, ':');
		if (colon && (!slash || colon < slash)) {
			cc_buf_puts(why, "first path segment in URL cannot contain colon");
			return -1;
		}
	}
	if ((u->scheme[0] || strncmp(rest, "///", 3) != 0) && strncmp(rest, "//", 2) == 0) {
		const char *a = rest + 2;
		const char *slash = strchr(a, '/');
		size_t alen = slash ? (size_t)(slash - a) : strlen(a);
		u->has_authority = 1;
		if (parse_authority(a, alen, u, why) != 0)
			return -1;
		rest = a + alen;
	}
	if (check_escapes(rest, strlen(rest), 0, why) != 0)
		return -1;
	u->path = cc_strdup(rest);
	return 0;
}

static int parse_nofrag(const char *s, cs_url *u, cc_buf *why)
{
	if (has_ctl(s)) {
		cc_buf_puts(why, "net/url: invalid control character in URL");
		return -1;
	}
	int sl = scheme_len(s);
	if (sl < 0) {
		cc_buf_puts(why, "missing protocol scheme");
		return -1;
	}
	u->scheme = cc_strndup(s, (size_t)sl);
	for (char *p = u->scheme; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	char *rest = cc_strdup(s + (sl ? sl + 1 : 0));
	int rc = parse_rest(split_query(u, rest), u, why);
	free(rest);
	return rc;
}

int cs_url_parse(const char *s, cs_url *u, cc_buf *why)
{
	memset(u, 0, sizeof(*u));
	char *base, *frag;
	cs_url_split(s, &base, &frag);
	cc_buf inner = CC_BUF_INIT;
	const char *shown = base;
	int rc = parse_nofrag(base, u, &inner);
	if (rc == 0 && frag[0]) {
		shown = s;
		rc = check_escapes(frag, strlen(frag), 0, &inner);
		if (rc == 0)
			u->frag = cc_strdup(frag);
	}
	if (rc != 0) {
		cc_buf_puts(why, "parse ");
		cs_quote_go(why, shown, strlen(shown));
		cc_buf_printf(why, ": %s", inner.ptr ? inner.ptr : "");
		cs_url_free(u);
	} else if (u->scheme[0] && !u->has_authority && !u->opaque && u->path[0] == '/') {
		u->omit_host = 1;
	}
	cc_buf_free(&inner);
	free(base);
	free(frag);
	return rc;
}

void cs_url_free(cs_url *u)
{
	free(u->scheme);
	free(u->opaque);
	free(u->user);
	free(u->host);
	free(u->path);
	free(u->query);
	free(u->frag);
	memset(u, 0, sizeof(*u));
}

void cs_url_split(const char *s, char **url, char **frag)
{
	const char *h = strchr(s, '#');
	*url = h ? cc_strndup(s, (size_t)(h - s)) : cc_strdup(s);
	*frag = cc_strdup(h ? h + 1 : "");
}

/* Go's EscapedPath, approximately: valid escapes kept, the rest escaped. */
static void put_path(cc_buf *b, const char *p)
{
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (is_alnum(c) || strchr("-_.~$&+,/:;=@!'()*[]%", c))
			cc_buf_putc(b, (char)c);
		else
			cc_buf_printf(b, "%%%02X", c);
	}
}

char *cs_url_string(const cs_url *u)
{
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "");
	const char *scheme = u->scheme ? u->scheme : "";
	if (u->opaque && u->opaque[0]) {
		cc_buf_printf(&b, "%s:%s", scheme, u->opaque);
	} else {
		const char *host = u->host ? u->host : "";
		const char *path = u->path ? u->path : "";
		if (scheme[0] || host[0] || u->user) {
			if (scheme[0])
				cc_buf_printf(&b, "%s:", scheme);
			if (!(u->omit_host && !host[0] && !u->user) && (host[0] || path[0] || u->user))
				cc_buf_puts(&b, "//");
			if (u->user)
				cc_buf_printf(&b, "%s@", u->user);
			cc_buf_puts(&b, host);
		}
		if (path[0] && path[0] != '/' && host[0])
			cc_buf_putc(&b, '/');
		if (b.len == 0) {
			const char *slash = strchr(path, '/');
			const char *colon = strchr(path, ':');
			if (colon && (!slash || colon < slash))
				cc_buf_puts(&b, "./");
		}
		put_path(&b, path);
	}
	if (u->query)
		cc_buf_printf(&b, "?%s", u->query);
	if (u->frag)
		cc_buf_printf(&b, "#%s", u->frag);
	return cc_buf_detach(&b);
}

/* RFC 3986's merge as Go does it: ref alone when absolute, else after the
 * last slash of base. */
static void merge_paths(cc_buf *full, const char *base, const char *ref)
{
	if (!ref[0]) {
		cc_buf_puts(full, base);
	} else if (ref[0] != '/') {
		const char *slash = strrchr(base, '/');
		if (slash)
			cc_buf_put(full, base, (size_t)(slash - base) + 1);
		cc_buf_puts(full, ref);
	} else {
		cc_buf_puts(full, ref);
	}
}

static int is_dots(const char *e, size_t n, size_t dots)
{
	return n == dots && strncmp(e, "..", dots) == 0;
}

/* Go's resolvePath: merge, then remove dot segments; always absolute. */
static char *resolve_path(const char *base, const char *ref)
{
	cc_buf full = CC_BUF_INIT, dst = CC_BUF_INIT;
	merge_paths(&full, base, ref);
	if (full.len == 0) {
		cc_buf_free(&full);
		return cc_strdup("");
	}
	cc_buf_putc(&dst, '/');
	int first = 1;
	const char *p = full.ptr, *elem = p;
	size_t elen = 0;
	for (int more = 1; more;) {
		const char *slash = strchr(p, '/');
		elem = p, elen = slash ? (size_t)(slash - p) : strlen(p);
		more = slash != NULL;
		p = slash ? slash + 1 : p + elen;
		if (is_dots(elem, elen, 1)) {
			first = 0;
		} else if (is_dots(elem, elen, 2)) {
			char *last = strrchr(dst.ptr + 1, '/');
			dst.len = last ? (size_t)(last - dst.ptr) : 1;
			dst.ptr[dst.len] = '\0';
			first = last == NULL;
		} else {
			if (!first)
				cc_buf_putc(&dst, '/');
			cc_buf_put(&dst, elem, elen);
			first = 0;
		}
	}
	if (is_dots(elem, elen, 1) || is_dots(elem, elen, 2))
		cc_buf_putc(&dst, '/');
	cc_buf_free(&full);
	char *r = cc_buf_detach(&dst);
	if (r[0] && r[1] == '/')
		memmove(r, r + 1, strlen(r));
	return r;
}

static void set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = v ? cc_strdup(v) : NULL;
}

static int nonempty(const char *s)
{
	return s && s[0];
}

static void set_path(cs_url *u, char *p)
{
	free(u->path);
	u->path = p;
}

/* Go's URL.ResolveReference, writing the result into ref. */
static void resolve(const cs_url *base, cs_url *ref)
{
	int had_scheme = ref->scheme[0] != 0;
	if (!had_scheme)
		set_str(&ref->scheme, base->scheme);
	if (had_scheme || nonempty(ref->host) || ref->user) {
		set_path(ref, resolve_path(ref->path, ""));
		return;
	}
	if (nonempty(ref->opaque)) {
		set_str(&ref->user, NULL);
		set_str(&ref->host, "");
		set_str(&ref->path, "");
		return;
	}
	if (!ref->path[0] && !nonempty(ref->query))
		set_str(&ref->query, base->query);
	if (!ref->path[0] && nonempty(base->opaque)) {
		set_str(&ref->opaque, base->opaque);
		set_str(&ref->user, NULL);
		set_str(&ref->host, "");
		return;
	}
	set_str(&ref->host, base->host);
	set_str(&ref->user, base->user);
	set_path(ref, resolve_path(base->path, ref->path));
}

int cs_url_is_abs(const char *s)
{
	return scheme_len(s) > 0;
}

int cs_url_join(const char *base, const char *ref, char **url, char **frag, cc_buf *why)
{
	cs_url b, r;
	char *rbase, *rfrag;
	cc_buf dec = CC_BUF_INIT;
	*url = *frag = NULL;
	cs_url_split(ref, &rbase, &rfrag);
	int rc = cs_pct_decode(rfrag, strlen(rfrag), &dec);
	if (rc != 0) {
		cc_buf_puts(why, "error in parsing ");
		cs_quote_go(why, ref, strlen(ref));
		cc_buf_puts(why, ": invalid URL escape");
	}
	if (rc == 0 && (rc = cs_url_parse(base, &b, why)) == 0) {
		if ((rc = cs_url_parse(rbase, &r, why)) == 0) {
			int ref_abs = r.scheme[0] != 0;
			resolve(&b, &r);
			/* santhosh's fix for golang/go#66084: a relative reference
			 * keeps an opaque base (urn:uuid:x stays itself). */
			if (!ref_abs && nonempty(b.opaque))
				set_str(&r.opaque, b.opaque);
			*url = cs_url_string(&r);
			*frag = cc_buf_detach(&dec);
			cs_url_free(&r);
		}
		cs_url_free(&b);
	}
	cc_buf_free(&dec);
	free(rbase);
	free(rfrag);
	return rc;
}
