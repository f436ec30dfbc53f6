/*
 * Unit tests for src/yaml: positions and byte spans, YAML 1.1 resolution as
 * go-yaml v2 does it, tags, anchors and merge keys, the bounds on hostile
 * input (alias bombs, deep nesting, huge mappings), libyaml errors, the
 * JSON and Go-string views helm's reader gives, memory per input byte, and
 * every Chart.yaml and values.yaml of the shared chart corpus.
 */
#include "testutil.h"

#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "yaml/yaml.h"
#include "yaml/yaml_priv.h"

/* ---- helpers ---- */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static cc_yaml_doc *load_ok(const char *text)
{
	cc_yaml_doc *doc = NULL;
	cc_error err;
	cc_error_clear(&err);
	int rc = cc_yaml_load(&doc, text, strlen(text), "t.yaml", NULL, &err);
	if (rc != CC_OK)
		fail_msg("load failed: %d %d:%d %s\n--- input:\n%s", rc, err.line, err.col, err.msg, text);
	return doc;
}

/* Loads text[0..len), expects failure with code at line:col, returns the message. */
static void load_fail(const char *text, size_t len, const cc_yaml_opts *opts, int code, int line,
		      int col, const char *msg_part)
{
	cc_yaml_doc *doc = (cc_yaml_doc *)1;
	cc_error err;
	cc_error_clear(&err);
	int rc = cc_yaml_load(&doc, text, len, "bad.yaml", opts, &err);
	if (rc != code || err.line != line || err.col != col ||
	    (msg_part && !strstr(err.msg, msg_part)))
		fail_msg("want %d at %d:%d (%s), got %d at %d:%d: %s", code, line, col,
			 msg_part ? msg_part : "", rc, err.line, err.col, err.msg);
	assert_null(doc);
	assert_string_equal(err.file, "bad.yaml");
}

static cc_yaml_node *get(cc_yaml_node *map, const char *key)
{
	cc_yaml_node *v = cc_yaml_map_get(map, key);
	if (!v)
		fail_msg("no key %s", key);
	return v;
}

static void assert_span(const cc_yaml_doc *doc, const cc_yaml_node *n, const char *want)
{
	size_t len;
	const char *text = cc_yaml_doc_text(doc, &len);
	assert_true(n->start <= n->end && n->end <= len);
	if (n->end - n->start != strlen(want) || memcmp(text + n->start, want, strlen(want)) != 0)
		fail_msg("span [%zu,%zu) is \"%.*s\", want \"%s\"", n->start, n->end,
			 (int)(n->end - n->start), text + n->start, want);
}

static void assert_pos(const cc_yaml_node *n, int line, int col, int end_line, int end_col)
{
	if (n->line != line || n->col != col || n->end_line != end_line || n->end_col != end_col)
		fail_msg("node at %d:%d-%d:%d, want %d:%d-%d:%d", n->line, n->col, n->end_line,
			 n->end_col, line, col, end_line, end_col);
}

