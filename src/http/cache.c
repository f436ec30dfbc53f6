/*
 * http cache: cc_http_get and cc_http_get_file, on top of cc_http_do.
 *
 * An entry is one file, so it is replaced in one atomic rename and a reader
 * never pairs a body with another body's validators:
 *
 *   chartci-http-cache 1\n
 *   {"url": ..., "etag": ..., "last_modified": ...}\n
 *   <body bytes>
 *
 * An entry that cannot be read or does not have this shape is a miss, not
 * an error: the next successful GET rewrites it.
 */
#include "http/http.h"
#include "http/http_int.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_MAGIC "chartci-http-cache 1\n"
/* room for the first two lines on top of the body's own bound */
#define CACHE_META_MAX 65536

typedef struct entry {
	char *etag, *last_modified;
	cc_buf body;
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

/* 1 and *e filled when path holds an entry for url within max bytes of body. */
static int cache_read(const char *path, const char *url, size_t max, entry *e)
{
	cc_buf f = CC_BUF_INIT;
	cc_error err;
	size_t mlen = strlen(CACHE_MAGIC);
	if (cc_file_read(path, max + CACHE_META_MAX, &f, &err) != CC_OK ||
	    f.len < mlen || memcmp(f.ptr, CACHE_MAGIC, mlen)) {
		cc_buf_free(&f);
		return 0;
	}
	char *nl = memchr(f.ptr + mlen, '\n', f.len - mlen);
	json_t *meta = nl ? json_loadb(f.ptr + mlen, (size_t)(nl - f.ptr) - mlen, 0, NULL) : NULL;
	const char *u = json_string_value(json_object_get(meta, "url"));
	size_t blen = nl ? f.len - (size_t)(nl + 1 - f.ptr) : 0;
	int ok = u && !strcmp(u, url) && blen <= max;
	if (ok) {
		e->etag = json_str(meta, "etag");
		e->last_modified = json_str(meta, "last_modified");
		/* the body moves to the front of the buffer: an index can be tens of MB */
		memmove(f.ptr, nl + 1, blen);
		f.len = blen;
		f.ptr[blen] = '\0';
		e->body = f;
		f = (cc_buf)CC_BUF_INIT;
	}
	json_decref(meta);
	cc_buf_free(&f);
	return ok;
}

static int cache_write(const char *path, const char *url, const cc_http_resp *r, cc_error *err)
{
	json_t *meta = json_pack("{s:s, s:s, s:s}", "url", url,
				 "etag", r->etag ? r->etag : "",
				 "last_modified", r->last_modified ? r->last_modified : "");
	char *line = json_dumps(meta, JSON_COMPACT);
	json_decref(meta);
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, CACHE_MAGIC);
	cc_buf_puts(&b, line);
	cc_buf_putc(&b, '\n');
	cc_buf_put(&b, r->body.ptr, r->body.len);
	free(line);
	int rc = cc_file_write_atomic(path, b.ptr, b.len, 0644, err);
	cc_buf_free(&b);
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

static int fetch(cc_http *h, const char *url, const cc_http_auth *auth, size_t max,
		 const char *path, entry *e, int have, cc_buf *out, cc_error *err)
{
	char *hv[3] = { NULL, NULL, NULL };
	conditional(e, have, hv);
	cc_http_req req = { .url = url, .auth = auth, .max_size = max, .headers = (const char *const *)hv };
	cc_http_resp r;
	int rc = cc_http_do(h, &req, &r, err);
	if (rc == CC_OK && r.status == 304 && have)
		give(out, &e->body);
	else if (rc == CC_OK && r.status >= 200 && r.status < 300) {
		if (path)
			rc = cache_write(path, url, &r, err);
		if (rc == CC_OK)
			give(out, &r.body);
	} else if (rc == CC_OK)
		rc = status_error(url, r.status, err);
	cc_http_resp_free(&r);
	free(hv[0]);
	free(hv[1]);
	return rc;
}

int cc_http_get(cc_http *h, const char *url, const cc_http_auth *auth, size_t max_size, cc_buf *out,
		cc_error *err)
{
	size_t max = max_size ? max_size : CC_HTTP_MAX_DEFAULT;
	char *path = cc_http_cache_dir_(h) ? cache_path(h, url) : NULL;
	entry e = { NULL, NULL, CC_BUF_INIT };
	int have = path && cache_read(path, url, max, &e);
	int rc;
	if (cc_http_offline_(h) && have) {
		give(out, &e.body);
		rc = CC_OK;
	} else if (cc_http_offline_(h)) {
		char *u = cc_http_redact(url);
		rc = cc_error_set(err, CC_ENOTFOUND, NULL, 0, 0, "GET %s: not in the cache (offline)", u);
		free(u);
	} else {
		rc = fetch(h, url, auth, max, path, &e, have, out, err);
	}
	entry_free(&e);
	free(path);
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
