/*
 * changes: values.schema.json and kubeVersion. A schema that accepts less
 * than before breaks the values users already deploy with, so each way a
 * schema can tighten is a breaking change; a new optional property is a
 * feature. kubeVersion is compared by the Kubernetes versions it admits,
 * not by its text, so rewriting ">=1.25" as ">= 1.25.0" is no change.
 */
#include "changes/changes_int.h"
#include "semver/semver.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* One schema object in both snapshots, with the node it came from. */
typedef struct sside {
	const json_t *j;
	const cc_yaml_node *n;
	const cc_yaml_doc *doc;
} sside;

static cc_change_at at_kw(const sside *s, const char *kw)
{
	const cc_yaml_node *k = NULL;
	cc_changes_child(s->n, kw, &k);
	cc_change_at a = { s->doc, k ? k : s->n, NULL, 0 };
	return a;
}

static const char *pname(const char *path)
{
	return path[0] ? path : "the values";
}

static int has_string(const json_t *arr, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return 1;
	return 0;
}

static void required(const sside *o, const sside *n, const char *path, cc_changes *out)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(n->j, "required"), i, r) {
		if (!json_is_string(r) || has_string(json_object_get(o->j, "required"), json_string_value(r)))
			continue;
		const cc_yaml_node *list = cc_changes_child(n->n, "required", NULL);
		cc_change_at at = { n->doc, list && list->kind == CC_YAML_SEQ && i < list->nitems ? list->items[i] : list,
				    NULL, 0 };
		cc_changes_add(out, CC_CHANGE_MAJOR, &at, "values.schema.json now requires %s%s%s", path,
			       path[0] ? "." : "", json_string_value(r));
	}
}

/* Whether a "type" (a name or a list of names; absent: any) admits type t. */
static int admits(const json_t *type, const char *t)
{
	if (!type)
		return 1;
	if (json_is_string(type))
		return strcmp(json_string_value(type), t) == 0 ||
		       (strcmp(t, "integer") == 0 && strcmp(json_string_value(type), "number") == 0);
	size_t i;
	json_t *v;
	json_array_foreach(type, i, v)
		if (admits(v, t))
			return 1;
	return 0;
}

static void types(const sside *o, const sside *n, const char *path, cc_changes *out)
{
	static const char *const all[] = { "null", "boolean", "object", "array", "number", "integer", "string" };
	const json_t *ot = json_object_get(o->j, "type"), *nt = json_object_get(n->j, "type");
	if (!nt || (!json_is_string(nt) && !json_is_array(nt)))
		return;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (!admits(ot, all[i]) || admits(nt, all[i]))
			continue;
		char *was = ot ? json_dumps(ot, JSON_COMPACT | JSON_ENCODE_ANY) : cc_strdup("any type");
		char *is = json_dumps(nt, JSON_COMPACT | JSON_ENCODE_ANY);
		cc_change_at at = at_kw(n, "type");
		cc_changes_add(out, CC_CHANGE_MAJOR, &at, "values.schema.json narrows the type of %s from %s to %s",
			       pname(path), was, is);
		free(was);
		free(is);
		return;
	}
}

static int in_enum(const json_t *e, const json_t *v)
{
	size_t i;
	json_t *x;
	json_array_foreach(e, i, x)
		if (json_equal(x, v))
			return 1;
	return 0;
}

static void enums(const sside *o, const sside *n, const char *path, cc_changes *out)
{
	const json_t *oe = json_object_get(o->j, "enum"), *ne = json_object_get(n->j, "enum");
	cc_change_at at = at_kw(n, "enum");
	if (json_is_array(ne) && !json_is_array(oe)) {
		cc_changes_add(out, CC_CHANGE_MAJOR, &at, "values.schema.json limits %s to an enum", pname(path));
		return;
	}
	size_t i;
	json_t *v;
	json_array_foreach(json_is_array(ne) ? oe : NULL, i, v) {
		if (in_enum(ne, v))
			continue;
		char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		cc_changes_add(out, CC_CHANGE_MAJOR, &at, "values.schema.json no longer allows %s for %s", t, pname(path));
		free(t);
		return;
	}
}

