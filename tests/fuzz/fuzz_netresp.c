/*
 * libFuzzer target for what servers send back to src/oci, src/http and
 * src/publish, without a server. The first byte chooses the parser; the
 * rest is split at NULs into fields (a header, a base URL, ...), or taken
 * whole as a response body:
 *
 *   0  WWW-Authenticate: Bearer and Basic challenges, the Bearer params, the token URL
 *   1  a token service's JSON answer (token, access_token)
 *   2  a Link header and the page URL it is resolved against
 *   3  a tag list page
 *   4  Retry-After: the wait before a retry
 *   5  Location against the URL that answered; URL redaction
 *   6  an error message scrubbed of a secret
 *   7  a WebDAV Lock-Token header
 *   8  a PROPFIND lockdiscovery answer
 *   9  ChartMuseum's answer about a chart version
 *
 * Messages built from a URL with a password must not hold the password.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/http_int.h"
#include "oci/oci_int.h"
#include "publish/publish_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SECRET "pw-0xc0ffee"
static const char *const PAGE = "https://user:" SECRET "@reg.example/v2/charts/x/tags/list?n=10";
static const char *const OWNER = "chartci publish 4242-0011223344556677";

enum { NFIELDS = 3 };

typedef struct input {
	const char *body;          /* everything after the selector */
	size_t len;
	char *f[NFIELDS];          /* the first fields, NUL-terminated; "" when absent */
} input;

static void split(const uint8_t *data, size_t size, input *in)
{
	in->body = (const char *)data;
	in->len = size;
	size_t at = 0;
	for (int i = 0; i < NFIELDS; i++) {
		const char *p = in->body + at;
		size_t left = at < size ? size - at : 0;
		const char *nul = left ? memchr(p, '\0', left) : NULL;
		size_t n = nul ? (size_t)(nul - p) : left;
		in->f[i] = cc_strndup(left ? p : "", n);
		at += n + 1;
	}
}

/* No space or control byte: what goes on a request line or into a header. */
static void check_url(const char *u)
{
	for (const unsigned char *p = (const unsigned char *)u; u && *p; p++)
		if (*p <= 0x20 || *p == 0x7f)
			abort();
}

static void check_secret(const cc_error *err)
{
	if (strstr(err->msg, SECRET))
		abort();
}

static void challenge(const input *in)
{
	const char *hdr = in->f[0];
	if (cc_oci_challenge_(hdr, "Basic") && strncasecmp(cc_oci_challenge_(hdr, "Basic") - 5, "Basic", 5))
		abort();
	const char *p = cc_oci_challenge_(hdr, "Bearer");
	if (!p)
		return;
	if (p < hdr + 6 || p > hdr + strlen(hdr) || strncasecmp(p - 6, "Bearer", 6))
		abort();
	char *realm = cc_oci_challenge_param_(p, "realm");
	char *service = cc_oci_challenge_param_(p, "service");
	char *scope = cc_oci_challenge_param_(p, "scope");
	/* without escapes a value is a piece of the header */
	if (!strchr(hdr, '\\') && ((realm && !strstr(hdr, realm)) || (scope && !strstr(hdr, scope))))
		abort();
	char *url = realm ? cc_oci_realm_url_(realm, service, scope) : NULL;
	check_url(url);
	free(url);
	free(realm);
	free(service);
	free(scope);
}

static void token(const input *in)
{
	cc_http_resp r = CC_HTTP_RESP_INIT;
	cc_buf_put(&r.body, in->body, in->len);
	cc_error err;
	char *t = NULL;
	if (cc_oci_token_from_json_("https://user:" SECRET "@auth.example/token", &r, &t, &err) == CC_OK) {
		if (!t || !*t)
			abort();
		free(t);
	} else {
		check_secret(&err);
	}
	cc_http_resp_free(&r);
}

static void link_header(const input *in)
{
	const char *base = *in->f[1] ? in->f[1] : PAGE;
	char *next = cc_oci_link_next_(in->f[0], base);
	check_url(next);
	free(next);
}

