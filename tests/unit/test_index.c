/*
 * Tests for src/index.
 *
 * helm's own index fixtures and the expectations of helm's index_test.go
 * (../shared/corpora/charts/helm-testdata), then the three real indexes of
 * ../shared/corpora/indexes, each cross-checked against a tree parse of the
 * same file through src/yaml (charts, versions per chart, the line, version
 * and digest of every entry) and against a plain count of "  - " lines.
 * Then each rule of helm's loadIndex one by one: ordering, Get, URL
 * resolution, every refusal with its position, lenient mode, aliases and
 * merge keys, the bounds, every kept field, and JSON input.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/index.h"
#include "semver/semver.h"
#include "yaml/yaml.h"

static cc_index *parse_opts(const char *text, int lenient)
{
	cc_index *idx = NULL;
	cc_error err;
	cc_index_opts o = { 0, lenient };
	if (cc_index_parse(text, strlen(text), "index.yaml", &o, &idx, &err) != CC_OK)
		fail_msg("unexpected error %d at %d:%d: %s", err.code, err.line, err.col, err.msg);
	return idx;
}

static cc_index *parse(const char *text)
{
	return parse_opts(text, 0);
}

/* Fails unless the text is refused with code at line:col (0: any) and a message containing want. */
static void refused(const char *text, int lenient, int code, int line, int col, const char *want)
{
	cc_index *idx = NULL;
	cc_error err;
	cc_index_opts o = { 0, lenient };
	int rc = cc_index_parse(text, strlen(text), "index.yaml", &o, &idx, &err);
	if (rc == CC_OK) {
		cc_index_free(idx);
		fail_msg("accepted: %s", text);
	}
	assert_null(idx);
	assert_int_equal(rc, code);
	assert_string_equal(err.file, "index.yaml");
	if ((line && err.line != line) || (col && err.col != col) || !strstr(err.msg, want) || err.line <= 0)
		fail_msg("got %d:%d %s; want %d:%d ...%s...", err.line, err.col, err.msg, line, col, want);
}

static const cc_index_entry *const *versions(const cc_index *idx, const char *name, size_t *n)
{
	const cc_index_entry *const *v = NULL;
	assert_int_equal(cc_index_chart(idx, name, &v, n), CC_OK);
	return v;
}

static int has_skip(const cc_index *idx, int line, const char *want)
{
	for (size_t i = 0; i < cc_index_nskipped(idx); i++) {
		cc_error e;
		assert_int_equal(cc_index_skipped(idx, i, &e), CC_OK);
		if (e.line == line && strstr(e.msg, want))
			return 1;
	}
	return 0;
}

#define HEAD "apiVersion: v1\nentries:\n  a:\n"

/* ---- helm's fixtures (verifyLocalIndex) ---- */

static void verify_local_index(const cc_index *idx)
{
	size_t n;
	assert_string_equal(cc_index_api_version(idx), "v1");
	assert_int_equal(cc_index_nchart(idx), 3);
	assert_string_equal(cc_index_chart_name(idx, 0), "alpine");
	assert_string_equal(cc_index_chart_name(idx, 1), "chartWithNoURL");
	assert_string_equal(cc_index_chart_name(idx, 2), "nginx");
	const cc_index_entry *const *v = versions(idx, "alpine", &n);
	assert_int_equal(n, 1);
	assert_string_equal(v[0]->version, "1.0.0");
	assert_int_equal(v[0]->nurls, 2);
	assert_string_equal(v[0]->urls[0], "https://charts.helm.sh/stable/alpine-1.0.0.tgz");
	assert_string_equal(v[0]->urls[1], "http://storage2.googleapis.com/kubernetes-charts/alpine-1.0.0.tgz");
	assert_string_equal(v[0]->digest, "sha256:1234567890abcdef");
	v = versions(idx, "nginx", &n);
	assert_int_equal(n, 2);
	assert_string_equal(v[0]->version, "0.2.0");
	assert_string_equal(v[1]->version, "0.1.0");
	assert_string_equal(v[0]->urls[0], "https://charts.helm.sh/stable/nginx-0.2.0.tgz");
	v = versions(idx, "chartWithNoURL", &n);
	assert_int_equal(n, 1);
	assert_int_equal(v[0]->nurls, 0);
	assert_null(v[0]->urls[0]);
}

static void test_helm_fixtures(void **state)
{
	(void)state;
	static const char *const files[] = { "local-index.yaml", "chartmuseum-index.yaml",
					     "local-index-annotations.yaml", "local-index-unordered.yaml",
					     "local-index.json" };
	char *dir = tu_shared("corpora/charts/helm-testdata/pkg/repo/v1/testdata");
	if (!dir)
		skip();
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *path = cc_path_join(dir, files[i]);
		cc_index *idx = NULL;
		cc_error err;
		if (cc_index_parse_file(path, NULL, &idx, &err) != CC_OK)
			fail_msg("%s: %s", path, err.msg);
		verify_local_index(idx);
		assert_int_equal(cc_index_nskipped(idx), 0);
		cc_index_free(idx);
		free(path);
	}
	free(dir);
}

