/*
 * publish: to a ChartMuseum-compatible API (chartmuseum+https://host/path),
 * which keeps its index itself: the archive is POSTed to /api/charts and
 * its provenance to /api/prov. What is already there is asked first
 * (GET /api/charts/<name>/<version>, whose digest is the archive's
 * sha256), so a re-run is "already published" and another archive under
 * the version is refused before anything is sent; a 409 on the POST (a
 * publisher that came between) is judged the same way.
 */
#include "publish/publish_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct museum {
	const cc_publish_opts *o;
	const cc_publish_chart *c;
	char *base;     /* the API's root, without the scheme's "chartmuseum+" and a trailing '/' */
} museum;

static int request(const museum *M, const char *method, const char *url, const char *const *hdr, const void *body,
		   size_t len, cc_http_resp *r, cc_error *err)
{
	cc_http_req req = { .method = method, .url = url, .headers = hdr, .auth = M->o->auth, .body = body,
			    .body_len = len };
	return cc_http_do(M->o->http, &req, r, err);
}

static int fail(const char *method, const char *url, const cc_http_resp *r, cc_error *err)
{
	char *u = cc_http_redact(url);
	int rc = cc_error_set(err, CC_EIO, NULL, 0, 0, "%s %s: %ld%s", method, u, r->status,
			      r->status == 401 || r->status == 403 ? " (check the repository credentials)" : "");
	free(u);
	return rc;
}

/* CC_OK when the version is not there, 1 when it holds this archive, else CC_EEXIST (unless force). */
static int judge(const museum *M, cc_error *err)
{
	char *url = cc_asprintf("%s/api/charts/%s/%s", M->base, M->c->name, M->c->version);
	cc_http_resp r;
	int rc = request(M, "GET", url, NULL, NULL, 0, &r, err);
	char *have = rc == CC_OK && r.status == 200 ? cc_publish_museum_digest_(r.body.ptr, r.body.len) : NULL;
	if (rc == CC_OK && r.status == 404)
		rc = CC_OK;
	else if (rc == CC_OK && r.status != 200)
		rc = fail("GET", url, &r, err);
	else if (rc == CC_OK && have && strcmp(have, M->c->sha256) == 0)
		rc = 1;
	else if (rc == CC_OK && !M->o->force)
		rc = cc_error_set(err, CC_EEXIST, M->c->path, 0, 0,
				  "%s %s is already published in %s with another archive (sha256:%s, this one is "
				  "sha256:%s); a release is never overwritten: raise the version (--force replaces it)",
				  M->c->name, M->c->version, M->base, have ? have : "unknown", M->c->sha256);
	free(have);
	cc_http_resp_free(&r);
	free(url);
	return rc;
}

char *cc_publish_museum_digest_(const char *body, size_t len)
{
	json_t *v = json_loadb(body ? body : "", len, 0, NULL);
	const char *d = json_string_value(json_object_get(v, "digest"));
	char *out = d ? cc_strdup(d) : NULL;
	json_decref(v);
	return out;
}

/* POST what to /api/<kind>: 1 saved, 0 refused as already there (409), or an error. */
static int post(const museum *M, const char *kind, const void *data, size_t len, cc_error *err)
{
	char *url = cc_asprintf("%s/api/%s%s", M->base, kind, M->o->force ? "?force" : "");
	const char *hdr[] = { "Content-Type: application/octet-stream", NULL };
	cc_http_resp r;
	int rc = request(M, "POST", url, hdr, data, len, &r, err);
	if (rc == CC_OK)
		rc = r.status == 201 || r.status == 200 ? 1 : r.status == 409 ? 0 : fail("POST", url, &r, err);
	cc_http_resp_free(&r);
	free(url);
	return rc;
}

static int send_chart(const museum *M, cc_publish_result *res, cc_error *err)
{
	int rc = post(M, "charts", M->c->data, M->c->len, err);
	if (rc == 0) {
		/* someone published this version between our look and our POST: judged as if first seen */
		int j = judge(M, err);
		if (j == 1)
			res->outcome = CC_PUBLISH_ALREADY;
		return j == 1 ? CC_OK : j < 0 ? j
				       : cc_error_set(err, CC_EEXIST, M->c->path, 0, 0, "%s %s was published in %s "
						      "meanwhile", M->c->name, M->c->version, M->base);
	}
	if (rc > 0 && M->c->prov)
		rc = post(M, "prov", M->c->prov, M->c->prov_len, err); /* 0: already there, kept */
	if (rc >= 0)
		res->outcome = CC_PUBLISH_PUSHED;
	return rc < 0 ? rc : CC_OK;
}

int cc_publish_museum(const char *target, const cc_publish_chart *c, const cc_publish_opts *o, cc_publish_result *res,
		      cc_error *err)
{
	museum M = { o, c, NULL };
	const char *url = target + strlen("chartmuseum+");
	size_t n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	M.base = cc_strndup(url, n);
	res->where = cc_asprintf("%s/charts/%s-%s.tgz", M.base, c->name, c->version);
	char *shown = cc_http_redact(res->where);
	free(res->where);
	res->where = shown;
	res->digest = cc_asprintf("sha256:%s", c->sha256);
	int rc = judge(&M, err);
	if (rc == 1) {
		res->outcome = CC_PUBLISH_ALREADY;
		rc = CC_OK;
	} else if (rc == CC_OK && o->dry_run) {
		res->outcome = CC_PUBLISH_WOULD;
	} else if (rc == CC_OK) {
		rc = send_chart(&M, res, err);
	}
	free(M.base);
	return rc;
}
