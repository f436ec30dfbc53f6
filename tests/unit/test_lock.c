/*
 * Tests for src/lock.
 *
 * The digest is checked against helm itself: the worked example of
 * helm-formats.md §1.3 (exact bytes and hash), the three Chart.lock files
 * helm v4.1.4 wrote in ../shared/corpora/helm-vectors, helm's own v1
 * requirements.lock (HashV2Req), and every Chart.lock and requirements.lock
 * in ../shared/corpora/charts, recomputed from its chart and counted (real
 * locks can be hand-edited, or name "@repo" repositories whose URLs only
 * the lock knows: those are retried with the lock's URLs and reported).
 * Then the decoding rules (field case, number formatting, sanitising,
 * errors with positions), the file written byte for byte, atomically,
 * never through a symlink and left alone when the digest is unchanged, and
 * every kind of problem cc_lock_check reports.
 */
#include "testutil.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chart/chart.h"
#include "emit/emit.h"
#include "lock/lock.h"

static cc_chart *load(const char *dir)
{
	cc_chart *c = NULL;
	cc_error err;
	cc_chart_opts o = { 0, 0, 1 };
	if (cc_chart_load(&c, dir, NULL, &o, &err) != 0)
		fail_msg("load %s: %s", dir, err.msg);
	return c;
}

static cc_chart *load_shared(const char *rel)
{
	char *dir = tu_shared(rel);
	assert_non_null(dir);
	cc_chart *c = load(dir);
	free(dir);
	return c;
}

static json_t *deps_of(const cc_chart *c)
{
	json_t *req = NULL;
	cc_error err;
	if (cc_lock_dependencies(c, &req, NULL, NULL, &err) != 0)
		fail_msg("dependencies: %s", err.msg);
	return req;
}

static cc_lock *lock_of(const cc_chart *c)
{
	cc_lock *l = NULL;
	cc_error err;
	if (cc_lock_read(c, &l, &err) != 0)
		fail_msg("lock: %s", err.msg);
	return l;
}

/* HashReq of the chart's declared list and its own lock entries. */
static void digest_of(const json_t *req, const cc_lock *l, char *out)
{
	cc_error err;
	json_t *locked = cc_lock_entries_json(l->entries, l->n);
	assert_int_equal(cc_lock_digest(req, locked, out, &err), 0);
	json_decref(locked);
}

/* ---------------------------------------------------------------- helm's digests */

static void test_worked_example(void **state)
{
	(void)state;
	static const char bytes[] =
		"[[{\"name\":\"sub-a\",\"version\":\"\\u003e=0.1.0 \\u003c1.0.0\",\"repository\":\"file://../sub-a\","
		"\"condition\":\"sub-a.enabled\",\"tags\":[\"front\",\"x\\u0026y\"],\"import-values\":"
		"[{\"child\":\"foo\",\"parent\":\"bar\"},\"data\"]},{\"name\":\"sub-b\",\"version\":\"~1.2\","
		"\"repository\":\"file://../sub-b\",\"alias\":\"bee\"}],[{\"name\":\"sub-a\",\"version\":\"0.1.0\","
		"\"repository\":\"file://../sub-a\"},{\"name\":\"sub-b\",\"version\":\"1.2.3\",\"repository\":"
		"\"file://../sub-b\"}]]";
	cc_chart *c = load_shared("corpora/helm-vectors/lock-file-deps");
	json_t *req = deps_of(c);
	cc_lock *l = lock_of(c);
	json_t *locked = cc_lock_entries_json(l->entries, l->n);
	json_t *pair = json_pack("[OO]", req, locked);
	json_decref(locked);
	cc_buf b = CC_BUF_INIT;
	cc_error err;
	assert_int_equal(cc_emit_json(pair, &b, &err), 0);
	assert_string_equal(b.ptr, bytes);
	char d[CC_LOCK_DIGEST_MAX];
	digest_of(req, l, d);
	assert_string_equal(d, "sha256:01187f0e722542632ad87699242ad5177edf7dba8b93fad887d3273e57c2c39f");
	assert_string_equal(d, l->digest);
	cc_buf_free(&b);
	json_decref(pair);
	json_decref(req);
	cc_lock_free(l);
	cc_chart_free(c);
}