/* index_test.go: indexWithDuplicates, indexWithEmptyEntry, indexWithDuplicatesInChartDeps. */
static void test_helm_inline_cases(void **state)
{
	(void)state;
	refused("apiVersion: v1\nentries:\n  nginx:\n    - name: nginx\n      version: 0.2.0\n"
		"  nginx:\n    - name: alpine\n      version: 1.0.0\n",
		0, CC_EINVALID, 6, 3, "duplicate key \"nginx\" (first at line 3");
	cc_index *idx = parse("\napiVersion: v1\nentries:\n  grafana:\n  - apiVersion: v2\n    name: grafana\n"
			      "  - null\n  foo:\n  -\n  bar:\n  - digest: \"sha256:1234567890abcdef\"\n    urls:\n"
			      "    - https://charts.helm.sh/stable/alpine-1.0.0.tgz\n");
	size_t n;
	assert_int_equal(cc_index_nchart(idx), 3);
	assert_int_equal(cc_index_nentry(idx), 0);
	versions(idx, "grafana", &n);
	assert_int_equal(n, 0);
	assert_int_equal(cc_index_nskipped(idx), 4);
	assert_true(has_skip(idx, 5, "chart.metadata.version is required"));
	assert_true(has_skip(idx, 7, "empty entry"));
	assert_true(has_skip(idx, 11, "chart.metadata.name is required"));
	cc_index_free(idx);
	idx = parse("apiVersion: v1\nentries:\n  nginx:\n    - urls:\n        - https://x/alpine-1.0.0.tgz\n"
		    "      name: alpine\n      description: string\n    - urls:\n        - https://x/nginx-0.2.0.tgz\n"
		    "      name: nginx\n      version: 0.2.0\n");
	const cc_index_entry *const *v = versions(idx, "nginx", &n);
	assert_int_equal(n, 1);
	assert_string_equal(v[0]->name, "nginx");
	cc_index_free(idx);
	refused("", 0, CC_EINVALID, 1, 1, "empty index.yaml file");
}

/* ---- the real indexes, against a tree parse and a line count ---- */

static size_t count_item_lines(const char *text)
{
	size_t n = 0;
	for (const char *p = text; p; p = strchr(p, '\n')) {
		p += *p == '\n';
		if (strncmp(p, "  - ", 4) == 0)
			n++;
	}
	return n;
}

static void check_chart_against_tree(const cc_index *idx, const cc_yaml_pair *pair)
{
	size_t n;
	const cc_index_entry *const *v = versions(idx, pair->key->value, &n);
	assert_int_equal(n, pair->value->nitems);
	for (size_t i = 0; i + 1 < n; i++) { /* descending, as SortEntries leaves them */
		cc_semver a = CC_SEMVER_INIT, b = CC_SEMVER_INIT;
		assert_int_equal(cc_semver_parse(&a, v[i]->version, NULL), CC_OK);
		assert_int_equal(cc_semver_parse(&b, v[i + 1]->version, NULL), CC_OK);
		assert_true(cc_semver_compare(&a, &b) >= 0);
		cc_semver_free(&a);
		cc_semver_free(&b);
	}
	for (size_t i = 0; i < pair->value->nitems; i++) {
		const cc_yaml_node *item = pair->value->items[i];
		const cc_yaml_node *ver = cc_yaml_map_get(item, "version");
		const cc_yaml_node *dig = cc_yaml_map_get(item, "digest");
		const cc_index_entry *found = NULL;
		for (size_t k = 0; k < n && !found; k++)
			if (v[k]->line == item->line)
				found = v[k];
		if (!found)
			fail_msg("%s: no entry at line %d", pair->key->value, item->line);
		assert_string_equal(found->version, ver->value);
		assert_string_equal(found->digest, dig ? dig->value : "");
		assert_string_equal(found->name, pair->key->value);
	}
}

static void test_real_indexes(void **state)
{
	(void)state;
	static const struct { const char *file; size_t charts, versions; } want[] = {
		{ "argo-helm.index.yaml", 11, 1628 },
		{ "grafana-helm-charts.index.yaml", 41, 3591 },
		{ "ingress-nginx.index.yaml", 1, 177 },
	};
	char *dir = tu_shared("corpora/indexes");
	if (!dir)
		skip();
	for (size_t f = 0; f < sizeof(want) / sizeof(want[0]); f++) {
		char *path = cc_path_join(dir, want[f].file);
		size_t len;
		char *text = tu_slurp(path, &len);
		assert_non_null(text);
		cc_index *idx = NULL;
		cc_error err;
		if (cc_index_parse(text, len, path, NULL, &idx, &err) != CC_OK)
			fail_msg("%s: %s", path, err.msg);
		cc_yaml_doc *doc = NULL;
		assert_int_equal(cc_yaml_load(&doc, text, len, path, NULL, &err), CC_OK);
		const cc_yaml_node *entries = cc_yaml_map_get(cc_yaml_doc_root(doc), "entries");
		assert_int_equal(cc_index_nchart(idx), entries->npairs);
		assert_int_equal(cc_index_nchart(idx), want[f].charts);
		assert_int_equal(cc_index_nentry(idx), want[f].versions);
		assert_int_equal(cc_index_nentry(idx), count_item_lines(text));
		assert_int_equal(cc_index_nskipped(idx), 0);
		for (size_t i = 0; i < entries->npairs; i++)
			check_chart_against_tree(idx, &entries->pairs[i]);
		for (size_t i = 1; i < cc_index_nchart(idx); i++)
			assert_true(strcmp(cc_index_chart_name(idx, i - 1), cc_index_chart_name(idx, i)) < 0);
		cc_yaml_doc_free(doc);
		cc_index_free(idx);
		free(text);
		free(path);
	}
	free(dir);
}

