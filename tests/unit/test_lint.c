/*
 * Unit tests for src/lint: each of helm lint's Chart.yaml, dependency and
 * crds/ rules on a chart that breaks it (rule, severity, file, line,
 * column and message) and on a near miss that must pass; the e-mail and
 * URL validators on inputs whose verdicts were taken from helm v4.1.4
 * itself; and a clean chart that gives no findings at all.
 */
#include "testutil.h"
#include "chart/chart.h"
#include "lint/lint.h"
#include "lint/lint_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Four lines every Chart.yaml case starts from unless it is about them. */
#define HEAD "apiVersion: v2\nname: demo\nversion: 1.0.0\nicon: https://example.com/icon.png\n"

static const char *const CHARTFILE = "demo/Chart.yaml";

/* ---------------------------------------------------------------- helpers */

/* A chart directory with Chart.yaml, values.yaml and templates/. */
static char *chart_dir(const char *chart_yaml)
{
	char *d = tu_mkdtemp();
	tu_write(d, "Chart.yaml", chart_yaml, (size_t)-1);
	tu_write(d, "values.yaml", "replicaCount: 1\n", (size_t)-1);
	tu_mkdirs(d, "templates");
	return d;
}

/* Loads the chart in dir (shown as "demo") and lints it into out. */
static void lint(const char *dir, cc_findings *out)
{
	cc_chart *c = NULL;
	cc_linter *l = NULL;
	cc_error err;
	cc_error_clear(&err);
	assert_int_equal(cc_chart_load(&c, dir, "demo", NULL, &err), CC_OK);
	assert_int_equal(cc_linter_new(&l, NULL, &err), CC_OK);
	assert_int_equal(cc_linter_run(l, c, out, &err), CC_OK);
	cc_linter_free(l);
	cc_chart_free(c);
}

static void cleanup(char *dir, cc_findings *out)
{
	cc_findings_free(out);
	tu_rmtree(dir);
	free(dir);
}

static size_t count(const cc_findings *fs, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < fs->n; i++)
		n += strcmp(fs->v[i].rule, rule) == 0;
	return n;
}

static void dump(const cc_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		print_message("  %s:%d:%d: %s[%s]: %s\n", fs->v[i].file, fs->v[i].line, fs->v[i].col,
			      cc_severity_name(fs->v[i].sev), fs->v[i].rule, fs->v[i].msg);
}

typedef struct expect {
	const char *rule;
	cc_severity sev;
	const char *file;
	int line, col; /* 0: the finding is about the whole file */
	const char *msg;
} expect;

/* Exactly one finding of e->rule, and it is e; `what` names the case in failures. */
static const cc_finding *expect_one(const cc_findings *fs, const char *what, const expect *e)
{
	const cc_finding *f = NULL;
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].rule, e->rule) == 0)
			f = &fs->v[i];
	if (count(fs, e->rule) != 1 || f->sev != e->sev || strcmp(f->file, e->file) != 0 ||
	    f->line != e->line || f->col != e->col || strcmp(f->msg, e->msg) != 0) {
		dump(fs);
		fail_msg("%s: want one %s %s:%d:%d: %s[%s]: %s", what, e->rule, e->file, e->line, e->col,
			 cc_severity_name(e->sev), e->rule, e->msg);
	}
	return f;
}

static void expect_none(const cc_findings *fs, const char *what, const char *rule)
{
	if (count(fs, rule) != 0) {
		dump(fs);
		fail_msg("%s: want no %s", what, rule);
	}
}

/* ---------------------------------------------------------------- Chart.yaml rules */

typedef struct chart_case {
	const char *what;
	const char *chart_yaml;
	expect e; /* in demo/Chart.yaml */
} chart_case;