/* "@myrepo" and "alias:myrepo" become the repositories.yaml URL before hashing. */
static void substitute(json_t *req, const char *name, const char *url)
{
	char at[64], alias[64];
	snprintf(at, sizeof(at), "@%s", name);
	snprintf(alias, sizeof(alias), "alias:%s", name);
	for (size_t i = 0; i < json_array_size(req); i++) {
		json_t *d = json_array_get(req, i);
		const char *r = json_string_value(json_object_get(d, "repository"));
		if (r && (strcmp(r, at) == 0 || strcmp(r, alias) == 0))
			json_object_set_new(d, "repository", json_string(url));
	}
}

static void test_helm_vectors(void **state)
{
	(void)state;
	static const char *const dirs[] = { "lock-file-deps", "lock-alias", "lock-oci" };
	for (size_t i = 0; i < 3; i++) {
		char rel[96], d[CC_LOCK_DIGEST_MAX];
		snprintf(rel, sizeof(rel), "corpora/helm-vectors/%s", dirs[i]);
		cc_chart *c = load_shared(rel);
		json_t *req = deps_of(c);
		cc_lock *l = lock_of(c);
		substitute(req, "myrepo", "http://127.0.0.1:5077");
		digest_of(req, l, d);
		assert_string_equal(d, l->digest);
		/* and the lock is no longer in sync without the substitution */
		if (i == 1) {
			json_t *raw = deps_of(c);
			digest_of(raw, l, d);
			assert_string_not_equal(d, l->digest);
			json_decref(raw);
		}
		json_decref(req);
		cc_lock_free(l);
		cc_chart_free(c);
	}
}

static void test_v1_requirements_lock(void **state)
{
	(void)state;
	cc_chart *c = load_shared("corpora/charts/helm-testdata/pkg/cmd/testdata/testcharts/issue-7233");
	json_t *req = deps_of(c);
	cc_lock *l = lock_of(c);
	assert_true(l->v1);
	char v2[CC_LOCK_DIGEST_MAX], v3[CC_LOCK_DIGEST_MAX];
	cc_error err;
	assert_int_equal(cc_lock_digest_v2(req, v2, &err), 0);
	assert_string_equal(v2, l->digest);
	assert_true(strncmp(v2, "sha256:7b380b1a", 15) == 0);
	digest_of(req, l, v3);
	assert_string_not_equal(v3, v2);
	/* cc_lock_check accepts a Helm 2 digest for a v1 chart, as Manager.Build does */
	cc_lock_problems p = CC_LOCK_PROBLEMS_INIT;
	assert_int_equal(cc_lock_check(c, NULL, &p, &err), 0);
	assert_int_equal(p.n, 0);
	cc_lock_problems_free(&p);
	json_decref(req);
	cc_lock_free(l);
	cc_chart_free(c);
}

/* ---------------------------------------------------------------- the corpus */

typedef struct tally {
	size_t locks, matched, substituted, undecodable, mismatched, with_names, placeholders;
	size_t outside_testdata; /* mismatches in real charts, not helm's fixtures */
	cc_buf report;
} tally;

static tally *g_tally;

static int uses_names(const json_t *req)
{
	for (size_t i = 0; i < json_array_size(req); i++) {
		const char *r = json_string_value(json_object_get(json_array_get(req, i), "repository"));
		if (r && (r[0] == '@' || strncmp(r, "alias:", 6) == 0))
			return 1;
	}
	return 0;
}

/* The URL helm's resolveRepoNames would have put there, as the lock recorded it. */
static void substitute_from_lock(json_t *req, const cc_lock *l)
{
	for (size_t i = 0; i < json_array_size(req) && i < l->n; i++) {
		json_t *d = json_array_get(req, i);
		const char *r = json_string_value(json_object_get(d, "repository"));
		if (r && (r[0] == '@' || strncmp(r, "alias:", 6) == 0) && l->entries[i].repository)
			json_object_set_new(d, "repository", json_string(l->entries[i].repository));
	}
}

