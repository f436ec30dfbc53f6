/*
 * Unit tests for src/report: the findings list, the four output formats on
 * a fixed set of findings (exact bytes, since scripts and GitHub parse
 * them), escaping of hostile text, SARIF validity as GitHub requires it,
 * fingerprint stability, and the rule catalogue against docs/rules.md.
 */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* ---------------------------------------------------------------- helpers */

static char *render(const cc_findings *fs, cc_format fmt, int color, int quiet, size_t charts)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	cc_report_opts o = { fmt, color, quiet, charts, "1.2.3" };
	cc_error err;
	cc_error_clear(&err);
	assert_int_equal(cc_report_write(f, fs, &o, &err), CC_OK);
	fclose(f);
	assert_int_equal(strlen(buf), len);
	return buf;
}

static void expect_render(const cc_findings *fs, cc_format fmt, int color, int quiet,
			  size_t charts, const char *want)
{
	char *got = render(fs, fmt, color, quiet, charts);
	if (strcmp(got, want) != 0)
		print_error("--- want\n%s--- got\n%s---\n", want, got);
	assert_string_equal(got, want);
	free(got);
}

/* The set every format is checked on: a located error with hint and chart,
 * a warning without a column, an info about no file, a multi-line error. */
static void fixture(cc_findings *fs)
{
	cc_finding *f = cc_findings_add(fs, CC_SEV_ERROR, "yaml/syntax", "charts/web/values.yaml", 4, 3,
					"did not find expected key");
	cc_finding_set_hint(f, "check the indentation of line 3");
	cc_finding_set_chart(f, "charts/web");
	cc_findings_add(fs, CC_SEV_WARNING, "yaml/duplicate-key", "charts/web/Chart.yaml", 7, 0,
			"key \"%s\" appears twice; helm keeps the last one", "version");
	cc_findings_add(fs, CC_SEV_INFO, "test/no-file", "", 0, 0, "nothing to check");
	f = cc_findings_add(fs, CC_SEV_ERROR, "chart/file-missing", "charts/api/Chart.yaml", 0, 0,
			    "Chart.yaml is missing\nlooked in %s", "charts/api");
	cc_finding_set_chart(f, "charts/api");
}

static json_t *render_sarif(const cc_findings *fs)
{
	char *s = render(fs, CC_FORMAT_SARIF, 0, 0, 1);
	json_error_t je;
	json_t *doc = json_loads(s, 0, &je);
	if (!doc)
		print_error("SARIF does not parse: %s at %d:%d\n", je.text, je.line, je.column);
	assert_non_null(doc);
	free(s);
	return doc;
}

static json_t *sarif_run(json_t *doc)
{
	json_t *runs = json_object_get(doc, "runs");
	assert_true(json_is_array(runs));
	assert_int_equal(json_array_size(runs), 1);
	return json_array_get(runs, 0);
}

static const char *jget_str(json_t *o, const char *path)
{
	json_t *cur = o;
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *save = NULL, *k = strtok_r(buf, ".", &save); k; k = strtok_r(NULL, ".", &save)) {
		if (json_is_array(cur))
			cur = json_array_get(cur, (size_t)atoi(k));
		else
			cur = json_object_get(cur, k);
		if (!cur)
			fail_msg("missing %s (at %s)", path, k);
	}
	assert_true(json_is_string(cur));
	return json_string_value(cur);
}

/* ---------------------------------------------------------------- names */

static void test_severity_names(void **state)
{
	(void)state;
	cc_severity s = CC_SEV_INFO;
	assert_string_equal(cc_severity_name(CC_SEV_ERROR), "error");
	assert_string_equal(cc_severity_name(CC_SEV_WARNING), "warning");
	assert_string_equal(cc_severity_name(CC_SEV_INFO), "info");
	assert_int_equal(cc_severity_parse("error", &s), CC_OK);
	assert_int_equal(s, CC_SEV_ERROR);
	assert_int_equal(cc_severity_parse("warning", &s), CC_OK);
	assert_int_equal(s, CC_SEV_WARNING);
	assert_int_equal(cc_severity_parse("info", &s), CC_OK);
	assert_int_equal(s, CC_SEV_INFO);
	s = CC_SEV_WARNING;
	assert_int_equal(cc_severity_parse("note", &s), CC_EINVALID);
	assert_int_equal(cc_severity_parse("", &s), CC_EINVALID);
	assert_int_equal(cc_severity_parse("errors", &s), CC_EINVALID);
	assert_int_equal(cc_severity_parse(NULL, &s), CC_EINVALID);
	assert_int_equal(s, CC_SEV_WARNING);
}

static void test_format_parse(void **state)
{
	(void)state;
	cc_format f = CC_FORMAT_TEXT;
	assert_int_equal(cc_format_parse("json", &f), CC_OK);
	assert_int_equal(f, CC_FORMAT_JSON);
	assert_int_equal(cc_format_parse("github", &f), CC_OK);
	assert_int_equal(f, CC_FORMAT_GITHUB);
	assert_int_equal(cc_format_parse("sarif", &f), CC_OK);
	assert_int_equal(f, CC_FORMAT_SARIF);
	assert_int_equal(cc_format_parse("text", &f), CC_OK);
	assert_int_equal(f, CC_FORMAT_TEXT);
	assert_int_equal(cc_format_parse("xml", &f), CC_EINVALID);
	assert_int_equal(cc_format_parse("JSON", &f), CC_EINVALID);
	assert_int_equal(cc_format_parse(NULL, &f), CC_EINVALID);
	assert_int_equal(f, CC_FORMAT_TEXT);
}

