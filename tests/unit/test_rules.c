/*
 * Unit tests for src/rules: each check kind on a field that breaks it and
 * one that passes, the path forms (nested keys, list indexes, quoted keys
 * with dots), absent against present, the Chart.yaml disable comment,
 * every malformed-pack error with its line and column, and a catastrophic
 * pattern on a long value that must stop within the match limits.
 */
#include "testutil.h"
#include "chart/chart.h"
#include "rules/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEAD "apiVersion: v2\nname: demo\nversion: 1.0.0\n"

/* ---------------------------------------------------------------- helpers */

static int load_pack(const char *text, cc_rulepack **out, cc_error *err)
{
	char *d = tu_mkdtemp();
	tu_write(d, "pack.yaml", text, (size_t)-1);
	char *path = cc_path_join(d, "pack.yaml");
	cc_error_clear(err);
	int rc = cc_rulepack_load(out, path, err);
	free(path);
	tu_rmtree(d);
	free(d);
	return rc;
}

/* Runs the one-pack `pack` on a chart of chart_yaml and values_yaml (NULL: none). */
static void run(const char *pack, const char *chart_yaml, const char *values_yaml, cc_findings *out)
{
	cc_rulepack *p = NULL;
	cc_error err;
	assert_int_equal(load_pack(pack, &p, &err), CC_OK);
	char *d = tu_mkdtemp();
	tu_write(d, "Chart.yaml", chart_yaml, (size_t)-1);
	if (values_yaml)
		tu_write(d, "values.yaml", values_yaml, (size_t)-1);
	cc_chart *c = NULL;
	assert_int_equal(cc_chart_load(&c, d, "demo", NULL, &err), CC_OK);
	cc_strvec off = CC_STRVEC_INIT;
	cc_rules_chart_disabled(c, &off);
	cc_rules_run(p, c, &off, out);
	cc_strvec_free(&off);
	cc_chart_free(c);
	cc_rulepack_free(p);
	tu_rmtree(d);
	free(d);
}

/* Exactly one finding, of rule `id`, at line:col of `file`. */
static void expect_one(const char *pack, const char *chart_yaml, const char *values_yaml,
		       const char *id, const char *file, int line, int col)
{
	cc_findings fs = CC_FINDINGS_INIT;
	run(pack, chart_yaml, values_yaml, &fs);
	assert_int_equal(fs.n, 1);
	assert_string_equal(fs.v[0].rule, id);
	assert_string_equal(fs.v[0].file, file);
	assert_int_equal(fs.v[0].line, line);
	assert_int_equal(fs.v[0].col, col);
	cc_findings_free(&fs);
}

static void expect_none(const char *pack, const char *chart_yaml, const char *values_yaml)
{
	cc_findings fs = CC_FINDINGS_INIT;
	run(pack, chart_yaml, values_yaml, &fs);
	if (fs.n)
		fail_msg("unexpected finding %s: %s", fs.v[0].rule, fs.v[0].msg);
	cc_findings_free(&fs);
}

/* Loading fails at line:col with a message containing `what`. */
static void expect_bad(const char *pack, int line, int col, const char *what)
{
	cc_rulepack *p = NULL;
	cc_error err;
	assert_int_equal(load_pack(pack, &p, &err), CC_EINVALID);
	assert_null(p);
	if (!strstr(err.msg, what))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, what);
	assert_int_equal(err.line, line);
	assert_int_equal(err.col, col);
}

/* ---------------------------------------------------------------- checks */

#define R1 "rules:\n  - id: team/x\n"

static void test_require_present(void **state)
{
	(void)state;
	const char *pack = R1 "    path: description\n    require: present\n";
	expect_one(pack, HEAD, NULL, "team/x", "demo/Chart.yaml", 0, 0);
	expect_one(pack, HEAD "description:\n", NULL, "team/x", "demo/Chart.yaml", 0, 0);
	expect_none(pack, HEAD "description: d\n", NULL);
}