/* cc_yaml_to_json of a whole document, compared with expected JSON. */
static void assert_json(const char *yaml, const char *want)
{
	cc_yaml_doc *doc = load_ok(yaml);
	json_t *got = NULL;
	cc_error err;
	json_error_t jerr;
	int rc = cc_yaml_to_json(cc_yaml_doc_root(doc), "t.yaml", &got, &err);
	if (rc != CC_OK)
		fail_msg("to_json failed on %s: %s", yaml, err.msg);
	json_t *exp = json_loads(want, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	assert_non_null(exp);
	if (!json_equal(got, exp)) {
		char *s = json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
		fail_msg("yaml %s\n gave %s\n want %s", yaml, s, want);
	}
	json_decref(got);
	json_decref(exp);
	cc_yaml_doc_free(doc);
}

static void assert_json_fails(const char *yaml, int line, int col, const char *msg_part)
{
	cc_yaml_doc *doc = load_ok(yaml);
	json_t *got = (json_t *)1;
	cc_error err;
	cc_error_clear(&err);
	int rc = cc_yaml_to_json(cc_yaml_doc_root(doc), "t.yaml", &got, &err);
	if (rc != CC_EINVALID || err.line != line || err.col != col || !strstr(err.msg, msg_part))
		fail_msg("to_json of %s: want error at %d:%d with \"%s\", got %d at %d:%d: %s", yaml,
			 line, col, msg_part, rc, err.line, err.col, err.msg);
	assert_null(got);
	assert_string_equal(err.file, "t.yaml");
	cc_yaml_doc_free(doc);
}

/* ---- positions, spans, styles, tags ---- */

static void test_positions_nested(void **state)
{
	(void)state;
	const char *y = "root:\n"
			"  list:\n"
			"    - name: a\n"
			"      value: \"x y\"\n"
			"    - [1, {k: v}]\n"
			"other: end\n";
	cc_yaml_doc *doc = load_ok(y);
	cc_yaml_node *root = cc_yaml_doc_root(doc);
	assert_int_equal(root->kind, CC_YAML_MAP);
	assert_pos(root, 1, 1, 6, 11);
	cc_yaml_node *key;
	cc_yaml_node *rv = cc_yaml_map_get_pair(root, "root", &key);
	assert_pos(key, 1, 1, 1, 5);
	assert_pos(rv, 2, 3, 5, 18);
	cc_yaml_node *list = get(rv, "list");
	assert_int_equal(list->kind, CC_YAML_SEQ);
	assert_int_equal(list->nitems, 2);
	assert_pos(list, 3, 5, 5, 18);
	cc_yaml_node *m = list->items[0];
	assert_pos(m, 3, 7, 4, 19);
	assert_pos(get(m, "name"), 3, 13, 3, 14);
	assert_pos(get(m, "value"), 4, 14, 4, 19);
	assert_span(doc, get(m, "value"), "\"x y\"");
	cc_yaml_node *flow = list->items[1];
	assert_int_equal(flow->style, CC_YAML_FLOW);
	assert_pos(flow, 5, 7, 5, 18);
	assert_span(doc, flow, "[1, {k: v}]");
	assert_pos(flow->items[1], 5, 11, 5, 17);
	assert_pos(get(flow->items[1], "k"), 5, 15, 5, 16);
	assert_pos(get(root, "other"), 6, 8, 6, 11);
	assert_span(doc, m, "name: a\n      value: \"x y\"");
	cc_yaml_doc_free(doc);
}

static void test_byte_spans_non_ascii(void **state)
{
	(void)state;
	/* characters of 2, 3 and 4 bytes before and inside the scalars */
	const char *y = "名前: ünï plain\n"
			"é: \"dq ✓ \\u00e9\"\n"
			"😀: 'sq ''x'''\n"
			"list: [ä, \"ö\", 'ü', 1.2.3]\n"
			"t: !!str 1.0\n"
			"a: &anc ñ\n"
			"multi: first\n"
			"  second\n";
	cc_yaml_doc *doc = load_ok(y);
	cc_yaml_node *root = cc_yaml_doc_root(doc);
	assert_span(doc, get(root, "名前"), "ünï plain");
	assert_span(doc, get(root, "é"), "\"dq ✓ \\u00e9\"");
	assert_string_equal(get(root, "é")->value, "dq ✓ é");
	assert_span(doc, get(root, "😀"), "'sq ''x'''");
	assert_string_equal(get(root, "😀")->value, "sq 'x'");
	cc_yaml_node *list = get(root, "list");
	assert_span(doc, list->items[0], "ä");
	assert_span(doc, list->items[1], "\"ö\"");
	assert_span(doc, list->items[2], "'ü'");
	assert_span(doc, list->items[3], "1.2.3");
	/* properties are not part of a scalar's span: replacing it keeps them */
	assert_span(doc, get(root, "t"), "1.0");
	assert_pos(get(root, "t"), 5, 10, 5, 13);
	assert_span(doc, get(root, "a"), "ñ");
	assert_span(doc, get(root, "multi"), "first\n  second");
	assert_string_equal(get(root, "multi")->value, "first second");
	/* columns count characters, as libyaml's marks do */
	assert_pos(get(root, "名前"), 1, 5, 1, 14);
	assert_pos(get(root, "😀"), 3, 4, 3, 14);
	cc_yaml_node *k;
	cc_yaml_map_get_pair(root, "😀", &k);
	assert_span(doc, k, "😀");
	cc_yaml_doc_free(doc);
}

static void test_spans_bom_crlf(void **state)
{
	(void)state;
	const char *y = "\xEF\xBB\xBF" "a: ä\r\nb: \"x\"\r\nc:\r\n  - 'y'\r\n";
	cc_yaml_doc *doc = load_ok(y);
	cc_yaml_node *root = cc_yaml_doc_root(doc);
	assert_span(doc, get(root, "a"), "ä");
	assert_pos(get(root, "a"), 1, 4, 1, 5);
	assert_span(doc, get(root, "b"), "\"x\"");
	assert_pos(get(root, "b"), 2, 4, 2, 7);
	assert_span(doc, get(root, "c")->items[0], "'y'");
	assert_pos(get(root, "c")->items[0], 4, 5, 4, 8);
	assert_int_equal(root->start, 3); /* after the BOM */
	cc_yaml_doc_free(doc);
}

static void test_styles_and_tags(void **state)
{
	(void)state;
	const char *y = "p: plain\n"
			"s: 'single'\n"
			"d: \"double\"\n"
			"l: |\n  lit\n"
			"f: >\n  fold\n  ed\n"
			"fs: [a]\n"
			"fm: {a: b}\n"
			"bs:\n  - a\n"
			"t1: !!str 12\n"
			"t2: !custom 12\n"
			"t3: !<tag:yaml.org,2002:int> '7'\n"
			"t4: ! 12\n"
			"t5: !!map {a: 1}\n"
			"an: &name v\n"
			"al: *name\n";
	cc_yaml_doc *doc = load_ok(y);
	cc_yaml_node *r = cc_yaml_doc_root(doc);
	assert_int_equal(r->style, CC_YAML_BLOCK);
	assert_int_equal(get(r, "p")->style, CC_YAML_PLAIN);
	assert_int_equal(get(r, "s")->style, CC_YAML_SINGLE_QUOTED);
	assert_int_equal(get(r, "d")->style, CC_YAML_DOUBLE_QUOTED);
	assert_int_equal(get(r, "l")->style, CC_YAML_LITERAL);
	assert_string_equal(get(r, "l")->value, "lit\n");
	assert_int_equal(get(r, "f")->style, CC_YAML_FOLDED);
	assert_string_equal(get(r, "f")->value, "fold ed\n");
	assert_int_equal(get(r, "fs")->style, CC_YAML_FLOW);
	assert_int_equal(get(r, "fm")->style, CC_YAML_FLOW);
	assert_int_equal(get(r, "bs")->style, CC_YAML_BLOCK);
	assert_null(get(r, "p")->tag);
	assert_string_equal(get(r, "t1")->tag, "!!str");
	assert_int_equal(get(r, "t1")->type, CC_YAML_T_STR);
	assert_string_equal(get(r, "t2")->tag, "!custom");
	assert_int_equal(get(r, "t2")->type, CC_YAML_T_STR);
	assert_string_equal(get(r, "t3")->tag, "!!int");
	assert_int_equal(get(r, "t3")->type, CC_YAML_T_INT);
	assert_string_equal(get(r, "t4")->tag, "!");
	assert_int_equal(get(r, "t4")->type, CC_YAML_T_STR);
	assert_string_equal(get(r, "t5")->tag, "!!map");
	assert_string_equal(get(r, "an")->anchor, "name");
	assert_ptr_equal(get(r, "al"), get(r, "an"));
	assert_null(get(r, "p")->anchor);
	cc_yaml_doc_free(doc);
}

/* ---- resolution ---- */

typedef struct rcase {
	const char *text;
	cc_yaml_type type;
	const char *go; /* cc_yaml_scalar_go_string, or NULL to skip */
} rcase;

static const rcase resolution[] = {
	/* null */
	{ "~", CC_YAML_T_NULL, "" }, { "null", CC_YAML_T_NULL, "" }, { "Null", CC_YAML_T_NULL, NULL },
	{ "NULL", CC_YAML_T_NULL, NULL }, { "", CC_YAML_T_NULL, "" }, { "nUll", CC_YAML_T_STR, "nUll" },
	/* bool: YAML 1.1 spellings, exactly */
	{ "y", CC_YAML_T_BOOL, "true" }, { "Y", CC_YAML_T_BOOL, "true" }, { "yes", CC_YAML_T_BOOL, "true" },
	{ "Yes", CC_YAML_T_BOOL, NULL }, { "YES", CC_YAML_T_BOOL, NULL }, { "n", CC_YAML_T_BOOL, "false" },
	{ "N", CC_YAML_T_BOOL, NULL }, { "no", CC_YAML_T_BOOL, "false" }, { "No", CC_YAML_T_BOOL, NULL },
	{ "NO", CC_YAML_T_BOOL, NULL }, { "true", CC_YAML_T_BOOL, "true" }, { "True", CC_YAML_T_BOOL, NULL },
	{ "TRUE", CC_YAML_T_BOOL, NULL }, { "false", CC_YAML_T_BOOL, "false" },
	{ "False", CC_YAML_T_BOOL, NULL }, { "FALSE", CC_YAML_T_BOOL, NULL }, { "on", CC_YAML_T_BOOL, "true" },
	{ "On", CC_YAML_T_BOOL, NULL }, { "ON", CC_YAML_T_BOOL, NULL }, { "off", CC_YAML_T_BOOL, "false" },
	{ "Off", CC_YAML_T_BOOL, NULL }, { "OFF", CC_YAML_T_BOOL, NULL }, { "yEs", CC_YAML_T_STR, "yEs" },
	{ "tRUE", CC_YAML_T_STR, NULL }, { "oN", CC_YAML_T_STR, NULL }, { "o", CC_YAML_T_STR, NULL },
	/* int: ParseInt/ParseUint with base 0 after dropping underscores */
	{ "0", CC_YAML_T_INT, "0" }, { "-0", CC_YAML_T_INT, "0" }, { "+1", CC_YAML_T_INT, "1" },
	{ "42", CC_YAML_T_INT, "42" }, { "-17", CC_YAML_T_INT, "-17" }, { "1_000", CC_YAML_T_INT, "1000" },
	{ "1__0_", CC_YAML_T_INT, "10" }, { "0x1F", CC_YAML_T_INT, "31" }, { "0X1f", CC_YAML_T_INT, "31" },
	{ "-0x1F", CC_YAML_T_INT, "-31" }, { "+0x_1F", CC_YAML_T_INT, "31" }, { "0b1010", CC_YAML_T_INT, "10" },
	{ "-0b11", CC_YAML_T_INT, "-3" }, { "0o17", CC_YAML_T_INT, "15" }, { "017", CC_YAML_T_INT, "15" },
	{ "100000000", CC_YAML_T_INT, "100000000" },
	{ "9223372036854775807", CC_YAML_T_INT, "9223372036854775807" },
	{ "-9223372036854775808", CC_YAML_T_INT, "-9223372036854775808" },
	{ "9223372036854775808", CC_YAML_T_INT, "9223372036854775808" },
	{ "18446744073709551615", CC_YAML_T_INT, "18446744073709551615" },
	{ "0xFFFFFFFFFFFFFFFF", CC_YAML_T_INT, "18446744073709551615" },
	/* float: go-yaml's yamlStyleFloat, then ParseFloat; printed as float32 'g' */
	{ "1.0", CC_YAML_T_FLOAT, "1" }, { "1.10", CC_YAML_T_FLOAT, "1.1" }, { "1.", CC_YAML_T_FLOAT, "1" },
	{ ".5", CC_YAML_T_FLOAT, "0.5" }, { "-.5", CC_YAML_T_FLOAT, "-0.5" },
	{ "+.5e3", CC_YAML_T_FLOAT, "500" }, { "1e3", CC_YAML_T_FLOAT, "1000" },
	{ "1E3", CC_YAML_T_FLOAT, "1000" }, { "1e+3", CC_YAML_T_FLOAT, "1000" },
	{ "1e-3", CC_YAML_T_FLOAT, "0.001" }, { "72445e2", CC_YAML_T_FLOAT, "7.2445e+06" },
	{ "0.1", CC_YAML_T_FLOAT, "0.1" }, { "1e21", CC_YAML_T_FLOAT, "1e+21" },
	{ "1e-5", CC_YAML_T_FLOAT, "1e-05" }, { "0.0001", CC_YAML_T_FLOAT, "0.0001" },
	{ "123456.0", CC_YAML_T_FLOAT, "123456" }, { "1234567.0", CC_YAML_T_FLOAT, "1.234567e+06" },
	{ "3.14159265358979", CC_YAML_T_FLOAT, "3.1415927" }, { "-0.0", CC_YAML_T_FLOAT, "-0" },
	{ "08", CC_YAML_T_FLOAT, "8" }, { "09.5", CC_YAML_T_FLOAT, "9.5" },
	{ "1_000.5", CC_YAML_T_FLOAT, "1000.5" }, { ".5_5", CC_YAML_T_FLOAT, "0.55" },
	{ "6.02e23", CC_YAML_T_FLOAT, "6.02e+23" }, { "1e39", CC_YAML_T_FLOAT, "+Inf" },
	{ "18446744073709551616", CC_YAML_T_FLOAT, "1.8446744e+19" },
	{ "-9223372036854775809", CC_YAML_T_FLOAT, "-9.223372e+18" },
	{ ".inf", CC_YAML_T_FLOAT, "+Inf" }, { ".Inf", CC_YAML_T_FLOAT, NULL },
	{ "+.INF", CC_YAML_T_FLOAT, "+Inf" }, { "-.inf", CC_YAML_T_FLOAT, "-Inf" },
	{ ".nan", CC_YAML_T_FLOAT, "NaN" }, { ".NaN", CC_YAML_T_FLOAT, NULL }, { ".NAN", CC_YAML_T_FLOAT, NULL },
	/* strings that look close */
	{ "1e400", CC_YAML_T_STR, "1e400" }, { ".", CC_YAML_T_STR, NULL }, { ".e1", CC_YAML_T_STR, NULL },
	{ "._5", CC_YAML_T_STR, NULL }, { "+.nan", CC_YAML_T_STR, NULL }, { ".iNf", CC_YAML_T_STR, NULL },
	{ "1.2.3", CC_YAML_T_STR, "1.2.3" }, { "0x", CC_YAML_T_STR, NULL }, { "0b2", CC_YAML_T_STR, NULL },
	{ "0x1G", CC_YAML_T_STR, NULL }, { "1e", CC_YAML_T_STR, NULL }, { "1:20", CC_YAML_T_STR, "1:20" },
	{ "-x", CC_YAML_T_STR, NULL }, { "+_", CC_YAML_T_STR, NULL }, { "_1", CC_YAML_T_STR, NULL },
	{ "v1.0", CC_YAML_T_STR, "v1.0" }, { "<<", CC_YAML_T_STR, "<<" }, { "0x1p-2", CC_YAML_T_STR, NULL },
	{ "0x10000000000000000", CC_YAML_T_STR, NULL }, { "abc", CC_YAML_T_STR, "abc" },
	/* timestamps: go-yaml's four time.Parse layouts */
	{ "2001-12-14", CC_YAML_T_TIMESTAMP, "2001-12-14" },
	{ "2001-12-14t21:59:43.10-05:00", CC_YAML_T_TIMESTAMP, "2001-12-14t21:59:43.10-05:00" },
	{ "2001-12-14T21:59:43Z", CC_YAML_T_TIMESTAMP, NULL },
	{ "2001-12-14 21:59:43.10", CC_YAML_T_TIMESTAMP, NULL },
	{ "2001-12-14  1:2:3", CC_YAML_T_TIMESTAMP, NULL },
	{ "2001-1-2", CC_YAML_T_TIMESTAMP, NULL }, { "2024-02-29", CC_YAML_T_TIMESTAMP, NULL },
	{ "2001-12-14T21:59:43,5+01:00", CC_YAML_T_TIMESTAMP, NULL },
	{ "2026-11-23T13:04:03.2Z", CC_YAML_T_TIMESTAMP, NULL },
	{ "2023-02-29", CC_YAML_T_STR, NULL }, { "2001-13-01", CC_YAML_T_STR, NULL },
	{ "2001-12-14T21:59:43", CC_YAML_T_STR, NULL },
	{ "2001-12-14 21:59:43.10 -5", CC_YAML_T_STR, NULL },
	{ "2001-12-14T24:00:00Z", CC_YAML_T_STR, NULL }, { "2001-12-14T21:59:43z", CC_YAML_T_STR, NULL },
	{ "2001-12-14 21:59", CC_YAML_T_STR, NULL }, { "20011-12-14", CC_YAML_T_STR, NULL },
	{ "2001-001-01", CC_YAML_T_STR, NULL },
	/* only untagged plain scalars are resolved */
	{ "'1'", CC_YAML_T_STR, "1" }, { "\"true\"", CC_YAML_T_STR, "true" }, { "'~'", CC_YAML_T_STR, "~" },
	{ "\"\"", CC_YAML_T_STR, "" }, { "|\n  12", CC_YAML_T_STR, "12\n" },
	/* explicit tags decide */
	{ "!!str 1", CC_YAML_T_STR, "1" }, { "!!str true", CC_YAML_T_STR, "true" },
	{ "!!int \"12\"", CC_YAML_T_INT, "12" }, { "!!float 1", CC_YAML_T_FLOAT, "1" },
	{ "!!float '0x10'", CC_YAML_T_FLOAT, "16" }, { "!!bool 'yes'", CC_YAML_T_BOOL, "true" },
	{ "!!null ''", CC_YAML_T_NULL, "" }, { "!!timestamp 2001-12-14", CC_YAML_T_TIMESTAMP, NULL },
	{ "!<tag:yaml.org,2002:float> 2", CC_YAML_T_FLOAT, "2" }, { "! 12", CC_YAML_T_STR, "12" },
	{ "!local 12", CC_YAML_T_STR, "12" }, { "!!binary aGVsbG8=", CC_YAML_T_BINARY, "hello" },
	{ "!!binary |\n  aGVs\n  bG8=", CC_YAML_T_BINARY, "hello" },
};

static void test_resolution_table(void **state)
{
	(void)state;
	size_t n = sizeof(resolution) / sizeof(resolution[0]);
	assert_true(n >= 60);
	for (size_t i = 0; i < n; i++) {
		char *y = cc_asprintf("v: %s\n", resolution[i].text);
		cc_yaml_doc *doc = load_ok(y);
		cc_yaml_node *v = get(cc_yaml_doc_root(doc), "v");
		assert_int_equal(v->kind, CC_YAML_SCALAR);
		if (v->type != resolution[i].type)
			fail_msg("%s: type %s, want %d", resolution[i].text, cc_yaml_type_name(v),
				 resolution[i].type);
		if (resolution[i].go) {
			char *g = cc_yaml_scalar_go_string(v);
			if (strcmp(g, resolution[i].go) != 0)
				fail_msg("%s: go string \"%s\", want \"%s\"", resolution[i].text, g,
					 resolution[i].go);
			free(g);
		}
		cc_yaml_doc_free(doc);
		free(y);
	}
	printf("resolution cases: %zu\n", n);
}

static void test_tag_mismatch_errors(void **state)
{
	(void)state;
	const char *y = "a: 1\nb: !!int abc\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 2, 10, "cannot decode !!str `abc` as a !!int");
	y = "x: !!bool 1\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 1, 11, "cannot decode !!int `1` as a !!bool");
	y = "x: !!null foo\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 1, 11, "cannot decode !!str `foo` as a !!null");
	y = "x: !!int 1.5\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 1, 10, "cannot decode !!float `1.5` as a !!int");
	y = "x: !!float 18446744073709551615\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 1, 12, "as a !!float");
	y = "x: !!timestamp 12\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 1, 16, "cannot decode !!int `12` as a !!timestamp");
	y = "x: !!int 2001-12-14\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 1, 10, "cannot decode !!str `2001-12-14` as a !!int");
	y = "x:\n  - !!binary 'aGVsbG8'\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 2, 14, "!!binary value contains invalid base64 data");
	y = "x: !!binary 'aGV sbG8='\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 1, 13, "invalid base64");
	y = "x: !<tag:yaml.org,2002:int> nope\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 1, 29, "as a !!int");
}

/* ---- duplicates ---- */

static void test_duplicate_keys(void **state)
{
	(void)state;
	const char *y = "name: a\n"
			"apiVersion: v1\n"
			"version: 1\n"
			"apiVersion: v2\n"
			"sub:\n"
			"  x: 1\n"
			"  x: 2\n"
			"  <<: {p: 1}\n"
			"  <<: {q: 1}\n"
			"'apiVersion': v3\n";
	cc_yaml_doc *doc = load_ok(y);
	cc_yaml_node *r = cc_yaml_doc_root(doc);
	assert_int_equal(cc_yaml_doc_nnotes(doc), 3);
	const cc_yaml_note *n0 = cc_yaml_doc_note(doc, 0);
	assert_int_equal(n0->line, 4);
	assert_int_equal(n0->col, 1);
	assert_string_equal(n0->msg, "duplicate key \"apiVersion\" (first at line 2, column 1)");
	assert_int_equal(cc_yaml_doc_note(doc, 1)->line, 7);
	assert_int_equal(cc_yaml_doc_note(doc, 1)->col, 3);
	assert_string_equal(cc_yaml_doc_note(doc, 1)->msg, "duplicate key \"x\" (first at line 6, column 3)");
	assert_int_equal(cc_yaml_doc_note(doc, 2)->line, 10);
	assert_null(cc_yaml_doc_note(doc, 3));
	assert_string_equal(get(r, "apiVersion")->value, "v3");
	assert_string_equal(get(get(r, "sub"), "x")->value, "2");
	cc_yaml_node *k;
	cc_yaml_map_get_pair(r, "apiVersion", &k);
	assert_int_equal(k->line, 10);
	assert_int_equal(r->npairs, 6); /* duplicates are kept in document order */
	assert_json(y, "{\"name\":\"a\",\"apiVersion\":\"v3\",\"version\":1,"
		       "\"sub\":{\"x\":2,\"p\":1,\"q\":1}}");
	cc_yaml_doc_free(doc);
}

static void test_duplicate_key_escaping(void **state)
{
	(void)state;
	const char *y = "\"a\\\"b\\tc\": 1\n\"a\\\"b\\tc\": 2\n";
	cc_yaml_doc *doc = load_ok(y);
	assert_int_equal(cc_yaml_doc_nnotes(doc), 1);
	assert_string_equal(cc_yaml_doc_note(doc, 0)->msg,
			    "duplicate key \"a\\\"b\\x09c\" (first at line 1, column 1)");
	cc_yaml_doc_free(doc);
}

static void test_many_keys_linear(void **state)
{
	(void)state;
	const size_t n = 200000;
	cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		cc_buf_printf(&b, "key%zu: %zu\n", i, i);
	cc_buf_puts(&b, "key12345: dup\nkey199999: dup\n");
	double t0 = now_ms();
	cc_yaml_doc *doc = load_ok(b.ptr);
	double ms = now_ms() - t0;
	cc_yaml_node *r = cc_yaml_doc_root(doc);
	assert_int_equal(r->npairs, n + 2);
	assert_int_equal(cc_yaml_doc_nnotes(doc), 2);
	assert_string_equal(cc_yaml_doc_note(doc, 0)->msg,
			    "duplicate key \"key12345\" (first at line 12346, column 1)");
	assert_int_equal(cc_yaml_doc_note(doc, 1)->line, (int)n + 2);
	assert_string_equal(get(r, "key12345")->value, "dup");
	printf("200,002-key mapping loaded in %.0f ms\n", ms);
	assert_true(ms < 20000); /* quadratic would be 2e10 comparisons */
	cc_yaml_doc_free(doc);
	cc_buf_free(&b);
}

/* ---- anchors, aliases, merges ---- */

static void test_aliases_share_nodes(void **state)
{
	(void)state;
	const char *y = "base: &b\n  image: nginx\n  tags: [a, b]\n"
			"copy: *b\n"
			"list:\n  - &s str\n  - *s\n"
			"re: &b other\n"
			"after: *b\n";
	cc_yaml_doc *doc = load_ok(y);
	cc_yaml_node *r = cc_yaml_doc_root(doc);
	assert_ptr_equal(get(r, "copy"), get(r, "base"));
	assert_string_equal(get(r, "base")->anchor, "b");
	cc_yaml_node *list = get(r, "list");
	assert_ptr_equal(list->items[0], list->items[1]);
	/* a later anchor of the same name wins from there on */
	assert_ptr_equal(get(r, "after"), get(r, "re"));
	assert_json(y, "{\"base\":{\"image\":\"nginx\",\"tags\":[\"a\",\"b\"]},"
		       "\"copy\":{\"image\":\"nginx\",\"tags\":[\"a\",\"b\"]},"
		       "\"list\":[\"str\",\"str\"],\"re\":\"other\",\"after\":\"other\"}");
	cc_yaml_doc_free(doc);
	/* redefined inside itself: the alias means the inner node, no cycle */
	assert_json("a: &x [&x 1, *x]\n", "{\"a\":[1,1]}");
}

static void test_alias_errors(void **state)
{
	(void)state;
	const char *y = "a: 1\nb:\n  - *nope\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 3, 5, "unknown anchor 'nope' referenced");
	y = "a: &x\n  b: *x\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 2, 6, "anchor 'x' value contains itself");
	y = "a: &x [1, [2, *x]]\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 1, 15, "contains itself");
}

static void test_merge_keys(void **state)
{
	(void)state;
	const char *base = "base: &base {a: 1, b: 2}\n"
			   "over: &over {b: 20, c: 30}\n";
	char *y;
	/* keys written after the merge win over merged ones */
	y = cc_asprintf("%sm:\n  <<: *base\n  b: 3\n", base);
	assert_json(y, "{\"base\":{\"a\":1,\"b\":2},\"over\":{\"b\":20,\"c\":30},\"m\":{\"a\":1,\"b\":3}}");
	free(y);
	/* in a sequence, earlier maps win */
	y = cc_asprintf("%sm:\n  <<: [*base, *over]\n  d: 4\n", base);
	assert_json(y, "{\"base\":{\"a\":1,\"b\":2},\"over\":{\"b\":20,\"c\":30},"
		       "\"m\":{\"a\":1,\"b\":2,\"c\":30,\"d\":4}}");
	free(y);
	y = cc_asprintf("%sm:\n  <<: [*over, *base]\n", base);
	assert_json(y, "{\"base\":{\"a\":1,\"b\":2},\"over\":{\"b\":20,\"c\":30},"
		       "\"m\":{\"a\":1,\"b\":20,\"c\":30}}");
	free(y);
	/* go-yaml v2 applies a merge where it stands: after a key, it overwrites it */
	assert_json("m:\n  b: 3\n  <<: {a: 1, b: 2}\n", "{\"m\":{\"a\":1,\"b\":2}}");
	/* merged maps are converted with their own merges and duplicates */
	assert_json("x: &x {<<: {p: 1}, q: 2, q: 3}\nz: {<<: *x}\n",
		    "{\"x\":{\"p\":1,\"q\":3},\"z\":{\"p\":1,\"q\":3}}");
	/* YAML 1.1: the key y is the boolean true, written "true" */
	assert_json("y: 1\nn: 2\n", "{\"true\":1,\"false\":2}");
	/* a quoted or !!str "<<" is an ordinary key; !!merge is a merge */
	assert_json("m: {'<<': {a: 1}}\n", "{\"m\":{\"<<\":{\"a\":1}}}");
	assert_json("m: {!!str <<: {a: 1}}\n", "{\"m\":{\"<<\":{\"a\":1}}}");
	assert_json("m: {!!merge <<: {a: 1}}\n", "{\"m\":{\"a\":1}}");
	assert_json("m:\n  <<: []\n  a: 1\n", "{\"m\":{\"a\":1}}");
	assert_json_fails("m:\n  <<: 1\n", 2, 7, "map merge requires map or sequence of maps");
	assert_json_fails("m:\n  <<: [{a: 1}, x]\n", 2, 16, "map merge requires map or sequence of maps");
	assert_json_fails("a: &s str\nm:\n  <<: *s\n", 1, 7, "map merge requires");
	/* a sequence of maps works written in place, not through an alias (go-yaml v2) */
	assert_json_fails("s: &s [{a: 1}]\nm:\n  <<: *s\n", 3, 3, "map merge requires");
	assert_json("a: &a {x: 1}\nm:\n  <<: [*a]\n", "{\"a\":{\"x\":1},\"m\":{\"x\":1}}");
}

static void test_alias_bomb(void **state)
{
	(void)state;
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "a0: &a0 [\"lol\"]\n");
	for (int i = 1; i <= 9; i++) {
		cc_buf_printf(&b, "a%d: &a%d [", i, i);
		for (int j = 0; j < 9; j++)
			cc_buf_printf(&b, "%s*a%d", j ? ", " : "", i - 1);
		cc_buf_puts(&b, "]\n");
	}
	double t0 = now_ms();
	/* a5's aliases bring 13,942 nodes each: the 7th passes 100,000 at column 40 */
	load_fail(b.ptr, b.len, NULL, CC_ELIMIT, 6, 40, "looks like an alias bomb");
	double ms = now_ms() - t0;
	printf("billion laughs refused in %.2f ms\n", ms);
	assert_true(ms < 500);
	/* an explicit bound applies as the aliases come */
	cc_yaml_opts o = { 0, 30, 0 };
	load_fail(b.ptr, b.len, &o, CC_ELIMIT, 3, 10, "more than 30 nodes at *a1");
	cc_buf_free(&b);
}

