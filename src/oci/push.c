/*
 * oci: pushing a chart as helm does (helm-formats 5.2): its annotations,
 * its manifest, the blobs a registry lacks, then the manifest by digest and
 * by tag. A blob goes up in one PUT, or, when it is larger than the chunk
 * size, in PATCH chunks (registries and proxies that bound a request body
 * take those). Every step is idempotent, so a push that failed half way is
 * completed by running it again; nothing is tagged until every blob the
 * manifest names is in the registry.
 */
#include "oci/oci_int.h"
#include "emit/emit.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int blank(const char *s)
{
	while (s && isspace((unsigned char)*s))
		s++;
	return !s || !*s;
}

static void annotate(json_t *a, const char *key, const char *value)
{
	if (!blank(value))
		json_object_set_new(a, key, json_string(value));
}

/* "Name (email), Name": the maintainers as helm lists them. */
static char *authors(const json_t *maintainers)
{
	cc_buf b = CC_BUF_INIT;
	size_t i;
	json_t *m;
	json_array_foreach(maintainers, i, m) {
		const char *name = json_string_value(json_object_get(m, "name"));
		const char *email = json_string_value(json_object_get(m, "email"));
		cc_buf_printf(&b, "%s%s", i ? ", " : "", name ? name : "");
		if (email && *email)
			cc_buf_printf(&b, " (%s)", email);
	}
	return b.ptr ? cc_buf_detach(&b) : cc_strdup("");
}

json_t *cc_oci_annotations(const json_t *md, const char *created)
{
	json_t *a = json_object();
	annotate(a, "org.opencontainers.image.description", json_string_value(json_object_get(md, "description")));
	annotate(a, "org.opencontainers.image.title", json_string_value(json_object_get(md, "name")));
	annotate(a, "org.opencontainers.image.version", json_string_value(json_object_get(md, "version")));
	annotate(a, "org.opencontainers.image.url", json_string_value(json_object_get(md, "home")));
	annotate(a, "org.opencontainers.image.created", created);
	annotate(a, "org.opencontainers.image.source",
	    json_string_value(json_array_get(json_object_get(md, "sources"), 0)));
	char *who = authors(json_object_get(md, "maintainers"));
	annotate(a, "org.opencontainers.image.authors", who);
	free(who);
	const char *key;
	json_t *v;
	json_object_foreach(json_object_get(md, "annotations"), key, v) {
		/* the chart may not rename or re-version itself in the registry */
		if (strcmp(key, "org.opencontainers.image.title") != 0 &&
		    strcmp(key, "org.opencontainers.image.version") != 0 && json_is_string(v))
			json_object_set(a, key, v);
	}
	json_t *sorted = cc_emit_sort_keys(a); /* a Go map: keys in byte order */
	json_decref(a);
	return sorted;
}

static json_t *descriptor(const char *media, const void *data, size_t len)
{
	char *digest = cc_oci_digest_(data, len);
	json_t *d = json_pack("{s:s, s:s, s:I}", "mediaType", media, "digest", digest, "size", (json_int_t)len);
	free(digest);
	return d;
}

static int by_digest(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a, "digest"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b, "digest"));
	return strcmp(x, y);
}

int cc_oci_manifest(const cc_oci_artifact *a, cc_buf *out, cc_error *err)
{
	json_t *layers[2] = { descriptor(CC_OCI_MEDIA_HELM_CHART, a->chart, a->chart_len), NULL };
	size_t n = 1;
	if (a->prov)
		layers[n++] = descriptor(CC_OCI_MEDIA_HELM_PROV, a->prov, a->prov_len);
	qsort(layers, n, sizeof(layers[0]), by_digest);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, layers[i]);
	json_t *m = json_pack("{s:i, s:o, s:o}", "schemaVersion", 2, "config",
			      descriptor(CC_OCI_MEDIA_HELM_CONFIG, a->config, a->config_len), "layers", arr);
	if (a->annotations && json_object_size(a->annotations))
		json_object_set(m, "annotations", (json_t *)a->annotations);
	int rc = cc_emit_json(m, out, err);
	json_decref(m);
	return rc;
}

/* ---- published ---- */