static void test_require_absent(void **state)
{
	(void)state;
	const char *pack = R1 "    path: deprecated\n    require: absent\n";
	expect_one(pack, HEAD "deprecated: true\n", NULL, "team/x", "demo/Chart.yaml", 4, 13);
	expect_none(pack, HEAD, NULL);
}

static void test_type(void **state)
{
	(void)state;
	const char *pack = R1 "    file: values.yaml\n    path: replicas\n    type: integer\n";
	expect_one(pack, HEAD, "replicas: \"2\"\n", "team/x", "demo/values.yaml", 1, 11);
	expect_one(pack, HEAD, "replicas: 2.5\n", "team/x", "demo/values.yaml", 1, 11);
	expect_none(pack, HEAD, "replicas: 2\n");
	expect_none(pack, HEAD, "other: 1\n"); /* checks apply only when present */
	const char *types[][3] = {
		{ "string", "a: x\n", "a: 1\n" },     { "number", "a: 1.5\n", "a: x\n" },
		{ "boolean", "a: true\n", "a: 1\n" }, { "list", "a: [1]\n", "a: {}\n" },
		{ "mapping", "a: {b: 1}\n", "a: [1]\n" },
	};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		char *p = cc_asprintf(R1 "    file: values.yaml\n    path: a\n    type: %s\n", types[i][0]);
		expect_none(p, HEAD, types[i][1]);
		expect_one(p, HEAD, types[i][2], "team/x", "demo/values.yaml", 1, 4);
		free(p);
	}
}

static void test_pattern(void **state)
{
	(void)state;
	const char *pack = R1 "    path: name\n    pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'\n";
	expect_none(pack, HEAD, NULL);
	expect_one(pack, "apiVersion: v2\nname: Demo_1\nversion: 1.0.0\n", NULL, "team/x",
		   "demo/Chart.yaml", 2, 7);
	expect_one(pack, "apiVersion: v2\nname: [a]\nversion: 1.0.0\n", NULL, "team/x",
		   "demo/Chart.yaml", 2, 7);
}

static void test_enum(void **state)
{
	(void)state;
	const char *pack = R1 "    path: type\n    enum: [application, library]\n";
	expect_none(pack, HEAD "type: library\n", NULL);
	expect_one(pack, HEAD "type: app\n", NULL, "team/x", "demo/Chart.yaml", 4, 7);
	const char *not = R1 "    file: values.yaml\n    path: image.tag\n    not-enum: [latest]\n";
	expect_one(not, HEAD, "image:\n  tag: latest\n", "team/x", "demo/values.yaml", 2, 8);
	expect_none(not, HEAD, "image:\n  tag: \"1.0\"\n");
}

static void test_compare(void **state)
{
	(void)state;
	static const char *const ops[][4] = {
		{ "<", "1", "2" }, { "<=", "2", "3" }, { ">", "3", "2" },
		{ ">=", "2", "1" }, { "==", "2", "3" }, { "!=", "3", "2" },
	};
	for (size_t i = 0; i < 6; i++) {
		char *p = cc_asprintf(R1 "    file: values.yaml\n    path: n\n    compare: { op: \"%s\", value: 2 }\n",
				      ops[i][0]);
		char *good = cc_asprintf("n: %s\n", ops[i][1]), *badv = cc_asprintf("n: %s\n", ops[i][2]);
		expect_none(p, HEAD, good);
		expect_one(p, HEAD, badv, "team/x", "demo/values.yaml", 1, 4);
		expect_one(p, HEAD, "n: many\n", "team/x", "demo/values.yaml", 1, 4);
		free(p);
		free(good);
		free(badv);
	}
}

