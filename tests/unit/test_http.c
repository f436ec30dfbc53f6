/*
 * Unit tests for src/http against real nginx servers on loopback: plain
 * GETs, basic auth, redirects (credentials kept from other hosts), retries
 * on 503, conditional GETs through the cache, offline mode, size limits,
 * atomic downloads, uploads, refused protocols and redaction of secrets.
 * The access log (tu_nginx_start's format) is the witness of what was sent.
 */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "http/http.h"
#include "http/http_int.h"

#define PASSWORD "s3cr3t-Pa55"
#define TOKEN "tok-9f8e7d"

typedef struct fixture {
	tu_server *main;   /* files, auth, redirects, 503 */
	tu_server *other;  /* another port: where cross-host redirects go */
	char *cache;
} fixture;

static char *url(const tu_server *s, const char *path)
{
	size_t n = strlen(s->url) + strlen(path) + 1;
	char *u = malloc(n);
	snprintf(u, n, "%s%s", s->url, path);
	return u;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	f->other = tu_nginx_start(0, NULL, "location / { return 200 'other\\n'; }");
	int port = tu_free_port();
	char snippet[4096];
	snprintf(snippet, sizeof(snippet),
		 "location /private/ { auth_basic \"chartci\"; auth_basic_user_file htpasswd; }\n"
		 "location = /flaky { return 503; }\n"
		 "location = /to-private { return 302 /private/secret.txt; }\n"
		 "location = /to-other { return 302 http://127.0.0.1:%d/landed; }\n"
		 "location = /to-file { return 302 file:///etc/passwd; }\n"
		 "location = /put { return 200 'stored\\n'; }\n"
		 "location = /echo { default_type text/plain; return 401 'rejected $http_authorization $arg_said\\n'; }\n"
		 "location /gz/ { gzip on; gzip_types text/plain; gzip_min_length 1; }\n",
		 f->other->port);
	f->main = tu_nginx_start(port, NULL, snippet);
	/* nginx's {PLAIN} scheme: a password file written at test time */
	tu_write(f->main->dir, "htpasswd", "ci:{PLAIN}" PASSWORD "\n", (size_t)-1);
	tu_write(f->main->root, "private/secret.txt", "the secret\n", (size_t)-1);
	tu_write(f->main->root, "index.yaml", "apiVersion: v1\nentries: {}\n", (size_t)-1);
	f->cache = tu_mkdtemp();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	tu_server_stop(f->main);
	tu_server_stop(f->other);
	tu_rmtree(f->cache);
	free(f->cache);
	free(f);
	return 0;
}

static cc_http *client(const char *cache, int offline)
{
	cc_http_opts o = { .cache_dir = cache, .offline = offline, .attempts = 3, .backoff_ms = 10 };
	cc_http *h = NULL;
	cc_error err;
	assert_int_equal(cc_http_new(&o, &h, &err), CC_OK);
	return h;
}

static void test_get_plain(void **state)
{
	fixture *f = *state;
	cc_http *h = client(NULL, 0);
	char *u = url(f->main, "/index.yaml");
	cc_http_req req = { .url = u };
	cc_http_resp r;
	cc_error err;
	assert_int_equal(cc_http_do(h, &req, &r, &err), CC_OK);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body.ptr, "apiVersion: v1\nentries: {}\n");
	assert_string_equal(r.content_type, "application/x-yaml");
	assert_string_equal(r.effective_url, u);
	assert_non_null(r.etag);
	assert_non_null(r.last_modified);
	assert_int_equal(r.attempts, 1);
	cc_http_resp_free(&r);
	/* HEAD: the headers, no body */
	cc_http_req head = { .method = "HEAD", .url = u };
	assert_int_equal(cc_http_do(h, &head, &r, &err), CC_OK);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body.len, 0);
	cc_http_resp_free(&r);
	assert_int_equal(tu_wait_lines(f->main->log, "HEAD /index.yaml 200", 1), 1);
	free(u);
	cc_http_free(h);
}

