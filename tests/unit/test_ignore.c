/*
 * Tests for .helmignore rules and the Go filepath.Match globs under them:
 * helm's own pkg/ignore test table (on its fixture tree), the results
 * verified against helm in helm-formats.md §2.5, and a table of glob cases
 * over the ground Go's match_test.go covers.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chart/chart.h"

/* ---------------------------------------------------------------- globs */

typedef struct globcase {
	const char *pattern, *name;
	int want; /* 1, 0 or CC_EINVALID */
} globcase;

static const globcase glob_cases[] = {
	/* literals and stars */
	{ "", "", 1 },
	{ "", "x", 0 },
	{ "chart", "chart", 1 },
	{ "chart", "charts", 0 },
	{ "chart", "char", 0 },
	{ "*", "values.yaml", 1 },
	{ "*", "", 1 },
	{ "*", "a/b", 0 },
	{ "**", "abc", 1 },
	{ "*.yaml", "values.yaml", 1 },
	{ "*.yaml", "templates/x.yaml", 0 },
	{ "v*s.y*l", "values.yaml", 1 },
	{ "t*/*.tpl", "templates/_helpers.tpl", 1 },
	{ "t*/*.tpl", "t/sub/x.tpl", 0 },
	{ "a*b*c", "aXbYbZc", 1 },
	{ "a*b*c", "aXbYbZ", 0 },
	{ "*x", "xxx", 1 },
	{ "*x", "xxy", 0 },
	{ "a*", "a", 1 },
	{ "a*", "ab/c", 0 },
	{ "a*/b", "abc/b", 1 },
	{ "a*/b", "a/c/b", 0 },
	{ "a*b*c*d*e*/f", "aXbXcXdXe/f", 1 },
	{ "a*b*c*d*e*/f", "aXbXcXdXeX/f", 1 },
	{ "a*b*c*d*e*/f", "aXbXcXdX/f", 0 },
	{ "a*b?c*x", "abxbbxdbxebxczzx", 1 },
	{ "a*b?c*x", "abxbbxdbxebxczzy", 0 },
	/* question marks: one rune, never '/' */
	{ "?", "a", 1 },
	{ "?", "", 0 },
	{ "?", "/", 0 },
	{ "a?c", "abc", 1 },
	{ "a?c", "a/c", 0 },
	{ "x?y", "x\xE2\x98\xBAy", 1 },
	{ "x???y", "x\xE2\x98\xBAy", 0 },
	{ "?", "\xFF", 1 },
	{ "??", "\xE2\x98", 1 },
	/* classes: '^' negates, '!' is literal, ranges, unicode, '/' allowed */
	{ "[abc]", "b", 1 },
	{ "[abc]", "d", 0 },
	{ "[a-c]x", "bx", 1 },
	{ "[^a-c]x", "bx", 0 },
	{ "[^a-c]x", "dx", 1 },
	{ "[!a]", "!", 1 },
	{ "[!a]", "b", 0 },
	{ "[a-cx-z]", "y", 1 },
	{ "[a-cx-z]", "m", 0 },
	{ "[\xCE\xB1-\xCF\x89]", "\xCE\xBB", 1 },         /* [α-ω] λ */
	{ "*[\xCE\xB1-\xCF\x89]", "A", 0 },
	{ "[^\xCE\xB1]", "\xCE\xBB", 1 },                  /* [^α] λ */
	{ "x[^a]y", "x\xE2\x98\xBAy", 1 },
	{ "x[^a][^a][^a]y", "x\xE2\x98\xBAy", 0 },
	{ "[^a]", "\xFF", 1 },
	{ "[/]", "/", 1 },
	{ "a[/]b", "a/b", 1 },
	{ "[*]", "*", 1 },
	{ "[*]x*", "*xyz", 1 },
	{ "ab[c]]", "abc]", 1 },
	/* escapes */
	{ "[\\]]", "]", 1 },
	{ "[\\-]", "-", 1 },
	{ "[a\\-z]", "-", 1 },
	{ "[a\\-z]", "m", 0 },
	{ "[\\-a]", "a", 1 },
	{ "\\*", "*", 1 },
	{ "\\*", "x", 0 },
	{ "a\\?b", "a?b", 1 },
	{ "a\\?b", "axb", 0 },
	{ "\\a", "a", 1 },
	{ "\\[x]", "[x]", 1 },
	{ "a\\*b", "ab", 0 },
	/* malformed: an error whatever the name */
	{ "[", "a", CC_EINVALID },
	{ "[^", "a", CC_EINVALID },
	{ "[]", "a", CC_EINVALID },
	{ "[]a]", "]", CC_EINVALID },
	{ "[^]", "a", CC_EINVALID },
	{ "[a-", "a", CC_EINVALID },
	{ "[z-", "z", CC_EINVALID },
	{ "[a-]", "a", CC_EINVALID },
	{ "[-]", "-", CC_EINVALID },
	{ "[-a]", "a", CC_EINVALID },
	{ "[a-b-c]", "a", CC_EINVALID },
	{ "[^bc", "a", CC_EINVALID },
	{ "[\\", "a", CC_EINVALID },
	{ "\\", "a", CC_EINVALID },
	{ "\\", "", CC_EINVALID },
	{ "x\\", "x", CC_EINVALID },
	{ "a[", "a", CC_EINVALID },
	{ "a[", "ab", CC_EINVALID },
	{ "a[", "x", CC_EINVALID },
	{ "a/b[", "x", CC_EINVALID },
	{ "x*[", "yyy", CC_EINVALID },
	{ "[a]x[", "b", CC_EINVALID },
	{ "*[a-", "", CC_EINVALID },
	{ "[\xFF]", "a", CC_EINVALID },
	{ "ok*[", "okay", CC_EINVALID },
};

