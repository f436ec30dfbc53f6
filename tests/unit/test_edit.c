/*
 * Unit tests for src/edit (scalars replaced in place, lines added) and
 * src/bump (a chart's next version in its own Chart.yaml): each checks the
 * exact bytes, since keeping every other byte is the point.
 */
#include "testutil.h"
#include "bump/bump.h"
#include "edit/edit.h"

#include <string.h>

/* text with the scalar at key `key` (top level) set to value. */
static char *replace(const char *text, const char *key, const char *value, int *rc)
{
	cc_yaml_doc *doc = NULL;
	cc_error err;
	assert_int_equal(cc_yaml_load(&doc, text, strlen(text), "t.yaml", NULL, &err), CC_OK);
	cc_edit e = { .node = cc_yaml_map_get(cc_yaml_doc_root(doc), key), .value = value };
	cc_buf out = CC_BUF_INIT;
	*rc = cc_edit_apply(text, strlen(text), "t.yaml", &e, 1, &out, &err);
	cc_yaml_doc_free(doc);
	return *rc == CC_OK ? cc_buf_detach(&out) : (cc_buf_free(&out), NULL);
}

static void expect(const char *text, const char *key, const char *value, const char *want)
{
	int rc;
	char *got = replace(text, key, value, &rc);
	assert_int_equal(rc, CC_OK);
	assert_string_equal(got, want);
	free(got);
}

static void test_styles(void **state)
{
	(void)state;
	expect("a: 1.2.3 # c\nb: x\n", "a", "1.3.0", "a: 1.3.0 # c\nb: x\n");
	expect("a: '1.2'\n", "a", "it's", "a: 'it''s'\n");
	expect("a: \"x\"\n", "a", "say \"hi\" \\o/", "a: \"say \\\"hi\\\" \\\\o/\"\n");
	/* plain values that would read as something else are quoted */
	expect("a: latest\n", "a", "1.10", "a: \"1.10\"\n");
	expect("a: latest\n", "a", "true", "a: \"true\"\n");
	expect("a: latest\n", "a", "x: y", "a: \"x: y\"\n");
	expect("a: latest\n", "a", "#x", "a: \"#x\"\n");
	expect("a: latest\n", "a", "", "a: \"\"\n");
	expect("{a: 1.0.0, b: 2}\n", "a", "1.1.0", "{a: 1.1.0, b: 2}\n");
	int rc;
	assert_null(replace("a: |\n  1.0.0\n", "a", "2", &rc));
	assert_int_equal(rc, CC_EINVALID);
	assert_null(replace("a: \"1.0\n  .0\"\n", "a", "2", &rc));
	assert_int_equal(rc, CC_EINVALID);
	/* an anchor would change its aliases too; a tag would stay on the new text; an empty value has no span */
	assert_null(replace("a: &v 1.0.0\nb: *v\n", "a", "2.0.0", &rc));
	assert_int_equal(rc, CC_EINVALID);
	assert_null(replace("a: !!str 1.0.0\n", "a", "2.0.0", &rc));
	assert_int_equal(rc, CC_EINVALID);
	assert_null(replace("a:\nb: 1\n", "a", "2.0.0", &rc));
	assert_int_equal(rc, CC_EINVALID);
	/* a tab on a blank line reads after a plain value, not after a quoted one: refused, not broken */
	assert_null(replace("a: x\n \t\nb: 1\n", "a", "1.10", &rc));
	assert_int_equal(rc, CC_EINVALID);
}

static void test_insert(void **state)
{
	(void)state;
	const char *texts[] = { "name: x\nversion: 1.0.0 # v\nkeep: 1\n", "name: x\r\nversion: 1.0.0\r\n",
				"  name: x\n  version: 1.0.0", "{name: x, version: 1.0.0}\n" };
	const char *want[] = { "name: x\nversion: 1.0.0 # v\nappVersion: \"2.0\"\nkeep: 1\n",
			       "name: x\r\nversion: 1.0.0\r\nappVersion: \"2.0\"\r\n",
			       "  name: x\n  version: 1.0.0\n  appVersion: \"2.0\"\n", NULL };
	for (size_t i = 0; i < 4; i++) {
		cc_yaml_doc *doc = NULL;
		cc_error err;
		assert_int_equal(cc_yaml_load(&doc, texts[i], strlen(texts[i]), "t.yaml", NULL, &err), CC_OK);
		const cc_yaml_node *root = cc_yaml_doc_root(doc);
		cc_edit e = { .after = &root->pairs[1], .key = "appVersion", .value = "2.0" };
		cc_buf out = CC_BUF_INIT;
		int rc = cc_edit_apply(texts[i], strlen(texts[i]), "t.yaml", &e, 1, &out, &err);
		if (want[i]) {
			assert_int_equal(rc, CC_OK);
			assert_string_equal(out.ptr, want[i]);
		} else {
			assert_int_equal(rc, CC_EINVALID);
			assert_int_equal(out.len, 0);
		}
		cc_buf_free(&out);
		cc_yaml_doc_free(doc);
	}
}

