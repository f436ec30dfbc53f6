/*
 * changes: classifying a chart's change; see changes.h. Values, files,
 * dependencies and locks here; the schema and kubeVersion in schema.c.
 */
#include "changes/changes_int.h"
#include "semver/semver.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cc_changes_add(cc_changes *c, int level, const cc_change_at *at, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->v = cc_realloc(c->v, (c->n + 1) * sizeof(*c->v));
	cc_change *ch = &c->v[c->n++];
	memset(ch, 0, sizeof(*ch));
	ch->level = level;
	ch->what = cc_strdup(msg);
	if (at && at->doc) {
		ch->file = cc_strdup(cc_yaml_doc_file(at->doc));
		ch->line = at->node ? at->node->line : 0;
		ch->col = at->node ? at->node->col : 0;
	} else if (at && at->file) {
		ch->file = cc_strdup(at->file);
	}
	ch->before = at ? at->before : 0;
}

const cc_yaml_node *cc_changes_child(const cc_yaml_node *map, const char *key, const cc_yaml_node **key_node)
{
	cc_yaml_node *k = NULL;
	const cc_yaml_node *v = map && map->kind == CC_YAML_MAP ? cc_yaml_map_get_pair(map, key, &k) : NULL;
	if (key_node)
		*key_node = k;
	return v;
}

/* A value's kind as a user of the chart sees it: integers and reals are both numbers. */
static const char *kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "a map";
	case JSON_ARRAY: return "a list";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* One level of values.yaml in both snapshots: the JSON helm sees, and the node it came from. */
typedef struct vside {
	const json_t *j;
	const cc_yaml_node *n;
	const cc_yaml_doc *doc;
} vside;

static cc_change_at at_key(const vside *s, const char *key, int before)
{
	const cc_yaml_node *k = NULL;
	cc_changes_child(s->n, key, &k);
	/* a key that came from a merge (<<) has no node of its own: point at its map */
	cc_change_at a = { s->doc, k ? k : s->n, NULL, before };
	return a;
}

static vside child(const vside *s, const char *key, const json_t *j)
{
	vside c = { j, cc_changes_child(s->n, key, NULL), s->doc };
	return c;
}

static void values(const vside *old, const vside *now, const char *path, cc_changes *out)
{
	const char *key;
	json_t *ov;
	json_object_foreach((json_t *)old->j, key, ov) {
		char *p = path[0] ? cc_asprintf("%s.%s", path, key) : cc_strdup(key);
		json_t *nv = json_object_get(now->j, key);
		cc_change_at was = at_key(old, key, 1), is = at_key(now, key, 0);
		if (!nv) {
			cc_changes_add(out, CC_CHANGE_MAJOR, &was, "values key %s removed", p);
		} else if (json_is_null(ov) || json_is_null(nv)) {
			/* null means "unset": filling it in or clearing it is no change of kind */
		} else if (strcmp(kind(ov), kind(nv)) != 0) {
			cc_changes_add(out, CC_CHANGE_MAJOR, &is, "values key %s changed from %s to %s", p, kind(ov),
				       kind(nv));
		} else if (json_is_object(ov)) {
			vside oc = child(old, key, ov), nc = child(now, key, nv);
			values(&oc, &nc, p, out);
		}
		free(p);
	}
	json_t *nv;
	json_object_foreach((json_t *)now->j, key, nv) {
		if (!json_object_get(old->j, key)) {
			char *p = path[0] ? cc_asprintf("%s.%s", path, key) : cc_strdup(key);
			cc_change_at is = at_key(now, key, 0);
			cc_changes_add(out, CC_CHANGE_MINOR, &is, "values key %s added", p);
			free(p);
		}
	}
}

/* A templates/ or crds/ file, by its path in the snapshot. */
static cc_change_at at_file(const cc_chart_snapshot *s, const char *name, int before, char **buf)
{
	*buf = s->dir ? cc_path_join(s->dir, name) : NULL;
	cc_change_at a = { NULL, NULL, *buf, before };
	return a;
}

static void files(const cc_chart_snapshot *old, const cc_chart_snapshot *now, cc_changes *out)
{
	char *buf;
	for (size_t i = 0; i < old->files.n; i++) {
		if (cc_strvec_contains(&now->files, old->files.v[i]))
			continue;
		cc_change_at a = at_file(old, old->files.v[i], 1, &buf);
		cc_changes_add(out, CC_CHANGE_MAJOR, &a, "file %s removed", old->files.v[i]);
		free(buf);
	}
	for (size_t i = 0; i < now->files.n; i++) {
		if (cc_strvec_contains(&old->files, now->files.v[i]))
			continue;
		cc_change_at a = at_file(now, now->files.v[i], 0, &buf);
		cc_changes_add(out, CC_CHANGE_MINOR, &a, "file %s added", now->files.v[i]);
		free(buf);
	}
}

/* The entry of a dependencies (or lock) list named name, by alias first. */
static cc_change_at at_dependency(const cc_yaml_doc *doc, const char *name, int before)
{
	const cc_yaml_node *root = doc ? cc_yaml_doc_root(doc) : NULL;
	const cc_yaml_node *list = cc_yaml_map_get_go(root, "dependencies");
	cc_change_at a = { doc, list, NULL, before };
	for (size_t i = 0; list && list->kind == CC_YAML_SEQ && i < list->nitems; i++) {
		const cc_yaml_node *al = cc_yaml_map_get_go(list->items[i], "alias");
		const cc_yaml_node *n = cc_yaml_map_get_go(list->items[i], "name");
		const cc_yaml_node *use = cc_yaml_is_string(al) && al->value[0] ? al : n;
		if (cc_yaml_is_string(use) && strcmp(use->value, name) == 0) {
			a.node = list->items[i];
			break;
		}
	}
	return a;
}

