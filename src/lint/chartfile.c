/*
 * chartfile: the Chart.yaml rules of helm lint v4 (pkg/chart/v2/lint/rules/
 * chartfile.go) and of helm's metadata validation that makes `helm lint`
 * fail with "unable to load chart", each with helm's severity and message,
 * pointed at the field's line and column.
 *
 * helm reads Chart.yaml through JSON into a Go struct, and Go matches JSON
 * keys to fields without regard to case: `Name:` sets the name. These
 * rules read fields the same way, so what helm accepts is not reported as
 * missing or unknown. Field types (version: 1.0 and the like) are reported
 * by the loader (chart/field-type); these rules read the values as helm's
 * string fields would hold them.
 *
 * Where helm reports only the first bad maintainer or source, every one is
 * reported here: each would be the next one helm complains about.
 */
#include "lint/lint_int.h"
#include "semver/semver.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const known_fields[] = {
	"apiVersion", "name", "version", "kubeVersion", "description", "type", "keywords",
	"home", "sources", "dependencies", "maintainers", "icon", "appVersion", "deprecated",
	"annotations", "condition", "tags", NULL
};

typedef struct field {
	const cc_yaml_node *key;
	const cc_yaml_node *value;
	char *text; /* as helm's string field holds it; NULL when absent */
} field;

static field get(const cc_yaml_node *root, const char *name)
{
	field f;
	const cc_yaml_pair *p = cc_yaml_map_get_go_pair(root, name);
	f.key = p ? p->key : NULL;
	f.value = p ? p->value : NULL;
	f.text = cc_lint_string(f.value);
	return f;
}

/* Where to point: the value, else the key, else nothing (the file). */
static const cc_yaml_node *at(const field *f)
{
	return f->value ? f->value : f->key;
}

/* Go strings may hold NUL bytes, which no URL or e-mail address admits; C strings stop there. */
static int has_nul(const field *f)
{
	return f->value && f->value->kind == CC_YAML_SCALAR && strlen(f->value->value) < f->value->len;
}

static void check_api_version(cc_lintctx *L, const cc_yaml_node *root)
{
	field f = get(root, "apiVersion");
	if (!f.text || !*f.text)
		cc_lint_add(L, CC_SEV_ERROR, "chart/api-version", L->chartfile, at(&f),
			    "apiVersion is required. The value must be either \"v1\" or \"v2\"");
	else if (strcmp(f.text, "v1") != 0 && strcmp(f.text, "v2") != 0)
		cc_lint_add(L, CC_SEV_ERROR, "chart/api-version", L->chartfile, at(&f),
			    "apiVersion '%s' is not valid. The value must be either \"v1\" or \"v2\"", f.text);
	free(f.text);
}

static int is_base_name(const char *name)
{
	char *base = cc_path_base(name);
	int same = strcmp(base, name) == 0;
	free(base);
	return same;
}

/*
 * helm 2 and 3.0.0 refused a chart whose directory was named otherwise;
 * v4 checks nothing, yet `helm package` names the archive and its top
 * directory after `name`, so a mismatch misleads readers and tools that
 * find charts by directory. A chart at the repository root is exempt: its
 * directory is whatever the clone was called.
 */
static void check_name_dir(cc_lintctx *L, const field *f)
{
	const cc_chart *c = L->c;
	if (c->is_archive || !c->display[0] || strcmp(c->display, ".") == 0)
		return;
	char *dir = cc_path_base(c->display);
	if (strcmp(dir, f->text) != 0) {
		cc_finding *e = cc_lint_add(L, CC_SEV_WARNING, "chart/name-directory", L->chartfile, at(f),
					    "chart name \"%s\" does not match its directory name \"%s\"",
					    f->text, dir);
		char *hint = cc_asprintf("rename the directory or the chart; helm packages it as \"%s/\"", f->text);
		cc_finding_set_hint(e, hint);
		free(hint);
	}
	free(dir);
}

static void check_name(cc_lintctx *L, const cc_yaml_node *root)
{
	field f = get(root, "name");
	if (!f.text || !*f.text) {
		cc_lint_add(L, CC_SEV_ERROR, "chart/name", L->chartfile, at(&f), "name is required");
	} else if (!is_base_name(f.text)) {
		cc_finding *e = cc_lint_add(L, CC_SEV_ERROR, "chart/name", L->chartfile, at(&f),
					    "chart name \"%s\" is invalid", f.text);
		cc_finding_set_hint(e, "a chart name must not contain \"/\"; it names the chart's directory and archive");
	} else if (strcmp(f.text, ".") == 0 || strcmp(f.text, "..") == 0) {
		/* lint passes these; helm's loader refuses them */
		cc_lint_add(L, CC_SEV_ERROR, "chart/name", L->chartfile, at(&f),
			    "chart name \"%s\" is not allowed; helm cannot load the chart", f.text);
	} else {
		check_name_dir(L, &f);
	}
	free(f.text);
}

