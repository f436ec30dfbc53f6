/*
 * Unit tests for src/oci against real servers on loopback: Debian's
 * docker-registry (anonymous, and with htpasswd basic auth), charts pushed
 * by the test itself through cc_http (blob upload POST + PUT, manifest
 * PUT), and an nginx that plays a token-authenticated registry (Bearer
 * challenge, token endpoint, tag pages with Link headers), since
 * docker-registry's token auth needs certificates.
 */
#include "testutil.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/http.h"
#include "oci/oci.h"

#define USER "chartci"
#define PASSWORD "t3st-pass" /* tests/data/oci/htpasswd holds its bcrypt hash */
#define TOKEN "tok-abc"

typedef struct fixture {
	tu_server *anon, *authed, *bearer;
	tu_server *elsewhere; /* another origin the bearer registry's pages lead to */
	cc_http *http;
	char *tmp;
	char *manifest_digest; /* of charts/mychart */
} fixture;

static const char CHART[] = "not really a tgz, but the registry does not care\n";

static char *sha256(const void *data, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	char *s = malloc(7 + 2 * n + 1);
	strcpy(s, "sha256:");
	for (unsigned int i = 0; i < n; i++)
		sprintf(s + 7 + 2 * i, "%02x", md[i]);
	return s;
}

static char *b64(const char *s)
{
	char *out = calloc(1, strlen(s) * 2 + 4);
	EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)s, (int)strlen(s));
	return out;
}

/* ---- Pushing, as a registry client does it ------------------------------- */

static void push_blob(cc_http *h, const tu_server *s, const cc_http_auth *auth, const char *repo,
		      const void *data, size_t len)
{
	char url[512];
	snprintf(url, sizeof(url), "%s/v2/%s/blobs/uploads/", s->url, repo);
	cc_http_req post = { .method = "POST", .url = url, .auth = auth };
	cc_http_resp r;
	cc_error err;
	assert_int_equal(cc_http_do(h, &post, &r, &err), CC_OK);
	assert_int_equal(r.status, 202);
	char *digest = sha256(data, len);
	char put_url[2048];
	snprintf(put_url, sizeof(put_url), "%s%sdigest=sha256%%3A%s", r.location,
		 strchr(r.location, '?') ? "&" : "?", digest + 7);
	cc_http_resp_free(&r);
	const char *hdr[] = { "Content-Type: application/octet-stream", NULL };
	cc_http_req put = { .method = "PUT", .url = put_url, .auth = auth, .headers = hdr, .body = data, .body_len = len };
	assert_int_equal(cc_http_do(h, &put, &r, &err), CC_OK);
	assert_int_equal(r.status, 201);
	cc_http_resp_free(&r);
	free(digest);
}

/* Pushes chart as repo:tag with the given media types; returns the manifest's digest. */
static char *push(cc_http *h, const tu_server *s, const cc_http_auth *auth, const char *repo, const char *tag,
		  const char *chart, const char *config_type, const char *layer_type)
{
	const char *config = "{\"name\":\"mychart\",\"version\":\"1.0.0\",\"apiVersion\":\"v2\"}";
	push_blob(h, s, auth, repo, config, strlen(config));
	push_blob(h, s, auth, repo, chart, strlen(chart));
	char *cd = sha256(config, strlen(config)), *ld = sha256(chart, strlen(chart));
	char manifest[2048];
	snprintf(manifest, sizeof(manifest),
		 "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%zu},"
		 "\"layers\":[{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%zu}]}",
		 config_type, cd, strlen(config), layer_type, ld, strlen(chart));
	char url[512];
	snprintf(url, sizeof(url), "%s/v2/%s/manifests/%s", s->url, repo, tag);
	const char *hdr[] = { "Content-Type: " CC_OCI_MEDIA_MANIFEST, NULL };
	cc_http_req put = { .method = "PUT", .url = url, .auth = auth, .headers = hdr, .body = manifest,
			    .body_len = strlen(manifest) };
	cc_http_resp r;
	cc_error err;
	assert_int_equal(cc_http_do(h, &put, &r, &err), CC_OK);
	assert_int_equal(r.status, 201);
	cc_http_resp_free(&r);
	free(cd);
	free(ld);
	return sha256(manifest, strlen(manifest));
}

