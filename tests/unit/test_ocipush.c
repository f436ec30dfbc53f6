/*
 * Unit tests for src/oci's pushing: the manifest and annotations against
 * the bytes helm pushed (helm-vectors/oci-push), then pushes to Debian's
 * docker-registry on loopback, anonymous and with htpasswd: monolithic and
 * chunked uploads, a second push that uploads nothing, what cc_oci_published
 * reports, a pull that gives back the same bytes, and a refused password
 * that never appears in the message.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "oci/oci.h"
#include "emit/emit.h"
#include "package/package.h"

#define USER "chartci"
#define PASSWORD "t3st-pass" /* tests/data/oci/htpasswd holds its bcrypt hash */

typedef struct vec {
	char *config, *chart, *manifest;
	size_t config_len, chart_len, manifest_len;
	json_t *md;
} vec;

static void vec_load(vec *v)
{
	char *p = tu_shared("corpora/helm-vectors/oci-push/config.json");
	v->config = tu_slurp(p, &v->config_len);
	free(p);
	p = tu_shared("corpora/helm-vectors/oci-push/mychart-1.2.3+build.7.tgz");
	v->chart = tu_slurp(p, &v->chart_len);
	free(p);
	p = tu_shared("corpora/helm-vectors/oci-push/manifest.json");
	v->manifest = tu_slurp(p, &v->manifest_len);
	free(p);
	v->md = json_loadb(v->config, v->config_len, 0, NULL);
	assert_non_null(v->md);
}

static void vec_free(vec *v)
{
	free(v->config);
	free(v->chart);
	free(v->manifest);
	json_decref(v->md);
}

static cc_oci_artifact artifact(const vec *v, const json_t *ann)
{
	cc_oci_artifact a = { v->config, v->config_len, v->chart, v->chart_len, NULL, 0, ann, NULL, NULL };
	return a;
}

static void test_manifest_as_helm(void **state)
{
	(void)state;
	vec v;
	vec_load(&v);
	/* the chart's own created annotation overrides the time given */
	json_t *ann = cc_oci_annotations(v.md, "2026-01-01T00:00:00Z");
	cc_oci_artifact a = artifact(&v, ann);
	cc_buf m = CC_BUF_INIT;
	cc_error err;
	assert_int_equal(cc_oci_manifest(&a, &m, &err), CC_OK);
	assert_int_equal(m.len, v.manifest_len);
	assert_memory_equal(m.ptr, v.manifest, m.len);
	cc_buf_free(&m);
	json_decref(ann);
	vec_free(&v);
}

/* The config blob: helm's Metadata of the archive, as json.Marshal writes it. */
static void test_config_as_helm(void **state)
{
	(void)state;
	vec v;
	vec_load(&v);
	char *p = tu_shared("corpora/helm-vectors/oci-push/mychart-1.2.3+build.7.tgz");
	cc_chart *c = NULL;
	cc_error err;
	cc_chart_opts o = { 0 };
	assert_int_equal(cc_chart_load(&c, p, p, &o, &err), CC_OK);
	json_t *md = NULL;
	assert_int_equal(cc_package_metadata(c, NULL, &md, &err), CC_OK);
	cc_buf b = CC_BUF_INIT;
	assert_int_equal(cc_emit_json(md, &b, &err), CC_OK);
	assert_int_equal(b.len, v.config_len);
	assert_memory_equal(b.ptr, v.config, b.len);
	cc_buf_free(&b);
	json_decref(md);
	cc_chart_free(c);
	free(p);
	vec_free(&v);
}

static void test_annotations(void **state)
{
	(void)state;
	json_t *md = json_pack("{s:s, s:s, s:s, s:[{s:s}, {s:s, s:s}], s:{s:s, s:s}}", "name", "c", "version", "1.0.0",
			       "description", "  ", "maintainers", "name", "A", "name", "B", "email", "b@x.io",
			       "annotations", "org.opencontainers.image.title", "renamed", "extra", "x");
	json_t *a = cc_oci_annotations(md, "2026-12-07T00:00:00Z");
	char *s = json_dumps(a, JSON_COMPACT);
	/* blank description left out; title and version not overridable; keys in byte order */
	assert_string_equal(s, "{\"extra\":\"x\",\"org.opencontainers.image.authors\":\"A, B (b@x.io)\","
			       "\"org.opencontainers.image.created\":\"2026-12-07T00:00:00Z\","
			       "\"org.opencontainers.image.title\":\"c\",\"org.opencontainers.image.version\":\"1.0.0\"}");
	free(s);
	json_decref(a);
	json_decref(md);
}

static cc_oci *client(cc_http **h, const char *user, const char *password, size_t chunk)
{
	cc_oci *o = NULL;
	cc_error err;
	assert_int_equal(cc_http_new(NULL, h, &err), CC_OK);
	cc_oci_opts oo = { .plain_http = 1, .registry_config = "", .docker_config = "", .username = user,
			   .password = password, .chunk_size = chunk };
	assert_int_equal(cc_oci_new(*h, &oo, &o, &err), CC_OK);
	return o;
}

