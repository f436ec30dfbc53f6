/*
 * policy: TLS choices by URL and the warnings about insecure transport;
 * see cc_http_policy in http.h.
 *
 * URLs are compared by parts, not as strings: the scheme and the host are
 * case-insensitive, a default port (:443, :80) is the same as none, and
 * userinfo never takes part, so `https://user@Host:443/charts/` covers
 * `https://host/charts/index.yaml`.
 */
#include "http/http.h"
#include "http/http_int.h"

#include <curl/curl.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct url_parts {
	char *scheme;     /* lower case; chartmuseum+https is https */
	char *authority;  /* lower case host[:port], no userinfo, no default port */
	char *path;       /* without query, fragment and trailing slashes */
} url_parts;

typedef struct policy_entry {
	url_parts at;
	int host_only;    /* oci://: every request to the host */
	cc_http_tls tls;  /* strings owned */
} policy_entry;

struct cc_http_policy {
	policy_entry *v;
	size_t n;
	cc_http_tls fallback;  /* strings owned */
	cc_strvec warned;      /* "<kind> <scheme>://<authority>" already said */
	pthread_mutex_t lock;
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
};

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* One part of u as a string of ours ("" when absent). */
static char *part(CURLU *u, CURLUPart what, unsigned flags)
{
	char *v = NULL;
	char *out = cc_strdup(curl_url_get(u, what, &v, flags) == CURLUE_OK && v ? v : "");
	curl_free(v);
	return out;
}

/* Through libcurl's URL parser, which knows default ports and userinfo; oci:// is a scheme like any. */
static int split(const char *url, url_parts *u)
{
	memset(u, 0, sizeof(*u));
	CURLU *h = curl_url();
	if (!h || !url || curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
		curl_url_cleanup(h);
		return 0;
	}
	u->scheme = part(h, CURLUPART_SCHEME, 0);
	lower(u->scheme);
	if (strncmp(u->scheme, "chartmuseum+", 12) == 0)
		memmove(u->scheme, u->scheme + 12, strlen(u->scheme + 12) + 1);
	char *host = part(h, CURLUPART_HOST, 0);
	/* a default port, spelt or not, is none: the port only when it is not the scheme's own */
	char *port = part(h, CURLUPART_PORT, CURLU_NO_DEFAULT_PORT);
	const char *dflt = strcmp(u->scheme, "https") == 0 ? "443" : strcmp(u->scheme, "http") == 0 ? "80" : "";
	u->authority = *port && strcmp(port, dflt) != 0 ? cc_asprintf("%s:%s", host, port) : cc_strdup(host);
	lower(u->authority);
	u->path = part(h, CURLUPART_PATH, 0);
	size_t plen = strlen(u->path);
	while (plen > 0 && u->path[plen - 1] == '/')
		u->path[--plen] = '\0';
	free(host);
	free(port);
	curl_url_cleanup(h);
	return u->authority[0] != '\0';
}

static void parts_free(url_parts *u)
{
	free(u->scheme);
	free(u->authority);
	free(u->path);
}

static void tls_copy(cc_http_tls *dst, const cc_http_tls *src)
{
	dst->ca_file = src->ca_file && *src->ca_file ? cc_strdup(src->ca_file) : NULL;
	dst->cert_file = src->cert_file && *src->cert_file ? cc_strdup(src->cert_file) : NULL;
	dst->key_file = src->key_file && *src->key_file ? cc_strdup(src->key_file) : NULL;
	dst->insecure = src->insecure;
}

static void tls_free(cc_http_tls *t)
{
	free((char *)t->ca_file);
	free((char *)t->cert_file);
	free((char *)t->key_file);
	memset(t, 0, sizeof(*t));
}

