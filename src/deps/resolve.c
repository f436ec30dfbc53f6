/*
 * resolve: a chart's dependencies to versions, as helm's resolver picks
 * them (../shared/reference/helm-formats.md §1.5), so that the lock
 * chartci writes is the lock `helm dependency update` would write.
 *
 * Where versions come from is the caller's (cc_deps_sources): this file
 * only applies helm's rules to what is on offer, and says, when nothing
 * matches, what was on offer, which helm does not.
 */
#include "deps/deps.h"
#include "chart/chart.h"
#include "semver/semver.h"

#include <string.h>

#define NEAREST_SHOWN 5

static const char *str(const json_t *dep, const char *key)
{
	const char *s = json_string_value(json_object_get(dep, key));
	return s ? s : "";
}

static json_t *entry(const char *name, const char *version, const char *repository)
{
	/* helm's Dependency struct order, which the lock digest hashes */
	json_t *e = json_object();
	json_object_set_new(e, "name", json_string(name));
	json_object_set_new(e, "version", json_string(version));
	json_object_set_new(e, "repository", json_string(repository));
	return e;
}

static void add_missing(cc_deps_result *res, size_t i, const json_t *d, const char *offer_kind,
			const cc_strvec *offer)
{
	cc_buf b = CC_BUF_INIT;
	cc_buf_printf(&b, "can't get a valid version for \"%s\" (repository \"%s\", version \"%s\"); %s: ",
		      str(d, "name"), str(d, "repository"), str(d, "version"), offer_kind);
	for (size_t k = 0; k < offer->n && k < NEAREST_SHOWN; k++)
		cc_buf_printf(&b, "%s%s", k ? ", " : "", offer->v[k]);
	if (offer->n == 0)
		cc_buf_puts(&b, "none");
	else if (offer->n > NEAREST_SHOWN)
		cc_buf_printf(&b, " (%zu more)", offer->n - NEAREST_SHOWN);
	res->missing = cc_realloc(res->missing, (res->nmissing + 1) * sizeof(*res->missing));
	res->missing[res->nmissing].index = i;
	res->missing[res->nmissing].message = cc_buf_detach(&b);
	res->nmissing++;
}

char *cc_deps_local_path(const char *chart_dir, const char *repository)
{
	const char *p = repository + (strncmp(repository, "file://", 7) == 0 ? 7 : 0);
	return p[0] == '/' ? cc_strdup(p) : cc_path_join(chart_dir, p);
}

/* The file:// dependency's directory, which must exist. */
static char *local_path(const char *chart_dir, const char *repo, cc_error *err, const char *name)
{
	char *path = cc_deps_local_path(chart_dir, repo);
	if (!cc_path_exists(path)) {
		cc_error_set(err, CC_ENOTFOUND, NULL, 0, 0, "dependency \"%s\": directory %s not found", name, path);
		free(path);
		return NULL;
	}
	return path;
}

/* The newest of `offer` (newest first) that parses and satisfies c, or NULL. */
static const char *first_match(const cc_constraint *c, const cc_strvec *offer)
{
	for (size_t k = 0; k < offer->n; k++) {
		cc_semver v;
		cc_error e;
		if (cc_semver_parse(&v, offer->v[k], &e) != CC_OK)
			continue;
		int ok = cc_constraint_check(c, &v, 0);
		cc_semver_free(&v);
		if (ok)
			return offer->v[k];
	}
	return NULL;
}

static int resolve_file(const char *chart_dir, size_t i, const json_t *d, const cc_constraint *c,
			cc_deps_result *res, cc_error *err)
{
	const char *name = str(d, "name"), *repo = str(d, "repository");
	char *path = local_path(chart_dir, repo, err, name);
	if (!path)
		return err->code;
	cc_chart *ch = NULL;
	cc_chart_opts o = { .no_subcharts = 1 };
	int rc = cc_chart_load(&ch, path, path, &o, err);
	free(path);
	if (rc == CC_OK && !ch->version)
		rc = cc_error_set(err, CC_EINVALID, NULL, 0, 0, "dependency \"%s\": %s has no version", name, repo);
	if (rc != CC_OK) {
		cc_chart_free(ch);
		return rc;
	}
	cc_strvec offer = CC_STRVEC_INIT;
	cc_strvec_push(&offer, ch->version);
	if (first_match(c, &offer))
		json_array_append_new(res->locked, entry(name, ch->version, repo));
	else {
		json_array_append_new(res->locked, entry(name, "", repo));
		add_missing(res, i, d, "the local chart's version", &offer);
	}
	cc_strvec_free(&offer);
	cc_chart_free(ch);
	return CC_OK;
}