/*
 * helm requires version > 0.0.0-0 and words the failure as Masterminds'
 * constraint check does, with the version in its canonical form.
 */
static void check_positive(cc_lintctx *L, const field *f, const cc_semver *v)
{
	cc_constraint c = CC_CONSTRAINT_INIT;
	cc_error err;
	if (cc_constraint_parse(&c, ">0.0.0-0", &err) == CC_OK && !cc_constraint_check(&c, v, 0)) {
		char *canon = cc_semver_string(v);
		cc_lint_add(L, CC_SEV_ERROR, "chart/version", L->chartfile, at(f),
			    "version %s is less than or equal to 0.0.0-0", canon);
		free(canon);
	}
	cc_constraint_free(&c);
}

static void check_version(cc_lintctx *L, const cc_yaml_node *root)
{
	field f = get(root, "version");
	cc_semver v = CC_SEMVER_INIT;
	cc_error err;
	if (!f.text || !*f.text)
		cc_lint_add(L, CC_SEV_ERROR, "chart/version", L->chartfile, at(&f), "version is required");
	else if (cc_semver_parse(&v, f.text, &err) != CC_OK)
		cc_lint_add(L, CC_SEV_ERROR, "chart/version", L->chartfile, at(&f),
			    "version '%s' is not a valid SemVer", f.text);
	else
		check_positive(L, &f, &v);
	cc_semver_free(&v);
	if (cc_semver_parse_strict(&v, f.text ? f.text : "", &err) != CC_OK)
		cc_lint_add(L, CC_SEV_WARNING, "chart/version-semver2", L->chartfile, at(&f),
			    "version '%s' is not a valid SemVerV2", f.text ? f.text : "");
	cc_semver_free(&v);
	free(f.text);
}

static void check_maintainer(cc_lintctx *L, const cc_yaml_node *m)
{
	field name = get(m, "name"), email = get(m, "email"), url = get(m, "url");
	if (!name.text || !*name.text)
		cc_lint_add(L, CC_SEV_ERROR, "chart/maintainer", L->chartfile, m, "each maintainer requires a name");
	else if (email.text && *email.text && (has_nul(&email) || !cc_lint_is_email(L->patterns, email.text)))
		cc_lint_add(L, CC_SEV_ERROR, "chart/maintainer", L->chartfile, at(&email),
			    "invalid email '%s' for maintainer '%s'", email.text, name.text);
	else if (url.text && *url.text && (has_nul(&url) || !cc_lint_is_url(L->patterns, url.text)))
		cc_lint_add(L, CC_SEV_ERROR, "chart/maintainer", L->chartfile, at(&url),
			    "invalid url '%s' for maintainer '%s'", url.text, name.text);
	free(name.text);
	free(email.text);
	free(url.text);
}

static void check_maintainers(cc_lintctx *L, const cc_yaml_node *root)
{
	const cc_yaml_node *list = cc_yaml_map_get_go(root, "maintainers");
	for (size_t i = 0; list && list->kind == CC_YAML_SEQ && i < list->nitems; i++) {
		const cc_yaml_node *m = list->items[i];
		if (cc_yaml_is_null(m))
			cc_lint_add(L, CC_SEV_ERROR, "chart/maintainer", L->chartfile, m, "a maintainer entry is empty");
		else if (m->kind == CC_YAML_MAP)
			check_maintainer(L, m);
		/* anything else is a wrong type, which the loader reports */
	}
}

static void check_sources(cc_lintctx *L, const cc_yaml_node *root)
{
	const cc_yaml_node *sources = cc_yaml_map_get_go(root, "sources");
	for (size_t i = 0; sources && sources->kind == CC_YAML_SEQ && i < sources->nitems; i++) {
		field s = { NULL, sources->items[i], cc_lint_string(sources->items[i]) };
		if (s.value->kind == CC_YAML_SCALAR &&
		    (!s.text || !*s.text || has_nul(&s) || !cc_lint_is_request_url(s.text)))
			cc_lint_add(L, CC_SEV_ERROR, "chart/source-url", L->chartfile, s.value,
				    "invalid source URL '%s'", s.text ? s.text : "");
		free(s.text);
	}
}

static void check_icon(cc_lintctx *L, const cc_yaml_node *root)
{
	field icon = get(root, "icon");
	if (!icon.text || !*icon.text)
		cc_lint_add(L, CC_SEV_INFO, "chart/icon", L->chartfile, NULL, "icon is recommended");
	else if (has_nul(&icon) || !cc_lint_is_request_url(icon.text))
		cc_lint_add(L, CC_SEV_ERROR, "chart/icon-url", L->chartfile, at(&icon),
			    "invalid icon URL '%s'", icon.text);
	free(icon.text);
}