static char *push_chart(fixture *f, const tu_server *s, const cc_http_auth *a, const char *repo, const char *tag,
			const char *chart)
{
	return push(f->http, s, a, repo, tag, chart, CC_OCI_MEDIA_HELM_CONFIG, CC_OCI_MEDIA_HELM_CHART);
}

/* ---- Servers -------------------------------------------------------------- */

static tu_server *start_bearer(int elsewhere)
{
	int port = tu_free_port();
	char *basic = b64(USER ":" PASSWORD);
	char http_snippet[2048], snippet[4096];
	snprintf(http_snippet, sizeof(http_snippet),
		 "map $arg_last $tu_next {\n"
		 "  \"\" '</v2/charts/b/tags/list?n=2&last=1.0.0>; rel=\"next\"';\n"
		 "  \"1.0.0\" '</v2/charts/b/tags/list?n=2&last=2.0.0>; rel=\"next\"';\n"
		 "  default \"\"; }\n"
		 "map $arg_last $tu_page {\n"
		 "  \"\" '{\"name\":\"charts/b\",\"tags\":[\"0.1.0\",\"1.0.0\"]}';\n"
		 "  \"1.0.0\" '{\"name\":\"charts/b\",\"tags\":[\"1.5.0_x\",\"latest\"]}';\n"
		 "  default '{\"name\":\"charts/b\",\"tags\":[\"2.0.0\"]}'; }\n");
	snprintf(snippet, sizeof(snippet),
		 "location = /token {\n"
		 "  if ($http_authorization != \"Basic %s\") { return 401; }\n"
		 "  if ($arg_service != \"tu-registry\") { return 400; }\n"
		 /* $arg_ is not URL-decoded */
		 "  if ($arg_scope !~* \"^repository%%3Acharts%%2Fb%%3Apull$\") { return 400; }\n"
		 "  return 200 '{\"token\":\"" TOKEN "\"}'; }\n"
		 "location = /refresh {\n"
		 "  if ($request_method != POST) { return 405; }\n"
		 "  return 200 '{\"access_token\":\"" TOKEN "\",\"expires_in\":300}'; }\n"
		 "location /v2/charts/b/ {\n"
		 "  if ($http_authorization != \"Bearer " TOKEN "\") {\n"
		 "    add_header WWW-Authenticate 'Bearer realm=\"http://127.0.0.1:%d/token\",service=\"tu-registry\",scope=\"repository:charts/b:pull\"' always;\n"
		 "    return 401 '{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}'; }\n"
		 "  add_header Link $tu_next;\n"
		 "  return 200 $tu_page; }\n"
		 "location /v2/charts/x/ {\n"
		 "  if ($http_authorization != \"Bearer " TOKEN "\") {\n"
		 "    add_header WWW-Authenticate 'Bearer realm=\"http://127.0.0.1:%d/token\",service=\"tu-registry\",scope=\"repository:charts/b:pull\"' always;\n"
		 "    return 401; }\n"
		 "  add_header Link '<http://127.0.0.1:%d/v2/charts/x/tags/list?last=1.0.0>; rel=\"next\"';\n"
		 "  return 200 '{\"name\":\"charts/x\",\"tags\":[\"1.0.0\"]}'; }\n"
		 "location /v2/charts/r/ {\n"
		 "  if ($http_authorization != \"Bearer " TOKEN "\") {\n"
		 "    add_header WWW-Authenticate 'Bearer realm=\"http://127.0.0.1:%d/refresh\",service=\"tu-registry\"' always;\n"
		 "    return 401; }\n"
		 "  return 200 '{\"name\":\"charts/r\",\"tags\":[\"3.0.0\"]}'; }\n",
		 basic, port, port, elsewhere, port);
	free(basic);
	return tu_nginx_start(port, http_snippet, snippet);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	cc_http_opts ho = { .attempts = 2, .backoff_ms = 10 };
	cc_error err;
	assert_int_equal(cc_http_new(&ho, &f->http, &err), CC_OK);
	f->anon = tu_registry_start(NULL);
	char *htpasswd = tu_project("tests/data/oci/htpasswd");
	f->authed = tu_registry_start(htpasswd);
	free(htpasswd);
	f->elsewhere = tu_nginx_start(0, NULL,
				      "location /v2/charts/x/ { return 200 '{\"name\":\"charts/x\",\"tags\":[\"9.0.0\"]}'; }");
	f->bearer = start_bearer(f->elsewhere->port);
	f->tmp = tu_mkdtemp();
	const char *tags[] = { "1.0.0", "1.2.3_build.7", "latest", "v2.0.0", "2.0.0-rc.1", "1.10.0", "1.0" };
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		free(f->manifest_digest);
		f->manifest_digest = push_chart(f, f->anon, NULL, "charts/mychart", tags[i], CHART);
	}
	cc_http_auth a = { .username = USER, .password = PASSWORD };
	free(push_chart(f, f->authed, &a, "charts/private", "0.1.0", "a private chart\n"));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	tu_server_stop(f->anon);
	tu_server_stop(f->authed);
	tu_server_stop(f->bearer);
	tu_server_stop(f->elsewhere);
	cc_http_free(f->http);
	tu_rmtree(f->tmp);
	free(f->tmp);
	free(f->manifest_digest);
	free(f);
	return 0;
}

