/*
 * http: see http.h. One libcurl easy handle per cc_http, reset before each
 * request (curl_easy_reset keeps the connection, TLS session and DNS
 * caches), and a retry loop around curl_easy_perform, which libcurl itself
 * does not offer. Everything else (redirects, decoding, proxies, TLS,
 * credentials on redirects, header parsing) is libcurl's.
 */
#include "http/http.h"
#include "http/http_int.h"

#include <curl/curl.h>
#include <errno.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef CHARTCI_VERSION
#define CHARTCI_VERSION "0.0.0"
#endif

/* A Retry-After longer than this is not waited for: the retry happens after
 * the usual backoff, and a server that really is down fails the run soon. */
#define RETRY_AFTER_MAX_S 30
/* A transfer below 1 byte/s for this long (or the total timeout, if less) is stalled. */
#define LOW_SPEED_TIME_S 30

struct cc_http {
	CURL *curl;
	char *cache_dir;
	int offline;
	int attempts;
	long connect_timeout_s, timeout_s, backoff_ms;
	char *user_agent;
	void (*progress)(void *ctx, const char *url, size_t done, size_t total, int upload);
	void *progress_ctx;
	cc_http_policy *policy;
	char errbuf[CURL_ERROR_SIZE];
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc;

static void global_init(void)
{
	global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* mkdir -p, for the cache directory. */
static int mkdirs(const char *path, cc_error *err)
{
	char *p = cc_strdup(path);
	int rc = CC_OK;
	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			rc = cc_error_sys(err, errno, p, "cannot create the HTTP cache directory");
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return rc;
}

int cc_http_new(const cc_http_opts *o, cc_http **out, cc_error *err)
{
	static const cc_http_opts none;
	*out = NULL;
	if (!o)
		o = &none;
	pthread_once(&global_once, global_init);
	if (global_rc != CURLE_OK)
		return cc_error_set(err, CC_ERROR, NULL, 0, 0, "cannot initialise libcurl: %s",
				    curl_easy_strerror(global_rc));
	if (o->cache_dir && mkdirs(o->cache_dir, err) != CC_OK)
		return err ? err->code : CC_EIO;
	cc_http *h = cc_calloc(1, sizeof(*h));
	h->curl = curl_easy_init();
	if (!h->curl) {
		free(h);
		return cc_error_set(err, CC_ERROR, NULL, 0, 0, "cannot create a libcurl handle");
	}
	h->cache_dir = o->cache_dir ? cc_strdup(o->cache_dir) : NULL;
	h->offline = o->offline;
	h->attempts = o->attempts > 0 ? o->attempts : CC_HTTP_ATTEMPTS_DEFAULT;
	h->connect_timeout_s = o->connect_timeout_s > 0 ? o->connect_timeout_s : 10;
	h->timeout_s = o->timeout_s > 0 ? o->timeout_s : 300;
	h->backoff_ms = o->backoff_ms > 0 ? o->backoff_ms : 200;
	h->user_agent = cc_strdup(o->user_agent ? o->user_agent : "chartci/" CHARTCI_VERSION);
	h->progress = o->progress;
	h->progress_ctx = o->progress_ctx;
	h->policy = o->policy;
	*out = h;
	return CC_OK;
}

void cc_http_free(cc_http *h)
{
	if (!h)
		return;
	curl_easy_cleanup(h->curl);
	free(h->cache_dir);
	free(h->user_agent);
	free(h);
}

const char *cc_http_cache_dir_(const cc_http *h) { return h->cache_dir; }
int cc_http_offline_(const cc_http *h) { return h->offline; }

void cc_http_resp_free(cc_http_resp *r)
{
	if (!r)
		return;
	cc_buf_free(&r->body);
	free(r->effective_url);
	free(r->content_type);
	free(r->www_authenticate);
	free(r->location);
	free(r->link);
	free(r->etag);
	free(r->last_modified);
	free(r->docker_content_digest);
	free(r->lock_token);
	memset(r, 0, sizeof(*r));
}

/* ---- One transfer ---------------------------------------------------- */

typedef struct xfer {
	CURL *curl;
	cc_buf *mem;      /* body of a non-2xx response, or of any response without out_file */
	FILE *file;       /* out_file's temporary file */
	int to_file;      /* decided at the first body byte, from the status */
	int decided;
	size_t max, got;
	int over;         /* the body went over max */
	int file_errno;   /* writing the temporary file failed */
	FILE *upload;     /* body_file */
	curl_off_t seen;  /* bytes moved so far, both ways */
	long long moved_ms; /* when they last grew: a timeout long after it is a stall */
	const cc_http *h;
	const cc_http_req *req;
} xfer;

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
	xfer *x = ud;
	size_t n = size * nmemb;
	if (!x->decided) {
		long code = 0;
		curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &code);
		x->to_file = x->file && code >= 200 && code < 300;
		x->decided = 1;
	}
	if (n > x->max - x->got) {
		x->over = 1;
		return 0; /* libcurl ends the transfer: the limit stops it early */
	}
	x->got += n;
	if (!x->to_file) {
		cc_buf_put(x->mem, ptr, n);
		return n;
	}
	if (fwrite(ptr, 1, n, x->file) != n) {
		x->file_errno = errno ? errno : EIO;
		return 0;
	}
	return n;
}

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Back to an empty body before an attempt. */
static int xfer_rewind(xfer *x)
{
	cc_buf_clear(x->mem);
	x->seen = 0;
	x->moved_ms = now_ms();
	x->got = 0;
	x->over = 0;
	x->decided = 0;
	x->to_file = 0;
	if (x->upload)
		rewind(x->upload);
	if (!x->file)
		return 0;
	rewind(x->file);
	return ftruncate(fileno(x->file), 0);
}