static void test_basic_auth(void **state)
{
	fixture *f = *state;
	cc_http *h = client(NULL, 0);
	char *u = url(f->main, "/private/secret.txt");
	cc_http_req req = { .url = u };
	cc_http_resp r;
	cc_error err;
	assert_int_equal(cc_http_do(h, &req, &r, &err), CC_OK);
	assert_int_equal(r.status, 401);
	assert_string_equal(r.www_authenticate, "Basic realm=\"chartci\"");
	cc_http_resp_free(&r);

	cc_http_auth good = { .username = "ci", .password = PASSWORD };
	cc_buf b = CC_BUF_INIT;
	assert_int_equal(cc_http_get(h, u, &good, 0, &b, &err), CC_OK);
	assert_string_equal(b.ptr, "the secret\n");

	cc_http_auth bad = { .username = "ci", .password = PASSWORD "x" };
	assert_int_equal(cc_http_get(h, u, &bad, 0, &b, &err), CC_EIO);
	assert_non_null(strstr(err.msg, "GET http://127.0.0.1:"));
	assert_non_null(strstr(err.msg, "/private/secret.txt: 401"));
	assert_null(strstr(err.msg, PASSWORD));

	/* credentials in the URL work, and never show in a message */
	char with[256];
	snprintf(with, sizeof(with), "http://ci:%s@%s/private/secret.txt", PASSWORD, f->main->host);
	assert_int_equal(cc_http_get(h, with, NULL, 0, &b, &err), CC_OK);
	assert_string_equal(b.ptr, "the secret\n");
	snprintf(with, sizeof(with), "http://ci:%s@%s/private/missing.txt", PASSWORD, f->main->host);
	assert_int_equal(cc_http_get(h, with, NULL, 0, &b, &err), CC_ENOTFOUND);
	assert_null(strstr(err.msg, PASSWORD));
	assert_null(strstr(err.msg, "ci:"));
	assert_non_null(strstr(err.msg, ": 404"));
	cc_buf_free(&b);
	free(u);
	cc_http_free(h);
}

/* Where credentials may go: the same scheme, host and port (helm's pass_credentials_all rule, oras-go's per-host credentials). */
static void test_same_origin(void **state)
{
	(void)state;
	assert_true(cc_http_same_origin("http://charts.example.com/a", "http://charts.example.com:80/b/c.tgz"));
	assert_true(cc_http_same_origin("https://Charts.Example.com/", "https://charts.example.com:443/x"));
	assert_true(cc_http_same_origin("http://127.0.0.1:8080/r", "http://127.0.0.1:8080/r/x-1.0.0.tgz"));
	assert_false(cc_http_same_origin("https://charts.example.com/", "http://charts.example.com/"));
	assert_false(cc_http_same_origin("http://127.0.0.1:8080/", "http://127.0.0.1:8081/"));
	assert_false(cc_http_same_origin("https://charts.example.com/", "https://cdn.example.com/x.tgz"));
	assert_false(cc_http_same_origin("https://user:pw@charts.example.com.evil.org/", "https://charts.example.com/"));
	assert_false(cc_http_same_origin("not a url", "not a url"));
	assert_false(cc_http_same_origin("", "http://a/"));
}

/* A server that echoes the credentials it was sent: its answer is shown with them taken out. */
static void test_echoed_secrets_scrubbed(void **state)
{
	fixture *f = *state;
	cc_http *h = client(NULL, 0);
	char *u = url(f->main, "/echo?said=" PASSWORD);
	cc_http_auth a = { .username = "ci", .password = PASSWORD };
	cc_http_req req = { .url = u, .auth = &a };
	cc_http_resp r;
	cc_error err;
	assert_int_equal(cc_http_do(h, &req, &r, &err), CC_OK);
	assert_int_equal(r.status, 401);
	/* base64 of "ci:" PASSWORD, and the password itself */
	assert_string_equal(r.body.ptr, "rejected Basic *** ***\n");
	assert_int_equal(r.body.len, strlen(r.body.ptr));
	cc_http_resp_free(&r);

	cc_http_auth t = { .bearer = "tok-" PASSWORD };
	char *tu = url(f->main, "/echo?said=tok-" PASSWORD);
	cc_http_req treq = { .url = tu, .auth = &t };
	assert_int_equal(cc_http_do(h, &treq, &r, &err), CC_OK);
	assert_string_equal(r.body.ptr, "rejected Bearer *** ***\n");
	free(tu);
	cc_http_resp_free(&r);

	char with[256];
	snprintf(with, sizeof(with), "http://ci:%s@%s/echo?said=%s", PASSWORD, f->main->host, PASSWORD);
	cc_http_req inurl = { .url = with };
	assert_int_equal(cc_http_do(h, &inurl, &r, &err), CC_OK);
	assert_string_equal(r.body.ptr, "rejected Basic *** ***\n");
	cc_http_resp_free(&r);
	free(u);
	cc_http_free(h);
}

