/*
 * decode.c: the index walked event by event with helm's types in mind.
 *
 * helm reads an index as IndexFile{apiVersion, generated, entries,
 * serverInfo, publicKeys, annotations}; every value is checked against the
 * Go type it would be decoded into (see the K_* kinds), including values
 * chartci does not keep, because helm refuses the whole index over any of
 * them. The strict YAML reader adds duplicate keys and unknown fields to
 * the refusals; JSON input gets encoding/json's rules instead (last key
 * wins, unknown fields ignored, no string coercion).
 */
#include "index/decode.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int dec_next(dec *d, ix_ev *e)
{
	return ix_next(&d->src, e, d->err);
}

int dec_error(dec *d, int code, const ix_ev *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cc_error_setv(d->err, code, d->file, at->line, at->col, fmt, ap);
	va_end(ap);
	return code;
}

const char *dec_what(const ix_ev *v)
{
	if (v->kind == IX_MAP)
		return "a mapping";
	if (v->kind == IX_SEQ)
		return "a list";
	switch (v->type) {
	case CC_YAML_T_NULL: return "null";
	case CC_YAML_T_BOOL: return "a boolean";
	case CC_YAML_T_INT:
	case CC_YAML_T_FLOAT: return "a number";
	default: return "a string";
	}
}

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Called for every key against every field name, so the first byte decides most cheaply. */
int dec_field_is(const char *key, size_t klen, const char *name)
{
	if (klen == 0 || fold(key[0]) != fold(name[0]))
		return 0;
	size_t n = strlen(name);
	if (klen != n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (fold(key[i]) != fold(name[i]))
			return 0;
	}
	return 1;
}

static ix_keys *set_at(dec *d, size_t depth)
{
	if (depth >= d->nsets) {
		size_t n = depth + 8;
		d->sets = cc_realloc(d->sets, n * sizeof(*d->sets));
		memset(d->sets + d->nsets, 0, (n - d->nsets) * sizeof(*d->sets));
		d->nsets = n;
	}
	return &d->sets[depth];
}

static int any_pair(dec *d, void *ctx, const char *key, size_t klen, const ix_ev *k, const ix_ev *v)
{
	(void)ctx, (void)key, (void)klen, (void)k;
	return dec_skip(d, v);
}

/* Any value: checked for what the YAML reader refuses anywhere (keys, duplicates, merges). */
int dec_skip(dec *d, const ix_ev *v)
{
	if (v->kind == IX_MAP)
		return dec_map(d, v, any_pair, NULL);
	if (v->kind != IX_SEQ)
		return CC_OK;
	ix_ev e;
	for (;;) {
		int rc = dec_next(d, &e);
		if (rc != CC_OK)
			return rc;
		if (e.kind == IX_SEQ_END || e.kind == IX_END)
			return CC_OK;
		if ((rc = dec_skip(d, &e)) != CC_OK)
			return rc;
	}
}

typedef struct map_ctx {
	size_t depth;   /* its key set is d->sets[depth]: a deeper map may move the array */
	pair_fn fn;
	void *ctx;
	int soft_dups;  /* lenient and the entries mapping: a repeated chart is skipped */
} map_ctx;

static int map_body(dec *d, map_ctx *m);
static int chart_pair(dec *d, void *ctx, const char *key, size_t klen, const ix_ev *k, const ix_ev *v);

/* `<<: *a` or `<<: [*a, *b]`: the mappings' pairs join this one (go-yaml v2's merge). */
static int merge(dec *d, map_ctx *m, const ix_ev *v)
{
	if (v->kind == IX_MAP)
		return map_body(d, m);
	if (v->kind != IX_SEQ)
		return dec_error(d, CC_EINVALID, v, "map merge requires map or sequence of maps as the value");
	ix_ev e;
	for (;;) {
		int rc = dec_next(d, &e);
		if (rc != CC_OK)
			return rc;
		if (e.kind == IX_SEQ_END || e.kind == IX_END)
			return CC_OK;
		if (e.kind != IX_MAP)
			return dec_error(d, CC_EINVALID, &e,
					 "map merge requires map or sequence of maps as the value");
		if ((rc = map_body(d, m)) != CC_OK)
			return rc;
	}
}

