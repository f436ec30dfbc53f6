/*
 * oci: see oci.h. The registry operations (tags with their pages, chart
 * versions, pulling a chart) over cc_oci_request_, which does the
 * authentication; JSON through jansson, digests through libcrypto.
 */
#include "oci/oci.h"
#include "oci/oci_int.h"

#include <errno.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "semver/semver.h"

/* More pages than this is a registry going round in circles. */
#define TAG_PAGES_MAX 10000

static const char *const MANIFEST_ACCEPT =
	"Accept: " CC_OCI_MEDIA_DOCKER_MANIFEST ", " CC_OCI_MEDIA_DOCKER_LIST ", " CC_OCI_MEDIA_MANIFEST
	", " CC_OCI_MEDIA_INDEX ", application/vnd.oci.artifact.manifest.v1+json";

int cc_oci_new(cc_http *http, const cc_oci_opts *opts, cc_oci **out, cc_error *err)
{
	(void)err;
	static const cc_oci_opts none;
	const cc_oci_opts *o = opts ? opts : &none;
	cc_oci *c = cc_calloc(1, sizeof(*c));
	c->http = http;
	c->plain_http = o->plain_http;
	c->page_size = o->tags_page_size > 0 ? o->tags_page_size : 0;
	c->chunk_size = o->chunk_size;
	c->username = o->username ? cc_strdup(o->username) : NULL;
	c->password = o->password ? cc_strdup(o->password) : NULL;
	c->helm_config = cc_oci_helm_config_path_(o->registry_config);
	c->docker_config = cc_oci_docker_config_path_(o->docker_config);
	if (o->tls) {
		c->ca_file = o->tls->ca_file ? cc_strdup(o->tls->ca_file) : NULL;
		c->cert_file = o->tls->cert_file ? cc_strdup(o->tls->cert_file) : NULL;
		c->key_file = o->tls->key_file ? cc_strdup(o->tls->key_file) : NULL;
		c->insecure = o->tls->insecure;
	}
	*out = c;
	return CC_OK;
}

void cc_oci_free(cc_oci *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->ntokens; i++) {
		free(o->tokens[i].registry);
		free(o->tokens[i].scope);
		free(o->tokens[i].token);
	}
	for (size_t i = 0; i < o->ncreds; i++) {
		free(o->creds[i].registry);
		cc_oci_creds_free_(&o->creds[i].creds);
	}
	free(o->tokens);
	free(o->creds);
	cc_strvec_free(&o->basic);
	free(o->username);
	free(o->password);
	free(o->helm_config);
	free(o->docker_config);
	free(o->ca_file);
	free(o->cert_file);
	free(o->key_file);
	free(o);
}

char *cc_oci_url_(const cc_oci *o, const char *registry, const char *repository, const char *rest)
{
	return cc_asprintf("%s://%s/v2/%s/%s", o->plain_http ? "http" : "https", registry, repository, rest);
}

/* The registry's own words: "CODE: message" of its first error, if the body has one. */
static char *registry_error(const cc_http_resp *r)
{
	json_t *doc = r->body.len ? json_loadb(r->body.ptr, r->body.len, 0, NULL) : NULL;
	json_t *e = json_array_get(json_object_get(doc, "errors"), 0);
	const char *code = json_string_value(json_object_get(e, "code"));
	const char *msg = json_string_value(json_object_get(e, "message"));
	char *s = code ? cc_asprintf(" %s%s%s", code, msg ? ": " : "", msg ? msg : "") : NULL;
	json_decref(doc);
	return s;
}

static int has_code(const cc_http_resp *r, const char *code)
{
	char *e = registry_error(r);
	int yes = e && !strncmp(e + 1, code, strlen(code));
	free(e);
	return yes;
}

int cc_oci_status_error_(const char *method, const char *url, const cc_http_resp *r, cc_error *err)
{
	char *u = cc_http_redact(url);
	char *e = registry_error(r);
	int code = r->status == 404 ? CC_ENOTFOUND : CC_EIO;
	cc_error_set(err, code, NULL, 0, 0, "%s %s: %ld%s%s", method, u, r->status, e ? e : "",
		     r->status == 401 ? " (check the registry credentials)" : "");
	free(e);
	free(u);
	return code;
}

char *cc_oci_digest_(const void *data, size_t len)
{
	char hex[CC_SHA256_HEX];
	cc_sha256_hex(data, len, hex);
	return cc_asprintf("sha256:%s", hex);
}

/* ---- Tags --------------------------------------------------------------- */