int cc_oci_published(cc_oci *o, const cc_oci_ref *ref, char **chart_digest, char **manifest_digest, cc_error *err)
{
	cc_buf body = CC_BUF_INIT;
	*chart_digest = NULL;
	if (manifest_digest)
		*manifest_digest = NULL;
	int rc = cc_oci_get_manifest_(o, ref, &body, err);
	json_t *m = rc == CC_OK ? json_loadb(body.ptr ? body.ptr : "", body.len, 0, NULL) : NULL;
	json_t *layer = NULL;
	if (rc == CC_OK && !m)
		rc = cc_error_set(err, CC_EINVALID, NULL, 0, 0, "%s/%s:%s: the registry's manifest is not JSON",
				  ref->registry, ref->repository, ref->tag);
	if (rc == CC_OK)
		rc = cc_oci_chart_layer_(ref, m, &layer, err);
	if (rc == CC_OK) {
		*chart_digest = cc_strdup(json_string_value(json_object_get(layer, "digest")));
		if (manifest_digest)
			*manifest_digest = cc_oci_digest_(body.ptr, body.len);
	}
	json_decref(m);
	cc_buf_free(&body);
	return rc;
}

/* ---- blobs ---- */

typedef struct target {
	cc_oci *o;
	const cc_oci_ref *ref;
	const cc_oci_artifact *a;
	int show;      /* this blob's upload is shown (the chart layer) */
} target;

static int request(const target *t, cc_http_req *req, cc_http_resp *r, cc_error *err)
{
	if (t->show && t->a->progress && req->body_len > 0) {
		req->progress = t->a->progress;
		req->progress_ctx = t->a->progress_ctx;
	}
	return cc_oci_request_as_(t->o, t->ref->registry, t->ref->repository, "pull,push", req, r, err);
}

/* 1 when the registry has the blob, 0 when not. */
static int has_blob(const target *t, const char *digest, cc_error *err)
{
	char *rest = cc_asprintf("blobs/%s", digest);
	char *url = cc_oci_url_(t->o, t->ref->registry, t->ref->repository, rest);
	cc_http_req req = { .method = "HEAD", .url = url };
	cc_http_resp r;
	int rc = request(t, &req, &r, err);
	if (rc == CC_OK)
		rc = r.status == 200 ? 1 : r.status == 404 ? 0 : cc_oci_status_error_("HEAD", url, &r, err);
	cc_http_resp_free(&r);
	free(url);
	free(rest);
	return rc;
}

/* POST .../blobs/uploads/: the upload's URL (the Location answered). */
static int start_upload(const target *t, char **location, cc_error *err)
{
	char *url = cc_oci_url_(t->o, t->ref->registry, t->ref->repository, "blobs/uploads/");
	cc_http_req req = { .method = "POST", .url = url };
	cc_http_resp r;
	int rc = request(t, &req, &r, err);
	if (rc == CC_OK && (r.status != 202 || !r.location))
		rc = cc_oci_status_error_("POST", url, &r, err);
	if (rc == CC_OK)
		*location = cc_strdup(r.location);
	cc_http_resp_free(&r);
	free(url);
	return rc;
}

/*
 * PATCH one chunk to the upload at *location, which moves on to the one the
 * registry answers. *status: the failed answer's status, -1 for none.
 */
static int send_chunk(const target *t, char **location, const unsigned char *data, size_t from, size_t len,
		      long *status, cc_error *err)
{
	char range[80];
	snprintf(range, sizeof(range), "Content-Range: %zu-%zu", from, from + len - 1);
	const char *hdr[] = { "Content-Type: application/octet-stream", range, NULL };
	cc_http_req req = { .method = "PATCH", .url = *location, .headers = hdr, .body = data + from, .body_len = len };
	cc_http_resp r;
	int rc = request(t, &req, &r, err);
	*status = rc == CC_OK ? r.status : -1;
	if (rc == CC_OK && (r.status != 202 || !r.location))
		rc = cc_oci_status_error_("PATCH", *location, &r, err);
	if (rc == CC_OK) {
		free(*location);
		*location = cc_strdup(r.location);
	}
	cc_http_resp_free(&r);
	return rc;
}

/* PUT data to url: a blob's last part (201 Created) or a manifest. */
static int put(const target *t, const char *url, const char *content_type, const void *data, size_t len,
	       cc_error *err)
{
	char *ct = cc_asprintf("Content-Type: %s", content_type);
	const char *hdr[] = { ct, NULL };
	cc_http_req req = { .method = "PUT", .url = url, .headers = hdr, .body = data, .body_len = len };
	cc_http_resp r;
	int rc = request(t, &req, &r, err);
	if (rc == CC_OK && r.status != 201)
		rc = cc_oci_status_error_("PUT", url, &r, err);
	cc_http_resp_free(&r);
	free(ct);
	return rc;
}

