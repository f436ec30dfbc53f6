/*
 * meta: the structure of Chart.yaml as helm's loader needs it.
 *
 * helm decodes Chart.yaml into a Go struct through JSON. A field of the
 * wrong kind (a list where a string belongs) makes helm refuse the chart;
 * a number where a string belongs is silently reformatted (`version: 1.0`
 * becomes "1", `appVersion: 1.10` becomes "1.1"). The first is always an
 * error here; the second is an error for version and appVersion, as helm
 * lint has it, and a warning elsewhere, because the chart then says
 * something other than what its author wrote.
 */
#include "chart/chart_int.h"

#include <stdlib.h>
#include <string.h>

typedef enum { F_STR, F_BOOL, F_STRLIST, F_STRMAP, F_MAINTAINERS, F_DEPS, F_ANY_LIST } ftype;

typedef struct field {
	const char *key;
	ftype type;
} field;

static const field chart_fields[] = {
	{ "apiVersion", F_STR }, { "name", F_STR }, { "version", F_STR },
	{ "kubeVersion", F_STR }, { "description", F_STR }, { "type", F_STR },
	{ "keywords", F_STRLIST }, { "home", F_STR }, { "sources", F_STRLIST },
	{ "dependencies", F_DEPS }, { "maintainers", F_MAINTAINERS }, { "icon", F_STR },
	{ "appVersion", F_STR }, { "deprecated", F_BOOL }, { "annotations", F_STRMAP },
	{ "condition", F_STR }, { "tags", F_STR }, { NULL, F_STR }
};

static const field maintainer_fields[] = {
	{ "name", F_STR }, { "email", F_STR }, { "url", F_STR }, { NULL, F_STR }
};

static const field dep_fields[] = {
	{ "name", F_STR }, { "version", F_STR }, { "repository", F_STR },
	{ "condition", F_STR }, { "tags", F_STRLIST }, { "enabled", F_BOOL },
	{ "import-values", F_ANY_LIST }, { "alias", F_STR }, { NULL, F_STR }
};

typedef struct checker {
	cc_chart *c;
	const char *file;
} checker;

static cc_finding *report(checker *k, cc_severity sev, const cc_yaml_node *at, const char *fmt,
			  const char *a, const char *b, const char *d)
{
	cc_finding *f = cc_findings_add(&k->c->findings, sev, "chart/field-type", k->file,
					at ? at->line : 0, at ? at->col : 0, fmt, a, b, d);
	cc_finding_set_chart(f, k->c->display);
	return f;
}

static const char *article(const char *type_name)
{
	return strchr("aeiou", type_name[0]) ? "an" : "a";
}

static void check_node(checker *k, const char *path, const cc_yaml_node *v, ftype t);

static void check_scalar_string(checker *k, const char *path, const cc_yaml_node *v)
{
	if (v->kind != CC_YAML_SCALAR) {
		const char *tn = cc_yaml_type_name(v);
		report(k, CC_SEV_ERROR, v, "%s must be a string, but it is %s %s; helm cannot load the chart",
		       path, article(tn), tn);
		return;
	}
	if (cc_yaml_is_null(v) || cc_yaml_is_string(v))
		return;
	int strict = strcmp(path, "version") == 0 || strcmp(path, "appVersion") == 0;
	char *go = cc_yaml_scalar_go_string(v);
	char *src = cc_strndup(v->value, v->len);
	const char *tn = cc_yaml_type_name(v);
	char *what = cc_asprintf("%s %s", article(tn), tn);
	cc_finding *f = report(k, strict ? CC_SEV_ERROR : CC_SEV_WARNING, v,
			       "%s must be a string, but it is %s; helm reads it as \"%s\"", path, what, go);
	char *hint = cc_asprintf("quote it: %s: \"%s\"", path, src);
	cc_finding_set_hint(f, hint);
	free(hint);
	free(what);
	free(src);
	free(go);
}

static void check_fields(checker *k, const char *prefix, const cc_yaml_node *map, const field *fields)
{
	for (size_t i = 0; i < map->npairs; i++) {
		const cc_yaml_node *key = map->pairs[i].key;
		if (key->kind != CC_YAML_SCALAR)
			continue;
		for (const field *f = fields; f->key; f++) {
			if (strcmp(f->key, key->value) != 0)
				continue;
			char *path = prefix ? cc_asprintf("%s.%s", prefix, f->key) : cc_strdup(f->key);
			check_node(k, path, map->pairs[i].value, f->type);
			free(path);
		}
	}
}

