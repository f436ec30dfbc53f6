/*
 * changes: classifying a chart's change; see changes.h.
 */
#include "changes/changes.h"
#include "semver/semver.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void add(cc_changes *c, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void add(cc_changes *c, int level, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->v = cc_realloc(c->v, (c->n + 1) * sizeof(*c->v));
	c->v[c->n].level = level;
	c->v[c->n].what = cc_strdup(msg);
	c->n++;
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

static void values(const json_t *old, const json_t *now, const char *path, cc_changes *out)
{
	const char *key;
	json_t *ov;
	json_object_foreach((json_t *)old, key, ov) {
		char *p = path[0] ? cc_asprintf("%s.%s", path, key) : cc_strdup(key);
		json_t *nv = json_object_get(now, key);
		if (!nv)
			add(out, CC_CHANGE_MAJOR, "values key %s removed", p);
		else if (json_is_null(ov) || json_is_null(nv))
			; /* null means "unset": filling it in or clearing it is no change of kind */
		else if (strcmp(kind(ov), kind(nv)) != 0)
			add(out, CC_CHANGE_MAJOR, "values key %s changed from %s to %s", p, kind(ov), kind(nv));
		else if (json_is_object(ov))
			values(ov, nv, p, out);
		free(p);
	}
	json_t *nv;
	json_object_foreach((json_t *)now, key, nv) {
		if (!json_object_get(old, key)) {
			char *p = path[0] ? cc_asprintf("%s.%s", path, key) : cc_strdup(key);
			add(out, CC_CHANGE_MINOR, "values key %s added", p);
			free(p);
		}
	}
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

/* Newly required properties, at every level the two schemas share. */
static void schema(const json_t *old, const json_t *now, const char *path, cc_changes *out)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(now, "required"), i, r) {
		if (json_is_string(r) && !has_string(json_object_get(old, "required"), json_string_value(r)))
			add(out, CC_CHANGE_MAJOR, "values.schema.json now requires %s%s%s", path, path[0] ? "." : "",
			    json_string_value(r));
	}
	const char *key;
	json_t *np;
	json_object_foreach(json_object_get(now, "properties"), key, np) {
		json_t *op = json_object_get(json_object_get(old, "properties"), key);
		if (json_is_object(op) && json_is_object(np)) {
			char *p = path[0] ? cc_asprintf("%s.%s", path, key) : cc_strdup(key);
			schema(op, np, p, out);
			free(p);
		}
	}
}

static void lists(const cc_strvec *old, const cc_strvec *now, const char *what, cc_changes *out)
{
	for (size_t i = 0; i < old->n; i++)
		if (!cc_strvec_contains(now, old->v[i]))
			add(out, CC_CHANGE_MAJOR, "%s %s removed", what, old->v[i]);
	for (size_t i = 0; i < now->n; i++)
		if (!cc_strvec_contains(old, now->v[i]))
			add(out, CC_CHANGE_MINOR, "%s %s added", what, now->v[i]);
}

/* "name version" entries: a dependency locked at another major is a breaking change for users of its values. */
static void locked_majors(const cc_strvec *old, const cc_strvec *now, cc_changes *out)
{
	for (size_t i = 0; i < old->n; i++) {
		const char *sp = strchr(old->v[i], ' ');
		size_t nl = sp ? (size_t)(sp - old->v[i]) : 0;
		for (size_t j = 0; sp && j < now->n; j++) {
			const char *sq = strchr(now->v[j], ' ');
			if (!sq || (size_t)(sq - now->v[j]) != nl || strncmp(old->v[i], now->v[j], nl) != 0)
				continue;
			cc_semver a, b;
			cc_error e;
			if (cc_semver_parse(&a, sp + 1, &e) != CC_OK)
				continue;
			if (cc_semver_parse(&b, sq + 1, &e) == CC_OK) {
				if (a.major != b.major)
					add(out, CC_CHANGE_MAJOR, "dependency %.*s locked at %s, was %s", (int)nl, old->v[i],
					    sq + 1, sp + 1);
				cc_semver_free(&b);
			}
			cc_semver_free(&a);
		}
	}
}

void cc_changes_compare(const cc_chart_snapshot *old, const cc_chart_snapshot *now, cc_changes *out)
{
	memset(out, 0, sizeof(*out));
	const char *oa = old->api_version ? old->api_version : "v1", *na = now->api_version ? now->api_version : "v1";
	if (strcmp(oa, na) != 0)
		add(out, CC_CHANGE_MAJOR, "apiVersion changed from %s to %s", oa, na);
	if (json_is_object(old->values))
		values(old->values, json_is_object(now->values) ? now->values : NULL, "", out);
	else if (json_is_object(now->values))
		values(NULL, now->values, "", out);
	if (json_is_object(now->schema))
		schema(old->schema, now->schema, "", out);
	lists(&old->files, &now->files, "file", out);
	lists(&old->dependencies, &now->dependencies, "dependency", out);
	locked_majors(&old->locked, &now->locked, out);
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

void cc_changes_free(cc_changes *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].what);
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
	memset(s, 0, sizeof(*s));
}