static void tags(const input *in)
{
	cc_http_resp r = CC_HTTP_RESP_INIT;
	cc_buf_put(&r.body, in->body, in->len);
	cc_strvec out = CC_STRVEC_INIT;
	cc_error err;
	if (cc_oci_tags_page_(PAGE, &r, &out, &err) != CC_OK)
		check_secret(&err);
	else if (out.n > CC_OCI_TAGS_MAX)
		abort();
	cc_strvec_free(&out);
	cc_http_resp_free(&r);
}

static void retry_after(const input *in)
{
	unsigned char b[11] = { 0 };
	memcpy(b, in->body, in->len < sizeof(b) ? in->len : sizeof(b));
	int attempt = 1 + b[0] % 8;
	long backoff = 1 + (long)((b[1] | b[2] << 8) % 60000);
	long long after = 0;
	for (int i = 3; i < 11; i++)
		after = (long long)((unsigned long long)after << 8 | b[i]);
	long base = backoff << (attempt - 1);
	long ms = cc_http_retry_wait_ms_(backoff, attempt, after);
	/* never shorter than the backoff, and a server cannot make it long */
	if (ms < base || (ms > base && ms > 30000))
		abort();
}

static void location(const input *in)
{
	const char *eff = *in->f[0] ? in->f[0] : NULL;
	char *loc = cc_http_location_(eff, cc_strdup(in->f[1]));
	if (eff)
		check_url(loc);
	else if (!loc || strcmp(loc, in->f[1]))
		abort();
	free(loc);
	char *shown = cc_http_redact(in->f[0]);
	const char *auth = strstr(shown, "://");
	auth = auth ? auth + 3 : shown;
	if (memchr(auth, '@', strcspn(auth, "/?#")))
		abort();
	free(shown);
}

static void scrub(const input *in)
{
	char *msg = cc_strdup(in->f[0]);
	const char *secret = in->f[1];
	cc_http_scrub_(msg, secret);
	if (strlen(msg) > strlen(in->f[0]))
		abort();
	/* a secret with '*' in it can meet the "***" that replaced an earlier one */
	if (strlen(secret) >= 3 && !strchr(secret, '*') && strstr(msg, secret))
		abort();
	free(msg);
}

/* The token inside the brackets: the input, less its own brackets when it has both. */
static void lock_token(const input *in)
{
	const char *t = in->f[0];
	size_t n = strlen(t);
	char *lock = cc_publish_lock_token_(t, n);
	size_t m = strlen(lock);
	int bracketed = n >= 2 && t[0] == '<' && t[n - 1] == '>';
	const char *inner = bracketed ? t + 1 : t;
	size_t ilen = bracketed ? n - 2 : n;
	if (m != ilen + 2 || lock[0] != '<' || lock[m - 1] != '>' || memcmp(lock + 1, inner, ilen))
		abort();
	free(lock);
}

static void lockdiscovery(const input *in)
{
	char *lock = cc_publish_own_lock_(in->f[0], OWNER);
	if (!lock)
		return;
	size_t m = strlen(lock);
	if (strncmp(lock, "<opaquelocktoken:", 17) || lock[m - 1] != '>' || strcspn(lock + 1, "<\" \t\r\n") < m - 1)
		abort();
	free(lock);
}

static void museum(const input *in)
{
	char *d = cc_publish_museum_digest_(in->body, in->len);
	if (d && strlen(d) > in->len)
		abort();
	free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static void (*const parsers[])(const input *) = { challenge, token, link_header, tags, retry_after,
							  location, scrub, lock_token, lockdiscovery, museum };
	if (size < 1)
		return 0;
	input in;
	split(data + 1, size - 1, &in);
	parsers[data[0] % (sizeof(parsers) / sizeof(parsers[0]))](&in);
	for (int i = 0; i < NFIELDS; i++)
		free(in.f[i]);
	return 0;
}