cc_http_policy *cc_http_policy_new(void (*warn)(void *ctx, const char *msg), void *warn_ctx)
{
	cc_http_policy *p = cc_calloc(1, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	p->warn = warn;
	p->warn_ctx = warn_ctx;
	return p;
}

void cc_http_policy_free(cc_http_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		parts_free(&p->v[i].at);
		tls_free(&p->v[i].tls);
	}
	free(p->v);
	tls_free(&p->fallback);
	cc_strvec_free(&p->warned);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

/* libcurl would only say "error setting certificate file" at the first request, without which. */
static int check_ca_file(const char *path, cc_error *err)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return cc_error_sys(err, errno, path, "cannot read the CA file");
	int certs = 0;
	X509 *x;
	while ((x = PEM_read_X509(f, NULL, NULL, NULL))) {
		certs++;
		X509_free(x);
	}
	fclose(f);
	if (!certs)
		return cc_error_set(err, CC_EINVALID, path, 0, 0,
				    "the CA file holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
	return CC_OK;
}

static int check_readable(const char *path, const char *what, cc_error *err)
{
	FILE *f = path ? fopen(path, "r") : NULL;
	if (path && !f)
		return cc_error_sys(err, errno, path, what);
	if (f)
		fclose(f);
	return CC_OK;
}

static int check_tls(const cc_http_tls *t, cc_error *err)
{
	int rc = t->ca_file && *t->ca_file ? check_ca_file(t->ca_file, err) : CC_OK;
	if (rc == CC_OK)
		rc = check_readable(t->cert_file, "cannot read the client certificate", err);
	if (rc == CC_OK)
		rc = check_readable(t->key_file, "cannot read the client key", err);
	return rc;
}

int cc_http_policy_add(cc_http_policy *p, const char *prefix, const cc_http_tls *t, cc_error *err)
{
	int rc = check_tls(t, err);
	if (rc != CC_OK)
		return rc;
	if (!prefix) {
		tls_free(&p->fallback);
		tls_copy(&p->fallback, t);
		return CC_OK;
	}
	policy_entry e;
	memset(&e, 0, sizeof(e));
	if (!split(prefix, &e.at)) {
		parts_free(&e.at);
		return cc_error_set(err, CC_EINVALID, NULL, 0, 0, "%s: not a URL with a host", prefix);
	}
	e.host_only = strcmp(e.at.scheme, "oci") == 0;
	tls_copy(&e.tls, t);
	p->v = cc_realloc(p->v, (p->n + 1) * sizeof(*p->v));
	p->v[p->n++] = e;
	return CC_OK;
}

/* How closely e covers u: 0 not at all, else more for a longer path. */
static size_t cover(const policy_entry *e, const url_parts *u)
{
	int web = strcmp(u->scheme, "http") == 0 || strcmp(u->scheme, "https") == 0;
	if (e->host_only)
		return web && strcmp(e->at.authority, u->authority) == 0 ? 1 : 0;
	size_t n = strlen(e->at.path);
	if (strcmp(e->at.scheme, u->scheme) != 0 || strcmp(e->at.authority, u->authority) != 0 ||
	    strncmp(e->at.path, u->path, n) != 0 || (u->path[n] != '\0' && u->path[n] != '/'))
		return 0;
	return n + 2; /* over any host_only entry of the same host */
}

cc_http_tls cc_http_policy_for(const cc_http_policy *p, const char *url)
{
	cc_http_tls none = { 0 };
	url_parts u;
	if (!p)
		return none;
	if (!split(url, &u)) {
		parts_free(&u);
		return p->fallback;
	}
	const cc_http_tls *best = &p->fallback;
	size_t best_score = 0;
	for (size_t i = 0; i < p->n; i++) {
		size_t s = cover(&p->v[i], &u);
		if (s > best_score) {
			best_score = s;
			best = &p->v[i].tls;
		}
	}
	parts_free(&u);
	return *best;
}

/* The host of an authority: without the port, and without IPv6's brackets. */
static char *host_of(const char *authority)
{
	if (authority[0] == '[') {
		const char *end = strchr(authority, ']');
		return cc_strndup(authority + 1, end ? (size_t)(end - authority - 1) : strlen(authority + 1));
	}
	return cc_strndup(authority, strcspn(authority, ":"));
}

static int loopback_host(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	if (strcmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	return inet_pton(AF_INET6, host, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

int cc_http_same_origin(const char *a, const char *b)
{
	url_parts x, y;
	int ok = split(a, &x);
	ok = split(b, &y) && ok; /* both split, so both are freed */
	int same = ok && strcmp(x.scheme, y.scheme) == 0 && strcmp(x.authority, y.authority) == 0;
	parts_free(&x);
	parts_free(&y);
	return same;
}

int cc_http_loopback(const char *url)
{
	url_parts u;
	int ok = split(url, &u);
	char *host = ok ? host_of(u.authority) : NULL;
	int lo = host && loopback_host(host);
	free(host);
	parts_free(&u);
	return lo;
}

/*
 * Says msg once per key. The lock makes "once" hold across threads, and is
 * held through the callback too, so that the callback needs none of its own.
 */
static void warn_once(cc_http_policy *p, const char *key, const char *msg)
{
	pthread_mutex_lock(&p->lock);
	if (!cc_strvec_contains(&p->warned, key)) {
		cc_strvec_push(&p->warned, key);
		if (p->warn)
			p->warn(p->warn_ctx, msg);
	}
	pthread_mutex_unlock(&p->lock);
}

void cc_http_policy_warn_(cc_http_policy *p, const char *url, int insecure)
{
	url_parts u;
	if (!p)
		return;
	if (!split(url, &u)) {
		parts_free(&u);
		return;
	}
	char *key = NULL, *msg = NULL;
	if (strcmp(u.scheme, "http") == 0 && !cc_http_loopback(url)) {
		key = cc_asprintf("plain http://%s", u.authority);
		msg = cc_asprintf("http://%s: plain HTTP to a host that is not this machine: credentials and charts "
				  "travel unencrypted and can be read or changed on the way", u.authority);
	} else if (strcmp(u.scheme, "https") == 0 && insecure) {
		key = cc_asprintf("insecure https://%s", u.authority);
		msg = cc_asprintf("https://%s: insecure-skip-tls-verify: the host's certificate is not verified, so "
				  "anyone on the way can pose as it", u.authority);
	}
	if (key)
		warn_once(p, key, msg);
	free(key);
	free(msg);
	parts_free(&u);
}