static struct curl_slist *build_headers(const cc_http_req *req)
{
	struct curl_slist *l = NULL;
	for (const char *const *p = req->headers; p && *p; p++) {
		struct curl_slist *n = curl_slist_append(l, *p);
		if (!n)
			abort(); /* allocation failure, as cc_malloc treats it */
		l = n;
	}
	return l;
}

/* The request's own TLS choices (helm's, per repository) win; else the policy's for its URL. */
static cc_http_tls tls_for(const cc_http *h, const cc_http_req *req)
{
	const cc_http_auth *a = req->auth;
	if (a && (a->ca_file || a->cert_file || a->key_file || a->insecure))
		return (cc_http_tls){ a->ca_file, a->cert_file, a->key_file, a->insecure };
	return cc_http_policy_for(h->policy, req->url);
}

static void set_tls(CURL *c, const cc_http_tls *t)
{
	if (t->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, t->ca_file);
	if (t->cert_file)
		curl_easy_setopt(c, CURLOPT_SSLCERT, t->cert_file);
	if (t->key_file)
		curl_easy_setopt(c, CURLOPT_SSLKEY, t->key_file);
	if (t->insecure) {
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
}

static void set_auth(CURL *c, const cc_http_auth *a)
{
	if (!a)
		return;
	if (a->bearer) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
		curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, a->bearer);
	} else if (a->username || a->password) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, a->username ? a->username : "");
		curl_easy_setopt(c, CURLOPT_PASSWORD, a->password ? a->password : "");
	}
}

/* The method and body: a memory body as POST fields (any method), a file as an upload. */
static void set_method(CURL *c, const cc_http_req *req, xfer *x, curl_off_t upload_size)
{
	const char *m = req->method ? req->method : "GET";
	if (!strcmp(m, "HEAD")) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
		return;
	}
	if (x->upload) {
		curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(c, CURLOPT_READDATA, x->upload);
		curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, upload_size);
		if (strcmp(m, "PUT"))
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, m);
		return;
	}
	if (req->body || !strcmp(m, "POST") || !strcmp(m, "PUT")) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body ? (const char *)req->body : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	}
	if (strcmp(m, "GET") && strcmp(m, "POST"))
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, m);
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	xfer *x = ud;
	if (dlnow + ulnow != x->seen) {
		x->seen = dlnow + ulnow;
		x->moved_ms = now_ms();
	}
	int up = ultotal > 0;
	size_t done = (size_t)(up ? ulnow : dlnow), total = (size_t)(up ? ultotal : dltotal);
	if (x->req->progress)
		x->req->progress(x->req->progress_ctx, done, total, up);
	else if (x->h->progress)
		x->h->progress(x->h->progress_ctx, x->req->url, done, total, up);
	return 0;
}

/* A transfer below 1 byte/s for this long is stalled. */
static long low_speed_time(const cc_http *h)
{
	return h->timeout_s < LOW_SPEED_TIME_S ? h->timeout_s : (long)LOW_SPEED_TIME_S;
}