static int expect_kind(checker *k, const char *path, const cc_yaml_node *v, cc_yaml_kind kind)
{
	if (v->kind == kind)
		return 1;
	const char *tn = cc_yaml_type_name(v);
	char *what = cc_asprintf("%s %s", article(tn), tn);
	report(k, CC_SEV_ERROR, v, "%s must be %s, but it is %s; helm cannot load the chart", path,
	       kind == CC_YAML_SEQ ? "a list" : "a mapping", what);
	free(what);
	return 0;
}

static void check_list(checker *k, const char *path, const cc_yaml_node *v, ftype t)
{
	if (!expect_kind(k, path, v, CC_YAML_SEQ))
		return;
	for (size_t i = 0; i < v->nitems; i++) {
		const cc_yaml_node *it = v->items[i];
		char *ipath = cc_asprintf("%s[%zu]", path, i);
		if (t == F_STRLIST) {
			check_scalar_string(k, ipath, it);
		} else if (t != F_ANY_LIST && cc_yaml_is_null(it)) {
			report(k, CC_SEV_ERROR, it, "%s is empty; helm refuses %s with empty entries%s",
			       ipath, path, "");
		} else if (t != F_ANY_LIST && expect_kind(k, ipath, it, CC_YAML_MAP)) {
			check_fields(k, ipath, it, t == F_DEPS ? dep_fields : maintainer_fields);
		}
		free(ipath);
	}
}

static void check_node(checker *k, const char *path, const cc_yaml_node *v, ftype t)
{
	if (!v || cc_yaml_is_null(v))
		return;
	switch (t) {
	case F_STR:
		check_scalar_string(k, path, v);
		break;
	case F_BOOL:
		if (v->kind != CC_YAML_SCALAR || v->type != CC_YAML_T_BOOL) {
			const char *tn = cc_yaml_type_name(v);
			report(k, CC_SEV_ERROR, v, "%s must be true or false, but it is %s %s; helm cannot load the chart",
			       path, article(tn), tn);
		}
		break;
	case F_STRMAP:
		if (expect_kind(k, path, v, CC_YAML_MAP))
			for (size_t i = 0; i < v->npairs; i++) {
				const cc_yaml_node *key = v->pairs[i].key;
				char *kp = cc_asprintf("%s.%s", path,
						       key->kind == CC_YAML_SCALAR ? key->value : "?");
				check_scalar_string(k, kp, v->pairs[i].value);
				free(kp);
			}
		break;
	case F_STRLIST:
	case F_MAINTAINERS:
	case F_DEPS:
	case F_ANY_LIST:
		check_list(k, path, v, t);
		break;
	}
}

static char *meta_string(const cc_yaml_node *root, const char *key)
{
	const cc_yaml_node *v = cc_yaml_map_get(root, key);
	if (!v || v->kind != CC_YAML_SCALAR || cc_yaml_is_null(v))
		return NULL;
	if (cc_yaml_is_string(v))
		return cc_strndup(v->value, strlen(v->value));
	return cc_yaml_scalar_go_string(v);
}

void cc_chart_check_meta(cc_chart *c, const char *file)
{
	cc_yaml_node *root = cc_yaml_doc_root(c->chartfile);
	checker k = { c, file };
	if (!root || root->kind != CC_YAML_MAP) {
		const char *tn = root ? cc_yaml_type_name(root) : "empty";
		cc_finding *f = cc_findings_add(&c->findings, CC_SEV_ERROR, "chart/not-mapping", file,
						root ? root->line : 1, root ? root->col : 1,
						"Chart.yaml must be a mapping of fields, but it is %s%s%s",
						root ? article(tn) : "", root ? " " : "", tn);
		cc_finding_set_chart(f, c->display);
	} else {
		check_fields(&k, NULL, root, chart_fields);
		c->name = meta_string(root, "name");
		c->version = meta_string(root, "version");
		c->type = meta_string(root, "type");
		c->api_version = meta_string(root, "apiVersion");
	}
	if (!c->api_version || !*c->api_version) {
		free(c->api_version);
		c->api_version = cc_strdup("v1");
	}
}
