/*
 * Unit tests for src/deps/repos.c: helm's repositories.yaml, the table's
 * lookups, and how `@name` / `alias:name` become URLs.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "deps/deps.h"

/* As `helm repo add` (v4.1.4) writes it. */
static const char *const HELM_FILE =
	"apiVersion: \"\"\n"
	"generated: \"2026-11-23T10:00:00.000000000Z\"\n"
	"repositories:\n"
	"- caFile: \"\"\n"
	"  certFile: \"\"\n"
	"  insecure_skip_tls_verify: false\n"
	"  keyFile: \"\"\n"
	"  name: stable\n"
	"  pass_credentials_all: false\n"
	"  password: \"\"\n"
	"  url: https://charts.helm.sh/stable\n"
	"  username: \"\"\n"
	"- caFile: /etc/ca.pem\n"
	"  insecure_skip_tls_verify: true\n"
	"  name: internal\n"
	"  password: s3cret\n"
	"  url: https://charts.example.com/internal/\n"
	"  username: ci\n";

static void test_load_helm_file(void **state)
{
	(void)state;
	char *d = tu_mkdtemp();
	tu_write(d, "repositories.yaml", HELM_FILE, (size_t)-1);
	char *path = cc_path_join(d, "repositories.yaml");
	cc_repos *r = cc_repos_new();
	cc_error err;
	assert_int_equal(cc_repos_load_helm(r, path, &err), CC_OK);
	assert_int_equal(cc_repos_count(r), 2);
	const cc_repo *s = cc_repos_by_name(r, "stable");
	assert_non_null(s);
	assert_string_equal(s->url, "https://charts.helm.sh/stable");
	assert_null(s->username); /* "" is no credential */
	assert_null(s->password);
	assert_int_equal(s->insecure, 0);
	const cc_repo *i = cc_repos_by_name(r, "internal");
	assert_string_equal(i->username, "ci");
	assert_string_equal(i->password, "s3cret");
	assert_string_equal(i->ca_file, "/etc/ca.pem");
	assert_int_equal(i->insecure, 1);
	/* urlutil.Equal: trailing slashes do not matter, anything else does */
	assert_ptr_equal(cc_repos_by_url(r, "https://charts.example.com/internal"), i);
	assert_ptr_equal(cc_repos_by_url(r, "https://charts.helm.sh/stable/"), s);
	assert_null(cc_repos_by_url(r, "https://charts.helm.sh/stabl"));
	assert_null(cc_repos_by_url(r, "https://charts.helm.sh/stable/x"));
	cc_repos_free(r);
	free(path);
	tu_rmtree(d);
	free(d);
}

static void test_missing_file_is_empty(void **state)
{
	(void)state;
	cc_repos *r = cc_repos_new();
	cc_error err;
	assert_int_equal(cc_repos_load_helm(r, "/nonexistent/chartci/repositories.yaml", &err), CC_OK);
	assert_int_equal(cc_repos_count(r), 0);
	cc_repos_free(r);
}

static void expect_bad(const char *text, int line, int col, const char *msg)
{
	char *d = tu_mkdtemp();
	tu_write(d, "r.yaml", text, (size_t)-1);
	char *path = cc_path_join(d, "r.yaml");
	cc_repos *r = cc_repos_new();
	cc_error err;
	cc_error_clear(&err);
	assert_int_not_equal(cc_repos_load_helm(r, path, &err), CC_OK);
	assert_string_equal(err.file, path);
	if (err.line != line || err.col != col)
		fail_msg("%s: at %d:%d, want %d:%d", err.msg, err.line, err.col, line, col);
	if (!strstr(err.msg, msg))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, msg);
	cc_repos_free(r);
	free(path);
	tu_rmtree(d);
	free(d);
}

static void test_bad_files(void **state)
{
	(void)state;
	expect_bad("- a\n", 1, 1, "must be a mapping, but it is a sequence");
	expect_bad("repositories: 5\n", 1, 15, "repositories must be a list");
	expect_bad("repositories:\n- name: x\n", 2, 3, "needs a name and a url");
	expect_bad("repositories:\n- [a]\n", 2, 3, "must be a mapping");
	expect_bad("repositories:\n- name: x\n  url: [\n", 4, 1, "did not find expected node content");
}

static void test_resolve(void **state)
{
	(void)state;
	cc_repos *r = cc_repos_new();
	cc_repo a = { .name = "acme", .url = "https://charts.acme.io", .username = "u", .password = "p" };
	cc_repos_add(r, &a);
	char *url = NULL;
	const cc_repo *e = NULL;
	cc_error err;
	assert_int_equal(cc_repos_resolve(r, "@acme", &url, &e, &err), CC_OK);
	assert_string_equal(url, "https://charts.acme.io");
	assert_string_equal(e->password, "p");
	free(url);
	assert_int_equal(cc_repos_resolve(r, "alias:acme", &url, &e, &err), CC_OK);
	assert_string_equal(url, "https://charts.acme.io");
	free(url);
	/* a URL keeps its spelling, and finds the entry's credentials */
	assert_int_equal(cc_repos_resolve(r, "https://charts.acme.io/", &url, &e, &err), CC_OK);
	assert_string_equal(url, "https://charts.acme.io/");
	assert_non_null(e);
	free(url);
	assert_int_equal(cc_repos_resolve(r, "file://../x", &url, &e, &err), CC_OK);
	assert_null(e);
	free(url);
	assert_int_equal(cc_repos_resolve(r, "@nope", &url, &e, &err), CC_ENOTFOUND);
	assert_null(url);
	assert_non_null(strstr(err.msg, "no repository definition for @nope"));
	/* a later entry of the same name replaces the earlier one */
	cc_repo b = { .name = "acme", .url = "https://mirror.acme.io" };
	cc_repos_add(r, &b);
	assert_int_equal(cc_repos_count(r), 1);
	assert_null(cc_repos_by_name(r, "acme")->password);
	cc_repos_free(r);
}

static void test_helm_path(void **state)
{
	(void)state;
	setenv("HELM_REPOSITORY_CONFIG", "/x/repos.yaml", 1);
	char *p = cc_repos_helm_path();
	assert_string_equal(p, "/x/repos.yaml");
	free(p);
	unsetenv("HELM_REPOSITORY_CONFIG");
	setenv("HELM_CONFIG_HOME", "/cfg", 1);
	p = cc_repos_helm_path();
	assert_string_equal(p, "/cfg/repositories.yaml");
	free(p);
	unsetenv("HELM_CONFIG_HOME");
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	p = cc_repos_helm_path();
	assert_string_equal(p, "/xdg/helm/repositories.yaml");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/u", 1);
	p = cc_repos_helm_path();
	assert_string_equal(p, "/home/u/.config/helm/repositories.yaml");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_helm_file),
		cmocka_unit_test(test_missing_file_is_empty),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_helm_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
