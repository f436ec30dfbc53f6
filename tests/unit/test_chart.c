/*
 * Unit tests for src/chart: loading (helm's classification and package
 * order, v1/v2 rules, subcharts), Chart.yaml structure checks, and walking.
 */
#include "testutil.h"
#include "chart/chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *V2 = "apiVersion: v2\nname: demo\nversion: 1.2.3\n";

static cc_chart *load(const char *dir)
{
	cc_chart *c = NULL;
	cc_error err;
	cc_error_clear(&err);
	int rc = cc_chart_load(&c, dir, "demo", NULL, &err);
	if (rc != CC_OK)
		fprintf(stderr, "load failed: %s\n", err.msg);
	assert_int_equal(rc, CC_OK);
	return c;
}

/* The package list joined by spaces, for compact comparisons. */
static char *listing(const cc_chart *c)
{
	cc_strvec v = CC_STRVEC_INIT;
	cc_chart_package_list(c, &v);
	cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < v.n; i++) {
		if (i)
			cc_buf_putc(&b, ' ');
		cc_buf_puts(&b, v.v[i]);
	}
	cc_strvec_free(&v);
	return cc_buf_detach(&b);
}

static const cc_finding *find_rule(const cc_chart *c, const char *rule, int nth)
{
	for (size_t i = 0; i < c->findings.n; i++)
		if (strcmp(c->findings.v[i].rule, rule) == 0 && nth-- == 0)
			return &c->findings.v[i];
	return NULL;
}

static size_t count_rule(const cc_chart *c, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < c->findings.n; i++)
		n += strcmp(c->findings.v[i].rule, rule) == 0;
	return n;
}

static void test_package_order(void **state)
{
	(void)state;
	char *d = tu_mkdtemp();
	tu_write(d, "Chart.yaml", V2, (size_t)-1);
	tu_write(d, "values.yaml", "a: 1\n", (size_t)-1);
	tu_write(d, "values.schema.json", "{\"type\":\"object\"}", (size_t)-1);
	tu_write(d, "Chart.lock", "dependencies: []\ndigest: x\n", (size_t)-1);
	tu_write(d, "README.md", "r", (size_t)-1);
	tu_write(d, "templates/a/x.yaml", "x", (size_t)-1);
	tu_write(d, "templates/a-b.yaml", "x", (size_t)-1);
	tu_write(d, "templates/_h.tpl", "x", (size_t)-1);
	tu_write(d, "templates/.hidden", "x", (size_t)-1);
	tu_write(d, "crds/c.yaml", "x", (size_t)-1);
	tu_write(d, ".helmignore", "*.md\n", (size_t)-1);
	cc_chart *c = load(d);
	char *l = listing(c);
	/* per-directory sorted walk: templates/_h.tpl < templates/a < templates/a-b.yaml ('/' sorts by directory entry names) */
	assert_string_equal(l, "Chart.yaml Chart.lock values.yaml values.schema.json "
			       "templates/_h.tpl templates/a/x.yaml templates/a-b.yaml "
			       ".helmignore crds/c.yaml");
	assert_string_equal(c->name, "demo");
	assert_string_equal(c->version, "1.2.3");
	assert_string_equal(c->api_version, "v2");
	assert_int_equal(c->findings.n, 0);
	assert_non_null(c->schema);
	free(l);
	cc_chart_free(c);
	tu_rmtree(d);
	free(d);
}

static void test_v1_requirements(void **state)
{
	(void)state;
	char *d = tu_mkdtemp();
	tu_write(d, "Chart.yaml", "name: old\nversion: 0.1.0\n", (size_t)-1);
	tu_write(d, "requirements.yaml", "dependencies:\n- name: x\n  version: 1.0.0\n", (size_t)-1);
	tu_write(d, "requirements.lock", "dependencies: []\n", (size_t)-1);
	tu_write(d, "Chart.lock", "dependencies: []\n", (size_t)-1);
	cc_chart *c = load(d);
	char *l = listing(c);
	/* v1: requirements files are plain files, Chart.lock is not packaged */
	assert_string_equal(l, "Chart.yaml requirements.lock requirements.yaml");
	assert_string_equal(c->api_version, "v1");
	assert_non_null(c->requirements);
	free(l);
	cc_chart_free(c);

	tu_write(d, "Chart.yaml", "apiVersion: v2\nname: old\nversion: 0.1.0\n", (size_t)-1);
	char *lock = cc_path_join(d, "Chart.lock");
	unlink(lock);
	free(lock);
	c = load(d);
	l = listing(c);
	/* v2: requirements.lock becomes the Chart.lock, requirements.yaml is not packaged */
	assert_string_equal(l, "Chart.yaml Chart.lock");
	free(l);
	cc_chart_free(c);
	tu_rmtree(d);
	free(d);
}

