/*
 * crds: helm lint v4's rule on crds/ (pkg/chart/v2/lint/rules/crds.go):
 * crds/ must be a directory, and every document of every YAML or JSON file
 * in crds/ (.yaml, .yml, .json), in the chart and its subcharts, must parse and be a
 * CustomResourceDefinition of apiextensions.k8s.io. helm installs these
 * files as they are, before anything else, so a template or a stray
 * manifest here breaks installs.
 *
 * helm decodes each document through JSON into a struct, so a document
 * that is not a mapping, or an apiVersion or kind that is not a scalar, is
 * a parse error, and keys match in any case (`Kind:` is kind). Unlike
 * helm, which stops at the first file that does not parse, every file is
 * checked.
 */
#include "lint/lint_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CRD_MAX_SIZE ((size_t)5 * 1024 * 1024)

static int is_crd_file(const char *name)
{
	if (strncmp(name, "crds/", 5) != 0)
		return 0;
	const char *dot = strrchr(name, '.');
	return dot && (!strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml") || !strcasecmp(dot, ".json"));
}

/* What helm's decoding into {apiVersion, kind} strings refuses, or NULL. */
static const cc_yaml_node *undecodable(const cc_yaml_node *doc, const char **what)
{
	static const char *const fields[] = { "apiVersion", "kind" };
	*what = "the document";
	if (doc->kind != CC_YAML_MAP)
		return doc;
	for (size_t i = 0; i < 2; i++) {
		const cc_yaml_node *v = cc_yaml_map_get_go(doc, fields[i]);
		*what = fields[i];
		if (v && v->kind != CC_YAML_SCALAR)
			return v;
	}
	return NULL;
}

static void check_object(cc_lintctx *L, const char *shown, const cc_yaml_node *doc)
{
	const char *what;
	const cc_yaml_node *bad = undecodable(doc, &what);
	if (bad) {
		cc_lint_add(L, CC_SEV_ERROR, "crd/syntax", shown, bad,
			    "unable to parse YAML: %s is a %s; a CustomResourceDefinition is a mapping "
			    "with string apiVersion and kind", what, cc_yaml_type_name(bad));
		return;
	}
	const cc_yaml_node *api_node = cc_yaml_map_get_go(doc, "apiVersion"), *kind_node = cc_yaml_map_get_go(doc, "kind");
	char *api = cc_lint_string(api_node), *kind = cc_lint_string(kind_node);
	if (!api || strncmp(api, "apiextensions.k8s.io", 20) != 0)
		cc_lint_add(L, CC_SEV_ERROR, "crd/api-version", shown, api_node ? api_node : doc,
			    "apiVersion is not in 'apiextensions.k8s.io'");
	if (!kind || strcmp(kind, "CustomResourceDefinition") != 0)
		cc_lint_add(L, CC_SEV_ERROR, "crd/kind", shown, kind_node ? kind_node : doc,
			    "object kind is not 'CustomResourceDefinition'");
	free(api);
	free(kind);
}

static void syntax_error(cc_lintctx *L, const char *shown, const cc_error *err)
{
	cc_finding *f = cc_lint_add(L, CC_SEV_ERROR, "crd/syntax", shown, NULL, "unable to parse YAML: %s",
				    err->msg);
	f->line = err->line;
	f->col = err->col;
}

static void check_file(cc_lintctx *L, const cc_chart *c, const cc_chart_file *f)
{
	char *shown = cc_chart_display_path(c, f->name);
	cc_yaml_opts o = { 0, 0, 1 };
	cc_yaml_doc *doc = NULL;
	cc_error err;
	cc_error_clear(&err);
	if (!f->path) {
		free(shown);
		return; /* members of archived subcharts are checked when that chart is linted */
	}
	if (cc_yaml_load_file(&doc, f->path, CRD_MAX_SIZE, &o, &err) != CC_OK) {
		syntax_error(L, shown, &err);
	} else {
		for (size_t i = 0; i < cc_yaml_doc_count(doc); i++) {
			const cc_yaml_node *root = cc_yaml_doc_root_at(doc, i);
			json_t *json = NULL;
			if (!root || cc_yaml_is_null(root))
				continue; /* an empty document, such as comments before "---" */
			/* helm reads each document through JSON: a mapping used as a key has no JSON form */
			if (cc_yaml_to_json(root, shown, &json, &err) != CC_OK)
				syntax_error(L, shown, &err);
			else
				check_object(L, shown, root);
			json_decref(json);
		}
	}
	cc_yaml_doc_free(doc);
	free(shown);
}

static void check_chart(cc_lintctx *L, const cc_chart *c)
{
	for (size_t i = 0; i < c->nfiles; i++)
		if (is_crd_file(c->files[i].name))
			check_file(L, c, &c->files[i]);
	for (size_t i = 0; i < c->nsubcharts; i++)
		check_chart(L, c->subcharts[i]);
}

void cc_lint_crds(cc_lintctx *L)
{
	if (L->c->is_archive)
		return;
	char *dir = cc_path_join(L->c->dir, "crds");
	if (cc_path_exists(dir) && !cc_path_is_dir(dir)) {
		char *shown = cc_chart_display_path(L->c, "crds/");
		cc_lint_add(L, CC_SEV_ERROR, "crd/not-directory", shown, NULL, "not a directory");
		free(shown);
	} else if (cc_path_is_dir(dir)) {
		check_chart(L, L->c);
	}
	free(dir);
}
