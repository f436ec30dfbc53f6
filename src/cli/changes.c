/*
 * changes: which charts a set of changed paths touches, shared by
 * list-changed and check-version; see changes.h.
 */
#include "cli/changes.h"
#include "deps/deps.h"
#include "lock/lock.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Whether `path` (relative to the chart) is a file helm would package: neither it nor a parent ignored. */
int cc_cli_packaged(const cc_chart *c, const char *path)
{
	if (!c->ignore)
		return 1;
	char *p = cc_strdup(path);
	int ignored = 0;
	for (char *s = strchr(p, '/'); s && !ignored; s = strchr(s + 1, '/')) {
		*s = '\0';
		ignored = cc_ignore_match(c->ignore, p, 1);
		*s = '/';
	}
	ignored = ignored || cc_ignore_match(c->ignore, p, 0);
	free(p);
	return !ignored;
}

/* Whether a packaged file of the chart at rel (relative to the work tree) is among paths. */
int cc_cli_chart_changed(const cc_chart *c, const char *rel, const cc_strvec *paths)
{
	size_t k = strlen(rel);
	for (size_t j = 0; j < paths->n; j++) {
		const char *p = paths->v[j];
		int inside = k == 0 || (strncmp(p, rel, k) == 0 && p[k] == '/');
		if (inside && cc_cli_packaged(c, k ? p + k + 1 : p))
			return 1;
	}
	return 0;
}


/* The real paths of c's file:// dependencies (c at real path abs). */
static void file_deps(const cc_chart *c, const char *abs, cc_strvec *out)
{
	json_t *req = NULL;
	const cc_yaml_node *nodes;
	const char *file;
	cc_error err;
	if (!c || cc_lock_dependencies(c, &req, &nodes, &file, &err) != CC_OK)
		return;
	for (size_t d = 0; d < json_array_size(req); d++) {
		const char *repo = json_string_value(json_object_get(json_array_get(req, d), "repository"));
		if (!repo || strncmp(repo, "file://", 7) != 0)
			continue;
		char *dep = cc_deps_local_path(abs, repo);
		char *real = realpath(dep, NULL);
		if (real)
			cc_strvec_push_owned(out, real);
		free(dep);
	}
	json_decref(req);
}

/* cc_cli_chart_changed_with_deps at a depth of file:// dependencies. */
static int changed_in(const cc_chart *c, const char *abs, const char *wd, const cc_strvec *paths, int depth,
		      char **via)
{
	const char *rel = cc_path_under(abs, wd);
	if (!c || !rel)
		return 0;
	if (cc_cli_chart_changed(c, rel, paths)) {
		if (via && depth > 0 && !*via)
			*via = cc_strdup(*rel ? rel : ".");
		return 1;
	}
	/* a cycle of file:// dependencies ends here; helm refuses those charts anyway */
	if (depth > 16)
		return 0;
	cc_strvec deps = CC_STRVEC_INIT;
	file_deps(c, abs, &deps);
	int changed = 0;
	for (size_t d = 0; d < deps.n && !changed; d++) {
		cc_chart *dc = NULL;
		cc_chart_opts o = { .no_subcharts = 1 };
		cc_error err;
		if (cc_chart_load(&dc, deps.v[d], deps.v[d], &o, &err) == CC_OK)
			changed = changed_in(dc, deps.v[d], wd, paths, depth + 1, via);
		cc_chart_free(dc);
	}
	cc_strvec_free(&deps);
	return changed;
}

static void chart_dirs(const cc_chart *c, const char *abs, const char *wd, cc_strvec *out, int depth)
{
	const char *rel = cc_path_under(abs, wd);
	if (!c || !rel || cc_strvec_contains(out, rel) || depth > 16)
		return;
	cc_strvec_push(out, rel);
	cc_strvec deps = CC_STRVEC_INIT;
	file_deps(c, abs, &deps);
	for (size_t d = 0; d < deps.n; d++) {
		cc_chart *dc = NULL;
		cc_chart_opts o = { .no_subcharts = 1 };
		cc_error err;
		if (cc_chart_load(&dc, deps.v[d], deps.v[d], &o, &err) == CC_OK)
			chart_dirs(dc, deps.v[d], wd, out, depth + 1);
		cc_chart_free(dc);
	}
	cc_strvec_free(&deps);
}