/* ---- order and lookup ---- */

static const char *order_index =
	HEAD "  - {name: a, version: 1.0.0, digest: first}\n"
	"  - {name: a, version: 2.0.0-rc.1}\n"
	"  - {name: a, version: v1.10.0}\n"
	"  - {name: a, version: 1.9.0}\n"
	"  - {name: a, version: 2.0.0}\n"
	"  - {name: a, version: 1.0.0+build.2, digest: second}\n"
	"  - {name: a, version: not-semver}\n"
	"  - {name: a, version: '1.2'}\n";

static void test_order(void **state)
{
	(void)state;
	cc_index *idx = parse(order_index);
	size_t n;
	const cc_index_entry *const *v = versions(idx, "a", &n);
	static const char *const want[] = { "2.0.0", "2.0.0-rc.1", "v1.10.0", "1.9.0", "1.2", "1.0.0", "1.0.0+build.2" };
	assert_int_equal(n, 7);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(v[i]->version, want[i]);
	assert_string_equal(v[5]->digest, "first"); /* equal precedence keeps file order */
	assert_true(has_skip(idx, 10, "chart.metadata.version \"not-semver\" is invalid"));
	assert_int_equal(cc_index_chart(idx, "b", &v, &n), CC_ENOTFOUND);
	cc_index_free(idx);
}

static void test_get(void **state)
{
	(void)state;
	cc_index *idx = parse(order_index);
	assert_string_equal(cc_index_get(idx, "a", "v1.10.0")->version, "v1.10.0");
	assert_string_equal(cc_index_get(idx, "a", "1.10.0")->version, "v1.10.0"); /* semver-equal */
	assert_string_equal(cc_index_get(idx, "a", "1.0.0+build.2")->digest, "second"); /* the string first */
	assert_string_equal(cc_index_get(idx, "a", "1.0.0")->digest, "first");
	assert_string_equal(cc_index_get(idx, "a", "")->version, "2.0.0"); /* newest stable */
	assert_string_equal(cc_index_get(idx, "a", NULL)->version, "2.0.0");
	assert_string_equal(cc_index_get(idx, "a", "^1")->version, "v1.10.0");
	assert_string_equal(cc_index_get(idx, "a", "1.2")->version, "1.2");
	assert_null(cc_index_get(idx, "a", "3.0.0"));
	assert_null(cc_index_get(idx, "a", "not a constraint!"));
	assert_null(cc_index_get(idx, "b", "1.0.0"));
	cc_index_free(idx);
}

/* ---- URLs ---- */

static void resolves(const char *base, const char *ref, const char *want)
{
	char *got = cc_index_resolve_url(base, ref);
	if (!want && got)
		fail_msg("%s + %s: got %s, want NULL", base, ref, got);
	if (want && (!got || strcmp(got, want) != 0))
		fail_msg("%s + %s: got %s, want %s", base, ref, got ? got : "NULL", want);
	free(got);
}

static void test_resolve_url(void **state)
{
	(void)state;
	resolves("https://x.io/charts", "a-1.0.0.tgz", "https://x.io/charts/a-1.0.0.tgz");
	resolves("https://x.io/charts/", "a-1.0.0.tgz", "https://x.io/charts/a-1.0.0.tgz");
	resolves("https://x.io/charts/index.yaml", "a-1.0.0.tgz", "https://x.io/charts/a-1.0.0.tgz");
	resolves("https://x.io", "a.tgz", "https://x.io/a.tgz");
	resolves("https://x.io/a/b", "../c/d.tgz", "https://x.io/a/c/d.tgz");
	resolves("https://x.io/a/b", "../../../../d.tgz", "https://x.io/d.tgz");
	resolves("https://x.io/a", "./sub/./x.tgz", "https://x.io/a/sub/x.tgz");
	resolves("https://x.io/a", "/abs/x.tgz", "https://x.io/abs/x.tgz");
	resolves("https://x.io/a", "//cdn.io/x.tgz", "https://cdn.io/x.tgz");
	/* the repository's query string is kept, the chart URL's own dropped (helm's RawQuery assignment) */
	resolves("https://x.io/c?token=1", "a.tgz", "https://x.io/c/a.tgz?token=1");
	resolves("https://x.io/c?token=1", "a.tgz?x=2", "https://x.io/c/a.tgz?token=1");
	resolves("https://x.io/c", "a.tgz?x=2", "https://x.io/c/a.tgz");
	resolves("https://x.io/c", "a.tgz#f", "https://x.io/c/a.tgz#f");
	resolves("https://user:pw@x.io:8443/c", "a.tgz", "https://user:pw@x.io:8443/c/a.tgz");
	/* absolute URLs as written, whatever the scheme */
	resolves("https://x.io/c", "https://y.io/a.tgz?sig=1", "https://y.io/a.tgz?sig=1");
	resolves("https://x.io/c", "http://y.io/a.tgz", "http://y.io/a.tgz");
	resolves("https://x.io/c", "oci://registry.io/charts/a", "oci://registry.io/charts/a");
	resolves("https://x.io/c", "HTTPS://Y.io/A B.tgz", "HTTPS://Y.io/A B.tgz");
	/* escaping as Go's url.String() writes it */
	resolves("https://x.io/a b", "c d.tgz", "https://x.io/a%20b/c%20d.tgz");
	resolves("https://x.io/c", "a%2Fb.tgz", "https://x.io/c/a%2Fb.tgz");
	resolves("HTTPS://x.io/c", "a.tgz", "https://x.io/c/a.tgz");
	/* what net/url refuses */
	resolves("https://x.io/c", "1a:b.tgz", NULL);
	resolves("https://x.io/c", "a%zz.tgz", NULL);
	resolves("https://x.io/c", "a\n.tgz", NULL);
	resolves("https://x.io/c", ":a.tgz", NULL);
}