static void test_overlap(void **state)
{
	(void)state;
	const char *t = "a: 1\n";
	cc_yaml_doc *doc = NULL;
	cc_error err;
	assert_int_equal(cc_yaml_load(&doc, t, strlen(t), "t.yaml", NULL, &err), CC_OK);
	const cc_yaml_node *a = cc_yaml_map_get(cc_yaml_doc_root(doc), "a");
	cc_edit e[2] = { { .node = a, .value = "2" }, { .node = a, .value = "3" } };
	cc_buf out = CC_BUF_INIT;
	assert_int_equal(cc_edit_apply(t, strlen(t), "t.yaml", e, 2, &out, &err), CC_EINVALID);
	assert_int_equal(out.len, 0);
	cc_buf_free(&out);
	cc_yaml_doc_free(doc);
}

static char *bump(const char *chart_yaml, const cc_bump_opts *o, int *rc, cc_bump_result *r)
{
	char *dir = tu_mkdtemp();
	tu_write(dir, "Chart.yaml", chart_yaml, (size_t)-1);
	char *path = cc_path_join(dir, "Chart.yaml");
	cc_error err;
	*rc = cc_bump_chartfile(path, o, r, &err);
	char *text = *rc == CC_OK ? cc_strdup(r->text.ptr) : NULL;
	char *on_disk = tu_slurp(path, NULL);
	assert_string_equal(on_disk, chart_yaml); /* the file itself is never written */
	free(on_disk);
	free(path);
	tu_rmtree(dir);
	free(dir);
	return text;
}

static void test_bump(void **state)
{
	(void)state;
	cc_bump_opts minor = { .part = CC_BUMP_MINOR };
	cc_bump_result r;
	int rc;
	char *t = bump("apiVersion: v2\nname: a\nVersion: 1.2.3\n", &minor, &rc, &r);
	assert_int_equal(rc, CC_OK); /* helm matches JSON field names case-insensitively */
	assert_string_equal(t, "apiVersion: v2\nname: a\nVersion: 1.3.0\n");
	assert_string_equal(r.old_version, "1.2.3");
	assert_string_equal(r.new_version, "1.3.0");
	cc_bump_result_free(&r);
	free(t);
	t = bump("apiVersion: v2\nname: a\nversion: v1.2.3+build.4\n", &minor, &rc, &r);
	assert_string_equal(t, "apiVersion: v2\nname: a\nversion: v1.3.0\n");
	cc_bump_result_free(&r);
	free(t);
	cc_bump_opts fin = { .finalize = 1 };
	assert_null(bump("apiVersion: v2\nname: a\nversion: 1.0.0\n", &fin, &rc, &r));
	assert_int_not_equal(rc, CC_OK);
	assert_null(bump("apiVersion: v2\nname: a\n", &minor, &rc, &r));
	assert_int_equal(rc, CC_EINVALID);
	assert_null(bump("- a\n", &minor, &rc, &r));
	assert_int_equal(rc, CC_EINVALID);
	cc_bump_opts app = { .part = CC_BUMP_PATCH, .app_version = "2.0.0" };
	t = bump("# c\nname: a\nversion: 0.1.0\nappVersion: 1.0.0 # old\n", &app, &rc, &r);
	assert_string_equal(t, "# c\nname: a\nversion: 0.1.1\nappVersion: 2.0.0 # old\n");
	assert_string_equal(r.old_app_version, "1.0.0");
	cc_bump_result_free(&r);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_styles),
		cmocka_unit_test(test_insert),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_bump),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
