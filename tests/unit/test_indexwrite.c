/*
 * The repository index writer against helm's own files: the merged index
 * and the --json index helm v4.1.4 wrote (helm-vectors/index), rebuilt
 * here from the same charts' metadata and the same timestamps.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "index/index.h"

static char *vector(const char *name)
{
	char *rel = cc_asprintf("corpora/helm-vectors/index/%s", name);
	char *path = tu_shared(rel);
	free(rel);
	return path;
}

static json_t *meta(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	assert_non_null(j);
	return j;
}

#define ALPHA(v)                                                                                          \
	"{\"name\":\"alpha\",\"version\":\"" v "\",\"description\":\"Alpha <chart>\",\"keywords\":[\"x\"],"     \
	"\"maintainers\":[{\"name\":\"M\",\"email\":\"m@x.io\"}],\"apiVersion\":\"v2\",\"appVersion\":\"2.0\"," \
	"\"dependencies\":[{\"name\":\"dep\",\"version\":\">=1.0.0\",\"repository\":\"https://r.example.com\"}]}"

static void add(cc_index_doc *d, const char *md, const char *file, const char *base, const char *created,
		const char *digest)
{
	json_t *m = meta(md);
	char *url = base ? cc_index_url_join(base, file) : cc_strdup(file);
	cc_error err;
	assert_int_equal(cc_index_doc_add(d, m, url, created, digest, &err), 0);
	free(url);
	json_decref(m);
}

/* The three local charts of the vectors, in helm's glob order. */
static cc_index_doc *local_charts(const char *base, const char *const created[3])
{
	cc_index_doc *d = cc_index_doc_new();
	add(d, ALPHA("1.0.0"), "alpha-1.0.0.tgz", base, created[0],
	    "a98984dbd1e7a5b45d4953f6ca76a98ade6da6cabca847ae62bb9c05b22768bd");
	add(d, ALPHA("1.10.0"), "alpha-1.10.0.tgz", base, created[1],
	    "a44b29a44a34a0d2c2882b984dc96fb0d3c8c2221cb7b0d19e58cd776556613e");
	add(d, "{\"name\":\"beta\",\"version\":\"0.1.0-rc.1\",\"apiVersion\":\"v1\"}", "beta-0.1.0-rc.1.tgz", base,
	    created[2], "54dbd849950c19662d165df72ed821c87f3193b0c5340500895c8ab6d3d2f467");
	return d;
}

static void test_merged_vector(void **state)
{
	(void)state;
	char *in = vector("merge-input.yaml"), *want_path = vector("index-merged.yaml");
	if (!in || !want_path)
		skip();
	static const char *const created[3] = { "2026-11-23T13:12:55.377505712Z", "2026-11-23T13:12:55.377973729Z",
						"2026-11-23T13:12:55.378248067Z" };
	cc_index_doc *d = local_charts("https://new.example.com/", created), *old = NULL;
	cc_error err;
	assert_int_equal(cc_index_doc_load(in, &old, &err), 0);
	cc_index_doc_merge(d, old);
	cc_index_doc_sort(d);
	cc_buf got = CC_BUF_INIT;
	assert_int_equal(cc_index_doc_write(d, "2026-11-23T13:12:55.376873582Z", 0, &got, &err), 0);
	char *want = tu_slurp(want_path, NULL);
	assert_string_equal(got.ptr, want);
	free(want);
	cc_buf_free(&got);
	cc_index_doc_free(old);
	cc_index_doc_free(d);
	free(in);
	free(want_path);
}