static const chart_case triggers[] = {
	{ "no apiVersion", "name: demo\nversion: 1.0.0\nicon: https://example.com/icon.png\n",
	  { "chart/api-version", CC_SEV_ERROR, NULL, 0, 0,
	    "apiVersion is required. The value must be either \"v1\" or \"v2\"" } },
	{ "apiVersion v3", "apiVersion: v3\nname: demo\nversion: 1.0.0\nicon: https://example.com/icon.png\n",
	  { "chart/api-version", CC_SEV_ERROR, NULL, 1, 13,
	    "apiVersion 'v3' is not valid. The value must be either \"v1\" or \"v2\"" } },
	{ "no name", "apiVersion: v2\nversion: 1.0.0\nicon: https://example.com/icon.png\n",
	  { "chart/name", CC_SEV_ERROR, NULL, 0, 0, "name is required" } },
	{ "empty name", "apiVersion: v2\nname: \"\"\nversion: 1.0.0\nicon: https://example.com/icon.png\n",
	  { "chart/name", CC_SEV_ERROR, NULL, 2, 7, "name is required" } },
	{ "name with a slash", "apiVersion: v2\nname: ../demo\nversion: 1.0.0\nicon: https://example.com/icon.png\n",
	  { "chart/name", CC_SEV_ERROR, NULL, 2, 7, "chart name \"../demo\" is invalid" } },
	{ "name differs from its directory", "apiVersion: v2\nname: web\nversion: 1.0.0\nicon: https://example.com/icon.png\n",
	  { "chart/name-directory", CC_SEV_WARNING, NULL, 2, 7,
	    "chart name \"web\" does not match its directory name \"demo\"" } },
	{ "name ..", "apiVersion: v2\nname: \"..\"\nversion: 1.0.0\nicon: https://example.com/icon.png\n",
	  { "chart/name", CC_SEV_ERROR, NULL, 2, 7,
	    "chart name \"..\" is not allowed; helm cannot load the chart" } },
	{ "no version", "apiVersion: v2\nname: demo\nicon: https://example.com/icon.png\n",
	  { "chart/version", CC_SEV_ERROR, NULL, 0, 0, "version is required" } },
	{ "four numbers", "apiVersion: v2\nname: demo\nversion: 1.2.3.4\nicon: https://example.com/icon.png\n",
	  { "chart/version", CC_SEV_ERROR, NULL, 3, 10, "version '1.2.3.4' is not a valid SemVer" } },
	{ "not a version", "apiVersion: v2\nname: demo\nversion: waps\nicon: https://example.com/icon.png\n",
	  { "chart/version", CC_SEV_ERROR, NULL, 3, 10, "version 'waps' is not a valid SemVer" } },
	{ "the float helm reads", "apiVersion: v2\nname: demo\nversion: 72445e2\nicon: https://example.com/icon.png\n",
	  { "chart/version", CC_SEV_ERROR, NULL, 3, 10, "version '7.2445e+06' is not a valid SemVer" } },
	{ "v0.0.0-0, shown canonical", "apiVersion: v2\nname: demo\nversion: v0.0.0-0\nicon: https://example.com/icon.png\n",
	  { "chart/version", CC_SEV_ERROR, NULL, 3, 10, "version 0.0.0-0 is less than or equal to 0.0.0-0" } },
	{ "two numbers", "apiVersion: v2\nname: demo\nversion: \"1.1\"\nicon: https://example.com/icon.png\n",
	  { "chart/version-semver2", CC_SEV_WARNING, NULL, 3, 10, "version '1.1' is not a valid SemVerV2" } },
	{ "no version, not SemVerV2", "apiVersion: v2\nname: demo\nicon: https://example.com/icon.png\n",
	  { "chart/version-semver2", CC_SEV_WARNING, NULL, 0, 0, "version '' is not a valid SemVerV2" } },
	{ "empty maintainer", HEAD "maintainers:\n  - ~\n",
	  { "chart/maintainer", CC_SEV_ERROR, NULL, 6, 5, "a maintainer entry is empty" } },
	{ "maintainer without name", HEAD "maintainers:\n  - email: test@test.com\n",
	  { "chart/maintainer", CC_SEV_ERROR, NULL, 6, 5, "each maintainer requires a name" } },
	{ "maintainer email", HEAD "maintainers:\n  - name: John Snow\n    email: wrongFormatEmail.com\n",
	  { "chart/maintainer", CC_SEV_ERROR, NULL, 7, 12,
	    "invalid email 'wrongFormatEmail.com' for maintainer 'John Snow'" } },
	{ "maintainer url", HEAD "maintainers:\n  - name: John Snow\n    url: git://winterfell.io\n",
	  { "chart/maintainer", CC_SEV_ERROR, NULL, 7, 10,
	    "invalid url 'git://winterfell.io' for maintainer 'John Snow'" } },
	{ "maintainer keys in any case", HEAD "maintainers:\n  - Name: John Snow\n    EMAIL: snow@\n",
	  { "chart/maintainer", CC_SEV_ERROR, NULL, 7, 12, "invalid email 'snow@' for maintainer 'John Snow'" } },
	{ "source without scheme", HEAD "sources:\n  - riverrun.io\n",
	  { "chart/source-url", CC_SEV_ERROR, NULL, 6, 5, "invalid source URL 'riverrun.io'" } },
	{ "empty source", HEAD "sources:\n  - \"\"\n",
	  { "chart/source-url", CC_SEV_ERROR, NULL, 6, 5, "invalid source URL ''" } },
	{ "null source", HEAD "sources:\n  - ~\n",
	  { "chart/source-url", CC_SEV_ERROR, NULL, 6, 5, "invalid source URL ''" } },
	{ "no icon", "apiVersion: v2\nname: demo\nversion: 1.0.0\n",
	  { "chart/icon", CC_SEV_INFO, NULL, 0, 0, "icon is recommended" } },
	{ "icon not a URL", "apiVersion: v2\nname: demo\nversion: 1.0.0\nicon: john@winterfell\n",
	  { "chart/icon-url", CC_SEV_ERROR, NULL, 4, 7, "invalid icon URL 'john@winterfell'" } },
	{ "icon with a NUL", "apiVersion: v2\nname: demo\nversion: 1.0.0\nicon: \"https://a.io/i.png\\0\"\n",
	  { "chart/icon-url", CC_SEV_ERROR, NULL, 4, 7, "invalid icon URL 'https://a.io/i.png'" } },
	{ "type in v1", "apiVersion: v1\nname: demo\nversion: 1.0.0\nicon: https://example.com/icon.png\ntype: application\n",
	  { "chart/type", CC_SEV_ERROR, NULL, 5, 7,
	    "chart type is not valid in apiVersion 'v1'. It is valid in apiVersion 'v2'" } },
	{ "type without apiVersion", "name: demo\nversion: 1.0.0\nicon: https://example.com/icon.png\ntype: library\n",
	  { "chart/type", CC_SEV_ERROR, NULL, 4, 7,
	    "chart type is not valid in apiVersion ''. It is valid in apiVersion 'v2'" } },
	{ "unknown type", HEAD "type: Library\n",
	  { "chart/type", CC_SEV_ERROR, NULL, 5, 7,
	    "chart type 'Library' is not valid: it must be application or library (helm cannot load the chart)" } },
	{ "dependencies in v1", "apiVersion: v1\nname: demo\nversion: 1.0.0\nicon: https://example.com/icon.png\n"
				"dependencies:\n  - name: x\n    version: 1.0.0\n",
	  { "chart/dependencies-api-version", CC_SEV_ERROR, NULL, 6, 3,
	    "dependencies are not valid in the Chart file with apiVersion 'v1'. They are valid in apiVersion 'v2'" } },
	{ "kubeVersion", HEAD "kubeVersion: \">= 1.2x\"\n",
	  { "chart/kube-version", CC_SEV_ERROR, NULL, 5, 14,
	    "kubeVersion '>= 1.2x' is not a valid constraint: constraint parser error; helm refuses to install the chart" } },
	{ "Helm 2 field", HEAD "engine: gotpl\n",
	  { "chart/unknown-field", CC_SEV_WARNING, NULL, 5, 1,
	    "unknown field \"engine\": helm ignores it (a misspelling?)" } },
	{ "deprecated", HEAD "deprecated: true\n",
	  { "chart/deprecated", CC_SEV_INFO, NULL, 5, 13,
	    "the chart is marked deprecated; helm warns everyone who installs it" } },
};

typedef struct near_miss {
	const char *what;
	const char *chart_yaml;
	const char *rule; /* must not be reported */
} near_miss;

static const near_miss chart_near_misses[] = {
	{ "apiVersion v1", "apiVersion: v1\nname: demo\nversion: 1.0.0\nicon: https://example.com/icon.png\n",
	  "chart/api-version" },
	{ "keys match in any case", "APIVersion: v2\nName: demo\nVersion: 1.0.0\nIcon: https://example.com/icon.png\n",
	  "chart/api-version" },
	{ "Name is name", "APIVersion: v2\nName: demo\nversion: 1.0.0\nicon: https://example.com/icon.png\n",
	  "chart/name" },
	{ "no name regex in helm 4.1", "apiVersion: v2\nname: Foo_Bar.v2\nversion: 1.0.0\nicon: https://example.com/icon.png\n",
	  "chart/name" },
	{ "build metadata", "apiVersion: v2\nname: demo\nversion: 0.0.1+build\nicon: https://example.com/icon.png\n",
	  "chart/version" },
	{ "prerelease", "apiVersion: v2\nname: demo\nversion: 0.0.1-beta\nicon: https://example.com/icon.png\n",
	  "chart/version-semver2" },
	{ "the smallest version above 0.0.0-0", "apiVersion: v2\nname: demo\nversion: 0.0.0-1\nicon: https://example.com/icon.png\n",
	  "chart/version" },
	{ "loose version", "apiVersion: v2\nname: demo\nversion: v1.2\nicon: https://example.com/icon.png\n",
	  "chart/version" },
	{ "maintainer name only", HEAD "maintainers:\n  - name: John Snow\n", "chart/maintainer" },
	{ "good maintainer", HEAD "maintainers:\n  - name: John Snow\n    email: john@winterfell.com\n"
			     "    url: https://winterfell.com/snow\n", "chart/maintainer" },
	{ "govalidator's odd e-mail", HEAD "maintainers:\n  - name: q\n    email: '\"a\"b\"@c.com'\n",
	  "chart/maintainer" },
	{ "a maintainer that is a string is a type error", HEAD "maintainers:\n  - John Snow\n", "chart/maintainer" },
	{ "source with fragment", HEAD "sources:\n  - https://app.example.com/settings#agent/kubernetes\n",
	  "chart/source-url" },
	{ "mailto source", HEAD "sources:\n  - mailto:x@y.com\n", "chart/source-url" },
	{ "icon present", HEAD, "chart/icon" },
	{ "icon with query", "apiVersion: v2\nname: demo\nversion: 1.0.0\nicon: https://x.io/i.svg?sanitize=true\n",
	  "chart/icon-url" },
	{ "library in v2", HEAD "type: library\n", "chart/type" },
	{ "dependencies in v2", HEAD "dependencies:\n  - name: x\n    version: 1.0.0\n",
	  "chart/dependencies-api-version" },
	{ "empty dependencies in v1", "apiVersion: v1\nname: demo\nversion: 1.0.0\nicon: https://example.com/icon.png\n"
				      "dependencies: []\n", "chart/dependencies-api-version" },
	{ "kubeVersion with prerelease", HEAD "kubeVersion: \">=1.23.0-0\"\n", "chart/kube-version" },
	{ "known field in another case", HEAD "AppVersion: \"1.0\"\nannotations:\n  x: y\n", "chart/unknown-field" },
	{ "not deprecated", HEAD "deprecated: false\n", "chart/deprecated" },
	{ "deprecated as a string is a type error", HEAD "deprecated: \"true\"\n", "chart/deprecated" },
};

