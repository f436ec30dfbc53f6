/*
 * emit_yaml.c: a JSON value as sigs.k8s.io/yaml.JSONToYAML writes it.
 *
 * JSONToYAML reads the JSON back with go-yaml v2 (so numbers become int,
 * uint64 or float64 by go-yaml's resolver, objects become Go maps) and
 * marshals that with go-yaml v2. go-yaml v2's emitter is a line-by-line
 * port of libyaml's, so libyaml's own emitter is driven here with the
 * events go-yaml's encoder produces: block collections (an empty one comes
 * out as {} or [] by the emitter's own rule), implicit tags, 2-space
 * indentation, best width 80 (which folds long plain and double-quoted
 * scalars), unicode left raw. The emitter then picks the final style and
 * does the folding exactly as go-yaml's does; what go-yaml's encoder
 * decides before the emitter is redone here:
 *
 *  - a string asks for the literal style if it has a newline, else plain
 *    if go-yaml's resolver would read the plain text back as a string and
 *    it is not a YAML 1.1 base-60 float ("1:20"), else double quotes. The
 *    emitter falls back from plain to single quotes ('- x', 'a: b') and to
 *    double quotes for what single quotes cannot hold (tabs, emoji);
 *  - numbers are the text encoding/json wrote, resolved as go-yaml does:
 *    an integer that fits int64 or uint64 stays as written, anything else
 *    is a float64 written with strconv's shortest %g ("1e+06", "1.5e-07");
 *  - mapping keys are sorted with go-yaml's keyList.Less, a "natural"
 *    order on runes, not bytewise: at the first difference a non-letter
 *    sorts before a letter, letters compare by code point, and runs of
 *    digits compare by numeric value ("a9" < "a10", "_x" < "Zx").
 *    unicode.IsLetter and unicode.IsDigit beyond ASCII are PCRE2's \p{L}
 *    and \p{Nd}, compiled only when a non-ASCII key needs them.
 * JSONToYAML's read-back is reproduced where it changes a value or fails:
 * a raw NEL folds as a line break, raw DEL/C1/U+FFFE/U+FFFF and keys whose
 * JSON text passes 1024 characters are errors, as in helm.
 *
 * Known differences, all outside what helm metadata can hold (Metadata
 * .Validate turns such characters into spaces or drops them): go-yaml
 * escapes every character of a double-quoted string that starts with a
 * BOM (its is_bom looks at byte 0 only), and writes no indentation before
 * the closing quote of a single-quoted string ending in U+2028/U+2029,
 * where libyaml does; go-yaml's reader also rejects some long nested
 * documents holding a raw U+FEFF, which is not reproduced.
 * tests/data/lock/emit-vectors.jsonl holds the output go-yaml v2 and Go's
 * encoding/json wrote for random documents and numbers; test_emit.c
 * replays it next to the quoting cases of helm-formats.md.
 */
#include "emit/emit_int.h"

#include <errno.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "yaml/yaml.h"

typedef struct classes {
	pcre2_code *letter, *digit;
	pcre2_match_data *md;
} classes;

typedef struct ymit {
	yaml_emitter_t em;
	cc_buf *out;
	classes cls;
	cc_error *err;
} ymit;

static int write_out(void *data, unsigned char *buffer, size_t size)
{
	cc_buf_put(((ymit *)data)->out, buffer, size);
	return 1;
}

static int fail(ymit *y)
{
	return cc_error_set(y->err, CC_ERROR, "", 0, 0, "yaml: %s",
			    y->em.problem ? y->em.problem : "emitter error");
}

static int put_event(ymit *y, yaml_event_t *ev, int ok)
{
	if (!ok)
		return cc_error_set(y->err, CC_ERROR, "", 0, 0, "yaml: cannot create event");
	return yaml_emitter_emit(&y->em, ev) ? 0 : fail(y);
}

static int put_scalar(ymit *y, const char *s, size_t n, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	int ok = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)n, 1, 1, style);
	return put_event(y, &ev, ok);
}

/* ------------------------------------------------------------ key order */

static int pcre_class(classes *c, pcre2_code **code, const char *pattern, uint32_t r)
{
	if (!*code) {
		int e;
		PCRE2_SIZE off;
		*code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_ANCHORED,
				      &e, &off, NULL);
		if (!*code)
			return 0;
	}
	if (!c->md)
		c->md = pcre2_match_data_create(1, NULL);
	unsigned char u[4];
	size_t n = r < 0x800 ? 2 : r < 0x10000 ? 3 : 4;
	for (size_t i = n - 1; i > 0; i--, r >>= 6)
		u[i] = (unsigned char)(0x80 | (r & 0x3F));
	u[0] = (unsigned char)((n == 2 ? 0xC0 : n == 3 ? 0xE0 : 0xF0) | r);
	return pcre2_match(*code, u, n, 0, 0, c->md, NULL) > 0;
}