static void test_subcharts(void **state)
{
	(void)state;
	char *d = tu_mkdtemp();
	tu_write(d, "Chart.yaml", V2, (size_t)-1);
	tu_write(d, ".helmignore", "*.txt\n", (size_t)-1);
	tu_write(d, "charts/sub/Chart.yaml", "apiVersion: v2\nname: subname\nversion: 0.1.0\n", (size_t)-1);
	tu_write(d, "charts/sub/.helmignore", "values.yaml\n", (size_t)-1);
	tu_write(d, "charts/sub/values.yaml", "x: 1\n", (size_t)-1);
	tu_write(d, "charts/sub/notes.txt", "ignored by the parent's rules", (size_t)-1);
	tu_write(d, "charts/_skipped/Chart.yaml", V2, (size_t)-1);
	tu_write(d, "charts/.hidden/Chart.yaml", V2, (size_t)-1);
	tu_write(d, "charts/sub-1.0.0.tgz.prov", "sig", (size_t)-1);
	cc_chart *c = load(d);
	char *l = listing(c);
	/* the subchart's own .helmignore is not applied; the parent's is; named by its metadata */
	assert_string_equal(l, "Chart.yaml .helmignore charts/sub-1.0.0.tgz.prov "
			       "charts/subname/Chart.yaml charts/subname/values.yaml charts/subname/.helmignore");
	assert_int_equal(c->nsubcharts, 1);
	assert_int_equal(c->findings.n, 0);
	free(l);
	cc_chart_free(c);

	tu_write(d, "charts/README.md", "not a chart", (size_t)-1);
	c = load(d);
	const cc_finding *f = find_rule(c, "chart/subchart-invalid", 0);
	assert_non_null(f);
	assert_string_equal(f->file, "demo/charts/README.md");
	cc_chart_free(c);
	tu_rmtree(d);
	free(d);
}

static void test_subchart_archive(void **state)
{
	(void)state;
	char *d = tu_mkdtemp();
	tu_write(d, "src/packed/Chart.yaml", "apiVersion: v2\nname: packed\nversion: 2.0.0\n", (size_t)-1);
	tu_write(d, "src/packed/templates/t.yaml", "t", (size_t)-1);
	tu_write(d, "app/Chart.yaml", V2, (size_t)-1);
	tu_mkdirs(d, "app/charts");
	char cmd[8192];
	snprintf(cmd, sizeof(cmd), "tar -C %s/src -czf %s/app/charts/packed-2.0.0.tgz packed", d, d);
	assert_int_equal(system(cmd), 0);
	char *app = cc_path_join(d, "app");
	cc_chart *c = load(app);
	char *l = listing(c);
	assert_string_equal(l, "Chart.yaml charts/packed/Chart.yaml charts/packed/templates/t.yaml");
	assert_int_equal(c->nsubcharts, 1);
	assert_int_equal(c->subcharts[0]->is_archive, 1);
	free(l);
	cc_chart_free(c);

	/* a corrupt archive is a finding, not a failed load */
	tu_write(d, "app/charts/packed-2.0.0.tgz", "not gzip at all", (size_t)-1);
	c = load(app);
	assert_non_null(find_rule(c, "chart/archive-invalid", 0));
	cc_chart_free(c);
	free(app);
	tu_rmtree(d);
	free(d);
}

static void test_field_types(void **state)
{
	(void)state;
	char *d = tu_mkdtemp();
	tu_write(d, "Chart.yaml",
		 "apiVersion: v2\n"
		 "name: 1.10\n"
		 "version: 1.0\n"
		 "keywords: one\n"
		 "deprecated: \"yes\"\n"
		 "maintainers:\n"
		 "  - ~\n"
		 "  - name: [a]\n"
		 "annotations:\n"
		 "  a: {b: c}\n"
		 "dependencies:\n"
		 "  - name: x\n"
		 "    tags: front\n",
		 (size_t)-1);
	cc_chart *c = load(d);
	const cc_finding *f;
	f = find_rule(c, "chart/field-type", 0);
	assert_non_null(f);
	/* name: a float helm formats as "1.1": a warning, with its position */
	assert_int_equal(f->sev, CC_SEV_WARNING);
	assert_int_equal(f->line, 2);
	assert_int_equal(f->col, 7);
	assert_non_null(strstr(f->msg, "\"1.1\""));
	assert_string_equal(f->file, "demo/Chart.yaml");
	f = find_rule(c, "chart/field-type", 1);
	assert_int_equal(f->sev, CC_SEV_ERROR);
	assert_int_equal(f->line, 3);
	assert_non_null(strstr(f->msg, "\"1\""));
	assert_non_null(f->hint);
	assert_string_equal(f->hint, "quote it: version: \"1.0\"");
	f = find_rule(c, "chart/field-type", 2);
	assert_int_equal(f->line, 4); /* keywords must be a list */
	f = find_rule(c, "chart/field-type", 3);
	assert_int_equal(f->line, 5); /* deprecated must be a bool */
	f = find_rule(c, "chart/field-type", 4);
	assert_int_equal(f->line, 7); /* null maintainer */
	f = find_rule(c, "chart/field-type", 5);
	assert_int_equal(f->line, 8); /* maintainer name is a list */
	f = find_rule(c, "chart/field-type", 6);
	assert_int_equal(f->line, 10); /* annotation value is a map */
	f = find_rule(c, "chart/field-type", 7);
	assert_int_equal(f->line, 13); /* dependency tags must be a list */
	assert_int_equal(count_rule(c, "chart/field-type"), 8);
	assert_string_equal(c->name, "1.1");
	assert_string_equal(c->version, "1");
	cc_chart_free(c);
	tu_rmtree(d);
	free(d);
}

