/*
 * values: values.schema.json against the values helm would use.
 *
 * helm lint validates values.yaml (and `-f` files coalesced over it) with
 * the chart's schema; chart-testing runs it once per ci/<name>-values.yaml.
 * So: the schema compiles (valid for its draft, every $ref resolvable
 * without the network), values.yaml alone validates, and so does
 * values.yaml with each ci file coalesced over it. A subchart's schema sees
 * its own key of the parent's values over its defaults, with `global`, as
 * helm's install does. Every error points at the value in the file it came
 * from (the override file first), through the YAML positions.
 */
#include "lint/lint_int.h"
#include "schema/schema.h"

#include <stdlib.h>
#include <string.h>

typedef struct source {
	const cc_yaml_node *root; /* YAML tree the values came from, or NULL */
	char *file;               /* its display path */
} source;

/* helm's CoalesceTables: over wins, tables merge, a null in over deletes. */
static json_t *coalesce(const json_t *base, const json_t *over)
{
	json_t *out = json_deep_copy(base);
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)over, k, v) {
		json_t *b = json_object_get(out, k);
		if (json_is_null(v))
			json_object_del(out, k);
		else if (json_is_object(v) && json_is_object(b))
			json_object_set_new(out, k, coalesce(b, v));
		else
			json_object_set(out, k, v);
	}
	return out;
}

/* helm shows what a $ref led to, not the $ref, when it led to one failure. */
static const cc_schema_error *unwrap(const cc_schema_error *e)
{
	while (e->ncauses == 1 && strcmp(e->keyword, "$ref") == 0)
		e = &e->causes[0];
	return e;
}

static void describe(const cc_schema_error *e, int depth, cc_buf *b)
{
	e = unwrap(e);
	cc_buf_printf(b, "%s%*s- at '%s': %s", depth ? "\n" : "", depth * 2, "", e->instance, e->message);
	for (size_t i = 0; i < e->ncauses; i++)
		describe(&e->causes[i], depth + 1, b);
}

static void report_error(cc_lintctx *L, const cc_schema_error *e, const source *src, size_t nsrc,
			 const char *schema_file)
{
	e = unwrap(e);
	const source *best = &src[nsrc - 1];
	const cc_yaml_node *at = NULL;
	for (size_t i = 0; i < nsrc && !at; i++) {
		int exact;
		const cc_yaml_node *n = src[i].root ? cc_yaml_pointer(src[i].root, e->instance, &exact) : NULL;
		if (n && (exact || i == nsrc - 1)) {
			at = n;
			best = &src[i];
		}
	}
	cc_buf b = CC_BUF_INIT;
	describe(e, 0, &b);
	cc_finding *f = cc_findings_add(L->out, CC_SEV_ERROR, "values/schema", best->file,
					at ? at->line : 0, at ? at->col : 0, "%s", b.ptr);
	cc_finding_set_chart(f, L->c->display);
	char *hint = cc_asprintf("the schema says so at %s#%s", schema_file, e->keyword_path);
	cc_finding_set_hint(f, hint);
	free(hint);
	cc_buf_free(&b);
}

static void validate(cc_lintctx *L, const cc_schema *s, const json_t *values, const source *src,
		     size_t nsrc, const char *schema_file)
{
	cc_schema_result r;
	/* a bound that stops validation comes back as one error saying so */
	cc_schema_validate(s, values, &r);
	for (size_t i = 0; i < r.nerrors; i++)
		report_error(L, &r.errors[i], src, nsrc, schema_file);
	cc_schema_result_free(&r);
}

static json_t *values_json(cc_lintctx *L, const cc_yaml_node *root, const char *file)
{
	json_t *j = NULL;
	cc_error err;
	if (!root || cc_yaml_is_null(root))
		return json_object();
	if (root->kind != CC_YAML_MAP)
		return NULL; /* values/not-mapping is reported */
	if (cc_yaml_to_json(root, file, &j, &err) != CC_OK) {
		cc_finding *f = cc_lint_add(L, CC_SEV_ERROR, "values/schema", file, NULL, "cannot be checked: %s",
					    err.msg);
		f->line = err.line;
		f->col = err.col;
		return NULL;
	}
	return j;
}

static cc_schema *compile(cc_lintctx *L, const cc_chart *c, const char *schema_file)
{
	cc_schema *s = NULL;
	cc_error err;
	cc_error_clear(&err);
	int rc = cc_schema_compile(&s, c->schema, NULL, L->schema_opts, &err);
	if (rc == CC_ENOTFOUND) {
		cc_finding *f = cc_findings_add(L->out, CC_SEV_ERROR, "schema/remote-ref", schema_file, 0, 0,
						"%s", err.msg);
		cc_finding_set_chart(f, L->c->display);
		cc_finding_set_hint(f, "chartci never fetches schemas: map the URI prefix to a directory of "
				       "vendored schemas in .chartci.yaml (schema: refs:), or copy the "
				       "schema into values.schema.json ($defs)");
		return NULL;
	}
	if (rc != CC_OK) {
		cc_lint_add(L, CC_SEV_ERROR, "schema/invalid", schema_file, NULL, "%s", err.msg);
		return NULL;
	}
	for (size_t i = 0; i < cc_schema_nwarnings(s); i++)
		cc_lint_add(L, CC_SEV_WARNING, "schema/invalid", schema_file, NULL, "%s", cc_schema_warning(s, i));
	return s;
}