/* An exact OCI version is used as written, with no registry call (helm does the same). */
static int exact_version(const char *text)
{
	cc_semver v;
	cc_error e;
	if (cc_semver_parse(&v, text, &e) != CC_OK)
		return 0;
	cc_semver_free(&v);
	return 1;
}

static int list_versions(const cc_deps_sources *src, const json_t *d, cc_strvec *offer, cc_error *err)
{
	const char *name = str(d, "name"), *repo = str(d, "repository");
	int oci = strncmp(repo, "oci://", 6) == 0;
	if (oci ? !src || !src->oci_tags : !src || !src->index_versions)
		return cc_error_set(err, CC_ENOTFOUND, NULL, 0, 0,
				    "dependency \"%s\": %s cannot be reached (offline)", name, repo);
	int rc = oci ? src->oci_tags(src->ctx, repo, name, offer, err)
		     : src->index_versions(src->ctx, repo, name, offer, err);
	if (rc == CC_ENOTFOUND && !oci)
		return cc_error_set(err, rc, NULL, 0, 0, "%s chart not found in repo %s", name, repo);
	return rc;
}

static int resolve_one(const char *chart_dir, const cc_deps_sources *src, size_t i, const json_t *d,
		       cc_deps_result *res, cc_error *err)
{
	const char *name = str(d, "name"), *repo = str(d, "repository"), *want = str(d, "version");
	if (!repo[0]) {
		char *rel = cc_path_join("charts", name);
		char *p = local_path(chart_dir, rel, err, name);
		free(rel);
		if (!p)
			return err->code;
		free(p);
		json_array_append_new(res->locked, entry(name, want, ""));
		return CC_OK;
	}
	cc_constraint c;
	cc_error cerr;
	if (cc_constraint_parse(&c, want, &cerr) != CC_OK)
		return cc_error_set(err, CC_EINVALID, NULL, 0, 0,
				    "dependency \"%s\" has an invalid version/constraint format: %s", name, cerr.msg);
	int rc = CC_OK;
	if (strncmp(repo, "file://", 7) == 0) {
		rc = resolve_file(chart_dir, i, d, &c, res, err);
	} else if (strncmp(repo, "oci://", 6) == 0 && exact_version(want)) {
		json_array_append_new(res->locked, entry(name, want, repo));
	} else {
		cc_strvec offer = CC_STRVEC_INIT;
		rc = list_versions(src, d, &offer, err);
		const char *pick = rc == CC_OK ? first_match(&c, &offer) : NULL;
		if (rc == CC_OK)
			json_array_append_new(res->locked, entry(name, pick ? pick : "", repo));
		if (rc == CC_OK && !pick)
			add_missing(res, i, d, "available versions", &offer);
		cc_strvec_free(&offer);
	}
	cc_constraint_free(&c);
	return rc;
}

int cc_deps_resolve(const char *chart_dir, const json_t *req, const cc_deps_sources *src,
		    cc_deps_result *res, cc_error *err)
{
	memset(res, 0, sizeof(*res));
	res->locked = json_array();
	for (size_t i = 0; i < json_array_size(req); i++) {
		int rc = resolve_one(chart_dir, src, i, json_array_get(req, i), res, err);
		if (rc != CC_OK) {
			cc_deps_result_free(res);
			res->failed = i + 1;
			return rc;
		}
	}
	return CC_OK;
}

void cc_deps_result_free(cc_deps_result *res)
{
	json_decref(res->locked);
	for (size_t i = 0; i < res->nmissing; i++)
		free(res->missing[i].message);
	free(res->missing);
	memset(res, 0, sizeof(*res));
}