/* ---------------------------------------------------------------- the list */

static void test_add_fields(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	cc_finding *f = cc_findings_add(&fs, CC_SEV_WARNING, "a/b", "x.yaml", 3, 9, "n=%d s=%s", 42, "ok");
	assert_int_equal(f->sev, CC_SEV_WARNING);
	assert_string_equal(f->rule, "a/b");
	assert_string_equal(f->file, "x.yaml");
	assert_int_equal(f->line, 3);
	assert_int_equal(f->col, 9);
	assert_string_equal(f->msg, "n=42 s=ok");
	assert_null(f->hint);
	assert_null(f->chart);
	cc_finding_set_hint(f, "first");
	cc_finding_set_hint(f, "second");
	assert_string_equal(f->hint, "second");
	cc_finding_set_hint(f, NULL);
	assert_null(f->hint);
	cc_finding_set_chart(f, "charts/x");
	assert_string_equal(f->chart, "charts/x");
	f = cc_findings_add(&fs, CC_SEV_INFO, "a/c", NULL, -4, -1, "no file");
	assert_string_equal(f->file, "");
	assert_int_equal(f->line, 0);
	assert_int_equal(f->col, 0);
	for (int i = 0; i < 100; i++)
		cc_findings_add(&fs, CC_SEV_INFO, "a/d", "y", i, 0, "%d", i);
	assert_int_equal(fs.n, 102);
	assert_string_equal(fs.v[101].msg, "99");
	cc_findings_free(&fs);
	assert_null(fs.v);
	assert_int_equal(fs.n, 0);
	cc_findings_free(&fs);
}

static void test_add_error(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	cc_error err;
	cc_error_set(&err, CC_EINVALID, "charts/a/Chart.yaml", 5, 2, "mapping values are not allowed here");
	cc_finding *f = cc_findings_add_error(&fs, CC_SEV_ERROR, "yaml/syntax", &err);
	assert_string_equal(f->file, "charts/a/Chart.yaml");
	assert_int_equal(f->line, 5);
	assert_int_equal(f->col, 2);
	assert_string_equal(f->msg, "mapping values are not allowed here");
	assert_string_equal(f->rule, "yaml/syntax");
	cc_error_clear(&err);
	err.code = CC_EIO;
	f = cc_findings_add_error(&fs, CC_SEV_ERROR, "chart/file-unreadable", &err);
	assert_string_equal(f->msg, "i/o error");
	f = cc_findings_add_error(&fs, CC_SEV_ERROR, "chart/file-unreadable", NULL);
	assert_string_equal(f->file, "");
	assert_string_equal(f->msg, "unknown error");
	cc_findings_free(&fs);
}

static void test_move(void **state)
{
	(void)state;
	cc_findings a = CC_FINDINGS_INIT, b = CC_FINDINGS_INIT;
	cc_findings_add(&a, CC_SEV_ERROR, "r/a", "a", 1, 1, "a1");
	for (int i = 0; i < 20; i++)
		cc_findings_add(&b, CC_SEV_INFO, "r/b", "b", i + 1, 1, "b%d", i);
	cc_finding_set_hint(&b.v[0], "kept");
	cc_findings_move(&a, &b);
	assert_int_equal(a.n, 21);
	assert_string_equal(a.v[0].msg, "a1");
	assert_string_equal(a.v[1].msg, "b0");
	assert_string_equal(a.v[1].hint, "kept");
	assert_string_equal(a.v[20].msg, "b19");
	assert_int_equal(b.n, 0);
	assert_null(b.v);
	cc_findings_move(&a, &b);
	assert_int_equal(a.n, 21);
	cc_findings_move(&a, &a);
	assert_int_equal(a.n, 21);
	cc_findings empty = CC_FINDINGS_INIT;
	cc_findings_move(&empty, &a);
	assert_int_equal(empty.n, 21);
	assert_int_equal(a.n, 0);
	cc_findings_free(&empty);
	cc_findings_free(&a);
	cc_findings_free(&b);
}

static void test_sort(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	cc_findings_add(&fs, CC_SEV_INFO, "r/x", "b", 1, 1, "b1-first");
	cc_findings_add(&fs, CC_SEV_INFO, "r/x", "a", 2, 0, "a2");
	cc_findings_add(&fs, CC_SEV_INFO, "r/x", "b", 1, 1, "b1-second");
	cc_findings_add(&fs, CC_SEV_INFO, "r/x", "a", 1, 5, "a1c5");
	cc_findings_add(&fs, CC_SEV_INFO, "r/x", "a", 1, 0, "a1c0");
	cc_findings_add(&fs, CC_SEV_INFO, "r/x", "", 0, 0, "nofile");
	cc_findings_add(&fs, CC_SEV_INFO, "r/x", "b", 1, 1, "b1-third");
	cc_findings_add(&fs, CC_SEV_INFO, "r/x", "a", 10, 1, "a10");
	cc_findings_add(&fs, CC_SEV_INFO, "r/x", "a/b", 1, 1, "a/b");
	cc_findings_sort(&fs);
	const char *want[] = { "nofile", "a1c0", "a1c5", "a2", "a10", "a/b", "b1-first", "b1-second",
			       "b1-third" };
	assert_int_equal(fs.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < fs.n; i++)
		assert_string_equal(fs.v[i].msg, want[i]);
	cc_findings_free(&fs);
}

