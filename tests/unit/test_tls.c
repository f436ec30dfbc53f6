/*
 * Unit tests for cc_http_policy and the transport's TLS and timeout
 * behaviour: which choices cover which URL, CA files checked when added,
 * loopback hosts, warnings once per host, and against nginx serving HTTPS
 * with a test CA (tests/lib/tlscerts.sh): verification on by default, a CA
 * trusted by the policy, insecure with a warning, a request's own choices
 * winning; a stalled server and a slow one named as such.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/http.h"

typedef struct fixture {
	char *certs;
	char *ca, *other_ca;
	tu_server *tls;    /* nginx over HTTPS */
	tu_server *plain;  /* nginx over HTTP, with a slow location */
} fixture;

typedef struct said {
	int n;
	char last[512];
} said;

static void collect(void *ctx, const char *msg)
{
	said *s = ctx;
	s->n++;
	snprintf(s->last, sizeof(s->last), "%s", msg);
}

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", a, b);
	return p;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	f->certs = tu_mkdtemp();
	tu_tls_certs(f->certs);
	f->ca = join(f->certs, "ca.pem");
	f->other_ca = join(f->certs, "other-ca.pem");
	f->tls = tu_nginx_start_tls(f->certs, NULL);
	tu_write(f->tls->root, "index.yaml", "apiVersion: v1\nentries: {}\n", (size_t)-1);
	f->plain = tu_nginx_start(0, NULL, "location /slow/ { limit_rate 200; postpone_output 0; }");
	tu_write(f->plain->root, "index.yaml", "apiVersion: v1\nentries: {}\n", (size_t)-1);
	char big[4000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	tu_write(f->plain->root, "slow/big.txt", big, (size_t)-1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	tu_server_stop(f->tls);
	tu_server_stop(f->plain);
	tu_rmtree(f->certs);
	free(f->certs);
	free(f->ca);
	free(f->other_ca);
	free(f);
	return 0;
}

static cc_http *client(cc_http_policy *p, long timeout_s)
{
	cc_http_opts o = { .attempts = 2, .backoff_ms = 10, .policy = p, .timeout_s = timeout_s };
	cc_http *h = NULL;
	cc_error err;
	assert_int_equal(cc_http_new(&o, &h, &err), CC_OK);
	return h;
}

static void add(cc_http_policy *p, const char *prefix, const char *ca, int insecure)
{
	cc_http_tls t = { .ca_file = ca, .insecure = insecure };
	cc_error err;
	assert_int_equal(cc_http_policy_add(p, prefix, &t, &err), CC_OK);
}

/* Which entry's CA file covers url: "default", "other", or "" for none. */
static const char *which(const fixture *f, const cc_http_policy *p, const char *url)
{
	cc_http_tls t = cc_http_policy_for(p, url);
	if (!t.ca_file)
		return t.insecure ? "insecure" : "";
	return strcmp(t.ca_file, f->ca) == 0 ? "ca" : "other";
}

static void test_policy_match(void **state)
{
	fixture *f = *state;
	cc_http_policy *p = cc_http_policy_new(NULL, NULL);
	assert_string_equal(which(f, p, "https://repo.example.com/charts/index.yaml"), "");
	add(p, NULL, NULL, 1);
	add(p, "https://user@Repo.Example.com:443/charts/", f->ca, 0);
	add(p, "https://repo.example.com/charts/team", f->other_ca, 0);
	add(p, "oci://registry.example.com:5000/charts", f->ca, 0);
	add(p, "chartmuseum+https://museum.example.com/api", f->other_ca, 0);
	assert_string_equal(which(f, p, "https://repo.example.com/charts/index.yaml"), "ca");
	assert_string_equal(which(f, p, "https://REPO.example.com:443/charts"), "ca");
	assert_string_equal(which(f, p, "https://repo.example.com/charts/team/index.yaml"), "other");
	assert_string_equal(which(f, p, "https://repo.example.com/charts/teamwork/index.yaml"), "ca");
	/* not under it: another path, scheme or port falls to the default */
	assert_string_equal(which(f, p, "https://repo.example.com/chartsx/index.yaml"), "insecure");
	assert_string_equal(which(f, p, "http://repo.example.com/charts/index.yaml"), "insecure");
	assert_string_equal(which(f, p, "https://repo.example.com:8443/charts/index.yaml"), "insecure");
	/* a registry entry covers its host whatever the path, over either scheme */
	assert_string_equal(which(f, p, "https://registry.example.com:5000/v2/charts/web/tags/list"), "ca");
	assert_string_equal(which(f, p, "http://registry.example.com:5000/v2/other/manifests/1"), "ca");
	assert_string_equal(which(f, p, "https://registry.example.com/v2/charts/web/tags/list"), "insecure");
	assert_string_equal(which(f, p, "https://museum.example.com/api/charts"), "other");
	cc_http_policy_free(p);
}

static void test_policy_checks_files(void **state)
{
	fixture *f = *state;
	cc_http_policy *p = cc_http_policy_new(NULL, NULL);
	cc_error err;
	char *missing = join(f->certs, "missing.pem");
	cc_http_tls t = { .ca_file = missing };
	assert_int_not_equal(cc_http_policy_add(p, NULL, &t, &err), CC_OK);
	assert_string_equal(err.file, missing);
	assert_non_null(strstr(err.msg, "cannot read the CA file"));
	char *key = join(f->certs, "server.key");
	t.ca_file = key; /* PEM, but no certificate */
	assert_int_equal(cc_http_policy_add(p, "https://a.example.com/", &t, &err), CC_EINVALID);
	assert_string_equal(err.file, key);
	assert_non_null(strstr(err.msg, "holds no PEM certificate"));
	cc_http_tls cert = { .cert_file = missing };
	assert_int_not_equal(cc_http_policy_add(p, NULL, &cert, &err), CC_OK);
	assert_non_null(strstr(err.msg, "client certificate"));
	cc_http_tls ok = { .ca_file = f->ca };
	assert_int_equal(cc_http_policy_add(p, "not a url", &ok, &err), CC_EINVALID);
	/* nothing was added by the failures */
	assert_null(cc_http_policy_for(p, "https://a.example.com/x").ca_file);
	free(missing);
	free(key);
	cc_http_policy_free(p);
}

static void test_loopback(void **state)
{
	(void)state;
	assert_true(cc_http_loopback("http://localhost:8080/x"));
	assert_true(cc_http_loopback("http://LOCALHOST/"));
	assert_true(cc_http_loopback("http://127.0.0.1:5000"));
	assert_true(cc_http_loopback("http://127.9.8.7/x"));
	assert_true(cc_http_loopback("http://[::1]:8080/x"));
	assert_true(cc_http_loopback("http://user:pw@127.0.0.1/x"));
	assert_false(cc_http_loopback("http://128.0.0.1/"));
	assert_false(cc_http_loopback("http://localhost.example.com/"));
	assert_false(cc_http_loopback("http://[::2]/"));
	assert_false(cc_http_loopback("http://127.0.0.1.example.com/"));
	assert_false(cc_http_loopback("http://localhost@evil.example.com/"));
	assert_false(cc_http_loopback("not a url"));
}

static int get(cc_http *h, const char *url, const cc_http_auth *auth, cc_error *err)
{
	cc_http_req req = { .url = url, .auth = auth };
	cc_http_resp resp;
	int rc = cc_http_do(h, &req, &resp, err);
	if (rc == CC_OK)
		rc = resp.status == 200 ? CC_OK : CC_ERROR;
	cc_http_resp_free(&resp);
	return rc;
}

/* GET url without a policy fails as a transport error, described in err. */
static void get_fails(const char *url, long timeout_s, cc_error *err)
{
	cc_http *h = client(NULL, timeout_s);
	assert_int_equal(get(h, url, NULL, err), CC_EIO);
	cc_http_free(h);
}

static void test_verified_by_default(void **state)
{
	fixture *f = *state;
	cc_error err;
	char url[128];
	snprintf(url, sizeof(url), "%s/index.yaml", f->tls->url);
	get_fails(url, 0, &err);
	assert_non_null(strstr(err.msg, url));
	assert_non_null(strstr(err.msg, "SSL certificate problem"));
	assert_non_null(strstr(err.msg, "--ca-file"));
}

static void test_policy_ca_and_insecure(void **state)
{
	fixture *f = *state;
	said s = { 0 };
	cc_http_policy *p = cc_http_policy_new(collect, &s);
	add(p, f->tls->url, f->ca, 0);
	cc_http *h = client(p, 0);
	cc_error err;
	char url[128];
	snprintf(url, sizeof(url), "%s/index.yaml", f->tls->url);
	assert_int_equal(get(h, url, NULL, &err), CC_OK);
	assert_int_equal(s.n, 0);
	/* a request's own choices win: here a CA that signed nothing served */
	cc_http_auth own = { .ca_file = f->other_ca };
	assert_int_equal(get(h, url, &own, &err), CC_EIO);
	cc_http_free(h);
	cc_http_policy_free(p);

	p = cc_http_policy_new(collect, &s);
	add(p, NULL, NULL, 1);
	h = client(p, 0);
	assert_int_equal(get(h, url, NULL, &err), CC_OK);
	assert_int_equal(get(h, url, NULL, &err), CC_OK);
	assert_int_equal(s.n, 1); /* once per host */
	assert_non_null(strstr(s.last, f->tls->host));
	assert_non_null(strstr(s.last, "is not verified"));
	cc_http_free(h);
	cc_http_policy_free(p);
}

static void test_plain_http_warning(void **state)
{
	fixture *f = *state;
	said s = { 0 };
	cc_http_policy *p = cc_http_policy_new(collect, &s);
	cc_http *h = client(p, 0);
	cc_error err;
	char url[128];
	snprintf(url, sizeof(url), "%s/index.yaml", f->plain->url);
	assert_int_equal(get(h, url, NULL, &err), CC_OK);
	assert_int_equal(s.n, 0);
	/* said before the attempt, which fails on the name */
	assert_int_not_equal(get(h, "http://charts.invalid/index.yaml", NULL, &err), CC_OK);
	assert_int_not_equal(get(h, "http://charts.invalid/other.tgz", NULL, &err), CC_OK);
	assert_int_equal(s.n, 1);
	assert_non_null(strstr(s.last, "http://charts.invalid: plain HTTP"));
	assert_non_null(strstr(s.last, "unencrypted"));
	cc_http_free(h);
	cc_http_policy_free(p);
}

static void test_stall_message(void **state)
{
	(void)state;
	int port = 0, fd = tu_silent_listener(&port);
	cc_error err;
	char url[128], want[256];
	snprintf(url, sizeof(url), "http://ci:hunter2@127.0.0.1:%d/index.yaml", port);
	get_fails(url, 1, &err);
	snprintf(want, sizeof(want), "GET http://127.0.0.1:%d/index.yaml: no data for 1 s (stalled); gave up after 2 attempts",
		 port);
	assert_string_equal(err.msg, want);
	assert_null(strstr(err.msg, "hunter2"));
	close(fd);
}

static void test_total_timeout_message(void **state)
{
	fixture *f = *state;
	cc_error err;
	char url[128];
	/* 200 bytes/s of 4000, each sent as it is allowed: never stalled, never done in 2 s */
	snprintf(url, sizeof(url), "%s/slow/big.txt", f->plain->url);
	get_fails(url, 2, &err);
	assert_non_null(strstr(err.msg, "timed out after 2 s; gave up after 2 attempts"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy_match),
		cmocka_unit_test(test_policy_checks_files),
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_verified_by_default),
		cmocka_unit_test(test_policy_ca_and_insecure),
		cmocka_unit_test(test_plain_http_warning),
		cmocka_unit_test(test_stall_message),
		cmocka_unit_test(test_total_timeout_message),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
