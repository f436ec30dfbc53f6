/*
 * publish: to an OCI registry. The tag is the version ('+' as '_'); what a
 * tag already holds is compared by its chart layer's digest, so a chart
 * pushed before (by chartci or by helm, whatever its manifest annotations
 * said) with the same archive is already published.
 */
#include "publish/publish_int.h"
#include "emit/emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ref_of(const char *target, const cc_publish_chart *c, cc_oci_ref *ref, cc_error *err)
{
	size_t n = strlen(target);
	while (n > 0 && target[n - 1] == '/')
		n--;
	char *s = cc_asprintf("%.*s/%s:%s", (int)n, target, c->name, c->version);
	int rc = cc_oci_ref_parse(s, ref, err);
	if (rc == CC_OK && ref->digest)
		rc = cc_error_set(err, CC_EINVALID, NULL, 0, 0, "%s: publish to a repository, not a digest", target);
	free(s);
	return rc;
}

/* helm's annotations, created being when the chart was made (the archive's entry time). */
static json_t *annotations(const cc_publish_chart *c, cc_error *err)
{
	char created[CC_EMIT_TIME_MAX];
	if (cc_emit_go_time(c->mtime, 0, created, sizeof(created), err) != CC_OK)
		return NULL;
	return cc_oci_annotations(c->metadata, created);
}

/* CC_OK to go on and push; 1 when the same archive is there; an error when another one is. */
static int compare(const cc_publish_opts *o, const cc_oci_ref *ref, const cc_publish_chart *c, const char *where,
		   cc_error *err)
{
	char *have = NULL, *manifest = NULL;
	int rc = cc_oci_published(o->oci, ref, &have, &manifest, err);
	if (rc == CC_ENOTFOUND)
		return CC_OK;
	if (rc != CC_OK)
		return rc;
	char *want = cc_asprintf("sha256:%s", c->sha256);
	if (strcmp(have, want) == 0)
		rc = 1;
	else if (!o->force)
		rc = cc_error_set(err, CC_EEXIST, c->path, 0, 0,
				  "%s is already published with another archive (%s, this one is %s); a release is "
				  "never overwritten: raise the version (--force replaces it)", where, have, want);
	free(want);
	free(have);
	free(manifest);
	return rc;
}

int cc_publish_oci(const char *target, const cc_publish_chart *c, const cc_publish_opts *o, cc_publish_result *r,
		   cc_error *err)
{
	cc_oci_ref ref;
	memset(&ref, 0, sizeof(ref));
	json_t *ann = NULL;
	cc_buf config = CC_BUF_INIT;
	int rc = ref_of(target, c, &ref, err);
	if (rc == CC_OK) {
		r->where = cc_asprintf("oci://%s/%s:%s", ref.registry, ref.repository, ref.tag);
		rc = compare(o, &ref, c, r->where, err);
	}
	if (rc == 1) {
		r->outcome = CC_PUBLISH_ALREADY;
		r->digest = cc_asprintf("sha256:%s", c->sha256);
		rc = CC_OK;
	} else if (rc == CC_OK && o->dry_run) {
		r->outcome = CC_PUBLISH_WOULD;
	} else if (rc == CC_OK && (ann = annotations(c, err)) && (rc = cc_emit_json(c->metadata, &config, err)) == CC_OK) {
		cc_oci_artifact a = { config.ptr, config.len, c->data, c->len, c->prov, c->prov_len, ann, o->progress,
				      o->progress_ctx };
		rc = cc_oci_push(o->oci, &ref, &a, &r->digest, err);
		r->outcome = CC_PUBLISH_PUSHED;
	} else if (rc == CC_OK) {
		rc = err->code;
	}
	json_decref(ann);
	cc_buf_free(&config);
	cc_oci_ref_free(&ref);
	return rc;
}