char *cc_oci_link_next_(const char *link, const char *base)
{
	const char *p = link;
	while (p && (p = strchr(p, '<'))) {
		const char *gt = strchr(p, '>');
		if (!gt)
			return NULL;
		size_t plen = strcspn(gt, "<");
		char *params = cc_strndup(gt + 1, plen - 1);
		int next = strstr(params, "rel=\"next\"") || strstr(params, "rel=next");
		free(params);
		if (next) {
			char *target = cc_strndup(p + 1, (size_t)(gt - p - 1));
			char *abs = cc_http_resolve(base, target);
			free(target);
			return abs;
		}
		p = gt;
	}
	return NULL;
}

int cc_oci_tags_page_(const char *url, const cc_http_resp *r, cc_strvec *out, cc_error *err)
{
	json_error_t je;
	json_t *doc = json_loadb(r->body.ptr ? r->body.ptr : "", r->body.len, 0, &je);
	json_t *tags = json_object_get(doc, "tags");
	int rc = CC_OK;
	if (!json_is_object(doc) || !(json_is_array(tags) || json_is_null(tags) || !tags)) {
		char *u = cc_http_redact(url);
		rc = cc_error_set(err, CC_EINVALID, NULL, 0, 0, "GET %s: not a tag list", u);
		free(u);
	}
	size_t i;
	json_t *t;
	json_array_foreach(rc == CC_OK ? tags : NULL, i, t) {
		if (json_is_string(t))
			cc_strvec_push(out, json_string_value(t));
	}
	json_decref(doc);
	if (rc == CC_OK && out->n > CC_OCI_TAGS_MAX) {
		char *u = cc_http_redact(url);
		rc = cc_error_set(err, CC_ELIMIT, NULL, 0, 0, "GET %s: more than %d tags", u, CC_OCI_TAGS_MAX);
		free(u);
	}
	return rc;
}

static int not_found(const char *registry, const char *repository, cc_error *err)
{
	return cc_error_set(err, CC_ENOTFOUND, NULL, 0, 0, "%s/%s: the repository does not exist in the registry",
			    registry, repository);
}

/* One page into out; *next the next page's URL or NULL. */
static int get_tags_page(cc_oci *o, const char *registry, const char *repository, const char *url,
			 cc_strvec *out, char **next, cc_error *err)
{
	cc_http_req req = { .url = url, .max_size = CC_OCI_TAGS_PAGE_MAX };
	cc_http_resp r;
	*next = NULL;
	int rc = cc_oci_request_(o, registry, repository, &req, &r, err);
	if (rc == CC_OK && (r.status == 404 || has_code(&r, "NAME_UNKNOWN")))
		rc = not_found(registry, repository, err);
	else if (rc == CC_OK && r.status != 200)
		rc = cc_oci_status_error_("GET", url, &r, err);
	else if (rc == CC_OK)
		rc = cc_oci_tags_page_(url, &r, out, err);
	if (rc == CC_OK && r.link)
		*next = cc_oci_link_next_(r.link, r.effective_url ? r.effective_url : url);
	cc_http_resp_free(&r);
	return rc;
}

int cc_oci_tags(cc_oci *o, const char *registry, const char *repository, cc_strvec *out, cc_error *err)
{
	char rest[64] = "tags/list";
	if (o->page_size)
		snprintf(rest, sizeof(rest), "tags/list?n=%d", o->page_size);
	char *url = cc_oci_url_(o, registry, repository, rest);
	int rc = CC_OK;
	for (int page = 0; url; page++) {
		if (page == TAG_PAGES_MAX) {
			rc = cc_error_set(err, CC_ELIMIT, NULL, 0, 0, "%s/%s: more than %d pages of tags", registry,
					  repository, TAG_PAGES_MAX);
			break;
		}
		char *next = NULL;
		rc = get_tags_page(o, registry, repository, url, out, &next, err);
		int same = next && !strcmp(next, url);
		free(url);
		url = rc == CC_OK && !same ? next : NULL;
		if (url != next)
			free(next);
	}
	free(url);
	return rc;
}

int cc_oci_chart_versions(cc_oci *o, const char *registry, const char *repository, cc_strvec *out,
			  cc_error *err)
{
	cc_strvec tags = CC_STRVEC_INIT;
	int rc = cc_oci_tags(o, registry, repository, &tags, err);
	cc_semver *vs = cc_calloc(tags.n + 1, sizeof(*vs));
	size_t n = 0;
	for (size_t i = 0; rc == CC_OK && i < tags.n; i++) {
		for (char *p = tags.v[i]; *p; p++)
			if (*p == '_')
				*p = '+';
		if (cc_semver_parse_strict(&vs[n], tags.v[i], NULL) == CC_OK)
			n++;
	}
	cc_semver_sort(vs, n);
	for (size_t i = n; i > 0; i--) {
		cc_strvec_push_owned(out, cc_semver_string(&vs[i - 1]));
		cc_semver_free(&vs[i - 1]);
	}
	free(vs);
	cc_strvec_free(&tags);
	return rc;
}