static void test_json_vector(void **state)
{
	(void)state;
	char *want_path = vector("index-json.yaml");
	if (!want_path)
		skip();
	cc_index_doc *d = cc_index_doc_new();
	add(d, "{\"apiVersion\":\"v1\",\"version\":\"0.1.0-rc.1\",\"name\":\"beta\"}", "beta-0.1.0-rc.1.tgz", NULL,
	    "2026-11-23T13:13:31.910829289Z", "54dbd849950c19662d165df72ed821c87f3193b0c5340500895c8ab6d3d2f467");
	cc_buf got = CC_BUF_INIT;
	cc_error err;
	assert_int_equal(cc_index_doc_write(d, "2026-11-23T13:13:31.910575361Z", 1, &got, &err), 0);
	char *want = tu_slurp(want_path, NULL);
	assert_string_equal(got.ptr, want);
	/* the same file read back (helm takes JSON through json.Valid) and written again */
	cc_index_doc *again = NULL;
	assert_int_equal(cc_index_doc_parse(got.ptr, got.len, "index.yaml", &again, &err), 0);
	cc_buf_clear(&got);
	assert_int_equal(cc_index_doc_write(again, "2026-11-23T13:13:31.910575361Z", 1, &got, &err), 0);
	assert_string_equal(got.ptr, want);
	free(want);
	cc_buf_free(&got);
	cc_index_doc_free(again);
	cc_index_doc_free(d);
	free(want_path);
}

static void test_sort_order(void **state)
{
	(void)state;
	static const char *const versions[] = { "1.0.0", "notsemver", "1.10.0", "1.9.0", "2.0.0-rc.1",
						"2.0.0",  "1.10.0-alpha", "2.0.0-rc.2", NULL };
	static const char *const want[] = { "2.0.0", "2.0.0-rc.2", "2.0.0-rc.1", "1.10.0", "1.10.0-alpha",
					    "1.9.0", "1.0.0", "notsemver" };
	cc_index_doc *d = cc_index_doc_new();
	for (size_t i = 0; versions[i]; i++) {
		char *md = cc_asprintf("{\"name\":\"c\",\"version\":\"%s\"}", versions[i]);
		add(d, md, "c.tgz", NULL, "0001-01-01T00:00:00Z", "");
		free(md);
	}
	cc_index_doc_sort(d);
	cc_buf got = CC_BUF_INIT;
	cc_error err;
	assert_int_equal(cc_index_doc_write(d, "g", 0, &got, &err), 0);
	const char *p = got.ptr;
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
		char *line = cc_asprintf("    version: %s\n", want[i]);
		const char *at = strstr(p, line);
		assert_non_null(at);
		p = at + strlen(line);
		free(line);
	}
	cc_buf_free(&got);
	cc_index_doc_free(d);
}

static const char old_index[] = "apiVersion: v1\n"
				"annotations: {a: b}\n"
				"generated: \"2020-01-01T00:00:00Z\"\n"
				"entries:\n"
				"  alpha:\n"
				"  - {name: alpha, version: 1.0.0, digest: old, created: \"2020-01-01T00:00:00Z\"}\n"
				"  - {name: alpha, version: 0.9.0, digest: d09}\n"
				"  - {name: alpha, version: 0.9.0, digest: dup}\n"
				"  renamed:\n"
				"  - {name: other, version: 3.0.0}\n";

