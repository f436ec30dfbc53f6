/*
 * http cache: cc_http_get and cc_http_get_file, on top of cc_http_do.
 *
 * An entry is one file, so it is replaced in one atomic rename and a reader
 * never pairs a body with another body's validators:
 *
 *   chartci-http-cache 1\n
 *   {"url": ..., "etag": ..., "last_modified": ..., "sha256": ...}\n
 *   <body bytes>
 *
 * An entry that cannot be read or does not have this shape is a miss, not
 * an error: the next successful GET rewrites it. The header is read on its
 * own, so a caller that only needs to know the cached body is current (and
 * which body it is, by its sha256) does not read tens of MB of index.
 */
#include "http/http.h"
#include "http/http_int.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CACHE_MAGIC "chartci-http-cache 1\n"
/* room for the first two lines on top of the body's own bound */
#define CACHE_META_MAX 65536

typedef struct entry {
	char *etag, *last_modified;
	char sha256[CC_SHA256_HEX];   /* "" when the entry predates it */
	size_t body_at;               /* offset of the body in the file */
	cc_buf body;                  /* read only when wanted */
} entry;

static void entry_free(entry *e)
{
	free(e->etag);
	free(e->last_modified);
	cc_buf_free(&e->body);
}

static char *cache_path(cc_http *h, const char *url)
{
	char hex[CC_SHA256_HEX];
	cc_sha256_hex(url, strlen(url), hex);
	return cc_path_join(cc_http_cache_dir_(h), hex);
}

static char *json_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s && *s ? cc_strdup(s) : NULL;
}

/* The first CACHE_META_MAX bytes of the file (fewer when it is shorter). */
static int read_head(const char *path, char *buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	ssize_t n, got = 0;
	while (got < CACHE_META_MAX && (n = read(fd, buf + got, (size_t)(CACHE_META_MAX - got))) > 0)
		got += n;
	close(fd);
	*len = (size_t)got;
	return got > 0;
}

/* 1 and *e filled (but for the body) when path holds an entry for url. */
static int cache_read_meta(const char *path, const char *url, entry *e)
{
	char *head = cc_malloc(CACHE_META_MAX);
	size_t len = 0, mlen = strlen(CACHE_MAGIC);
	int ok = read_head(path, head, &len) && len > mlen && memcmp(head, CACHE_MAGIC, mlen) == 0;
	char *nl = ok ? memchr(head + mlen, '\n', len - mlen) : NULL;
	json_t *meta = nl ? json_loadb(head + mlen, (size_t)(nl - head) - mlen, 0, NULL) : NULL;
	const char *u = json_string_value(json_object_get(meta, "url"));
	const char *sha = json_string_value(json_object_get(meta, "sha256"));
	ok = u && strcmp(u, url) == 0;
	if (ok) {
		e->etag = json_str(meta, "etag");
		e->last_modified = json_str(meta, "last_modified");
		snprintf(e->sha256, sizeof(e->sha256), "%s", sha && strlen(sha) == CC_SHA256_HEX - 1 ? sha : "");
		e->body_at = (size_t)(nl + 1 - head);
	}
	json_decref(meta);
	free(head);
	return ok;
}

/* The body of an entry whose header cache_read_meta read; 0 when it is gone or over max. */
static int cache_read_body(const char *path, size_t max, entry *e)
{
	cc_buf f = CC_BUF_INIT;
	cc_error err;
	if (cc_file_read(path, max + CACHE_META_MAX, &f, &err) != CC_OK || f.len < e->body_at ||
	    f.len - e->body_at > max) {
		cc_buf_free(&f);
		return 0;
	}
	/* the body moves to the front of the buffer: an index can be tens of MB */
	size_t blen = f.len - e->body_at;
	memmove(f.ptr, f.ptr + e->body_at, blen);
	f.len = blen;
	f.ptr[blen] = '\0';
	e->body = f;
	return 1;
}

/* A cache entry is not durable: after a crash it is at worst a miss (its sha256 is checked on read). */
static int cache_write(const char *path, const char *url, const cc_http_resp *r, const char *sha, cc_error *err)
{
	json_t *meta = json_pack("{s:s, s:s, s:s, s:s}", "url", url,
				 "etag", r->etag ? r->etag : "",
				 "last_modified", r->last_modified ? r->last_modified : "", "sha256", sha);
	char *line = json_dumps(meta, JSON_COMPACT);
	json_decref(meta);
	cc_part parts[] = { { CACHE_MAGIC, strlen(CACHE_MAGIC) }, { line, strlen(line) }, { "\n", 1 },
			    { r->body.ptr ? r->body.ptr : "", r->body.len } };
	int rc = cc_file_write_parts(path, parts, 4, 0644, 0, err);
	free(line);
	return rc;
}

static int status_error(const char *url, long status, cc_error *err)
{
	char *u = cc_http_redact(url);
	int code = status == 404 || status == 410 ? CC_ENOTFOUND : CC_EIO;
	cc_error_set(err, code, NULL, 0, 0, "GET %s: %ld", u, status);
	free(u);
	return code;
}