/* A client that reads no credential file but the ones given. */
static cc_oci *client(fixture *f, const char *helm_config, const char *docker_config, int page_size)
{
	cc_oci_opts o = { .plain_http = 1, .registry_config = helm_config ? helm_config : "",
			  .docker_config = docker_config ? docker_config : "", .tags_page_size = page_size };
	cc_oci *c = NULL;
	cc_error err;
	assert_int_equal(cc_oci_new(f->http, &o, &c, &err), CC_OK);
	return c;
}

/* ---- References ------------------------------------------------------------ */

static void test_ref_parse(void **state)
{
	(void)state;
	cc_oci_ref r;
	cc_error err;
	assert_int_equal(cc_oci_ref_parse("oci://127.0.0.1:5000/charts/my-chart:1.2.3+build.7", &r, &err), CC_OK);
	assert_string_equal(r.registry, "127.0.0.1:5000");
	assert_string_equal(r.repository, "charts/my-chart");
	assert_string_equal(r.tag, "1.2.3+build.7");
	assert_null(r.digest);
	cc_oci_ref_free(&r);
	const char *d = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char s[256];
	snprintf(s, sizeof(s), "ghcr.io/org/a__b/c.d@%s", d);
	assert_int_equal(cc_oci_ref_parse(s, &r, &err), CC_OK);
	assert_string_equal(r.registry, "ghcr.io");
	assert_string_equal(r.repository, "org/a__b/c.d");
	assert_null(r.tag);
	assert_string_equal(r.digest, d);
	cc_oci_ref_free(&r);
	snprintf(s, sizeof(s), "oci://r.example/x:1.0.0@%s", d);
	assert_int_equal(cc_oci_ref_parse(s, &r, &err), CC_OK);
	assert_string_equal(r.tag, "1.0.0");
	assert_non_null(r.digest);
	cc_oci_ref_free(&r);

	struct { const char *ref; int col; } bad[] = {
		{ "oci://r.example", 16 },
		{ "oci://r.example/", 16 },
		{ "oci://r.example/Charts/x", 17 },
		{ "oci://r.example/a//b", 19 },
		{ "oci://r.example/a-/b", 19 },
		{ "oci://r.example/a:-1", 19 },
		{ "oci://r.example/a:", 19 },
		{ "oci://r.example/a@md5:00", 19 },
		{ "oci://r.example/a@sha256:00", 28 },
		{ "oci://r_x/a", 8 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(cc_oci_ref_parse(bad[i].ref, &r, &err), CC_EINVALID);
		if (err.col != bad[i].col)
			fail_msg("%s: col %d, want %d (%s)", bad[i].ref, err.col, bad[i].col, err.msg);
		assert_null(r.registry);
	}
}

/* ---- Tags ---------------------------------------------------------------------- */

static void test_tags_paginated(void **state)
{
	fixture *f = *state;
	cc_oci *o = client(f, NULL, NULL, 2);
	cc_strvec tags = CC_STRVEC_INIT;
	cc_error err;
	assert_int_equal(cc_oci_tags(o, f->anon->host, "charts/mychart", &tags, &err), CC_OK);
	assert_int_equal(tags.n, 7);
	cc_strvec_sort(&tags);
	const char *want[] = { "1.0", "1.0.0", "1.10.0", "1.2.3_build.7", "2.0.0-rc.1", "latest", "v2.0.0" };
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(tags.v[i], want[i]);
	/* docker-registry 2.8 answers ?n= with every tag and no Link (its tag lists do not page);
	 * following Link pages is tested against the token registry below */
	assert_int_equal(tu_wait_lines(f->anon->log, "GET /v2/charts/mychart/tags/list?n=2 ", 1), 1);
	cc_strvec_free(&tags);

	cc_strvec vs = CC_STRVEC_INIT;
	assert_int_equal(cc_oci_chart_versions(o, f->anon->host, "charts/mychart", &vs, &err), CC_OK);
	const char *versions[] = { "2.0.0-rc.1", "1.10.0", "1.2.3+build.7", "1.0.0" };
	assert_int_equal(vs.n, 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(vs.v[i], versions[i]);
	cc_strvec_free(&vs);

	assert_int_equal(cc_oci_tags(o, f->anon->host, "charts/nothing", &tags, &err), CC_ENOTFOUND);
	assert_non_null(strstr(err.msg, "charts/nothing"));
	assert_int_equal(tags.n, 0);
	cc_oci_free(o);
}

/* ---- Pull ----------------------------------------------------------------------- */

static void expect_pull(cc_oci *o, const char *ref, const char *path, int code, const char *msg)
{
	cc_oci_ref r;
	cc_error err;
	assert_int_equal(cc_oci_ref_parse(ref, &r, &err), CC_OK);
	char *digest = NULL;
	int rc = cc_oci_pull_chart(o, &r, path, &digest, &err);
	if (rc != code)
		fail_msg("%s: %d, want %d (%s)", ref, rc, code, rc ? err.msg : "");
	if (msg && !strstr(err.msg, msg))
		fail_msg("%s: \"%s\" does not say \"%s\"", ref, err.msg, msg);
	if (code != CC_OK)
		assert_null(digest);
	free(digest);
	cc_oci_ref_free(&r);
}

static void test_pull(void **state)
{
	fixture *f = *state;
	cc_oci *o = client(f, NULL, NULL, 0);
	char *path = cc_path_join(f->tmp, "mychart.tgz");
	char ref[512];
	snprintf(ref, sizeof(ref), "oci://%s/charts/mychart:1.2.3+build.7", f->anon->host);
	cc_oci_ref r;
	cc_error err;
	assert_int_equal(cc_oci_ref_parse(ref, &r, &err), CC_OK);
	char *digest = NULL;
	assert_int_equal(cc_oci_pull_chart(o, &r, path, &digest, &err), CC_OK);
	assert_string_equal(digest, f->manifest_digest);
	char *got = tu_slurp(path, NULL);
	assert_string_equal(got, CHART);
	free(got);
	unlink(path);
	cc_oci_ref_free(&r);

	/* by digest */
	snprintf(ref, sizeof(ref), "oci://%s/charts/mychart@%s", f->anon->host, digest);
	expect_pull(o, ref, path, CC_OK, NULL);
	assert_true(cc_path_exists(path));
	unlink(path);
	free(digest);
	snprintf(ref, sizeof(ref), "oci://%s/charts/mychart@sha256:%064d", f->anon->host, 0);
	expect_pull(o, ref, path, CC_ENOTFOUND, "not found");
	snprintf(ref, sizeof(ref), "oci://%s/charts/mychart:9.9.9", f->anon->host);
	expect_pull(o, ref, path, CC_ENOTFOUND, "charts/mychart:9.9.9: not found");
	assert_false(cc_path_exists(path));
	cc_oci_free(o);
	free(path);
}

static void test_pull_checks_media_types(void **state)
{
	fixture *f = *state;
	const char *legacy = "a legacy chart\n";
	free(push(f->http, f->anon, NULL, "charts/legacy", "1.0.0", legacy, CC_OCI_MEDIA_HELM_CONFIG,
		  CC_OCI_MEDIA_HELM_LEGACY));
	free(push(f->http, f->anon, NULL, "charts/image", "1.0.0", "x\n", "application/vnd.oci.image.config.v1+json",
		  CC_OCI_MEDIA_HELM_CHART));
	free(push(f->http, f->anon, NULL, "charts/other", "1.0.0", "y\n", CC_OCI_MEDIA_HELM_CONFIG,
		  "application/octet-stream"));
	cc_oci *o = client(f, NULL, NULL, 0);
	char *path = cc_path_join(f->tmp, "t.tgz");
	char ref[512];
	snprintf(ref, sizeof(ref), "%s/charts/legacy:1.0.0", f->anon->host);
	expect_pull(o, ref, path, CC_OK, NULL);
	char *got = tu_slurp(path, NULL);
	assert_string_equal(got, legacy);
	free(got);
	unlink(path);
	snprintf(ref, sizeof(ref), "%s/charts/image:1.0.0", f->anon->host);
	expect_pull(o, ref, path, CC_EINVALID, "could not load config with mediatype " CC_OCI_MEDIA_HELM_CONFIG);
	snprintf(ref, sizeof(ref), "%s/charts/other:1.0.0", f->anon->host);
	expect_pull(o, ref, path, CC_EINVALID, "manifest does not contain a layer with mediatype " CC_OCI_MEDIA_HELM_CHART);
	assert_false(cc_path_exists(path));
	free(path);
	cc_oci_free(o);
}

static void test_pull_corrupted_blob(void **state)
{
	fixture *f = *state;
	const char *chart = "a chart that will be damaged on the registry's disk\n";
	free(push_chart(f, f->anon, NULL, "charts/broken", "1.0.0", chart));
	/* the registry serves blobs from its filesystem as they are: flip a byte there */
	char *d = sha256(chart, strlen(chart));
	char rel[512];
	snprintf(rel, sizeof(rel), "docker/registry/v2/blobs/sha256/%.2s/%s/data", d + 7, d + 7);
	char *bad = strdup(chart);
	bad[0] = 'A';
	tu_write(f->anon->root, rel, bad, (size_t)-1);
	cc_oci *o = client(f, NULL, NULL, 0);
	char *path = cc_path_join(f->tmp, "broken.tgz");
	char ref[512];
	snprintf(ref, sizeof(ref), "%s/charts/broken:1.0.0", f->anon->host);
	expect_pull(o, ref, path, CC_EINVALID, "does not match its digest");
	assert_false(cc_path_exists(path));
	assert_int_equal(tu_wait_lines(f->anon->log, "/v2/charts/broken/blobs/sha256:", 1), 1);
	/* and one byte more than the descriptor says: stopped at the limit */
	char *longer = malloc(strlen(chart) + 2);
	sprintf(longer, "%sX", chart);
	tu_write(f->anon->root, rel, longer, (size_t)-1);
	expect_pull(o, ref, path, CC_EINVALID, "larger than its descriptor's size");
	assert_false(cc_path_exists(path));
	free(longer);
	free(path);
	free(bad);
	free(d);
	cc_oci_free(o);
}

/* ---- Authentication ---------------------------------------------------------- */

static char *config_file(fixture *f, const char *name, const char *json)
{
	tu_write(f->tmp, name, json, (size_t)-1);
	return cc_path_join(f->tmp, name);
}

static void test_basic_from_helm_config(void **state)
{
	fixture *f = *state;
	char *auth = b64(USER ":" PASSWORD);
	char json[512];
	snprintf(json, sizeof(json), "{\n\t\"auths\": {\n\t\t\"%s\": {\n\t\t\t\"auth\": \"%s\"\n\t\t}\n\t}\n}\n",
		 f->authed->host, auth);
	char *helm = config_file(f, "helm.json", json);
	cc_oci *o = client(f, helm, NULL, 0);
	cc_strvec tags = CC_STRVEC_INIT;
	cc_error err;
	assert_int_equal(cc_oci_tags(o, f->authed->host, "charts/private", &tags, &err), CC_OK);
	assert_int_equal(tags.n, 1);
	assert_string_equal(tags.v[0], "0.1.0");
	cc_strvec_free(&tags);
	char *path = cc_path_join(f->tmp, "private.tgz");
	char ref[512];
	snprintf(ref, sizeof(ref), "%s/charts/private:0.1.0", f->authed->host);
	expect_pull(o, ref, path, CC_OK, NULL);
	unlink(path);
	cc_oci_free(o);

	/* without credentials: the registry's 401, named */
	o = client(f, NULL, NULL, 0);
	assert_int_equal(cc_oci_tags(o, f->authed->host, "charts/private", &tags, &err), CC_EIO);
	assert_non_null(strstr(err.msg, "401"));
	cc_oci_free(o);

	/* docker's config.json after helm's, keyed with a scheme and a path, username/password fields */
	snprintf(json, sizeof(json), "{\"auths\":{\"other:1\":{\"auth\":\"eDp5\"},\"http://%s/v1/\":"
		 "{\"username\":\"" USER "\",\"password\":\"" PASSWORD "\"}},\"credsStore\":\"pass\"}", f->authed->host);
	char *docker = config_file(f, "docker.json", json);
	char *missing = cc_path_join(f->tmp, "absent.json");
	o = client(f, missing, docker, 0);
	assert_int_equal(cc_oci_tags(o, f->authed->host, "charts/private", &tags, &err), CC_OK);
	assert_int_equal(tags.n, 1);
	cc_strvec_free(&tags);
	cc_oci_free(o);

	/* explicit credentials win over the files; a wrong password is never shown */
	cc_oci_opts oo = { .plain_http = 1, .registry_config = helm, .docker_config = "", .username = USER,
			   .password = "wrong-" PASSWORD };
	assert_int_equal(cc_oci_new(f->http, &oo, &o, &err), CC_OK);
	assert_int_equal(cc_oci_tags(o, f->authed->host, "charts/private", &tags, &err), CC_EIO);
	assert_non_null(strstr(err.msg, "401"));
	assert_null(strstr(err.msg, PASSWORD));
	assert_null(strstr(err.msg, auth));
	cc_oci_free(o);

	/* a config file that is not JSON: an error at its line and column */
	char *broken = config_file(f, "broken.json", "{\n  \"auths\": {,}\n}\n");
	o = client(f, broken, NULL, 0);
	assert_int_equal(cc_oci_tags(o, f->authed->host, "charts/private", &tags, &err), CC_EINVALID);
	assert_string_equal(err.file, broken);
	assert_int_equal(err.line, 2);
	cc_oci_free(o);
	free(broken);
	free(missing);
	free(docker);
	free(path);
	free(helm);
	free(auth);
}

static void test_bearer_token_flow(void **state)
{
	fixture *f = *state;
	char *auth = b64(USER ":" PASSWORD);
	char json[512];
	snprintf(json, sizeof(json), "{\"auths\":{\"%s\":{\"auth\":\"%s\"}}}", f->bearer->host, auth);
	char *helm = config_file(f, "bearer.json", json);
	cc_oci *o = client(f, helm, NULL, 0);
	cc_strvec tags = CC_STRVEC_INIT;
	cc_error err;
	if (cc_oci_tags(o, f->bearer->host, "charts/b", &tags, &err) != CC_OK)
		fail_msg("%s", err.msg);
	const char *want[] = { "0.1.0", "1.0.0", "1.5.0_x", "latest", "2.0.0" };
	assert_int_equal(tags.n, 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(tags.v[i], want[i]);
	cc_strvec_free(&tags);
	cc_strvec vs = CC_STRVEC_INIT;
	assert_int_equal(cc_oci_chart_versions(o, f->bearer->host, "charts/b", &vs, &err), CC_OK);
	const char *versions[] = { "2.0.0", "1.5.0+x", "1.0.0", "0.1.0" };
	assert_int_equal(vs.n, 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(vs.v[i], versions[i]);
	cc_strvec_free(&vs);
	/* one challenge, one token for six pages */
	assert_int_equal(tu_wait_lines(f->bearer->log, "GET /token?", 1), 1);
	assert_int_equal(tu_wait_lines(f->bearer->log, "GET /token?service=tu-registry&scope=repository%3", 1), 1);
	assert_int_equal(tu_wait_lines(f->bearer->log, " 401 ", 1), 1);
	assert_int_equal(tu_wait_lines(f->bearer->log, "/v2/charts/b/tags/list 200 yes", 2), 2);
	cc_oci_free(o);

	/* a next page on another origin is followed without the registry's token */
	o = client(f, helm, NULL, 0);
	if (cc_oci_tags(o, f->bearer->host, "charts/x", &tags, &err) != CC_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(tags.n, 2);
	assert_string_equal(tags.v[1], "9.0.0");
	cc_strvec_free(&tags);
	assert_int_equal(tu_wait_lines(f->elsewhere->log, "/v2/charts/x/tags/list?last=1.0.0 200 no", 1), 1);
	assert_int_equal(tu_count_lines(f->elsewhere->log, " yes "), 0);
	cc_oci_free(o);

	/* no credentials: the token service says no, and the message says where */
	o = client(f, NULL, NULL, 0);
	assert_int_equal(cc_oci_tags(o, f->bearer->host, "charts/b", &tags, &err), CC_EIO);
	assert_non_null(strstr(err.msg, "/token?"));
	assert_non_null(strstr(err.msg, ": 401"));
	cc_oci_free(o);

	/* an identity token is an OAuth2 refresh token: POSTed to the realm */
	snprintf(json, sizeof(json), "{\"auths\":{\"%s\":{\"identitytoken\":\"refresh-xyz\"}}}", f->bearer->host);
	char *idt = config_file(f, "identity.json", json);
	o = client(f, idt, NULL, 0);
	assert_int_equal(cc_oci_tags(o, f->bearer->host, "charts/r", &tags, &err), CC_OK);
	assert_int_equal(tags.n, 1);
	assert_string_equal(tags.v[0], "3.0.0");
	assert_int_equal(tu_wait_lines(f->bearer->log, "POST /refresh 200 no", 1), 1);
	cc_strvec_free(&tags);
	cc_oci_free(o);
	free(idt);
	free(helm);
	free(auth);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ref_parse),
		cmocka_unit_test(test_tags_paginated),
		cmocka_unit_test(test_pull),
		cmocka_unit_test(test_pull_checks_media_types),
		cmocka_unit_test(test_pull_corrupted_blob),
		cmocka_unit_test(test_basic_from_helm_config),
		cmocka_unit_test(test_bearer_token_flow),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