/* const, additionalProperties: false, pattern: each a restriction the old schema did not have. */
static void restrictions(const sside *o, const sside *n, const char *path, cc_changes *out)
{
	const json_t *oc = json_object_get(o->j, "const"), *nc = json_object_get(n->j, "const");
	if (nc && !(oc && json_equal(oc, nc))) {
		cc_change_at at = at_kw(n, "const");
		cc_changes_add(out, CC_CHANGE_MAJOR, &at, "values.schema.json fixes %s to a const", pname(path));
	}
	const json_t *oa = json_object_get(o->j, "additionalProperties");
	if (json_is_false(json_object_get(n->j, "additionalProperties")) && !json_is_false(oa)) {
		cc_change_at at = at_kw(n, "additionalProperties");
		cc_changes_add(out, CC_CHANGE_MAJOR, &at, "values.schema.json forbids other keys in %s", pname(path));
	}
	const json_t *op = json_object_get(o->j, "pattern"), *np = json_object_get(n->j, "pattern");
	if (json_is_string(np) && !(op && json_equal(op, np))) {
		cc_change_at at = at_kw(n, "pattern");
		cc_changes_add(out, CC_CHANGE_MAJOR, &at, "values.schema.json %s the pattern of %s",
			       op ? "changes" : "adds", pname(path));
	}
}

/* A lower bound raised or an upper bound lowered (or either added). */
static void bounds(const sside *o, const sside *n, const char *path, cc_changes *out)
{
	static const struct { const char *kw; int lower; } kws[] = {
		{ "minimum", 1 }, { "exclusiveMinimum", 1 }, { "minLength", 1 }, { "minItems", 1 },
		{ "minProperties", 1 }, { "maximum", 0 }, { "exclusiveMaximum", 0 }, { "maxLength", 0 },
		{ "maxItems", 0 }, { "maxProperties", 0 },
	};
	for (size_t i = 0; i < sizeof(kws) / sizeof(kws[0]); i++) {
		const json_t *ov = json_object_get(o->j, kws[i].kw), *nv = json_object_get(n->j, kws[i].kw);
		if (!json_is_number(nv))
			continue; /* draft 4's boolean exclusiveMinimum moves with minimum */
		double a = json_is_number(ov) ? json_number_value(ov) : (kws[i].lower ? -INFINITY : INFINITY);
		double b = json_number_value(nv);
		if (kws[i].lower ? b <= a : b >= a)
			continue;
		cc_change_at at = at_kw(n, kws[i].kw);
		cc_changes_add(out, CC_CHANGE_MAJOR, &at, "values.schema.json sets %s of %s to %g%s", kws[i].kw,
			       pname(path), b, json_is_number(ov) ? " (stricter than before)" : "");
	}
}

static sside sub(const sside *s, const char *kw, const char *key)
{
	const json_t *j = json_object_get(s->j, kw);
	const cc_yaml_node *n = cc_changes_child(s->n, kw, NULL);
	sside r = { key ? json_object_get(j, key) : j, key ? cc_changes_child(n, key, NULL) : n, s->doc };
	return r;
}

static void schema(const sside *o, const sside *n, const char *path, int depth, cc_changes *out);

static void properties(const sside *o, const sside *n, const char *path, int depth, cc_changes *out)
{
	const char *key;
	json_t *np;
	json_object_foreach(json_object_get(n->j, "properties"), key, np) {
		char *p = path[0] ? cc_asprintf("%s.%s", path, key) : cc_strdup(key);
		sside os = sub(o, "properties", key), ns = sub(n, "properties", key);
		if (json_is_object(os.j) && json_is_object(ns.j)) {
			schema(&os, &ns, p, depth + 1, out);
		} else if (!os.j && json_is_object(o->j) && !has_string(json_object_get(n->j, "required"), key)) {
			const cc_yaml_node *k = NULL;
			cc_changes_child(cc_changes_child(n->n, "properties", NULL), key, &k);
			cc_change_at at = { n->doc, k, NULL, 0 };
			cc_changes_add(out, CC_CHANGE_MINOR, &at, "values.schema.json adds the optional property %s", p);
		}
		free(p);
	}
}

