/*
 * url.c: helm's ResolveReferenceURL (pkg/repo/v1/chartrepo.go), the way a
 * chart URL from an index becomes the URL helm downloads.
 *
 * helm parses both with Go's net/url: an absolute chart URL (any scheme:
 * https, http, oci, ...) is returned exactly as written; a relative one is
 * resolved (RFC 3986 dot segments, Go's resolvePath) against the repository
 * URL with one trailing '/' ensured, and the result carries the
 * repository's query string, never the chart URL's own. The repository URL
 * may be given as its index URL: a last path element "index.yaml" is
 * dropped first. What Go refuses to parse (control characters, a bad %
 * escape, a colon in a relative URL's first segment) gives NULL.
 */
#include "index/index.h"

#include <stdlib.h>
#include <string.h>

typedef struct gourl {
	char *scheme;     /* lower case; "" when none */
	char *authority;  /* userinfo@host as written; NULL when none */
	char *path;       /* escaped, as EscapedPath() gives it */
	char *query;      /* NULL when none */
	int force_query;
	char *fragment;   /* NULL when none */
} gourl;

static void gourl_free(gourl *u)
{
	free(u->scheme);
	free(u->authority);
	free(u->path);
	free(u->query);
	free(u->fragment);
}

/* net/url getScheme: 1 with *n set, 0 when there is none, -1 for a leading ':'. */
static int scheme_len(const char *s, size_t *n)
{
	for (size_t i = 0; s[i]; i++) {
		char c = s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			continue;
		if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
			if (i == 0)
				return 0;
			continue;
		}
		if (c != ':')
			return 0;
		if (i == 0)
			return -1;
		*n = i;
		return 1;
	}
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_' || c == '.' || c == '~';
}

/* validEncoded(s, encodePath): what Go keeps as written. */
static int valid_encoded(const char *s)
{
	for (; *s; s++)
		if (!unreserved((unsigned char)*s) && !strchr("!$&'()*+,;=:@[]%/", *s))
			return 0;
	return 1;
}

/* Go's unescape; `s` has been checked by escapes_ok. */
static char *unescape(const char *s)
{
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "");
	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			c = (unsigned char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		}
		cc_buf_putc(&b, (char)c);
	}
	return cc_buf_detach(&b);
}

/* escape(…, encodePath): every byte but unreserved and $&+,/:;=@ as %XX. */
static char *escape_path(const char *s)
{
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "");
	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (unreserved(c) || strchr("$&+,/:;=@", c))
			cc_buf_putc(&b, (char)c);
		else
			cc_buf_printf(&b, "%%%02X", c);
	}
	return cc_buf_detach(&b);
}

static char *reescape(const char *s)
{
	char *raw = unescape(s);
	char *r = escape_path(raw);
	free(raw);
	return r;
}

static int escapes_ok(const char *s)
{
	for (; *s; s++)
		if (*s == '%' && (hexval(s[1]) < 0 || hexval(s[2]) < 0))
			return 0;
	return 1;
}