static int digest_matches(const json_t *req, const cc_lock *l)
{
	char d[CC_LOCK_DIGEST_MAX], v2[CC_LOCK_DIGEST_MAX];
	cc_error err;
	digest_of(req, l, d);
	if (l->digest && strcmp(d, l->digest) == 0)
		return 1;
	return l->v1 && cc_lock_digest_v2(req, v2, &err) == 0 && l->digest && strcmp(v2, l->digest) == 0;
}

static int well_formed(const char *d)
{
	if (!d || strncmp(d, "sha256:", 7) != 0 || strlen(d) != 71)
		return 0;
	return strspn(d + 7, "0123456789abcdef") == 64;
}

static void corpus_one(tally *t, const char *dir)
{
	cc_chart *c = NULL;
	cc_error err;
	cc_chart_opts o = { 0, 0, 1 };
	if (cc_chart_load(&c, dir, NULL, &o, &err) != 0 || !c->lock) {
		t->undecodable++;
		cc_buf_printf(&t->report, "  not loaded: %s\n", dir);
		cc_chart_free(c);
		return;
	}
	json_t *req = NULL;
	cc_lock *l = NULL;
	t->locks++;
	if (cc_lock_dependencies(c, &req, NULL, NULL, &err) != 0 || cc_lock_read(c, &l, &err) != 0) {
		t->undecodable++;
		cc_buf_printf(&t->report, "  undecodable: %s: %s\n", dir, err.msg);
	} else if (digest_matches(req, l)) {
		t->matched++;
	} else if (uses_names(req)) {
		t->with_names++;
		substitute_from_lock(req, l);
		if (digest_matches(req, l))
			t->substituted++;
		else
			cc_buf_printf(&t->report, "  mismatch (repository names): %s\n", dir);
	} else if (!well_formed(l->digest)) {
		t->placeholders++; /* helm's fixtures: "invalid", "Not implemented", 63 zeros */
		cc_buf_printf(&t->report, "  placeholder digest: %s (%s)\n", dir, l->digest ? l->digest : "none");
	} else {
		t->mismatched++;
		t->outside_testdata += strstr(dir, "/helm-testdata/") == NULL;
		cc_buf_printf(&t->report, "  mismatch: %s (lock says %s)\n", dir, l->digest);
	}
	json_decref(req);
	cc_lock_free(l);
	cc_chart_free(c);
}

static int corpus_visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (type != FTW_F || (strcmp(base, "Chart.lock") != 0 && strcmp(base, "requirements.lock") != 0))
		return 0;
	char *dir = cc_strndup(path, (size_t)(base - path - 1));
	/* a chart with both files: helm keeps the last one read; count the chart once */
	char *other = cc_path_join(dir, "Chart.lock");
	if (strcmp(base, "requirements.lock") != 0 || !cc_path_exists(other))
		corpus_one(g_tally, dir);
	free(other);
	free(dir);
	return 0;
}

static void test_corpus(void **state)
{
	(void)state;
	char *root = tu_shared("corpora/charts");
	assert_non_null(root);
	tally t;
	memset(&t, 0, sizeof(t));
	g_tally = &t;
	assert_int_equal(nftw(root, corpus_visit, 32, FTW_PHYS), 0);
	print_message("lock corpus: %zu locks, %zu digests match, %zu use repository names (%zu match with the "
		      "lock's URLs), %zu placeholder digests, %zu other mismatches (%zu outside helm's fixtures), "
		      "%zu not decodable\n",
		      t.locks, t.matched, t.with_names, t.substituted, t.placeholders, t.mismatched,
		      t.outside_testdata, t.undecodable);
	for (char *line = t.report.ptr, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		print_message("%s\n", line);
	}
	/* floors measured on the corpus; they only move up */
	assert_true(t.locks >= 200);
	assert_true(t.matched >= 191);
	assert_int_equal(t.undecodable, 0);
	/* helm's chart-with-subchart-update (hand-edited) and three fixtures sharing one copied digest */
	assert_true(t.mismatched <= 4);
	assert_int_equal(t.outside_testdata, 0);
	cc_buf_free(&t.report);
	free(root);
}