static void test_glob_table(void **state)
{
	(void)state;
	size_t n = sizeof(glob_cases) / sizeof(glob_cases[0]);
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		const globcase *c = &glob_cases[i];
		int got = cc_glob_match(c->pattern, c->name);
		int valid = cc_glob_valid(c->pattern);
		if (got != c->want || valid != (c->want != CC_EINVALID)) {
			fprintf(stderr, "glob %zu: Match(%s, %s) = %d (valid %d), want %d\n", i,
				c->pattern, c->name, got, valid, c->want);
			bad++;
		}
	}
	printf("glob: %zu cases\n", n);
	assert_int_equal(bad, 0);
}

/* ---------------------------------------------------------------- helm's TestParse & co. */

static cc_ignore *parse_ok(const char *text)
{
	cc_ignore *ig = NULL;
	cc_error err;
	cc_error_clear(&err);
	int rc = cc_ignore_parse(&ig, text, strlen(text), ".helmignore", &err);
	if (rc != CC_OK)
		fprintf(stderr, "parse %s: %s\n", text, err.msg);
	assert_int_equal(rc, CC_OK);
	assert_non_null(ig);
	return ig;
}

static void test_helm_parse(void **state)
{
	(void)state;
	const char *rules = "#ignore\n\n\t#ignore\nfoo\nbar/*\nbaz/bar/foo.txt\n\none/more\n";
	cc_ignore *ig = parse_ok(rules);
	assert_int_equal(cc_ignore_count(ig), 4);
	assert_true(cc_ignore_match(ig, "x/foo", 0));
	assert_true(cc_ignore_match(ig, "bar/q", 0));
	assert_false(cc_ignore_match(ig, "x/bar/q", 0));
	assert_true(cc_ignore_match(ig, "baz/bar/foo.txt", 0));
	assert_true(cc_ignore_match(ig, "one/more", 1));
	assert_false(cc_ignore_match(ig, "ignore", 0));
	cc_ignore_free(ig);
}