/* Many equal keys in pseudo-random order: equal ones must keep insertion order. */
static void test_sort_stable_large(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	unsigned seed = 12345;
	for (int i = 0; i < 2000; i++) {
		seed = seed * 1103515245u + 12345u;
		int line = (int)((seed >> 16) % 7);
		cc_findings_add(&fs, CC_SEV_WARNING, "r/x", (seed >> 8) % 2 ? "f" : "e", line, 1, "%d", i);
	}
	cc_findings_sort(&fs);
	for (size_t i = 1; i < fs.n; i++) {
		const cc_finding *p = &fs.v[i - 1], *q = &fs.v[i];
		int c = strcmp(p->file, q->file);
		assert_true(c < 0 || (c == 0 && p->line <= q->line));
		if (c == 0 && p->line == q->line)
			assert_true(atoi(p->msg) < atoi(q->msg));
	}
	cc_findings_free(&fs);
	cc_findings_sort(&fs);
}

static void test_count(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	assert_int_equal(cc_findings_count(&fs, CC_SEV_INFO), 0);
	fixture(&fs);
	assert_int_equal(cc_findings_count(&fs, CC_SEV_ERROR), 2);
	assert_int_equal(cc_findings_count(&fs, CC_SEV_WARNING), 3);
	assert_int_equal(cc_findings_count(&fs, CC_SEV_INFO), 4);
	cc_findings_add(&fs, (cc_severity)7, "r/x", "", 0, 0, "bad severity counts as error");
	assert_int_equal(fs.v[4].sev, CC_SEV_ERROR);
	assert_int_equal(cc_findings_count(&fs, CC_SEV_ERROR), 3);
	cc_findings_free(&fs);
}

/* ---------------------------------------------------------------- text */

static const char *const want_text =
	"charts/web/values.yaml:4:3: error[yaml/syntax]: did not find expected key\n"
	"  hint: check the indentation of line 3\n"
	"charts/web/Chart.yaml:7: warning[yaml/duplicate-key]: key \"version\" appears twice; "
	"helm keeps the last one\n"
	"chartci: info[test/no-file]: nothing to check\n"
	"charts/api/Chart.yaml: error[chart/file-missing]: Chart.yaml is missing\n"
	"  looked in charts/api\n";

static void test_text(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	fixture(&fs);
	char *want = cc_asprintf("%s3 charts checked: 2 errors, 1 warning, 1 info\n", want_text);
	expect_render(&fs, CC_FORMAT_TEXT, 0, 0, 3, want);
	free(want);
	expect_render(&fs, CC_FORMAT_TEXT, 0, 1, 3, want_text);
	char *got = render(&fs, CC_FORMAT_TEXT, 0, 0, 3);
	assert_null(strchr(got, '\033'));
	free(got);
	cc_findings_free(&fs);
}

static void test_text_color(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	fixture(&fs);
	expect_render(&fs, CC_FORMAT_TEXT, 1, 1, 3,
		      "\033[1mcharts/web/values.yaml:4:3\033[0m: \033[1;31merror\033[0m"
		      "[\033[2myaml/syntax\033[0m]: did not find expected key\n"
		      "  hint: check the indentation of line 3\n"
		      "\033[1mcharts/web/Chart.yaml:7\033[0m: \033[1;33mwarning\033[0m"
		      "[\033[2myaml/duplicate-key\033[0m]: key \"version\" appears twice; "
		      "helm keeps the last one\n"
		      "\033[1mchartci\033[0m: \033[1;36minfo\033[0m[\033[2mtest/no-file\033[0m]: "
		      "nothing to check\n"
		      "\033[1mcharts/api/Chart.yaml\033[0m: \033[1;31merror\033[0m"
		      "[\033[2mchart/file-missing\033[0m]: Chart.yaml is missing\n"
		      "  looked in charts/api\n");
	cc_findings_free(&fs);
}

static void test_text_summary(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	expect_render(&fs, CC_FORMAT_TEXT, 0, 0, 3, "3 charts checked: no problems found\n");
	expect_render(&fs, CC_FORMAT_TEXT, 1, 0, 1, "1 chart checked: no problems found\n");
	expect_render(&fs, CC_FORMAT_TEXT, 0, 0, 0, "0 charts checked: no problems found\n");
	expect_render(&fs, CC_FORMAT_TEXT, 0, 1, 3, "");
	expect_render(NULL, CC_FORMAT_TEXT, 0, 0, 2, "2 charts checked: no problems found\n");
	cc_findings_add(&fs, CC_SEV_WARNING, "r/x", "f", 1, 1, "w");
	expect_render(&fs, CC_FORMAT_TEXT, 0, 0, 1,
		      "f:1:1: warning[r/x]: w\n1 chart checked: 0 errors, 1 warning, 0 infos\n");
	cc_findings_add(&fs, CC_SEV_INFO, "r/x", "f", 2, 1, "i");
	cc_findings_add(&fs, CC_SEV_INFO, "r/x", "f", 3, 1, "i");
	cc_findings_add(&fs, CC_SEV_ERROR, "r/x", "f", 4, 1, "e");
	expect_render(&fs, CC_FORMAT_TEXT, 0, 0, 2,
		      "f:1:1: warning[r/x]: w\nf:2:1: info[r/x]: i\nf:3:1: info[r/x]: i\n"
		      "f:4:1: error[r/x]: e\n2 charts checked: 1 error, 1 warning, 2 infos\n");
	cc_findings_free(&fs);
}