static void test_structure_problems(void **state)
{
	(void)state;
	char *d = tu_mkdtemp();
	tu_write(d, "Chart.yaml", "- a\n- b\n", (size_t)-1);
	tu_write(d, "values.yaml", "just a string\n", (size_t)-1);
	tu_write(d, "values.schema.json", "{\n  \"type\": \"object\",\n}\n", (size_t)-1);
	tu_write(d, ".helmignore", "docs/**\n", (size_t)-1);
	cc_chart *c = load(d);
	const cc_finding *f = find_rule(c, "chart/not-mapping", 0);
	assert_non_null(f);
	assert_int_equal(f->line, 1);
	assert_non_null(find_rule(c, "values/not-mapping", 0));
	f = find_rule(c, "schema/json-syntax", 0);
	assert_non_null(f);
	assert_int_equal(f->line, 3);
	f = find_rule(c, "chart/helmignore-invalid", 0);
	assert_non_null(f);
	assert_string_equal(f->file, "demo/.helmignore");
	assert_int_equal(f->line, 1);
	assert_string_equal(c->api_version, "v1");
	cc_chart_free(c);

	tu_write(d, "Chart.yaml", "apiVersion: v2\nname: [\n", (size_t)-1);
	c = load(d);
	f = find_rule(c, "yaml/syntax", 0);
	assert_non_null(f);
	assert_string_equal(f->file, "demo/Chart.yaml");
	assert_true(f->line >= 2);
	cc_chart_free(c);

	tu_write(d, "Chart.yaml", "apiVersion: v2\nname: a\nname: b\nversion: 1.0.0\n", (size_t)-1);
	c = load(d);
	f = find_rule(c, "yaml/duplicate-key", 0);
	assert_non_null(f);
	assert_int_equal(f->line, 3);
	assert_string_equal(c->name, "b"); /* the last one wins, as in helm */
	cc_chart_free(c);
	tu_rmtree(d);
	free(d);
}

static void test_missing_chartfile(void **state)
{
	(void)state;
	char *d = tu_mkdtemp();
	tu_write(d, "values.yaml", "a: 1\n", (size_t)-1);
	cc_chart *c = load(d);
	assert_non_null(find_rule(c, "chart/file-missing", 0));
	cc_chart_free(c);
	/* ignoring Chart.yaml makes it missing, as helm says */
	tu_write(d, "Chart.yaml", V2, (size_t)-1);
	tu_write(d, ".helmignore", "Chart.yaml\n", (size_t)-1);
	c = load(d);
	assert_non_null(find_rule(c, "chart/file-missing", 0));
	cc_chart_free(c);
	/* Chart.yaml as a directory */
	char *p = cc_path_join(d, "Chart.yaml");
	unlink(p);
	mkdir(p, 0755);
	char *ign = cc_path_join(d, ".helmignore");
	unlink(ign);
	free(ign);
	c = load(d);
	assert_non_null(find_rule(c, "chart/file-unreadable", 0));
	cc_chart_free(c);
	free(p);
	tu_rmtree(d);
	free(d);
}

static void test_not_a_chart_path(void **state)
{
	(void)state;
	cc_chart *c = NULL;
	cc_error err;
	assert_int_equal(cc_chart_load(&c, "/nonexistent/chart", NULL, NULL, &err), CC_ENOTFOUND);
	assert_null(c);
	char *d = tu_mkdtemp();
	tu_write(d, "file.txt", "x", (size_t)-1);
	char *p = cc_path_join(d, "file.txt");
	assert_int_equal(cc_chart_load(&c, p, NULL, NULL, &err), CC_EINVALID);
	free(p);
	tu_rmtree(d);
	free(d);
}