static void test_alias_bound_grows_with_document(void **state)
{
	(void)state;
	/* 130,000 own nodes allow 130,000 through aliases: 120 aliases of 1,001 fit */
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "big: &big [");
	for (int i = 0; i < 1000; i++)
		cc_buf_printf(&b, "%s%d", i ? "," : "", i);
	cc_buf_puts(&b, "]\nuse: [");
	for (int i = 0; i < 120; i++)
		cc_buf_printf(&b, "%s*big", i ? "," : "");
	cc_buf_puts(&b, "]\nfill:\n");
	for (int i = 0; i < 130000; i++)
		cc_buf_printf(&b, "  - %d\n", i);
	cc_yaml_doc *doc = load_ok(b.ptr);
	cc_yaml_doc_free(doc);
	/* without the filler the same aliases are over the floor: the one that crossed is named */
	char *cut = strstr(b.ptr, "fill:");
	load_fail(b.ptr, (size_t)(cut - b.ptr), NULL, CC_ELIMIT, 2, 7 + 5 * 99,
		  "aliases expand to more than 100000 nodes at *big");
	cc_buf_free(&b);
}

/* ---- depth ---- */

static void test_deep_flow_nesting(void **state)
{
	(void)state;
	const size_t n = 10000;
	char *y = cc_malloc(2 * n + 2);
	memset(y, '[', n);
	memset(y + n, ']', n);
	y[2 * n] = '\n';
	y[2 * n + 1] = '\0';
	load_fail(y, 2 * n + 1, NULL, CC_ELIMIT, 1, 1001, "nesting deeper than 1000 levels");
	cc_yaml_opts o = { 20, 0, 0 };
	load_fail(y, 2 * n + 1, &o, CC_ELIMIT, 1, 21, "nesting deeper than 20 levels");
	/* exactly at the bound loads */
	memset(y, '[', 1000);
	memset(y + 1000, ']', 1000);
	strcpy(y + 2000, "\n");
	cc_yaml_doc *doc = load_ok(y);
	cc_yaml_doc_free(doc);
	free(y);
}