/* Hands the body over without copying it. */
static void give(cc_buf *out, cc_buf *from)
{
	cc_buf_free(out);
	*out = *from;
	*from = (cc_buf)CC_BUF_INIT;
}

/* The conditional request's headers; owned strings in hv[0..1]. */
static void conditional(const entry *e, int have, char *hv[3])
{
	size_t n = 0;
	if (have && e->etag)
		hv[n++] = cc_asprintf("If-None-Match: %s", e->etag);
	if (have && e->last_modified)
		hv[n++] = cc_asprintf("If-Modified-Since: %s", e->last_modified);
	hv[n] = NULL;
}

/* What the caller asked for and gets back. */
typedef struct want {
	int lazy;           /* a current cached body need not be read */
	char *sha;          /* NULL, or CC_SHA256_HEX bytes to fill */
	int body;           /* out: out holds the body */
} want;

/* The cached entry is current: its body, unless the caller can do with its sha256. */
static int serve_cached(const char *path, size_t max, entry *e, want *w, cc_buf *out)
{
	if (w->lazy && w->sha && e->sha256[0]) {
		memcpy(w->sha, e->sha256, CC_SHA256_HEX);
		return 1;
	}
	if (!cache_read_body(path, max, e))
		return 0;
	char sha[CC_SHA256_HEX];
	cc_sha256_hex(e->body.ptr, e->body.len, sha);
	if (e->sha256[0] && strcmp(sha, e->sha256) != 0)
		return 0; /* torn or altered: fetched again */
	if (w->sha)
		memcpy(w->sha, sha, CC_SHA256_HEX);
	give(out, &e->body);
	w->body = 1;
	return 1;
}

static int fetch(cc_http *h, const char *url, const cc_http_auth *auth, size_t max,
		 const char *path, entry *e, int have, want *w, cc_buf *out, cc_error *err)
{
	char *hv[3] = { NULL, NULL, NULL };
	conditional(e, have, hv);
	cc_http_req req = { .url = url, .auth = auth, .max_size = max, .headers = (const char *const *)hv };
	cc_http_resp r;
	int rc = cc_http_do(h, &req, &r, err);
	if (rc == CC_OK && r.status == 304 && have) {
		/* an entry removed between the header and the body: ask again, unconditionally */
		if (!serve_cached(path, max, e, w, out))
			rc = fetch(h, url, auth, max, path, e, 0, w, out, err);
	} else if (rc == CC_OK && r.status >= 200 && r.status < 300) {
		char sha[CC_SHA256_HEX];
		cc_sha256_hex(r.body.ptr ? r.body.ptr : "", r.body.len, sha);
		if (path)
			rc = cache_write(path, url, &r, sha, err);
		if (rc == CC_OK && w->sha)
			memcpy(w->sha, sha, CC_SHA256_HEX);
		if (rc == CC_OK) {
			give(out, &r.body);
			w->body = 1;
		}
	} else if (rc == CC_OK) {
		rc = status_error(url, r.status, err);
	}
	cc_http_resp_free(&r);
	free(hv[0]);
	free(hv[1]);
	return rc;
}

static int get(cc_http *h, const char *url, const cc_http_auth *auth, size_t max_size, want *w, cc_buf *out,
	       cc_error *err)
{
	size_t max = max_size ? max_size : CC_HTTP_MAX_DEFAULT;
	char *path = cc_http_cache_dir_(h) ? cache_path(h, url) : NULL;
	entry e;
	memset(&e, 0, sizeof(e));
	int have = path && cache_read_meta(path, url, &e);
	int rc = CC_OK;
	if (cc_http_offline_(h) && !(have && serve_cached(path, max, &e, w, out))) {
		char *u = cc_http_redact(url);
		rc = cc_error_set(err, CC_ENOTFOUND, NULL, 0, 0, "GET %s: not in the cache (offline)", u);
		free(u);
	} else if (!cc_http_offline_(h)) {
		rc = fetch(h, url, auth, max, path, &e, have, w, out, err);
	}
	entry_free(&e);
	free(path);
	return rc;
}

int cc_http_get(cc_http *h, const char *url, const cc_http_auth *auth, size_t max_size, cc_buf *out,
		cc_error *err)
{
	want w = { 0, NULL, 0 };
	return get(h, url, auth, max_size, &w, out, err);
}

int cc_http_get_current(cc_http *h, const char *url, const cc_http_auth *auth, size_t max_size, cc_buf *out,
			char sha[CC_SHA256_HEX], int *body, cc_error *err)
{
	want w = { 1, sha, 0 };
	int rc = get(h, url, auth, max_size, &w, out, err);
	*body = w.body;
	return rc;
}

int cc_http_get_file(cc_http *h, const char *url, const cc_http_auth *auth, size_t max_size,
		     const char *path, cc_error *err)
{
	cc_http_req req = { .url = url, .auth = auth, .max_size = max_size, .out_file = path };
	cc_http_resp r;
	int rc = cc_http_do(h, &req, &r, err);
	if (rc == CC_OK && (r.status < 200 || r.status >= 300))
		rc = status_error(url, r.status, err);
	cc_http_resp_free(&r);
	return rc;
}