/* The key as the JSON key it becomes; duplicates are refused by the YAML reader. */
static int take_key(dec *d, map_ctx *m, const ix_ev *k, int *dup)
{
	if (k->kind != IX_SCALAR)
		return dec_error(d, CC_EINVALID, k, "a mapping key must be a scalar, not %s", dec_what(k));
	const char *s = ix_key_string(k, &d->scratch);
	if (!s)
		return dec_error(d, CC_EINVALID, k, "a null mapping key (helm cannot read it)");
	size_t n = s == k->val ? k->len : strlen(s);
	cc_buf_clear(&d->name);
	cc_buf_put(&d->name, s, n);
	ix_keys *set = &d->sets[m->depth];
	const ix_key *old = d->json ? NULL : ix_keys_find(set, s, n);
	*dup = old != NULL;
	if (old && m->soft_dups) {
		ix_add_skip(d->idx, k->line, k->col, "chart \"%s\" listed again (first at line %d) skipped",
			    d->name.ptr, old->line);
		return CC_OK;
	}
	if (old)
		return dec_error(d, CC_EINVALID, k,
				 "duplicate key \"%s\" (first at line %d, column %d); helm refuses the index",
				 d->name.ptr, old->line, old->col);
	if (!d->json)
		ix_keys_add(set, s, n, k->line, k->col, 0);
	return CC_OK;
}

static int one_pair(dec *d, map_ctx *m, const ix_ev *k)
{
	ix_ev v;
	int rc;
	if (k->merge && !d->json) {
		if ((rc = dec_next(d, &v)) != CC_OK)
			return rc;
		return merge(d, m, &v);
	}
	int dup = 0;
	if ((rc = take_key(d, m, k, &dup)) != CC_OK)
		return rc;
	if (dup) { /* lenient: the value goes unread */
		size_t depth = d->src.depth;
		if ((rc = dec_next(d, &v)) != CC_OK)
			return rc;
		return ix_skip_to(&d->src, depth, d->err);
	}
	/* the handler may read further keys, so it gets its own copy of this one */
	size_t klen = d->name.len;
	char small[128], *key = klen < sizeof(small) ? small : cc_malloc(klen + 1);
	memcpy(key, d->name.ptr, klen + 1);
	ix_ev kc = *k;
	kc.val = key;
	if ((rc = dec_next(d, &v)) == CC_OK)
		rc = m->fn(d, m->ctx, key, klen, &kc, &v);
	if (key != small)
		free(key);
	return rc;
}

static int map_body(dec *d, map_ctx *m)
{
	ix_ev k;
	for (;;) {
		int rc = dec_next(d, &k);
		if (rc != CC_OK)
			return rc;
		if (k.kind == IX_MAP_END || k.kind == IX_END)
			return CC_OK;
		if ((rc = one_pair(d, m, &k)) != CC_OK)
			return rc;
	}
}

int dec_map(dec *d, const ix_ev *start, pair_fn fn, void *ctx)
{
	(void)start;
	ix_keys_clear(set_at(d, d->src.depth));
	map_ctx m = { d->src.depth, fn, ctx, d->lenient && fn == chart_pair };
	return map_body(d, &m);
}

int dec_unknown(dec *d, const char *key, const ix_ev *k, const ix_ev *v)
{
	if (d->json)
		return dec_skip(d, v);
	return dec_error(d, CC_EINVALID, k, "unknown field \"%s\"; helm refuses the index", key);
}

static int type_error(dec *d, const ix_ev *v, const char *field, const char *want)
{
	return dec_error(d, CC_EINVALID, v, "%s is %s where helm expects %s; helm refuses the index",
			 field, dec_what(v), want);
}

static int string_value(dec *d, int coerce, const ix_ev *v, const char *field, const char **s, size_t *n)
{
	if (v->kind != IX_SCALAR)
		return type_error(d, v, field, "a string");
	if (v->type == CC_YAML_T_NULL) {
		*s = NULL;
		*n = 0;
		return CC_OK;
	}
	if (v->type == CC_YAML_T_INT || v->type == CC_YAML_T_FLOAT || v->type == CC_YAML_T_BOOL) {
		if (!coerce || d->json)
			return type_error(d, v, field, "a string (quote it)");
		*s = ix_coerce(v, &d->scratch);
		*n = strlen(*s);
		return CC_OK;
	}
	*s = v->val;
	*n = v->len;
	return CC_OK;
}

static int list_of(dec *d, int kind, const ix_ev *v, const char *field)
{
	if (v->kind == IX_SCALAR && v->type == CC_YAML_T_NULL)
		return CC_OK;
	if (v->kind != IX_SEQ)
		return type_error(d, v, field, "a list");
	ix_ev e;
	const char *s;
	size_t n;
	for (;;) {
		int rc = dec_next(d, &e);
		if (rc != CC_OK)
			return rc;
		if (e.kind == IX_SEQ_END || e.kind == IX_END)
			return CC_OK;
		rc = kind == K_ANY ? dec_skip(d, &e) : dec_value(d, kind, &e, field, &s, &n);
		if (rc != CC_OK)
			return rc;
	}
}

typedef struct strmap_ctx {
	int kind;
	const char *field;
} strmap_ctx;