/* ---- Pull ---------------------------------------------------------------- */

static int ref_error(const cc_oci_ref *ref, int code, cc_error *err, const char *fmt, const char *arg)
{
	char msg[512];
	snprintf(msg, sizeof(msg), fmt, arg);
	return cc_error_set(err, code, NULL, 0, 0, "%s/%s%s%s: %s", ref->registry, ref->repository,
			    ref->digest ? "@" : ":", ref->digest ? ref->digest : ref->tag, msg);
}

int cc_oci_get_manifest_(cc_oci *o, const cc_oci_ref *ref, cc_buf *body, cc_error *err)
{
	char *reference = cc_strdup(ref->digest ? ref->digest : ref->tag);
	for (char *p = reference; *p; p++)
		if (*p == '+')
			*p = '_';
	char *rest = cc_asprintf("manifests/%s", reference);
	char *url = cc_oci_url_(o, ref->registry, ref->repository, rest);
	const char *hdr[] = { MANIFEST_ACCEPT, NULL };
	cc_http_req req = { .url = url, .headers = hdr, .max_size = CC_OCI_MANIFEST_MAX };
	cc_http_resp r;
	int rc = cc_oci_request_(o, ref->registry, ref->repository, &req, &r, err);
	if (rc == CC_OK && (r.status == 404 || has_code(&r, "MANIFEST_UNKNOWN") || has_code(&r, "NAME_UNKNOWN")))
		rc = ref_error(ref, CC_ENOTFOUND, err, "%s", "not found in the registry");
	else if (rc == CC_OK && r.status != 200)
		rc = cc_oci_status_error_("GET", url, &r, err);
	else if (rc == CC_OK)
		cc_buf_put(body, r.body.ptr ? r.body.ptr : "", r.body.len);
	cc_http_resp_free(&r);
	free(url);
	free(rest);
	free(reference);
	return rc;
}

static const char *media_type(json_t *desc)
{
	const char *m = json_string_value(json_object_get(desc, "mediaType"));
	return m ? m : "";
}

/* The chart layer's descriptor, after helm's checks on the manifest. */
int cc_oci_chart_layer_(const cc_oci_ref *ref, json_t *m, json_t **layer, cc_error *err)
{
	const char *mt = media_type(m);
	if (!strcmp(mt, CC_OCI_MEDIA_INDEX) || !strcmp(mt, CC_OCI_MEDIA_DOCKER_LIST) || json_object_get(m, "manifests"))
		return ref_error(ref, CC_EINVALID, err, "%s", "is an image index, not a chart manifest");
	json_t *config = json_object_get(m, "config");
	json_t *layers = json_object_get(m, "layers");
	size_t found = (json_is_object(config) ? 1 : 0) + json_array_size(layers);
	char n[32];
	snprintf(n, sizeof(n), "%zu", found);
	if (found < 2)
		return ref_error(ref, CC_EINVALID, err,
				 "manifest does not contain minimum number of descriptors (2), descriptors found: %s", n);
	if (strcmp(media_type(config), CC_OCI_MEDIA_HELM_CONFIG))
		return ref_error(ref, CC_EINVALID, err, "%s",
				 "could not load config with mediatype " CC_OCI_MEDIA_HELM_CONFIG);
	size_t i;
	json_t *l;
	json_array_foreach(layers, i, l) {
		const char *lt = media_type(l);
		if (!strcmp(lt, CC_OCI_MEDIA_HELM_CHART) || !strcmp(lt, CC_OCI_MEDIA_HELM_LEGACY)) {
			*layer = l;
			return CC_OK;
		}
	}
	return ref_error(ref, CC_EINVALID, err, "%s",
			 "manifest does not contain a layer with mediatype " CC_OCI_MEDIA_HELM_CHART);
}

static int check_descriptor(const cc_oci_ref *ref, json_t *layer, const char **digest, size_t *size,
			    cc_error *err)
{
	*digest = json_string_value(json_object_get(layer, "digest"));
	json_t *sz = json_object_get(layer, "size");
	const char *d = *digest ? *digest : "";
	int ok = !strncmp(d, "sha256:", 7) && strspn(d + 7, "0123456789abcdef") == 64 && !d[71];
	if (!ok)
		return ref_error(ref, CC_EINVALID, err, "the chart layer's digest \"%s\" is not a sha256 digest", d);
	if (!json_is_integer(sz) || json_integer_value(sz) < 0)
		return ref_error(ref, CC_EINVALID, err, "%s", "the chart layer has no size");
	if ((unsigned long long)json_integer_value(sz) > CC_OCI_CHART_MAX)
		return ref_error(ref, CC_ELIMIT, err, "%s", "the chart layer is larger than chartci accepts");
	*size = (size_t)json_integer_value(sz);
	return CC_OK;
}