static void run_chart_cases(const chart_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *d = chart_dir(cases[i].chart_yaml);
		cc_findings out = CC_FINDINGS_INIT;
		expect e = cases[i].e;
		if (!e.file)
			e.file = CHARTFILE;
		lint(d, &out);
		expect_one(&out, cases[i].what, &e);
		cleanup(d, &out);
	}
}

static void run_near_misses(const near_miss *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *d = chart_dir(cases[i].chart_yaml);
		cc_findings out = CC_FINDINGS_INIT;
		lint(d, &out);
		expect_none(&out, cases[i].what, cases[i].rule);
		cleanup(d, &out);
	}
}

static void test_chartfile_rules(void **state)
{
	(void)state;
	run_chart_cases(triggers, sizeof(triggers) / sizeof(triggers[0]));
}

static void test_chartfile_near_misses(void **state)
{
	(void)state;
	run_near_misses(chart_near_misses, sizeof(chart_near_misses) / sizeof(chart_near_misses[0]));
}

/* helm reports the first bad maintainer and source only; each one is reported here. */
static void test_every_bad_entry(void **state)
{
	(void)state;
	char *d = chart_dir(HEAD "maintainers:\n  - name: a\n    email: bad\n  - name: b\n    email: worse\n"
			    "sources:\n  - x.io\n  - y.io\n");
	cc_findings out = CC_FINDINGS_INIT;
	lint(d, &out);
	assert_int_equal(count(&out, "chart/maintainer"), 2);
	assert_int_equal(count(&out, "chart/source-url"), 2);
	cleanup(d, &out);
}

static void test_name_hint(void **state)
{
	(void)state;
	char *d = chart_dir("apiVersion: v2\nname: web/app\nversion: 1.0.0\nicon: https://example.com/icon.png\n");
	cc_findings out = CC_FINDINGS_INIT;
	expect e = { "chart/name", CC_SEV_ERROR, CHARTFILE, 2, 7, "chart name \"web/app\" is invalid" };
	lint(d, &out);
	const cc_finding *f = expect_one(&out, "name hint", &e);
	assert_non_null(f->hint);
	assert_non_null(strstr(f->hint, "must not contain \"/\""));
	assert_string_equal(f->chart, "demo");
	cleanup(d, &out);
}

/* The wrong type of type and a bad value are two problems; both are said. */
static void test_type_twice(void **state)
{
	(void)state;
	char *d = chart_dir("apiVersion: v1\nname: demo\nversion: 1.0.0\nicon: https://example.com/icon.png\ntype: foobar\n");
	cc_findings out = CC_FINDINGS_INIT;
	lint(d, &out);
	assert_int_equal(count(&out, "chart/type"), 2);
	cleanup(d, &out);
}

/* ---------------------------------------------------------------- dependencies */

#define DEPS HEAD "dependencies:\n"

static const chart_case dep_triggers[] = {
	{ "no name", DEPS "  - version: 1.0.0\n    repository: https://charts.example.com\n",
	  { "dependency/name", CC_SEV_ERROR, NULL, 6, 5, "a dependency has no name" } },
	{ "alias with a dot", DEPS "  - name: redis\n    alias: redis.cache\n",
	  { "dependency/alias", CC_SEV_ERROR, NULL, 7, 12,
	    "dependency \"redis\" has disallowed characters in the alias \"redis.cache\" (letters, digits, _ and - only)" } },
	{ "alias with a space", DEPS "  - name: redis\n    alias: \" bad\"\n",
	  { "dependency/alias", CC_SEV_ERROR, NULL, 7, 12,
	    "dependency \"redis\" has disallowed characters in the alias \" bad\" (letters, digits, _ and - only)" } },
	{ "version", DEPS "  - name: redis\n    version: \"~1.2.x.y\"\n",
	  { "dependency/version", CC_SEV_ERROR, NULL, 7, 14,
	    "dependency \"redis\": version \"~1.2.x.y\" is not a valid constraint: improper constraint: \"~1.2.x.y\"" } },
	{ "repository without scheme", DEPS "  - name: redis\n    repository: charts.example.com\n",
	  { "dependency/repository", CC_SEV_ERROR, NULL, 7, 17,
	    "dependency \"redis\": repository \"charts.example.com\" is neither a URL (https://, oci://, file:// "
	    "and the like) nor a repository name (@name or alias:name)" } },
	{ "repository name", DEPS "  - name: redis\n    repository: stable\n",
	  { "dependency/repository", CC_SEV_ERROR, NULL, 7, 17,
	    "dependency \"redis\": repository \"stable\" is neither a URL (https://, oci://, file:// "
	    "and the like) nor a repository name (@name or alias:name)" } },
	{ "space after the comma", DEPS "  - name: redis\n    condition: redis.enabled, cache.enabled\n",
	  { "dependency/condition", CC_SEV_WARNING, NULL, 7, 16,
	    "dependency \"redis\": condition path \" cache.enabled\" matches no plain values key: helm splits the "
	    "condition at commas and looks each path up as written, with its spaces and empty keys" } },
	{ "empty key in a path", DEPS "  - name: redis\n    condition: redis..enabled\n",
	  { "dependency/condition", CC_SEV_WARNING, NULL, 7, 16,
	    "dependency \"redis\": condition path \"redis..enabled\" matches no plain values key: helm splits the "
	    "condition at commas and looks each path up as written, with its spaces and empty keys" } },
	{ "tag with a space", DEPS "  - name: redis\n    tags:\n      - \"cache \"\n",
	  { "dependency/tags", CC_SEV_WARNING, NULL, 8, 9,
	    "tag \"cache \" matches no plain key under tags: in values: it is empty or has spaces at an end" } },
	{ "empty tag", DEPS "  - name: redis\n    tags: [\"\"]\n",
	  { "dependency/tags", CC_SEV_WARNING, NULL, 7, 12,
	    "tag \"\" matches no plain key under tags: in values: it is empty or has spaces at an end" } },
	{ "same name twice", DEPS "  - name: redis\n  - name: redis\n",
	  { "dependency/duplicate", CC_SEV_ERROR, NULL, 7, 5,
	    "more than one dependency with name or alias \"redis\" (also at line 6)" } },
	{ "alias shadows a name", DEPS "  - name: foo\n  - name: bar\n    alias: foo\n",
	  { "dependency/duplicate", CC_SEV_ERROR, NULL, 7, 5,
	    "more than one dependency with name or alias \"foo\" (also at line 6)" } },
	{ "same alias twice", DEPS "  - name: foo\n    alias: baz\n  - name: bar\n    alias: baz\n",
	  { "dependency/duplicate", CC_SEV_ERROR, NULL, 8, 5,
	    "more than one dependency with name or alias \"baz\" (also at line 6)" } },
};

