/*
 * http: every HTTP request chartci makes, over libcurl.
 *
 * Chart repositories (index.yaml, chart archives) and OCI registries are
 * reached through one cc_http, which owns one libcurl easy handle, so
 * connections, TLS sessions and DNS answers are reused from one request to
 * the next. A cc_http is used by one thread at a time; threads that fetch
 * in parallel each make their own.
 *
 * What the transport guarantees, so callers need not think about it:
 *   - TLS is verified unless an auth block, or the policy for the URL,
 *     says `insecure`.
 *   - Only http and https are spoken, also after a redirect (a server
 *     cannot send chartci to file:// or anything else).
 *   - Redirects are followed (at most 10); credentials (basic, bearer, an
 *     Authorization header) are sent to the first host and port only, never
 *     to the host a redirect leads to (libcurl's rule without
 *     CURLOPT_UNRESTRICTED_AUTH).
 *   - Proxies come from the environment (http_proxy, https_proxy, no_proxy).
 *   - gzip, deflate, brotli, zstd responses are decoded; max_size bounds the
 *     decoded body, and a transfer that goes over it is stopped at once.
 *   - Transient failures (5xx, 429, a connection reset or dropped after it
 *     was made, a timeout) are retried with exponential backoff, honouring a
 *     short Retry-After. A refused connection or an unknown host is not
 *     retried: nothing is listening, and waiting would not change that.
 *   - No password, token, Authorization header or URL userinfo appears in
 *     an error message: URLs are printed through cc_http_redact.
 *
 * Caching (cc_http_get only): with a cache_dir, each response body is kept
 * in one file, <sha256 of the URL>, beside its ETag and Last-Modified, and
 * the next GET of that URL is conditional; a 304 serves the cached body.
 * Each cache file is written atomically, so concurrent chartci runs sharing
 * a cache see a whole entry or none.
 */
#ifndef CC_HTTP_H
#define CC_HTTP_H

#include <stddef.h>
#include "base/base.h"

#define CC_HTTP_MAX_DEFAULT ((size_t)256 << 20) /* 256 MiB */
#define CC_HTTP_ATTEMPTS_DEFAULT 4
#define CC_HTTP_MAX_REDIRECTS 10

typedef struct cc_http cc_http;

typedef struct cc_http_opts {
	const char *cache_dir;   /* NULL: no cache. Else responses to cc_http_get are cached here, keyed by sha256 of the URL */
	int offline;             /* 1: never touch the network; cc_http_get serves the cache or fails with CC_ENOTFOUND "not in the cache (offline)" */
	int attempts;            /* 0: default 4; retries with exponential backoff (200ms, 400ms, 800ms) on 5xx, 429, connection reset, timeouts */
	long connect_timeout_s;  /* 0: 10 */
	long timeout_s;          /* 0: 300 total per attempt; a transfer that moves no data for 30 s (or timeout_s, if less) is stalled and ends */
	const char *user_agent;  /* NULL: "chartci/<version>" */
	long backoff_ms;         /* 0: 200, the first retry's wait; doubled for each next one */
	/* Called as every transfer goes (a request's own progress wins), for a progress display. */
	void (*progress)(void *ctx, const char *url, size_t done, size_t total, int upload);
	void *progress_ctx;
	struct cc_http_policy *policy; /* NULL: none; TLS choices by URL and warnings, shared, not owned */
} cc_http_opts;

typedef struct cc_http_auth {
	const char *username, *password;  /* basic */
	const char *bearer;               /* Authorization: Bearer (wins over basic) */
	const char *ca_file, *cert_file, *key_file;
	int insecure;                     /* skip TLS verification */
} cc_http_auth;

/* TLS choices for the requests under one URL. */
typedef struct cc_http_tls {
	const char *ca_file, *cert_file, *key_file;
	int insecure;                     /* skip TLS verification */
} cc_http_tls;

/*
 * A run's network policy, shared by every cc_http of the run (threads
 * included; it locks itself):
 *   - TLS choices by URL prefix: a request under `http(s)://host[:port]/path`
 *     takes that entry's choices; an `oci://host[:port][/path]` entry
 *     covers every request to that registry host (the registry API lives at
 *     /v2/ whatever the path); `chartmuseum+https://` is taken as `https://`.
 *     The longest matching prefix wins; the default (prefix NULL) covers the
 *     rest. A request whose auth block names TLS files or `insecure` keeps
 *     its own (helm's repositories.yaml entries).
 *   - Warnings, each said once per host per policy, through warn before
 *     the request is sent: plain http:// to a host that is not loopback
 *     (localhost, 127.0.0.0/8, ::1), and TLS not verified. warn is called
 *     under the policy's lock: one call at a time.
 */
typedef struct cc_http_policy cc_http_policy;