static void setup(cc_http *h, const cc_http_req *req, xfer *x, struct curl_slist *hdrs,
		  curl_off_t upload_size, const cc_http_tls *tls)
{
	CURL *c = h->curl;
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, req->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, req->no_redirect ? 0L : 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)CC_HTTP_MAX_REDIRECTS);
	/* credentials stay with the first host: libcurl's default, stated so it cannot drift */
	curl_easy_setopt(c, CURLOPT_UNRESTRICTED_AUTH, 0L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, h->user_agent);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, h->connect_timeout_s);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, h->timeout_s);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, low_speed_time(h));
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); /* no SIGALRM: callers may be threads */
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	set_auth(c, req->auth);
	set_tls(c, tls);
	set_method(c, req, x, upload_size);
	/* always: it also tells a stall (no bytes for a while) from a slow transfer */
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)x);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
}

/* ---- Outcome ---------------------------------------------------------- */

static int retriable_curl(CURLcode rc)
{
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

static int retriable_status(long status)
{
	return status >= 500 || status == 429;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

long cc_http_retry_wait_ms_(long backoff_ms, int attempt, long long retry_after_s)
{
	long ms = backoff_ms << (attempt - 1);
	if (retry_after_s > 0 && retry_after_s <= RETRY_AFTER_MAX_S && retry_after_s * 1000 > ms)
		ms = (long)retry_after_s * 1000;
	return ms;
}

static long backoff(cc_http *h, int attempt)
{
	curl_off_t after = 0;
	if (curl_easy_getinfo(h->curl, CURLINFO_RETRY_AFTER, &after) != CURLE_OK)
		after = 0;
	return cc_http_retry_wait_ms_(h->backoff_ms, attempt, (long long)after);
}

/* All values of a response header joined with ", " (HTTP list syntax), or NULL. */
static char *header(CURL *c, const char *name)
{
	struct curl_header *hd;
	if (curl_easy_header(c, name, 0, CURLH_HEADER, -1, &hd) != CURLHE_OK)
		return NULL;
	size_t amount = hd->amount;
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, hd->value);
	for (size_t i = 1; i < amount; i++) {
		if (curl_easy_header(c, name, i, CURLH_HEADER, -1, &hd) == CURLHE_OK) {
			cc_buf_puts(&b, ", ");
			cc_buf_puts(&b, hd->value);
		}
	}
	return cc_buf_detach(&b);
}

static void collect(CURL *c, cc_http_resp *r)
{
	char *s = NULL;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &s) == CURLE_OK && s)
		r->effective_url = cc_strdup(s);
	s = NULL;
	if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &s) == CURLE_OK && s)
		r->content_type = cc_strdup(s);
	r->www_authenticate = header(c, "WWW-Authenticate");
	r->link = header(c, "Link");
	r->etag = header(c, "ETag");
	r->last_modified = header(c, "Last-Modified");
	r->docker_content_digest = header(c, "Docker-Content-Digest");
	r->lock_token = header(c, "Lock-Token");
	r->location = cc_http_location_(r->effective_url, header(c, "Location"));
}

char *cc_http_location_(const char *effective_url, char *location)
{
	if (!location || !effective_url)
		return location;
	char *abs = cc_http_resolve(effective_url, location);
	free(location);
	return abs;
}

/*
 * Each occurrence of secret in p[0..len) replaced by "***"; the new length.
 * The search goes on after each "***": a secret that is "***" would meet
 * itself forever. A secret under 3 bytes is too short to tell from
 * ordinary text.
 */
static size_t scrub_mem(char *p, size_t len, const char *secret)
{
	size_t n = secret ? strlen(secret) : 0;
	char *end = p + len, *at = p;
	if (n < 3)
		return len;
	while ((at = memmem(at, (size_t)(end - at), secret, n))) {
		memcpy(at, "***", 3);
		memmove(at + 3, at + n, (size_t)(end - at - n));
		end -= n - 3;
		at += 3;
	}
	return (size_t)(end - p);
}

void cc_http_scrub_(char *msg, const char *secret)
{
	msg[scrub_mem(msg, strlen(msg), secret)] = '\0';
}

static void scrub_buf(cc_buf *b, const char *secret)
{
	if (b->ptr) {
		b->len = scrub_mem(b->ptr, b->len, secret);
		b->ptr[b->len] = '\0';
	}
}

/* The base64 of user:password, as an Authorization: Basic header carries it. */
static void scrub_basic(cc_buf *b, const char *user, const char *password)
{
	char *pair = cc_asprintf("%s:%s", user ? user : "", password);
	size_t n = strlen(pair);
	unsigned char *enc = cc_malloc(4 * ((n + 2) / 3) + 1);
	EVP_EncodeBlock(enc, (const unsigned char *)pair, (int)n);
	scrub_buf(b, (const char *)enc);
	free(enc);
	free(pair);
}

