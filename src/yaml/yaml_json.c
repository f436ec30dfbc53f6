/*
 * yaml_json.c: a tree as helm sees it after sigs.k8s.io/yaml.
 *
 * helm never works on YAML: sigs.k8s.io/yaml decodes it with go-yaml v2
 * into Go maps, rewrites keys as strings (convertToJSONableObject) and
 * marshals JSON. Checks that must agree with helm (schema validation,
 * values coalescing, Chart.yaml field types) work on that JSON, so this
 * file reproduces the conversion: merge keys applied the way go-yaml v2
 * applies them, in document order, each write replacing an earlier one;
 * keys of other types printed as Go prints them; floats JSON cannot hold
 * refused, as encoding/json refuses them.
 *
 * The walk uses an explicit stack: aliases can make the expanded tree much
 * deeper than the text, and a consumer's max_depth may be large.
 */
#include "yaml/yaml_priv.h"

#include <inttypes.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WANT_VALUE, WANT_ITEM, WANT_MERGE };

typedef struct jframe {
	const cc_yaml_node *node;
	json_t *out;
	size_t i;                  /* next pair or item */
	const cc_yaml_node *mseq;  /* a merge key's sequence being applied */
	size_t mleft;              /* its maps not yet applied (last first) */
	int want;                  /* what the child being converted is for */
	char *key;                 /* the key it goes under (WANT_VALUE) */
	size_t keylen;
} jframe;

typedef struct jwalk {
	jframe *stack;
	size_t depth, cap;
	const char *file;
	cc_error *err;
	json_t *result;
} jwalk;

