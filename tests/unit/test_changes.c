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

#define S(o, n) diff(NULL, NULL, o, n, NULL, NULL, NULL, NULL, "v2", "v2", &level)

static void test_schema_tightened(void **state)
{
	(void)state;
	int level;
	/* type narrowed, integer within number, a widened type and an unchanged one are not breaking */
	char *s = S("{\"properties\": {\"a\": {\"type\": [\"string\", \"integer\"]}, \"b\": {\"type\": \"number\"}, "
		    "\"c\": {\"type\": \"integer\"}, \"d\": {}}}",
		    "{\"properties\": {\"a\": {\"type\": \"string\"}, \"b\": {\"type\": \"integer\"}, "
		    "\"c\": {\"type\": \"number\"}, \"d\": {\"type\": \"object\"}}}");
	assert_string_equal(s, "3:values.schema.json narrows the type of a from [\"string\",\"integer\"] to \"string\"; "
			       "3:values.schema.json narrows the type of b from \"number\" to \"integer\"; "
			       "3:values.schema.json narrows the type of d from any type to \"object\"");
	assert_int_equal(level, CC_CHANGE_MAJOR);
	free(s);
	/* enums: a value dropped, an enum added; a value added is fine */
	s = S("{\"properties\": {\"p\": {\"enum\": [\"Always\", \"Never\"]}, \"q\": {}, \"r\": {\"enum\": [1]}}}",
	      "{\"properties\": {\"p\": {\"enum\": [\"Always\"]}, \"q\": {\"enum\": [\"x\"]}, \"r\": {\"enum\": [1, 2]}}}");
	assert_string_equal(s, "3:values.schema.json no longer allows \"Never\" for p; 3:values.schema.json limits q to an enum");
	free(s);
	/* bounds, pattern, const, additionalProperties; loosened ones are not breaking */
	s = S("{\"minimum\": 1, \"maxLength\": 10, \"properties\": {\"x\": {\"maximum\": 5, \"pattern\": \"^a\"}}}",
	      "{\"minimum\": 2, \"maxLength\": 20, \"additionalProperties\": false, "
	      "\"properties\": {\"x\": {\"maximum\": 9, \"pattern\": \"^b\", \"const\": 3}}}");
	assert_string_equal(s, "3:values.schema.json forbids other keys in the values; "
			       "3:values.schema.json sets minimum of the values to 2 (stricter than before); "
			       "3:values.schema.json fixes x to a const; 3:values.schema.json changes the pattern of x");
	free(s);
	/* a new optional property is a feature, a new required one breaking; items are compared too */
	s = S("{\"properties\": {\"list\": {\"items\": {\"type\": [\"string\", \"null\"]}}}}",
	      "{\"required\": [\"must\"], \"properties\": {\"list\": {\"items\": {\"type\": \"string\"}}, "
	      "\"opt\": {\"type\": \"string\"}, \"must\": {}}}");
	assert_string_equal(s, "3:values.schema.json now requires must; "
			       "3:values.schema.json narrows the type of list[] from [\"string\",\"null\"] to \"string\"; "
			       "2:values.schema.json adds the optional property opt");
	free(s);
	/* a schema written for the first time restricts nothing users relied on, but what it requires */
	s = S(NULL, "{\"type\": \"object\", \"properties\": {\"a\": {\"enum\": [1]}}}");
	assert_string_equal(s, "");
	assert_int_equal(level, CC_CHANGE_PATCH);
	free(s);
}

/* The change kubeVersion old -> now makes, "" when none. */
static char *kube(const char *old, const char *now)
{
	cc_chart_snapshot a, b;
	snap(&a, NULL, NULL, NULL, NULL, "v2");
	snap(&b, NULL, NULL, NULL, NULL, "v2");
	a.kube_version = old;
	b.kube_version = now;
	cc_changes c;
	cc_changes_compare(&a, &b, &c);
	char *r = cc_strdup(c.n ? c.v[0].what : "");
	assert_true(c.n <= 1);
	cc_changes_free(&c);
	cc_chart_snapshot_free(&a);
	cc_chart_snapshot_free(&b);
	return r;
}

static void test_kube_version(void **state)
{
	(void)state;
	char *s = kube(">=1.19.0-0", ">=1.25.0-0");
	assert_string_equal(s, "kubeVersion narrowed from \">=1.19.0-0\" to \">=1.25.0-0\" (Kubernetes 1.19.0 no longer allowed)");
	free(s);
	s = kube(">=1.19.0-0", ">=1.19.0");  /* vendor builds (prereleases) no longer match */
	assert_string_equal(s, "kubeVersion narrowed from \">=1.19.0-0\" to \">=1.19.0\" (Kubernetes 1.19.0-eks-1 no longer allowed)");
	free(s);
	s = kube(NULL, "<1.30.0-0");
	assert_string_equal(s, "kubeVersion narrowed from \"any\" to \"<1.30.0-0\" (Kubernetes 1.30.0 no longer allowed)");
	free(s);
	/* widened, rewritten, removed, unparseable: nothing */
	const char *same[][2] = { { ">=1.25.0-0", ">=1.19.0-0" }, { ">=1.25", ">= 1.25.0" }, { ">=1.25.0", NULL },
				  { ">=1.25.0", "not a range" }, { "", "" } };
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		s = kube(same[i][0], same[i][1]);
		assert_string_equal(s, "");
		free(s);
	}
}

/* Positions: what was added is located in the new document, what was removed in the old. */
static void test_positions(void **state)
{
	(void)state;
	cc_yaml_doc *ov = NULL, *nv = NULL;
	cc_error err;
	const char *o = "image:\n  tag: x\n  pull: Always\n", *n = "# c\nimage:\n  tag: 1\nextra: {}\n";
	assert_int_equal(cc_yaml_load(&ov, o, strlen(o), "old/values.yaml", NULL, &err), CC_OK);
	assert_int_equal(cc_yaml_load(&nv, n, strlen(n), "new/values.yaml", NULL, &err), CC_OK);
	cc_chart_snapshot a, b;
	snap(&a, "{\"image\": {\"tag\": \"x\", \"pull\": \"Always\"}}", NULL, "templates/a.yaml", NULL, "v2");
	snap(&b, "{\"image\": {\"tag\": 1}, \"extra\": {}}", NULL, NULL, NULL, "v2");
	a.values_doc = ov;
	b.values_doc = nv;
	a.dir = "charts/x";
	cc_changes c;
	cc_changes_compare(&a, &b, &c);
	const char *want[] = { "at new/values.yaml:3:3", "was at old/values.yaml:3:3", "at new/values.yaml:4:1",
			       "was at charts/x/templates/a.yaml" };
	assert_int_equal(c.n, 4);
	for (size_t i = 0; i < c.n; i++) {
		char *w = cc_change_where(&c.v[i]);
		assert_string_equal(w, want[i]);
		free(w);
	}
	cc_changes_free(&c);
	cc_chart_snapshot_free(&a);
	cc_chart_snapshot_free(&b);
	cc_yaml_doc_free(ov);
	cc_yaml_doc_free(nv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_schema_files_deps),
		cmocka_unit_test(test_locked),
		cmocka_unit_test(test_schema_tightened),
		cmocka_unit_test(test_kube_version),
		cmocka_unit_test(test_positions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