static void test_any_of(void **state)
{
	(void)state;
	const char *pack = R1 "    severity: info\n    any-of: [home, sources]\n";
	expect_one(pack, HEAD, NULL, "team/x", "demo/Chart.yaml", 0, 0);
	expect_none(pack, HEAD "sources: [https://x.example]\n", NULL);
	expect_none(pack, HEAD "home: https://x.example\n", NULL);
}

static void test_paths(void **state)
{
	(void)state;
	const char *idx = R1 "    path: maintainers[1].email\n    require: present\n";
	expect_none(idx, HEAD "maintainers:\n  - name: a\n  - name: b\n    email: b@x.example\n", NULL);
	expect_one(idx, HEAD "maintainers:\n  - name: a\n    email: a@x.example\n", NULL, "team/x",
		   "demo/Chart.yaml", 0, 0);
	const char *quoted = R1 "    path: annotations.\"example.com/owner\"\n    pattern: '^[a-z]+$'\n";
	expect_one(quoted, HEAD "annotations:\n  example.com/owner: Ops\n", NULL, "team/x",
		   "demo/Chart.yaml", 5, 22);
	expect_none(quoted, HEAD "annotations:\n  example.com/owner: ops\n", NULL);
	const char *deep = R1 "    file: values.yaml\n    path: a.b[0][1].c\n    require: absent\n";
	expect_one(deep, HEAD, "a:\n  b:\n    - [x, {c: 1}]\n", "team/x", "demo/values.yaml", 3, 15);
}

static void test_message_severity(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	run(R1 "    severity: warning\n    path: icon\n    require: present\n    message: add an icon\n",
	    HEAD, NULL, &fs);
	assert_int_equal(fs.n, 1);
	assert_int_equal(fs.v[0].sev, CC_SEV_WARNING);
	assert_string_equal(fs.v[0].msg, "add an icon");
	assert_string_equal(fs.v[0].chart, "demo");
	cc_findings_free(&fs);
}

static void test_disable_comment(void **state)
{
	(void)state;
	const char *pack = "rules:\n  - id: team/a\n    path: icon\n    require: present\n"
			   "  - id: team/b\n    path: home\n    require: present\n";
	expect_none(pack, HEAD "# chartci:disable=team/a, team/b\n", NULL);
	expect_one(pack, HEAD "  #chartci:disable=team/a\n", NULL, "team/b", "demo/Chart.yaml", 0, 0);
	/* only a comment line disables, not a value that happens to contain the text */
	cc_findings fs = CC_FINDINGS_INIT;
	run(pack, HEAD "description: \"# chartci:disable=team/a\"\n", NULL, &fs);
	assert_int_equal(fs.n, 2);
	cc_findings_free(&fs);
}

/* A nested quantifier on a long non-matching value: PCRE2's match limit stops it. */
static void test_catastrophic_pattern(void **state)
{
	(void)state;
	const char *pack = R1 "    path: description\n    pattern: '^(a+)+$'\n";
	char *chart = cc_malloc(200000);
	int n = snprintf(chart, 200000, HEAD "description: ");
	memset(chart + n, 'a', 100000);
	strcpy(chart + n + 100000, "b\n");
	cc_findings fs = CC_FINDINGS_INIT;
	run(pack, chart, NULL, &fs);
	assert_int_equal(fs.n, 1);
	assert_non_null(strstr(fs.v[0].msg, "limits"));
	cc_findings_free(&fs);
	free(chart);
}

/* ---------------------------------------------------------------- malformed packs */

