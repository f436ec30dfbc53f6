/*
 * Unit tests for src/changes: each kind of change and the level it
 * demands, on snapshots built here.
 */
#include "testutil.h"
#include "changes/changes.h"

#include <string.h>

static void snap(cc_chart_snapshot *s, const char *values, const char *schema, const char *files, const char *deps,
		 const char *api)
{
	memset(s, 0, sizeof(*s));
	s->values = values ? json_loads(values, 0, NULL) : NULL;
	s->schema = schema ? json_loads(schema, 0, NULL) : NULL;
	char *f = cc_strdup(files ? files : "");
	for (char *t = strtok(f, " "); t; t = strtok(NULL, " "))
		cc_strvec_push(&s->files, t);
	free(f);
	char *d = cc_strdup(deps ? deps : "");
	for (char *t = strtok(d, " "); t; t = strtok(NULL, " "))
		cc_strvec_push(&s->dependencies, t);
	free(d);
	s->api_version = api;
}

/* The changes between two snapshots, as "level:what" joined by "; ". */
static char *diff(const char *ov, const char *nv, const char *os, const char *ns, const char *of, const char *nf,
		  const char *od, const char *nd, const char *oa, const char *na, int *level)
{
	cc_chart_snapshot a, b;
	snap(&a, ov, os, of, od, oa);
	snap(&b, nv, ns, nf, nd, na);
	cc_changes c;
	cc_changes_compare(&a, &b, &c);
	*level = cc_changes_level(&c);
	cc_buf out = CC_BUF_INIT;
	for (size_t i = 0; i < c.n; i++)
		cc_buf_printf(&out, "%s%d:%s", i ? "; " : "", c.v[i].level, c.v[i].what);
	cc_changes_free(&c);
	cc_chart_snapshot_free(&a);
	cc_chart_snapshot_free(&b);
	return out.ptr ? cc_buf_detach(&out) : cc_strdup("");
}

#define V(o, n) diff(o, n, NULL, NULL, NULL, NULL, NULL, NULL, "v2", "v2", &level)

static void test_values(void **state)
{
	(void)state;
	int level;
	char *s = V("{\"a\": 1, \"b\": {\"c\": \"x\", \"d\": [1]}}", "{\"a\": 2.5, \"b\": {\"c\": \"y\", \"d\": [1, 2]}}");
	assert_string_equal(s, "");
	assert_int_equal(level, CC_CHANGE_PATCH);
	free(s);
	s = V("{\"a\": 1, \"b\": {\"c\": \"x\"}}", "{\"a\": \"1\", \"b\": {}, \"e\": null}");
	assert_string_equal(s, "3:values key a changed from a number to a string; 3:values key b.c removed; 2:values key e added");
	assert_int_equal(level, CC_CHANGE_MAJOR);
	free(s);
	s = V("{\"a\": null, \"b\": {\"x\": 1}}", "{\"a\": {\"set\": true}, \"b\": [1]}");
	assert_string_equal(s, "3:values key b changed from a map to a list");
	free(s);
	s = V(NULL, "{\"new\": 1}");
	assert_string_equal(s, "2:values key new added");
	assert_int_equal(level, CC_CHANGE_MINOR);
	free(s);
}

static void test_schema_files_deps(void **state)
{
	(void)state;
	int level;
	char *s = diff(NULL, NULL, "{\"required\": [\"a\"], \"properties\": {\"b\": {\"required\": [\"x\"]}}}",
		       "{\"required\": [\"a\", \"c\"], \"properties\": {\"b\": {\"required\": [\"x\", \"y\"]}}}", NULL, NULL,
		       NULL, NULL, "v2", "v2", &level);
	assert_string_equal(s, "3:values.schema.json now requires c; 3:values.schema.json now requires b.y");
	free(s);
	s = diff(NULL, NULL, NULL, "{\"required\": [\"a\"]}", NULL, NULL, NULL, NULL, "v2", "v2", &level);
	assert_string_equal(s, "3:values.schema.json now requires a");
	free(s);
	s = diff(NULL, NULL, NULL, NULL, "templates/a.yaml crds/c.yaml", "templates/a.yaml templates/b.yaml", "redis pg",
		 "pg cache", "v1", "v2", &level);
	assert_string_equal(s, "3:apiVersion changed from v1 to v2; 3:file crds/c.yaml removed; 2:file templates/b.yaml "
			       "added; 3:dependency redis removed; 2:dependency cache added");
	assert_int_equal(level, CC_CHANGE_MAJOR);
	free(s);
}

static void test_locked(void **state)
{
	(void)state;
	cc_chart_snapshot a, b;
	snap(&a, NULL, NULL, NULL, "redis pg", "v2");
	snap(&b, NULL, NULL, NULL, "redis pg", "v2");
	cc_strvec_push(&a.locked, "redis 17.3.2");
	cc_strvec_push(&a.locked, "pg 12.1.0");
	cc_strvec_push(&b.locked, "redis 18.0.1");
	cc_strvec_push(&b.locked, "pg 12.9.9");
	cc_changes c;
	cc_changes_compare(&a, &b, &c);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.v[0].level, CC_CHANGE_MAJOR);
	assert_string_equal(c.v[0].what, "dependency redis locked at 18.0.1, was 17.3.2");
	cc_changes_free(&c);
	cc_chart_snapshot_free(&a);
	cc_chart_snapshot_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_schema_files_deps),
		cmocka_unit_test(test_locked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