/* ---------------------------------------------------------------- decoding rules */

static char *write_chart(const char *chartfile)
{
	char *dir = tu_mkdtemp();
	tu_write(dir, "Chart.yaml", chartfile, (size_t)-1);
	return dir;
}

static char *deps_json(const char *chartfile)
{
	char *dir = write_chart(chartfile);
	cc_chart *c = load(dir);
	json_t *req = deps_of(c);
	cc_buf b = CC_BUF_INIT;
	cc_error err;
	assert_int_equal(cc_emit_json(req, &b, &err), 0);
	json_decref(req);
	cc_chart_free(c);
	tu_rmtree(dir);
	free(dir);
	return cc_buf_detach(&b);
}

static void test_decoding(void **state)
{
	(void)state;
	char *j = deps_json("apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n"
			    "- Name: a\n  VERSION: 1.0\n  name: b\n  tags: [1, \"x\\ty\"]\n"
			    "  enabled: true\n  alias: \"a\\tb\"\n  condition: \"c\\u00a0d\\u200be\"\n"
			    "  import-values: [{z: 1, a: 2.50, m: {w: 1e3, y: 0, b: x}}]\n"
			    "- name: c\n  repository: ''\n  enabled: false\n  tags: []\n");
	/* "name" > "Name" bytewise, so name wins; numbers as Go reads them; alias unsanitised */
	assert_string_equal(j, "[{\"name\":\"b\",\"version\":\"1\",\"repository\":\"\",\"condition\":\"c d" "e\","
			       "\"tags\":[\"1\",\"x y\"],\"enabled\":true,\"import-values\":[{\"a\":2.5,\"m\":{\"b\":\"x\","
			       "\"true\":0,\"w\":1000},\"z\":1}],\"alias\":\"a\\tb\"},{\"name\":\"c\",\"repository\":\"\"}]");
	free(j);
	j = deps_json("apiVersion: v2\nname: p\nversion: 1.0.0\n");
	assert_string_equal(j, "null");
	free(j);
	j = deps_json("apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies: []\n");
	assert_string_equal(j, "[]");
	free(j);
}

static void test_sanitize(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "a\tb\nc\rd\ve\ff", "a b c d e f" },
		{ "x\x01y\x7fz", "xyz" },
		{ "nb\xc2\xa0sp\xc2\x85nel\xe2\x80\xa8ls\xe3\x80\x80id", "nb sp nel ls id" },
		{ "zw\xe2\x80\x8bsp\xef\xbb\xbf", "zwsp" },          /* format characters go */
		{ "\xc3\xbcn\xc3\xaf \xe2\x8e\x88 \xf0\x9f\x98\x80", "\xc3\xbcn\xc3\xaf \xe2\x8e\x88 \xf0\x9f\x98\x80" },
		{ "pu\xee\x80\x80", "pu" },                           /* private use */
		{ "bad\xff", "bad\xef\xbf\xbd" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = cc_lock_sanitize(cases[i][0], strlen(cases[i][0]));
		assert_string_equal(s, cases[i][1]);
		free(s);
	}
}

static void expect_decode_error(const char *chartfile, int line, int col, const char *msg)
{
	char *dir = write_chart(chartfile);
	cc_chart *c = load(dir);
	json_t *req = NULL;
	cc_error err;
	assert_int_equal(cc_lock_dependencies(c, &req, NULL, NULL, &err), CC_EINVALID);
	assert_null(req);
	assert_int_equal(err.line, line);
	assert_int_equal(err.col, col);
	assert_string_equal(err.msg, msg);
	assert_non_null(strstr(err.file, "Chart.yaml"));
	cc_chart_free(c);
	tu_rmtree(dir);
	free(dir);
}