/* ---- helm's refusals, with their positions ---- */

static void test_refusals(void **state)
{
	(void)state;
	refused("apiVersion: v1\nentries: {}\nfoo: 1\n", 0, CC_EINVALID, 3, 1, "unknown field \"foo\"");
	refused("entries: {}\n", 0, CC_EINVALID, 1, 1, "no API version specified");
	refused("# only a comment\n", 0, CC_EINVALID, 1, 1, "no API version specified");
	refused("apiVersion: ~\nentries: {}\n", 0, CC_EINVALID, 1, 1, "no API version specified");
	refused("apiVersion: [v1]\n", 0, CC_EINVALID, 1, 13, "apiVersion is a list");
	refused("- apiVersion: v1\n", 0, CC_EINVALID, 1, 1, "not a mapping");
	refused("apiVersion: v1\nentries: [a]\n", 0, CC_EINVALID, 2, 10, "entries is a list");
	refused(HEAD "  - {name: a, version: 1.0.0, appVersion: 1.0}\n", 0, CC_EINVALID, 4, 43,
		"appVersion is a number where helm expects a string");
	refused(HEAD "  - {name: a, version: 1.0}\n", 0, CC_EINVALID, 4, 24, "version is a number");
	refused(HEAD "  - {name: a, version: 1.0.0, deprecated: 'yes'}\n", 0, CC_EINVALID, 4, 43,
		"deprecated is a string where helm expects a boolean");
	refused(HEAD "  - {name: a, version: 1.0.0, created: 2016-10-06}\n", 0, CC_EINVALID, 4, 40,
		"not an RFC 3339 time");
	refused(HEAD "  - {name: a, version: 1.0.0, created: 12}\n", 0, CC_EINVALID, 4, 40, "created is a number");
	refused(HEAD "  - {name: a, version: 1.0.0, urls: a.tgz}\n", 0, CC_EINVALID, 4, 37, "urls is a string");
	refused(HEAD "  - {name: a, version: 1.0.0, urls: [{x: 1}]}\n", 0, CC_EINVALID, 4, 38, "a url is a mapping");
	refused(HEAD "  - {name: a, version: 1.0.0, sources: [1]}\n", 0, CC_EINVALID, 4, 41, "sources is a number");
	refused(HEAD "  - {name: a, version: 1.0.0, maintainers: [{name: m, phone: 1}]}\n", 0, CC_EINVALID, 4, 55,
		"unknown field \"phone\"");
	refused(HEAD "  - {name: a, version: 1.0.0, dependencies: [{name: d, version: 1}]}\n", 0, CC_EINVALID, 4,
		65, "a dependency's field is a number");
	refused(HEAD "  - {name: a, version: 1.0.0, annotations: {a: 1}}\n", 0, CC_EINVALID, 4, 48,
		"annotations is a number");
	refused(HEAD "  - {name: a, version: 1.0.0, version: 1.0.1}\n", 0, CC_EINVALID, 4, 31,
		"duplicate key \"version\" (first at line 4, column 15)");
	refused(HEAD "  - {name: a, version: 1.0.0, keywords: {x: [{y: 1, y: 2}]}}\n", 0, CC_EINVALID, 4, 41,
		"keywords is a mapping");
	refused("apiVersion: v1\nserverInfo: {x: [{q: 1, q: 2}]}\nentries: {}\n", 0, CC_EINVALID, 2, 25,
		"duplicate key \"q\"");
	/* keys compare as go-yaml v2 resolves them: y and Yes are both true */
	refused("apiVersion: v1\nserverInfo: {x: [{y: 1, Yes: 2}]}\n", 0, CC_EINVALID, 2, 25,
		"duplicate key \"true\"");
	refused("apiVersion: v1\nserverInfo: {1: a, 0x1: b}\n", 0, CC_EINVALID, 2, 20, "duplicate key \"1\"");
	refused("apiVersion: v1\nserverInfo: {~: a}\n", 0, CC_EINVALID, 2, 14, "null mapping key");
	refused("apiVersion: v1\nserverInfo: {[a]: b}\n", 0, CC_EINVALID, 2, 14, "must be a scalar");
	refused("apiVersion: v1\nserverInfo: a\n", 0, CC_EINVALID, 2, 13, "serverInfo is a string");
	refused("apiVersion: v1\ngenerated: yesterday\n", 0, CC_EINVALID, 2, 12, "not an RFC 3339 time");
	refused("apiVersion: v1\npublicKeys: [[k]]\n", 0, CC_EINVALID, 2, 14, "publicKeys is a list");
	refused(HEAD "  - {name: a, version: 1.0.0\n", 0, CC_EINVALID, 5, 1, "not valid YAML");
	refused("apiVersion: v1\nentries:\n  a: 1\n", 0, CC_EINVALID, 3, 6, "a is a number");
	refused(HEAD "  - x\n", 0, CC_EINVALID, 4, 5, "a chart version is a string");
	refused("apiVersion: v1\n\tentries: {}\n", 0, CC_EINVALID, 2, 0, "not valid YAML");
}

