/*
 * Unit tests for src/deps/resolve.c: helm's rules for picking a version,
 * over real chart directories (file://, charts/) and a version source
 * that serves fixed lists (the transports have their own tests).
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "deps/deps.h"

/* Versions newest first, as index.yaml and registries give them after helm's sort. */
static const char *const ACME[] = { "3.0.0-rc.1", "2.4.1", "2.4.0", "2.3.9", "1.9.0", "v1.2.0", "not-semver",
				    "1.0.0", NULL };
static const char *const TAGS[] = { "1.3.0", "1.2.3+build.7", "1.2.0", NULL };

static int fake_index(void *ctx, const char *url, const char *name, cc_strvec *out, cc_error *err)
{
	(void)ctx;
	(void)err;
	if (strcmp(url, "https://charts.acme.io") != 0 || strcmp(name, "acme") != 0)
		return CC_ENOTFOUND;
	for (size_t i = 0; ACME[i]; i++)
		cc_strvec_push(out, ACME[i]);
	return CC_OK;
}

static int fake_tags(void *ctx, const char *url, const char *name, cc_strvec *out, cc_error *err)
{
	int *calls = ctx;
	(*calls)++;
	if (strcmp(url, "oci://registry.acme.io/charts") != 0 || strcmp(name, "web") != 0)
		return cc_error_set(err, CC_ENOTFOUND, NULL, 0, 0, "no such repository");
	for (size_t i = 0; TAGS[i]; i++)
		cc_strvec_push(out, TAGS[i]);
	return CC_OK;
}

static json_t *dep(const char *name, const char *version, const char *repo)
{
	json_t *d = json_object();
	json_object_set_new(d, "name", json_string(name));
	json_object_set_new(d, "version", json_string(version));
	json_object_set_new(d, "repository", json_string(repo));
	return d;
}

typedef struct fixture {
	char *dir;   /* holds parent/ and sub/ */
	char *chart; /* parent */
	int oci_calls;
	cc_deps_sources src;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	f->dir = tu_mkdtemp();
	tu_write(f->dir, "parent/Chart.yaml", "apiVersion: v2\nname: parent\nversion: 1.0.0\n", (size_t)-1);
	tu_write(f->dir, "parent/charts/vendored/Chart.yaml", "apiVersion: v2\nname: vendored\nversion: 0.1.0\n",
		 (size_t)-1);
	tu_write(f->dir, "sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 1.2.3\n", (size_t)-1);
	f->chart = cc_path_join(f->dir, "parent");
	f->src.index_versions = fake_index;
	f->src.oci_tags = fake_tags;
	f->src.ctx = &f->oci_calls;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->chart);
	free(f);
	return 0;
}

/* Resolves one dependency; returns the locked version ("" when missing) or NULL on error. */
static char *lock_one(fixture *f, json_t *d, cc_deps_result *res, cc_error *err)
{
	json_t *req = json_array();
	json_array_append_new(req, d);
	int rc = cc_deps_resolve(f->chart, req, &f->src, res, err);
	json_decref(req);
	if (rc != CC_OK)
		return NULL;
	assert_int_equal(json_array_size(res->locked), 1);
	const json_t *e = json_array_get(res->locked, 0);
	/* helm's struct order: the digest hashes it */
	const char *k = json_object_iter_key(json_object_iter((json_t *)e));
	assert_string_equal(k, "name");
	return cc_strdup(json_string_value(json_object_get(e, "version")));
}

static void expect_version(fixture *f, const char *constraint, const char *repo, const char *name,
			   const char *want)
{
	cc_deps_result res;
	cc_error err;
	char *got = lock_one(f, dep(name, constraint, repo), &res, &err);
	if (!got)
		fail_msg("%s %s: %s", name, constraint, err.msg);
	if (strcmp(got, want) != 0)
		fail_msg("%s %s from %s: locked \"%s\", want \"%s\"", name, constraint, repo, got, want);
	assert_int_equal(res.nmissing, want[0] ? 0 : 1);
	free(got);
	cc_deps_result_free(&res);
}

