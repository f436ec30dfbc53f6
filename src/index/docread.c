/*
 * docread.c: an existing index.yaml read into a cc_index_doc, as helm's
 * LoadIndexFile reads it to merge into.
 *
 * cc_index_parse already holds helm's decoder: it refuses what helm
 * refuses, with positions, and knows which entries helm drops on load
 * (null ones, those failing Metadata.Validate). So it runs first, and an
 * entry of the YAML tree is kept only when the table kept an entry of the
 * same chart, version and line. What remains is building each kept entry
 * the way Go's structs would hold it, from the tree, which has every
 * field the table leaves out.
 */
#include "index/index_int.h"

#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"
#include "lock/lock.h"

enum { F_STR, F_STRS, F_BOOL, F_MAP, F_ANY, F_MAINTAINERS, F_DEPS, F_TIME };
enum { KEEP_EMPTY = 1, SANITIZE = 2 };

typedef struct field {
	const char *name;
	int kind, flags;
} field;

static const field version_fields[] = {
	{ "name", F_STR, SANITIZE },	    { "home", F_STR, SANITIZE },
	{ "sources", F_STRS, SANITIZE },    { "version", F_STR, 0 },
	{ "description", F_STR, SANITIZE }, { "keywords", F_STRS, SANITIZE },
	{ "maintainers", F_MAINTAINERS, 0 }, { "icon", F_STR, SANITIZE },
	{ "apiVersion", F_STR, 0 },	    { "condition", F_STR, SANITIZE },
	{ "tags", F_STR, SANITIZE },	    { "appVersion", F_STR, SANITIZE },
	{ "deprecated", F_BOOL, 0 },	    { "annotations", F_MAP, 0 },
	{ "kubeVersion", F_STR, SANITIZE }, { "dependencies", F_DEPS, 0 },
	{ "type", F_STR, 0 },		    { "urls", F_STRS, 0 },
	{ "created", F_TIME, 0 },	    { "removed", F_BOOL, 0 },
	{ "digest", F_STR, 0 },		    { "checksum", F_STR, 0 },
	{ "engine", F_STR, 0 },		    { "tillerVersion", F_STR, 0 },
	{ "url", F_STR, 0 },		    { NULL, 0, 0 }
};

static const field maintainer_fields[] = { { "name", F_STR, SANITIZE },
					   { "email", F_STR, SANITIZE },
					   { "url", F_STR, SANITIZE },
					   { NULL, 0, 0 } };

static const field dependency_fields[] = {
	{ "name", F_STR, KEEP_EMPTY | SANITIZE }, { "version", F_STR, SANITIZE },
	{ "repository", F_STR, KEEP_EMPTY | SANITIZE }, { "condition", F_STR, SANITIZE },
	{ "tags", F_STRS, SANITIZE },		  { "enabled", F_BOOL, 0 },
	{ "import-values", F_ANY, 0 },		  { "alias", F_STR, 0 },
	{ NULL, 0, 0 }
};

typedef struct rd {
	const char *file;
	cc_buf scratch;
	cc_error *err;
} rd;

static ix_ev node_ev(const cc_yaml_node *n)
{
	ix_ev e;
	memset(&e, 0, sizeof(e));
	e.kind = IX_SCALAR;
	e.val = n->value;
	e.len = n->len;
	e.type = n->type;
	e.line = n->line;
	e.col = n->col;
	return e;
}

/* A Go string field's value: numbers and booleans as sigs.k8s.io/yaml formats them; NULL for null. */
static char *text(rd *r, const cc_yaml_node *n, int sanitize)
{
	if (!n || n->kind != CC_YAML_SCALAR || cc_yaml_is_null(n))
		return NULL;
	ix_ev e = node_ev(n);
	const char *t = ix_coerce(&e, &r->scratch);
	size_t len = t ? strlen(t) : n->len;
	return sanitize ? cc_lock_sanitize(t ? t : n->value, len) : cc_strndup(t ? t : n->value, len);
}