/* What Metadata.Validate rejects drops the entry, never the index. */
static void test_entries_dropped(void **state)
{
	(void)state;
	cc_index *idx = parse(HEAD "  - {name: a, version: 1.0.0, type: plugin}\n"
			      "  - {name: a/b, version: 1.0.1}\n"
			      "  - {name: '..', version: 1.0.2}\n"
			      "  - {name: a, version: 1.0.3, maintainers: [null]}\n"
			      "  - {name: a, version: 1.0.4, dependencies: [{name: d, alias: 'x.y'}]}\n"
			      "  - {name: a, version: 1.0.5, dependencies: [{name: d}, {name: d}, {name: e, alias: 'x.y'}]}\n"
			      "  - {name: a, version: 1.0.6, dependencies: [~]}\n"
			      "  - {name: '', version: 1.0.7}\n"
			      "  - {name: a, version: ''}\n"
			      "  - {name: a, version: 1.0.8, type: library, dependencies: [{name: d, alias: ok_1-x}]}\n"
			      "  - {name: /, version: 1.0.9}\n");
	size_t n;
	const cc_index_entry *const *v = versions(idx, "a", &n);
	assert_int_equal(n, 3);
	assert_string_equal(v[0]->version, "1.0.9"); /* filepath.Base("/") is "/" */
	assert_string_equal(v[1]->version, "1.0.8");
	assert_string_equal(v[2]->version, "1.0.5"); /* a repeated dependency stops Validate, which helm ignores */
	assert_true(has_skip(idx, 4, "chart.metadata.type must be application or library"));
	assert_true(has_skip(idx, 5, "chart.metadata.name \"a/b\" is invalid"));
	assert_true(has_skip(idx, 6, "chart.metadata.name \"..\" is not allowed"));
	assert_true(has_skip(idx, 7, "maintainers must not contain empty or null nodes"));
	assert_true(has_skip(idx, 8, "dependency \"d\" has disallowed characters in the alias"));
	assert_true(has_skip(idx, 10, "dependencies must not contain empty or null nodes"));
	assert_true(has_skip(idx, 11, "chart.metadata.name is required"));
	assert_true(has_skip(idx, 12, "chart.metadata.version is required"));
	assert_int_equal(cc_index_nskipped(idx), 8);
	cc_index_free(idx);
}

static void test_lenient(void **state)
{
	(void)state;
	const char *text = "apiVersion: v1\nextra: {x: 1}\nentries:\n  a:\n"
			   "  - {name: a, version: 1.0.0, appVersion: 1.0}\n"
			   "  - {name: a, version: 1.0.1, unknown: [1, {x: 2}]}\n"
			   "  - {name: a, version: 1.0.2, created: 2020-01-01, urls: [u]}\n"
			   "  - {name: a, version: 1.0.3, version: 1.0.4}\n"
			   "  - {name: a, version: 1.0.5}\n"
			   "  - plain\n"
			   "  b: 7\n"
			   "  a:\n  - {name: a, version: 9.9.9}\n"
			   "generated: soon\n";
	refused(text, 0, CC_EINVALID, 2, 1, "unknown field \"extra\"");
	cc_index *idx = parse_opts(text, 1);
	size_t n;
	const cc_index_entry *const *v = versions(idx, "a", &n);
	assert_int_equal(n, 1);
	assert_string_equal(v[0]->version, "1.0.5");
	versions(idx, "b", &n);
	assert_int_equal(n, 0);
	assert_true(has_skip(idx, 2, "unknown field \"extra\""));
	assert_true(has_skip(idx, 5, "appVersion is a number"));
	assert_true(has_skip(idx, 6, "unknown field \"unknown\""));
	assert_true(has_skip(idx, 7, "not an RFC 3339 time"));
	assert_true(has_skip(idx, 8, "duplicate key \"version\""));
	assert_true(has_skip(idx, 10, "a chart version is a string"));
	assert_true(has_skip(idx, 11, "b is a number"));
	assert_true(has_skip(idx, 12, "chart \"a\" listed again (first at line 4)"));
	assert_true(has_skip(idx, 14, "not an RFC 3339 time"));
	cc_index_free(idx);
	/* still errors with lenient */
	refused("", 1, CC_EINVALID, 1, 1, "empty");
	refused("entries: {}\n", 1, CC_EINVALID, 1, 1, "no API version");
	refused("apiVersion: v1\nentries: 3\n", 1, CC_EINVALID, 2, 10, "entries is a number");
	refused(HEAD "  - {name: a\n", 1, CC_EINVALID, 5, 1, "not valid YAML");
}