static void test_deep_block_nesting(void **state)
{
	(void)state;
	cc_buf b = CC_BUF_INIT;
	for (int i = 0; i < 10000; i++) {
		cc_buf_grow(&b, (size_t)i + 16);
		memset(b.ptr + b.len, ' ', (size_t)i);
		b.len += (size_t)i;
		cc_buf_printf(&b, "k%d:\n", i);
	}
	load_fail(b.ptr, b.len, NULL, CC_ELIMIT, 1001, 1001, "nesting deeper than 1000 levels");
	cc_buf_free(&b);
	/* block sequences nest on one line */
	for (int i = 0; i < 10000; i++)
		cc_buf_puts(&b, "- ");
	cc_buf_puts(&b, "x\n");
	load_fail(b.ptr, b.len, NULL, CC_ELIMIT, 1, 2001, "nesting deeper than 1000 levels");
	cc_buf_free(&b);
}

static void test_depth_through_aliases(void **state)
{
	(void)state;
	/* 5 levels in the anchor, 5 around the alias (the mapping and 4 lists): 10 */
	const char *y = "a: &d [[[[[x]]]]]\nb: [[[[*d]]]]\n";
	cc_yaml_opts o = { 9, 0, 0 };
	load_fail(y, strlen(y), &o, CC_ELIMIT, 2, 8, "nesting deeper than 9 levels through alias *d");
	o.max_depth = 10;
	cc_yaml_doc *doc = NULL;
	cc_error err;
	assert_int_equal(cc_yaml_load(&doc, y, strlen(y), "t", &o, &err), CC_OK);
	cc_yaml_doc_free(doc);
}