/* time.Time through JSON: RFC 3339 with the fraction's trailing zeros trimmed and "Z" for offset 0. */
static json_t *go_time(const char *s)
{
	if (!s || !*s)
		return json_string("0001-01-01T00:00:00Z");
	cc_buf b = CC_BUF_INIT;
	size_t n = strlen(s), frac = n > 19 && s[19] == '.' ? 19 : n, end = frac + 1;
	while (end < n && s[end] >= '0' && s[end] <= '9')
		end++;
	size_t keep = end;
	while (frac < n && keep > frac + 1 && s[keep - 1] == '0')
		keep--;
	cc_buf_put(&b, s, frac < n ? (keep == frac + 1 ? frac : keep) : n);
	const char *zone = frac < n ? s + end : "";
	cc_buf_puts(&b, !strcmp(zone, "+00:00") || !strcmp(zone, "-00:00") || !strcmp(zone, "z") ? "Z" : zone);
	json_t *j = json_stringn_nocheck(b.ptr, b.len);
	cc_buf_free(&b);
	return j;
}

/* ---- Merge keys ---------------------------------------------------------- */

typedef struct pairs {
	cc_yaml_pair *v;
	size_t n, cap;
} pairs;

static int is_merge(const cc_yaml_node *k)
{
	return k->kind == CC_YAML_SCALAR && ix_is_merge_key(k->style == CC_YAML_PLAIN, k->tag, k->value, k->len);
}

static void push_pair(pairs *out, const cc_yaml_pair *p)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 16;
		out->v = cc_realloc(out->v, out->cap * sizeof(*out->v));
	}
	out->v[out->n++] = *p;
}

/*
 * The pairs a mapping sets, in the order go-yaml v2 sets them: a merged
 * map's pairs where its key stands, a list of maps last first. The lookups
 * take the last of a key, so a key written after a merge holds over it and
 * the earlier map of a list holds over a later one, as in the table. The
 * table has refused what is not a map or a list of maps; the alias bound
 * of the loader keeps the expansion linear in the input.
 */
static void flatten(const cc_yaml_node *m, pairs *out)
{
	for (size_t i = 0; i < m->npairs; i++) {
		const cc_yaml_pair *p = &m->pairs[i];
		const cc_yaml_node *v = p->value;
		if (!is_merge(p->key)) {
			push_pair(out, p);
			continue;
		}
		if (v->kind == CC_YAML_MAP)
			flatten(v, out);
		for (size_t j = v->kind == CC_YAML_SEQ ? v->nitems : 0; j > 0; j--)
			if (v->items[j - 1]->kind == CC_YAML_MAP)
				flatten(v->items[j - 1], out);
	}
}

/* m with its merge keys applied, in *view when it has any; view_free releases it. */
static const cc_yaml_node *merged(const cc_yaml_node *m, cc_yaml_node *view)
{
	memset(view, 0, sizeof(*view));
	int any = 0;
	for (size_t i = 0; m && m->kind == CC_YAML_MAP && i < m->npairs && !any; i++)
		any = is_merge(m->pairs[i].key);
	if (!any)
		return m;
	pairs p = { NULL, 0, 0 };
	flatten(m, &p);
	*view = *m;
	view->pairs = p.v;
	view->npairs = p.n;
	return view;
}

static void view_free(cc_yaml_node *view)
{
	free(view->pairs);
}

static int decode_object(rd *r, const cc_yaml_node *m, const field *fs, json_t **out);

static json_t *strings(rd *r, const cc_yaml_node *n, int sanitize)
{
	json_t *a = json_array();
	for (size_t i = 0; n && n->kind == CC_YAML_SEQ && i < n->nitems; i++) {
		char *s = text(r, n->items[i], sanitize);
		json_array_append_new(a, json_string_nocheck(s ? s : ""));
		free(s);
	}
	return a;
}

static json_t *string_map(rd *r, const cc_yaml_node *map)
{
	cc_yaml_node view;
	const cc_yaml_node *n = merged(map, &view);
	json_t *o = json_object();
	for (size_t i = 0; n && n->kind == CC_YAML_MAP && i < n->npairs; i++) {
		ix_ev k = node_ev(n->pairs[i].key);
		const char *key = n->pairs[i].key->kind == CC_YAML_SCALAR ? ix_key_string(&k, &r->scratch) : NULL;
		char *kc = key ? cc_strdup(key) : NULL;
		char *v = text(r, n->pairs[i].value, 0);
		if (kc)
			json_object_set_new_nocheck(o, kc, json_string_nocheck(v ? v : ""));
		free(kc);
		free(v);
	}
	view_free(&view);
	json_t *sorted = cc_emit_sort_keys(o);
	json_decref(o);
	return sorted;
}