static void test_bad_packs(void **state)
{
	(void)state;
	expect_bad(R1 "    path: name\n    require: present\n    sevrity: error\n", 5, 5,
		   "unknown key \"sevrity\"");
	expect_bad(R1 "    path: name\n    require: present\n    severity: fatal\n", 5, 15,
		   "unknown severity \"fatal\" (error, warning or info)");
	expect_bad(R1 "    path: name\n    pattern: '^[a-z+$'\n", 4, 22, "invalid pattern: missing terminating ]");
	expect_bad(R1 "    path: name\n    pattern: a)b\n", 4, 15, "invalid pattern");
	expect_bad(R1 "    path: name\n    type: text\n", 4, 11, "unknown type \"text\"");
	expect_bad(R1 "    path: name\n    require: present\n  - id: team/x\n    path: home\n    require: present\n",
		   5, 9, "duplicate rule id \"team/x\" (first at line 2)");
	expect_bad(R1 "    path: a..b\n    require: present\n", 3, 13, "invalid path \"a..b\": empty key");
	expect_bad(R1 "    path: a[x]\n    require: present\n", 3, 13, "expected a list index");
	expect_bad(R1 "    path: 'a.\"b'\n    require: present\n", 3, 14, "unterminated quoted key");
	expect_bad(R1 "    path: name\n    require: maybe\n", 4, 14, "unknown require \"maybe\"");
	expect_bad(R1 "    path: name\n    file: Chart.lock\n    require: present\n", 4, 11, "unknown file");
	expect_bad(R1 "    path: name\n", 2, 5, "checks nothing");
	expect_bad(R1 "    path: name\n    require: present\n    path: home\n", 5, 5,
		   "duplicate key \"path\" in a rule");
	expect_bad("rules:\n  - path: name\n    require: present\n", 2, 5, "needs an id");
	expect_bad("rules:\n  - id: NoArea\n    path: name\n    require: present\n", 2, 9, "area/kebab-case");
	expect_bad(R1 "    require: present\n", 2, 5, "needs path or any-of");
	expect_bad(R1 "    path: name\n    any-of: [home]\n", 4, 13, "not both");
	expect_bad(R1 "    any-of: [home]\n    require: present\n", 2, 5, "takes no other check");
	expect_bad(R1 "    path: n\n    compare: { op: \"=~\", value: 1 }\n", 4, 20, "unknown compare op");
	expect_bad(R1 "    path: n\n    compare: { op: \"<\", value: one }\n", 4, 32, "must be a number");
	expect_bad(R1 "    path: n\n    compare: { op: \"<\", valu: 1 }\n", 4, 25, "unknown key \"valu\" in compare");
	expect_bad(R1 "    path: n\n    enum: latest\n", 4, 11, "enum must be a list");
	expect_bad(R1 "    path: n\n    not-enum: [[a]]\n", 4, 16, "entries must be scalars");
	expect_bad("rules:\n  - just a string\n", 2, 5, "must be a mapping");
	expect_bad("rule:\n  - id: team/x\n", 1, 1, "unknown key \"rule\" in a rule pack");
	expect_bad("rules: {}\n", 1, 8, "rules must be a list");
	expect_bad("- a\n", 1, 1, "must be a mapping with a rules list");
	cc_rulepack *p = NULL;
	cc_error err;
	assert_int_equal(load_pack("rules: [\n", &p, &err), CC_EINVALID);
	assert_true(err.line > 0);
}

static void test_good_pack(void **state)
{
	(void)state;
	cc_rulepack *p = NULL;
	cc_error err;
	assert_int_equal(load_pack("rules: []\n", &p, &err), CC_OK);
	assert_int_equal(cc_rulepack_count(p), 0);
	cc_rulepack_free(p);
	/* the shipped pack, from the project root where the tests run */
	assert_int_equal(cc_rulepack_load(&p, "rules/recommended.yaml", &err), CC_OK);
	assert_int_equal(cc_rulepack_count(p), 5);
	cc_rulepack_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_require_present),
		cmocka_unit_test(test_require_absent),
		cmocka_unit_test(test_type),
		cmocka_unit_test(test_pattern),
		cmocka_unit_test(test_enum),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_any_of),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_message_severity),
		cmocka_unit_test(test_disable_comment),
		cmocka_unit_test(test_catastrophic_pattern),
		cmocka_unit_test(test_bad_packs),
		cmocka_unit_test(test_good_pack),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