static void test_has_merge_remove(void **state)
{
	(void)state;
	static const char *const created[3] = { "c0", "c1", "c2" };
	cc_index_doc *d = local_charts(NULL, created), *old = NULL;
	cc_error err;
	assert_true(cc_index_doc_has(d, "alpha", "1.0.0"));
	assert_true(cc_index_doc_has(d, "alpha", ""));          /* any version */
	assert_true(cc_index_doc_has(d, "alpha", "^1.9"));      /* a constraint, as helm's Get */
	assert_false(cc_index_doc_has(d, "alpha", "2.0.0"));
	assert_false(cc_index_doc_has(d, "alpha", "not a constraint"));
	assert_false(cc_index_doc_has(d, "gamma", "1.0.0"));
	assert_int_equal(cc_index_doc_parse(old_index, sizeof(old_index) - 1, "old.yaml", &old, &err), 0);
	cc_index_doc_merge(d, old);
	cc_index_doc_sort(d);
	/* local wins, old entries come once, filed under their own name */
	assert_string_equal(cc_index_doc_digest(d, "alpha", "1.0.0"),
			    "a98984dbd1e7a5b45d4953f6ca76a98ade6da6cabca847ae62bb9c05b22768bd");
	assert_string_equal(cc_index_doc_digest(d, "alpha", "0.9.0"), "d09");
	assert_string_equal(cc_index_doc_digest(d, "other", "3.0.0"), "");
	assert_null(cc_index_doc_digest(d, "renamed", "3.0.0"));
	assert_int_equal(cc_index_doc_nentry(d), 5);
	cc_buf got = CC_BUF_INIT;
	assert_int_equal(cc_index_doc_write(d, "g", 0, &got, &err), 0);
	assert_null(strstr(got.ptr, "annotations:\n  a: b")); /* old annotations dropped */
	assert_non_null(strstr(got.ptr, "created: \"0001-01-01T00:00:00Z\"")); /* Go's zero time */
	assert_int_equal(cc_index_doc_remove(d, "alpha", "0.9.0"), 1);
	assert_int_equal(cc_index_doc_remove(d, "alpha", "0.9.0"), 0);
	assert_int_equal(cc_index_doc_remove(d, "other", "3.0.0"), 1);
	assert_int_equal(cc_index_doc_nentry(d), 3);
	cc_buf_clear(&got);
	assert_int_equal(cc_index_doc_write(d, "g", 0, &got, &err), 0);
	assert_null(strstr(got.ptr, "other"));
	cc_buf_free(&got);
	cc_index_doc_free(old);
	cc_index_doc_free(d);
}

/* What Go's structs make of an index on the way through: the entry rewritten as helm rewrites it. */
static void test_load_normalises(void **state)
{
	(void)state;
	static const char in[] = "apiVersion: v1\n"
				 "entries:\n"
				 "  c:\n"
				 "  - name: c\n"
				 "    version: 1.0.0\n"
				 "    appVersion: \"1.10\"\n"
				 "    description: \"tab\\there\"\n"
				 "    created: 2021-02-03T04:05:06.500+00:00\n"
				 "    deprecated: yes\n"
				 "    removed: false\n"
				 "    annotations: {z: \"1\", a: x}\n"
				 "    home: \"\"\n"
				 "  - null\n"
				 "  - {name: c, version: not-semver}\n"
				 "publicKeys: [k1]\n";
	static const char want[] = "annotations:\n"
				   "  a: x\n"
				   "  z: \"1\"\n"
				   "apiVersion: v1\n"
				   "appVersion: \"1.10\"\n"
				   "created: \"2021-02-03T04:05:06.5Z\"\n"
				   "deprecated: true\n"
				   "description: tab here\n"
				   "name: c\n"
				   "version: 1.0.0\n";
	cc_index_doc *d = NULL;
	cc_error err;
	assert_int_equal(cc_index_doc_parse(in, sizeof(in) - 1, "in.yaml", &d, &err), 0);
	assert_int_equal(cc_index_doc_nentry(d), 1);
	cc_buf got = CC_BUF_INIT;
	assert_int_equal(cc_index_doc_write(d, "g", 0, &got, &err), 0);
	char *block = cc_buf_detach(&got);
	char *indented = strstr(block, "  - annotations:");
	assert_non_null(indented);
	cc_buf flat = CC_BUF_INIT; /* the entry, its list indentation taken off */
	for (const char *p = indented + 4; *p && strncmp(p, "generated:", 10);) {
		const char *nl = strchr(p, '\n');
		cc_buf_put(&flat, p, (size_t)(nl - p + 1));
		p = nl + 1;
		p += strncmp(p, "    ", 4) == 0 ? 4 : 0;
	}
	assert_string_equal(flat.ptr, want);
	assert_non_null(strstr(block, "publicKeys:\n- k1\n"));
	free(block);
	cc_buf_free(&flat);
	cc_index_doc_free(d);
}

/*
 * Merge keys apply as in the table: the fields a merge or a list of merges
 * brings are written (a field set twice is refused by the table, as helm's
 * strict reader refuses it).
 */