static const near_miss dep_near_misses[] = {
	{ "Name is name", DEPS "  - Name: redis\n", "dependency/name" },
	{ "an empty entry is a type error", DEPS "  - ~\n", "dependency/name" },
	{ "aliases helm accepts", DEPS "  - name: a\n    alias: -okay\n  - name: b\n    alias: _okay\n"
				  "  - name: c\n    alias: \"\"\n", "dependency/alias" },
	{ "constraints", DEPS "  - name: a\n    version: \"~1.2\"\n  - name: b\n    version: \">=1.0 <2.0 || 3.x\"\n"
			 "  - name: c\n    version: 1.2.3\n", "dependency/version" },
	{ "repositories", DEPS "  - name: a\n    repository: https://charts.example.com\n"
			  "  - name: b\n    repository: oci://registry.example.com/charts\n"
			  "  - name: c\n    repository: file://../c\n  - name: d\n    repository: \"@stable\"\n"
			  "  - name: e\n    repository: alias:stable\n  - name: f\n    repository: \"\"\n"
			  "  - name: g\n    repository: s3://bucket/charts\n", "dependency/repository" },
	{ "conditions", DEPS "  - name: a\n    condition: a.enabled,global.a.enabled\n"
			"  - name: b\n    condition: \" b.enabled \"\n  - name: c\n    condition: c.enabled,\n"
			"  - name: d\n    condition: my key.enabled\n", "dependency/condition" },
	{ "tags", DEPS "  - name: a\n    tags: [front-end, a.b, \"two words\"]\n", "dependency/tags" },
	{ "distinct aliases", DEPS "  - name: redis\n    alias: cache\n  - name: redis\n    alias: queue\n",
	  "dependency/duplicate" },
};

static void test_dependency_rules(void **state)
{
	(void)state;
	run_chart_cases(dep_triggers, sizeof(dep_triggers) / sizeof(dep_triggers[0]));
}

static void test_dependency_near_misses(void **state)
{
	(void)state;
	run_near_misses(dep_near_misses, sizeof(dep_near_misses) / sizeof(dep_near_misses[0]));
}

static void write_subchart(const char *dir, const char *name, const char *chart_yaml)
{
	char *rel = cc_asprintf("charts/%s/Chart.yaml", name);
	tu_write(dir, rel, chart_yaml, (size_t)-1);
	free(rel);
}

static void test_charts_dir(void **state)
{
	(void)state;
	char *d = chart_dir(DEPS "  - name: redis\n    version: 1.x\n  - name: redis\n    alias: second\n"
				 "  - name: common\n    version: 1.x\n");
	cc_findings out = CC_FINDINGS_INIT;
	write_subchart(d, "common", "apiVersion: v2\nname: common\nversion: 1.2.0\n");
	write_subchart(d, "metrics", "apiVersion: v2\nname: metrics\nversion: 0.1.0\n");
	expect missing = { "dependency/missing", CC_SEV_WARNING, "demo/charts", 0, 0,
			   "chart directory is missing these dependencies: redis (run helm dependency build)" };
	expect undeclared = { "dependency/undeclared", CC_SEV_ERROR, "demo/charts", 0, 0,
			      "chart metadata is missing these dependencies: metrics" };
	lint(d, &out);
	expect_one(&out, "redis is declared and absent", &missing);
	expect_one(&out, "metrics is present and undeclared", &undeclared);
	cc_findings_free(&out);

	/* near miss: everything declared is there, everything there is declared */
	write_subchart(d, "redis", "apiVersion: v2\nname: redis\nversion: 1.0.0\n");
	tu_write(d, "Chart.yaml", DEPS "  - name: redis\n  - name: common\n  - name: metrics\n", (size_t)-1);
	lint(d, &out);
	expect_none(&out, "all present", "dependency/missing");
	expect_none(&out, "all declared", "dependency/undeclared");
	cleanup(d, &out);
}

/* A subchart without a name may be the declared one: nothing is called missing. */
static void test_unnamed_subchart(void **state)
{
	(void)state;
	char *d = chart_dir(DEPS "  - name: bad-subchart\n");
	cc_findings out = CC_FINDINGS_INIT;
	write_subchart(d, "bad-subchart", "apiVersion: v2\nversion: 0.1.0\n");
	lint(d, &out);
	expect_none(&out, "unnamed subchart", "dependency/missing");
	expect_none(&out, "unnamed subchart", "dependency/undeclared");
	cleanup(d, &out);
}

/* helm lets requirements.yaml replace Chart.yaml's list when it has one. */
static void test_requirements_yaml(void **state)
{
	(void)state;
	char *d = chart_dir("apiVersion: v1\nname: demo\nversion: 1.0.0\nicon: https://example.com/icon.png\n");
	cc_findings out = CC_FINDINGS_INIT;
	tu_write(d, "requirements.yaml", "dependencies:\n  - name: mariadb\n    repository: stable\n", (size_t)-1);
	expect repo = { "dependency/repository", CC_SEV_ERROR, "demo/requirements.yaml", 3, 17,
			"dependency \"mariadb\": repository \"stable\" is neither a URL (https://, oci://, file:// "
			"and the like) nor a repository name (@name or alias:name)" };
	expect missing = { "dependency/missing", CC_SEV_WARNING, "demo/charts", 0, 0,
			   "chart directory is missing these dependencies: mariadb (run helm dependency build)" };
	lint(d, &out);
	expect_one(&out, "v1 requirements", &repo);
	expect_one(&out, "v1 requirements", &missing);
	cc_findings_free(&out);

	/* a v2 chart's requirements.yaml without the key leaves Chart.yaml's list in force */
	tu_write(d, "Chart.yaml", DEPS "  - name: redis\n", (size_t)-1);
	tu_write(d, "requirements.yaml", "other: 1\n", (size_t)-1);
	missing.msg = "chart directory is missing these dependencies: redis (run helm dependency build)";
	lint(d, &out);
	expect_one(&out, "Chart.yaml's list", &missing);
	cleanup(d, &out);
}

/* Long lists are compared through sorted names, not pair by pair. */
static void test_many_dependencies(void **state)
{
	(void)state;
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, DEPS);
	for (int i = 0; i < 20000; i++)
		cc_buf_printf(&b, "  - name: d%d\n", i);
	cc_buf_puts(&b, "  - name: d0\n  - name: d19999\n    alias: d7\n");
	char *d = chart_dir(b.ptr);
	cc_findings out = CC_FINDINGS_INIT;
	write_subchart(d, "sub", "apiVersion: v2\nname: d1\nversion: 1.0.0\n");
	lint(d, &out);
	assert_int_equal(count(&out, "dependency/duplicate"), 2);
	for (size_t i = 0; i < out.n; i++) {
		const cc_finding *f = &out.v[i];
		if (!strcmp(f->rule, "dependency/missing"))
			assert_non_null(strstr(f->msg, "missing these dependencies: d0,d2,d3,"));
		if (!strcmp(f->rule, "dependency/duplicate") && strstr(f->msg, "\"d0\""))
			assert_int_equal(f->line, 20006);
	}
	assert_int_equal(count(&out, "dependency/missing"), 1);
	expect_none(&out, "d1 is in charts/", "dependency/undeclared");
	cc_buf_free(&b);
	cleanup(d, &out);
}