static void dependencies(const cc_chart_snapshot *old, const cc_chart_snapshot *now, cc_changes *out)
{
	for (size_t i = 0; i < old->dependencies.n; i++) {
		if (cc_strvec_contains(&now->dependencies, old->dependencies.v[i]))
			continue;
		cc_change_at a = at_dependency(old->deps_doc, old->dependencies.v[i], 1);
		cc_changes_add(out, CC_CHANGE_MAJOR, &a, "dependency %s removed", old->dependencies.v[i]);
	}
	for (size_t i = 0; i < now->dependencies.n; i++) {
		if (cc_strvec_contains(&old->dependencies, now->dependencies.v[i]))
			continue;
		cc_change_at a = at_dependency(now->deps_doc, now->dependencies.v[i], 0);
		cc_changes_add(out, CC_CHANGE_MINOR, &a, "dependency %s added", now->dependencies.v[i]);
	}
}

/* The major of "name version"'s version, or -1. */
static long long locked_major(const char *entry)
{
	const char *sp = strchr(entry, ' ');
	cc_semver v;
	cc_error e;
	if (!sp || cc_semver_parse(&v, sp + 1, &e) != CC_OK)
		return -1;
	long long m = (long long)v.major;
	cc_semver_free(&v);
	return m;
}

/* "name version" entries: a dependency locked at another major is a breaking change for users of its values. */
static void locked_majors(const cc_chart_snapshot *old, const cc_chart_snapshot *now, cc_changes *out)
{
	for (size_t i = 0; i < old->locked.n; i++) {
		const char *o = old->locked.v[i], *sp = strchr(o, ' ');
		size_t nl = sp ? (size_t)(sp - o) : 0;
		for (size_t j = 0; sp && j < now->locked.n; j++) {
			const char *n = now->locked.v[j], *sq = strchr(n, ' ');
			if (!sq || (size_t)(sq - n) != nl || strncmp(o, n, nl) != 0)
				continue;
			long long a = locked_major(o), b = locked_major(n);
			if (a < 0 || b < 0 || a == b)
				continue;
			char *name = cc_strndup(o, nl);
			cc_change_at at = at_dependency(now->lock_doc, name, 0);
			cc_changes_add(out, CC_CHANGE_MAJOR, &at, "dependency %s locked at %s, was %s", name, sq + 1,
				       sp + 1);
			free(name);
		}
	}
}

static void api_version(const cc_chart_snapshot *old, const cc_chart_snapshot *now, cc_changes *out)
{
	const char *oa = old->api_version ? old->api_version : "v1", *na = now->api_version ? now->api_version : "v1";
	if (strcmp(oa, na) == 0)
		return;
	const cc_yaml_node *n = cc_yaml_map_get_go(now->chart_doc ? cc_yaml_doc_root(now->chart_doc) : NULL,
						   "apiVersion");
	cc_change_at at = { now->chart_doc, n, NULL, 0 };
	cc_changes_add(out, CC_CHANGE_MAJOR, &at, "apiVersion changed from %s to %s", oa, na);
}

void cc_changes_compare(const cc_chart_snapshot *old, const cc_chart_snapshot *now, cc_changes *out)
{
	memset(out, 0, sizeof(*out));
	api_version(old, now, out);
	cc_changes_kube(old, now, out);
	vside ov = { json_is_object(old->values) ? old->values : NULL,
		     old->values_doc ? cc_yaml_doc_root(old->values_doc) : NULL, old->values_doc };
	vside nv = { json_is_object(now->values) ? now->values : NULL,
		     now->values_doc ? cc_yaml_doc_root(now->values_doc) : NULL, now->values_doc };
	values(&ov, &nv, "", out);
	cc_changes_schema(old, now, out);
	files(old, now, out);
	dependencies(old, now, out);
	locked_majors(old, now, out);
}

int cc_changes_level(const cc_changes *c)
{
	int level = CC_CHANGE_PATCH;
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].level > level)
			level = c->v[i].level;
	return level;
}

const cc_change *cc_changes_first(const cc_changes *c, int level)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].level == level)
			return &c->v[i];
	return NULL;
}

char *cc_change_where(const cc_change *c)
{
	if (!c->file)
		return NULL;
	const char *was = c->before ? "was at " : "at ";
	if (c->line > 0)
		return cc_asprintf("%s%s:%d:%d", was, c->file, c->line, c->col);
	return cc_asprintf("%s%s", was, c->file);
}

void cc_changes_free(cc_changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].what);
		free(c->v[i].file);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

void cc_chart_snapshot_free(cc_chart_snapshot *s)
{
	json_decref(s->values);
	json_decref(s->schema);
	cc_strvec_free(&s->files);
	cc_strvec_free(&s->dependencies);
	cc_strvec_free(&s->locked);
	for (size_t i = 0; i < sizeof(s->own) / sizeof(s->own[0]); i++)
		cc_yaml_doc_free(s->own[i]);
	for (size_t i = 0; i < sizeof(s->own_str) / sizeof(s->own_str[0]); i++)
		free(s->own_str[i]);
	memset(s, 0, sizeof(*s));
}