static int fail_at(jwalk *w, const cc_yaml_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail_at(jwalk *w, const cc_yaml_node *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cc_error_setv(w->err, CC_EINVALID, w->file, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
	return CC_EINVALID;
}

/* Binary scalars hold their decoded bytes, which JSON carries as UTF-8. */
static void binary_text(const cc_yaml_node *n, cc_buf *out)
{
	cc_buf raw = CC_BUF_INIT;
	cc_yaml_base64_decode(n->value, n->len, &raw);
	cc_yaml_utf8_sanitize(raw.ptr, raw.len, out);
	cc_buf_free(&raw);
}

static json_t *text_json(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);
	if (!j) { /* not UTF-8: cannot come from libyaml, but never return NULL */
		cc_buf b = CC_BUF_INIT;
		cc_yaml_utf8_sanitize(s, n, &b);
		j = json_stringn(b.ptr, b.len);
		cc_buf_free(&b);
	}
	return j;
}

static int scalar_json(jwalk *w, const cc_yaml_node *n, json_t **out)
{
	cc_yaml_value v;
	cc_yaml_node_value(n, &v);
	switch (v.type) {
	case CC_YAML_T_NULL: *out = json_null(); return CC_OK;
	case CC_YAML_T_BOOL: *out = json_boolean(v.b); return CC_OK;
	case CC_YAML_T_INT:
		if (v.num == CC_YAML_NUM_UINT)
			*out = json_real((double)v.u); /* past what json_int_t holds */
		else
			*out = json_integer((json_int_t)v.i);
		return CC_OK;
	case CC_YAML_T_FLOAT:
		if (isnan(v.f) || isinf(v.f))
			return fail_at(w, n, "%s cannot be represented in JSON (json: unsupported value: %s)",
				       n->value, isnan(v.f) ? "NaN" : v.f > 0 ? "+Inf" : "-Inf");
		*out = json_real(v.f);
		return CC_OK;
	case CC_YAML_T_BINARY: {
		cc_buf b = CC_BUF_INIT;
		binary_text(n, &b);
		*out = json_stringn(b.ptr, b.len);
		cc_buf_free(&b);
		return CC_OK;
	}
	default: /* strings, and timestamps as their text */
		*out = text_json(n->value, n->len);
		return CC_OK;
	}
}

/* convertToJSONableObject's key rules; null and uint64 keys have none. */
static int key_string(jwalk *w, const cc_yaml_node *k, cc_buf *out)
{
	cc_yaml_value v;
	char num[64];
	if (k->kind != CC_YAML_SCALAR)
		return fail_at(w, k, "a mapping key must be a scalar, not a %s", cc_yaml_type_name(k));
	cc_yaml_node_value(k, &v);
	switch (v.type) {
	case CC_YAML_T_NULL:
		return fail_at(w, k, "unsupported map key of type null: a JSON key must be a string");
	case CC_YAML_T_BOOL: cc_buf_puts(out, v.b ? "true" : "false"); return CC_OK;
	case CC_YAML_T_INT:
		if (v.num == CC_YAML_NUM_UINT)
			return fail_at(w, k, "unsupported map key of type uint64: %s", k->value);
		cc_buf_printf(out, "%" PRId64, v.i);
		return CC_OK;
	case CC_YAML_T_FLOAT:
		cc_yaml_format_float32(v.f, num, sizeof(num));
		cc_buf_puts(out, !strcmp(num, "+Inf") ? ".inf" : !strcmp(num, "-Inf") ? "-.inf" :
				 !strcmp(num, "NaN") ? ".nan" : num);
		return CC_OK;
	case CC_YAML_T_BINARY: binary_text(k, out); return CC_OK;
	default: cc_buf_put(out, k->value, k->len); return CC_OK;
	}
}

static void push(jwalk *w, const cc_yaml_node *n)
{
	if (w->depth == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		w->stack = cc_realloc(w->stack, w->cap * sizeof(*w->stack));
	}
	jframe *f = &w->stack[w->depth++];
	memset(f, 0, sizeof(*f));
	f->node = n;
	f->out = n->kind == CC_YAML_MAP ? json_object() : json_array();
}

/* Gives a finished value to the frame that asked for it (or the caller). */
static void deliver(jwalk *w, json_t *j)
{
	if (w->depth == 0) {
		w->result = j;
		return;
	}
	jframe *f = &w->stack[w->depth - 1];
	if (f->want == WANT_ITEM) {
		json_array_append_new(f->out, j);
	} else if (f->want == WANT_MERGE) {
		json_object_update(f->out, j);
		json_decref(j);
	} else {
		json_object_setn_new(f->out, f->key, f->keylen, j);
		free(f->key);
		f->key = NULL;
	}
}

/* Converts n for the top frame: scalars at once, collections get a frame. */
static int request(jwalk *w, const cc_yaml_node *n)
{
	json_t *j = NULL;
	if (n->kind != CC_YAML_SCALAR) {
		push(w, n);
		return CC_OK;
	}
	int rc = scalar_json(w, n, &j);
	if (rc == CC_OK)
		deliver(w, j);
	return rc;
}

static int want_map(jwalk *w, const cc_yaml_node *n)
{
	return fail_at(w, n, "map merge requires map or sequence of maps as the value");
}

/* `<<: [a, b]`: go-yaml applies the last map first, so earlier maps win. */
static int merge_step(jwalk *w, jframe *f)
{
	if (f->mleft == 0) {
		f->mseq = NULL;
		f->i++;
		return CC_OK;
	}
	const cc_yaml_node *m = f->mseq->items[--f->mleft];
	if (m->kind != CC_YAML_MAP)
		return want_map(w, m);
	f->want = WANT_MERGE;
	return request(w, m);
}

static int map_step(jwalk *w, jframe *f)
{
	const cc_yaml_pair *p = &f->node->pairs[f->i];
	if (cc_yaml_is_merge_key(p->key)) {
		if (p->value->kind == CC_YAML_SEQ) {
			/* aliased nodes precede the alias; go-yaml wants a map behind one */
			if (p->value->start < p->key->start)
				return want_map(w, p->key);
			f->mseq = p->value;
			f->mleft = p->value->nitems;
			return merge_step(w, f);
		}
		if (p->value->kind != CC_YAML_MAP)
			return want_map(w, p->value);
		f->i++;
		f->want = WANT_MERGE;
		return request(w, p->value);
	}
	cc_buf key = CC_BUF_INIT;
	int rc = key_string(w, p->key, &key);
	if (rc != CC_OK) {
		cc_buf_free(&key);
		return rc;
	}
	cc_buf_put(&key, "", 0);
	f->keylen = key.len;
	f->key = cc_buf_detach(&key);
	f->i++;
	f->want = WANT_VALUE;
	return request(w, p->value);
}

/* One step of the walk: convert the top frame's next child, or finish it. */
static int walk_step(jwalk *w)
{
	jframe *f = &w->stack[w->depth - 1];
	const cc_yaml_node *n = f->node;
	if (f->mseq)
		return merge_step(w, f);
	if (n->kind == CC_YAML_MAP && f->i < n->npairs)
		return map_step(w, f);
	if (n->kind == CC_YAML_SEQ && f->i < n->nitems) {
		f->want = WANT_ITEM;
		return request(w, n->items[f->i++]);
	}
	json_t *done = f->out;
	w->depth--;
	deliver(w, done);
	return CC_OK;
}

int cc_yaml_to_json(const cc_yaml_node *node, const char *file, json_t **out, cc_error *err)
{
	jwalk w;
	memset(&w, 0, sizeof(w));
	w.file = file;
	w.err = err;
	*out = NULL;
	if (!node) {
		*out = json_null();
		return CC_OK;
	}
	int rc = request(&w, node);
	while (rc == CC_OK && w.depth > 0)
		rc = walk_step(&w);
	for (size_t i = 0; i < w.depth; i++) {
		json_decref(w.stack[i].out);
		free(w.stack[i].key);
	}
	free(w.stack);
	if (rc != CC_OK) {
		json_decref(w.result);
		return rc;
	}
	*out = w.result;
	return CC_OK;
}

char *cc_yaml_scalar_go_string(const cc_yaml_node *node)
{
	cc_yaml_value v;
	char num[64];
	if (!node || node->kind != CC_YAML_SCALAR)
		return NULL;
	cc_yaml_node_value(node, &v);
	switch (v.type) {
	case CC_YAML_T_NULL: return cc_strdup(""); /* JSON null leaves the field empty */
	case CC_YAML_T_BOOL: return cc_strdup(v.b ? "true" : "false");
	case CC_YAML_T_INT:
		if (v.num == CC_YAML_NUM_UINT)
			return cc_asprintf("%" PRIu64, v.u);
		return cc_asprintf("%" PRId64, v.i);
	case CC_YAML_T_FLOAT:
		cc_yaml_format_float32(v.f, num, sizeof(num));
		return cc_strdup(num);
	case CC_YAML_T_BINARY: {
		cc_buf b = CC_BUF_INIT;
		binary_text(node, &b);
		return cc_buf_detach(&b);
	}
	default: return cc_strndup(node->value, node->len);
	}
}