static int objects(rd *r, const cc_yaml_node *n, const field *fs, json_t **out)
{
	json_t *a = json_array();
	int rc = 0;
	for (size_t i = 0; n && n->kind == CC_YAML_SEQ && i < n->nitems && rc == 0; i++) {
		json_t *o = NULL;
		if (!cc_yaml_is_null(n->items[i]))
			rc = decode_object(r, n->items[i], fs, &o);
		if (o)
			json_array_append_new(a, o);
	}
	*out = a;
	return rc;
}

static int value(rd *r, const cc_yaml_node *n, const field *f, json_t **out)
{
	char *s;
	*out = NULL;
	switch (f->kind) {
	case F_STR:
		s = text(r, n, f->flags & SANITIZE);
		*out = s || (f->flags & KEEP_EMPTY) ? json_string_nocheck(s ? s : "") : NULL;
		free(s);
		return 0;
	case F_TIME:
		s = text(r, n, 0);
		*out = go_time(s);
		free(s);
		return 0;
	case F_STRS:
		*out = strings(r, n, f->flags & SANITIZE);
		return 0;
	case F_MAP:
		*out = string_map(r, n);
		return 0;
	case F_MAINTAINERS:
		return objects(r, n, maintainer_fields, out);
	case F_DEPS:
		return objects(r, n, dependency_fields, out);
	default:
		break;
	}
	json_t *j = NULL;
	int rc = n && !cc_yaml_is_null(n) ? cc_yaml_to_json(n, r->file, &j, r->err) : 0;
	if (f->kind == F_BOOL)
		*out = json_is_true(j) ? json_true() : NULL;
	else
		*out = j ? cc_emit_sort_keys(j) : NULL;
	json_decref(j);
	return rc;
}

/* omitempty: "", false, and empty lists and maps are left out. */
static int empty(const json_t *v)
{
	return (json_is_string(v) && !*json_string_value(v)) || (json_is_array(v) && !json_array_size(v)) ||
	       (json_is_object(v) && !json_object_size(v));
}