static void test_load_merge_keys(void **state)
{
	(void)state;
	static const char in[] = "apiVersion: v1\n"
				 "entries:\n"
				 "  m:\n"
				 "  - &common {name: m, home: https://h.example.com}\n"
				 "  - &other {description: first, keywords: [k]}\n"
				 "  - &last {icon: i.png}\n"
				 "  - <<: *common\n"
				 "    version: 1.0.0\n"
				 "  - <<: [*other, *last]\n"
				 "    name: m\n"
				 "    version: 2.0.0\n"
				 "    annotations: {<<: {a: x}, b: z}\n";
	cc_index_doc *d = NULL;
	cc_error err;
	int rc = cc_index_doc_parse(in, sizeof(in) - 1, "in.yaml", &d, &err);
	if (rc != 0)
		fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
	assert_int_equal(cc_index_doc_nentry(d), 2);
	cc_buf got = CC_BUF_INIT;
	assert_int_equal(cc_index_doc_write(d, "g", 1, &got, &err), 0);
	char *text = cc_buf_detach(&got);
	assert_non_null(strstr(text, "\"home\": \"https://h.example.com\",\n        \"version\": \"1.0.0\""));
	assert_non_null(strstr(text, "\"name\": \"m\",\n        \"home\""));
	assert_non_null(strstr(text, "\"description\": \"first\""));
	assert_non_null(strstr(text, "\"icon\": \"i.png\""));
	assert_non_null(strstr(text, "\"a\": \"x\",\n          \"b\": \"z\""));
	assert_null(strstr(text, "<<"));
	free(text);
	cc_index_doc_free(d);
}

static void test_load_refusals(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int line;
	} cases[] = {
		{ "apiVersion: v1\nentries:\n  c:\n  - name: c\n    version: 1.0.0\n    bogus: 1\n", 6 },
		{ "apiVersion: v1\nentries:\n  c: [\n", -1 },
		{ "entries: {}\n", 0 },
		{ "apiVersion: v1\napiVersion: v1\nentries: {}\n", 2 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		cc_index_doc *d = (cc_index_doc *)1;
		cc_error err;
		cc_error_clear(&err);
		assert_int_not_equal(cc_index_doc_parse(cases[i].text, strlen(cases[i].text), "bad.yaml", &d, &err), 0);
		assert_null(d);
		assert_string_equal(err.file, "bad.yaml");
		if (cases[i].line > 0)
			assert_int_equal(err.line, cases[i].line);
		else if (cases[i].line < 0)
			assert_true(err.line > 0);
	}
}

static void test_url_join(void **state)
{
	(void)state;
	static const char *const cases[][3] = {
		{ "", "a.tgz", "a.tgz" },
		{ "", "", "" },
		{ "", "sub", "sub" },
		{ "sub", "a.tgz", "sub/a.tgz" },
		{ "https://charts.example.com/base/", "", "https://charts.example.com/base" },
		{ "https://charts.example.com/base", "a-1.0.0+b.tgz", "https://charts.example.com/base/a-1.0.0+b.tgz" },
		{ "https://charts.example.com/base/sub", "a.tgz", "https://charts.example.com/base/sub/a.tgz" },
		{ "https://h/x y/", "a b.tgz", "https://h/x%20y/a%20b.tgz" },
		{ "https://h/b?q=1", "a.tgz", "https://h/b/a.tgz?q=1" },
		{ "HTTPS://h", "a.tgz", "https://h/a.tgz" },
		{ "./rel/../x", "a.tgz", "x/a.tgz" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = cc_index_url_join(cases[i][0], cases[i][1]);
		assert_string_equal(got, cases[i][2]);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merged_vector),	 cmocka_unit_test(test_json_vector),
		cmocka_unit_test(test_sort_order),	 cmocka_unit_test(test_has_merge_remove),
		cmocka_unit_test(test_load_normalises), cmocka_unit_test(test_load_merge_keys),
		cmocka_unit_test(test_load_refusals),
		cmocka_unit_test(test_url_join),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