/* ---------------------------------------------------------------- crds/ */

static const char CRD[] = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
			  "metadata:\n  name: widgets.example.com\n";

typedef struct crd_case {
	const char *what;
	const char *file; /* under crds/ */
	const char *text;
	expect e;
} crd_case;

static const crd_case crd_triggers[] = {
	{ "not a CRD's group", "config.yaml", "apiVersion: v1\nkind: CustomResourceDefinition\n",
	  { "crd/api-version", CC_SEV_ERROR, "demo/crds/config.yaml", 1, 13,
	    "apiVersion is not in 'apiextensions.k8s.io'" } },
	{ "no apiVersion", "config.yaml", "kind: CustomResourceDefinition\n",
	  { "crd/api-version", CC_SEV_ERROR, "demo/crds/config.yaml", 1, 1,
	    "apiVersion is not in 'apiextensions.k8s.io'" } },
	{ "a ConfigMap", "config.yml", "apiVersion: apiextensions.k8s.io/v1\nkind: ConfigMap\n",
	  { "crd/kind", CC_SEV_ERROR, "demo/crds/config.yml", 2, 7, "object kind is not 'CustomResourceDefinition'" } },
	{ "second document", "two.YAML", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n---\n"
					 "apiVersion: apiextensions.k8s.io/v1\nkind: Secret\n",
	  { "crd/kind", CC_SEV_ERROR, "demo/crds/two.YAML", 5, 7, "object kind is not 'CustomResourceDefinition'" } },
	{ "broken YAML", "broken.yaml", "spec:\n  names: [\n",
	  { "crd/syntax", CC_SEV_ERROR, "demo/crds/broken.yaml", 3, 1,
	    "unable to parse YAML: did not find expected node content while parsing a flow node" } },
	{ "a template", "template.yaml", "{{ .Values.crd }}\n",
	  { "crd/syntax", CC_SEV_ERROR, "demo/crds/template.yaml", 1, 2,
	    "unable to parse YAML: a mapping key must be a scalar, not a mapping" } },
	{ "a list", "list.json", "[1, 2]\n",
	  { "crd/syntax", CC_SEV_ERROR, "demo/crds/list.json", 1, 1,
	    "unable to parse YAML: the document is a sequence; a CustomResourceDefinition is a mapping "
	    "with string apiVersion and kind" } },
	{ "kind as a mapping", "kind.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: {a: 1}\n",
	  { "crd/syntax", CC_SEV_ERROR, "demo/crds/kind.yaml", 2, 7,
	    "unable to parse YAML: kind is a mapping; a CustomResourceDefinition is a mapping "
	    "with string apiVersion and kind" } },
};

static const struct {
	const char *what, *file, *text;
} crd_near_misses[] = {
	{ "a CRD", "crd.yaml", CRD },
	{ "v1beta1", "old.yaml", "apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\n" },
	{ "keys in another case", "case.yaml", "APIVersion: apiextensions.k8s.io/v1\nKind: CustomResourceDefinition\n" },
	/* helm's TestCrdWithEmptyDocument */
	{ "comments before ---", "comments.yaml", "# Comments create empty document\n---\n"
						  "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n" },
	{ "JSON", "crd.json", "{\"apiVersion\": \"apiextensions.k8s.io/v1\", \"kind\": \"CustomResourceDefinition\"}\n" },
	{ "not YAML by its name", "README.md", "kind: Secret\n" },
};

static void test_crd_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(crd_triggers) / sizeof(crd_triggers[0]); i++) {
		char *d = chart_dir(HEAD);
		char *rel = cc_asprintf("crds/%s", crd_triggers[i].file);
		cc_findings out = CC_FINDINGS_INIT;
		tu_write(d, rel, crd_triggers[i].text, (size_t)-1);
		lint(d, &out);
		expect_one(&out, crd_triggers[i].what, &crd_triggers[i].e);
		free(rel);
		cleanup(d, &out);
	}
}

static void test_crd_near_misses(void **state)
{
	(void)state;
	char *d = chart_dir(HEAD);
	cc_findings out = CC_FINDINGS_INIT;
	tu_mkdirs(d, "crds");
	for (size_t i = 0; i < sizeof(crd_near_misses) / sizeof(crd_near_misses[0]); i++) {
		char *rel = cc_asprintf("crds/%s", crd_near_misses[i].file);
		tu_write(d, rel, crd_near_misses[i].text, (size_t)-1);
		free(rel);
	}
	lint(d, &out);
	if (out.n != 0) {
		dump(&out);
		fail_msg("good crds/ files: want no findings");
	}
	cleanup(d, &out);
}

static void test_crds_not_directory(void **state)
{
	(void)state;
	char *d = chart_dir(HEAD);
	cc_findings out = CC_FINDINGS_INIT;
	expect e = { "crd/not-directory", CC_SEV_ERROR, "demo/crds/", 0, 0, "not a directory" };
	tu_write(d, "crds", "apiVersion: v1\n", (size_t)-1);
	lint(d, &out);
	expect_one(&out, "crds is a file", &e);
	cleanup(d, &out);
}

/* helm checks its subcharts' crds/ too, once the parent has a crds/ directory. */
static void test_subchart_crds(void **state)
{
	(void)state;
	char *d = chart_dir(DEPS "  - name: sub\n");
	cc_findings out = CC_FINDINGS_INIT;
	expect e = { "crd/kind", CC_SEV_ERROR, "demo/charts/sub/crds/x.yaml", 2, 7,
		     "object kind is not 'CustomResourceDefinition'" };
	write_subchart(d, "sub", "apiVersion: v2\nname: sub\nversion: 1.0.0\n");
	tu_write(d, "charts/sub/crds/x.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: Role\n", (size_t)-1);
	lint(d, &out);
	expect_none(&out, "no crds/ in the parent", "crd/kind");
	cc_findings_free(&out);
	tu_write(d, "crds/crd.yaml", CRD, (size_t)-1);
	lint(d, &out);
	expect_one(&out, "subchart crds/", &e);
	cleanup(d, &out);
}

/* ---------------------------------------------------------------- layout */

static void test_templates_missing(void **state)
{
	(void)state;
	char *d = tu_mkdtemp();
	cc_findings out = CC_FINDINGS_INIT;
	expect none = { "chart/templates-missing", CC_SEV_WARNING, "demo/templates/", 0, 0, "directory does not exist" };
	expect file = { "chart/templates-missing", CC_SEV_ERROR, "demo/templates/", 0, 0, "not a directory" };
	tu_write(d, "Chart.yaml", HEAD, (size_t)-1);
	tu_write(d, "values.yaml", "a: 1\n", (size_t)-1);
	lint(d, &out);
	expect_one(&out, "no templates/", &none);
	cc_findings_free(&out);
	tu_write(d, "templates", "kind: x\n", (size_t)-1);
	lint(d, &out);
	expect_one(&out, "templates is a file", &file);
	cleanup(d, &out);

	d = chart_dir(HEAD);
	lint(d, &out);
	expect_none(&out, "templates/ present", "chart/templates-missing");
	cleanup(d, &out);
}

