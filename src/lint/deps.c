/*
 * deps: the dependency rules, as helm applies them when it loads, lints
 * and resolves a chart (pkg/chart/v2/lint/rules/dependencies.go, Metadata
 * and Dependency Validate, the downloader's repository handling):
 * every entry named, alias characters, no two entries with one name or
 * alias, a version constraint that parses, a repository helm can fetch
 * from, conditions and tags that can match values, and charts/ agreeing
 * with what is declared.
 *
 * helm reads the declared list from Chart.yaml, then lets requirements.yaml
 * (the v1 place) replace it when that file has a dependencies key, and it
 * matches keys to fields without regard to case; both are followed here.
 * Entries that are not mappings are wrong types, which the loader reports;
 * subcharts helm would refuse are reported by subcharts.c.
 */
#include "lint/lint_int.h"
#include "semver/semver.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct dep {
	const cc_yaml_node *node;
	char *name, *alias, *version, *repository, *condition;
} dep;

static const cc_yaml_node *field_at(const cc_yaml_node *m, const char *k)
{
	const cc_yaml_node *v = cc_yaml_map_get_go(m, k);
	return v ? v : m;
}

/* helm's alias pattern: ^[a-zA-Z0-9_-]+$ */
static int alias_ok(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", *s))
			return 0;
	return 1;
}

/*
 * "" is a chart kept in charts/; @name and alias:name are repositories
 * from repositories.yaml; anything else is fetched by URL scheme (http,
 * https, oci, file, and the schemes getter plugins add, such as s3://).
 */