cc_http_policy *cc_http_policy_new(void (*warn)(void *ctx, const char *msg), void *warn_ctx);
/* Adds the choices for prefix (NULL: the default). A ca_file must be a
 * readable PEM file holding at least one certificate, cert_file and
 * key_file readable files: an error naming the file otherwise, so a typo
 * fails before any request. Strings are copied. */
int cc_http_policy_add(cc_http_policy *p, const char *prefix, const cc_http_tls *t, cc_error *err);
/* The choices that apply to url (all empty when none do). */
cc_http_tls cc_http_policy_for(const cc_http_policy *p, const char *url);
void cc_http_policy_free(cc_http_policy *p);
/* 1 when url's host is loopback: localhost, 127.0.0.0/8 or ::1. */
int cc_http_loopback(const char *url);

int cc_http_new(const cc_http_opts *o, cc_http **out, cc_error *err);
void cc_http_free(cc_http *h);

typedef struct cc_http_req {
	const char *method;              /* NULL: GET; "HEAD" asks for no body */
	const char *url;
	const char *const *headers;      /* NULL-terminated "Name: value" */
	const cc_http_auth *auth;
	const void *body; size_t body_len;
	const char *body_file;           /* upload from a file instead (PUT) */
	size_t max_size;                 /* 0: 256 MiB; a bigger body is CC_ELIMIT, stopped early */
	const char *out_file;            /* write a 2xx body here (atomically: temp file + rename) instead of into resp->body; other bodies go to resp->body */
	int no_redirect;
	/* Called as the transfer goes (bytes sent and to send, or received and
	 * expected; a total of 0 is unknown), for a progress display. */
	void (*progress)(void *ctx, size_t done, size_t total, int upload);
	void *progress_ctx;
} cc_http_req;

typedef struct cc_http_resp {
	long status;
	cc_buf body;
	char *effective_url;
	/* Response headers of the last response (NULL when absent); location is
	 * resolved against effective_url, so it is always an absolute URL. */
	char *content_type, *www_authenticate, *location, *link, *etag, *last_modified, *docker_content_digest;
	char *lock_token;                /* WebDAV LOCK's answer: "<opaquelocktoken:...>" */
	int attempts;                    /* requests made, retries included */
} cc_http_resp;

#define CC_HTTP_RESP_INIT { 0, CC_BUF_INIT, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 }

/* One request, with retries; any HTTP status is CC_OK (check resp->status);
 * transport failures are CC_EIO naming the URL (no secrets) and, after
 * retries, how many attempts were made; a stall says so ("no data for N s
 * (stalled)"), as does the total timeout ("timed out after N s"), and an
 * untrusted certificate says how to trust it. Offline, every
 * request is CC_ENOTFOUND. resp is reset first; free it even on failure. */
int cc_http_do(cc_http *h, const cc_http_req *req, cc_http_resp *resp, cc_error *err);
void cc_http_resp_free(cc_http_resp *r);

/* GET through the cache: with a cached copy, a conditional request
 * (If-None-Match / If-Modified-Since); 304 serves the cached body, so an
 * unchanged index costs one small request. Non-2xx is CC_ENOTFOUND for
 * 404/410 and CC_EIO otherwise, with "GET <url>: <status>". Cache writes
 * are atomic. max_size 0: 256 MiB. */
int cc_http_get(cc_http *h, const char *url, const cc_http_auth *auth, size_t max_size, cc_buf *out, cc_error *err);

/*
 * cc_http_get for callers that keep something derived from a body (a
 * parsed index) under the body's sha256: sha is always filled. When the
 * cached copy is still current (a 304, or offline), its body is not read:
 * *body is 0 and out is left as it was; the caller reads its derived copy,
 * or asks cc_http_get for the bytes when it has none. Otherwise *body is 1
 * and out holds the body.
 */
int cc_http_get_current(cc_http *h, const char *url, const cc_http_auth *auth, size_t max_size, cc_buf *out,
			char sha[CC_SHA256_HEX], int *body, cc_error *err);

/* Like cc_http_get but into a file (atomically), for chart archives; no cache. */
int cc_http_get_file(cc_http *h, const char *url, const cc_http_auth *auth, size_t max_size, const char *path, cc_error *err);

/* The URL with user:pass@ removed, for messages. Caller frees. */
char *cc_http_redact(const char *url);

/*
 * 1 when both URLs have the same scheme, host and port (a default port
 * spelt or not): where credentials given for one may go with the other.
 */
int cc_http_same_origin(const char *a, const char *b);
/* ref resolved against base (RFC 3986, as libcurl's URL parser does it);
 * NULL when either cannot be parsed. Caller frees. */
char *cc_http_resolve(const char *base, const char *ref);

#endif