/* Chart content must not reach a terminal as control bytes. */
static void test_text_hostile(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	cc_finding *f = cc_findings_add(&fs, CC_SEV_ERROR, "r/x", "evil\033[2J.yaml", 2, 0,
					"key \"a\rb\"\tthere\n\nsecond para\n\n");
	cc_finding_set_hint(f, "one\ntwo");
	cc_findings_add(&fs, CC_SEV_ERROR, "", "f", 0, 3, "no rule, column without line");
	expect_render(&fs, CC_FORMAT_TEXT, 0, 1, 1,
		      "evil\\x1b[2J.yaml:2: error[r/x]: key \"a\\x0db\"\tthere\n"
		      "\n"
		      "  second para\n"
		      "  hint: one\n"
		      "        two\n"
		      "f: error: no rule, column without line\n");
	cc_findings_free(&fs);
}

/* ---------------------------------------------------------------- JSON */

static void test_json(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	fixture(&fs);
	expect_render(&fs, CC_FORMAT_JSON, 1, 1, 3,
		      "{\n"
		      "  \"tool\": {\n"
		      "    \"name\": \"chartci\",\n"
		      "    \"version\": \"1.2.3\"\n"
		      "  },\n"
		      "  \"summary\": {\n"
		      "    \"charts\": 3,\n"
		      "    \"errors\": 2,\n"
		      "    \"warnings\": 1,\n"
		      "    \"infos\": 1\n"
		      "  },\n"
		      "  \"findings\": [\n"
		      "    {\n"
		      "      \"severity\": \"error\",\n"
		      "      \"rule\": \"yaml/syntax\",\n"
		      "      \"file\": \"charts/web/values.yaml\",\n"
		      "      \"line\": 4,\n"
		      "      \"column\": 3,\n"
		      "      \"message\": \"did not find expected key\",\n"
		      "      \"hint\": \"check the indentation of line 3\",\n"
		      "      \"chart\": \"charts/web\"\n"
		      "    },\n"
		      "    {\n"
		      "      \"severity\": \"warning\",\n"
		      "      \"rule\": \"yaml/duplicate-key\",\n"
		      "      \"file\": \"charts/web/Chart.yaml\",\n"
		      "      \"line\": 7,\n"
		      "      \"message\": \"key \\\"version\\\" appears twice; helm keeps the last one\"\n"
		      "    },\n"
		      "    {\n"
		      "      \"severity\": \"info\",\n"
		      "      \"rule\": \"test/no-file\",\n"
		      "      \"file\": \"\",\n"
		      "      \"message\": \"nothing to check\"\n"
		      "    },\n"
		      "    {\n"
		      "      \"severity\": \"error\",\n"
		      "      \"rule\": \"chart/file-missing\",\n"
		      "      \"file\": \"charts/api/Chart.yaml\",\n"
		      "      \"message\": \"Chart.yaml is missing\\nlooked in charts/api\",\n"
		      "      \"chart\": \"charts/api\"\n"
		      "    }\n"
		      "  ]\n"
		      "}\n");
	cc_findings_free(&fs);
	expect_render(&fs, CC_FORMAT_JSON, 0, 0, 0,
		      "{\n"
		      "  \"tool\": {\n"
		      "    \"name\": \"chartci\",\n"
		      "    \"version\": \"1.2.3\"\n"
		      "  },\n"
		      "  \"summary\": {\n"
		      "    \"charts\": 0,\n"
		      "    \"errors\": 0,\n"
		      "    \"warnings\": 0,\n"
		      "    \"infos\": 0\n"
		      "  },\n"
		      "  \"findings\": []\n"
		      "}\n");
}