static void test_values_missing(void **state)
{
	(void)state;
	char *d = tu_mkdtemp();
	cc_findings out = CC_FINDINGS_INIT;
	expect e = { "values/missing", CC_SEV_INFO, "demo/values.yaml", 0, 0, "file does not exist" };
	tu_write(d, "Chart.yaml", HEAD, (size_t)-1);
	tu_mkdirs(d, "templates");
	lint(d, &out);
	expect_one(&out, "no values.yaml", &e);
	cc_findings_free(&out);
	/* helm looks on disk, whatever .helmignore says */
	tu_write(d, "values.yaml", "a: 1\n", (size_t)-1);
	tu_write(d, ".helmignore", "values.yaml\n", (size_t)-1);
	lint(d, &out);
	expect_none(&out, "ignored values.yaml", "values/missing");
	cleanup(d, &out);
}

/* ---------------------------------------------------------------- a clean chart */

/* A chart at the repository root lives in whatever directory the clone was given. */
static void test_name_directory_root(void **state)
{
	(void)state;
	char *d = chart_dir(HEAD);
	tu_write(d, "Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n", (size_t)-1);
	const char *shown[] = { ".", "" };
	for (size_t i = 0; i < 2; i++) {
		cc_chart *c = NULL;
		cc_linter *l = NULL;
		cc_findings out = CC_FINDINGS_INIT;
		cc_error err;
		assert_int_equal(cc_chart_load(&c, d, shown[i], NULL, &err), CC_OK);
		assert_int_equal(cc_linter_new(&l, NULL, &err), CC_OK);
		assert_int_equal(cc_linter_run(l, c, &out, &err), CC_OK);
		assert_int_equal(count(&out, "chart/name-directory"), 0);
		assert_int_equal(count(&out, "chart/icon"), 1); /* it was linted */
		cc_findings_free(&out);
		cc_linter_free(l);
		cc_chart_free(c);
	}
	tu_rmtree(d);
	free(d);
}

static void test_clean_chart(void **state)
{
	(void)state;
	char *d = chart_dir("apiVersion: v2\nname: demo\ndescription: A web server\ntype: application\n"
			    "version: 1.4.2\nappVersion: \"2.1.0\"\nkubeVersion: \">=1.23.0-0\"\n"
			    "home: https://example.com/web\nicon: https://example.com/web.png\n"
			    "sources:\n  - https://github.com/example/web\nkeywords: [web, http]\n"
			    "maintainers:\n  - name: Web Team\n    email: web@example.com\n    url: https://example.com/team\n"
			    "annotations:\n  category: Infrastructure\n"
			    "dependencies:\n  - name: common\n    version: 2.x.x\n    repository: oci://registry.example.com/charts\n"
			    "    condition: common.enabled,global.common.enabled\n    tags: [shared]\n"
			    "    alias: common-lib\n");
	cc_findings out = CC_FINDINGS_INIT;
	write_subchart(d, "common", "apiVersion: v2\nname: common\nversion: 2.3.1\ntype: library\n");
	tu_write(d, "templates/deployment.yaml", "kind: Deployment\n", (size_t)-1);
	tu_write(d, "crds/widgets.yaml", CRD, (size_t)-1);
	tu_write(d, "ci/default-values.yaml", "replicaCount: 2\n", (size_t)-1);
	lint(d, &out);
	if (out.n != 0) {
		dump(&out);
		fail_msg("a clean chart: want no findings");
	}
	cleanup(d, &out);
}

/* ---------------------------------------------------------------- validators */

/*
 * What helm v4.1.4 says of each value, set as a maintainer's email
 * (govalidator.IsEmail) and as the icon and a maintainer's url
 * (IsRequestURL and IsURL): `helm lint` on one chart per value.
 */
static const struct email_case {
	const char *s;
	int ok;
} email_cases[] = {
	{ "john@winterfell.com", 1 },
	{ "wrongFormatEmail.com", 0 },
	{ "a@b.c", 1 },
	{ "a@b", 0 },
	{ "a@b.c.", 1 },
	{ "a@b.c..", 0 },
	{ "a@b..c", 0 },
	{ "a@a..b.com", 1 },
	{ "a@-b.com", 0 },
	{ "a@b-.com", 0 },
	{ "a@b_c.com", 1 },
	{ "a@b.c-om", 1 },
	{ "a@b.co-", 0 },
	{ "a@b.c1", 0 },
	{ "a@b.1c", 0 },
	{ "a@1.com", 1 },
	{ "a.b@c.com", 1 },
	{ ".a@c.com", 0 },
	{ "a.@c.com", 0 },
	{ "a..b@c.com", 0 },
	{ "a+b@c.com", 1 },
	{ "a/b@c.com", 1 },
	{ "a b@c.com", 0 },
	{ "\"a b\"@c.com", 0 },
	{ "\"a\"b\"@c.com", 1 },
	{ "\"a\\\"b\"@c.com", 0 },
	{ "\"a(\"b\"@c.com", 0 },
	{ "\"\"@c.com", 0 },
	{ "a@b@c.com", 0 },
	{ "\"a@b\"@c.com", 0 },
	{ "\303\274n\303\257@ex.com", 1 },
	{ "a@\303\253x.com", 1 },
	{ "a@x.c\303\266m", 1 },
	{ "\360\237\230\200@x.com", 0 },
	{ "A@B.COM", 1 },
	{ "a@b.com ", 0 },
	{ " a@b.com", 0 },
	{ "a@[1.2.3.4]", 0 },
	{ "a@localhost", 0 },
	{ "user@sub.domain.co.uk", 1 },
	{ "a@b.c~d", 1 },
	{ "a@b~.com", 0 },
	{ "=?utf-8?q?x?=@a.com", 1 },
	{ "\"a\r\n b\"@c.com", 0 },
	{ "\"a\r\nb\"@c.com", 0 },
	{ "\"a \t b\"@x.com", 0 },
	{ "\"( \"@x.com", 1 },
	{ "a@b.com\n", 0 },
	{ "a@b.c_d", 1 },
	{ "a@b.c_", 0 },
	{ "a@.b.com", 0 },
	{ "a@b.com.", 1 },
	{ "{x}|~@a.io", 1 },
	{ "a@b-c.d-e.fg", 1 },
	{ "a@x\302\240y.com", 1 },
	{ "a@x\356\200\200.com", 0 },
	{ "\"a\\b\"@c.com", 0 },
	{ "\"a(\\b\"@c.com", 0 },
	{ "\"a  \r\n  \r\n b\"@c.com", 0 },
	{ "\"a \r\n\"@c.com", 0 },
	{ "\"\r\n \"@c.com", 0 },
	{ "a@b.c\302\240", 1 },
	{ "first.last@iana.org", 1 },
	{ "x@x.x.x", 1 },
	{ "mail@sub-domain.example.org", 1 },
};