static void schema(const sside *o, const sside *n, const char *path, int depth, cc_changes *out)
{
	if (depth > 64)
		return; /* deeper than any real values file; bounds the walk on a hostile schema */
	required(o, n, path, out);
	if (json_is_object(o->j)) {
		/* a schema newly written where there was none adds rules, not restrictions users relied on */
		types(o, n, path, out);
		enums(o, n, path, out);
		restrictions(o, n, path, out);
		bounds(o, n, path, out);
	}
	properties(o, n, path, depth, out);
	sside oi = sub(o, "items", NULL), ni = sub(n, "items", NULL);
	if (json_is_object(oi.j) && json_is_object(ni.j)) {
		char *p = cc_asprintf("%s[]", path);
		schema(&oi, &ni, p, depth + 1, out);
		free(p);
	}
}

void cc_changes_schema(const cc_chart_snapshot *old, const cc_chart_snapshot *now, cc_changes *out)
{
	if (!json_is_object(now->schema))
		return;
	sside o = { json_is_object(old->schema) ? old->schema : NULL,
		    old->schema_doc ? cc_yaml_doc_root(old->schema_doc) : NULL, old->schema_doc };
	sside n = { now->schema, now->schema_doc ? cc_yaml_doc_root(now->schema_doc) : NULL, now->schema_doc };
	schema(&o, &n, "", 0, out);
}

/* ---- kubeVersion ---- */

/*
 * The first Kubernetes version old admits and now does not, into buf; 0
 * when none. Releases 1.0 to 1.60 at a few patch levels, with and without
 * a vendor suffix (a prerelease, as EKS and GKE report): what clusters run.
 */
static int dropped(const char *old, const char *now, char *buf, size_t bufsz)
{
	static const int patches[] = { 0, 1, 5, 20 };
	static const char *const suffixes[] = { "", "-eks-1", "-gke.100" };
	for (int minor = 0; minor <= 60; minor++)
		for (size_t p = 0; p < sizeof(patches) / sizeof(patches[0]); p++)
			for (size_t s = 0; s < sizeof(suffixes) / sizeof(suffixes[0]); s++) {
				snprintf(buf, bufsz, "1.%d.%d%s", minor, patches[p], suffixes[s]);
				if ((!old || cc_semver_kube_compatible(old, buf)) && !cc_semver_kube_compatible(now, buf))
					return 1;
			}
	return 0;
}

static int parses(const char *constraint)
{
	cc_constraint c = CC_CONSTRAINT_INIT;
	cc_error e;
	int ok = cc_constraint_parse(&c, constraint, &e) == CC_OK;
	cc_constraint_free(&c);
	return ok;
}

void cc_changes_kube(const cc_chart_snapshot *old, const cc_chart_snapshot *now, cc_changes *out)
{
	const char *o = old->kube_version && old->kube_version[0] ? old->kube_version : NULL;
	const char *n = now->kube_version && now->kube_version[0] ? now->kube_version : NULL;
	char v[64];
	if (!n || (o && strcmp(o, n) == 0) || !parses(n) || (o && !parses(o)) || !dropped(o, n, v, sizeof(v)))
		return;
	const cc_yaml_node *k = NULL;
	cc_changes_child(now->chart_doc ? cc_yaml_doc_root(now->chart_doc) : NULL, "kubeVersion", &k);
	cc_change_at at = { now->chart_doc, k, NULL, 0 };
	cc_changes_add(out, CC_CHANGE_MAJOR, &at, "kubeVersion narrowed from \"%s\" to \"%s\" (Kubernetes %s no longer allowed)",
		       o ? o : "any", n, v);
}