static int strmap_pair(dec *d, void *ctx, const char *key, size_t klen, const ix_ev *k, const ix_ev *v)
{
	const strmap_ctx *c = ctx;
	const char *s;
	size_t n;
	(void)key, (void)klen, (void)k;
	return c->kind == K_ANY ? dec_skip(d, v) : dec_value(d, c->kind, v, c->field, &s, &n);
}

static int map_of(dec *d, int kind, const ix_ev *v, const char *field)
{
	if (v->kind == IX_SCALAR && v->type == CC_YAML_T_NULL)
		return CC_OK;
	if (v->kind != IX_MAP)
		return type_error(d, v, field, "a mapping");
	strmap_ctx c = { kind, field };
	return dec_map(d, v, strmap_pair, &c);
}

static int scalar_kind(dec *d, int kind, const ix_ev *v, const char *field, const char **s, size_t *n)
{
	int rc;
	switch (kind) {
	case K_TIME:
		if (v->kind == IX_SCALAR && v->type == CC_YAML_T_NULL)
			return string_value(d, 0, v, field, s, n);
		if (v->kind != IX_SCALAR || v->type == CC_YAML_T_INT || v->type == CC_YAML_T_FLOAT ||
		    v->type == CC_YAML_T_BOOL)
			return type_error(d, v, field, "an RFC 3339 time string");
		if ((rc = string_value(d, 0, v, field, s, n)) == CC_OK && !ix_rfc3339(*s, *n))
			return dec_error(d, CC_EINVALID, v,
					 "%s \"%s\" is not an RFC 3339 time (2006-01-02T15:04:05Z07:00); "
					 "helm refuses the index", field, *s);
		return rc;
	case K_BOOL:
		if (v->kind != IX_SCALAR || (v->type != CC_YAML_T_BOOL && v->type != CC_YAML_T_NULL))
			return type_error(d, v, field, "a boolean");
		*s = v->val;
		*n = v->len;
		return CC_OK;
	default:
		return string_value(d, kind == K_STRC, v, field, s, n);
	}
}

int dec_value(dec *d, int kind, const ix_ev *v, const char *field, const char **s, size_t *n)
{
	*s = NULL;
	*n = 0;
	switch (kind) {
	case K_ANY: return dec_skip(d, v);
	case K_ANYMAP: return map_of(d, K_ANY, v, field);
	case K_ANYSEQ: return list_of(d, K_ANY, v, field);
	case K_STRSEQ: return list_of(d, K_STR, v, field);
	case K_STRSEQC: return list_of(d, K_STRC, v, field);
	case K_STRMAP: return map_of(d, K_STR, v, field);
	case K_STRMAPC: return map_of(d, K_STRC, v, field);
	default: return scalar_kind(d, kind, v, field, s, n);
	}
}

/* With lenient, a problem that is not a syntax error or a bound is noted and its value stepped over. */
static int soften(dec *d, int rc, size_t depth, const char *what)
{
	if (rc == CC_OK || !d->lenient || d->src.hard || rc != CC_EINVALID)
		return rc;
	ix_add_skip(d->idx, d->err->line, d->err->col, "%s skipped: %s", what, d->err->msg);
	cc_error_clear(d->err);
	return ix_skip_to(&d->src, depth, d->err);
}

/* One chart's list of versions. A null item is dropped, as helm drops it. */
static int chart_list(dec *d, size_t chart, const char *name, const ix_ev *v)
{
	if (v->kind == IX_SCALAR && v->type == CC_YAML_T_NULL)
		return CC_OK;
	if (v->kind != IX_SEQ)
		return type_error(d, v, name, "a list of chart versions");
	ix_ev e;
	for (;;) {
		size_t depth = d->src.depth;
		int rc = dec_next(d, &e);
		if (rc != CC_OK)
			return rc;
		if (e.kind == IX_SEQ_END || e.kind == IX_END)
			return CC_OK;
		if (e.kind == IX_SCALAR && e.type == CC_YAML_T_NULL)
			ix_add_skip(d->idx, e.line, e.col, "skipping invalid entry for chart \"%s\": empty entry", name);
		else if (e.kind != IX_MAP)
			rc = type_error(d, &e, "a chart version", "a mapping");
		else
			rc = dec_entry(d, chart, name, &e);
		if ((rc = soften(d, rc, depth, "entry")) != CC_OK)
			return rc;
	}
}

static int chart_pair(dec *d, void *ctx, const char *key, size_t klen, const ix_ev *k, const ix_ev *v)
{
	(void)ctx;
	const ix_key *seen = ix_keys_find(&d->charts, key, klen);
	size_t chart;
	if (seen) { /* a repeated key: the later list wins (encoding/json) */
		chart = seen->val;
		ix_reset_chart(d->idx, chart);
	} else {
		chart = ix_add_chart(d->idx, key, klen);
		ix_keys_add(&d->charts, key, klen, k->line, k->col, chart);
	}
	size_t depth = d->src.depth - (v->kind == IX_MAP || v->kind == IX_SEQ);
	return soften(d, chart_list(d, chart, d->idx->charts[chart].name, v), depth, "chart list");
}