static int repository_ok(const char *r)
{
	if (!*r)
		return 1;
	if ((r[0] == '@' && r[1]) || (strncmp(r, "alias:", 6) == 0 && r[6]))
		return 1;
	size_t n = strspn(r, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
	int letter = (r[0] >= 'a' && r[0] <= 'z') || (r[0] >= 'A' && r[0] <= 'Z');
	return letter && strncmp(r + n, "://", 3) == 0 && r[n + 3];
}

static int is_space(char c)
{
	return c && strchr(" \t\n\r\f\v", c) != NULL;
}

/* A key a plain YAML mapping key can spell: not empty, no space at either end. */
static int plain_key(const char *k, size_t n)
{
	return n > 0 && !is_space(k[0]) && !is_space(k[n - 1]);
}

/*
 * helm trims the condition, splits it at commas, skips empty parts and
 * looks each part up as a dot-separated path of values keys, as written.
 * Returns the first part with a key no plain values key can match, or NULL.
 */
static char *dead_condition_path(const char *c)
{
	size_t n = strlen(c), i = 0;
	while (i < n && is_space(c[i]))
		i++;
	while (n > i && is_space(c[n - 1]))
		n--;
	while (i < n) {
		size_t len = strcspn(c + i, ",");
		if (len > n - i)
			len = n - i;
		for (size_t k = i; len > 0 && k <= i + len;) {
			size_t klen = strcspn(c + k, ".,");
			if (k + klen > i + len)
				klen = i + len - k;
			if (!plain_key(c + k, klen))
				return cc_strndup(c + i, len);
			k += klen + 1;
		}
		i += len + 1;
	}
	return NULL;
}

static void check_condition(cc_lintctx *L, const char *file, const dep *d)
{
	char *dead = d->condition ? dead_condition_path(d->condition) : NULL;
	if (dead)
		cc_lint_add(L, CC_SEV_WARNING, "dependency/condition", file, field_at(d->node, "condition"),
			    "dependency \"%s\": condition path \"%s\" matches no plain values key: helm splits "
			    "the condition at commas and looks each path up as written, with its spaces and "
			    "empty keys", d->name ? d->name : "", dead);
	free(dead);
}

static void check_one(cc_lintctx *L, const char *file, const dep *d)
{
	const cc_yaml_node *m = d->node;
	cc_constraint c = CC_CONSTRAINT_INIT;
	cc_error err;
	if (!d->name || !*d->name)
		cc_lint_add(L, CC_SEV_ERROR, "dependency/name", file, m, "a dependency has no name");
	if (d->alias && *d->alias && !alias_ok(d->alias))
		cc_lint_add(L, CC_SEV_ERROR, "dependency/alias", file, field_at(m, "alias"),
			    "dependency \"%s\" has disallowed characters in the alias \"%s\" "
			    "(letters, digits, _ and - only)", d->name ? d->name : "", d->alias);
	if (d->version && *d->version && cc_constraint_parse(&c, d->version, &err) != CC_OK)
		cc_lint_add(L, CC_SEV_ERROR, "dependency/version", file, field_at(m, "version"),
			    "dependency \"%s\": version \"%s\" is not a valid constraint: %s",
			    d->name ? d->name : "", d->version, err.msg);
	cc_constraint_free(&c);
	if (d->repository && !repository_ok(d->repository))
		cc_lint_add(L, CC_SEV_ERROR, "dependency/repository", file, field_at(m, "repository"),
			    "dependency \"%s\": repository \"%s\" is neither a URL (https://, oci://, file:// "
			    "and the like) nor a repository name (@name or alias:name)",
			    d->name ? d->name : "", d->repository);
	check_condition(L, file, d);
}

/* helm looks tags up as keys of values' tags: mapping, as written. */
static void check_tags(cc_lintctx *L, const char *file, const cc_yaml_node *m)
{
	const cc_yaml_node *tags = cc_yaml_map_get_go(m, "tags");
	for (size_t i = 0; tags && tags->kind == CC_YAML_SEQ && i < tags->nitems; i++) {
		char *t = cc_lint_string(tags->items[i]);
		if (tags->items[i]->kind == CC_YAML_SCALAR && !plain_key(t ? t : "", t ? strlen(t) : 0))
			cc_lint_add(L, CC_SEV_WARNING, "dependency/tags", file, tags->items[i],
				    "tag \"%s\" matches no plain key under tags: in values: it is empty or has "
				    "spaces at an end", t ? t : "");
		free(t);
	}
}

static const cc_yaml_node *declared(const cc_chart *c, const char **file_rel)
{
	const cc_yaml_pair *p = cc_yaml_map_get_go_pair(cc_yaml_doc_root(c->requirements), "dependencies");
	*file_rel = "requirements.yaml";
	if (!p) {
		p = cc_yaml_map_get_go_pair(cc_yaml_doc_root(c->chartfile), "dependencies");
		*file_rel = "Chart.yaml";
	}
	return p && p->value && p->value->kind == CC_YAML_SEQ ? p->value : NULL;
}

static void dep_free(dep *d)
{
	free(d->name);
	free(d->alias);
	free(d->version);
	free(d->repository);
	free(d->condition);
}

/* A dependency by one of its strings, to sort and search: lists may be long. */
typedef struct keyed {
	const char *key;
	size_t i; /* position in the list */
} keyed;

static int by_key(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* The deps' effective names (alias when set, else name; use_alias) or names, sorted; *n set. */
static keyed *sorted_keys(const dep *deps, size_t ndeps, int use_alias, size_t *n)
{
	keyed *k = cc_calloc(ndeps ? ndeps : 1, sizeof(*k));
	*n = 0;
	for (size_t i = 0; i < ndeps; i++) {
		const char *key = use_alias && deps[i].alias && *deps[i].alias ? deps[i].alias : deps[i].name;
		if (key && *key) {
			k[*n].key = key;
			k[(*n)++].i = i;
		}
	}
	qsort(k, *n, sizeof(*k), by_key);
	return k;
}

/* The first entry of sorted k whose key is not below key (n if none). */
static size_t lower_bound(const keyed *k, size_t n, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(k[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int has_key(const keyed *k, size_t n, const char *key)
{
	size_t at = lower_bound(k, n, key);
	return at < n && strcmp(k[at].key, key) == 0;
}

static void check_unique(cc_lintctx *L, const char *file, const dep *deps, size_t ndeps)
{
	size_t n;
	keyed *k = sorted_keys(deps, ndeps, 1, &n);
	for (size_t g = 0; g < n;) {
		size_t end = g + 1;
		for (; end < n && strcmp(k[end].key, k[g].key) == 0; end++)
			cc_lint_add(L, CC_SEV_ERROR, "dependency/duplicate", file, deps[k[end].i].node,
				    "more than one dependency with name or alias \"%s\" (also at line %d)",
				    k[end].key, deps[k[g].i].node->line);
		g = end;
	}
	free(k);
}

static int named(const cc_chart *sub)
{
	return sub->name && *sub->name;
}

/* The names of the subcharts in charts/ that have one, sorted. */
static keyed *subchart_names(const cc_chart *c, size_t *n)
{
	keyed *k = cc_calloc(c->nsubcharts ? c->nsubcharts : 1, sizeof(*k));
	*n = 0;
	for (size_t i = 0; i < c->nsubcharts; i++) {
		if (named(c->subcharts[i])) {
			k[*n].key = c->subcharts[i]->name;
			k[(*n)++].i = i;
		}
	}
	qsort(k, *n, sizeof(*k), by_key);
	return k;
}

/* What charts/ holds against what is declared, as helm lint compares them by name. */
static void check_charts_dir(cc_lintctx *L, const dep *deps, size_t ndeps)
{
	const cc_chart *c = L->c;
	cc_buf undeclared = CC_BUF_INIT, missing = CC_BUF_INIT;
	size_t nnames, nsubs;
	keyed *names = sorted_keys(deps, ndeps, 0, &nnames);
	keyed *subs = subchart_names(c, &nsubs);
	for (size_t i = 0; i < c->nsubcharts; i++)
		if (named(c->subcharts[i]) && !has_key(names, nnames, c->subcharts[i]->name))
			cc_buf_printf(&undeclared, "%s%s", undeclared.len ? "," : "", c->subcharts[i]->name);
	/*
	 * A subchart without a name (reported by the subchart checks) may be
	 * the one a declaration means: then nothing is known to be missing.
	 * Each name is listed once, where it is first declared.
	 */
	for (size_t j = 0; nsubs == c->nsubcharts && j < ndeps; j++) {
		const char *name = deps[j].name;
		if (name && *name && !has_key(subs, nsubs, name) && names[lower_bound(names, nnames, name)].i == j)
			cc_buf_printf(&missing, "%s%s", missing.len ? "," : "", name);
	}
	free(subs);
	free(names);
	char *charts = cc_chart_display_path(c, "charts");
	if (undeclared.len)
		cc_lint_add(L, CC_SEV_ERROR, "dependency/undeclared", charts, NULL,
			    "chart metadata is missing these dependencies: %s", undeclared.ptr);
	if (missing.len && !c->is_archive)
		cc_lint_add(L, CC_SEV_WARNING, "dependency/missing", charts, NULL,
			    "chart directory is missing these dependencies: %s (run helm dependency build)",
			    missing.ptr);
	free(charts);
	cc_buf_free(&undeclared);
	cc_buf_free(&missing);
}

static void read_dep(dep *d, const cc_yaml_node *m)
{
	d->node = m;
	d->name = cc_lint_string(cc_yaml_map_get_go(m, "name"));
	d->alias = cc_lint_string(cc_yaml_map_get_go(m, "alias"));
	d->version = cc_lint_string(cc_yaml_map_get_go(m, "version"));
	d->repository = cc_lint_string(cc_yaml_map_get_go(m, "repository"));
	d->condition = cc_lint_string(cc_yaml_map_get_go(m, "condition"));
}

void cc_lint_dependencies(cc_lintctx *L)
{
	const char *rel;
	const cc_yaml_node *list = declared(L->c, &rel);
	size_t n = list ? list->nitems : 0;
	dep *deps = cc_calloc(n ? n : 1, sizeof(*deps));
	char *file = cc_chart_display_path(L->c, rel);
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		const cc_yaml_node *m = list->items[i];
		if (m->kind != CC_YAML_MAP)
			continue;
		dep *d = &deps[used++];
		read_dep(d, m);
		check_one(L, file, d);
		check_tags(L, file, m);
	}
	check_unique(L, file, deps, used);
	check_charts_dir(L, deps, used);
	for (size_t i = 0; i < used; i++)
		dep_free(&deps[i]);
	free(deps);
	free(file);
}