static void test_decode_errors(void **state)
{
	(void)state;
	expect_decode_error("apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: a\n- ~\n", 6, 3,
			    "validation: dependencies must not contain empty or null nodes");
	expect_decode_error("apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: {x: 1}\n", 5, 9,
			    "json: cannot unmarshal object into Go struct field Dependency.dependencies.name of type string");
	expect_decode_error("apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: a\n  tags: x\n", 6, 9,
			    "json: cannot unmarshal string into Go struct field Dependency.dependencies.tags of type []string");
	expect_decode_error("apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: a\n  enabled: 'true'\n", 6, 12,
			    "json: cannot unmarshal string into Go struct field Dependency.dependencies.enabled of type bool");
	expect_decode_error("apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies: x\n", 4, 15,
			    "json: cannot unmarshal string into Go struct field Metadata.dependencies of type []*chart.Dependency");
}

/* ---------------------------------------------------------------- writing */

static const cc_lock_entry entries[] = {
	{ "sub-a", "file://../sub-a", "0.1.0", 0, 0 },
	{ "sub-b", "file://../sub-b", "1.2.3", 0, 0 },
	{ "vendored", "", ">=0.1", 0, 0 },
};

static void test_format(void **state)
{
	(void)state;
	cc_buf b = CC_BUF_INIT;
	cc_error err;
	assert_int_equal(cc_lock_format(entries, 2,
					"sha256:01187f0e722542632ad87699242ad5177edf7dba8b93fad887d3273e57c2c39f",
					"2026-11-23T13:04:03.205139924Z", &b, &err), 0);
	/* §1.2: the first run's file, byte for byte */
	assert_string_equal(b.ptr, "dependencies:\n- name: sub-a\n  repository: file://../sub-a\n  version: 0.1.0\n"
				   "- name: sub-b\n  repository: file://../sub-b\n  version: 1.2.3\n"
				   "digest: sha256:01187f0e722542632ad87699242ad5177edf7dba8b93fad887d3273e57c2c39f\n"
				   "generated: \"2026-11-23T13:04:03.205139924Z\"\n");
	cc_buf_clear(&b);
	assert_int_equal(cc_lock_format(entries + 2, 1, "sha256:x", "2026-11-23T18:34:07.617131439+05:30", &b, &err), 0);
	assert_string_equal(b.ptr, "dependencies:\n- name: vendored\n  repository: \"\"\n  version: '>=0.1'\n"
				   "digest: sha256:x\ngenerated: \"2026-11-23T18:34:07.617131439+05:30\"\n");
	cc_buf_clear(&b);
	assert_int_equal(cc_lock_format(NULL, 0, "", "2026-11-23T13:04:03Z", &b, &err), 0);
	assert_string_equal(b.ptr, "dependencies: []\ndigest: \"\"\ngenerated: \"2026-11-23T13:04:03Z\"\n");
	cc_buf_free(&b);
}