/*
 * An error answer is read only to be shown, and a server may echo what it
 * was sent (a registry's "invalid credentials: ..." message, a proxy's
 * debugging page): the request's password (from its auth or its URL), its
 * bearer token and the base64 of user:password are taken out before
 * anything can print them.
 */
static void scrub_answer(cc_buf *b, const cc_http_req *req)
{
	const cc_http_auth *a = req->auth;
	if (!b->len)
		return;
	if (a) {
		scrub_buf(b, a->password);
		scrub_buf(b, a->bearer);
		if (a->password)
			scrub_basic(b, a->username, a->password);
	}
	CURLU *u = curl_url();
	char *user = NULL, *password = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, req->url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PASSWORD, &password, CURLU_URLDECODE) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_USER, &user, CURLU_URLDECODE);
		scrub_buf(b, password);
		scrub_basic(b, user, password);
	}
	curl_free(user);
	curl_free(password);
	curl_url_cleanup(u);
}

/* What went wrong, in words that name the limit that was hit rather than libcurl's. */
static void describe(const cc_http *h, const xfer *x, CURLcode rc, int attempts, cc_buf *b)
{
	curl_off_t connected = 0;
	curl_easy_getinfo(h->curl, CURLINFO_CONNECT_TIME_T, &connected);
	long stall = low_speed_time(h);
	if (rc == CURLE_OPERATION_TIMEDOUT && !connected)
		cc_buf_printf(b, "could not connect within %ld s",
			      h->connect_timeout_s < h->timeout_s ? h->connect_timeout_s : h->timeout_s);
	else if (rc == CURLE_OPERATION_TIMEDOUT && now_ms() - x->moved_ms >= stall * 1000 - 500)
		cc_buf_printf(b, "no data for %ld s (stalled)", stall);
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		cc_buf_printf(b, "timed out after %ld s", h->timeout_s);
	else
		cc_buf_puts(b, h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc));
	if (rc == CURLE_PEER_FAILED_VERIFICATION)
		cc_buf_puts(b, " (the server's certificate is not trusted: name the CA that signed it with --ca-file "
			       "FILE or ca-file in .chartci.yaml's repository entry)");
	if (attempts > 1)
		cc_buf_printf(b, "; gave up after %d attempts", attempts);
}

static int transport_error(cc_http *h, const cc_http_req *req, const xfer *x, CURLcode rc,
			   int attempts, cc_error *err)
{
	char *u = cc_http_redact(req->url);
	const char *m = req->method ? req->method : "GET";
	int code;
	if (x->over || rc == CURLE_FILESIZE_EXCEEDED) {
		code = cc_error_set(err, CC_ELIMIT, NULL, 0, 0, "%s %s: the response is larger than %zu bytes",
				    m, u, x->max);
	} else if (x->file_errno) {
		code = cc_error_set(err, CC_EIO, req->out_file, 0, 0, "%s %s: cannot write: %s", m, u,
				    strerror(x->file_errno));
	} else {
		cc_buf why = CC_BUF_INIT;
		describe(h, x, rc, attempts, &why);
		code = cc_error_set(err, CC_EIO, NULL, 0, 0, "%s %s: %s", m, u, why.ptr);
		cc_buf_free(&why);
	}
	free(u);
	if (err && req->auth) {
		cc_http_scrub_(err->msg, req->auth->password);
		cc_http_scrub_(err->msg, req->auth->bearer);
	}
	return code;
}

/* ---- Files ------------------------------------------------------------ */

static int open_upload(const cc_http_req *req, xfer *x, curl_off_t *size, cc_error *err)
{
	if (!req->body_file)
		return CC_OK;
	x->upload = fopen(req->body_file, "rb");
	struct stat st;
	if (!x->upload || fstat(fileno(x->upload), &st) != 0)
		return cc_error_sys(err, errno, req->body_file, "cannot read the request body");
	*size = (curl_off_t)st.st_size;
	return CC_OK;
}

static int open_out(const cc_http_req *req, xfer *x, char **tmp, cc_error *err)
{
	if (!req->out_file)
		return CC_OK;
	*tmp = cc_asprintf("%s.chartci-tmp-XXXXXX", req->out_file);
	int fd = mkstemp(*tmp);
	if (fd < 0 || !(x->file = fdopen(fd, "w+b"))) {
		int e = errno;
		if (fd >= 0) {
			close(fd);
			unlink(*tmp);
		}
		free(*tmp);
		*tmp = NULL;
		return cc_error_sys(err, e, req->out_file, "cannot create temporary file");
	}
	return CC_OK;
}