static void test_redirects_keep_credentials_home(void **state)
{
	fixture *f = *state;
	cc_http *h = client(NULL, 0);
	cc_error err;
	cc_buf b = CC_BUF_INIT;
	/* same host: the credentials follow */
	cc_http_auth basic = { .username = "ci", .password = PASSWORD };
	char *u = url(f->main, "/to-private");
	assert_int_equal(cc_http_get(h, u, &basic, 0, &b, &err), CC_OK);
	assert_string_equal(b.ptr, "the secret\n");
	free(u);

	/* another port: neither basic, bearer nor an Authorization header goes there */
	u = url(f->main, "/to-other");
	cc_http_auth bearer = { .bearer = TOKEN };
	assert_int_equal(cc_http_get(h, u, &basic, 0, &b, &err), CC_OK);
	assert_string_equal(b.ptr, "other\n");
	assert_int_equal(cc_http_get(h, u, &bearer, 0, &b, &err), CC_OK);
	const char *hdr[] = { "Authorization: Bearer " TOKEN, NULL };
	cc_http_req req = { .url = u, .headers = hdr };
	cc_http_resp r;
	assert_int_equal(cc_http_do(h, &req, &r, &err), CC_OK);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.effective_url, "/landed"));
	cc_http_resp_free(&r);
	assert_int_equal(tu_wait_lines(f->main->log, "GET /to-other 302 yes", 3), 3);
	assert_int_equal(tu_wait_lines(f->other->log, "GET /landed 200 no", 3), 3);
	assert_int_equal(tu_count_lines(f->other->log, " yes "), 0);

	/* no_redirect: the 302 itself, with its Location made absolute */
	cc_http_req nr = { .url = u, .no_redirect = 1 };
	assert_int_equal(cc_http_do(h, &nr, &r, &err), CC_OK);
	assert_int_equal(r.status, 302);
	char want[128];
	snprintf(want, sizeof(want), "%s/landed", f->other->url);
	assert_string_equal(r.location, want);
	cc_http_resp_free(&r);
	free(u);
	cc_buf_free(&b);
	cc_http_free(h);
}

static void test_only_http_and_https(void **state)
{
	fixture *f = *state;
	cc_http *h = client(NULL, 0);
	cc_error err;
	cc_buf b = CC_BUF_INIT;
	assert_int_equal(cc_http_get(h, "file:///etc/passwd", NULL, 0, &b, &err), CC_EIO);
	assert_non_null(strstr(err.msg, "file:///etc/passwd"));
	char *u = url(f->main, "/to-file");
	assert_int_equal(cc_http_get(h, u, NULL, 0, &b, &err), CC_EIO);
	assert_null(b.ptr);
	free(u);
	cc_http_free(h);
}

static void test_retries_on_503(void **state)
{
	fixture *f = *state;
	cc_http *h = client(NULL, 0);
	cc_error err;
	cc_buf b = CC_BUF_INIT;
	char *u = url(f->main, "/flaky");
	assert_int_equal(cc_http_get(h, u, NULL, 0, &b, &err), CC_EIO);
	assert_non_null(strstr(err.msg, "/flaky: 503"));
	assert_int_equal(tu_wait_lines(f->main->log, "GET /flaky 503", 3), 3);
	free(u);
	/* a 404 is an answer, not a failure: asked once */
	u = url(f->main, "/absent");
	assert_int_equal(cc_http_get(h, u, NULL, 0, &b, &err), CC_ENOTFOUND);
	assert_int_equal(tu_wait_lines(f->main->log, "GET /absent 404", 1), 1);
	free(u);
	cc_http_free(h);
}

static void test_connection_refused_redacted(void **state)
{
	(void)state;
	cc_http *h = client(NULL, 0);
	cc_error err;
	cc_buf b = CC_BUF_INIT;
	char u[256];
	snprintf(u, sizeof(u), "http://ci:%s@127.0.0.1:%d/index.yaml", PASSWORD, tu_free_port());
	cc_http_auth a = { .bearer = TOKEN };
	assert_int_equal(cc_http_get(h, u, &a, 0, &b, &err), CC_EIO);
	assert_non_null(strstr(err.msg, "GET http://127.0.0.1:"));
	assert_null(strstr(err.msg, PASSWORD));
	assert_null(strstr(err.msg, TOKEN));
	cc_http_free(h);
}