static int decode_object(rd *r, const cc_yaml_node *map, const field *fs, json_t **out)
{
	cc_yaml_node view;
	const cc_yaml_node *m = merged(map, &view);
	json_t *o = json_object();
	int rc = 0;
	for (const field *f = fs; f->name && rc == 0; f++) {
		json_t *v = NULL;
		rc = value(r, cc_yaml_map_get_go(m, f->name), f, &v);
		if (v && (!empty(v) || (f->flags & KEEP_EMPTY)))
			json_object_set_new_nocheck(o, f->name, v);
		else
			json_decref(v);
	}
	view_free(&view);
	if (rc != 0) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

/* Whether the table kept this entry: the same chart, version and line. */
static int kept(const cc_index *idx, const char *chart, const json_t *e, int line)
{
	const cc_index_entry *const *v;
	size_t n;
	const char *version = json_string_value(json_object_get(e, "version"));
	if (cc_index_chart(idx, chart, &v, &n) != CC_OK || !version)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (v[i]->line == line && !strcmp(v[i]->version, version))
			return 1;
	return 0;
}

/* helm sets an empty apiVersion to "v1" on the struct, so the field keeps
 * its place: the fields after it are moved behind it. */
static void default_api_version(json_t *e)
{
	json_object_set_new_nocheck(e, "apiVersion", json_string("v1"));
	const field *f = version_fields;
	while (strcmp(f->name, "apiVersion") != 0)
		f++;
	for (f++; f->name; f++) {
		json_t *v = json_object_get(e, f->name);
		if (v) {
			json_incref(v);
			json_object_del(e, f->name);
			json_object_set_new_nocheck(e, f->name, v);
		}
	}
}

static int chart_list(rd *r, const cc_index *idx, const char *chart, const cc_yaml_node *seq, json_t *list)
{
	for (size_t i = 0; seq && seq->kind == CC_YAML_SEQ && i < seq->nitems; i++) {
		const cc_yaml_node *item = seq->items[i];
		json_t *e = NULL;
		if (cc_yaml_is_null(item) || item->kind != CC_YAML_MAP)
			continue;
		int rc = decode_object(r, item, version_fields, &e);
		if (rc != 0)
			return rc;
		if (!json_string_value(json_object_get(e, "apiVersion")))
			default_api_version(e);
		if (kept(idx, chart, e, item->line))
			json_array_append_new(list, e);
		else
			json_decref(e);
	}
	return 0;
}

/* A repeated chart key: the last list wins, as encoding/json has it. */
static int entries(rd *r, const cc_index *idx, const cc_yaml_node *map, json_t *out)
{
	cc_yaml_node view;
	const cc_yaml_node *m = merged(map, &view);
	int rc = 0;
	for (size_t i = 0; m && m->kind == CC_YAML_MAP && i < m->npairs && rc == 0; i++) {
		const cc_yaml_node *k = m->pairs[i].key;
		ix_ev ev = node_ev(k);
		const char *key = k->kind == CC_YAML_SCALAR ? ix_key_string(&ev, &r->scratch) : NULL;
		if (!key)
			continue;
		char *name = cc_strdup(key);
		json_t *list = json_array();
		rc = chart_list(r, idx, name, m->pairs[i].value, list);
		json_object_set_new_nocheck(out, name, list);
		free(name);
	}
	view_free(&view);
	return rc;
}

static int top_level(rd *r, const cc_yaml_node *root, cc_index_doc *d)
{
	static const field info = { "serverInfo", F_ANY, 0 }, keys = { "publicKeys", F_STRS, 0 },
			    notes = { "annotations", F_MAP, 0 };
	int rc = value(r, cc_yaml_map_get_go(root, "serverInfo"), &info, &d->server_info);
	if (rc == 0 && cc_yaml_map_get_go(root, "publicKeys"))
		rc = value(r, cc_yaml_map_get_go(root, "publicKeys"), &keys, &d->public_keys);
	if (rc == 0 && cc_yaml_map_get_go(root, "annotations"))
		rc = value(r, cc_yaml_map_get_go(root, "annotations"), &notes, &d->annotations);
	return rc;
}

int cc_index_doc_parse(const char *data, size_t len, const char *file, cc_index_doc **out, cc_error *err)
{
	cc_index *idx = NULL;
	cc_yaml_doc *doc = NULL;
	*out = NULL;
	int rc = cc_index_parse(data, len, file, NULL, &idx, err);
	if (rc == 0)
		rc = cc_yaml_load(&doc, data, len, file, NULL, err);
	cc_index_doc *d = cc_index_doc_new();
	rd r = { file, CC_BUF_INIT, err };
	cc_yaml_node view;
	const cc_yaml_node *root = merged(doc ? cc_yaml_doc_root(doc) : NULL, &view);
	if (rc == 0 && root) {
		free(d->api_version);
		d->api_version = cc_strdup(cc_index_api_version(idx));
		rc = entries(&r, idx, cc_yaml_map_get_go(root, "entries"), d->entries);
	}
	if (rc == 0 && root)
		rc = top_level(&r, root, d);
	view_free(&view);
	cc_buf_free(&r.scratch);
	cc_yaml_doc_free(doc);
	cc_index_free(idx);
	if (rc != 0) {
		cc_index_doc_free(d);
		return rc;
	}
	cc_index_doc_sort(d);
	*out = d;
	return 0;
}

int cc_index_doc_load(const char *path, cc_index_doc **out, cc_error *err)
{
	cc_buf b = CC_BUF_INIT;
	*out = NULL;
	int rc = cc_file_read(path, CC_INDEX_DEFAULT_MAX_SIZE, &b, err);
	if (rc == 0)
		rc = cc_index_doc_parse(b.ptr ? b.ptr : "", b.len, path, out, err);
	cc_buf_free(&b);
	return rc;
}