/* helm lint reads apiVersion as written, so a missing one is '' here, not v1. */
static void check_type(cc_lintctx *L, const cc_yaml_node *root, const char *api)
{
	field t = get(root, "type");
	const cc_yaml_node *deps = cc_yaml_map_get_go(root, "dependencies");
	if (t.text && *t.text && strcmp(api, "v2") != 0)
		cc_lint_add(L, CC_SEV_ERROR, "chart/type", L->chartfile, at(&t),
			    "chart type is not valid in apiVersion '%s'. It is valid in apiVersion 'v2'", api);
	if (t.text && *t.text && strcmp(t.text, "application") != 0 && strcmp(t.text, "library") != 0)
		cc_lint_add(L, CC_SEV_ERROR, "chart/type", L->chartfile, at(&t),
			    "chart type '%s' is not valid: it must be application or library "
			    "(helm cannot load the chart)", t.text);
	if (deps && deps->kind == CC_YAML_SEQ && deps->nitems > 0 && strcmp(api, "v2") != 0)
		cc_lint_add(L, CC_SEV_ERROR, "chart/dependencies-api-version", L->chartfile, deps,
			    "dependencies are not valid in the Chart file with apiVersion '%s'. "
			    "They are valid in apiVersion 'v2'", api);
	free(t.text);
}

static void check_kube_version(cc_lintctx *L, const cc_yaml_node *root)
{
	field k = get(root, "kubeVersion");
	cc_constraint c = CC_CONSTRAINT_INIT;
	cc_error err;
	if (k.text && *k.text && cc_constraint_parse(&c, k.text, &err) != CC_OK)
		cc_lint_add(L, CC_SEV_ERROR, "chart/kube-version", L->chartfile, at(&k),
			    "kubeVersion '%s' is not a valid constraint: %s; helm refuses to install the chart",
			    k.text, err.msg);
	cc_constraint_free(&c);
	free(k.text);
}

static int known(const char *key)
{
	for (const char *const *k = known_fields; *k; k++)
		if (strcasecmp(*k, key) == 0)
			return 1;
	return 0;
}

/* helm v4 lint parses strictly too, and warns on a field Chart.yaml does not define. */
static void check_unknown_fields(cc_lintctx *L, const cc_yaml_node *root)
{
	for (size_t i = 0; i < root->npairs; i++) {
		const cc_yaml_node *k = root->pairs[i].key;
		if (k->kind == CC_YAML_SCALAR && !known(k->value))
			cc_lint_add(L, CC_SEV_WARNING, "chart/unknown-field", L->chartfile, k,
				    "unknown field \"%s\": helm ignores it (a misspelling?)", k->value);
	}
}

static void check_deprecated(cc_lintctx *L, const cc_yaml_node *root)
{
	const cc_yaml_node *d = cc_yaml_map_get_go(root, "deprecated");
	char *text = d && d->type == CC_YAML_T_BOOL ? cc_lint_string(d) : NULL;
	if (text && strcmp(text, "true") == 0)
		cc_lint_add(L, CC_SEV_INFO, "chart/deprecated", L->chartfile, d,
			    "the chart is marked deprecated; helm warns everyone who installs it");
	free(text);
}

/* The parts of helm's values and templates rules that need no rendering; helm looks on disk. */
static void check_layout(cc_lintctx *L)
{
	const cc_chart *c = L->c;
	if (c->is_archive)
		return;
	char *values = cc_path_join(c->dir, "values.yaml");
	if (!cc_path_exists(values)) {
		char *shown = cc_chart_display_path(c, "values.yaml");
		cc_lint_add(L, CC_SEV_INFO, "values/missing", shown, NULL, "file does not exist");
		free(shown);
	}
	free(values);
	char *tdir = cc_path_join(c->dir, "templates");
	char *shown = cc_chart_display_path(c, "templates/");
	if (!cc_path_exists(tdir))
		cc_lint_add(L, CC_SEV_WARNING, "chart/templates-missing", shown, NULL, "directory does not exist");
	else if (!cc_path_is_dir(tdir))
		cc_lint_add(L, CC_SEV_ERROR, "chart/templates-missing", shown, NULL, "not a directory");
	free(shown);
	free(tdir);
}

void cc_lint_chartfile(cc_lintctx *L)
{
	const cc_yaml_node *root = cc_yaml_doc_root(L->c->chartfile);
	check_layout(L);
	if (!root || root->kind != CC_YAML_MAP)
		return; /* reported by the loader; helm skips the rest too */
	check_name(L, root);
	check_api_version(L, root);
	check_version(L, root);
	check_maintainers(L, root);
	check_sources(L, root);
	check_icon(L, root);
	field api = get(root, "apiVersion");
	check_type(L, root, api.text ? api.text : "");
	free(api.text);
	check_kube_version(L, root);
	check_unknown_fields(L, root);
	check_deprecated(L, root);
}