/* ---- libyaml errors ---- */

static void test_invalid_utf8(void **state)
{
	(void)state;
	load_fail("a: \xff\n", 6, NULL, CC_EINVALID, 1, 4, "invalid UTF-8 (byte 0xff)");
	load_fail("a: ok\nb: é\xc3\n", 13, NULL, CC_EINVALID, 2, 5, "byte 0xc3 is not followed by a continuation byte");
	load_fail("a: x\xc3(\n", 7, NULL, CC_EINVALID, 1, 5, "invalid UTF-8 (byte 0xc3 is not followed");
	load_fail("a: \xc0\xaf\n", 6, NULL, CC_EINVALID, 1, 4, "overlong");
	load_fail("a: \xed\xa0\x80\n", 7, NULL, CC_EINVALID, 1, 4, "U+D800");
	load_fail("# é\na: \xe2\x82", 10, NULL, CC_EINVALID, 2, 4, "cut short");
	/* a BOM does not shift the column */
	load_fail("\xEF\xBB\xBF" "a: \xff\n", 9, NULL, CC_EINVALID, 1, 4, "byte 0xff");
}

static void test_control_characters(void **state)
{
	(void)state;
	load_fail("a: b\0c\n", 7, NULL, CC_EINVALID, 1, 5, "U+0000 (a NUL byte) is not allowed");
	load_fail("a: 1\nb: \x01\n", 9, NULL, CC_EINVALID, 2, 4, "control character U+0001");
	load_fail("a: \x7f\n", 5, NULL, CC_EINVALID, 1, 4, "U+007F");
	/* tabs and escapes are fine */
	cc_yaml_doc *doc = load_ok("a: \"x\\0y\"\nb:\t1\n");
	cc_yaml_node *a = get(cc_yaml_doc_root(doc), "a");
	assert_int_equal(a->len, 3);
	assert_memory_equal(a->value, "x\0y", 4);
	assert_json("a: \"x\\0y\"\n", "{\"a\":\"x\\u0000y\"}");
	cc_yaml_doc_free(doc);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	const char *y = "a: 1\nb:\n  c: 2\n d: 3\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 4, 2,
		  "did not find expected key while parsing a block mapping that started at line 1, column 1");
	y = "x: \"abc\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 2, 1,
		  "found unexpected end of stream while scanning a quoted scalar that started at line 1, column 4");
	y = "list:\n  - a\n  b: c\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 3, 3,
		  "did not find expected '-' indicator while parsing a block collection that started at line 2, column 3");
	y = "a: [1, 2\nb: 3\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 2, 2, "did not find expected ',' or ']'");
	y = "a: b: c\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 1, 5, "mapping values are not allowed in this context");
	y = "a: !e!x 1\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 1, 4, "found undefined tag handle");
	y = "\ta: 1\n";
	load_fail(y, strlen(y), NULL, CC_EINVALID, 1, 1, "found character that cannot start any token");
}

static void test_bom_crlf_documents(void **state)
{
	(void)state;
	assert_json("\xEF\xBB\xBF" "apiVersion: v2\r\nname: x\r\n", "{\"apiVersion\":\"v2\",\"name\":\"x\"}");
	assert_json("a: |\r\n  l1\r\n  l2\r\n", "{\"a\":\"l1\\nl2\\n\"}");
	assert_json("a: 1\rb: 2\r", "{\"a\":1,\"b\":2}");
}

static void test_empty_and_multi_documents(void **state)
{
	(void)state;
	const char *empties[] = { "", "\n", "# just a comment\n", "\xEF\xBB\xBF", "   \n\n" };
	for (size_t i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
		cc_yaml_doc *doc = load_ok(empties[i]);
		assert_null(cc_yaml_doc_root(doc));
		assert_false(cc_yaml_doc_has_more(doc));
		assert_int_equal(cc_yaml_doc_nnotes(doc), 0);
		cc_yaml_doc_free(doc);
	}
	cc_yaml_doc *doc = load_ok("---\n");
	assert_true(cc_yaml_is_null(cc_yaml_doc_root(doc)));
	cc_yaml_doc_free(doc);
	doc = load_ok("a: 1\n---\nb: 2\n");
	assert_true(cc_yaml_doc_has_more(doc));
	assert_null(cc_yaml_map_get(cc_yaml_doc_root(doc), "b"));
	cc_yaml_doc_free(doc);
	/* what follows the first document is not parsed */
	doc = load_ok("---\na: 1\n...\n--- [\n");
	assert_true(cc_yaml_doc_has_more(doc));
	assert_non_null(cc_yaml_map_get(cc_yaml_doc_root(doc), "a"));
	cc_yaml_doc_free(doc);
	doc = load_ok("a: 1\n...\n");
	assert_false(cc_yaml_doc_has_more(doc));
	cc_yaml_doc_free(doc);
	doc = load_ok("%YAML 1.1\n---\nx: y\n");
	assert_string_equal(get(cc_yaml_doc_root(doc), "x")->value, "y");
	cc_yaml_doc_free(doc);
}