int cc_cli_chart_changed_with_deps(const cc_chart *c, const char *abs, const char *wd, const cc_strvec *paths,
				   char **via)
{
	if (via)
		*via = NULL;
	return changed_in(c, abs, wd, paths, 0, via);
}

void cc_cli_chart_dirs(const cc_chart *c, const char *abs, const char *wd, cc_strvec *out)
{
	chart_dirs(c, abs, wd, out, 0);
}

/* ---- snapshots: the chart now, and as it was at a revision ---- */

static void add_files(const cc_chart *c, const char *prefix, const cc_strvec *names, cc_strvec *out)
{
	for (size_t i = 0; i < names->n; i++) {
		char *p = cc_asprintf("%s%s", prefix, names->v[i]);
		if (cc_cli_packaged(c, p))
			cc_strvec_push_owned(out, p);
		else
			free(p);
	}
}

/* Dependency names (aliases where set) of a dependencies list. */
static void dependency_names(const cc_yaml_node *list, cc_strvec *out)
{
	for (size_t i = 0; list && list->kind == CC_YAML_SEQ && i < list->nitems; i++) {
		const cc_yaml_node *a = cc_yaml_map_get_go(list->items[i], "alias");
		const cc_yaml_node *n = cc_yaml_map_get_go(list->items[i], "name");
		const cc_yaml_node *use = cc_yaml_is_string(a) && a->value[0] ? a : n;
		if (cc_yaml_is_string(use))
			cc_strvec_push(out, use->value);
	}
	cc_strvec_sort(out);
}

/* "name version" for each entry of a lock file. */
static void locked_entries(const cc_yaml_doc *lock, cc_strvec *out)
{
	const cc_yaml_node *deps = cc_yaml_map_get_go(lock ? cc_yaml_doc_root(lock) : NULL, "dependencies");
	for (size_t i = 0; deps && deps->kind == CC_YAML_SEQ && i < deps->nitems; i++) {
		const cc_yaml_node *n = cc_yaml_map_get_go(deps->items[i], "name");
		const cc_yaml_node *v = cc_yaml_map_get_go(deps->items[i], "version");
		if (cc_yaml_is_string(n) && v && v->kind == CC_YAML_SCALAR)
			cc_strvec_push_owned(out, cc_asprintf("%s %s", n->value, v->value));
	}
}

static json_t *yaml_json(const cc_yaml_doc *doc)
{
	json_t *j = NULL;
	cc_error err;
	const cc_yaml_node *root = doc ? cc_yaml_doc_root(doc) : NULL;
	if (root && cc_yaml_to_json(root, cc_yaml_doc_file(doc), &j, &err) != CC_OK)
		j = NULL;
	return j;
}

/* values.schema.json read as YAML, for the positions of what changed in it; NULL when it does not read. */
static cc_yaml_doc *schema_doc(const char *text, size_t len, const char *file)
{
	cc_yaml_doc *doc = NULL;
	cc_error err;
	if (cc_yaml_load(&doc, text, len, file, NULL, &err) != CC_OK)
		doc = NULL;
	return doc;
}

static const char *kube_version(const cc_yaml_doc *chart)
{
	const cc_yaml_node *k = cc_yaml_map_get_go(chart ? cc_yaml_doc_root(chart) : NULL, "kubeVersion");
	return cc_yaml_is_string(k) ? k->value : NULL;
}

