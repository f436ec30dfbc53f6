/*
 * emit_json.c: jansson values written as Go's encoding/json writes them.
 *
 * jansson's json_dumps cannot be used: it escapes '/', never escapes
 * < > & or U+2028/9, writes reals with "%.17g" and refuses invalid UTF-8,
 * and the Chart.lock digest is a sha256 of Go's exact bytes. Go's rules
 * (encoding/json appendString with HTML escaping, floatEncoder) are
 * therefore redone here; the value walk uses jansson's own iteration, so
 * object keys come out in insertion order (see emit.h).
 */
#include "emit/emit_int.h"

#include <stdlib.h>
#include <string.h>

static const char hexd[] = "0123456789abcdef";

/* One ASCII byte of a string, escaped as Go escapes it (escapeHTML on). */
static void put_ascii(unsigned char c, cc_buf *out)
{
	static const char short_esc[] = { ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't' };
	if (c == '"' || c == '\\') {
		cc_buf_putc(out, '\\');
		cc_buf_putc(out, (char)c);
	} else if (c < sizeof(short_esc) && short_esc[c]) {
		cc_buf_putc(out, '\\');
		cc_buf_putc(out, short_esc[c]);
	} else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
		cc_buf_printf(out, "\\u00%c%c", hexd[c >> 4], hexd[c & 0xF]);
	} else {
		cc_buf_putc(out, (char)c);
	}
}

static void put_string(const char *s, size_t n, cc_buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	cc_buf_putc(out, '"');
	for (size_t i = 0; i < n;) {
		uint32_t r;
		if (u[i] < 0x80) {
			put_ascii(u[i++], out);
			continue;
		}
		size_t k = cc_emit_decode_rune(u + i, n - i, &r);
		if (r == 0xFFFD && k == 1)
			cc_buf_puts(out, "\\ufffd");
		else if (r == 0x2028 || r == 0x2029)
			cc_buf_printf(out, "\\u202%c", hexd[r & 0xF]);
		else
			cc_buf_put(out, s + i, k);
		i += k;
	}
	cc_buf_putc(out, '"');
}

typedef struct key {
	const char *s;
	size_t n;
	json_t *v;
} key;

static int key_cmp(const void *a, const void *b)
{
	const key *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->s, y->s, n);
	return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* The object's keys, in insertion order or sorted; caller frees. */
static key *object_keys(const json_t *o, int sorted, size_t *count)
{
	size_t n = json_object_size(o), i = 0;
	key *k = cc_calloc(n ? n : 1, sizeof(*k));
	for (void *it = json_object_iter((json_t *)o); it && i < n;
	     it = json_object_iter_next((json_t *)o, it), i++) {
		k[i].s = json_object_iter_key(it);
		k[i].n = json_object_iter_key_len(it);
		k[i].v = json_object_iter_value(it);
	}
	if (sorted)
		qsort(k, i, sizeof(*k), key_cmp);
	*count = i;
	return k;
}

static int put_value(const json_t *v, int sorted, int depth, cc_buf *out, cc_error *err);

static int put_object(const json_t *v, int sorted, int depth, cc_buf *out, cc_error *err)
{
	size_t n;
	key *k = object_keys(v, sorted, &n);
	int rc = 0;
	cc_buf_putc(out, '{');
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (i)
			cc_buf_putc(out, ',');
		put_string(k[i].s, k[i].n, out);
		cc_buf_putc(out, ':');
		rc = put_value(k[i].v, sorted, depth + 1, out, err);
	}
	cc_buf_putc(out, '}');
	free(k);
	return rc;
}

static int put_array(const json_t *v, int sorted, int depth, cc_buf *out, cc_error *err)
{
	int rc = 0;
	cc_buf_putc(out, '[');
	for (size_t i = 0; i < json_array_size(v) && rc == 0; i++) {
		if (i)
			cc_buf_putc(out, ',');
		rc = put_value(json_array_get(v, i), sorted, depth + 1, out, err);
	}
	cc_buf_putc(out, ']');
	return rc;
}

static int put_value(const json_t *v, int sorted, int depth, cc_buf *out, cc_error *err)
{
	if (depth > CC_EMIT_MAX_DEPTH)
		return cc_error_set(err, CC_ELIMIT, "", 0, 0,
				    "json: value nested deeper than %d levels", CC_EMIT_MAX_DEPTH);
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return put_object(v, sorted, depth, out, err);
	case JSON_ARRAY:
		return put_array(v, sorted, depth, out, err);
	case JSON_STRING:
		put_string(json_string_value(v), json_string_length(v), out);
		return 0;
	case JSON_INTEGER:
	case JSON_REAL:
		if (cc_emit_json_float(cc_emit_number_value(v), out) != 0)
			return cc_error_set(err, CC_EINVALID, "", 0, 0, "json: unsupported value: %g",
					    json_real_value(v));
		return 0;
	case JSON_TRUE:
		cc_buf_puts(out, "true");
		return 0;
	case JSON_FALSE:
		cc_buf_puts(out, "false");
		return 0;
	default:
		cc_buf_puts(out, "null");
		return 0;
	}
}

static int emit(const json_t *v, int sorted, cc_buf *out, cc_error *err)
{
	size_t start = out->len;
	int rc = v ? put_value(v, sorted, 0, out, err) : (cc_buf_puts(out, "null"), 0);
	if (rc != 0) {
		out->len = start;
		if (out->ptr)
			out->ptr[start] = '\0';
	}
	return rc;
}

int cc_emit_json(const json_t *v, cc_buf *out, cc_error *err)
{
	return emit(v, 0, out, err);
}

int cc_emit_json_sorted(const json_t *v, cc_buf *out, cc_error *err)
{
	return emit(v, 1, out, err);
}

static json_t *sort_copy(const json_t *v, int depth)
{
	if (depth > CC_EMIT_MAX_DEPTH)
		return NULL;
	if (json_is_array(v)) {
		json_t *a = json_array();
		for (size_t i = 0; i < json_array_size(v); i++) {
			json_t *c = sort_copy(json_array_get(v, i), depth + 1);
			if (!c) {
				json_decref(a);
				return NULL;
			}
			json_array_append_new(a, c);
		}
		return a;
	}
	if (!json_is_object(v))
		return json_copy((json_t *)v);
	size_t n;
	key *k = object_keys(v, 1, &n);
	json_t *o = json_object();
	for (size_t i = 0; i < n && o; i++) {
		json_t *c = sort_copy(k[i].v, depth + 1);
		if (!c) {
			json_decref(o);
			o = NULL;
			break;
		}
		json_object_setn_new_nocheck(o, k[i].s, k[i].n, c);
	}
	free(k);
	return o;
}

json_t *cc_emit_sort_keys(const json_t *v)
{
	return v ? sort_copy(v, 0) : NULL;
}