static void test_unsafe_files(void **state)
{
	(void)state;
	char *d = tu_mkdtemp();
	tu_write(d, "c/Chart.yaml", V2, (size_t)-1);
	tu_write(d, "secret", "s", (size_t)-1);
	char *c_dir = cc_path_join(d, "c");
	char *target = cc_path_join(d, "secret");
	char *link = cc_path_join(d, "c/leak");
	assert_int_equal(symlink(target, link), 0);
	char *inside = cc_path_join(d, "c/alias.yaml");
	assert_int_equal(symlink("Chart.yaml", inside), 0);
	cc_chart *c = load(c_dir);
	const cc_finding *f = find_rule(c, "chart/unsafe-path", 0);
	assert_non_null(f);
	assert_string_equal(f->file, "demo/leak");
	char *l = listing(c);
	/* a link that stays inside is followed, as helm does */
	assert_string_equal(l, "Chart.yaml alias.yaml");
	free(l);
	cc_chart_free(c);
	free(c_dir);
	free(target);
	free(link);
	free(inside);
	tu_rmtree(d);
	free(d);
}

static char *walk_joined(const char *root, const cc_strvec *exclude)
{
	cc_strvec out = CC_STRVEC_INIT;
	cc_error err;
	cc_walk_opts o = { exclude };
	assert_int_equal(cc_walk(root, &o, &out, &err), CC_OK);
	cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < out.n; i++) {
		if (i)
			cc_buf_putc(&b, ' ');
		cc_buf_puts(&b, out.v[i]);
	}
	cc_strvec_free(&out);
	return cc_buf_detach(&b);
}

static void test_walk(void **state)
{
	(void)state;
	char *d = tu_mkdtemp();
	tu_write(d, "charts/b/Chart.yaml", V2, (size_t)-1);
	tu_write(d, "charts/a/Chart.yaml", V2, (size_t)-1);
	tu_write(d, "charts/a/charts/sub/Chart.yaml", V2, (size_t)-1);     /* subchart: not top level */
	tu_write(d, "charts/a/examples/ex/Chart.yaml", V2, (size_t)-1);    /* nested chart: found */
	tu_write(d, "charts/a/.helmignore", "ignored/\n", (size_t)-1);
	tu_write(d, "charts/a/ignored/x/Chart.yaml", V2, (size_t)-1);      /* helmignored: skipped */
	tu_write(d, ".git/objects/Chart.yaml", V2, (size_t)-1);            /* never in .git */
	tu_write(d, "deep/er/still/c/Chart.yaml", V2, (size_t)-1);
	tu_write(d, "vendor/v/Chart.yaml", V2, (size_t)-1);
	char *link = cc_path_join(d, "linked");
	char *target = cc_path_join(d, "charts");
	assert_int_equal(symlink(target, link), 0);                         /* not followed */
	char *l = walk_joined(d, NULL);
	assert_string_equal(l, "charts/a charts/a/examples/ex charts/b deep/er/still/c vendor/v");
	free(l);
	cc_strvec ex = CC_STRVEC_INIT;
	cc_strvec_push(&ex, "vendor");
	cc_strvec_push(&ex, "deep/*");
	l = walk_joined(d, &ex);
	assert_string_equal(l, "charts/a charts/a/examples/ex charts/b");
	free(l);
	cc_strvec_free(&ex);
	/* the root itself can be a chart; then its charts/ holds its subcharts */
	tu_write(d, "Chart.yaml", V2, (size_t)-1);
	l = walk_joined(d, NULL);
	assert_string_equal(l, ". deep/er/still/c vendor/v");
	free(l);
	free(link);
	free(target);
	tu_rmtree(d);
	free(d);
}

static void test_walk_errors(void **state)
{
	(void)state;
	cc_strvec out = CC_STRVEC_INIT;
	cc_error err;
	assert_int_equal(cc_walk("/nonexistent/dir", NULL, &out, &err), CC_ENOTFOUND);
	assert_int_equal(out.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_package_order),
		cmocka_unit_test(test_v1_requirements),
		cmocka_unit_test(test_subcharts),
		cmocka_unit_test(test_subchart_archive),
		cmocka_unit_test(test_field_types),
		cmocka_unit_test(test_structure_problems),
		cmocka_unit_test(test_missing_chartfile),
		cmocka_unit_test(test_not_a_chart_path),
		cmocka_unit_test(test_unsafe_files),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_walk_errors),
	};
	return cmocka_run_group_tests_name("chart", tests, NULL, NULL);
}