static int has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* Splits fragment, query and authority off; rest is the path as written. */
static int split(const char *s, gourl *u, size_t scheme)
{
	memset(u, 0, sizeof(*u));
	u->scheme = cc_strndup(s, scheme);
	for (char *p = u->scheme; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	s += scheme ? scheme + 1 : 0;
	const char *hash = strchr(s, '#');
	size_t n = hash ? (size_t)(hash - s) : strlen(s);
	if (hash)
		u->fragment = cc_strdup(hash + 1);
	char *rest = cc_strndup(s, n);
	char *q = strchr(rest, '?');
	if (q && q[1] == '\0' && q == strrchr(rest, '?'))
		u->force_query = 1;
	else if (q)
		u->query = cc_strdup(q + 1);
	if (q)
		*q = '\0';
	const char *path = rest;
	if (strncmp(rest, "//", 2) == 0) {
		const char *slash = strchr(rest + 2, '/');
		size_t alen = slash ? (size_t)(slash - rest - 2) : strlen(rest + 2);
		u->authority = cc_strndup(rest + 2, alen);
		path = rest + 2 + alen;
	}
	int ok = escapes_ok(path);
	u->path = ok && valid_encoded(path) ? cc_strdup(path) : ok ? reescape(path) : NULL;
	free(rest);
	return ok ? 0 : -1;
}

/* Go's resolvePath: merge, then remove dot segments, keeping a trailing '/' after . or ..; */
static char *resolve_path(const char *base, const char *ref)
{
	cc_buf full = CC_BUF_INIT, dst = CC_BUF_INIT;
	if (!*ref) {
		cc_buf_puts(&full, base);
	} else if (ref[0] != '/') {
		const char *last = strrchr(base, '/');
		cc_buf_put(&full, base, last ? (size_t)(last - base + 1) : 0);
		cc_buf_puts(&full, ref);
	} else {
		cc_buf_puts(&full, ref);
	}
	if (full.len == 0) {
		cc_buf_free(&full);
		return cc_strdup("");
	}
	cc_buf_putc(&dst, '/');
	int first = 1;
	const char *rem = full.ptr, *elem = NULL;
	size_t elen = 0;
	for (int found = 1; found;) {
		const char *slash = strchr(rem, '/');
		elem = rem;
		elen = slash ? (size_t)(slash - rem) : strlen(rem);
		found = slash != NULL;
		rem = slash ? slash + 1 : rem + elen;
		if (elen == 1 && elem[0] == '.') {
			first = 0;
			continue;
		}
		if (elen == 2 && elem[0] == '.' && elem[1] == '.') {
			char *str = dst.ptr + 1;
			char *cut = strrchr(str, '/');
			dst.len = cut ? (size_t)(cut - dst.ptr) : 1;
			dst.ptr[dst.len] = '\0';
			first = cut == NULL;
			continue;
		}
		if (!first)
			cc_buf_putc(&dst, '/');
		cc_buf_put(&dst, elem, elen);
		first = 0;
	}
	if ((elen == 1 && elem[0] == '.') || (elen == 2 && elem[0] == '.' && elem[1] == '.'))
		cc_buf_putc(&dst, '/');
	cc_buf_free(&full);
	char *r = cc_buf_detach(&dst);
	if (r[0] == '/' && r[1] == '/')
		memmove(r, r + 1, strlen(r));
	return r;
}

/* The repository path with exactly one trailing '/', an "index.yaml" last element dropped. */
static char *base_dir(const char *path)
{
	size_t n = strlen(path);
	const char *last = strrchr(path, '/');
	if (last && strcmp(last + 1, "index.yaml") == 0)
		n = (size_t)(last - path);
	while (n > 0 && path[n - 1] == '/' && n == strlen(path))
		n--; /* TrimSuffix removes one '/'; more are kept as written */
	char *r = cc_malloc(n + 2);
	memcpy(r, path, n);
	r[n] = '/';
	r[n + 1] = '\0';
	return r;
}

static char *format(const gourl *base, const gourl *ref, const char *path)
{
	cc_buf b = CC_BUF_INIT;
	const char *authority = ref->authority ? ref->authority : base->authority;
	cc_buf_puts(&b, "");
	if (*base->scheme)
		cc_buf_printf(&b, "%s:", base->scheme);
	if (authority && (*authority || *path))
		cc_buf_printf(&b, "//%s", authority);
	if (authority && *authority && *path && *path != '/')
		cc_buf_putc(&b, '/');
	cc_buf_puts(&b, path);
	if (ref->force_query || (base->query && *base->query))
		cc_buf_printf(&b, "?%s", base->query ? base->query : "");
	const char *frag = ref->fragment;
	if (!frag && !*ref->path && !ref->query && !ref->force_query)
		frag = base->fragment;
	if (frag && *frag)
		cc_buf_printf(&b, "#%s", frag);
	return cc_buf_detach(&b);
}

static int colon_first_segment(const char *s)
{
	size_t seg = strcspn(s, "/?#");
	return memchr(s, ':', seg) != NULL;
}

char *cc_index_resolve_url(const char *index_or_repo_url, const char *chart_url)
{
	size_t sl = 0;
	if (!index_or_repo_url || !chart_url || has_ctl(chart_url) || has_ctl(index_or_repo_url))
		return NULL;
	int sc = scheme_len(chart_url, &sl);
	if (sc < 0)
		return NULL;
	if (sc > 0) /* absolute: as written */
		return cc_strdup(chart_url);
	if (strncmp(chart_url, "//", 2) != 0 && colon_first_segment(chart_url))
		return NULL;
	gourl ref, base;
	int rc = split(chart_url, &ref, 0);
	size_t bl = 0;
	int bs = scheme_len(index_or_repo_url, &bl);
	rc |= bs < 0 ? -1 : split(index_or_repo_url, &base, bs > 0 ? bl : 0);
	char *out = NULL;
	if (rc == 0) {
		char *dir = base_dir(base.path);
		char *path = ref.authority ? resolve_path(ref.path, "") : resolve_path(dir, ref.path);
		out = format(&base, &ref, path);
		free(path);
		free(dir);
	}
	gourl_free(&ref);
	if (bs >= 0)
		gourl_free(&base);
	return out;
}

/* ---------------------------------------------------------------- URLJoin */

/* Go's path.Clean on a path that is not empty. */
static char *clean(const char *p)
{
	int rooted = p[0] == '/';
	cc_strvec segs = CC_STRVEC_INIT;
	for (const char *e = p; *e;) {
		size_t n = strcspn(e, "/");
		int up = n == 2 && e[0] == '.' && e[1] == '.';
		if (up && segs.n > 0 && strcmp(segs.v[segs.n - 1], "..") != 0)
			free(segs.v[--segs.n]);
		else if ((up && !rooted) || (!up && n > 0 && !(n == 1 && e[0] == '.')))
			cc_strvec_push_owned(&segs, cc_strndup(e, n));
		e += n + (e[n] == '/');
	}
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, rooted ? "/" : "");
	for (size_t i = 0; i < segs.n; i++)
		cc_buf_printf(&b, "%s%s", i ? "/" : "", segs.v[i]);
	if (b.len == 0)
		cc_buf_puts(&b, ".");
	cc_strvec_free(&segs);
	return cc_buf_detach(&b);
}

/* path.Join(a, b): the non-empty elements joined by '/' and cleaned; "" when both are empty. */
static char *path_join(const char *a, const char *b)
{
	if (!*a && !*b)
		return cc_strdup("");
	char *j = cc_asprintf("%s%s%s", a, *a && *b ? "/" : "", b);
	char *r = clean(j);
	free(j);
	return r;
}

char *cc_index_url_join(const char *base, const char *elem)
{
	size_t sl = 0;
	int sc = scheme_len(base, &sl);
	gourl u;
	memset(&u, 0, sizeof(u));
	int bad = has_ctl(base) || sc < 0 || (sc == 0 && strncmp(base, "//", 2) != 0 && colon_first_segment(base));
	if (bad || split(base, &u, sc > 0 ? sl : 0) != 0) {
		gourl_free(&u);
		return path_join(base, elem); /* helm's fallback when url.Parse fails */
	}
	char *raw = unescape(u.path);
	char *joined = path_join(raw, elem);
	char *path = escape_path(joined);
	char *out = format(&u, &u, path);
	free(path);
	free(joined);
	free(raw);
	gourl_free(&u);
	return out;
}