/* PUT <location>?digest=...: the rest of the blob (all of it for a monolithic upload), which closes it. */
static int finish_upload(const target *t, const char *location, const char *digest, const void *data, size_t len,
			 cc_error *err)
{
	char *url = cc_asprintf("%s%sdigest=sha256%%3A%s", location, strchr(location, '?') ? "&" : "?", digest + 7);
	int rc = put(t, url, "application/octet-stream", data, len, err);
	/* The PUT may have closed the upload with its answer lost, so that its
	 * retry finds the upload gone: the registry holds the blob all the same. */
	if (rc != CC_OK && has_blob(t, digest, NULL) == 1) {
		cc_error_clear(err);
		rc = CC_OK;
	}
	free(url);
	return rc;
}

/*
 * One upload of data from its start: chunks while more than one is left,
 * then the closing PUT. *chunk_status: a failed chunk's answer (-1 for
 * none), 0 when no chunk failed.
 */
static int upload(const target *t, const char *digest, const void *data, size_t len, long *chunk_status,
		  cc_error *err)
{
	char *location = NULL;
	size_t chunk = t->o->chunk_size, sent = 0;
	int rc = start_upload(t, &location, err);
	*chunk_status = 0;
	while (rc == CC_OK && chunk && len - sent > chunk) {
		rc = send_chunk(t, &location, data, sent, chunk, chunk_status, err);
		sent += chunk;
	}
	if (rc == CC_OK) {
		*chunk_status = 0;
		rc = finish_upload(t, location, digest, (const unsigned char *)data + sent, len - sent, err);
	}
	free(location);
	return rc;
}

static int push_blob(const target *t, const void *data, size_t len, cc_error *err)
{
	char *digest = cc_oci_digest_(data, len);
	long chunk_status = 0;
	int rc = has_blob(t, digest, err);
	if (rc == 0)
		rc = upload(t, digest, data, len, &chunk_status, err);
	/*
	 * A chunk whose answer was lost is sent again by the transport, and the
	 * registry, which took it the first time, refuses it at that offset:
	 * the upload cannot go on. A new one from the start can, once; refused
	 * credentials would be refused again.
	 */
	if (rc < 0 && chunk_status != 0 && chunk_status != 401 && chunk_status != 403) {
		cc_error_clear(err);
		rc = upload(t, digest, data, len, &chunk_status, err);
	}
	free(digest);
	return rc == 1 ? CC_OK : rc;
}

static int put_manifest(const target *t, const char *reference, const cc_buf *m, cc_error *err)
{
	char *rest = cc_asprintf("manifests/%s", reference);
	char *url = cc_oci_url_(t->o, t->ref->registry, t->ref->repository, rest);
	int rc = put(t, url, CC_OCI_MEDIA_MANIFEST, m->ptr, m->len, err);
	free(url);
	free(rest);
	return rc;
}

int cc_oci_push(cc_oci *o, const cc_oci_ref *ref, const cc_oci_artifact *a, char **manifest_digest, cc_error *err)
{
	target t = { o, ref, a, 0 };
	cc_buf m = CC_BUF_INIT;
	char *tag = cc_strdup(ref->tag ? ref->tag : "");
	for (char *p = tag; *p; p++)
		if (*p == '+')
			*p = '_';
	int rc = tag[0] ? CC_OK
			: cc_error_set(err, CC_EINVALID, NULL, 0, 0, "%s/%s: a push needs a tag", ref->registry,
				       ref->repository);
	if (rc == CC_OK)
		rc = cc_oci_manifest(a, &m, err);
	if (rc == CC_OK)
		rc = push_blob(&t, a->config, a->config_len, err);
	t.show = 1;
	if (rc == CC_OK)
		rc = push_blob(&t, a->chart, a->chart_len, err);
	t.show = 0;
	if (rc == CC_OK && a->prov)
		rc = push_blob(&t, a->prov, a->prov_len, err);
	char *digest = rc == CC_OK ? cc_oci_digest_(m.ptr, m.len) : NULL;
	if (rc == CC_OK)
		rc = put_manifest(&t, digest, &m, err);
	if (rc == CC_OK)
		rc = put_manifest(&t, tag, &m, err);
	if (rc == CC_OK && manifest_digest)
		*manifest_digest = digest;
	else
		free(digest);
	free(tag);
	cc_buf_free(&m);
	return rc;
}