/* ---- anchors, aliases, merge keys, bounds ---- */

static void test_aliases(void **state)
{
	(void)state;
	cc_index *idx = parse(HEAD "  - &common {apiVersion: v2, name: a, urls: &u [x.tgz, y.tgz]}\n"
			      "  - <<: *common\n    version: 1.0.0\n"
			      "  - &e {name: a, version: 2.0.0, urls: *u, appVersion: &av '7'}\n"
			      "  - *e\n"
			      "  - <<: [{name: a}, {version: 3.0.0}]\n    appVersion: *av\n");
	size_t n;
	const cc_index_entry *const *v = versions(idx, "a", &n);
	assert_int_equal(n, 4);
	assert_string_equal(v[0]->version, "3.0.0");
	assert_string_equal(v[0]->app_version, "7");
	assert_string_equal(v[1]->version, "2.0.0");
	assert_int_equal(v[1]->nurls, 2);
	assert_string_equal(v[1]->urls[1], "y.tgz");
	assert_string_equal(v[2]->version, "2.0.0");
	assert_string_equal(v[3]->version, "1.0.0");
	assert_int_equal(v[3]->nurls, 2);
	assert_int_equal(v[3]->line, 5);
	cc_index_free(idx);
	/* a merged key written again is a duplicate to the strict reader */
	refused(HEAD "  - &c {name: a, version: 1.0.0}\n  - <<: *c\n    version: 1.0.1\n", 0, CC_EINVALID, 6, 5,
		"duplicate key \"version\"");
	refused(HEAD "  - <<: 1\n", 0, CC_EINVALID, 4, 9, "map merge requires map");
	refused(HEAD "  - <<: [1]\n", 0, CC_EINVALID, 4, 10, "map merge requires map");
	refused(HEAD "  - *nowhere\n", 0, CC_EINVALID, 4, 5, "unknown anchor 'nowhere'");
	refused("apiVersion: v1\nserverInfo: {x: &a [*a]}\n", 0, CC_EINVALID, 2, 21, "contains itself");
	/* a quoted "<<" is an ordinary key */
	refused(HEAD "  - {'<<': {name: a}}\n", 0, CC_EINVALID, 4, 6, "unknown field \"<<\"");
}

static char *alias_bomb(int levels)
{
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "apiVersion: v1\nserverInfo:\n  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i < levels; i++) {
		cc_buf_printf(&b, "  l%d: &l%d [", i, i);
		for (int k = 0; k < 10; k++)
			cc_buf_printf(&b, "%s*l%d", k ? ", " : "", i - 1);
		cc_buf_puts(&b, "]\n");
	}
	cc_buf_puts(&b, "entries: {}\n");
	return cc_buf_detach(&b);
}

static void test_bounds(void **state)
{
	(void)state;
	char *bomb = alias_bomb(9);
	/* named at the alias that crosses the bound, as src/yaml does */
	refused(bomb, 0, CC_ELIMIT, 7, 47, "nodes at *l3: this looks like an alias bomb");
	refused(bomb, 1, CC_ELIMIT, 7, 47, "nodes at *l3: this looks like an alias bomb");
	free(bomb);
	bomb = alias_bomb(3); /* a thousand nodes: fine */
	cc_index *idx = parse(bomb);
	cc_index_free(idx);
	free(bomb);
	cc_buf deep = CC_BUF_INIT;
	cc_buf_puts(&deep, "apiVersion: v1\nserverInfo: {x: ");
	for (int i = 0; i < 1500; i++)
		cc_buf_putc(&deep, '[');
	for (int i = 0; i < 1500; i++)
		cc_buf_putc(&deep, ']');
	cc_buf_puts(&deep, "}\n");
	refused(deep.ptr, 0, CC_ELIMIT, 2, 0, "nesting deeper than 1000");
	cc_buf_free(&deep);
	cc_index_opts o = { 16, 0 };
	cc_error err;
	idx = NULL;
	assert_int_equal(cc_index_parse(HEAD "  - {name: a}\n", strlen(HEAD) + 14, "index.yaml", &o, &idx, &err),
			 CC_ELIMIT);
	assert_null(idx);
	char *dir = tu_mkdtemp();
	tu_write(dir, "index.yaml", HEAD "  - {name: a, version: 1.0.0}\n", (size_t)-1);
	char *path = cc_path_join(dir, "index.yaml");
	assert_int_equal(cc_index_parse_file(path, &o, &idx, &err), CC_ELIMIT);
	assert_int_equal(cc_index_parse_file(path, NULL, &idx, &err), CC_OK);
	assert_int_equal(cc_index_nentry(idx), 1);
	cc_index_free(idx);
	char *missing = cc_path_join(dir, "nope.yaml");
	assert_int_not_equal(cc_index_parse_file(missing, NULL, &idx, &err), CC_OK);
	assert_null(idx);
	tu_rmtree(dir);
	free(missing);
	free(path);
	free(dir);
}

/* ---- every kept field ---- */

