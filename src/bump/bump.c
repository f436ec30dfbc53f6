/*
 * bump: a chart's next version in its own Chart.yaml; see bump.h.
 */
#include "bump/bump.h"
#include "chart/chart.h"
#include "edit/edit.h"
#include "yaml/yaml.h"

#include <string.h>

static int next_version(const cc_yaml_node *v, const char *file, const cc_bump_opts *o, char **out, cc_error *err)
{
	cc_semver cur, next;
	cc_error e;
	if (!v || !cc_yaml_is_string(v) || cc_semver_parse(&cur, v->value, &e) != CC_OK)
		return cc_error_set(err, CC_EINVALID, file, v ? v->line : 1, v ? v->col : 1,
				    "version %s%s%s is not a version helm reads; fix it by hand first",
				    v ? "\"" : "", v ? v->value : "(missing)", v ? "\"" : "");
	cc_semver_bump_opts bo = { .part = o->part, .prerelease = o->prerelease, .finalize = o->finalize };
	int rc = o->set_version ? cc_semver_parse(&next, o->set_version, err)
				: cc_semver_bump(&next, &cur, &bo, err);
	if (rc == CC_OK && o->set_version && cc_semver_compare(&next, &cur) <= 0) {
		cc_semver_free(&next);
		rc = cc_error_set(err, CC_EINVALID, NULL, 0, 0, "%s is not above %s", o->set_version, v->value);
	}
	if (rc != CC_OK) {
		cc_semver_free(&cur);
		return cc_error_set(err, rc, file, v->line, v->col, "%s", err->msg);
	}
	char *text = cc_semver_string(&next);
	/* a v prefix stays, as the author wrote it */
	*out = cc_semver_has_v(&cur) && text[0] != 'v' ? cc_asprintf("v%s", text) : cc_strdup(text);
	free(text);
	cc_semver_free(&cur);
	cc_semver_free(&next);
	return CC_OK;
}

/* Every field but version and appVersion, as JSON, to compare before and after. */
static json_t *other_fields(const cc_yaml_node *root, const char *file)
{
	json_t *j = NULL;
	cc_error err;
	if (!root || cc_yaml_to_json(root, file, &j, &err) != CC_OK)
		return NULL;
	const cc_yaml_pair *p;
	for (const char *const *k = (const char *const[]){ "version", "appVersion", NULL }; *k; k++)
		if ((p = cc_yaml_map_get_go_pair(root, *k)))
			json_object_del(j, p->key->value);
	return j;
}

/* The new text must read back to the new version and the same everything else. */
static int verify(const cc_yaml_node *old_root, const cc_bump_result *r, const char *file, const cc_bump_opts *o,
		  cc_error *err)
{
	cc_yaml_doc *doc = NULL;
	int rc = cc_yaml_load(&doc, r->text.ptr, r->text.len, file, NULL, err);
	const cc_yaml_node *root = rc == CC_OK ? cc_yaml_doc_root(doc) : NULL;
	const cc_yaml_node *v = cc_yaml_map_get_go(root, "version");
	const cc_yaml_node *a = cc_yaml_map_get_go(root, "appVersion");
	json_t *before = other_fields(old_root, file), *after = other_fields(root, file);
	int ok = v && cc_yaml_is_string(v) && strcmp(v->value, r->new_version) == 0 && before && after &&
		 json_equal(before, after) &&
		 (!o->app_version || (a && cc_yaml_is_string(a) && strcmp(a->value, o->app_version) == 0));
	if (rc == CC_OK && !ok)
		rc = cc_error_set(err, CC_ERROR, file, r->line, 0, "the edited file does not read back as intended; nothing written");
	json_decref(before);
	json_decref(after);
	cc_yaml_doc_free(doc);
	return rc;
}

static int edit(const cc_yaml_doc *doc, const cc_yaml_node *root, const char *file, const cc_bump_opts *o,
		cc_bump_result *r, cc_error *err)
{
	const cc_yaml_pair *vp = cc_yaml_map_get_go_pair(root, "version");
	const cc_yaml_node *app = cc_yaml_map_get_go(root, "appVersion");
	cc_edit e[2] = { { .node = vp->value, .value = r->new_version } };
	size_t n = 1;
	if (o->app_version && app)
		e[n++] = (cc_edit){ .node = app, .value = o->app_version };
	else if (o->app_version)
		e[n++] = (cc_edit){ .after = vp, .key = "appVersion", .value = o->app_version };
	size_t len = 0;
	const char *text = cc_yaml_doc_text(doc, &len);
	return cc_edit_apply(text, len, file, e, n, &r->text, err);
}

int cc_bump_chartfile(const char *path, const cc_bump_opts *o, cc_bump_result *r, cc_error *err)
{
	cc_yaml_doc *doc = NULL;
	memset(r, 0, sizeof(*r));
	int rc = cc_yaml_load_file(&doc, path, CC_CHART_MAX_FILE, NULL, err);
	const cc_yaml_node *root = rc == CC_OK ? cc_yaml_doc_root(doc) : NULL;
	if (rc == CC_OK && (!root || root->kind != CC_YAML_MAP))
		rc = cc_error_set(err, CC_EINVALID, path, 1, 1, "Chart.yaml is not a mapping");
	const cc_yaml_node *v = rc == CC_OK ? cc_yaml_map_get_go(root, "version") : NULL;
	const cc_yaml_node *app = rc == CC_OK ? cc_yaml_map_get_go(root, "appVersion") : NULL;
	if (rc == CC_OK)
		rc = next_version(v, path, o, &r->new_version, err);
	if (rc == CC_OK) {
		r->old_version = cc_strdup(v->value);
		r->old_app_version = app && app->kind == CC_YAML_SCALAR ? cc_strdup(app->value) : NULL;
		r->line = v->line;
		rc = edit(doc, root, path, o, r, err);
	}
	if (rc == CC_OK)
		rc = verify(root, r, path, o, err);
	cc_yaml_doc_free(doc);
	if (rc != CC_OK)
		cc_bump_result_free(r);
	return rc;
}

void cc_bump_result_free(cc_bump_result *r)
{
	free(r->old_version);
	free(r->new_version);
	free(r->old_app_version);
	cc_buf_free(&r->text);
	memset(r, 0, sizeof(*r));
}