static int is_letter(classes *c, uint32_t r)
{
	if (r < 0x80)
		return (r | 0x20) >= 'a' && (r | 0x20) <= 'z';
	return pcre_class(c, &c->letter, "\\p{L}", r);
}

static int is_digit(classes *c, uint32_t r)
{
	if (r < 0x80)
		return r >= '0' && r <= '9';
	return pcre_class(c, &c->digit, "\\p{Nd}", r);
}

typedef struct ykey {
	char *text;      /* valid UTF-8 */
	size_t len;
	uint32_t *runes;
	size_t nr;
	json_t *v;
} ykey;

/* The value of the digit run starting at i, as Go's int64 arithmetic wraps it. */
static int64_t digit_run(classes *c, const ykey *k, size_t i, int64_t start, size_t *end)
{
	uint64_t v = (uint64_t)start;
	for (; i < k->nr && is_digit(c, k->runes[i]); i++)
		v = v * 10 + (uint64_t)((int64_t)k->runes[i] - '0');
	*end = i;
	return (int64_t)v;
}

/* go-yaml v2's keyList.Less for two string keys. */
static int key_less(classes *c, const ykey *a, const ykey *b)
{
	for (size_t i = 0; i < a->nr && i < b->nr; i++) {
		uint32_t ar = a->runes[i], br = b->runes[i];
		if (ar == br)
			continue;
		int al = is_letter(c, ar), bl = is_letter(c, br);
		if (al && bl)
			return ar < br;
		if (al || bl)
			return bl;
		int64_t an = 0, bn = 0;
		if (ar == '0' || br == '0') {
			for (size_t j = i; j > 0 && is_digit(c, a->runes[j - 1]); j--) {
				if (a->runes[j - 1] != '0') {
					an = bn = 1;
					break;
				}
			}
		}
		size_t ai, bi;
		an = digit_run(c, a, i, an, &ai);
		bn = digit_run(c, b, i, bn, &bi);
		if (an != bn)
			return an < bn;
		if (ai != bi)
			return ai < bi;
		return ar < br;
	}
	return a->nr < b->nr;
}

static int key_cmp(const void *x, const void *y, void *ctx)
{
	if (key_less(ctx, x, y))
		return -1;
	return key_less(ctx, y, x) ? 1 : 0;
}

/*
 * keyList.Less is not a consistent order for every key set ("09" < "0x"
 * < "1," < "09" by its rules); go-yaml then returns whatever its sort makes
 * of Go's map iteration order. Real keys (chart names, annotations, lock
 * fields) are consistently ordered, and then any sort gives go-yaml's result.
 */
static void sort_keys(ykey *k, size_t n, classes *c)
{
	qsort_r(k, n, sizeof(*k), key_cmp, c);
}

static void fold_nel(const char *s, size_t n, cc_buf *out);

/* The key as go-yaml holds it after reading the JSON back, and its runes. */
static void key_init(ykey *k, const char *s, size_t n, json_t *v)
{
	cc_buf raw = CC_BUF_INIT, b = CC_BUF_INIT;
	cc_emit_utf8_valid(s, n, &raw);
	fold_nel(raw.ptr, raw.len, &b);
	cc_buf_free(&raw);
	k->len = b.len;
	k->text = cc_buf_detach(&b);
	k->runes = cc_calloc(k->len ? k->len : 1, sizeof(uint32_t));
	k->nr = 0;
	for (size_t i = 0; i < k->len;)
		i += cc_emit_decode_rune((const unsigned char *)k->text + i, k->len - i, &k->runes[k->nr++]);
	k->v = v;
}

/* ------------------------------------------------------------ scalars */

/* go-yaml's isBase60Float: [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)? */
static int base60_float(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i >= n || s[i] < '0' || s[i] > '9')
		return 0;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
		i++;
	int groups = 0;
	while (i < n && s[i] == ':') {
		size_t d = ++i;
		while (i < n && i < d + 2 && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d || (i == d + 2 && s[d] > '5'))
			return 0;
		groups++;
	}
	if (!groups)
		return 0;
	if (i < n && s[i] == '.')
		for (i++; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'); i++)
			;
	return i == n;
}

/*
 * go-yaml reads the JSON back before writing it: characters its reader
 * refuses make helm's Marshal fail, so they fail here too. Go's JSON
 * escapes every C0 control, so what can reach the reader raw is DEL, the
 * C1 controls but NEL, and U+FFFE/U+FFFF.
 */
