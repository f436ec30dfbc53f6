/*
 * Tests for src/emit: Go's encoding/json and sigs.k8s.io/yaml output.
 *
 * Every quoting example of helm-formats.md §0 is checked one by one, then
 * folding, nesting, key order, HTML escaping, numbers, unicode, literal
 * blocks and the read-back rules; then tests/data/lock/emit-vectors.jsonl
 * (documents and numbers with the JSON and YAML that Go's encoding/json
 * and go-yaml v2 wrote for them) is replayed; last, the Chart.lock files
 * helm wrote in ../shared/corpora/helm-vectors are re-emitted from their
 * parsed content and must come out byte for byte.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emit/emit.h"
#include "yaml/yaml.h"

static char *yaml_of(const json_t *v)
{
	cc_buf b = CC_BUF_INIT;
	cc_error err;
	int rc = cc_emit_yaml(v, &b, &err);
	if (rc != 0)
		fail_msg("cc_emit_yaml: %s", err.msg);
	return cc_buf_detach(&b);
}

static char *json_of(const json_t *v, int sorted)
{
	cc_buf b = CC_BUF_INIT;
	cc_error err;
	int rc = sorted ? cc_emit_json_sorted(v, &b, &err) : cc_emit_json(v, &b, &err);
	if (rc != 0)
		fail_msg("cc_emit_json: %s", err.msg);
	return cc_buf_detach(&b);
}

/* YAML of a one-key mapping {"k": s}, without the "k: " and the newline. */
static char *scalar_yaml(const char *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "k", json_stringn_nocheck(s, strlen(s)));
	char *y = yaml_of(o);
	json_decref(o);
	assert_true(strncmp(y, "k: ", 3) == 0);
	size_t n = strlen(y);
	assert_true(n > 4 && y[n - 1] == '\n');
	char *r = cc_strndup(y + 3, n - 4);
	free(y);
	return r;
}

static void expect_scalar(const char *s, const char *want)
{
	char *got = scalar_yaml(s);
	if (strcmp(got, want) != 0)
		fail_msg("%s: want %s, got %s", s, want, got);
	free(got);
}

/* ---------------------------------------------------------------- §0 quoting */

static void test_double_quoted(void **state)
{
	(void)state;
	static const char *const words[] = {
		"true", "yes", "no", "on", "off", "null", "~", "Y", "n", "NO", "True",
		"2.0", "1e3", "012", "0x1F", "1_000", ".5", "+1", ".inf", ".NaN", "1:20",
		"2024-01-01", "2026-11-23T13:04:03.2Z", "", "-1", "0o17", "0b101", "-.INF",
		"190:20:30.15", "2001-12-14t21:59:43.10-05:00",
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		char want[128];
		snprintf(want, sizeof(want), "\"%s\"", words[i]);
		expect_scalar(words[i], want);
	}
}

static void test_single_quoted(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ ">=1.0.0", "'>=1.0.0'" }, { "-", "'-'" },         { "- x", "'- x'" },
		{ "a: b", "'a: b'" },       { "#c", "'#c'" },       { "@x", "'@x'" },
		{ "`x", "'`x'" },           { "x #y", "'x #y'" },   { "*star", "'*star'" },
		{ "&amp", "'&amp'" },       { "!bang", "'!bang'" }, { "%pct", "'%pct'" },
		{ "{x}", "'{x}'" },         { "[y]", "'[y]'" },     { ">g", "'>g'" },
		{ "|p", "'|p'" },           { ",c", "',c'" },       { "trailing ", "'trailing '" },
		{ " leading", "' leading'" }, { "'q'", "'''q'''" }, { "\"dq\"", "'\"dq\"'" },
		{ "---", "'---'" },         { "...", "'...'" },     { "a:", "'a:'" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_scalar(cases[i][0], cases[i][1]);
}