static void test_helm_parse_fail(void **state)
{
	(void)state;
	const char *fails[] = { "foo/**/bar", "[z-" };
	for (size_t i = 0; i < 2; i++) {
		cc_ignore *ig = (cc_ignore *)1;
		cc_error err;
		cc_error_clear(&err);
		int rc = cc_ignore_parse(&ig, fails[i], strlen(fails[i]), "f", &err);
		assert_int_equal(rc, CC_EINVALID);
		assert_null(ig);
		assert_int_equal(err.line, 1);
	}
}

static void test_helm_parse_file(void **state)
{
	(void)state;
	char *path = tu_shared("corpora/charts/helm-testdata/pkg/ignore/testdata/.helmignore");
	if (!path) {
		printf("helm-testdata absent: skipped\n");
		skip();
	}
	size_t len;
	char *text = tu_slurp(path, &len);
	assert_non_null(text);
	cc_ignore *ig = NULL;
	cc_error err;
	assert_int_equal(cc_ignore_parse(&ig, text, len, path, &err), CC_OK);
	assert_int_equal(cc_ignore_count(ig), 3);
	cc_ignore_free(ig);
	free(text);
	free(path);
}

static void test_helm_add_defaults(void **state)
{
	(void)state;
	cc_ignore *ig = cc_ignore_new();
	assert_int_equal(cc_ignore_count(ig), 0);
	cc_ignore_add_defaults(ig);
	assert_int_equal(cc_ignore_count(ig), 1);
	assert_true(cc_ignore_match(ig, "templates/.dotfile", 0));
	assert_true(cc_ignore_match(ig, "templates/.git", 1));
	assert_false(cc_ignore_match(ig, "templates/.", 0));
	assert_false(cc_ignore_match(ig, ".dotfile", 0));
	assert_false(cc_ignore_match(ig, "templates/x.yaml", 0));
	assert_false(cc_ignore_match(ig, "templates/sub/.dotfile", 0));
	cc_ignore_free(ig);
	assert_false(cc_ignore_match(NULL, "x", 0));
}

/* helm's TestIgnore, is_dir taken from the fixture tree by stat as helm does. */
typedef struct ignorecase {
	const char *pattern, *name;
	int want;
} ignorecase;

static const ignorecase helm_ignore_cases[] = {
	{ "helm.txt", "helm.txt", 1 },
	{ "helm.*", "helm.txt", 1 },
	{ "helm.*", "rudder.txt", 0 },
	{ "*.txt", "tiller.txt", 1 },
	{ "*.txt", "cargo/a.txt", 1 },
	{ "cargo/*.txt", "cargo/a.txt", 1 },
	{ "cargo/*.*", "cargo/a.txt", 1 },
	{ "cargo/*.txt", "mast/a.txt", 0 },
	{ "ru[c-e]?er.txt", "rudder.txt", 1 },
	{ "templates/.?*", "templates/.dotfile", 1 },
	{ ".*", ".", 0 },
	{ ".*", "./", 0 },
	{ ".*", ".joonix", 1 },
	{ ".*", "helm.txt", 0 },
	{ ".*", "", 0 },
	{ "cargo/", "cargo", 1 },
	{ "cargo/", "cargo/", 1 },
	{ "cargo/", "mast/", 0 },
	{ "helm.txt/", "helm.txt", 0 },
	{ "!helm.txt", "helm.txt", 0 },
	{ "!helm.txt", "tiller.txt", 1 },
	{ "!*.txt", "cargo", 1 },
	{ "!cargo/", "mast/", 1 },
	{ "/a.txt", "a.txt", 1 },
	{ "/a.txt", "cargo/a.txt", 0 },
	{ "/cargo/a.txt", "cargo/a.txt", 1 },
};