void cc_cli_snapshot_now(const cc_chart *c, cc_chart_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->values = yaml_json(c->values);
	s->schema = json_incref(c->schema);
	s->api_version = c->api_version;
	s->dir = c->display;
	s->chart_doc = c->chartfile;
	s->values_doc = c->values;
	s->lock_doc = c->lock;
	s->kube_version = kube_version(c->chartfile);
	for (size_t i = 0; i < c->nfiles; i++)
		if (strncmp(c->files[i].name, "templates/", 10) == 0 || strncmp(c->files[i].name, "crds/", 5) == 0)
			cc_strvec_push(&s->files, c->files[i].name);
	cc_strvec_sort(&s->files);
	const cc_yaml_doc *deps = c->requirements ? c->requirements : c->chartfile;
	s->deps_doc = deps;
	dependency_names(cc_yaml_map_get_go(deps ? cc_yaml_doc_root(deps) : NULL, "dependencies"), &s->dependencies);
	locked_entries(c->lock, &s->locked);
	if (c->schema && !c->is_archive) {
		char *path = cc_path_join(c->dir, "values.schema.json");
		char *shown = cc_chart_display_path(c, "values.schema.json");
		cc_buf text = CC_BUF_INIT;
		cc_error err;
		if (cc_file_read(path, CC_CHART_MAX_FILE, &text, &err) == CC_OK)
			s->schema_doc = s->own[0] = schema_doc(text.ptr ? text.ptr : "", text.len, shown);
		cc_buf_free(&text);
		free(shown);
		free(path);
	}
}

/* A file of the chart at rev, loaded as YAML; NULL when absent or not YAML. */
static cc_yaml_doc *yaml_at(cc_git *g, const char *rev, const char *rel, const char *name)
{
	char *path = cc_path_join(rel, name);
	cc_buf text = CC_BUF_INIT;
	cc_yaml_doc *doc = NULL;
	cc_error err;
	if (cc_git_read(g, rev, path, CC_CHART_MAX_VALUES, &text, &err) != CC_OK ||
	    cc_yaml_load(&doc, text.ptr ? text.ptr : "", text.len, path, NULL, &err) != CC_OK)
		doc = NULL;
	cc_buf_free(&text);
	free(path);
	return doc;
}

int cc_cli_snapshot_at(cc_git *g, const char *rev, const char *rel, const cc_chart *now, cc_chart_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	cc_yaml_doc *chart = yaml_at(g, rev, rel, "Chart.yaml"), *values = yaml_at(g, rev, rel, "values.yaml");
	cc_yaml_doc *req = yaml_at(g, rev, rel, "requirements.yaml");
	cc_yaml_doc *lock = yaml_at(g, rev, rel, req ? "requirements.lock" : "Chart.lock");
	s->chart_doc = s->own[0] = chart;
	s->values_doc = s->own[1] = values;
	s->own[2] = req;
	s->lock_doc = s->own[3] = lock;
	s->deps_doc = req ? req : chart;
	s->dir = s->own_str[0] = cc_strdup(rel[0] ? rel : ".");
	const cc_yaml_node *av = cc_yaml_map_get_go(chart ? cc_yaml_doc_root(chart) : NULL, "apiVersion");
	s->api_version = s->own_str[1] = cc_strdup(cc_yaml_is_string(av) ? av->value : "v1");
	s->kube_version = kube_version(chart);
	s->values = yaml_json(values);
	char *schema = cc_path_join(rel, "values.schema.json");
	cc_buf text = CC_BUF_INIT;
	cc_error err;
	if (cc_git_read(g, rev, schema, CC_CHART_MAX_FILE, &text, &err) == CC_OK) {
		s->schema = json_loadb(text.ptr ? text.ptr : "", text.len, 0, NULL);
		s->schema_doc = s->own[4] = schema_doc(text.ptr ? text.ptr : "", text.len, schema);
	}
	static const char *const dirs[] = { "templates", "crds" };
	int rc = CC_OK;
	for (size_t i = 0; rc == CC_OK && i < 2; i++) {
		cc_strvec names = CC_STRVEC_INIT;
		char *dir = cc_path_join(rel, dirs[i]), *prefix = cc_asprintf("%s/", dirs[i]);
		rc = cc_git_list(g, rev, dir, &names, &err);
		add_files(now, prefix, &names, &s->files);
		cc_strvec_free(&names);
		free(dir);
		free(prefix);
	}
	cc_strvec_sort(&s->files);
	dependency_names(cc_yaml_map_get_go(s->deps_doc ? cc_yaml_doc_root(s->deps_doc) : NULL, "dependencies"),
			 &s->dependencies);
	locked_entries(lock, &s->locked);
	cc_buf_free(&text);
	free(schema);
	return chart ? CC_OK : CC_ENOTFOUND;
}