static void test_plain(void **state)
{
	(void)state;
	static const char *const words[] = {
		"?q", "a,b", "=", "<<", "~1.2", "\xc3\xbcn\xc3\xaf", "1.16.0",
		"https://charts.example.com/x?a=b#c", "http://x:80", "a:b", "+.nan", "1.2.3", "0x",
		"file://../sub-a", "oci://127.0.0.1:5055/charts", "sha256:01187f0e",
		"2001-12-14 21:59:43.10 -5", /* not one of go-yaml's timestamp layouts */
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		expect_scalar(words[i], words[i]);
}

static void test_special_characters(void **state)
{
	(void)state;
	expect_scalar("a\tb", "\"a\\tb\"");
	expect_scalar("\xf0\x9f\x98\x80", "\"\\U0001F600\"");  /* 4-byte UTF-8 is not "printable" */
	expect_scalar("x\xc2\xa0y", "x\xc2\xa0y");               /* NBSP stays raw */
	expect_scalar("\xff", "\xef\xbf\xbd");                    /* invalid UTF-8 went through JSON */
	expect_scalar("a\xc2\x85" "b", "a b");                    /* NEL folds on go-yaml's read */
	expect_scalar("a \xc2\x85 \xc2\x85 b", "|-\n  a\n  b");
	char *lit = scalar_yaml("a\nb");
	assert_string_equal(lit, "|-\n  a\n  b");
	free(lit);
}

static void test_reader_refusals(void **state)
{
	(void)state;
	cc_buf b = CC_BUF_INIT;
	cc_error err;
	json_t *o = json_pack("{s:s}", "k", "a\x7f");
	assert_int_equal(cc_emit_yaml(o, &b, &err), CC_EINVALID);
	assert_string_equal(err.msg, "yaml: control characters are not allowed");
	json_decref(o);
	char key[1100];
	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	o = json_pack("{s:i}", key, 1);
	assert_int_equal(cc_emit_yaml(o, &b, &err), CC_EINVALID);
	json_decref(o);
	key[1022] = '\0'; /* 1022 + two quotes: still a simple key to go-yaml */
	o = json_pack("{s:i}", key, 1);
	assert_int_equal(cc_emit_yaml(o, &b, &err), 0);
	assert_true(strncmp(b.ptr, "? kkk", 5) == 0); /* past 128: a complex key */
	json_decref(o);
	cc_buf_free(&b);
}

/* ---------------------------------------------------------------- layout */

static void test_folding(void **state)
{
	(void)state;
	json_t *o = json_pack("{s:s}", "description",
			      "This is a very long description that goes on and on and on well past the "
			      "eighty column limit of yaml emitters, to test folding behaviour");
	char *y = yaml_of(o);
	assert_string_equal(y, "description: This is a very long description that goes on and on and on well past\n"
			       "  the eighty column limit of yaml emitters, to test folding behaviour\n");
	free(y);
	json_decref(o);
	/* a long word is never broken; a folded single-quoted scalar keeps its quotes */
	o = json_pack("{s:[s]}", "x",
		      "'quoted' aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bb cc");
	y = yaml_of(o);
	assert_string_equal(y, "x:\n- '''quoted'' aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  bb cc'\n");
	free(y);
	json_decref(o);
}

static void test_nesting(void **state)
{
	(void)state;
	json_t *v = json_loads("{\"z\":{\"b\":[1,{\"c\":[],\"a\":null}],\"e\":{}},\"a\":[[\"x\",[]],true],"
			       "\"m\":\"x\\ny\\n\",\"k\":\"x\\n\\n\"}", 0, NULL);
	assert_non_null(v);
	char *y = yaml_of(v);
	assert_string_equal(y, "a:\n- - x\n  - []\n- true\n"
			       "k: |+\n  x\n\n"
			       "m: |\n  x\n  y\n"
			       "z:\n  b:\n  - 1\n  - a: null\n    c: []\n  e: {}\n");
	free(y);
	json_decref(v);
	v = json_object();
	y = yaml_of(v);
	assert_string_equal(y, "{}\n");
	free(y);
	json_decref(v);
	v = json_string("plain");
	y = yaml_of(v);
	assert_string_equal(y, "plain\n");
	free(y);
	json_decref(v);
}

static void test_key_order(void **state)
{
	(void)state;
	json_t *v = json_loads("{\"b\":1,\"a10\":1,\"a9\":1,\"Z\":1,\"_\":1,\"a\":1,\"B\":1,\"\xc3\xa9\":1,"
			       "\"a01\":1,\"a1\":1}", 0, NULL);
	char *y = yaml_of(v);
	assert_string_equal(y, "_: 1\nB: 1\nZ: 1\na: 1\na1: 1\na01: 1\na9: 1\na10: 1\nb: 1\n\xc3\xa9: 1\n");
	free(y);
	/* JSON keeps insertion order, or sorts bytewise as Go's maps */
	char *j = json_of(v, 0);
	assert_string_equal(j, "{\"b\":1,\"a10\":1,\"a9\":1,\"Z\":1,\"_\":1,\"a\":1,\"B\":1,\"\xc3\xa9\":1,\"a01\":1,\"a1\":1}");
	free(j);
	j = json_of(v, 1);
	assert_string_equal(j, "{\"B\":1,\"Z\":1,\"_\":1,\"a\":1,\"a01\":1,\"a1\":1,\"a10\":1,\"a9\":1,\"b\":1,\"\xc3\xa9\":1}");
	free(j);
	json_t *s = cc_emit_sort_keys(v);
	j = json_of(s, 0);
	assert_string_equal(j, "{\"B\":1,\"Z\":1,\"_\":1,\"a\":1,\"a01\":1,\"a1\":1,\"a10\":1,\"a9\":1,\"b\":1,\"\xc3\xa9\":1}");
	free(j);
	json_decref(s);
	json_decref(v);
}

/* ---------------------------------------------------------------- JSON strings */

static void expect_json_string(const char *s, size_t n, const char *want)
{
	json_t *v = json_stringn_nocheck(s, n);
	char *j = json_of(v, 0);
	assert_string_equal(j, want);
	free(j);
	json_decref(v);
}

static void test_json_escaping(void **state)
{
	(void)state;
	expect_json_string("<a href=\"x\">&</a>", 17, "\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\"");
	expect_json_string("\b\f\n\r\t\x01\x1f\x7f/\\", 10, "\"\\b\\f\\n\\r\\t\\u0001\\u001f\x7f/\\\\\"");
	expect_json_string("\xe2\x80\xa8\xe2\x80\xa9", 6, "\"\\u2028\\u2029\"");
	expect_json_string("a\0b", 3, "\"a\\u0000b\"");
	expect_json_string("\xc3\xbc\xf0\x9f\x98\x80\xef\xbf\xbd", 9, "\"\xc3\xbc\xf0\x9f\x98\x80\xef\xbf\xbd\"");
	/* each byte of a bad sequence is one \ufffd, as Go's DecodeRune sees it */
	expect_json_string("\xff", 1, "\"\\ufffd\"");
	expect_json_string("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"");  /* a surrogate */
	expect_json_string("\xc0\x80", 2, "\"\\ufffd\\ufffd\"");          /* overlong NUL */
	expect_json_string("\xe2\x82" "A", 3, "\"\\ufffd\\ufffdA\"");     /* cut short */
	expect_json_string("\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* > U+10FFFF */
}

/* ---------------------------------------------------------------- numbers */

static void expect_number(json_t *v, const char *want_json, const char *want_yaml)
{
	char *j = json_of(v, 0);
	if (strcmp(j, want_json) != 0)
		fail_msg("json: want %s, got %s", want_json, j);
	json_t *a = json_pack("[O]", v);
	char *y = yaml_of(a);
	char want[128];
	snprintf(want, sizeof(want), "- %s\n", want_yaml);
	if (strcmp(y, want) != 0)
		fail_msg("yaml: want %s, got %s", want, y);
	free(j);
	free(y);
	json_decref(a);
	json_decref(v);
}

static void test_numbers(void **state)
{
	(void)state;
	expect_number(json_integer(0), "0", "0");
	expect_number(json_integer(-42), "-42", "-42");
	expect_number(json_integer(9007199254740993LL), "9007199254740992", "9007199254740992");
	expect_number(json_integer(INT64_MAX), "9223372036854776000", "9223372036854776000");
	expect_number(json_real(1.5), "1.5", "1.5");
	expect_number(json_real(2.0), "2", "2");
	expect_number(json_real(-0.0), "-0", "0");
	expect_number(json_real(0.1), "0.1", "0.1");
	expect_number(json_real(1e6), "1000000", "1000000");
	expect_number(json_real(1234567.5), "1234567.5", "1.2345675e+06");
	expect_number(json_real(123456.5), "123456.5", "123456.5");
	expect_number(json_real(1e-6), "0.000001", "1e-06");
	expect_number(json_real(9.99e-7), "9.99e-7", "9.99e-07");
	expect_number(json_real(0.0001), "0.0001", "0.0001");
	expect_number(json_real(1e20), "100000000000000000000", "1e+20");
	expect_number(json_real(18446744073709551615.0), "18446744073709552000", "1.8446744073709552e+19");
	expect_number(json_real(9223372036854775808.0), "9223372036854776000", "9223372036854776000");
	expect_number(json_real(1e21), "1e+21", "1e+21");
	expect_number(json_real(1.5e300), "1.5e+300", "1.5e+300");
	expect_number(json_real(5e-324), "5e-324", "5e-324");
	expect_number(json_real(1.7976931348623157e308), "1.7976931348623157e+308", "1.7976931348623157e+308");
	expect_number(json_real(2.2250738585072014e-308), "2.2250738585072014e-308", "2.2250738585072014e-308");
	expect_number(json_real(123456789012.0), "123456789012", "123456789012");
}

static void test_go_time(void **state)
{
	(void)state;
	char out[CC_EMIT_TIME_MAX];
	cc_error err;
	const char *old = getenv("TZ");
	char *saved = old ? cc_strdup(old) : NULL;
	/* 2026-11-23T13:04:03.205139924Z, the first lock of §1.2 */
	long long t = 1795439043LL;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(cc_emit_go_time(t, 205139924, out, sizeof(out), &err), 0);
	assert_string_equal(out, "2026-11-23T13:04:03.205139924Z");
	assert_int_equal(cc_emit_go_time(t, 100000000, out, sizeof(out), &err), 0);
	assert_string_equal(out, "2026-11-23T13:04:03.1Z");
	assert_int_equal(cc_emit_go_time(t, 0, out, sizeof(out), &err), 0);
	assert_string_equal(out, "2026-11-23T13:04:03Z");
	setenv("TZ", "Asia/Kolkata", 1);
	tzset();
	assert_int_equal(cc_emit_go_time(t + 4, 617131439, out, sizeof(out), &err), 0);
	assert_string_equal(out, "2026-11-23T18:34:07.617131439+05:30");
	setenv("TZ", "America/Denver", 1);
	tzset();
	assert_int_equal(cc_emit_go_time(t + 4, 466288404, out, sizeof(out), &err), 0);
	assert_string_equal(out, "2026-11-23T06:04:07.466288404-07:00");
	assert_int_equal(cc_emit_go_time(253402300800LL + 86400, 0, out, sizeof(out), &err), CC_EINVALID);
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	/* in YAML a time is always double-quoted: it resolves as a timestamp */
	expect_scalar("2026-11-23T18:34:07.617131439+05:30", "\"2026-11-23T18:34:07.617131439+05:30\"");
}

static void test_depth_limit(void **state)
{
	(void)state;
	json_t *root = json_array(), *cur = root;
	for (int i = 0; i < CC_EMIT_MAX_DEPTH + 5; i++) {
		json_t *next = json_array();
		json_array_append_new(cur, next);
		cur = next;
	}
	cc_buf b = CC_BUF_INIT;
	cc_error err;
	assert_int_equal(cc_emit_json(root, &b, &err), CC_ELIMIT);
	assert_int_equal(b.len, 0);
	assert_int_equal(cc_emit_yaml(root, &b, &err), CC_ELIMIT);
	assert_int_equal(b.len, 0);
	assert_null(cc_emit_sort_keys(root));
	cc_buf_free(&b);
	json_decref(root);
}

/* ---------------------------------------------------------------- go-yaml's own output */

static void test_vectors(void **state)
{
	(void)state;
	char *path = tu_project("tests/data/lock/emit-vectors.jsonl");
	size_t len;
	char *text = tu_slurp(path, &len);
	assert_non_null(text);
	size_t n = 0, bad = 0;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		json_t *rec = json_loads(line, 0, NULL);
		assert_non_null(rec);
		const char *in = json_string_value(json_object_get(rec, "in"));
		json_t *v = json_loads(in, JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, NULL);
		assert_non_null(v);
		json_t *wj = json_object_get(rec, "json"), *wjs = json_object_get(rec, "json_sorted");
		char *y = yaml_of(v), *j = json_of(v, wjs != NULL);
		const char *want_yaml = json_string_value(json_object_get(rec, "yaml"));
		const char *want_json = json_string_value(wj ? wj : wjs);
		if (strcmp(y, want_yaml) != 0 || strcmp(j, want_json) != 0) {
			if (bad++ < 5)
				print_message("vector %zu differs: %s\n", n, in);
		}
		n++;
		free(y);
		free(j);
		json_decref(v);
		json_decref(rec);
	}
	print_message("emit vectors: %zu, %zu differ\n", n, bad);
	assert_true(n >= 500);
	assert_int_equal(bad, 0);
	free(text);
	free(path);
}

static void test_helm_locks(void **state)
{
	(void)state;
	static const char *const dirs[] = { "lock-file-deps", "lock-alias", "lock-oci" };
	for (size_t i = 0; i < 3; i++) {
		char rel[128];
		snprintf(rel, sizeof(rel), "corpora/helm-vectors/%s/Chart.lock", dirs[i]);
		char *path = tu_shared(rel);
		assert_non_null(path);
		size_t len;
		char *want = tu_slurp(path, &len);
		assert_non_null(want);
		cc_yaml_doc *doc;
		cc_error err;
		assert_int_equal(cc_yaml_load(&doc, want, len, path, NULL, &err), 0);
		json_t *v;
		assert_int_equal(cc_yaml_to_json(cc_yaml_doc_root(doc), path, &v, &err), 0);
		char *got = yaml_of(v);
		assert_string_equal(got, want);
		free(got);
		json_decref(v);
		cc_yaml_doc_free(doc);
		free(want);
		free(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_double_quoted),
		cmocka_unit_test(test_single_quoted),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_special_characters),
		cmocka_unit_test(test_reader_refusals),
		cmocka_unit_test(test_folding),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_key_order),
		cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_go_time),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_helm_locks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