static void test_helm_ignore_table(void **state)
{
	(void)state;
	char *root = tu_shared("corpora/charts/helm-testdata/pkg/ignore/testdata");
	if (!root) {
		printf("helm-testdata absent: skipped\n");
		skip();
	}
	size_t n = sizeof(helm_ignore_cases) / sizeof(helm_ignore_cases[0]);
	for (size_t i = 0; i < n; i++) {
		const ignorecase *c = &helm_ignore_cases[i];
		cc_ignore *ig = parse_ok(c->pattern);
		char path[8192];
		snprintf(path, sizeof(path), "%s/%s", root, c->name);
		struct stat st;
		if (stat(path, &st) != 0)
			fail_msg("fixture missing: %s", c->name);
		int got = cc_ignore_match(ig, c->name, S_ISDIR(st.st_mode));
		if (got != c->want)
			fail_msg("pattern %s on %s: got %d, want %d", c->pattern, c->name, got,
				 c->want);
		cc_ignore_free(ig);
	}
	printf("helm TestIgnore: %zu cases\n", n);
	free(root);
}

/* ---------------------------------------------------------------- helm-formats.md §2.5 */

/* A chart tree in helm's walk order: depth first, names sorted per directory. */
static const struct {
	const char *path;
	int dir;
} tree[] = {
	{ ".helmignore", 0 },  { "Chart.yaml", 0 },  { "README.txt", 0 },
	{ "a.txt", 0 },        { "docs", 1 },        { "docs/d.md", 0 },
	{ "docs/sub", 1 },     { "docs/sub/e.md", 0 }, { "sub", 1 },
	{ "sub/docs", 1 },     { "sub/docs/f.md", 0 }, { "templates", 1 },
	{ "templates/.hidden", 0 }, { "templates/a.yaml", 0 }, { "templates/y.txt", 0 },
	{ "values.yaml", 0 },  { "y.txt", 0 },
};

/* The files kept, space separated: an ignored directory prunes what is below it. */
static char *kept_files(const cc_ignore *ig)
{
	cc_buf out = CC_BUF_INIT;
	const char *pruned = NULL;
	for (size_t i = 0; i < sizeof(tree) / sizeof(tree[0]); i++) {
		const char *p = tree[i].path;
		if (pruned && strncmp(p, pruned, strlen(pruned)) == 0 && p[strlen(pruned)] == '/')
			continue;
		pruned = NULL;
		if (cc_ignore_match(ig, p, tree[i].dir)) {
			if (tree[i].dir)
				pruned = p;
			continue;
		}
		if (!tree[i].dir)
			cc_buf_printf(&out, "%s%s", out.len ? " " : "", p);
	}
	return cc_buf_detach(&out);
}