/* Bytes that are not UTF-8 must not make jansson drop a string. */
static void test_json_bad_utf8(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	cc_findings_add(&fs, CC_SEV_ERROR, "r/x", "caf\xe9.yaml", 1, 1,
			"ok \xc3\xa9, lone \x80, overlong \xc0\xaf, surrogate \xed\xa0\x80, cut \xe2\x82");
	char *s = render(&fs, CC_FORMAT_JSON, 0, 0, 1);
	json_t *doc = json_loads(s, 0, NULL);
	assert_non_null(doc);
	json_t *f = json_array_get(json_object_get(doc, "findings"), 0);
	assert_string_equal(jget_str(f, "file"), "caf\xef\xbf\xbd.yaml");
	assert_string_equal(jget_str(f, "message"),
			    "ok \xc3\xa9, lone \xef\xbf\xbd, overlong \xef\xbf\xbd\xef\xbf\xbd, surrogate "
			    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd, cut \xef\xbf\xbd\xef\xbf\xbd");
	json_decref(doc);
	free(s);
	doc = render_sarif(&fs);
	assert_string_equal(jget_str(sarif_run(doc), "results.0.locations.0.physicalLocation."
					     "artifactLocation.uri"), "caf%E9.yaml");
	json_decref(doc);
	cc_findings_free(&fs);
}

/* ---------------------------------------------------------------- GitHub */

static void test_github(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	fixture(&fs);
	expect_render(&fs, CC_FORMAT_GITHUB, 1, 0, 3,
		      "::error file=charts/web/values.yaml,line=4,col=3,title=chartci yaml/syntax::"
		      "did not find expected key%0Ahint: check the indentation of line 3\n"
		      "::warning file=charts/web/Chart.yaml,line=7,title=chartci yaml/duplicate-key::"
		      "key \"version\" appears twice; helm keeps the last one\n"
		      "::notice title=chartci test/no-file::nothing to check\n"
		      "::error file=charts/api/Chart.yaml,title=chartci chart/file-missing::"
		      "Chart.yaml is missing%0Alooked in charts/api\n"
		      "3 charts checked: 2 errors, 1 warning, 1 info\n");
	cc_findings_free(&fs);
	expect_render(&fs, CC_FORMAT_GITHUB, 0, 0, 1, "1 chart checked: no problems found\n");
	expect_render(&fs, CC_FORMAT_GITHUB, 0, 1, 1, "");
}

static void expect_escape(int prop, const char *in, const char *want)
{
	char *got = prop ? cc_report_github_escape_prop(in) : cc_report_github_escape_data(in);
	assert_string_equal(got, want);
	free(got);
}

static void test_github_escape(void **state)
{
	(void)state;
	expect_escape(0, "", "");
	expect_escape(0, "plain text", "plain text");
	expect_escape(0, "100%", "100%25");
	expect_escape(0, "%0A", "%250A");
	expect_escape(0, "a\r\nb\n", "a%0D%0Ab%0A");
	expect_escape(0, "a:b,c", "a:b,c");
	expect_escape(0, "::error::x", "::error::x");
	expect_escape(1, "a:b,c", "a%3Ab%2Cc");
	expect_escape(1, "50%:\r\n,", "50%25%3A%0D%0A%2C");
	expect_escape(1, "sp ace=eq", "sp ace=eq");
	expect_escape(0, NULL, "");
	expect_escape(1, NULL, "");
}

/* A message cannot break out of its command line, a file name cannot add
 * properties. */
static void test_github_hostile(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	cc_findings_add(&fs, CC_SEV_WARNING, "r/x", "a,line=1:b%.yaml", 2, 1,
			"50%% done\r\n::error::injected");
	expect_render(&fs, CC_FORMAT_GITHUB, 0, 1, 1,
		      "::warning file=a%2Cline=1%3Ab%25.yaml,line=2,col=1,title=chartci r/x::"
		      "50%25 done%0D%0A::error::injected\n");
	cc_findings_free(&fs);
	cc_findings_add(&fs, CC_SEV_ERROR, "", "", 0, 9, "%s", "");
	expect_render(&fs, CC_FORMAT_GITHUB, 0, 1, 1, "::error title=chartci::\n");
	cc_findings_free(&fs);
}

/* ---------------------------------------------------------------- SARIF */

static void sarif_fixture(cc_findings *fs)
{
	cc_findings_add(fs, CC_SEV_WARNING, "test/b-rule", "a b/values.yaml", 2, 5, "x");
	cc_findings_add(fs, CC_SEV_INFO, "test/a-rule", "", 0, 0, "y");
	cc_finding *f = cc_findings_add(fs, CC_SEV_ERROR, "test/a-rule", "", 3, 0, "z");
	cc_finding_set_chart(f, "charts/c");
	cc_finding_set_hint(f, "do w");
}

static void test_sarif_exact(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	sarif_fixture(&fs);
	expect_render(&fs, CC_FORMAT_SARIF, 1, 0, 1,
		      "{\n"
		      "  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
		      "  \"version\": \"2.1.0\",\n"
		      "  \"runs\": [\n"
		      "    {\n"
		      "      \"tool\": {\n"
		      "        \"driver\": {\n"
		      "          \"name\": \"chartci\",\n"
		      "          \"semanticVersion\": \"1.2.3\",\n"
		      "          \"rules\": [\n"
		      "            {\n"
		      "              \"id\": \"test/a-rule\",\n"
		      "              \"name\": \"TestARule\",\n"
		      "              \"shortDescription\": {\n"
		      "                \"text\": \"test/a-rule\"\n"
		      "              },\n"
		      "              \"fullDescription\": {\n"
		      "                \"text\": \"test/a-rule\"\n"
		      "              },\n"
		      "              \"help\": {\n"
		      "                \"text\": \"test/a-rule\",\n"
		      "                \"markdown\": \"test/a-rule\"\n"
		      "              },\n"
		      "              \"defaultConfiguration\": {\n"
		      "                \"level\": \"warning\"\n"
		      "              }\n"
		      "            },\n"
		      "            {\n"
		      "              \"id\": \"test/b-rule\",\n"
		      "              \"name\": \"TestBRule\",\n"
		      "              \"shortDescription\": {\n"
		      "                \"text\": \"test/b-rule\"\n"
		      "              },\n"
		      "              \"fullDescription\": {\n"
		      "                \"text\": \"test/b-rule\"\n"
		      "              },\n"
		      "              \"help\": {\n"
		      "                \"text\": \"test/b-rule\",\n"
		      "                \"markdown\": \"test/b-rule\"\n"
		      "              },\n"
		      "              \"defaultConfiguration\": {\n"
		      "                \"level\": \"warning\"\n"
		      "              }\n"
		      "            }\n"
		      "          ]\n"
		      "        }\n"
		      "      },\n"
		      "      \"results\": [\n"
		      "        {\n"
		      "          \"ruleId\": \"test/b-rule\",\n"
		      "          \"ruleIndex\": 1,\n"
		      "          \"level\": \"warning\",\n"
		      "          \"message\": {\n"
		      "            \"text\": \"x\"\n"
		      "          },\n"
		      "          \"locations\": [\n"
		      "            {\n"
		      "              \"physicalLocation\": {\n"
		      "                \"artifactLocation\": {\n"
		      "                  \"uri\": \"a%20b/values.yaml\"\n"
		      "                },\n"
		      "                \"region\": {\n"
		      "                  \"startLine\": 2,\n"
		      "                  \"startColumn\": 5\n"
		      "                }\n"
		      "              }\n"
		      "            }\n"
		      "          ],\n"
		      "          \"partialFingerprints\": {\n"
		      "            \"primaryLocationLineHash\": \"21201a2873250723:1\"\n"
		      "          }\n"
		      "        },\n"
		      "        {\n"
		      "          \"ruleId\": \"test/a-rule\",\n"
		      "          \"ruleIndex\": 0,\n"
		      "          \"level\": \"note\",\n"
		      "          \"message\": {\n"
		      "            \"text\": \"y\"\n"
		      "          },\n"
		      "          \"locations\": [\n"
		      "            {\n"
		      "              \"physicalLocation\": {\n"
		      "                \"artifactLocation\": {\n"
		      "                  \"uri\": \".\"\n"
		      "                }\n"
		      "              }\n"
		      "            }\n"
		      "          ],\n"
		      "          \"partialFingerprints\": {\n"
		      "            \"primaryLocationLineHash\": \"d8f3089b0b6cda73:1\"\n"
		      "          }\n"
		      "        },\n"
		      "        {\n"
		      "          \"ruleId\": \"test/a-rule\",\n"
		      "          \"ruleIndex\": 0,\n"
		      "          \"level\": \"error\",\n"
		      "          \"message\": {\n"
		      "            \"text\": \"z\\nhint: do w\"\n"
		      "          },\n"
		      "          \"locations\": [\n"
		      "            {\n"
		      "              \"physicalLocation\": {\n"
		      "                \"artifactLocation\": {\n"
		      "                  \"uri\": \"charts/c\"\n"
		      "                },\n"
		      "                \"region\": {\n"
		      "                  \"startLine\": 3\n"
		      "                }\n"
		      "              }\n"
		      "            }\n"
		      "          ],\n"
		      "          \"partialFingerprints\": {\n"
		      "            \"primaryLocationLineHash\": \"9baae21f454bebd1:1\"\n"
		      "          }\n"
		      "        }\n"
		      "      ]\n"
		      "    }\n"
		      "  ]\n"
		      "}\n");
	cc_findings_free(&fs);
}

/* What GitHub's upload requires of every result, checked on the parsed document. */
static void check_sarif_result(json_t *run, json_t *r)
{
	const char *id = jget_str(r, "ruleId");
	const char *level = jget_str(r, "level");
	assert_true(!strcmp(level, "error") || !strcmp(level, "warning") || !strcmp(level, "note"));
	assert_true(jget_str(r, "message.text")[0] != '\0');
	assert_true(jget_str(r, "locations.0.physicalLocation.artifactLocation.uri")[0] != '\0');
	const char *fp = jget_str(r, "partialFingerprints.primaryLocationLineHash");
	assert_int_equal(strlen(fp), 18);
	assert_string_equal(fp + 16, ":1");
	assert_int_equal(strspn(fp, "0123456789abcdef"), 16);
	json_t *idx = json_object_get(r, "ruleIndex");
	assert_true(json_is_integer(idx));
	json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	json_t *rule = json_array_get(rules, (size_t)json_integer_value(idx));
	assert_non_null(rule);
	assert_string_equal(jget_str(rule, "id"), id);
}

static void check_sarif_rule(json_t *rule)
{
	const char *id = jget_str(rule, "id");
	const cc_rule_info *ri = cc_rule_lookup(id);
	assert_non_null(ri);
	assert_string_equal(jget_str(rule, "shortDescription.text"), ri->summary);
	assert_string_equal(jget_str(rule, "fullDescription.text"), ri->description);
	assert_non_null(strstr(jget_str(rule, "help.text"), ri->description));
	assert_non_null(strstr(jget_str(rule, "help.markdown"), ri->description));
	assert_null(json_object_get(rule, "helpUri"));
	char *pointer = cc_asprintf("section %s in chartci's docs/rules.md", id);
	assert_non_null(strstr(jget_str(rule, "help.text"), pointer));
	free(pointer);
	const char *lv = jget_str(rule, "defaultConfiguration.level");
	assert_string_equal(lv, ri->default_sev == CC_SEV_ERROR     ? "error"
				: ri->default_sev == CC_SEV_WARNING ? "warning"
								    : "note");
	assert_true(strlen(jget_str(rule, "name")) <= 255);
}

static void test_sarif_structure(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	fixture(&fs);
	cc_findings_add(&fs, CC_SEV_ERROR, "yaml/syntax", "charts/x/values.yaml", 1, 1, "again");
	json_t *doc = render_sarif(&fs);
	assert_string_equal(jget_str(doc, "$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
	assert_string_equal(jget_str(doc, "version"), "2.1.0");
	json_t *run = sarif_run(doc);
	assert_string_equal(jget_str(run, "tool.driver.name"), "chartci");
	assert_string_equal(jget_str(run, "tool.driver.semanticVersion"), "1.2.3");
	json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	/* only the rules used, each once, sorted */
	assert_int_equal(json_array_size(rules), 4);
	assert_string_equal(jget_str(rules, "0.id"), "chart/file-missing");
	assert_string_equal(jget_str(rules, "1.id"), "test/no-file");
	assert_string_equal(jget_str(rules, "2.id"), "yaml/duplicate-key");
	assert_string_equal(jget_str(rules, "3.id"), "yaml/syntax");
	assert_string_equal(jget_str(rules, "0.name"), "ChartFileMissing");
	assert_string_equal(jget_str(rules, "2.name"), "YamlDuplicateKey");
	check_sarif_rule(json_array_get(rules, 0));
	check_sarif_rule(json_array_get(rules, 2));
	check_sarif_rule(json_array_get(rules, 3));
	assert_string_equal(jget_str(rules, "1.shortDescription.text"), "test/no-file");
	json_t *results = json_object_get(run, "results");
	assert_int_equal(json_array_size(results), fs.n);
	for (size_t i = 0; i < fs.n; i++)
		check_sarif_result(run, json_array_get(results, i));
	assert_string_equal(jget_str(results, "0.partialFingerprints.primaryLocationLineHash"),
			    "f2047bed001d8d4e:1");
	assert_string_equal(jget_str(results, "0.level"), "error");
	assert_string_equal(jget_str(results, "1.level"), "warning");
	assert_string_equal(jget_str(results, "2.level"), "note");
	json_decref(doc);
	cc_findings_free(&fs);
}

static void test_sarif_fingerprints(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	fixture(&fs);
	char *a = render(&fs, CC_FORMAT_SARIF, 0, 0, 3);
	char *b = render(&fs, CC_FORMAT_SARIF, 0, 0, 3);
	assert_string_equal(a, b);
	free(a);
	free(b);
	cc_findings_free(&fs);

	/* the line is not part of the hash, so moving a finding keeps its alert */
	cc_findings_add(&fs, CC_SEV_ERROR, "yaml/syntax", "charts/web/values.yaml", 40, 1,
			"did not find expected key");
	/* equal findings in one file are numbered, not merged */
	cc_findings_add(&fs, CC_SEV_WARNING, "test/dup", "f.yaml", 1, 1, "same");
	cc_findings_add(&fs, CC_SEV_WARNING, "test/dup", "g.yaml", 1, 1, "same");
	cc_findings_add(&fs, CC_SEV_WARNING, "test/dup", "f.yaml", 9, 1, "same");
	json_t *doc = render_sarif(&fs);
	json_t *res = json_object_get(sarif_run(doc), "results");
	const char *k = "partialFingerprints.primaryLocationLineHash";
	char path[64];
	const char *want[] = { "f2047bed001d8d4e:1", "06ce1be88b3eb55e:1", NULL, "06ce1be88b3eb55e:2" };
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%zu.%s", i, k);
		if (want[i])
			assert_string_equal(jget_str(res, path), want[i]);
	}
	assert_string_not_equal(jget_str(res, "1.partialFingerprints.primaryLocationLineHash"),
				jget_str(res, "2.partialFingerprints.primaryLocationLineHash"));
	json_decref(doc);
	cc_findings_free(&fs);
}

static void expect_uri(const char *file, const char *chart, const char *want)
{
	cc_findings fs = CC_FINDINGS_INIT;
	cc_finding *f = cc_findings_add(&fs, CC_SEV_ERROR, "r/x", file, 0, 0, "m");
	cc_finding_set_chart(f, chart);
	json_t *doc = render_sarif(&fs);
	assert_string_equal(jget_str(sarif_run(doc), "results.0.locations.0.physicalLocation."
					     "artifactLocation.uri"), want);
	assert_null(json_object_get(json_object_get(json_array_get(json_object_get(
		json_array_get(json_object_get(sarif_run(doc), "results"), 0), "locations"), 0),
		"physicalLocation"), "region"));
	json_decref(doc);
	cc_findings_free(&fs);
}

static void test_sarif_uri(void **state)
{
	(void)state;
	expect_uri("charts/web/values.yaml", NULL, "charts/web/values.yaml");
	expect_uri("charts/my chart/v%1.yaml", NULL, "charts/my%20chart/v%251.yaml");
	expect_uri("c:d/e,f#g?h", NULL, "c%3Ad/e%2Cf%23g%3Fh");
	expect_uri("charts/\xc3\xa9t\xc3\xa9/x", NULL, "charts/%C3%A9t%C3%A9/x");
	expect_uri("./a_b-c~d.e", NULL, "./a_b-c~d.e");
	expect_uri("//host/x", NULL, "/host/x");
	expect_uri("", "charts/web", "charts/web");
	expect_uri("", "", ".");
	expect_uri("", NULL, ".");
}

static void test_sarif_empty(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	json_t *doc = render_sarif(&fs);
	json_t *run = sarif_run(doc);
	assert_int_equal(json_array_size(json_object_get(run, "results")), 0);
	json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	assert_true(json_is_array(rules));
	assert_int_equal(json_array_size(rules), 0);
	json_decref(doc);
}

/* ---------------------------------------------------------------- writing */

static void test_write_errors(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	fixture(&fs);
	cc_error err;
	cc_error_clear(&err);
	cc_report_opts o = { (cc_format)99, 0, 0, 1, "1.0.0" };
	FILE *null = fopen("/dev/null", "w");
	assert_non_null(null);
	assert_int_equal(cc_report_write(null, &fs, &o, &err), CC_EINVALID);
	assert_non_null(strstr(err.msg, "format"));
	fclose(null);
	assert_int_equal(cc_report_write(NULL, &fs, &o, &err), CC_EINVALID);

	FILE *full = fopen("/dev/full", "w");
	if (full) {
		o.format = CC_FORMAT_JSON;
		cc_error_clear(&err);
		assert_int_equal(cc_report_write(full, &fs, &o, &err), CC_EIO);
		assert_non_null(strstr(err.msg, "cannot write the report"));
		fclose(full);
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_int_equal(cc_report_write(m, &fs, NULL, &err), CC_OK);
	fclose(m);
	assert_non_null(strstr(buf, "error[yaml/syntax]"));
	assert_non_null(strstr(buf, "0 charts checked: 2 errors"));
	free(buf);
	cc_findings_free(&fs);
}

/* ---------------------------------------------------------------- catalogue */

static int id_well_formed(const char *id)
{
	const char *slash = strchr(id, '/');
	if (!slash || slash == id || strchr(slash + 1, '/'))
		return 0;
	for (const char *p = id; *p; p++) {
		int ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '/' || *p == '-';
		if (!ok)
			return 0;
	}
	/* every segment starts with a letter; no empty, leading or trailing dash parts */
	if (!(id[0] >= 'a' && id[0] <= 'z') || !(slash[1] >= 'a' && slash[1] <= 'z'))
		return 0;
	size_t n = strlen(id);
	return id[n - 1] != '-' && !strstr(id, "--") && !strstr(id, "-/") && !strstr(id, "/-");
}

static void test_catalog(void **state)
{
	(void)state;
	const cc_rule_info *cat = cc_rule_catalog();
	size_t n = 0;
	for (; cat[n].id; n++) {
		const cc_rule_info *r = &cat[n];
		if (!id_well_formed(r->id))
			fail_msg("rule id %s is not lowercase area/kebab-case", r->id);
		if (n > 0 && strcmp(cat[n - 1].id, r->id) >= 0)
			fail_msg("catalogue not sorted or duplicate at %s", r->id);
		assert_true(r->default_sev >= CC_SEV_INFO && r->default_sev <= CC_SEV_ERROR);
		assert_non_null(r->summary);
		assert_non_null(r->description);
		assert_true(r->summary[0] != '\0' && strlen(r->summary) <= 1024);
		assert_null(strchr(r->summary, '\n'));
		assert_true(strlen(r->description) > strlen(r->summary) && strlen(r->description) <= 1024);
		assert_ptr_equal(cc_rule_lookup(r->id), r);
	}
	assert_true(n >= 15);
	assert_null(cc_rule_lookup("no/such-rule"));
	assert_null(cc_rule_lookup(NULL));
	assert_non_null(cc_rule_lookup("yaml/duplicate-key"));
	assert_int_equal(cc_rule_lookup("yaml/duplicate-key")->default_sev, CC_SEV_WARNING);
	assert_int_equal(cc_rule_lookup("chart/file-missing")->default_sev, CC_SEV_ERROR);
	assert_false(id_well_formed("Yaml/syntax"));
	assert_false(id_well_formed("yaml_syntax"));
	assert_false(id_well_formed("yaml/-syntax"));
	assert_false(id_well_formed("a/b/c"));
}

/* The text of the "## <id>" section in doc, or NULL. */
static char *doc_section(const char *doc, const char *id)
{
	char *head = cc_asprintf("\n## %s\n", id);
	const char *p = strstr(doc, head);
	free(head);
	if (!p)
		return NULL;
	p += 4 + strlen(id);
	const char *end = strstr(p, "\n## ");
	return end ? cc_strndup(p, (size_t)(end - p)) : cc_strdup(p);
}

static void test_catalog_documented(void **state)
{
	(void)state;
	char *doc = tu_slurp("docs/rules.md", NULL);
	if (!doc)
		fail_msg("cannot read docs/rules.md; run the tests from the repository root");
	const cc_rule_info *cat = cc_rule_catalog();
	const char *last = doc;
	for (size_t i = 0; cat[i].id; i++) {
		char *sec = doc_section(doc, cat[i].id);
		if (!sec)
			fail_msg("docs/rules.md has no \"## %s\" section", cat[i].id);
		char *sev = cc_asprintf("**Severity:** %s\n", cc_severity_name(cat[i].default_sev));
		if (!strstr(sec, sev))
			fail_msg("docs/rules.md: %s should say %s", cat[i].id, sev);
		char *example = cc_asprintf("[%s]: ", cat[i].id);
		if (!strstr(sec, example))
			fail_msg("docs/rules.md: %s has no example finding", cat[i].id);
		const char *at = strstr(doc, sec);
		if (at < last)
			fail_msg("docs/rules.md: %s is out of order", cat[i].id);
		last = at;
		free(example);
		free(sev);
		free(sec);
	}
	/* and no section for a rule the catalogue does not know */
	for (const char *p = strstr(doc, "\n## "); p; p = strstr(p + 1, "\n## ")) {
		const char *eol = strchr(p + 4, '\n');
		char *id = cc_strndup(p + 4, eol ? (size_t)(eol - p - 4) : strlen(p + 4));
		if (strchr(id, '/') && !cc_rule_lookup(id))
			fail_msg("docs/rules.md documents %s, which is not in the catalogue", id);
		free(id);
	}
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_severity_names),
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_add_fields),
		cmocka_unit_test(test_add_error),
		cmocka_unit_test(test_move),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_sort_stable_large),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_color),
		cmocka_unit_test(test_text_summary),
		cmocka_unit_test(test_text_hostile),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_bad_utf8),
		cmocka_unit_test(test_github),
		cmocka_unit_test(test_github_escape),
		cmocka_unit_test(test_github_hostile),
		cmocka_unit_test(test_sarif_exact),
		cmocka_unit_test(test_sarif_structure),
		cmocka_unit_test(test_sarif_fingerprints),
		cmocka_unit_test(test_sarif_uri),
		cmocka_unit_test(test_sarif_empty),
		cmocka_unit_test(test_write_errors),
		cmocka_unit_test(test_catalog),
		cmocka_unit_test(test_catalog_documented),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