static const struct url_case {
	const char *s;
	int url, request;
} url_cases[] = {
	{ "http://riverrun.io", 1, 1 },
	{ "https://riverrun.io", 1, 1 },
	{ "https://riverrun.io/blackfish", 1, 1 },
	{ "RiverRun", 0, 0 },
	{ "john@winterfell", 0, 0 },
	{ "riverrun.io", 1, 0 },
	{ "https://app.datadoghq.com/account/settings#agent/kubernetes", 1, 1 },
	{ "http://a.io#frag", 1, 0 },
	{ "http://a.io/#frag", 1, 1 },
	{ "http://", 0, 1 },
	{ "http:///x", 0, 1 },
	{ "http:x", 0, 1 },
	{ "mailto:x@y.com", 1, 1 },
	{ "HTTP://A.IO", 0, 1 },
	{ "git://github.com/x", 0, 1 },
	{ "git@github.com:x/y.git", 0, 0 },
	{ "ssh://git@github.com/x", 1, 1 },
	{ "oci://ghcr.io/x", 0, 1 },
	{ "s3://bucket/x", 0, 1 },
	{ "ftp://x.io", 1, 1 },
	{ "tcp://x.io:80", 1, 1 },
	{ "ws://x.io", 1, 1 },
	{ "wss://x.io", 1, 1 },
	{ "http://localhost", 1, 1 },
	{ "localhost", 0, 0 },
	{ "http://localhost:8080/x", 1, 1 },
	{ "http://127.0.0.1", 1, 1 },
	{ "http://0.0.0.0", 0, 1 },
	{ "http://224.0.0.1", 0, 1 },
	{ "http://10.0.0.1:80", 1, 1 },
	{ "http://256.1.1.1", 0, 1 },
	{ "http://[::1]", 1, 1 },
	{ "http://[::1]:80/x", 1, 1 },
	{ "http://[zz]", 0, 0 },
	{ "http://[::1", 0, 0 },
	{ "http://a_b.com", 1, 1 },
	{ "http://-a.com", 0, 1 },
	{ "http://a-.com", 0, 1 },
	{ "http://a--b.com", 1, 1 },
	{ "http://a---b.com", 1, 1 },
	{ "http://ex ample.com", 0, 0 },
	{ "http://exa%41mple.com", 0, 0 },
	{ "http://ex%zzample.com", 0, 0 },
	{ "http://example.com/%zz", 0, 0 },
	{ "http://example.com/?q=%zz", 1, 1 },
	{ "http://example.com/#%zz", 0, 0 },
	{ "http://user:pass@example.com", 1, 1 },
	{ "http://user@example.com", 1, 1 },
	{ "http://us er@example.com", 0, 0 },
	{ "http://ex<ample.com", 0, 1 },
	{ "http://a.io:abc", 0, 0 },
	{ "http://a.io:", 0, 1 },
	{ "http://a.io:123456", 0, 1 },
	{ "http://a:b:80", 0, 1 },
	{ "example.com", 1, 0 },
	{ "example.com:8080", 1, 1 },
	{ "www.example.com", 1, 0 },
	{ "example", 0, 0 },
	{ "example.com/path", 1, 0 },
	{ "//example.com", 0, 0 },
	{ ".example.com", 0, 0 },
	{ "http://.example.com", 0, 1 },
	{ "http://example.com.", 1, 1 },
	{ "http://example.com..", 0, 1 },
	{ "http://ex\303\244mple.com", 1, 1 },
	{ "http://example.c\303\266m", 1, 1 },
	{ "http://\344\276\213\345\255\220.\346\265\213\350\257\225", 1, 1 },
	{ "http://xn--fsq.com", 1, 1 },
	{ "http://example.c0m", 1, 1 },
	{ "http://example.123", 1, 1 },
	{ "http://1.2.3", 0, 1 },
	{ "http://example.com/path with space", 0, 1 },
	{ "abc", 0, 0 },
	{ "a.b", 0, 0 },
	{ "a.bc", 1, 0 },
	{ "ab.c", 1, 0 },
	{ "abcd", 0, 0 },
	{ "https://github.com/foo/bar", 1, 1 },
	{ "https://github.com/foo/bar.git", 1, 1 },
	{ "https://raw.githubusercontent.com/x/y/master/icon.png", 1, 1 },
	{ "https://x.io/a?b=c&d=e", 1, 1 },
	{ "https://x.io/a%20b", 1, 1 },
	{ "javascript:alert(1)", 0, 1 },
	{ "http://example.com\n", 0, 0 },
	{ "*", 0, 0 },
	{ "/relative/path", 0, 0 },
	{ "/a.png", 0, 0 },
	{ "http://a.b.c.d.example.com/x", 1, 1 },
	{ "https://www.example.com", 1, 1 },
	{ "www.example.com/x", 1, 0 },
	{ "http://a.io:80:80", 0, 1 },
	{ "http:/x.io", 0, 1 },
	{ "https://x.io/a b", 0, 1 },
	{ "https://x.io/a\"b", 1, 1 },
	{ "https://x.io/<b>", 1, 1 },
	{ "https://x.io:8443", 1, 1 },
	{ "https://x.io:99999", 1, 1 },
	{ "http://x.io?a", 1, 1 },
	{ "https://example.com/icon.svg?sanitize=true", 1, 1 },
	{ "data:image/png;base64,iVBORw0KGgo=", 0, 1 },
	{ "file:///tmp/x.png", 0, 1 },
	{ "https://[2001:db8::1]/x", 1, 1 },
	{ "https://example.com:/x", 0, 1 },
	{ "https://ex_ample.com", 1, 1 },
	{ "https://example.co_m", 0, 1 },
	{ "http://a.io/\303\251", 1, 1 },
	{ "http://\303\251.io", 1, 1 },
	{ "http://a.io%2f", 0, 0 },
	{ "http://a{b}.io", 0, 0 },
	{ "http://a|b.io", 0, 0 },
	{ "http://a\\b.io", 0, 0 },
	{ "http://a^b.io", 0, 0 },
	{ "http://a`b.io", 0, 0 },
	{ "http://a\"b.io", 0, 1 },
	{ "http://a>b.io", 0, 1 },
	{ "http://a!b.io", 0, 1 },
	{ "http://a*b.io", 0, 1 },
	{ "http://a.io/x#y#z", 1, 1 },
	{ "http://u@v@a.io", 1, 1 },
	{ "http://a@", 0, 1 },
	{ "https://ex.com/\360\237\230\200", 1, 1 },
	{ "http://\360\237\230\200.com", 0, 1 },
	{ "http://a.\360\237\230\200", 0, 1 },
	{ "http://a.io/x\ty", 0, 0 },
	{ "ab://x.io", 0, 1 },
	{ "1http://x.io", 0, 0 },
	{ "://x.io", 0, 0 },
	{ "a:b", 0, 1 },
	{ "http://www.a", 1, 1 },
	{ "http://www.", 1, 1 },
	{ "http://aa.b.c", 0, 1 },
	{ "http://a", 1, 1 },
	{ "http://1", 1, 1 },
	{ "http://1a", 1, 1 },
	{ "http://a1", 1, 1 },
	{ "http://1.com", 1, 1 },
	{ "http://a.1b", 0, 1 },
	{ "http://a-b-c.d-e.com", 1, 1 },
	{ "http://under_score.example.com", 1, 1 },
	{ "http://x_.com", 0, 1 },
	{ "http://_x.com", 0, 1 },
	{ "http://a.b_c.com", 0, 1 },
	{ "http://ab_cd.ef.com", 1, 1 },
	{ "http://example.com:0", 1, 1 },
	{ "http://example.com.:80", 1, 1 },
	{ "http://example..com", 0, 1 },
	{ "http://..", 0, 1 },
	{ "http://a..b", 0, 1 },
	{ "http://1.1.1.1.1", 0, 1 },
	{ "http://01.1.1.1", 0, 1 },
	{ "http://1.01.1.1", 1, 1 },
	{ "http://1.1.1.01", 1, 1 },
	{ "http://1.1.1.256", 0, 1 },
	{ "http://1.1.1.255", 1, 1 },
	{ "http://223.1.1.1", 1, 1 },
	{ "http://240.1.1.1", 1, 1 },
	{ "http://[fe80::1%25en0]", 1, 1 },
	{ "http://[1.2.3.4]", 0, 0 },
	{ "http://user:@x.io", 1, 1 },
	{ "http://:pw@x.io", 1, 1 },
	{ "http://@x.io", 1, 1 },
	{ "http://x.io@", 0, 1 },
	{ "https://x.io/?q=a b", 0, 1 },
	{ "tcp//x.io", 1, 0 },
	{ "http//x.io", 1, 0 },
	{ "http://[::1%25en0]", 0, 1 },
	{ "http://[::1%25]", 0, 0 },
	{ "http://[fe80::1%25en%200]", 0, 1 },
	{ "http://[::ffff:1.2.3.4]/x", 1, 1 },
	{ "http://a[::1]", 0, 0 },
	{ "http://[::1]:80:80", 0, 0 },
	{ "http://[::1]x", 0, 0 },
	{ "http://[1:2:3:4:5:6:7:8]", 1, 1 },
	{ "http://[1::2::3]", 0, 0 },
	{ "http://[v1.x]", 0, 0 },
	{ "https://[2001:db8::1]:8443/x", 1, 1 },
	{ "http://[::1.2.3.4]", 1, 1 },
	{ "[1.2.3.4][fe80::1%25en0][v1.x]", 0, 0 },
	{ "[1:2:3:4:5:6:7:8][fe80:::::%25x]https://%41@", 0, 0 },
	{ "[::ffff:1.2.3.4]:80", 1, 0 },
	{ "[http://[1.2.3.4]:[/", 0, 0 },
	{ "http://[fe80::1%25]", 0, 0 },
	{ "http://[v1.x]", 0, 0 },
	{ "[FE80::1%25x][::1.2.3.4]@https://[fe80::1%25]", 0, 0 },
	{ "[1.2.3.4][::1.2.3.4][FE80::1%25x]:a", 0, 0 },
	{ "[::1%25a%20b]?[%c3%a9[::ffff:1.2.3.4]", 0, 0 },
	{ "http://[fe80::1%25]#[1::2::3][1::2::3]:", 0, 0 },
	{ "@[::ffff:1.2.3.4]b.io", 0, 0 },
	{ ".b.io:80:/[fe80::1%25]", 0, 0 },
	{ "[fe80:::::%25x]?b.io", 0, 0 },
	{ "[fe80::1%25]?[::1%25a%2fb]", 0, 0 },
	{ "http://b.io#@x[::1%25a%2fb]", 1, 0 },
	{ "[1:2:3:4:5:6:7:8][1:2:3:4:5:6:7::][1.2.3.4]", 0, 0 },
	{ "a[1:2:3:4:5:6:7::][::ffff:1.2.3.4]", 0, 0 },
	{ "[fe80::1%25en0]./", 0, 0 },
	{ "[fe80:::::%25x]#", 0, 0 },
	{ "?[::1%25a%20b]https://.", 0, 0 },
	{ "https://[::1][FE80::1%25x]", 0, 0 },
	{ "[fe80::1%25]b.io", 0, 0 },
	{ "http:///1:2:3:4:5:6:7:8[fe80::1%25]", 0, 1 },
	{ "[::1%25a%20b]a[1.2.3.4][FE80::1%25x]", 0, 0 },
	{ "b.iohttp://[fe80:::::%25x]:a%41[FE80::1%25x]", 0, 0 },
	{ "http://[fe80::1%25%c3%a9]", 0, 0 },
	{ "http://[fe80::1%25\303\251]", 0, 1 },
	{ "http://[fe80::1%25%41]", 0, 1 },
	{ "http://[fe80::1%25%2f]", 0, 0 },
	{ "http://[fe80::1%25a%20b]", 0, 1 },
};