/* sha256 of a file, "sha256:<hex>", and its size. */
static int file_digest(const char *path, char **digest, size_t *size, cc_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return cc_error_sys(err, errno, path, "cannot read");
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	char buf[65536];
	size_t n;
	*size = 0;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		EVP_DigestUpdate(ctx, buf, n);
		*size += n;
	}
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mlen = 0;
	EVP_DigestFinal_ex(ctx, md, &mlen);
	EVP_MD_CTX_free(ctx);
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return cc_error_set(err, CC_EIO, path, 0, 0, "cannot read");
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "sha256:");
	for (unsigned int i = 0; i < mlen; i++)
		cc_buf_printf(&b, "%02x", md[i]);
	*digest = cc_buf_detach(&b);
	return CC_OK;
}

/* The blob into tmp, checked, then renamed to path. */
static int get_blob(cc_oci *o, const cc_oci_ref *ref, const char *digest, size_t size, const char *tmp,
		    const char *path, cc_error *err)
{
	char *rest = cc_asprintf("blobs/%s", digest);
	char *url = cc_oci_url_(o, ref->registry, ref->repository, rest);
	cc_http_req req = { .url = url, .out_file = tmp, .max_size = size ? size : 1 };
	cc_http_resp r;
	int rc = cc_oci_request_(o, ref->registry, ref->repository, &req, &r, err);
	if (rc == CC_ELIMIT)
		rc = ref_error(ref, CC_EINVALID, err, "the chart layer is larger than its descriptor's size (%s)", digest);
	else if (rc == CC_OK && r.status != 200)
		rc = cc_oci_status_error_("GET", url, &r, err);
	cc_http_resp_free(&r);
	char *got = NULL;
	size_t got_size = 0;
	if (rc == CC_OK)
		rc = file_digest(tmp, &got, &got_size, err);
	if (rc == CC_OK && (got_size != size || strcmp(got, digest)))
		rc = ref_error(ref, CC_EINVALID, err, "the chart layer does not match its digest %s", digest);
	if (rc == CC_OK && rename(tmp, path) != 0)
		rc = cc_error_sys(err, errno, path, "cannot replace");
	free(got);
	free(url);
	free(rest);
	return rc;
}

/* Downloads to a name reserved beside path, so nothing unverified is ever at path. */
static int download_layer(cc_oci *o, const cc_oci_ref *ref, json_t *layer, const char *path, cc_error *err)
{
	const char *digest = NULL;
	size_t size = 0;
	int rc = check_descriptor(ref, layer, &digest, &size, err);
	if (rc != CC_OK)
		return rc;
	char *tmp = cc_asprintf("%s.chartci-pull-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		rc = cc_error_sys(err, errno, path, "cannot create temporary file");
		free(tmp);
		return rc;
	}
	close(fd);
	rc = get_blob(o, ref, digest, size, tmp, path, err);
	if (rc != CC_OK)
		unlink(tmp);
	free(tmp);
	return rc;
}

int cc_oci_pull_chart(cc_oci *o, const cc_oci_ref *ref, const char *path, char **manifest_digest, cc_error *err)
{
	if (manifest_digest)
		*manifest_digest = NULL;
	if (!ref->tag && !ref->digest)
		return cc_error_set(err, CC_EINVALID, NULL, 0, 0, "%s/%s: no tag or digest to pull", ref->registry,
				    ref->repository);
	cc_buf body = CC_BUF_INIT;
	int rc = cc_oci_get_manifest_(o, ref, &body, err);
	char *digest = rc == CC_OK ? cc_oci_digest_(body.ptr, body.len) : NULL;
	if (rc == CC_OK && ref->digest && strcmp(digest, ref->digest))
		rc = ref_error(ref, CC_EINVALID, err, "the manifest's digest is %s", digest);
	json_error_t je;
	json_t *m = rc == CC_OK ? json_loadb(body.ptr, body.len, 0, &je) : NULL;
	if (rc == CC_OK && !json_is_object(m))
		rc = ref_error(ref, CC_EINVALID, err, "the manifest is not a JSON object: %s", m ? "" : je.text);
	json_t *layer = NULL;
	if (rc == CC_OK)
		rc = cc_oci_chart_layer_(ref, m, &layer, err);
	if (rc == CC_OK)
		rc = download_layer(o, ref, layer, path, err);
	if (rc == CC_OK && manifest_digest)
		*manifest_digest = digest;
	else
		free(digest);
	json_decref(m);
	cc_buf_free(&body);
	return rc;
}