static void test_repository_versions(void **state)
{
	fixture *f = *state;
	const char *R = "https://charts.acme.io";
	expect_version(f, "^2.3", R, "acme", "2.4.1");
	expect_version(f, "~2.3", R, "acme", "2.3.9");
	expect_version(f, "*", R, "acme", "2.4.1");            /* no prerelease without asking */
	expect_version(f, ">=3.0.0-0", R, "acme", "3.0.0-rc.1");
	expect_version(f, "1.2.0", R, "acme", "v1.2.0");       /* v.Original(): as written */
	expect_version(f, "<1.1", R, "acme", "1.0.0");         /* an unparseable entry is skipped */
	expect_version(f, ">=5", R, "acme", "");
}

static void test_missing_message(void **state)
{
	fixture *f = *state;
	cc_deps_result res;
	cc_error err;
	char *got = lock_one(f, dep("acme", ">=5 <6", "https://charts.acme.io"), &res, &err);
	assert_string_equal(got, "");
	assert_int_equal(res.nmissing, 1);
	assert_string_equal(res.missing[0].message,
			    "can't get a valid version for \"acme\" (repository \"https://charts.acme.io\", "
			    "version \">=5 <6\"); available versions: 3.0.0-rc.1, 2.4.1, 2.4.0, 2.3.9, 1.9.0 "
			    "(3 more)");
	free(got);
	cc_deps_result_free(&res);
}

static void test_oci(void **state)
{
	fixture *f = *state;
	const char *R = "oci://registry.acme.io/charts";
	expect_version(f, "~1.2", R, "web", "1.2.3+build.7");
	assert_int_equal(f->oci_calls, 1);
	/* an exact version is locked as written with no registry call */
	expect_version(f, "9.9.9", R, "web", "9.9.9");
	assert_int_equal(f->oci_calls, 1);
	cc_deps_result res;
	cc_error err;
	assert_null(lock_one(f, dep("other", "^1", R), &res, &err));
	assert_string_equal(err.msg, "no such repository");
}

static void test_local(void **state)
{
	fixture *f = *state;
	expect_version(f, "^1.2", "file://../sub", "sub", "1.2.3");
	char *abs = cc_asprintf("file://%s/sub", f->dir);
	expect_version(f, "1.2.3", abs, "sub", "1.2.3");
	free(abs);
	expect_version(f, "^2", "file://../sub", "sub", "");
	/* vendored in charts/: the constraint itself is locked */
	expect_version(f, ">=0.1", "", "vendored", ">=0.1");
	cc_deps_result res;
	cc_error err;
	assert_null(lock_one(f, dep("gone", "1.0.0", ""), &res, &err));
	assert_int_equal(res.failed, 1);
	assert_non_null(strstr(err.msg, "charts/gone not found"));
	assert_null(lock_one(f, dep("sub", "^1", "file://../nothere"), &res, &err));
	assert_non_null(strstr(err.msg, "nothere not found"));
}

static void test_hard_errors(void **state)
{
	fixture *f = *state;
	cc_deps_result res;
	cc_error err;
	assert_null(lock_one(f, dep("acme", "not a constraint!", "https://charts.acme.io"), &res, &err));
	assert_non_null(strstr(err.msg, "dependency \"acme\" has an invalid version/constraint format: "));
	assert_null(lock_one(f, dep("nope", "^1", "https://charts.acme.io"), &res, &err));
	assert_string_equal(err.msg, "nope chart not found in repo https://charts.acme.io");
	/* offline: no source for the kind of repository */
	f->src.index_versions = NULL;
	assert_null(lock_one(f, dep("acme", "^1", "https://charts.acme.io"), &res, &err));
	assert_non_null(strstr(err.msg, "cannot be reached (offline)"));
	f->src.index_versions = fake_index;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_repository_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oci, setup, teardown),
		cmocka_unit_test_setup_teardown(test_local, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hard_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