static int reader_refuses(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		uint32_t r;
		i += cc_emit_decode_rune(u + i, n - i, &r);
		if (r == 0x7F || (r >= 0x80 && r <= 0x9F && r != 0x85) || r == 0xFFFE || r == 0xFFFF)
			return 1;
	}
	return 0;
}

/*
 * A raw NEL (U+0085, which Go's JSON leaves unescaped) is a line break to
 * go-yaml's reader inside the double-quoted JSON string, so it folds: the
 * spaces around a run of breaks go, one break becomes a space, each further
 * one a newline. Nothing else in Go's JSON output is a raw break or tab.
 */
static void fold_nel(const char *s, size_t n, cc_buf *out)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && s[j] == ' ')
			j++;
		if (j + 1 >= n || (unsigned char)s[j] != 0xC2 || (unsigned char)s[j + 1] != 0x85) {
			cc_buf_put(out, s + i, j > i ? j - i : 1);
			i = j > i ? j : i + 1;
			continue;
		}
		int breaks = 0;
		while (j < n && (s[j] == ' ' || ((unsigned char)s[j] == 0xC2 && j + 1 < n &&
						  (unsigned char)s[j + 1] == 0x85))) {
			breaks += s[j] != ' ';
			j += s[j] == ' ' ? 1 : 2;
		}
		if (breaks == 1)
			cc_buf_putc(out, ' ');
		for (int k = 1; k < breaks; k++)
			cc_buf_putc(out, '\n');
		i = j;
	}
	if (!out->ptr)
		cc_buf_puts(out, "");
}

static int put_string(ymit *y, const char *s, size_t n)
{
	cc_buf v = CC_BUF_INIT, b = CC_BUF_INIT;
	cc_emit_utf8_valid(s, n, &v);
	if (reader_refuses(v.ptr, v.len)) {
		cc_buf_free(&v);
		return cc_error_set(y->err, CC_EINVALID, "", 0, 0, "yaml: control characters are not allowed");
	}
	fold_nel(v.ptr, v.len, &b);
	cc_buf_free(&v);
	yaml_scalar_style_t style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (memchr(b.ptr, '\n', b.len))
		style = YAML_LITERAL_SCALAR_STYLE;
	else if (cc_yaml_resolve_plain(b.ptr, b.len) == CC_YAML_T_STR && !base60_float(b.ptr, b.len))
		style = YAML_PLAIN_SCALAR_STYLE;
	int rc = put_scalar(y, b.ptr, b.len, style);
	cc_buf_free(&b);
	return rc;
}

/* The JSON number text, then what go-yaml makes of it. */
static int put_number(ymit *y, const json_t *v)
{
	cc_buf t = CC_BUF_INIT, b = CC_BUF_INIT;
	double f = cc_emit_number_value(v);
	if (cc_emit_json_float(f, &t) != 0) {
		cc_buf_free(&t);
		return cc_error_set(y->err, CC_EINVALID, "", 0, 0, "json: unsupported value: %g", f);
	}
	if (strpbrk(t.ptr, ".e") == NULL) {
		char *end;
		errno = 0;
		long long i = strtoll(t.ptr, &end, 10);
		if (errno == 0 && *end == '\0')
			cc_buf_printf(&b, "%lld", i); /* "-0" reads back as 0 */
		else if (t.ptr[0] != '-' && (errno = 0, strtoull(t.ptr, &end, 10), errno == 0))
			cc_buf_puts(&b, t.ptr);
	}
	if (b.len == 0)
		cc_emit_go_float_g(f, &b);
	int rc = put_scalar(y, b.ptr, b.len, YAML_PLAIN_SCALAR_STYLE);
	cc_buf_free(&t);
	cc_buf_free(&b);
	return rc;
}

/* ------------------------------------------------------------ collections */

static int put_node(ymit *y, const json_t *v, int depth);

/*
 * go-yaml's scanner gives up on a simple key that runs past 1024
 * characters, so a mapping key whose JSON text (quotes included) is
 * longer makes helm's Marshal fail while reading the JSON back.
 */
static int key_too_long(const char *s, size_t n)
{
	cc_buf j = CC_BUF_INIT;
	json_t *str = json_stringn_nocheck(s, n);
	size_t runes = 0;
	if (str && cc_emit_json(str, &j, NULL) == 0)
		for (size_t i = 0; i < j.len; i++)
			runes += ((unsigned char)j.ptr[i] & 0xC0) != 0x80;
	json_decref(str);
	cc_buf_free(&j);
	return runes > 1024;
}