/* values.yaml alone, then with each ci file coalesced over it. */
static void check_top(cc_lintctx *L, const cc_schema *s, const json_t *defaults, const char *schema_file)
{
	const cc_chart *c = L->c;
	source src[2] = { { cc_yaml_doc_root(c->values), cc_chart_display_path(c, "values.yaml") }, { 0 } };
	validate(L, s, defaults, src, 1, schema_file);
	for (size_t i = 0; i < L->nci; i++) {
		if (!L->ci_docs[i])
			continue; /* reported when it was loaded */
		src[1] = src[0];
		src[0].root = cc_yaml_doc_root(L->ci_docs[i]);
		src[0].file = cc_chart_display_path(c, L->ci_files[i]->name);
		json_t *over = values_json(L, src[0].root, src[0].file);
		if (over) {
			json_t *merged = coalesce(defaults, over);
			validate(L, s, merged, src, 2, schema_file);
			json_decref(merged);
			json_decref(over);
		}
		free(src[0].file);
		src[0] = src[1];
	}
	free(src[0].file);
}

static char *dep_key(const cc_yaml_node *dep, const cc_chart *sub)
{
	char *alias = cc_lint_string(cc_yaml_map_get(dep, "alias"));
	if (alias && *alias)
		return alias;
	free(alias);
	return cc_strdup(sub->name);
}

/* helm: the first condition path that holds a bool decides; -1 when none does. */
static int condition(const cc_yaml_node *dep, const json_t *values)
{
	char *cond = cc_lint_string(cc_yaml_map_get(dep, "condition"));
	char *save = NULL;
	int on = -1;
	for (char *p = cond ? strtok_r(cond, ",", &save) : NULL; p && on < 0; p = strtok_r(NULL, ",", &save)) {
		json_t *v = (json_t *)values;
		for (char *k = p, *dot; v && k; k = dot ? dot + 1 : NULL) {
			while (*k == ' ')
				k++;
			dot = strchr(k, '.');
			if (dot)
				*dot = '\0';
			v = json_object_get(v, k);
		}
		if (json_is_boolean(v))
			on = json_is_true(v);
	}
	free(cond);
	return on;
}

/* The values key of a subchart: its alias in Chart.yaml, else its name; NULL if disabled. */
static char *sub_key(const cc_chart *parent, const cc_chart *sub, const json_t *values)
{
	const cc_yaml_node *deps = cc_yaml_map_get(cc_yaml_doc_root(parent->chartfile), "dependencies");
	for (size_t i = 0; deps && deps->kind == CC_YAML_SEQ && i < deps->nitems; i++) {
		char *name = cc_lint_string(cc_yaml_map_get(deps->items[i], "name"));
		int match = name && sub->name && strcmp(name, sub->name) == 0;
		free(name);
		if (!match)
			continue;
		return condition(deps->items[i], values) == 0 ? NULL : dep_key(deps->items[i], sub);
	}
	return sub->name ? cc_strdup(sub->name) : NULL;
}

static void check_sub(cc_lintctx *L, const cc_chart *sub, const char *key, const json_t *parent_values)
{
	char *schema_file = cc_chart_display_path(sub, "values.schema.json");
	char *parent_file = cc_chart_display_path(L->c, "values.yaml");
	char *sub_file = cc_chart_display_path(sub, "values.yaml");
	cc_schema *s = compile(L, sub, schema_file);
	json_t *defaults = values_json(L, cc_yaml_doc_root(sub->values), sub_file);
	if (s && defaults) {
		json_t *mine = json_object_get(parent_values, key);
		json_t *inst = json_is_object(mine) ? coalesce(defaults, mine) : json_deep_copy(defaults);
		json_t *pg = json_object_get(parent_values, "global"), *sg = json_object_get(inst, "global");
		json_t *global = json_is_object(pg) ? coalesce(json_is_object(sg) ? sg : json_object(), pg)
						    : json_is_object(sg) ? json_incref(sg) : json_object();
		json_object_set_new(inst, "global", global);
		source src[2] = { { cc_yaml_map_get(cc_yaml_doc_root(L->c->values), key), parent_file },
				  { cc_yaml_doc_root(sub->values), sub_file } };
		validate(L, s, inst, src, 2, schema_file);
		json_decref(inst);
	}
	json_decref(defaults);
	cc_schema_free(s);
	free(schema_file);
	free(parent_file);
	free(sub_file);
}

static int any_schema(const cc_chart *c)
{
	for (size_t i = 0; i < c->nsubcharts; i++)
		if (c->subcharts[i]->schema)
			return 1;
	return c->schema != NULL;
}

void cc_lint_values(cc_lintctx *L)
{
	const cc_chart *c = L->c;
	if (!any_schema(c))
		return; /* values are only turned to JSON when a schema will read them */
	char *values_file = cc_chart_display_path(c, "values.yaml");
	json_t *defaults = values_json(L, cc_yaml_doc_root(c->values), values_file);
	free(values_file);
	if (!defaults)
		return;
	if (c->schema) {
		char *schema_file = cc_chart_display_path(c, "values.schema.json");
		cc_schema *s = compile(L, c, schema_file);
		if (s)
			check_top(L, s, defaults, schema_file);
		cc_schema_free(s);
		free(schema_file);
	}
	for (size_t i = 0; i < c->nsubcharts; i++) {
		const cc_chart *sub = c->subcharts[i];
		char *key = sub->schema ? sub_key(c, sub, defaults) : NULL;
		if (key)
			check_sub(L, sub, key, defaults);
		free(key);
	}
	json_decref(defaults);
}