static void test_redact(void **state)
{
	(void)state;
	struct { const char *in, *out; } cases[] = {
		{ "https://u:p@host/x", "https://host/x" },
		{ "https://u@host:8443/x?a=b@c", "https://host:8443/x?a=b@c" },
		{ "https://u:p@ss@host/", "https://host/" },
		{ "https://host/a@b", "https://host/a@b" },
		{ "oci://u:p@reg.example/c", "oci://reg.example/c" },
		{ "host/x", "host/x" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *r = cc_http_redact(cases[i].in);
		assert_string_equal(r, cases[i].out);
		free(r);
	}
	char *r = cc_http_resolve("http://h:1/v2/a/tags/list?n=2", "/v2/a/tags/list?n=2&last=b");
	assert_string_equal(r, "http://h:1/v2/a/tags/list?n=2&last=b");
	free(r);
}

/* Each occurrence goes, and the scrub ends even when the secret is what replaces it. */
static void test_scrub(void **state)
{
	(void)state;
	struct { const char *msg, *secret, *out; } cases[] = {
		{ "GET x: s3cret, s3cret", "s3cret", "GET x: ***, ***" },
		{ "GET x: *** and ***", "***", "GET x: *** and ***" },
		{ "aaaa", "aaa", "***a" },
		{ "GET x: pw", "pw", "GET x: pw" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *m = cc_strdup(cases[i].msg);
		cc_http_scrub_(m, cases[i].secret);
		assert_string_equal(m, cases[i].out);
		free(m);
	}
}

/* Gives the file new content and a clearly different mtime (nginx's validators). */
static void rewrite(const char *root, const char *rel, const char *text)
{
	tu_write(root, rel, text, (size_t)-1);
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	struct timeval tv[2];
	gettimeofday(&tv[0], NULL);
	tv[0].tv_sec += 10;
	tv[1] = tv[0];
	assert_int_equal(utimes(path, tv), 0);
}

static void test_cache_revalidates(void **state)
{
	fixture *f = *state;
	cc_http *h = client(f->cache, 0);
	cc_error err;
	cc_buf b = CC_BUF_INIT;
	tu_write(f->main->root, "repo/index.yaml", "entries: {a: []}\n", (size_t)-1);
	char *u = url(f->main, "/repo/index.yaml");
	assert_int_equal(cc_http_get(h, u, NULL, 0, &b, &err), CC_OK);
	assert_string_equal(b.ptr, "entries: {a: []}\n");
	assert_int_equal(cc_http_get(h, u, NULL, 0, &b, &err), CC_OK);
	assert_string_equal(b.ptr, "entries: {a: []}\n");
	assert_int_equal(tu_wait_lines(f->main->log, "GET /repo/index.yaml 200", 1), 1);
	assert_int_equal(tu_wait_lines(f->main->log, "GET /repo/index.yaml 304", 1), 1);

	rewrite(f->main->root, "repo/index.yaml", "entries: {a: [], b: []}\n");
	assert_int_equal(cc_http_get(h, u, NULL, 0, &b, &err), CC_OK);
	assert_string_equal(b.ptr, "entries: {a: [], b: []}\n");
	assert_int_equal(tu_wait_lines(f->main->log, "GET /repo/index.yaml 200", 2), 2);
	cc_http_free(h);

	/* offline: the cache answers, the network is not touched */
	int before = tu_count_lines(f->main->log, "GET ");
	h = client(f->cache, 1);
	assert_int_equal(cc_http_get(h, u, NULL, 0, &b, &err), CC_OK);
	assert_string_equal(b.ptr, "entries: {a: [], b: []}\n");
	char *other = url(f->main, "/index.yaml");
	assert_int_equal(cc_http_get(h, other, NULL, 0, &b, &err), CC_ENOTFOUND);
	assert_non_null(strstr(err.msg, "not in the cache (offline)"));
	char *dl = cc_path_join(f->cache, "dl.tgz");
	assert_int_equal(cc_http_get_file(h, other, NULL, 0, dl, &err), CC_ENOTFOUND);
	assert_int_equal(tu_count_lines(f->main->log, "GET "), before);
	free(dl);
	free(other);
	free(u);
	cc_buf_free(&b);
	cc_http_free(h);
}

static void test_max_size(void **state)
{
	fixture *f = *state;
	cc_http *h = client(NULL, 0);
	cc_error err;
	cc_buf b = CC_BUF_INIT;
	/* compressible: nginx sends it gzip'ed and chunked, so only the decoded count can stop it */
	size_t n = 200000;
	char *big = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		big[i] = "chartci\n"[i % 8];
	big[n] = '\0';
	tu_write(f->main->root, "gz/big.txt", big, n);
	tu_write(f->main->root, "plain.txt", big, n);
	char *gz = url(f->main, "/gz/big.txt"), *plain = url(f->main, "/plain.txt");
	assert_int_equal(cc_http_get(h, gz, NULL, 0, &b, &err), CC_OK);
	assert_int_equal(b.len, n);
	assert_memory_equal(b.ptr, big, n);
	assert_int_equal(cc_http_get(h, gz, NULL, 1000, &b, &err), CC_ELIMIT);
	assert_non_null(strstr(err.msg, "larger than 1000 bytes"));
	assert_int_equal(cc_http_get(h, plain, NULL, 1000, &b, &err), CC_ELIMIT);
	assert_int_equal(cc_http_get(h, plain, NULL, n, &b, &err), CC_OK);
	/* the limit is not a transient failure: asked once */
	assert_int_equal(tu_wait_lines(f->main->log, "GET /gz/big.txt ", 2), 2);
	free(gz);
	free(plain);
	free(big);
	cc_buf_free(&b);
	cc_http_free(h);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_get_file_atomic(void **state)
{
	fixture *f = *state;
	cc_http *h = client(NULL, 0);
	cc_error err;
	char *dir = tu_mkdtemp();
	char *path = cc_path_join(dir, "chart.tgz");
	char *u = url(f->main, "/index.yaml");
	assert_int_equal(cc_http_get_file(h, u, NULL, 0, path, &err), CC_OK);
	char *got = tu_slurp(path, NULL);
	assert_string_equal(got, "apiVersion: v1\nentries: {}\n");
	free(got);
	/* too big, missing, unreachable: the old file stays whole and no temporary file is left */
	assert_int_equal(cc_http_get_file(h, u, NULL, 5, path, &err), CC_ELIMIT);
	char *missing = url(f->main, "/absent.tgz");
	assert_int_equal(cc_http_get_file(h, missing, NULL, 0, path, &err), CC_ENOTFOUND);
	char *other = cc_path_join(dir, "other.tgz");
	assert_int_equal(cc_http_get_file(h, missing, NULL, 0, other, &err), CC_ENOTFOUND);
	assert_int_equal(cc_http_get_file(h, u, NULL, 5, other, &err), CC_ELIMIT);
	got = tu_slurp(path, NULL);
	assert_string_equal(got, "apiVersion: v1\nentries: {}\n");
	assert_int_equal(count_entries(dir), 1);
	free(got);
	free(other);
	free(missing);
	free(u);
	free(path);
	tu_rmtree(dir);
	free(dir);
	cc_http_free(h);
}

static void test_upload(void **state)
{
	fixture *f = *state;
	cc_http *h = client(NULL, 0);
	cc_error err;
	char *u = url(f->main, "/put");
	const char *hdr[] = { "Content-Type: application/octet-stream", NULL };
	cc_http_req put = { .method = "PUT", .url = u, .headers = hdr, .body = "12345", .body_len = 5 };
	cc_http_resp r;
	assert_int_equal(cc_http_do(h, &put, &r, &err), CC_OK);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body.ptr, "stored\n");
	cc_http_resp_free(&r);
	char *dir = tu_mkdtemp();
	tu_write(dir, "body", "abcdefg", (size_t)-1);
	char *body = cc_path_join(dir, "body");
	cc_http_req fput = { .method = "PUT", .url = u, .body_file = body };
	assert_int_equal(cc_http_do(h, &fput, &r, &err), CC_OK);
	cc_http_resp_free(&r);
	cc_http_req post = { .method = "POST", .url = u };
	assert_int_equal(cc_http_do(h, &post, &r, &err), CC_OK);
	cc_http_resp_free(&r);
	assert_int_equal(tu_wait_lines(f->main->log, "PUT /put 200 no 5", 1), 1);
	assert_int_equal(tu_wait_lines(f->main->log, "PUT /put 200 no 7", 1), 1);
	assert_int_equal(tu_wait_lines(f->main->log, "POST /put 200 no 0", 1), 1);
	free(body);
	tu_rmtree(dir);
	free(dir);
	free(u);
	cc_http_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_plain),
		cmocka_unit_test(test_basic_auth),
		cmocka_unit_test(test_same_origin),
		cmocka_unit_test(test_echoed_secrets_scrubbed),
		cmocka_unit_test(test_redirects_keep_credentials_home),
		cmocka_unit_test(test_only_http_and_https),
		cmocka_unit_test(test_retries_on_503),
		cmocka_unit_test(test_connection_refused_redacted),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_scrub),
		cmocka_unit_test(test_cache_revalidates),
		cmocka_unit_test(test_max_size),
		cmocka_unit_test(test_get_file_atomic),
		cmocka_unit_test(test_upload),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