/* ---- JSON ---- */

static void test_to_json_values(void **state)
{
	(void)state;
	assert_json("i: 1\nneg: -7\nhex: 0x1F\nf: 1.5\nf2: 1.0\ne: 1e3\nb: yes\nnul: ~\ns: \"1\"\n"
		    "t: 2001-12-14\nts: 2001-12-14t21:59:43.10-05:00\nu: 18446744073709551615\n"
		    "big: 9223372036854775807\nbin: !!binary aGVsbG8=\nfl: !!float 3\nlit: |\n  x\n",
		    "{\"i\":1,\"neg\":-7,\"hex\":31,\"f\":1.5,\"f2\":1.0,\"e\":1000.0,\"b\":true,\"nul\":null,"
		    "\"s\":\"1\",\"t\":\"2001-12-14\",\"ts\":\"2001-12-14t21:59:43.10-05:00\","
		    "\"u\":18446744073709551615.0,\"big\":9223372036854775807,\"bin\":\"hello\","
		    "\"fl\":3.0,\"lit\":\"x\\n\"}");
	assert_json("- [a, {b: [c]}]\n- {}\n- []\n", "[[\"a\",{\"b\":[\"c\"]}],{},[]]");
	assert_json("x\n", "\"x\"");
	assert_json("42\n", "42");
	/* binary that is not UTF-8 becomes U+FFFD, as Go's encoding/json writes it */
	assert_json("b: !!binary /w==\n", "{\"b\":\"\\ufffd\"}");
	json_t *j = (json_t *)1;
	cc_error err;
	assert_int_equal(cc_yaml_to_json(NULL, "t", &j, &err), CC_OK);
	assert_true(json_is_null(j));
	json_decref(j);
}

static void test_to_json_keys(void **state)
{
	(void)state;
	/* sigs.k8s.io/yaml: ints in decimal, floats as float32 %g, bools as words */
	assert_json("1: a\n0x10: b\n1.5: c\n3.14159265358979: d\ntrue: e\nno: f\n1e21: g\n"
		    ".inf: h\n-.inf: i\n.nan: j\n2001-12-14: k\n\"7\": l\n1_000: m\n",
		    "{\"1\":\"a\",\"16\":\"b\",\"1.5\":\"c\",\"3.1415927\":\"d\",\"true\":\"e\","
		    "\"false\":\"f\",\"1e+21\":\"g\",\".inf\":\"h\",\"-.inf\":\"i\",\".nan\":\"j\","
		    "\"2001-12-14\":\"k\",\"7\":\"l\",\"1000\":\"m\"}");
	assert_json("1.0: a\n", "{\"1\":\"a\"}");
	assert_json("? !!binary aGk=\n: x\n", "{\"hi\":\"x\"}");
	assert_json_fails("a:\n  ? [x]\n  : 1\n", 2, 5, "a mapping key must be a scalar, not a sequence");
	assert_json_fails("? {a: 1}\n: 1\n", 1, 3, "not a mapping");
	assert_json_fails("~: 1\n", 1, 1, "unsupported map key of type null");
	assert_json_fails("a:\n  18446744073709551615: x\n", 2, 3, "unsupported map key of type uint64");
}

static void test_to_json_floats_json_cannot_hold(void **state)
{
	(void)state;
	assert_json_fails("a:\n  - .inf\n", 2, 5, "json: unsupported value: +Inf");
	assert_json_fails("a: -.Inf\n", 1, 4, "-Inf");
	assert_json_fails("a: .NaN\n", 1, 4, "NaN");
	assert_json_fails("a: 1e39\nb: !!float .nan\n", 2, 12, "NaN");
}

static void test_to_json_through_aliases_is_expanded(void **state)
{
	(void)state;
	assert_json("a: &a {x: [1, 2]}\nb: [*a, *a]\n",
		    "{\"a\":{\"x\":[1,2]},\"b\":[{\"x\":[1,2]},{\"x\":[1,2]}]}");
	/* aliased subtrees are separate JSON values: changing one leaves the other */
	cc_yaml_doc *doc = load_ok("a: &a {x: 1}\nb: *a\n");
	json_t *j;
	cc_error err;
	assert_int_equal(cc_yaml_to_json(cc_yaml_doc_root(doc), "t", &j, &err), CC_OK);
	json_object_set_new(json_object_get(j, "a"), "x", json_integer(2));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "b"), "x")), 1);
	json_decref(j);
	cc_yaml_doc_free(doc);
}

/* ---- Go strings ---- */

static void test_go_string(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "1.0", "1" }, { "1.10", "1.1" }, { "72445e2", "7.2445e+06" }, { "0.1", "0.1" },
		{ "1e21", "1e+21" }, { "100000000", "100000000" }, { "1_000", "1000" },
		{ "0x1F", "31" }, { "true", "true" }, { "No", "false" }, { "1.16.0", "1.16.0" },
		{ "\"1.0\"", "1.0" }, { "2.0", "2" }, { "0.000001", "1e-06" }, { "1.5e-7", "1.5e-07" },
		{ "123456789.0", "1.2345679e+08" }, { "16777217.0", "1.6777216e+07" }, { "0.3", "0.3" },
		{ "-2.5", "-2.5" }, { "1e6", "1e+06" }, { "999999.0", "999999" }, { "3.4e38", "3.4e+38" },
		{ "1e-45", "1e-45" }, { "1e-46", "0" }, { "~", "" }, { "2001-12-14", "2001-12-14" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *y = cc_asprintf("v: %s\n", cases[i].in);
		cc_yaml_doc *doc = load_ok(y);
		char *g = cc_yaml_scalar_go_string(get(cc_yaml_doc_root(doc), "v"));
		if (strcmp(g, cases[i].out) != 0)
			fail_msg("%s gave \"%s\", want \"%s\"", cases[i].in, g, cases[i].out);
		free(g);
		cc_yaml_doc_free(doc);
		free(y);
	}
	cc_yaml_doc *doc = load_ok("m: {a: 1}\n");
	assert_null(cc_yaml_scalar_go_string(get(cc_yaml_doc_root(doc), "m")));
	assert_null(cc_yaml_scalar_go_string(NULL));
	cc_yaml_doc_free(doc);
}

/* ---- the Go library pieces, directly ---- */

static void test_go_float32_format(void **state)
{
	(void)state;
	static const struct {
		double in;
		const char *out;
	} cases[] = {
		{ 0.0, "0" }, { -0.0, "-0" }, { 1.0, "1" }, { 0.1, "0.1" }, { 1e-45, "1e-45" },
		{ 1.401298464324817e-45, "1e-45" }, { 3.4028234663852886e38, "3.4028235e+38" },
		{ 3.4028235677973362e38, "3.4028235e+38" }, { 3.5e38, "+Inf" }, { -3.5e38, "-Inf" },
		{ 16777216.0, "1.6777216e+07" }, { 1e6, "1e+06" }, { 999999.0, "999999" },
		{ 123456.0, "123456" }, { 1.5e-5, "1.5e-05" }, { 0.0001, "0.0001" }, { 0.00001, "1e-05" },
		{ 1656223.75, "1.6562238e+06" }, { 100.0, "100" }, { 1e100, "+Inf" }, { 1e-100, "0" },
		{ 2.5, "2.5" }, { 0.3, "0.3" }, { 1.0 / 3.0, "0.33333334" }, { 7244500.0, "7.2445e+06" },
	};
	char buf[64];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cc_yaml_format_float32(cases[i].in, buf, sizeof(buf));
		if (strcmp(buf, cases[i].out) != 0)
			fail_msg("%.17g gave %s, want %s", cases[i].in, buf, cases[i].out);
	}
	cc_yaml_format_float32(NAN, buf, sizeof(buf));
	assert_string_equal(buf, "NaN");
	cc_yaml_format_float32(-INFINITY, buf, sizeof(buf));
	assert_string_equal(buf, "-Inf");
}