static void test_formats_table(void **state)
{
	(void)state;
	static const struct {
		const char *rules, *kept;
	} cases[] = {
		{ "", ".helmignore Chart.yaml README.txt a.txt docs/d.md docs/sub/e.md "
		      "sub/docs/f.md templates/a.yaml templates/y.txt values.yaml y.txt" },
		{ "*.txt", ".helmignore Chart.yaml docs/d.md docs/sub/e.md sub/docs/f.md "
			   "templates/a.yaml values.yaml" },
		{ "docs/", ".helmignore Chart.yaml README.txt a.txt templates/a.yaml "
			   "templates/y.txt values.yaml y.txt" },
		{ "/docs", ".helmignore Chart.yaml README.txt a.txt sub/docs/f.md "
			   "templates/a.yaml templates/y.txt values.yaml y.txt" },
		{ "docs/*.md", ".helmignore Chart.yaml README.txt a.txt docs/sub/e.md "
			       "sub/docs/f.md templates/a.yaml templates/y.txt values.yaml y.txt" },
		{ "*/docs", ".helmignore Chart.yaml README.txt a.txt docs/d.md docs/sub/e.md "
			    "templates/a.yaml templates/y.txt values.yaml y.txt" },
		{ "[^a].txt", ".helmignore Chart.yaml README.txt a.txt docs/d.md docs/sub/e.md "
			      "sub/docs/f.md templates/a.yaml values.yaml" },
		{ ".helmignore", "Chart.yaml README.txt a.txt docs/d.md docs/sub/e.md "
				 "sub/docs/f.md templates/a.yaml templates/y.txt values.yaml y.txt" },
		{ "Chart.yaml", ".helmignore README.txt a.txt docs/d.md docs/sub/e.md "
				"sub/docs/f.md templates/a.yaml templates/y.txt values.yaml y.txt" },
		/* a negation ignores whatever reaches it without matching */
		{ "!README.txt", "README.txt" },
		{ "*.txt\n!README.txt", "" },
		{ "notes.bak  # c", ".helmignore Chart.yaml README.txt a.txt docs/d.md "
				    "docs/sub/e.md sub/docs/f.md templates/a.yaml templates/y.txt "
				    "values.yaml y.txt" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cc_ignore *ig = parse_ok(cases[i].rules);
		cc_ignore_add_defaults(ig);
		char *kept = kept_files(ig);
		if (strcmp(kept, cases[i].kept) != 0)
			fail_msg("rules %s: kept [%s], want [%s]", cases[i].rules, kept,
				 cases[i].kept);
		free(kept);
		cc_ignore_free(ig);
	}
}

/* ---------------------------------------------------------------- parsing details */

static void expect_error(const char *text, size_t len, int code, int line, int col,
			 const char *msg)
{
	cc_ignore *ig = NULL;
	cc_error err;
	cc_error_clear(&err);
	int rc = cc_ignore_parse(&ig, text, len, "chart/.helmignore", &err);
	assert_int_equal(rc, code);
	assert_null(ig);
	assert_string_equal(err.file, "chart/.helmignore");
	assert_int_equal(err.line, line);
	assert_int_equal(err.col, col);
	assert_string_equal(err.msg, msg);
}

static void test_parse_errors(void **state)
{
	(void)state;
	const char *t1 = "# ok\n*.txt\n  docs/**/x\n";
	expect_error(t1, strlen(t1), CC_EINVALID, 3, 8, "double-star (**) syntax is not supported");
	const char *t2 = "a\n\n\t[z-\n";
	expect_error(t2, strlen(t2), CC_EINVALID, 3, 2, "syntax error in pattern");
	const char *t3 = "\xEF\xBB\xBF[";
	expect_error(t3, strlen(t3), CC_EINVALID, 1, 1, "syntax error in pattern");
	const char *t4 = "ok\\";
	expect_error(t4, strlen(t4), CC_EINVALID, 1, 1, "syntax error in pattern");
	/* "!" and "/" are part of what helm validates */
	const char *t5 = "x\n!/[]\n";
	expect_error(t5, strlen(t5), CC_EINVALID, 2, 1, "syntax error in pattern");
	/* a line longer than bufio.Scanner's 64 KiB buffer stops the parse */
	size_t big = 65536;
	char *t6 = malloc(big + 8);
	memcpy(t6, "a\n", 2);
	memset(t6 + 2, 'x', big);
	expect_error(t6, big + 2, CC_ELIMIT, 2, 1, "bufio.Scanner: token too long");
	cc_ignore *ig = NULL;
	cc_error err;
	assert_int_equal(cc_ignore_parse(&ig, t6, big + 1, "f", &err), CC_OK); /* 65535 bytes */
	assert_int_equal(cc_ignore_count(ig), 2);
	cc_ignore_free(ig);
	free(t6);
}

static void test_parse_lines(void **state)
{
	(void)state;
	/* BOM on line 1 only, CRLF, Go's unicode spaces, comments only at the start */
	const char text[] = "\xEF\xBB\xBF"
			    "a.txt\r\n"
			    "\xC2\xA0\xE3\x80\x80 b.txt \xE2\x80\x83\r\n"
			    "  # comment\n"
			    "\xEF\xBB\xBF"
			    "c.txt\n"
			    "d.txt # not a comment\n"
			    "\xC2\xA0\n"
			    "last";
	cc_ignore *ig = NULL;
	cc_error err;
	assert_int_equal(cc_ignore_parse(&ig, text, sizeof(text) - 1, "f", &err), CC_OK);
	assert_int_equal(cc_ignore_count(ig), 5);
	assert_true(cc_ignore_match(ig, "a.txt", 0));
	assert_true(cc_ignore_match(ig, "x/b.txt", 0));
	assert_false(cc_ignore_match(ig, "c.txt", 0));
	assert_true(cc_ignore_match(ig, "\xEF\xBB\xBF" "c.txt", 0));
	assert_false(cc_ignore_match(ig, "d.txt", 0));
	assert_true(cc_ignore_match(ig, "d.txt # not a comment", 0));
	assert_true(cc_ignore_match(ig, "last", 0));
	cc_ignore_free(ig);

	/* NUL inside a rule is an ordinary byte; the rule after it still counts */
	const char nul[] = "a\0b\nz";
	assert_int_equal(cc_ignore_parse(&ig, nul, sizeof(nul) - 1, "f", &err), CC_OK);
	assert_int_equal(cc_ignore_count(ig), 2);
	assert_false(cc_ignore_match(ig, "a", 0));
	assert_true(cc_ignore_match(ig, "z", 0));
	cc_ignore_free(ig);

	assert_int_equal(cc_ignore_parse(&ig, NULL, 0, NULL, &err), CC_OK);
	assert_int_equal(cc_ignore_count(ig), 0);
	cc_ignore_free(ig);
}

static void test_match_semantics(void **state)
{
	(void)state;
	cc_ignore *ig = parse_ok("/build/\n");
	assert_true(cc_ignore_match(ig, "build", 1));
	assert_false(cc_ignore_match(ig, "build", 0));
	assert_false(cc_ignore_match(ig, "x/build", 1));
	cc_ignore_free(ig);

	/* a negated dir-only rule ignores every file reaching it */
	ig = parse_ok("!keep/\n");
	assert_true(cc_ignore_match(ig, "keep/a", 0));
	assert_false(cc_ignore_match(ig, "keep", 1));
	assert_true(cc_ignore_match(ig, "other", 1));
	assert_false(cc_ignore_match(ig, ".", 1));
	cc_ignore_free(ig);

	/* basename rules see filepath.Base: trailing slashes dropped */
	ig = parse_ok("cache\n");
	assert_true(cc_ignore_match(ig, "a/b/cache//", 1));
	assert_false(cc_ignore_match(ig, "cache/x", 0));
	cc_ignore_free(ig);

	/* a pattern valid as written but broken once its '/' is stripped never matches */
	ig = parse_ok("a\\/\n");
	assert_false(cc_ignore_match(ig, "a\\", 1));
	assert_false(cc_ignore_match(ig, "a", 1));
	cc_ignore_free(ig);

	/* '!' alone: everything is ignored but the root */
	ig = parse_ok("!\n");
	assert_true(cc_ignore_match(ig, "Chart.yaml", 0));
	assert_false(cc_ignore_match(ig, "./", 1));
	cc_ignore_free(ig);

	/* classes are Go's: '!' is literal, '^' negates */
	ig = parse_ok("[!a].txt\n");
	assert_true(cc_ignore_match(ig, "!.txt", 0));
	assert_false(cc_ignore_match(ig, "b.txt", 0));
	cc_ignore_free(ig);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_glob_table),
		cmocka_unit_test(test_helm_parse),
		cmocka_unit_test(test_helm_parse_fail),
		cmocka_unit_test(test_helm_parse_file),
		cmocka_unit_test(test_helm_add_defaults),
		cmocka_unit_test(test_helm_ignore_table),
		cmocka_unit_test(test_formats_table),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_lines),
		cmocka_unit_test(test_match_semantics),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
