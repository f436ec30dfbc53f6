/*
 * Unit tests for src/tags: templates, splitting names and versions that
 * both hold dashes, the previous release, and the release tag lists of 30
 * chart repositories (../shared/corpora/tags): for every convention their
 * SUMMARY.json counts, the template matches exactly as many tags, and each
 * match formats back to the tag it came from.
 */
#include "testutil.h"
#include "tags/tags.h"

#include <jansson.h>
#include <string.h>

static cc_tag_template *tmpl(const char *text)
{
	cc_tag_template *t = NULL;
	cc_error err;
	assert_int_equal(cc_tag_template_parse(text, &t, &err), CC_OK);
	return t;
}

static void split_is(const cc_tag_template *t, const char *tag, const char *name, const char *version)
{
	char *n = NULL, *v = NULL;
	assert_int_equal(cc_tag_split(t, tag, &n, &v), name != NULL);
	if (name) {
		assert_string_equal(n, name);
		assert_string_equal(v, version);
	}
	free(n);
	free(v);
}

static void test_split(void **state)
{
	(void)state;
	cc_tag_template *d = tmpl(CC_TAGS_DEFAULT), *v = tmpl("{name}-v{version}"), *one = tmpl("v{version}");
	split_is(d, "kyverno-policies-chart-3.9.0-rc.3", "kyverno-policies-chart", "3.9.0-rc.3");
	split_is(d, "victoria-metrics-k8s-stack-0.91.2", "victoria-metrics-k8s-stack", "0.91.2");
	split_is(d, "k8s-ycl-1.0.0+build.1", "k8s-ycl", "1.0.0+build.1");
	split_is(d, "grafana-operator-v5.15.0", NULL, NULL);
	split_is(v, "grafana-operator-v5.15.0", "grafana-operator", "5.15.0");
	split_is(v, "operator-v25.1.1-beta1", "operator", "25.1.1-beta1");
	/* a name never runs through a version under a v template */
	split_is(d, "operator-v2.3.9-24.3.11", NULL, NULL);
	split_is(v, "operator-v2.3.9-24.3.11", "operator", "2.3.9-24.3.11");
	split_is(d, "argo-workflows-0.46.00", "argo-workflows", "0.46.00");
	split_is(d, "1.2.3", NULL, NULL);
	split_is(d, "-1.2.3", NULL, NULL);
	split_is(d, "a-1.2", NULL, NULL);
	split_is(one, "v1.2.3", "", "1.2.3");
	split_is(one, "1.2.3", NULL, NULL);
	char *s = cc_tag_format(v, "cluster", "0.29.0");
	assert_string_equal(s, "cluster-v0.29.0");
	free(s);
	/* a chart's own tags only: kyverno is not kyverno-policies */
	char *m = cc_tag_match(d, "kyverno", "kyverno-policies-3.0.0");
	assert_null(m);
	m = cc_tag_match(d, "kyverno-policies", "kyverno-policies-3.0.0");
	assert_string_equal(m, "3.0.0");
	free(m);
	cc_tag_template_free(d);
	cc_tag_template_free(v);
	cc_tag_template_free(one);
}

static void test_templates(void **state)
{
	(void)state;
	cc_tag_template *t = NULL;
	cc_error err;
	const char *bad[] = { "{name}", "v{version}-{version}", "{version}-{name}", "{name}{name}{version}", "" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(cc_tag_template_parse(bad[i], &t, &err), CC_EINVALID);
		assert_null(t);
	}
	t = tmpl("helm-chart-{version}");
	split_is(t, "helm-chart-4.0.0", "", "4.0.0");
	split_is(t, "controller-v1.9.6", NULL, NULL);
	cc_tag_template_free(t);
}

static void test_previous(void **state)
{
	(void)state;
	cc_tag_template *d = tmpl(CC_TAGS_DEFAULT);
	const char *tags[] = { "web-1.2.0", "web-1.10.0", "web-1.9.9", "webapp-9.0.0", "web-2.0.0-rc.1", "api-3.0.0",
			       "web-latest" };
	size_t at = 99;
	assert_true(cc_tag_previous(d, "web", tags, 7, NULL, &at));
	assert_int_equal(at, 4); /* 2.0.0-rc.1 is above 1.10.0 */
	assert_true(cc_tag_previous(d, "web", tags, 7, "2.0.0-rc.1", &at));
	assert_int_equal(at, 1);
	assert_true(cc_tag_previous(d, "web", tags, 7, "1.10.0", &at));
	assert_int_equal(at, 2);
	assert_false(cc_tag_previous(d, "web", tags, 7, "1.2.0", &at));
	assert_false(cc_tag_previous(d, "db", tags, 7, NULL, &at));
	cc_tag_template_free(d);
}

/* How many tags of one repository the template matches, each formatting back to itself. */
static int count(const char *file, const char *text)
{
	cc_tag_template *t = tmpl(text);
	char *data = tu_slurp(file, NULL);
	assert_non_null(data);
	int n = 0;
	for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
		char *name = NULL, *version = NULL;
		if (cc_tag_split(t, line, &name, &version)) {
			char *back = cc_tag_format(t, name, version);
			assert_string_equal(back, line);
			free(back);
			n++;
		}
		free(name);
		free(version);
	}
	free(data);
	cc_tag_template_free(t);
	return n;
}

static void test_corpus(void **state)
{
	(void)state;
	char *dir = tu_shared("corpora/tags");
	char *summary = cc_path_join(dir, "SUMMARY.json");
	json_t *s = json_load_file(summary, 0, NULL);
	assert_non_null(s);
	static const char *const conventions[][2] = {
		{ "{chart}-{version}", "{name}-{version}" }, { "{chart}-v{version}", "{name}-v{version}" },
		{ "{chart}/{version}", "{name}/{version}" }, { "{chart}/v{version}", "{name}/v{version}" },
		{ "{chart}_v{version}", "{name}_v{version}" }, { "v{version}", "v{version}" },
		{ "{version}", "{version}" },
	};
	const char *repo;
	json_t *entry;
	int checked = 0, tags = 0;
	json_object_foreach(s, repo, entry) {
		const char *slash = strchr(repo, '/');
		char *file = cc_asprintf("%s/%.*s__%s.txt", dir, (int)(slash - repo), repo, slash + 1);
		if (!cc_path_exists(file)) { /* repositories without tags have no list */
			assert_int_equal(json_integer_value(json_object_get(entry, "tags")), 0);
			free(file);
			continue;
		}
		json_t *patterns = json_object_get(entry, "patterns");
		for (size_t i = 0; i < sizeof(conventions) / sizeof(*conventions); i++) {
			json_t *c = json_object_get(json_object_get(patterns, conventions[i][0]), "count");
			int want = c ? (int)json_integer_value(c) : 0;
			int got = count(file, conventions[i][1]);
			if (got != want)
				print_error("%s %s: %d, SUMMARY.json says %d\n", repo, conventions[i][0], got, want);
			assert_int_equal(got, want);
			checked++;
			tags += got;
		}
		free(file);
	}
	print_message("tags corpus: %d repository x convention counts equal SUMMARY.json's, %d tags\n", checked, tags);
	assert_true(tags > 50000);
	json_decref(s);
	free(summary);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_previous),
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