static void test_go_parsers(void **state)
{
	(void)state;
	int64_t i;
	uint64_t u;
	double f;
	assert_int_equal(cc_yaml_go_parse_int("0x", 2, &i), -1);
	assert_int_equal(cc_yaml_go_parse_int("0", 1, &i), 0);
	assert_int_equal(i, 0);
	assert_int_equal(cc_yaml_go_parse_int("-9223372036854775808", 20, &i), 0);
	assert_true(i == INT64_MIN);
	assert_int_equal(cc_yaml_go_parse_int("9223372036854775808", 19, &i), -1);
	assert_int_equal(cc_yaml_go_parse_uint("18446744073709551616", 20, &u), -1);
	assert_int_equal(cc_yaml_go_parse_uint("+1", 2, &u), -1);
	assert_int_equal(cc_yaml_go_parse_float("1_0.5", 5, &f), 0);
	assert_true(f == 10.5);
	assert_int_equal(cc_yaml_go_parse_float("1__0", 4, &f), -1);
	assert_int_equal(cc_yaml_go_parse_float("1e400", 5, &f), -1);
	assert_int_equal(cc_yaml_go_parse_float("1e-400", 6, &f), 0);
	assert_true(f == 0.0);
	assert_true(cc_yaml_style_float("-.5e+3", 6));
	assert_false(cc_yaml_style_float("1e", 2));
	assert_false(cc_yaml_style_float("0x1p3", 5));
	assert_true(cc_yaml_go_timestamp("2000-02-29", 10));
	assert_false(cc_yaml_go_timestamp("1900-02-29", 10));
	assert_true(cc_yaml_go_timestamp("2001-12-14T21:59:43.123456789123+24:60", 38));
	assert_false(cc_yaml_go_timestamp("2001-12-14T21:59:43+25:00", 25));
	assert_false(cc_yaml_go_timestamp("2001-12-14T21:59:43.", 20));
	cc_buf b = CC_BUF_INIT;
	assert_int_equal(cc_yaml_base64_decode("aGVs\r\nbG8=\n", 11, &b), 0);
	assert_string_equal(b.ptr, "hello");
	cc_buf_clear(&b);
	assert_int_equal(cc_yaml_base64_decode("", 0, &b), 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(cc_yaml_base64_decode("aGk=aGk=", 8, &b), -1);
	assert_int_equal(cc_yaml_base64_decode("a===", 4, &b), -1);
	assert_int_equal(cc_yaml_base64_decode("aGk", 3, &b), -1);
	cc_buf_clear(&b);
	cc_yaml_utf8_sanitize("a\xff" "b\xed\xa0\x80" "c\xe2\x82", 9, &b);
	assert_string_equal(b.ptr, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd");
	cc_buf_free(&b);
}

static void test_utf16_input(void **state)
{
	(void)state;
	/* "\ufeffa: é\nb: \"x😀\"\n" in UTF-16LE: spans count bytes of that encoding */
	static const char le[] = "\xff\xfe" "a\0:\0 \0\xe9\0\n\0" "b\0:\0 \0\"\0x\0\x3d\xd8\x00\xde\"\0\n\0";
	cc_yaml_doc *doc = NULL;
	cc_error err;
	assert_int_equal(cc_yaml_load(&doc, le, sizeof(le) - 1, "u16", NULL, &err), CC_OK);
	cc_yaml_node *r = cc_yaml_doc_root(doc);
	cc_yaml_node *a = get(r, "a"), *b = get(r, "b");
	assert_string_equal(a->value, "é");
	assert_int_equal(a->start, 8);
	assert_int_equal(a->end, 10);
	assert_string_equal(b->value, "x😀");
	assert_int_equal(b->start, 18);
	assert_int_equal(b->end, 28);
	assert_pos(b, 2, 4, 2, 8);
	cc_yaml_doc_free(doc);
}

/* ---- small API ---- */

static void test_accessors(void **state)
{
	(void)state;
	cc_yaml_doc *doc = load_ok("a: [1]\nb: {}\nc: x\nd:\ne: 1.5\n");
	cc_yaml_node *r = cc_yaml_doc_root(doc);
	assert_string_equal(cc_yaml_type_name(r), "mapping");
	assert_string_equal(cc_yaml_type_name(get(r, "a")), "sequence");
	assert_string_equal(cc_yaml_type_name(get(r, "a")->items[0]), "integer");
	assert_string_equal(cc_yaml_type_name(get(r, "c")), "string");
	assert_string_equal(cc_yaml_type_name(get(r, "d")), "null");
	assert_string_equal(cc_yaml_type_name(get(r, "e")), "float");
	assert_string_equal(cc_yaml_type_name(NULL), "null");
	assert_true(cc_yaml_is_null(NULL));
	assert_true(cc_yaml_is_null(get(r, "d")));
	assert_false(cc_yaml_is_null(get(r, "b")));
	assert_true(cc_yaml_is_string(get(r, "c")));
	assert_false(cc_yaml_is_string(get(r, "e")));
	assert_null(cc_yaml_map_get(r, "zz"));
	assert_null(cc_yaml_map_get(get(r, "a"), "x"));
	assert_null(cc_yaml_map_get(NULL, "x"));
	assert_string_equal(cc_yaml_doc_file(doc), "t.yaml");
	size_t len;
	assert_string_equal(cc_yaml_doc_text(doc, &len), "a: [1]\nb: {}\nc: x\nd:\ne: 1.5\n");
	assert_int_equal(len, 28);
	cc_yaml_doc_free(doc);
	cc_yaml_doc_free(NULL);
}

static void test_load_file(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp();
	tu_write(dir, "Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0\n", (size_t)-1);
	char *path = cc_path_join(dir, "Chart.yaml");
	cc_yaml_doc *doc = NULL;
	cc_error err;
	cc_error_clear(&err);
	assert_int_equal(cc_yaml_load_file(&doc, path, 1 << 20, NULL, &err), CC_OK);
	assert_string_equal(cc_yaml_doc_file(doc), path);
	char *v = cc_yaml_scalar_go_string(get(cc_yaml_doc_root(doc), "version"));
	assert_string_equal(v, "1");
	free(v);
	cc_yaml_doc_free(doc);
	assert_int_equal(cc_yaml_load_file(&doc, path, 10, NULL, &err), CC_ELIMIT);
	assert_null(doc);
	char *missing = cc_path_join(dir, "nope.yaml");
	assert_int_equal(cc_yaml_load_file(&doc, missing, 1 << 20, NULL, &err), CC_ENOTFOUND);
	tu_write(dir, "bad.yaml", "a: [\n", (size_t)-1);
	char *bad = cc_path_join(dir, "bad.yaml");
	assert_int_equal(cc_yaml_load_file(&doc, bad, 1 << 20, NULL, &err), CC_EINVALID);
	assert_string_equal(err.file, bad);
	assert_int_equal(err.line, 2);
	free(bad);
	free(missing);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

static void test_long_scalars_and_arena(void **state)
{
	(void)state;
	/* scalars larger than an arena chunk, between small ones */
	size_t n = 3 * 1024 * 1024;
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "a: x\nbig: ");
	cc_buf_grow(&b, n);
	memset(b.ptr + b.len, 'z', n);
	b.len += n;
	cc_buf_puts(&b, "\nc: y\nlist: [");
	for (int i = 0; i < 20000; i++)
		cc_buf_printf(&b, "%s\"s%d\"", i ? "," : "", i);
	cc_buf_puts(&b, "]\n");
	cc_yaml_doc *doc = load_ok(b.ptr);
	cc_yaml_node *r = cc_yaml_doc_root(doc);
	assert_int_equal(get(r, "big")->len, n);
	assert_string_equal(get(r, "c")->value, "y");
	assert_string_equal(get(r, "list")->items[19999]->value, "s19999");
	assert_span(doc, get(r, "list")->items[19999], "\"s19999\"");
	cc_yaml_doc_free(doc);
	cc_buf_free(&b);
}

/* ---- memory and the real corpus ---- */

static long max_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* A values.yaml as charts write them: documented, nested maps and lists. */
static void gen_values(cc_buf *b, size_t target)
{
	for (int i = 0; b->len < target; i++) {
		cc_buf_printf(b, "## @section Component %d\n## @param component%d.enabled Enable it\n", i, i);
		cc_buf_printf(b, "component%d:\n  enabled: %s\n  replicaCount: %d\n", i,
			      i % 2 ? "true" : "false", i % 5);
		cc_buf_printf(b, "  image:\n    registry: docker.io\n    repository: team/app-%d\n"
				 "    tag: \"1.%d.%d\"\n    pullPolicy: IfNotPresent\n", i, i % 30, i % 7);
		cc_buf_puts(b, "  ## Resource requests and limits\n  resources:\n    limits:\n"
			       "      cpu: 500m\n      memory: 512Mi\n    requests:\n      cpu: 100m\n"
			       "      memory: 128Mi\n");
		cc_buf_puts(b, "  env:\n");
		for (int j = 0; j < 3; j++)
			cc_buf_printf(b, "    - name: VAR_%d\n      value: \"value-%d-%d\"\n", j, i, j);
		cc_buf_printf(b, "  nodeSelector: {}\n  tolerations: []\n  podAnnotations:\n"
				 "    prometheus.io/scrape: \"true\"\n    prometheus.io/port: \"%d\"\n",
			      8000 + i % 1000);
		cc_buf_puts(b, "  service:\n    type: ClusterIP\n    ports: [80, 443]\n\n");
	}
}

/* Resident memory now, in KB: the baseline peak growth is measured from. */
static long rss_now_kb(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/*
 * Peak RSS growth per input byte while loading a dense values file (about
 * 11 bytes of YAML per node, where the shared charts average 45 to 65): a
 * node is 120 bytes, plus its string, its slot in the parent and the text.
 * Measured 13.9x; AddressSanitizer adds its quarantine (256 MB) and shadow
 * memory, measured 22x.
 */
#ifdef UNDER_ASAN
#define RSS_BOUND 26
#else
#define RSS_BOUND 15
#endif

static void test_memory_50mb(void **state)
{
	(void)state;
	cc_buf b = CC_BUF_INIT;
	gen_values(&b, 50u * 1024 * 1024);
	size_t len = b.len;
	char *dir = tu_mkdtemp();
	tu_write(dir, "values.yaml", b.ptr, len);
	cc_buf_free(&b);
	char *path = cc_path_join(dir, "values.yaml");
	cc_yaml_doc *doc = NULL;
	cc_error err;
	long before = rss_now_kb();
	double t0 = now_ms();
	assert_int_equal(cc_yaml_load_file(&doc, path, len, NULL, &err), CC_OK);
	double ms = now_ms() - t0;
	long after = max_rss_kb();
	double ratio = (double)(after - before) * 1024.0 / (double)len;
	cc_yaml_node *r = cc_yaml_doc_root(doc);
	assert_true(r->npairs > 50000);
	assert_string_equal(get(get(get(r, "component777"), "image"), "repository")->value, "team/app-777");
	printf("%.1f MB loaded in %.0f ms, peak RSS grew %.1f MB (%.2f x input, bound %d x)\n",
	       (double)len / 1048576.0, ms, (double)(after - before) / 1024.0, ratio, RSS_BOUND);
	assert_true(ratio < RSS_BOUND);
	cc_yaml_doc_free(doc);
	tu_rmtree(dir);
	free(path);
	free(dir);
}

/* nftw passes no context pointer, so the walk's tally lives here. */
static struct {
	size_t ok, failed, notes;
	int bad_positions;
} corpus;

static int corpus_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	const char *base = path + ftw->base;
	if (type != FTW_F || (strcmp(base, "Chart.yaml") != 0 && strcmp(base, "values.yaml") != 0))
		return 0;
	cc_yaml_doc *doc = NULL;
	cc_error err;
	cc_error_clear(&err);
	int rc = cc_yaml_load_file(&doc, path, 64u * 1024 * 1024, NULL, &err);
	if (rc == CC_OK) {
		json_t *j = NULL;
		cc_error jerr;
		corpus.ok++;
		corpus.notes += cc_yaml_doc_nnotes(doc);
		if (cc_yaml_to_json(cc_yaml_doc_root(doc), path, &j, &jerr) == CC_OK)
			json_decref(j);
		cc_yaml_doc_free(doc);
	} else {
		char msg[2 * CC_PATH_MAX];
		cc_error_format(&err, msg, sizeof(msg));
		printf("  not loaded: %s\n", msg);
		corpus.failed++;
		if (err.line <= 0 || err.col <= 0)
			corpus.bad_positions++;
	}
	return 0;
}

static void test_chart_corpus(void **state)
{
	(void)state;
	char *root = tu_shared("corpora/charts");
	if (!root) {
		printf("corpora/charts not found, skipped\n");
		skip();
	}
	memset(&corpus, 0, sizeof(corpus));
	double t0 = now_ms();
	assert_int_equal(nftw(root, corpus_file, 32, FTW_PHYS), 0);
	printf("chart corpus: %zu loaded, %zu failed, %zu duplicate-key notes, %.0f ms\n", corpus.ok,
	       corpus.failed, corpus.notes, now_ms() - t0);
	assert_true(corpus.ok > 1000);
	assert_true(corpus.failed <= 5);
	assert_int_equal(corpus.bad_positions, 0);
	free(root);
}

static void test_all_documents(void **state)
{
	(void)state;
	const char *text = "a: 1\n---\nb: &x 2\n---\n---\nc: 3\n";
	cc_yaml_opts o = { 0, 0, 1 };
	cc_yaml_doc *doc = NULL;
	cc_error err;
	assert_int_equal(cc_yaml_load(&doc, text, strlen(text), "m.yaml", &o, &err), CC_OK);
	assert_int_equal(cc_yaml_doc_count(doc), 4);
	assert_non_null(cc_yaml_map_get(cc_yaml_doc_root_at(doc, 0), "a"));
	assert_non_null(cc_yaml_map_get(cc_yaml_doc_root_at(doc, 1), "b"));
	assert_true(cc_yaml_is_null(cc_yaml_doc_root_at(doc, 2)));
	cc_yaml_node *c = cc_yaml_map_get(cc_yaml_doc_root_at(doc, 3), "c");
	assert_non_null(c);
	assert_int_equal(c->line, 6);
	assert_ptr_equal(cc_yaml_doc_root(doc), cc_yaml_doc_root_at(doc, 0));
	assert_null(cc_yaml_doc_root_at(doc, 4));
	cc_yaml_doc_free(doc);

	/* without the option only the first document is kept */
	assert_int_equal(cc_yaml_load(&doc, text, strlen(text), "m.yaml", NULL, &err), CC_OK);
	assert_int_equal(cc_yaml_doc_count(doc), 1);
	assert_true(cc_yaml_doc_has_more(doc));
	cc_yaml_doc_free(doc);

	/* anchors do not reach across documents */
	const char *cross = "a: &x 1\n---\nb: *x\n";
	assert_int_not_equal(cc_yaml_load(&doc, cross, strlen(cross), "m.yaml", &o, &err), CC_OK);
	assert_int_equal(err.line, 3);

	/* an error in a later document is found and placed */
	const char *bad = "a: 1\n---\nb: [\n";
	assert_int_equal(cc_yaml_load(&doc, bad, strlen(bad), "m.yaml", &o, &err), CC_EINVALID);
	assert_true(err.line >= 3);

	/* an empty stream has no documents */
	assert_int_equal(cc_yaml_load(&doc, "", 0, "m.yaml", &o, &err), CC_OK);
	assert_int_equal(cc_yaml_doc_count(doc), 0);
	assert_null(cc_yaml_doc_root(doc));
	cc_yaml_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_documents),
		cmocka_unit_test(test_memory_50mb), /* first: peak RSS must not include others */
		cmocka_unit_test(test_positions_nested),
		cmocka_unit_test(test_byte_spans_non_ascii),
		cmocka_unit_test(test_spans_bom_crlf),
		cmocka_unit_test(test_styles_and_tags),
		cmocka_unit_test(test_resolution_table),
		cmocka_unit_test(test_tag_mismatch_errors),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_duplicate_key_escaping),
		cmocka_unit_test(test_many_keys_linear),
		cmocka_unit_test(test_aliases_share_nodes),
		cmocka_unit_test(test_alias_errors),
		cmocka_unit_test(test_merge_keys),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_alias_bound_grows_with_document),
		cmocka_unit_test(test_deep_flow_nesting),
		cmocka_unit_test(test_deep_block_nesting),
		cmocka_unit_test(test_depth_through_aliases),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_bom_crlf_documents),
		cmocka_unit_test(test_empty_and_multi_documents),
		cmocka_unit_test(test_to_json_values),
		cmocka_unit_test(test_to_json_keys),
		cmocka_unit_test(test_to_json_floats_json_cannot_hold),
		cmocka_unit_test(test_to_json_through_aliases_is_expanded),
		cmocka_unit_test(test_go_string),
		cmocka_unit_test(test_go_float32_format),
		cmocka_unit_test(test_go_parsers),
		cmocka_unit_test(test_utf16_input),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_long_scalars_and_arena),
		cmocka_unit_test(test_chart_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