static void test_is_email(void **state)
{
	(void)state;
	cc_lint_patterns *p = cc_lint_patterns_new();
	for (size_t i = 0; i < sizeof(email_cases) / sizeof(email_cases[0]); i++)
		if (cc_lint_is_email(p, email_cases[i].s) != email_cases[i].ok)
			fail_msg("IsEmail(\"%s\"): helm says %d", email_cases[i].s, email_cases[i].ok);
	cc_lint_patterns_free(p);
}

static void test_is_url(void **state)
{
	(void)state;
	cc_lint_patterns *p = cc_lint_patterns_new();
	for (size_t i = 0; i < sizeof(url_cases) / sizeof(url_cases[0]); i++)
		if (cc_lint_is_url(p, url_cases[i].s) != url_cases[i].url)
			fail_msg("IsURL(\"%s\"): helm says %d", url_cases[i].s, url_cases[i].url);
	cc_lint_patterns_free(p);
}

static void test_is_request_url(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(url_cases) / sizeof(url_cases[0]); i++)
		if (cc_lint_is_request_url(url_cases[i].s) != url_cases[i].request)
			fail_msg("IsRequestURL(\"%s\"): helm says %d", url_cases[i].s, url_cases[i].request);
}

/* The matcher runs in linear time: nested repetitions must not backtrack forever. */
static void test_validators_hostile(void **state)
{
	(void)state;
	cc_lint_patterns *p = cc_lint_patterns_new();
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "\"");
	for (int i = 0; i < 20000; i++)
		cc_buf_puts(&b, "\"( ");
	cc_buf_puts(&b, "x@y");
	assert_false(cc_lint_is_email(p, b.ptr));
	b.len = 0;
	cc_buf_puts(&b, "http://");
	for (int i = 0; i < 1000; i++)
		cc_buf_puts(&b, "a-a.");
	cc_buf_puts(&b, "!");
	assert_false(cc_lint_is_url(p, b.ptr));
	b.len = 0;
	for (int i = 0; i < 100000; i++)
		cc_buf_puts(&b, "a.");
	cc_buf_puts(&b, "@a.a");
	assert_false(cc_lint_is_email(p, b.ptr));
	cc_buf_free(&b);
	cc_lint_patterns_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chartfile_rules),
		cmocka_unit_test(test_chartfile_near_misses),
		cmocka_unit_test(test_every_bad_entry),
		cmocka_unit_test(test_name_hint),
		cmocka_unit_test(test_type_twice),
		cmocka_unit_test(test_dependency_rules),
		cmocka_unit_test(test_dependency_near_misses),
		cmocka_unit_test(test_charts_dir),
		cmocka_unit_test(test_unnamed_subchart),
		cmocka_unit_test(test_requirements_yaml),
		cmocka_unit_test(test_many_dependencies),
		cmocka_unit_test(test_crd_rules),
		cmocka_unit_test(test_crd_near_misses),
		cmocka_unit_test(test_crds_not_directory),
		cmocka_unit_test(test_subchart_crds),
		cmocka_unit_test(test_templates_missing),
		cmocka_unit_test(test_values_missing),
		cmocka_unit_test(test_clean_chart),
		cmocka_unit_test(test_name_directory_root),
		cmocka_unit_test(test_is_email),
		cmocka_unit_test(test_is_url),
		cmocka_unit_test(test_is_request_url),
		cmocka_unit_test(test_validators_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