/* In YAML a chart listed twice is an error (see take_key); lenient keeps the first list. */
static int entries_value(dec *d, const ix_ev *v)
{
	if (v->kind == IX_SCALAR && v->type == CC_YAML_T_NULL)
		return CC_OK;
	if (v->kind != IX_MAP)
		return dec_error(d, CC_EINVALID, v, "entries is %s where helm expects a mapping of charts",
				 dec_what(v));
	return dec_map(d, v, chart_pair, NULL);
}

typedef struct top_ctx {
	char api_spelling[16];
	int api_set;
} top_ctx;

static int api_version(dec *d, top_ctx *t, const char *key, const ix_ev *v)
{
	const char *s;
	size_t n;
	int rc = dec_value(d, K_STRC, v, "apiVersion", &s, &n);
	if (rc != CC_OK)
		return rc;
	/* of two spellings, encoding/json sees the bytewise greater last (YAML) or the later (JSON) */
	if (t->api_set && !d->json && strcmp(key, t->api_spelling) < 0)
		return CC_OK;
	snprintf(t->api_spelling, sizeof(t->api_spelling), "%s", key);
	t->api_set = 1;
	d->idx->api_version = s ? ix_strndup(&d->idx->arena, s, n) : NULL;
	return CC_OK;
}

static int top_field(dec *d, top_ctx *t, const char *key, size_t klen, const ix_ev *k, const ix_ev *v)
{
	const char *s;
	size_t n;
	if (dec_field_is(key, klen, "apiVersion"))
		return api_version(d, t, key, v);
	if (dec_field_is(key, klen, "entries"))
		return entries_value(d, v);
	if (dec_field_is(key, klen, "generated"))
		return dec_value(d, K_TIME, v, "generated", &s, &n);
	if (dec_field_is(key, klen, "serverInfo"))
		return dec_value(d, K_ANYMAP, v, "serverInfo", &s, &n);
	if (dec_field_is(key, klen, "publicKeys"))
		return dec_value(d, K_STRSEQC, v, "publicKeys", &s, &n);
	if (dec_field_is(key, klen, "annotations"))
		return dec_value(d, K_STRMAPC, v, "annotations", &s, &n);
	return dec_unknown(d, key, k, v);
}

static int top_pair(dec *d, void *ctx, const char *key, size_t klen, const ix_ev *k, const ix_ev *v)
{
	size_t depth = d->src.depth - (v->kind == IX_MAP || v->kind == IX_SEQ);
	int rc = top_field(d, ctx, key, klen, k, v);
	if (dec_field_is(key, klen, "apiVersion") || dec_field_is(key, klen, "entries"))
		return rc;
	return soften(d, rc, depth, "field");
}

static int root(dec *d)
{
	ix_ev e;
	int rc = dec_next(d, &e);
	if (rc != CC_OK)
		return rc;
	if (e.kind == IX_END || (e.kind == IX_SCALAR && e.type == CC_YAML_T_NULL))
		return CC_OK;
	if (e.kind != IX_MAP)
		return dec_error(d, CC_EINVALID, &e, "the index is %s, not a mapping; helm cannot read it",
				 dec_what(&e));
	top_ctx t;
	memset(&t, 0, sizeof(t));
	return dec_map(d, &e, top_pair, &t);
}

static void dec_free(dec *d)
{
	ix_src_free(&d->src);
	for (size_t i = 0; i < d->nsets; i++)
		ix_keys_free(&d->sets[i]);
	free(d->sets);
	ix_keys_free(&d->charts);
	ix_keys_free(&d->deps);
	cc_buf_free(&d->scratch);
	cc_buf_free(&d->name);
	free(d->urls);
}

int ix_decode(cc_index *idx, const char *data, size_t len, const char *file, int lenient, cc_error *err)
{
	dec d;
	memset(&d, 0, sizeof(d));
	d.idx = idx;
	d.file = file;
	d.lenient = lenient;
	d.err = err;
	d.json = ix_json_valid(data, len);
	if (ix_src_init(&d.src, data, len, file) != CC_OK)
		return cc_error_set(err, CC_ERROR, file, 0, 0, "cannot start the YAML parser");
	int rc = root(&d);
	dec_free(&d);
	if (rc == CC_OK && (!idx->api_version || !*idx->api_version))
		rc = cc_error_set(err, CC_EINVALID, file, 1, 1,
				  "no API version specified (apiVersion is missing); helm refuses the index");
	return rc;
}