/* The temporary file becomes out_file when the transfer succeeded with a 2xx; otherwise it goes. */
static int finish_out(const cc_http_req *req, xfer *x, char *tmp, int keep, cc_error *err)
{
	if (!x->file)
		return CC_OK;
	int rc = CC_OK;
	if (keep && (fflush(x->file) != 0 || fchmod(fileno(x->file), 0644) != 0 ||
		     fsync(fileno(x->file)) != 0))
		rc = cc_error_sys(err, errno, req->out_file, "cannot write");
	if (fclose(x->file) != 0 && keep && rc == CC_OK)
		rc = cc_error_sys(err, errno, req->out_file, "cannot write");
	x->file = NULL;
	if (keep && rc == CC_OK && rename(tmp, req->out_file) != 0)
		rc = cc_error_sys(err, errno, req->out_file, "cannot replace");
	if (!keep || rc != CC_OK)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* ---- The request ------------------------------------------------------- */

static CURLcode perform_with_retries(cc_http *h, xfer *x, int *attempts)
{
	CURLcode rc = CURLE_OK;
	for (int a = 1; a <= h->attempts; a++) {
		*attempts = a;
		h->errbuf[0] = '\0';
		if (xfer_rewind(x) != 0) {
			x->file_errno = errno;
			return CURLE_WRITE_ERROR;
		}
		rc = curl_easy_perform(h->curl);
		long status = 0;
		curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
		int again = rc == CURLE_OK ? retriable_status(status) : retriable_curl(rc) && !x->over;
		if (!again || a == h->attempts)
			break;
		sleep_ms(backoff(h, a));
	}
	return rc;
}

int cc_http_do(cc_http *h, const cc_http_req *req, cc_http_resp *resp, cc_error *err)
{
	memset(resp, 0, sizeof(*resp));
	const char *m = req->method ? req->method : "GET";
	if (h->offline) {
		char *u = cc_http_redact(req->url);
		int rc = cc_error_set(err, CC_ENOTFOUND, NULL, 0, 0, "%s %s: not fetched (offline)", m, u);
		free(u);
		return rc;
	}
	xfer x = { .curl = h->curl, .h = h, .req = req, .mem = &resp->body,
		   .max = req->max_size ? req->max_size : CC_HTTP_MAX_DEFAULT };
	char *tmp = NULL;
	curl_off_t upload_size = 0;
	int rc = open_upload(req, &x, &upload_size, err);
	if (rc == CC_OK)
		rc = open_out(req, &x, &tmp, err);
	if (rc != CC_OK) {
		if (x.upload)
			fclose(x.upload);
		return rc;
	}
	struct curl_slist *hdrs = build_headers(req);
	cc_http_tls tls = tls_for(h, req);
	cc_http_policy_warn_(h->policy, req->url, tls.insecure);
	setup(h, req, &x, hdrs, upload_size, &tls);
	CURLcode crc = perform_with_retries(h, &x, &resp->attempts);
	if (crc == CURLE_OK)
		collect(h->curl, resp);
	else
		rc = transport_error(h, req, &x, crc, resp->attempts, err);
	int keep = rc == CC_OK && resp->status >= 200 && resp->status < 300;
	if (rc == CC_OK && resp->status >= 400)
		scrub_answer(&resp->body, req);
	int frc = finish_out(req, &x, tmp, keep, err);
	if (rc == CC_OK)
		rc = frc;
	if (x.upload)
		fclose(x.upload);
	curl_slist_free_all(hdrs);
	/* the handle keeps pointers to req's strings; drop them before req goes */
	curl_easy_reset(h->curl);
	return rc;
}

/* ---- URLs --------------------------------------------------------------- */

char *cc_http_redact(const char *url)
{
	if (!url)
		return cc_strdup("");
	const char *auth = strstr(url, "://");
	auth = auth ? auth + 3 : url;
	size_t alen = strcspn(auth, "/?#");
	const char *at = NULL;
	for (const char *p = auth; p < auth + alen; p++)
		if (*p == '@')
			at = p;
	if (!at)
		return cc_strdup(url);
	cc_buf b = CC_BUF_INIT;
	cc_buf_put(&b, url, (size_t)(auth - url));
	cc_buf_puts(&b, at + 1);
	return cc_buf_detach(&b);
}

char *cc_http_resolve(const char *base, const char *ref)
{
	CURLU *u = curl_url();
	char *s = NULL, *out = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_URL, ref, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
		out = cc_strdup(s);
	curl_free(s);
	curl_url_cleanup(u);
	return out;
}