static int put_mapping(ymit *y, const json_t *v, int depth)
{
	yaml_event_t ev;
	size_t n = json_object_size(v), nk = 0;
	ykey *k = cc_calloc(n ? n : 1, sizeof(*k));
	for (void *it = json_object_iter((json_t *)v); it && nk < n; it = json_object_iter_next((json_t *)v, it))
		key_init(&k[nk++], json_object_iter_key(it), json_object_iter_key_len(it),
			 json_object_iter_value(it));
	sort_keys(k, nk, &y->cls);
	int rc = put_event(y, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
								       YAML_BLOCK_MAPPING_STYLE));
	for (size_t i = 0; i < nk && rc == 0; i++) {
		if (key_too_long(k[i].text, k[i].len)) {
			rc = cc_error_set(y->err, CC_EINVALID, "", 0, 0,
					  "yaml: did not find expected ',' or '}'");
			break;
		}
		rc = put_string(y, k[i].text, k[i].len);
		if (rc == 0)
			rc = put_node(y, k[i].v, depth + 1);
	}
	if (rc == 0)
		rc = put_event(y, &ev, yaml_mapping_end_event_initialize(&ev));
	for (size_t i = 0; i < nk; i++) {
		free(k[i].text);
		free(k[i].runes);
	}
	free(k);
	return rc;
}

static int put_sequence(ymit *y, const json_t *v, int depth)
{
	yaml_event_t ev;
	int rc = put_event(y, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
									YAML_BLOCK_SEQUENCE_STYLE));
	for (size_t i = 0; i < json_array_size(v) && rc == 0; i++)
		rc = put_node(y, json_array_get(v, i), depth + 1);
	if (rc == 0)
		rc = put_event(y, &ev, yaml_sequence_end_event_initialize(&ev));
	return rc;
}

static int put_node(ymit *y, const json_t *v, int depth)
{
	if (depth > CC_EMIT_MAX_DEPTH)
		return cc_error_set(y->err, CC_ELIMIT, "", 0, 0,
				    "yaml: value nested deeper than %d levels", CC_EMIT_MAX_DEPTH);
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_OBJECT:
		return put_mapping(y, v, depth);
	case JSON_ARRAY:
		return put_sequence(y, v, depth);
	case JSON_STRING:
		return put_string(y, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
	case JSON_REAL:
		return put_number(y, v);
	case JSON_TRUE:
		return put_scalar(y, "true", 4, YAML_PLAIN_SCALAR_STYLE);
	case JSON_FALSE:
		return put_scalar(y, "false", 5, YAML_PLAIN_SCALAR_STYLE);
	default:
		return put_scalar(y, "null", 4, YAML_PLAIN_SCALAR_STYLE);
	}
}

static int put_stream(ymit *y, const json_t *v)
{
	yaml_event_t ev;
	int rc = put_event(y, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	if (rc == 0)
		rc = put_event(y, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	if (rc == 0)
		rc = put_node(y, v, 0);
	/* go-yaml's encoder clears this before ending, so a final `|+` block
	   is not followed by a "..." marker as libyaml would write */
	y->em.open_ended = 0;
	if (rc == 0)
		rc = put_event(y, &ev, yaml_document_end_event_initialize(&ev, 1));
	if (rc == 0)
		rc = put_event(y, &ev, yaml_stream_end_event_initialize(&ev));
	if (rc == 0 && !yaml_emitter_flush(&y->em))
		rc = fail(y);
	return rc;
}

int cc_emit_yaml(const json_t *v, cc_buf *out, cc_error *err)
{
	ymit y;
	memset(&y, 0, sizeof(y));
	cc_buf tmp = CC_BUF_INIT;
	y.out = &tmp;
	y.err = err;
	if (!yaml_emitter_initialize(&y.em))
		return cc_error_set(err, CC_ERROR, "", 0, 0, "yaml: cannot initialise the emitter");
	yaml_emitter_set_output(&y.em, write_out, &y);
	yaml_emitter_set_unicode(&y.em, 1);
	yaml_emitter_set_indent(&y.em, 2);
	yaml_emitter_set_width(&y.em, 80);
	yaml_emitter_set_break(&y.em, YAML_LN_BREAK);
	int rc = put_stream(&y, v);
	yaml_emitter_delete(&y.em);
	pcre2_code_free(y.cls.letter);
	pcre2_code_free(y.cls.digit);
	pcre2_match_data_free(y.cls.md);
	if (rc == 0)
		cc_buf_put(out, tmp.ptr, tmp.len);
	cc_buf_free(&tmp);
	return rc;
}