static void test_fields(void **state)
{
	(void)state;
	cc_index *idx = parse("apiVersion: v1\nentries:\n  web:\n"
			      "  - apiVersion: v2\n"
			      "    appVersion: \"1.10\"\n"
			      "    created: 2024-03-01T10:20:30.123456789+01:00\n"
			      "    deprecated: yes\n"
			      "    digest: 0123abcd\n"
			      "    name: \"web\\tapp\\u200b\"\n"
			      "    urls: [https://x.io/web-1.0.0.tgz, null, 12]\n"
			      "    version: 1.0.0\n"
			      "    checksum: 1\n    engine: gotpl\n    tillerVersion: '>2'\n    url: u\n    removed: false\n"
			      "    home: h\n    sources: [s]\n    description: d\n    keywords: [k]\n    icon: i\n"
			      "    condition: c\n    tags: t\n    annotations: {a: b}\n    kubeVersion: '>=1.20'\n"
			      "    maintainers: [{name: m, email: e, url: u}, {}]\n"
			      "    dependencies: [{name: d, version: 1.x, repository: r, condition: c, tags: [t],"
			      " enabled: true, import-values: [a, {child: c, parent: p}], alias: dd}]\n"
			      "    type: application\n"
			      "  - {name: web, version: 0.1.0, digest: 12, deprecated: false}\n"
			      "  - {name: web, version: 0.0.1, Version: 0.0.2, VERSION: 0.0.3}\n"
			      "generated: \"2024-03-01T10:20:30Z\"\n"
			      "publicKeys: [k1, 2]\nannotations: {x: 1, y: true}\nserverInfo: {contextPath: /v1}\n");
	size_t n;
	const cc_index_entry *const *v = versions(idx, "web", &n);
	assert_int_equal(n, 3);
	assert_string_equal(v[0]->name, "web app"); /* sanitised as Validate does */
	assert_string_equal(v[0]->version, "1.0.0");
	assert_string_equal(v[0]->app_version, "1.10");
	assert_string_equal(v[0]->created, "2024-03-01T10:20:30.123456789+01:00");
	assert_string_equal(v[0]->digest, "0123abcd");
	assert_int_equal(v[0]->deprecated, 1);
	assert_int_equal(v[0]->nurls, 3);
	assert_string_equal(v[0]->urls[0], "https://x.io/web-1.0.0.tgz");
	assert_string_equal(v[0]->urls[1], "");
	assert_string_equal(v[0]->urls[2], "12"); /* urls is reachable for coercion */
	assert_int_equal(v[0]->line, 4);
	assert_string_equal(v[1]->version, "0.1.0");
	assert_string_equal(v[1]->digest, "12");
	assert_string_equal(v[1]->app_version, "");
	assert_string_equal(v[1]->created, "");
	assert_int_equal(v[1]->deprecated, 0);
	assert_int_equal(v[1]->nurls, 0);
	/* case variants all fill `version`; JSON sees the bytewise greatest last */
	assert_string_equal(v[2]->version, "0.0.1");
	assert_int_equal(cc_index_nskipped(idx), 0);
	cc_index_free(idx);
	/* coercion as sigs.k8s.io/yaml writes numbers */
	idx = parse(HEAD "  - {name: a, version: 1.0.0, digest: 0x1F, urls: [1.50, 1e7, 1_000, true, .inf]}\n");
	v = versions(idx, "a", &n);
	assert_string_equal(v[0]->digest, "31");
	assert_string_equal(v[0]->urls[0], "1.5");
	assert_string_equal(v[0]->urls[1], "1e+07");
	assert_string_equal(v[0]->urls[2], "1000");
	assert_string_equal(v[0]->urls[3], "true");
	assert_string_equal(v[0]->urls[4], "+Inf");
	cc_index_free(idx);
	/* chart keys become JSON keys */
	idx = parse("apiVersion: v1\nentries:\n  0x10:\n  - {name: '16', version: 1.0.0}\n  true: ~\n");
	assert_string_equal(cc_index_chart_name(idx, 0), "16");
	assert_string_equal(cc_index_chart_name(idx, 1), "true");
	cc_index_free(idx);
}

/* ---- JSON: encoding/json's rules ---- */

static void test_json(void **state)
{
	(void)state;
	cc_index *idx = parse("{\"apiVersion\": \"v1\", \"unknown\": [1, {\"x\": 2}],\n"
			      " \"entries\": {\"a\": [{\"name\": \"a\", \"version\": \"1.0.0\", \"version\": \"1.0.1\","
			      " \"Extra\": 1}],\n"
			      "             \"b\": [{\"name\": \"b\", \"version\": \"1.0.0\"}],\n"
			      "             \"a\": [{\"name\": \"a\", \"Version\": \"2.0.0\", \"version\": \"2.0.1\"}, null]},\n"
			      " \"generated\": \"2024-01-01T00:00:00Z\"}");
	size_t n;
	const cc_index_entry *const *v = versions(idx, "a", &n);
	assert_int_equal(n, 1); /* the later "a" replaces the first */
	assert_string_equal(v[0]->version, "2.0.1"); /* last wins, whatever the case */
	assert_int_equal(v[0]->line, 4);
	versions(idx, "b", &n);
	assert_int_equal(n, 1);
	assert_true(has_skip(idx, 4, "empty entry"));
	cc_index_free(idx);
	/* no coercion in JSON: a number is never a string */
	refused("{\"apiVersion\": \"v1\", \"entries\": {\"a\": [{\"name\": \"a\", \"version\": \"1.0.0\","
		" \"digest\": 12}]}}", 0, CC_EINVALID, 1, 84, "digest is a number");
	refused("{\"apiVersion\": 1}", 0, CC_EINVALID, 1, 16, "apiVersion is a number");
	/* not valid JSON (a trailing comma) goes to the strict YAML reader */
	refused("{\"apiVersion\": \"v1\", \"x\": 1,}", 0, CC_EINVALID, 1, 22, "unknown field \"x\"");
	refused("null", 0, CC_EINVALID, 1, 1, "no API version"); /* decodes to an empty IndexFile */
	refused("[]", 0, CC_EINVALID, 1, 1, "not a mapping");
}