static void test_write_and_update(void **state)
{
	(void)state;
	char *dir = write_chart("apiVersion: v2\nname: p\nversion: 1.0.0\n");
	cc_error err;
	time_t before = time(NULL);
	assert_int_equal(cc_lock_write(dir, 0, entries, 2, "sha256:aaaa", &err), 0);
	char *path = cc_path_join(dir, "Chart.lock");
	size_t len;
	char *text = tu_slurp(path, &len);
	assert_non_null(text);
	assert_true(strncmp(text, "dependencies:\n- name: sub-a\n", 28) == 0);
	/* generated is now, RFC 3339 with nanoseconds, double-quoted */
	char *gen = strstr(text, "generated: \"");
	assert_non_null(gen);
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	assert_non_null(strptime(gen + 12, "%Y-%m-%dT%H:%M:%S", &tm));
	assert_true(text[len - 1] == '\n' && text[len - 2] == '"');
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_true(st.st_mtime >= before - 1);
	/* no temporary file left behind */
	DIR *d = opendir(dir);
	assert_non_null(d);
	for (struct dirent *e = readdir(d); e; e = readdir(d))
		assert_null(strstr(e->d_name, "tmp"));
	closedir(d);

	/* Update with the same digest: untouched, generated kept */
	cc_chart *c = load(dir);
	cc_lock *old = lock_of(c);
	assert_string_equal(old->digest, "sha256:aaaa");
	tu_write(dir, "Chart.lock", "dependencies: []\ndigest: sha256:aaaa\ngenerated: \"2000-01-01T00:00:00Z\"\n", (size_t)-1);
	int written = -1;
	assert_int_equal(cc_lock_update(dir, 0, old, entries, 1, "sha256:aaaa", &written, &err), 0);
	assert_int_equal(written, 0);
	char *again = tu_slurp(path, &len);
	assert_string_equal(again, "dependencies: []\ndigest: sha256:aaaa\ngenerated: \"2000-01-01T00:00:00Z\"\n");
	free(again);
	/* a new digest: rewritten */
	assert_int_equal(cc_lock_update(dir, 0, old, entries, 1, "sha256:bbbb", &written, &err), 0);
	assert_int_equal(written, 1);
	again = tu_slurp(path, &len);
	assert_non_null(strstr(again, "digest: sha256:bbbb\n"));
	assert_null(strstr(again, "2000-01-01"));
	free(again);
	/* v1 charts get requirements.lock */
	assert_int_equal(cc_lock_write(dir, 1, entries, 1, "sha256:cccc", &err), 0);
	char *req = cc_path_join(dir, "requirements.lock");
	assert_true(cc_path_exists(req));
	free(req);
	cc_lock_free(old);
	cc_chart_free(c);
	free(text);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

static void test_symlink_refused(void **state)
{
	(void)state;
	char *dir = write_chart("apiVersion: v2\nname: p\nversion: 1.0.0\n");
	tu_write(dir, "elsewhere.lock", "keep\n", (size_t)-1);
	char *link = cc_path_join(dir, "Chart.lock");
	assert_int_equal(symlink("elsewhere.lock", link), 0);
	cc_error err;
	assert_int_equal(cc_lock_write(dir, 0, entries, 1, "sha256:aaaa", &err), CC_EUNSAFE);
	assert_string_equal(err.msg, "the Chart.lock file is a symlink to \"elsewhere.lock\"");
	size_t len;
	char *kept = cc_path_join(dir, "elsewhere.lock");
	char *text = tu_slurp(kept, &len);
	assert_string_equal(text, "keep\n");
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	free(text);
	free(kept);
	free(link);
	tu_rmtree(dir);
	free(dir);
}

/* ---------------------------------------------------------------- checking */

static const char *const kind_names[] = { "missing", "out-of-sync", "unsatisfied", "bad-constraint",
					  "not-locked", "extra", "repository" };

/* "kind@line:col" for each problem, space separated */
static char *check_summary(const char *chartfile, const char *lockfile, int fix_digest)
{
	char *dir = write_chart(chartfile);
	if (lockfile)
		tu_write(dir, "Chart.lock", lockfile, (size_t)-1);
	cc_chart *c = load(dir);
	cc_error err;
	if (lockfile && fix_digest) {
		/* put the right digest in, so only the entry checks speak */
		json_t *req = deps_of(c);
		cc_lock *l = lock_of(c);
		char d[CC_LOCK_DIGEST_MAX];
		digest_of(req, l, d);
		cc_buf b = CC_BUF_INIT;
		assert_int_equal(cc_lock_format(l->entries, l->n, d, "2026-01-01T00:00:00Z", &b, &err), 0);
		tu_write(dir, "Chart.lock", b.ptr, b.len);
		cc_buf_free(&b);
		json_decref(req);
		cc_lock_free(l);
		cc_chart_free(c);
		c = load(dir);
	}
	cc_lock_problems p = CC_LOCK_PROBLEMS_INIT;
	assert_int_equal(cc_lock_check(c, NULL, &p, &err), 0);
	cc_buf s = CC_BUF_INIT;
	cc_buf_puts(&s, "");
	for (size_t i = 0; i < p.n; i++) {
		char *base = cc_path_base(p.v[i].file);
		cc_buf_printf(&s, "%s%s@%s:%d:%d", i ? " " : "", kind_names[p.v[i].kind], base, p.v[i].line,
			      p.v[i].col);
		free(base);
		print_message("    %s\n", p.v[i].msg);
	}
	cc_lock_problems_free(&p);
	cc_chart_free(c);
	tu_rmtree(dir);
	free(dir);
	return cc_buf_detach(&s);
}

static void test_check(void **state)
{
	(void)state;
	const char *chart = "apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n"
			    "- name: a\n  version: ^1.2.0\n  repository: https://charts.example.com/\n"
			    "- name: b\n  version: '>=2.0.0'\n  repository: https://charts.example.com\n"
			    "- name: v\n  version: '>=0.1'\n  repository: \"\"\n";
	char *s = check_summary(chart, NULL, 0);
	assert_string_equal(s, "missing@Chart.yaml:5:1");
	free(s);
	/* in sync */
	s = check_summary(chart, "dependencies:\n- name: a\n  repository: https://charts.example.com\n  version: 1.4.0\n"
				 "- name: b\n  repository: https://charts.example.com\n  version: 2.1.0\n"
				 "- name: v\n  repository: \"\"\n  version: '>=0.1'\ndigest: sha256:x\n", 1);
	assert_string_equal(s, "");
	free(s);
	/* a stale digest: helm's out-of-sync, at the digest */
	s = check_summary(chart, "dependencies:\n- name: a\n  repository: https://charts.example.com\n  version: 1.4.0\n"
				 "- name: b\n  repository: https://charts.example.com\n  version: 2.1.0\n"
				 "- name: v\n  repository: \"\"\n  version: '>=0.1'\ndigest: sha256:x\n", 0);
	assert_string_equal(s, "out-of-sync@Chart.lock:11:9");
	free(s);
	/* a version outside its constraint, another repository, an entry gone, one extra */
	s = check_summary(chart, "dependencies:\n- name: a\n  repository: https://charts.example.com\n  version: 2.0.0\n"
				 "- name: c\n  repository: https://charts.example.com\n  version: 2.1.0\n"
				 "- name: v\n  repository: https://other.example.com\n  version: '>=0.1'\n", 1);
	assert_string_equal(s, "unsatisfied@Chart.lock:2:3 not-locked@Chart.yaml:8:3 repository@Chart.lock:8:3 "
			       "extra@Chart.lock:5:3");
	free(s);
	/* a constraint semver cannot read; "@name" repositories are the caller's business */
	s = check_summary("apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n"
			  "- name: a\n  version: '>>1'\n  repository: '@stable'\n",
			  "dependencies:\n- name: a\n  repository: https://charts.example.com\n  version: 2.0.0\n", 1);
	assert_string_equal(s, "bad-constraint@Chart.yaml:5:3");
	free(s);
	/* no dependencies and no lock: nothing to say */
	s = check_summary("apiVersion: v2\nname: p\nversion: 1.0.0\n", NULL, 0);
	assert_string_equal(s, "");
	free(s);
}

static void test_read_errors(void **state)
{
	(void)state;
	char *dir = write_chart("apiVersion: v2\nname: p\nversion: 1.0.0\n");
	tu_write(dir, "Chart.lock", "dependencies:\n- name: a\n- just a string\n", (size_t)-1);
	cc_chart *c = load(dir);
	cc_lock *l = NULL;
	cc_error err;
	assert_int_equal(cc_lock_read(c, &l, &err), CC_EINVALID);
	assert_null(l);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.col, 3);
	assert_non_null(strstr(err.file, "Chart.lock"));
	cc_chart_free(c);
	tu_write(dir, "Chart.lock", "- 1\n", (size_t)-1);
	c = load(dir);
	assert_int_equal(cc_lock_read(c, &l, &err), CC_EINVALID);
	assert_string_equal(err.msg, "the lock file must be a mapping, not a sequence");
	cc_chart_free(c);
	tu_rmtree(dir);
	free(dir);
	dir = write_chart("apiVersion: v2\nname: p\nversion: 1.0.0\n");
	c = load(dir);
	assert_int_equal(cc_lock_read(c, &l, &err), CC_ENOTFOUND);
	cc_chart_free(c);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_helm_vectors),
		cmocka_unit_test(test_v1_requirements_lock),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_decoding),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_decode_errors),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_write_and_update),
		cmocka_unit_test(test_symlink_refused),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_read_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