/* Pushes the vector chart to s (chunked when chunk > 0) and checks what the registry then holds. */
static void push_and_pull(tu_server *s, const char *user, const char *password, size_t chunk)
{
	vec v;
	vec_load(&v);
	cc_http *h = NULL;
	cc_oci *o = client(&h, user, password, chunk);
	cc_error err;
	cc_oci_ref ref;
	char *r = cc_asprintf("oci://%s/charts/mychart:1.2.3+build.7", s->url + strlen("http://"));
	assert_int_equal(cc_oci_ref_parse(r, &ref, &err), CC_OK);
	char *chart_digest = NULL, *md = NULL;
	assert_int_equal(cc_oci_published(o, &ref, &chart_digest, &md, &err), CC_ENOTFOUND);
	json_t *ann = cc_oci_annotations(v.md, NULL);
	cc_oci_artifact a = artifact(&v, ann);
	char *pushed = NULL;
	assert_int_equal(cc_oci_push(o, &ref, &a, &pushed, &err), CC_OK);
	assert_int_equal(cc_oci_published(o, &ref, &chart_digest, &md, &err), CC_OK);
	assert_string_equal(chart_digest, "sha256:df12e11f6b2ffbf4ec4cc5b829918367fbf9847bbbb327ab42b538d479939463");
	assert_string_equal(md, pushed);
	/* what a pull gets is what was pushed */
	char *tmp = tu_mkdtemp(), *out = cc_path_join(tmp, "pulled.tgz");
	assert_int_equal(cc_oci_pull_chart(o, &ref, out, NULL, &err), CC_OK);
	size_t n;
	char *back = tu_slurp(out, &n);
	assert_int_equal(n, v.chart_len);
	assert_memory_equal(back, v.chart, n);
	/* again: every blob is there already, so only HEADs and the manifests go */
	int posts = tu_count_lines(s->log, "\"POST /v2/charts/mychart/blobs/uploads/");
	char *again = NULL;
	assert_int_equal(cc_oci_push(o, &ref, &a, &again, &err), CC_OK);
	assert_string_equal(again, pushed);
	assert_int_equal(tu_count_lines(s->log, "\"POST /v2/charts/mychart/blobs/uploads/"), posts);
	assert_int_equal(posts, 2);
	if (chunk)
		assert_true(tu_count_lines(s->log, "\"PATCH /v2/charts/mychart/blobs/uploads/") >= 5055 / (int)chunk);
	free(back);
	free(out);
	tu_rmtree(tmp);
	free(tmp);
	free(again);
	free(pushed);
	free(chart_digest);
	free(md);
	json_decref(ann);
	cc_oci_ref_free(&ref);
	free(r);
	cc_oci_free(o);
	cc_http_free(h);
	vec_free(&v);
}

static void test_push_anonymous(void **state)
{
	(void)state;
	tu_server *s = tu_registry_start(NULL);
	push_and_pull(s, NULL, NULL, 0);
	tu_server_stop(s);
}

static void test_push_chunked_with_password(void **state)
{
	(void)state;
	char *htpasswd = tu_project("tests/data/oci/htpasswd");
	tu_server *s = tu_registry_start(htpasswd);
	push_and_pull(s, USER, PASSWORD, 1000);
	tu_server_stop(s);
	free(htpasswd);
}

static void test_push_refused(void **state)
{
	(void)state;
	char *htpasswd = tu_project("tests/data/oci/htpasswd");
	tu_server *s = tu_registry_start(htpasswd);
	vec v;
	vec_load(&v);
	cc_http *h = NULL;
	cc_oci *o = client(&h, USER, "wrong-secret-42", 0);
	cc_error err;
	cc_oci_ref ref;
	char *r = cc_asprintf("%s/charts/mychart:1.2.3", s->url + strlen("http://"));
	assert_int_equal(cc_oci_ref_parse(r, &ref, &err), CC_OK);
	cc_oci_artifact a = artifact(&v, NULL);
	assert_int_not_equal(cc_oci_push(o, &ref, &a, NULL, &err), CC_OK);
	assert_non_null(strstr(err.msg, "401"));
	assert_null(strstr(err.msg, "wrong-secret-42"));
	cc_oci_ref_free(&ref);
	free(r);
	cc_oci_free(o);
	cc_http_free(h);
	vec_free(&v);
	tu_server_stop(s);
	free(htpasswd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manifest_as_helm),
		cmocka_unit_test(test_config_as_helm),
		cmocka_unit_test(test_annotations),
		cmocka_unit_test(test_push_anonymous),
		cmocka_unit_test(test_push_chunked_with_password),
		cmocka_unit_test(test_push_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