/* Only the first document counts; what follows is never read. */
static void test_multi_document(void **state)
{
	(void)state;
	cc_index *idx = parse(HEAD "  - {name: a, version: 1.0.0}\n---\napiVersion: v2\n: : [\n");
	assert_string_equal(cc_index_api_version(idx), "v1");
	assert_int_equal(cc_index_nentry(idx), 1);
	cc_index_free(idx);
	refused("---\n---\napiVersion: v1\n", 0, CC_EINVALID, 1, 1, "no API version");
}

/* ---- the compact table: the same index back, or a refusal ---- */

static void same_index(const cc_index *a, const cc_index *b)
{
	assert_int_equal(cc_index_nchart(a), cc_index_nchart(b));
	assert_int_equal(cc_index_nentry(a), cc_index_nentry(b));
	assert_string_equal(cc_index_api_version(a), cc_index_api_version(b));
	for (size_t c = 0; c < cc_index_nchart(a); c++) {
		const char *name = cc_index_chart_name(a, c);
		assert_string_equal(name, cc_index_chart_name(b, c));
		const cc_index_entry *const *va, *const *vb;
		size_t na, nb;
		assert_int_equal(cc_index_chart(a, name, &va, &na), CC_OK);
		assert_int_equal(cc_index_chart(b, name, &vb, &nb), CC_OK);
		assert_int_equal(na, nb);
		for (size_t i = 0; i < na; i++) {
			assert_string_equal(va[i]->name, vb[i]->name);
			assert_string_equal(va[i]->version, vb[i]->version);
			assert_string_equal(va[i]->app_version, vb[i]->app_version);
			assert_string_equal(va[i]->digest, vb[i]->digest);
			assert_string_equal(va[i]->created, vb[i]->created);
			assert_int_equal(va[i]->deprecated, vb[i]->deprecated);
			assert_int_equal(va[i]->line, vb[i]->line);
			assert_int_equal(va[i]->nurls, vb[i]->nurls);
			for (size_t u = 0; u < va[i]->nurls; u++)
				assert_string_equal(va[i]->urls[u], vb[i]->urls[u]);
		}
	}
}

static void test_compact(void **state)
{
	(void)state;
	char *src = tu_shared("corpora/indexes/grafana-helm-charts.index.yaml");
	char *dir = tu_mkdtemp();
	char *path = cc_path_join(dir, "t.table");
	cc_index *a = NULL, *b = NULL;
	cc_error err;
	assert_int_equal(cc_index_parse_file(src, NULL, &a, &err), CC_OK);
	assert_true(cc_index_nentry(a) > 1000);
	assert_int_equal(cc_index_save(a, path, "k1", &err), CC_OK);
	assert_int_equal(cc_index_load(path, "k1", "shown.yaml", &b, &err), CC_OK);
	same_index(a, b);
	cc_index_free(b);
	assert_int_equal(cc_index_load(path, "k2", "shown.yaml", &b, &err), CC_ENOTFOUND);
	assert_null(b);

	/* every truncation and a flipped byte at many places: refused or loaded, never a crash */
	size_t len = 0;
	char *bytes = tu_slurp(path, &len);
	assert_non_null(bytes);
	size_t step = len / 97 + 1, refused = 0;
	for (size_t cut = 0; cut < len; cut += step) {
		tu_write(dir, "cut.table", bytes, cut);
		char *cp = cc_path_join(dir, "cut.table");
		assert_int_equal(cc_index_load(cp, "k1", NULL, &b, &err), CC_EINVALID);
		assert_null(b);
		refused++;
		free(cp);
	}
	assert_true(refused > 90);
	for (size_t at = 20; at < len; at += step) {
		bytes[at] ^= 0x5a;
		tu_write(dir, "flip.table", bytes, len);
		bytes[at] ^= 0x5a;
		char *fp = cc_path_join(dir, "flip.table");
		int rc = cc_index_load(fp, "k1", NULL, &b, &err);
		assert_true(rc == CC_OK || rc == CC_EINVALID || rc == CC_ENOTFOUND);
		cc_index_free(b);
		b = NULL;
		free(fp);
	}
	free(bytes);
	cc_index_free(a);
	free(path);
	tu_rmtree(dir);
	free(dir);
	free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_helm_fixtures),
		cmocka_unit_test(test_helm_inline_cases),
		cmocka_unit_test(test_real_indexes),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_get),
		cmocka_unit_test(test_resolve_url),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_entries_dropped),
		cmocka_unit_test(test_lenient),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_multi_document),
		cmocka_unit_test(test_compact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
