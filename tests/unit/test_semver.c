/*
 * Unit tests for src/semver.
 *
 * The core of this file runs every vector of ../shared/corpora/semver/,
 * read with jansson at test time, each section by the rule its file's
 * "semantics" states. A row either agrees, or is listed with its reason in
 * tests/semver-deliberate.tsv; anything else fails, and so does a listed
 * row that has started to agree or that no longer exists. The counts are
 * printed per file ("N passed, M deliberately different").
 *
 * Then the parts the corpus does not pin down: bump rules, highest
 * satisfying version, sorting, kubeVersion, error columns, Go quoting,
 * limits, and a short replay of the fuzz target on its seeds.
 */
#include "testutil.h"

#include <dirent.h>
#include <jansson.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "semver/semver.h"

/* ---- the deliberate-differences list and the tally ---- */

typedef struct deliberate {
	char *file, *section, *key, *reason;
	int seen;
} deliberate;

typedef struct suite {
	deliberate *dl;
	size_t ndl;
	size_t passed, different, failed; /* all files */
} suite;

typedef struct corpus {
	suite *s;
	const char *file;
	const char *section;
	size_t passed, different, failed;
} corpus;

static void load_deliberate(suite *s)
{
	char *path = tu_project("tests/semver-deliberate.tsv");
	size_t len = 0;
	char *text = tu_slurp(path, &len);
	if (!text)
		fail_msg("cannot read %s", path);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || !line[0])
			continue;
		char *f[4] = { NULL, NULL, NULL, NULL };
		char *p = line;
		for (int i = 0; i < 4 && p; i++) {
			f[i] = p;
			p = i < 3 ? strchr(p, '\t') : NULL;
			if (p)
				*p++ = '\0';
		}
		if (!f[3] || !*f[3])
			fail_msg("%s: a row needs file, section, key and a reason: %s", path, line);
		s->dl = realloc(s->dl, (s->ndl + 1) * sizeof(*s->dl));
		s->dl[s->ndl++] = (deliberate){ strdup(f[0]), strdup(f[1]), strdup(f[2]), strdup(f[3]), 0 };
	}
	free(text);
	free(path);
}

static deliberate *find_deliberate(suite *s, const char *file, const char *section, const char *key)
{
	for (size_t i = 0; i < s->ndl; i++)
		if (!strcmp(s->dl[i].file, file) && !strcmp(s->dl[i].section, section) &&
		    !strcmp(s->dl[i].key, key))
			return &s->dl[i];
	return NULL;
}

/* Records one row: key is the row's inputs as compact JSON; detail says what happened. */
static void row(corpus *c, const char *key, int ok, const char *fmt, ...)
{
	deliberate *d = find_deliberate(c->s, c->file, c->section, key);
	if (d)
		d->seen++;
	if (ok && !d) {
		c->passed++;
		return;
	}
	if (!ok && d) {
		c->different++;
		return;
	}
	c->failed++;
	char detail[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	printf("  %s %s %s: %s%s\n", c->file, c->section, key,
	       ok ? "agrees but is listed as deliberately different; " : "", detail);
}

/* ---- JSON helpers ---- */

static const char *js(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static char *dump(const json_t *j)
{
	return json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
}

/* The named fields of a row, as the key of that row. */
static char *key_of(const json_t *r, const char *f1, const char *f2)
{
	json_t *k = json_object();
	json_object_set(k, f1, json_object_get(r, f1));
	if (f2 && json_object_get(r, f2))
		json_object_set(k, f2, json_object_get(r, f2));
	char *s = dump(k);
	json_decref(k);
	return s;
}

static json_t *load_corpus(const char *name)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "corpora/semver/%s", name);
	char *path = tu_shared(rel);
	if (!path)
		fail_msg("corpus %s not found (set CHARTCI_SHARED)", rel);
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je);
	if (!root)
		fail_msg("%s:%d: %s", path, je.line, je.text);
	free(path);
	return root;
}

/* ---- module helpers ---- */

/* Parses with mode; writes "ok" or the error message to msg. */
static int parse_msg(const char *s, int mode, cc_semver *v, char *msg, size_t msgsz)
{
	cc_error err;
	cc_error_clear(&err);
	int rc = cc_semver_parse_n(v, s, strlen(s), mode, &err);
	snprintf(msg, msgsz, "%s", rc == CC_OK ? "ok" : err.msg);
	return rc;
}

static int parses(const char *s, int mode)
{
	cc_semver v;
	char msg[CC_ERROR_MSG_MAX];
	if (parse_msg(s, mode, &v, msg, sizeof(msg)) != CC_OK)
		return 0;
	cc_semver_free(&v);
	return 1;
}

static char *canon(const char *s)
{
	cc_semver v;
	if (cc_semver_parse(&v, s, NULL) != CC_OK)
		return strdup("<invalid>");
	char *r = cc_semver_string(&v);
	cc_semver_free(&v);
	return r;
}

/* -2 when either does not parse. */
static int cmp_loose(const char *a, const char *b)
{
	cc_semver va, vb;
	if (cc_semver_parse(&va, a, NULL) != CC_OK)
		return -2;
	if (cc_semver_parse(&vb, b, NULL) != CC_OK) {
		cc_semver_free(&va);
		return -2;
	}
	int d = cc_semver_compare(&va, &vb);
	cc_semver_free(&va);
	cc_semver_free(&vb);
	return d;
}

/*
 * NewConstraint(c) then Check or Validate of the version parsed with mode.
 * Returns 1/0, or -1 with msg set when something does not parse. With
 * reasons, Validate runs and its messages are appended.
 */
static int eval(const char *c, const char *v, int vmode, int flags, cc_strvec *reasons, char *msg,
		size_t msgsz)
{
	cc_constraint con;
	cc_semver ver;
	cc_error err;
	cc_error_clear(&err);
	if (cc_constraint_parse(&con, c, &err) != CC_OK) {
		snprintf(msg, msgsz, "constraint error: %.900s", err.msg);
		return -1;
	}
	if (parse_msg(v, vmode, &ver, msg, msgsz) != CC_OK) {
		cc_constraint_free(&con);
		return -1;
	}
	int r = reasons ? cc_constraint_validate(&con, &ver, flags, reasons)
			: cc_constraint_check(&con, &ver, flags);
	snprintf(msg, msgsz, "%s", r ? "true" : "false");
	cc_semver_free(&ver);
	cc_constraint_free(&con);
	return r;
}

static const char *errname_message(const char *name)
{
	static const char *const map[][2] = {
		{ "ErrInvalidSemVer", "invalid semantic version" },
		{ "ErrSegmentStartsZero", "version segment starts with 0" },
		{ "ErrInvalidPrerelease", "invalid prerelease string" },
		{ "ErrInvalidMetadata", "invalid metadata string" },
		{ "ErrEmptyString", "version string empty" },
		{ "ErrInvalidCharacters", "invalid characters in version" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], name))
			return map[i][1];
	return name;
}

/* ---- a section runner ---- */

typedef void (*row_fn)(corpus *c, const json_t *r);

typedef struct section {
	const char *name;
	row_fn fn;
} section;

/* Runs fn over each element of the section (a list) or once on it (an object). */
static void run_sections(corpus *c, const json_t *root, const section *secs, size_t nsecs,
			 const char *const *ignored)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)root, k, v) {
		int skip = 0;
		for (const char *const *ig = ignored; *ig; ig++)
			skip |= !strcmp(*ig, k);
		if (skip)
			continue;
		size_t i = 0;
		while (i < nsecs && strcmp(secs[i].name, k) != 0)
			i++;
		if (i == nsecs) {
			printf("  %s: section %s is not evaluated by this test\n", c->file, k);
			c->failed++;
			continue;
		}
		c->section = k;
		if (json_is_array(v)) {
			size_t j;
			json_t *r;
			json_array_foreach(v, j, r)
				secs[i].fn(c, r);
		} else {
			secs[i].fn(c, v);
		}
	}
}

static void finish(corpus *c)
{
	printf("semver corpus %s: %zu passed, %zu deliberately different\n", c->file, c->passed,
	       c->different);
	c->s->passed += c->passed;
	c->s->different += c->different;
	c->s->failed += c->failed;
	if (c->failed)
		fail_msg("%s: %zu rows disagree with the module", c->file, c->failed);
}

/* ================= versions.json ================= */

static void valid_row(corpus *c, const json_t *r, int mode)
{
	const char *v = js(r, "version");
	char *key = key_of(r, "version", NULL);
	int got = parses(v, mode), want = json_is_true(json_object_get(r, "valid"));
	row(c, key, got == want, "parses: %d, expected %d", got, want);
	free(key);
}

static void v_strict(corpus *c, const json_t *r) { valid_row(c, r, CC_SEMVER_STRICT); }
static void v_loose(corpus *c, const json_t *r) { valid_row(c, r, CC_SEMVER_LOOSE); }
static void v_no_coerce(corpus *c, const json_t *r) { valid_row(c, r, CC_SEMVER_NO_COERCE); }

static void error_rows(corpus *c, const json_t *list, int mode)
{
	size_t i;
	json_t *r;
	json_array_foreach(list, i, r) {
		char msg[CC_ERROR_MSG_MAX];
		cc_semver v;
		const json_t *e = json_object_get(r, "error");
		const char *want = json_is_null(e) ? "ok" : errname_message(json_string_value(e));
		if (parse_msg(js(r, "version"), mode, &v, msg, sizeof(msg)) == CC_OK)
			cc_semver_free(&v);
		char *key = key_of(r, "version", NULL);
		row(c, key, !strcmp(msg, want), "got \"%s\", expected \"%s\"", msg, want);
		free(key);
	}
}

static void v_no_coerce_errors(corpus *c, const json_t *o)
{
	c->section = "loose_parse_no_coerce_errors.detailed_errors";
	error_rows(c, json_object_get(o, "detailed_errors"), CC_SEMVER_NO_COERCE);
	c->section = "loose_parse_no_coerce_errors.non_detailed_errors";
	error_rows(c, json_object_get(o, "non_detailed_errors"), CC_SEMVER_NO_COERCE | CC_SEMVER_BRIEF_ERRORS);
}

static void v_summary(corpus *c, const json_t *r)
{
	static const struct {
		const char *key;
		int mode;
	} modes[] = { { "strict", CC_SEMVER_STRICT }, { "loose", CC_SEMVER_LOOSE },
		      { "loose_no_coerce", CC_SEMVER_NO_COERCE } };
	const char *v = js(r, "version");
	int ok = 1;
	for (size_t i = 0; i < 3; i++) {
		const json_t *want = json_object_get(r, modes[i].key);
		if (want && parses(v, modes[i].mode) != json_is_true(want))
			ok = 0;
	}
	char *key = key_of(r, "version", NULL);
	row(c, key, ok, "strict %d, loose %d, no-coerce %d", parses(v, CC_SEMVER_STRICT),
	    parses(v, CC_SEMVER_LOOSE), parses(v, CC_SEMVER_NO_COERCE));
	free(key);
}

static void v_original(corpus *c, const json_t *o)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(o, "versions"), i, s) {
		cc_semver v;
		char *key = dump(s);
		int ok = cc_semver_parse(&v, json_string_value(s), NULL) == CC_OK;
		row(c, key, ok && !strcmp(v.original, json_string_value(s)), "original \"%s\"",
		    ok ? v.original : "<invalid>");
		if (ok)
			cc_semver_free(&v);
		free(key);
	}
}

static void v_canonical(corpus *c, const json_t *r)
{
	char *got = canon(js(r, "version")), *key = key_of(r, "version", NULL);
	row(c, key, !strcmp(got, js(r, "string")), "got %s", got);
	free(got);
	free(key);
}

static void v_parts(corpus *c, const json_t *r)
{
	cc_semver v;
	int ok = cc_semver_parse(&v, js(r, "version"), NULL) == CC_OK;
	char *key = key_of(r, "version", NULL);
	ok = ok && v.major == (uint64_t)json_integer_value(json_object_get(r, "major")) &&
	     v.minor == (uint64_t)json_integer_value(json_object_get(r, "minor")) &&
	     v.patch == (uint64_t)json_integer_value(json_object_get(r, "patch")) &&
	     !strcmp(v.pre, js(r, "prerelease")) && !strcmp(v.meta, js(r, "metadata"));
	row(c, key, ok, "parts differ");
	cc_semver_free(&v);
	free(key);
}

static void v_new(corpus *c, const json_t *r)
{
	cc_semver v;
	int ok = cc_semver_new(&v, (uint64_t)json_integer_value(json_object_get(r, "major")),
			       (uint64_t)json_integer_value(json_object_get(r, "minor")),
			       (uint64_t)json_integer_value(json_object_get(r, "patch")), js(r, "pre"),
			       js(r, "metadata"), NULL) == CC_OK;
	char *s = ok ? cc_semver_string(&v) : strdup("<error>");
	char *key = key_of(r, "major", "pre");
	row(c, key, !strcmp(s, js(r, "string")) && ok && !strcmp(v.original, s), "got %s", s);
	free(s);
	free(key);
	if (ok)
		cc_semver_free(&v);
}

static void v_compare(corpus *c, const json_t *r)
{
	int d = cmp_loose(js(r, "v1"), js(r, "v2"));
	char *key = key_of(r, "v1", "v2");
	row(c, key, d == json_integer_value(json_object_get(r, "expected")), "compare gave %d", d);
	free(key);
}

/* less_than, less_than_equal, greater_than, greater_than_equal through Compare. */
static void v_relation(corpus *c, const json_t *r)
{
	int d = cmp_loose(js(r, "v1"), js(r, "v2")), got;
	const char *s = c->section;
	if (!strcmp(s, "less_than"))
		got = d == -1;
	else if (!strcmp(s, "less_than_equal"))
		got = d == -1 || d == 0;
	else if (!strcmp(s, "greater_than"))
		got = d == 1;
	else
		got = d == 1 || d == 0;
	char *key = key_of(r, "v1", "v2");
	row(c, key, d != -2 && got == json_is_true(json_object_get(r, "expected")), "compare gave %d", d);
	free(key);
}

/* Equal, where JSON null stands for Go's nil *Version. */
static void v_equal(corpus *c, const json_t *r)
{
	cc_semver a, b;
	const char *s1 = js(r, "v1"), *s2 = js(r, "v2");
	int ok1 = s1 && cc_semver_parse(&a, s1, NULL) == CC_OK;
	int ok2 = s2 && cc_semver_parse(&b, s2, NULL) == CC_OK;
	int got = cc_semver_equal(ok1 ? &a : NULL, ok2 ? &b : NULL);
	char *key = key_of(r, "v1", "v2");
	row(c, key, got == json_is_true(json_object_get(r, "expected")), "equal gave %d", got);
	free(key);
	if (ok1)
		cc_semver_free(&a);
	if (ok2)
		cc_semver_free(&b);
}

static int part_of(const char *how)
{
	return !strcmp(how, "major") ? CC_BUMP_MAJOR : !strcmp(how, "minor") ? CC_BUMP_MINOR : CC_BUMP_PATCH;
}

static void v_increment(corpus *c, const json_t *r)
{
	cc_semver v, next;
	cc_semver_bump_opts o = { part_of(js(r, "how")), NULL, 0 };
	int ok = cc_semver_parse(&v, js(r, "version"), NULL) == CC_OK;
	ok = ok && cc_semver_bump(&next, &v, &o, NULL) == CC_OK;
	char *s = ok ? cc_semver_string(&next) : strdup("<error>");
	char *key = key_of(r, "version", "how");
	row(c, key, ok && !strcmp(s, js(r, "expected_string")) &&
		    !strcmp(next.original, js(r, "expected_original")),
	    "got %s / %s", s, ok ? next.original : "");
	free(s);
	free(key);
	if (ok) {
		cc_semver_free(&v);
		cc_semver_free(&next);
	}
}

/* Masterminds panics where chartci returns an error with the panic's text. */
static void v_increment_overflow(corpus *c, const json_t *text)
{
	static const char *const parts[] = { "major", "minor", "patch" };
	(void)text;
	for (int i = 0; i < 3; i++) {
		cc_semver v, next;
		cc_error err;
		cc_semver_new(&v, i == 0 ? UINT64_MAX : 1, i == 1 ? UINT64_MAX : 1, i == 2 ? UINT64_MAX : 1,
			      NULL, NULL, NULL);
		cc_semver_bump_opts o = { part_of(parts[i]), NULL, 0 };
		char want[128], key[64];
		snprintf(want, sizeof(want), "%s version increment would overflow uint64", parts[i]);
		snprintf(key, sizeof(key), "\"%s\"", parts[i]);
		int rc = cc_semver_bump(&next, &v, &o, &err);
		row(c, key, rc != CC_OK && !strcmp(err.msg, want), "bump gave %d", rc);
		cc_semver_free(&v);
	}
}

static void v_set_field(corpus *c, const json_t *r, int pre)
{
	const char *field = pre ? "prerelease" : "metadata";
	cc_semver v;
	cc_error err;
	cc_error_clear(&err);
	cc_semver_parse(&v, js(r, "version"), NULL);
	int rc = pre ? cc_semver_set_prerelease(&v, js(r, field), &err)
		     : cc_semver_set_metadata(&v, js(r, field), &err);
	const json_t *e = json_object_get(r, "error");
	char *s = cc_semver_string(&v);
	char expect_key[32];
	snprintf(expect_key, sizeof(expect_key), "expected_%s", field);
	int ok = !strcmp(s, js(r, "expected_string")) && !strcmp(v.original, js(r, "expected_original")) &&
		 !strcmp(pre ? v.pre : v.meta, js(r, expect_key)) &&
		 (json_is_null(e) ? rc == CC_OK
				  : rc != CC_OK && !strcmp(err.msg, errname_message(json_string_value(e))));
	char *key = key_of(r, "version", field);
	row(c, key, ok, "got %s (%s), rc %d %s", s, v.original, rc, err.msg);
	free(key);
	free(s);
	cc_semver_free(&v);
}

static void v_set_pre(corpus *c, const json_t *r) { v_set_field(c, r, 1); }
static void v_set_meta(corpus *c, const json_t *r) { v_set_field(c, r, 0); }

static void v_prefix(corpus *c, const json_t *r)
{
	cc_semver v;
	cc_semver_parse(&v, js(r, "version"), NULL);
	char *key = key_of(r, "version", NULL);
	row(c, key, !strcmp(cc_semver_has_v(&v) ? "v" : "", js(r, "prefix")), "prefix differs");
	free(key);
	cc_semver_free(&v);
}

static void validate_ident(corpus *c, const json_t *r, int pre)
{
	const char *field = pre ? "prerelease" : "metadata";
	cc_error err;
	cc_error_clear(&err);
	int rc = pre ? cc_semver_validate_prerelease(js(r, field), &err)
		     : cc_semver_validate_metadata(js(r, field), &err);
	const json_t *e = json_object_get(r, "error");
	int ok = json_is_null(e) ? rc == CC_OK
				 : rc != CC_OK && !strcmp(err.msg, errname_message(json_string_value(e)));
	char *key = key_of(r, field, NULL);
	row(c, key, ok, "rc %d: %s", rc, err.msg);
	free(key);
}

static void v_validate_pre(corpus *c, const json_t *r) { validate_ident(c, r, 1); }
static void v_validate_meta(corpus *c, const json_t *r) { validate_ident(c, r, 0); }

static void v_sort(corpus *c, const json_t *o)
{
	const json_t *in = json_object_get(o, "input"), *want = json_object_get(o, "sorted_strings");
	size_t n = json_array_size(in);
	cc_semver *vs = calloc(n, sizeof(*vs));
	for (size_t i = 0; i < n; i++)
		cc_semver_parse(&vs[i], json_string_value(json_array_get(in, i)), NULL);
	cc_semver_sort(vs, n);
	int ok = json_array_size(want) == n;
	for (size_t i = 0; ok && i < n; i++) {
		char *s = cc_semver_string(&vs[i]);
		ok = !strcmp(s, json_string_value(json_array_get(want, i)));
		free(s);
	}
	for (size_t i = 0; i < n; i++)
		cc_semver_free(&vs[i]);
	free(vs);
	char *key = dump(in);
	row(c, key, ok, "order differs");
	free(key);
}

static void v_text(corpus *c, const json_t *o)
{
	char *s = canon(js(o, "version"));
	json_t *j = json_string(s);
	char *js_text = json_dumps(j, JSON_ENCODE_ANY);
	char *key = key_of(o, "version", NULL);
	row(c, key, !strcmp(s, js(o, "text")) && !strcmp(js_text, js(o, "json")), "got %s / %s", s, js_text);
	free(key);
	free(js_text);
	json_decref(j);
	free(s);
}

/* Fuzz seeds have no expected result: each must parse or fail cleanly, both ways. */
static void seed_row(corpus *c, const json_t *s)
{
	const char *text = json_string_value(s);
	cc_constraint con;
	parses(text, CC_SEMVER_STRICT);
	parses(text, CC_SEMVER_LOOSE);
	if (cc_constraint_parse(&con, text, NULL) == CC_OK)
		cc_constraint_free(&con);
	char *key = dump(s);
	row(c, key, 1, "");
	free(key);
}

static void test_corpus_versions(void **state)
{
	static const section secs[] = {
		{ "strict_parse", v_strict }, { "loose_parse", v_loose },
		{ "loose_parse_no_coerce", v_no_coerce }, { "loose_parse_no_coerce_errors", v_no_coerce_errors },
		{ "parse_summary", v_summary }, { "original_roundtrip", v_original },
		{ "canonical_string", v_canonical }, { "parts", v_parts }, { "new_from_parts", v_new },
		{ "compare", v_compare }, { "less_than", v_relation }, { "less_than_equal", v_relation },
		{ "greater_than", v_relation }, { "greater_than_equal", v_relation }, { "equal", v_equal },
		{ "increment", v_increment }, { "increment_overflow", v_increment_overflow },
		{ "set_prerelease", v_set_pre }, { "set_metadata", v_set_meta },
		{ "original_v_prefix", v_prefix }, { "validate_prerelease", v_validate_pre },
		{ "validate_metadata", v_validate_meta }, { "collection_sort", v_sort },
		{ "json_text_roundtrip", v_text }, { "fuzz_seeds", seed_row },
	};
	static const char *const ignored[] = { "source", "semantics", "equal_note", "verified", NULL };
	corpus c = { *state, "versions.json", "", 0, 0, 0 };
	json_t *root = load_corpus(c.file);
	run_sections(&c, root, secs, sizeof(secs) / sizeof(secs[0]), ignored);
	json_decref(root);
	finish(&c);
}

/* ================= constraints.json ================= */

static const char *op_name(int op)
{
	switch (op) {
	case CC_OP_EQ: return "= (tilde-or-equal)";
	case CC_OP_NE: return "!=";
	case CC_OP_GT: return ">";
	case CC_OP_LT: return "<";
	case CC_OP_GE: return ">=";
	case CC_OP_LE: return "<=";
	case CC_OP_TILDE: return "~";
	default: return "^";
	}
}

static void c_parse_single(corpus *c, const json_t *r)
{
	cc_constraint con;
	int ok = cc_constraint_parse(&con, js(r, "constraint"), NULL) == CC_OK;
	int good = ok == json_is_true(json_object_get(r, "valid"));
	if (ok && good) {
		const cc_constraint_term *t = &con.groups[0].terms[0];
		char *v = cc_semver_string(&t->con);
		good = con.n == 1 && con.groups[0].n == 1 && !strcmp(op_name(t->op), js(r, "operator")) &&
		       !strcmp(v, js(r, "con_version"));
		free(v);
	}
	if (ok)
		cc_constraint_free(&con);
	char *key = key_of(r, "constraint", NULL);
	row(c, key, good, "parse %d", ok);
	free(key);
}

static void check_row(corpus *c, const json_t *r, int flags)
{
	char msg[CC_ERROR_MSG_MAX];
	int got = eval(js(r, "constraint"), js(r, "version"), CC_SEMVER_LOOSE, flags, NULL, msg, sizeof(msg));
	int want = json_is_true(json_object_get(r, "expected"));
	char *key = key_of(r, "constraint", "version");
	row(c, key, got == want, "got %s", msg);
	free(key);
}

static void c_check(corpus *c, const json_t *r) { check_row(c, r, 0); }
static void c_check_pre(corpus *c, const json_t *r) { check_row(c, r, CC_CONSTRAINT_INCLUDE_PRERELEASE); }

static void validate_row(corpus *c, const json_t *r, int flags)
{
	char msg[CC_ERROR_MSG_MAX];
	cc_strvec why = CC_STRVEC_INIT;
	int got = eval(js(r, "constraint"), js(r, "version"), CC_SEMVER_LOOSE, flags, &why, msg, sizeof(msg));
	int want = json_is_true(json_object_get(r, "expected"));
	char *key = key_of(r, "constraint", "version");
	row(c, key, got == want && (got == 1) == (why.n == 0), "got %s with %zu reasons", msg, why.n);
	cc_strvec_free(&why);
	free(key);
}

static void c_validate(corpus *c, const json_t *r) { validate_row(c, r, 0); }
static void c_validate_pre(corpus *c, const json_t *r) { validate_row(c, r, CC_CONSTRAINT_INCLUDE_PRERELEASE); }

static void message_row(corpus *c, const json_t *r, int flags)
{
	char msg[CC_ERROR_MSG_MAX];
	cc_strvec why = CC_STRVEC_INIT;
	int vmode = !strcmp(js(r, "version_parse"), "strict") ? CC_SEMVER_STRICT : CC_SEMVER_LOOSE;
	int got = eval(js(r, "constraint"), js(r, "version"), vmode, flags, &why, msg, sizeof(msg));
	const char *first = why.n ? why.v[0] : "";
	char *key = key_of(r, "constraint", "version");
	row(c, key, got == 0 && !strcmp(first, js(r, "first_message")), "got %s: %s", msg, first);
	cc_strvec_free(&why);
	free(key);
}

static void c_messages(corpus *c, const json_t *r) { message_row(c, r, 0); }
static void c_messages_pre(corpus *c, const json_t *r) { message_row(c, r, CC_CONSTRAINT_INCLUDE_PRERELEASE); }

static void c_multi_messages(corpus *c, const json_t *o)
{
	for (int flags = 0; flags <= CC_CONSTRAINT_INCLUDE_PRERELEASE; flags++) {
		char msg[CC_ERROR_MSG_MAX];
		cc_strvec why = CC_STRVEC_INIT;
		int got = eval(js(o, "constraint"), js(o, "version"), CC_SEMVER_LOOSE, flags, &why, msg, sizeof(msg));
		const json_t *want = json_object_get(o, "messages");
		int ok = got == json_is_true(json_object_get(o, "expected")) && why.n == json_array_size(want);
		for (size_t i = 0; ok && i < why.n; i++)
			ok = !strcmp(why.v[i], json_string_value(json_array_get(want, i)));
		char *key = key_of(o, "constraint", "version");
		row(c, key, ok, "include-prerelease %d: got %s with %zu reasons", flags, msg, why.n);
		free(key);
		cc_strvec_free(&why);
	}
}

static void c_new_constraint(corpus *c, const json_t *r)
{
	cc_constraint con;
	int ok = cc_constraint_parse(&con, js(r, "constraint"), NULL) == CC_OK;
	int good = ok == json_is_true(json_object_get(r, "valid"));
	if (ok && good)
		good = (json_int_t)con.n == json_integer_value(json_object_get(r, "or_groups")) &&
		       (json_int_t)con.groups[0].n ==
			       json_integer_value(json_object_get(r, "and_terms_in_first_group"));
	char *key = key_of(r, "constraint", NULL);
	row(c, key, good, "parse %d, %zu groups", ok, ok ? con.n : 0);
	free(key);
	if (ok)
		cc_constraint_free(&con);
}

static void string_row(corpus *c, const json_t *r, const char *in, const char *out)
{
	cc_constraint con;
	int ok = cc_constraint_parse(&con, js(r, in), NULL) == CC_OK;
	char *s = ok ? cc_constraint_string(&con) : strdup("<error>");
	char *key = key_of(r, in, NULL);
	row(c, key, !strcmp(s, js(r, out)), "got %s", s);
	free(key);
	free(s);
	if (ok)
		cc_constraint_free(&con);
}

static void c_string(corpus *c, const json_t *r) { string_row(c, r, "constraint", "string"); }
static void c_marshal(corpus *c, const json_t *r) { string_row(c, r, "constraint", "text"); }
static void c_unmarshal(corpus *c, const json_t *r) { string_row(c, r, "text", "string"); }

static void c_rewrite(corpus *c, const json_t *r)
{
	char *got = cc_constraint_rewrite_range(js(r, "input"));
	char *key = key_of(r, "input", NULL);
	row(c, key, !strcmp(got, js(r, "output")), "got \"%s\"", got);
	free(key);
	free(got);
}

static void c_wildcard(corpus *c, const json_t *r)
{
	int got = cc_semver_is_wildcard(js(r, "token"));
	char *key = key_of(r, "token", NULL);
	row(c, key, got == json_is_true(json_object_get(r, "expected")), "got %d", got);
	free(key);
}

static void c_failure(corpus *c, const json_t *s)
{
	cc_constraint con;
	int ok = cc_constraint_parse(&con, json_string_value(s), NULL) == CC_OK;
	char *key = dump(s);
	row(c, key, !ok, "parsed");
	free(key);
	if (ok)
		cc_constraint_free(&con);
}

static void test_corpus_constraints(void **state)
{
	static const section secs[] = {
		{ "parse_single", c_parse_single }, { "check_single", c_check },
		{ "new_constraint", c_new_constraint }, { "check", c_check },
		{ "check_include_prerelease", c_check_pre }, { "rewrite_range", c_rewrite },
		{ "is_wildcard", c_wildcard }, { "validate", c_validate },
		{ "validate_messages", c_messages }, { "validate_include_prerelease", c_validate_pre },
		{ "validate_include_prerelease_messages", c_messages_pre },
		{ "validate_multi_messages", c_multi_messages }, { "string_roundtrip", c_string },
		{ "text_marshal", c_marshal }, { "text_unmarshal", c_unmarshal },
		{ "fuzz_seeds", seed_row }, { "parse_failures", c_failure },
	};
	static const char *const ignored[] = { "source", "semantics", "parse_failures_note", "verified", NULL };
	corpus c = { *state, "constraints.json", "", 0, 0, 0 };
	json_t *root = load_corpus(c.file);
	run_sections(&c, root, secs, sizeof(secs) / sizeof(secs[0]), ignored);
	json_decref(root);
	finish(&c);
}

/* ================= masterminds-probed.json ================= */

/* Each probe version of a check map, against the parsed constraint. */
static int check_map(const cc_constraint *con, const json_t *map, int flags, char *bad, size_t badsz)
{
	const char *v;
	json_t *want;
	json_object_foreach((json_t *)map, v, want) {
		cc_semver ver;
		if (cc_semver_parse(&ver, v, NULL) != CC_OK) {
			snprintf(bad, badsz, "probe %s does not parse", v);
			return 0;
		}
		int got = cc_constraint_check(con, &ver, flags);
		cc_semver_free(&ver);
		if (got != json_is_true(want)) {
			snprintf(bad, badsz, "%s gives %d (include-prerelease %d)", v, got, flags);
			return 0;
		}
	}
	return 1;
}

static void p_constraint(corpus *c, const json_t *r)
{
	cc_constraint con;
	cc_error err;
	cc_error_clear(&err);
	char bad[256] = "";
	int ok = cc_constraint_parse(&con, js(r, "constraint"), &err) == CC_OK, good;
	if (js(r, "error")) {
		good = !ok && !strcmp(err.msg, js(r, "error"));
		snprintf(bad, sizeof(bad), "error \"%.200s\"", ok ? "<none>" : err.msg);
	} else if (!ok) {
		good = 0;
		snprintf(bad, sizeof(bad), "error \"%.200s\"", err.msg);
	} else {
		char *s = cc_constraint_string(&con);
		good = !strcmp(s, js(r, "string")) &&
		       (json_int_t)con.n == json_integer_value(json_object_get(r, "or_groups")) &&
		       check_map(&con, json_object_get(r, "check"), 0, bad, sizeof(bad)) &&
		       check_map(&con, json_object_get(r, "check_include_prerelease"),
				 CC_CONSTRAINT_INCLUDE_PRERELEASE, bad, sizeof(bad));
		if (!bad[0])
			snprintf(bad, sizeof(bad), "string %s, %zu groups", s, con.n);
		free(s);
	}
	if (ok)
		cc_constraint_free(&con);
	char *key = key_of(r, "constraint", NULL);
	row(c, key, good, "%s", bad);
	free(key);
}

static void p_version(corpus *c, const json_t *r)
{
	static const struct {
		const char *key;
		int mode;
	} modes[] = { { "strict", CC_SEMVER_STRICT }, { "loose", CC_SEMVER_LOOSE },
		      { "loose_no_coerce", CC_SEMVER_NO_COERCE } };
	const char *sec = c->section;
	for (size_t i = 0; i < 3; i++) {
		char msg[CC_ERROR_MSG_MAX], sub[64];
		cc_semver v;
		if (parse_msg(js(r, "version"), modes[i].mode, &v, msg, sizeof(msg)) == CC_OK)
			cc_semver_free(&v);
		char *key = key_of(r, "version", NULL);
		snprintf(sub, sizeof(sub), "versions.%s", modes[i].key);
		c->section = sub;
		row(c, key, !strcmp(msg, js(r, modes[i].key)), "got \"%s\"", msg);
		free(key);
	}
	c->section = sec;
}

static void test_corpus_probed(void **state)
{
	static const section secs[] = {
		{ "constraints", p_constraint }, { "versions", p_version }, { "compare", v_compare },
	};
	static const char *const ignored[] = { "source", NULL };
	corpus c = { *state, "masterminds-probed.json", "", 0, 0, 0 };
	json_t *root = load_corpus(c.file);
	run_sections(&c, root, secs, sizeof(secs) / sizeof(secs[0]), ignored);
	json_decref(root);
	finish(&c);
}

/* ================= realworld-from-charts.json ================= */

static void r_chart_version(corpus *c, const json_t *r)
{
	const char *v = js(r, "version");
	char smsg[CC_ERROR_MSG_MAX], lmsg[CC_ERROR_MSG_MAX];
	cc_semver sv, lv;
	if (parse_msg(v, CC_SEMVER_STRICT, &sv, smsg, sizeof(smsg)) == CC_OK)
		cc_semver_free(&sv);
	int lok = parse_msg(v, CC_SEMVER_LOOSE, &lv, lmsg, sizeof(lmsg)) == CC_OK;
	const char *ws = js(r, "strict_error"), *wl = js(r, "loose_error");
	int good = !strcmp(smsg, ws ? ws : "ok") && !strcmp(lmsg, wl ? wl : "ok");
	int lint = 0;
	if (lok) {
		char *s = cc_semver_string(&lv);
		good = good && js(r, "canonical") && !strcmp(s, js(r, "canonical"));
		free(s);
		cc_constraint gt;
		cc_constraint_parse(&gt, ">0.0.0-0", NULL);
		lint = cc_constraint_validate(&gt, &lv, 0, NULL);
		cc_constraint_free(&gt);
		cc_semver_free(&lv);
	}
	good = good && lint == json_is_true(json_object_get(r, "passes_gt_0.0.0-0"));
	char *key = key_of(r, "version", NULL);
	row(c, key, good, "strict \"%s\", loose \"%s\", lint %d", smsg, lmsg, lint);
	free(key);
}

static void r_dependency(corpus *c, const json_t *r)
{
	cc_constraint con;
	cc_error err;
	int ok = cc_constraint_parse(&con, js(r, "constraint"), &err) == CC_OK;
	char *s = ok ? cc_constraint_string(&con) : strdup(err.msg);
	int good = ok && !strcmp(s, js(r, "string"));
	size_t i;
	json_t *lc;
	json_array_foreach(json_object_get(r, "locked_checks"), i, lc) {
		char msg[CC_ERROR_MSG_MAX];
		cc_semver v;
		const char *verr = js(lc, "version_error");
		if (parse_msg(js(lc, "locked_version"), CC_SEMVER_LOOSE, &v, msg, sizeof(msg)) != CC_OK) {
			good = good && verr && !strcmp(msg, verr);
			continue;
		}
		good = good && !verr && ok &&
		       cc_constraint_check(&con, &v, 0) == json_is_true(json_object_get(lc, "check"));
		cc_semver_free(&v);
	}
	char *key = key_of(r, "constraint", NULL);
	row(c, key, good, "string %s", s);
	free(key);
	free(s);
	if (ok)
		cc_constraint_free(&con);
}

static void r_kube(corpus *c, const json_t *r)
{
	const char *k;
	json_t *want;
	int good = 1;
	char bad[128] = "";
	json_object_foreach(json_object_get(r, "checks"), k, want) {
		int got = cc_semver_kube_compatible(js(r, "constraint"), k);
		if (got != json_is_true(want)) {
			good = 0;
			snprintf(bad, sizeof(bad), "%s gives %d", k, got);
		}
	}
	char *key = key_of(r, "constraint", NULL);
	row(c, key, good, "%s", bad);
	free(key);
}

static void r_kube_version(corpus *c, const json_t *s)
{
	char *key = dump(s);
	row(c, key, parses(json_string_value(s), CC_SEMVER_LOOSE), "does not parse");
	free(key);
}

static void test_corpus_realworld(void **state)
{
	static const section secs[] = {
		{ "chart_versions", r_chart_version }, { "dependency_constraints", r_dependency },
		{ "kube_version_constraints", r_kube }, { "kube_versions_checked", r_kube_version },
	};
	static const char *const ignored[] = { "source", NULL };
	corpus c = { *state, "realworld-from-charts.json", "", 0, 0, 0 };
	json_t *root = load_corpus(c.file);
	run_sections(&c, root, secs, sizeof(secs) / sizeof(secs[0]), ignored);
	json_decref(root);
	finish(&c);
}

/* ================= semver-org.json ================= */

static void o_list(corpus *c, const json_t *list, int mode, int want)
{
	size_t i;
	json_t *s;
	json_array_foreach(list, i, s) {
		char *key = dump(s);
		int got = parses(json_string_value(s), mode);
		row(c, key, got == want, "parses: %d", got);
		free(key);
	}
}

static void o_valid(corpus *c, const json_t *s)
{
	char *key = dump(s);
	int got = parses(json_string_value(s), CC_SEMVER_STRICT);
	row(c, key, got, "strict parse refuses it");
	free(key);
}

static void o_invalid(corpus *c, const json_t *s)
{
	char *key = dump(s);
	int got = parses(json_string_value(s), CC_SEMVER_STRICT);
	row(c, key, !got, "strict parse accepts it");
	free(key);
}

static void o_precedence(corpus *c, const json_t *o)
{
	const json_t *asc = json_object_get(o, "ordered_ascending");
	for (size_t i = 0; i + 1 < json_array_size(asc); i++)
		for (size_t j = i + 1; j < json_array_size(asc); j++) {
			const char *a = json_string_value(json_array_get(asc, i));
			const char *b = json_string_value(json_array_get(asc, j));
			char key[256];
			snprintf(key, sizeof(key), "\"%s < %s\"", a, b);
			int d = cmp_loose(a, b);
			row(c, key, d == -1 && cmp_loose(b, a) == 1, "compare gave %d", d);
		}
	size_t i;
	json_t *chain;
	json_array_foreach(json_object_get(o, "also"), i, chain) {
		char *text = strdup(json_string_value(chain)), *save = NULL, *prev = NULL;
		int ok = 1;
		for (char *t = strtok_r(text, " <", &save); t; t = strtok_r(NULL, " <", &save)) {
			ok = ok && (!prev || cmp_loose(prev, t) == -1);
			prev = t;
		}
		char *key = dump(chain);
		row(c, key, ok, "chain out of order");
		free(key);
		free(text);
	}
	row(c, "\"1.0.0+a == 1.0.0+b\"", cmp_loose("1.0.0+a", "1.0.0+b") == 0, "metadata counted");
}

static void o_spec_examples(corpus *c, const json_t *o)
{
	o_list(c, json_object_get(o, "prerelease_examples"), CC_SEMVER_STRICT, 1);
	o_list(c, json_object_get(o, "build_examples"), CC_SEMVER_STRICT, 1);
}

static void o_masterminds(corpus *c, const json_t *o)
{
	o_list(c, json_object_get(o, "valid_but_rejected_strict"), CC_SEMVER_STRICT, 0);
	o_list(c, json_object_get(o, "invalid_but_accepted_strict"), CC_SEMVER_STRICT, 1);
	o_list(c, json_object_get(o, "valid_but_rejected_loose"), CC_SEMVER_LOOSE, 0);
	o_list(c, json_object_get(o, "invalid_but_accepted_loose"), CC_SEMVER_LOOSE, 1);
}

static pcre2_code *compile(const char *re)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *rx = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_DOLLAR_ENDONLY, &code, &off, NULL);
	if (!rx)
		fail_msg("semver.org regex does not compile at %zu", (size_t)off);
	return rx;
}

static int rx_match(pcre2_code *rx, const char *s)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(rx, NULL);
	int r = pcre2_match(rx, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return r >= 0;
}

/* Our strict parser against semver.org's own regex, on every string of the file. */
static void o_regex(corpus *c, const json_t *root)
{
	const json_t *src = json_object_get(root, "source");
	pcre2_code *num = compile(js(src, "regex_numbered"));
	pcre2_code *named = compile(js(src, "regex_named_groups"));
	c->section = "regex";
	static const char *const lists[] = { "valid", "invalid" };
	for (size_t l = 0; l < 2; l++) {
		size_t i;
		json_t *s;
		json_array_foreach(json_object_get(root, lists[l]), i, s) {
			const char *v = json_string_value(s);
			int m = rx_match(num, v), n = rx_match(named, v), p = parses(v, CC_SEMVER_STRICT);
			char *key = dump(s);
			row(c, key, m == n && m == p, "regex %d, named %d, parser %d", m, n, p);
			free(key);
		}
	}
	pcre2_code_free(num);
	pcre2_code_free(named);
}

static void test_corpus_semver_org(void **state)
{
	static const section secs[] = {
		{ "valid", o_valid }, { "invalid", o_invalid }, { "precedence_examples", o_precedence },
		{ "spec_examples", o_spec_examples }, { "masterminds_v3_results", o_masterminds },
	};
	static const char *const ignored[] = { "source", NULL };
	corpus c = { *state, "semver-org.json", "", 0, 0, 0 };
	json_t *root = load_corpus(c.file);
	run_sections(&c, root, secs, sizeof(secs) / sizeof(secs[0]), ignored);
	o_regex(&c, root);
	json_decref(root);
	finish(&c);
}

/* ================= beyond the corpus ================= */

static char *bump(const char *v, int part, const char *pre, int fin, char *msg, size_t msgsz)
{
	cc_semver in, out;
	cc_error err;
	cc_error_clear(&err);
	assert_int_equal(cc_semver_parse(&in, v, NULL), CC_OK);
	cc_semver_bump_opts o = { part, pre, fin };
	int rc = cc_semver_bump(&out, &in, &o, &err);
	cc_semver_free(&in);
	if (rc != CC_OK) {
		snprintf(msg, msgsz, "%s", err.msg);
		return NULL;
	}
	char *r = strdup(out.original);
	cc_semver_free(&out);
	return r;
}

static void expect_bump(const char *v, int part, const char *pre, int fin, const char *want)
{
	char msg[CC_ERROR_MSG_MAX] = "";
	char *got = bump(v, part, pre, fin, msg, sizeof(msg));
	if (!got || strcmp(got, want) != 0)
		fail_msg("bump %s (part %d, pre %s, finalize %d): got %s%s, want %s", v, part,
			 pre ? pre : "-", fin, got ? got : "error: ", got ? "" : msg, want);
	free(got);
}

static void expect_bump_error(const char *v, int part, const char *pre, int fin, const char *part_msg)
{
	char msg[CC_ERROR_MSG_MAX] = "";
	char *got = bump(v, part, pre, fin, msg, sizeof(msg));
	if (got || !strstr(msg, part_msg))
		fail_msg("bump %s: got %s / \"%s\", want an error with \"%s\"", v, got ? got : "-", msg, part_msg);
	free(got);
}

static void test_bump_rules(void **state)
{
	(void)state;
	expect_bump("1.2.3", CC_BUMP_MINOR, "rc", 0, "1.3.0-rc.1");
	expect_bump("1.3.0-rc.1", CC_BUMP_NONE, "rc", 0, "1.3.0-rc.2");
	expect_bump("1.3.0-rc.9", CC_BUMP_NONE, "rc", 0, "1.3.0-rc.10");
	expect_bump("1.3.0-rc", CC_BUMP_NONE, "rc", 0, "1.3.0-rc.1");
	expect_bump("1.3.0-beta.3", CC_BUMP_NONE, "rc", 0, "1.3.0-rc.1");
	expect_bump("1.2.3", CC_BUMP_NONE, "rc", 0, "1.2.4-rc.1");
	expect_bump("v1.2.3", CC_BUMP_MAJOR, "alpha", 0, "v2.0.0-alpha.1");
	expect_bump("v1.2.3+build.5", CC_BUMP_PATCH, NULL, 0, "v1.2.4");
	expect_bump("1.3.0-rc.2+b7", CC_BUMP_NONE, NULL, 1, "1.3.0");
	expect_bump("v1.3.0-rc.2", CC_BUMP_NONE, NULL, 1, "v1.3.0");
	expect_bump("v1.2", CC_BUMP_MINOR, NULL, 0, "v1.3.0");
	expect_bump("1.3.0-rc.2", CC_BUMP_MINOR, NULL, 0, "1.4.0");
	expect_bump("1.3.0-rc.2", CC_BUMP_PATCH, NULL, 0, "1.3.0");
	expect_bump("1.2.3-rc.1", CC_BUMP_MAJOR, "rc", 0, "2.0.0-rc.1");
	expect_bump_error("1.3.0-rc.2", CC_BUMP_NONE, "alpha", 0, "not greater");
	expect_bump_error("1.3.0-rc.1", CC_BUMP_PATCH, "rc", 0, "not greater");
	expect_bump_error("1.3.0-rc.1.x", CC_BUMP_NONE, "rc", 0, "not greater");
	expect_bump_error("1.3.0", CC_BUMP_NONE, NULL, 1, "not a prerelease");
	expect_bump_error("1.3.0-rc.1", CC_BUMP_MINOR, NULL, 1, "cannot be combined");
	expect_bump_error("1.3.0", CC_BUMP_NONE, NULL, 0, "nothing to bump");
	expect_bump_error("1.3.0", CC_BUMP_MINOR, "r_c", 0, "is invalid");
	expect_bump_error("1.3.0", CC_BUMP_MINOR, "", 0, "is invalid");
	expect_bump_error("1.3.0", CC_BUMP_MINOR, "01", 0, "is invalid");
	expect_bump_error("1.3.0-rc.18446744073709551615", CC_BUMP_NONE, "rc", 0, "within uint64");
}

static cc_constraint parse_c(const char *text)
{
	cc_constraint c;
	cc_error err;
	if (cc_constraint_parse(&c, text, &err) != CC_OK)
		fail_msg("constraint %s: %s", text, err.msg);
	return c;
}

static void test_max_satisfying(void **state)
{
	(void)state;
	static const char *const list[] = { "1.2.0", "v1.9.3", "2.0.0", "1.10.0-rc.1", "1.9.3+other", "0.9.0" };
	size_t n = sizeof(list) / sizeof(list[0]);
	cc_semver vs[6];
	for (size_t i = 0; i < n; i++)
		assert_int_equal(cc_semver_parse(&vs[i], list[i], NULL), CC_OK);
	cc_constraint c = parse_c("^1.2");
	assert_int_equal(cc_semver_max_satisfying(&c, vs, n, 0), 1); /* the first of two equals */
	assert_int_equal(cc_semver_max_satisfying(&c, vs, n, CC_CONSTRAINT_INCLUDE_PRERELEASE), 3);
	cc_constraint_free(&c);
	c = parse_c(">=1.10.0-0");
	assert_int_equal(cc_semver_max_satisfying(&c, vs, n, 0), 2);
	cc_constraint_free(&c);
	c = parse_c(">5");
	assert_int_equal(cc_semver_max_satisfying(&c, vs, n, 0), -1);
	assert_int_equal(cc_semver_max_satisfying(&c, vs, 0, 0), -1);
	cc_constraint_free(&c);
	for (size_t i = 0; i < n; i++)
		cc_semver_free(&vs[i]);
}

static void test_sort_is_stable(void **state)
{
	(void)state;
	static const char *const in[] = { "1.0.0+b", "0.1", "1.0.0+a", "1.0.0-rc.1", "v1", "1.0.0-rc.1+z" };
	static const char *const want[] = { "0.1", "1.0.0-rc.1", "1.0.0-rc.1+z", "1.0.0+b", "1.0.0+a", "v1" };
	cc_semver vs[6];
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(cc_semver_parse(&vs[i], in[i], NULL), CC_OK);
	cc_semver_sort(vs, 6);
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal(vs[i].original, want[i]);
		cc_semver_free(&vs[i]);
	}
	/* larger than one merge pass, in reverse */
	cc_semver many[300];
	for (int i = 0; i < 300; i++) {
		char b[32];
		snprintf(b, sizeof(b), "1.%d.0", 299 - i);
		assert_int_equal(cc_semver_parse(&many[i], b, NULL), CC_OK);
	}
	cc_semver_sort(many, 300);
	for (int i = 0; i < 300; i++) {
		assert_int_equal(many[i].minor, i);
		cc_semver_free(&many[i]);
	}
}

static void test_kube_version(void **state)
{
	(void)state;
	assert_true(cc_semver_kube_compatible(">=1.23.0-0", "v1.29.8-eks-a737599"));
	assert_false(cc_semver_kube_compatible(">=1.23.0", "v1.29.8-eks-a737599"));
	assert_true(cc_semver_kube_compatible(">=1.23.0", "v1.29.8"));
	assert_true(cc_semver_kube_compatible(">= 1.19.0-0 < 1.30.0-0", "1.29.8+k3s1"));
	assert_false(cc_semver_kube_compatible(">=1.20.0-0 <1.22.0-0", "v1.22.0"));
	assert_false(cc_semver_kube_compatible(">= bar", "v1.29.0"));
	assert_false(cc_semver_kube_compatible(">=1.0.0-0", "1.29.x"));
	assert_false(cc_semver_kube_compatible("", "v1.29.0"));
}

static void expect_error(const char *text, int is_constraint, const char *msg, int col)
{
	cc_error err;
	cc_error_clear(&err);
	int rc;
	if (is_constraint) {
		cc_constraint c;
		rc = cc_constraint_parse(&c, text, &err);
		if (rc == CC_OK)
			cc_constraint_free(&c);
	} else {
		cc_semver v;
		rc = cc_semver_parse(&v, text, &err);
		if (rc == CC_OK)
			cc_semver_free(&v);
	}
	if (rc != CC_EINVALID || strcmp(err.msg, msg) != 0 || err.col != col)
		fail_msg("%s: got %d \"%s\" col %d, want \"%s\" col %d", text, rc, err.msg, err.col, msg, col);
}

static void test_error_columns(void **state)
{
	(void)state;
	expect_error(">= bar", 1, "improper constraint: \">= bar\"", 4);
	expect_error(">=1.2, <2 || ~3.x.y", 1, "improper constraint: \" ~3.x.y\"", 18);
	expect_error(">=1.2 ||", 1, "improper constraint: \"\"", 9);
	expect_error("^1.2 >=1.2.3-beta.01", 1, "constraint parser error", 8);
	expect_error("1.0 - 2.0 >=1x", 1, "constraint parser error", 0); /* rewritten: no column */
	expect_error(">=1.2\t<2\n!2", 1, "improper constraint: \">=1.2\\t<2\\n!2\"", 10);
	expect_error("1.2.x", 0, "invalid semantic version", 4);
	expect_error("1.2.3-beta.01", 0, "version segment starts with 0", 12);
	expect_error("1.99999999999999999999", 0,
		     "error parsing version segment: strconv.ParseUint: parsing \"99999999999999999999\": value out of range", 3);
}

static void test_go_quoting(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "\x01 \x7f", "improper constraint: \"\\x01 \\x7f\"" },
		{ "\"a\\b\"", "improper constraint: \"\\\"a\\\\b\\\"\"" },
		{ "\v\a\b\f\r", "improper constraint: \"\\v\\a\\b\\f\\r\"" },
		{ "\xc3\xa4 \xe2\x80\xa8", "improper constraint: \"\xc3\xa4 \\u2028\"" },
		{ "\xff\xc3", "improper constraint: \"\\xff\\xc3\"" },
		{ "\xed\xa0\x80", "improper constraint: \"\\xed\\xa0\\x80\"" },
		{ "\xc2\xa0\xf3\xa0\x80\x81", "improper constraint: \"\\u00a0\\U000e0001\"" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cc_constraint c;
		cc_error err;
		assert_int_equal(cc_constraint_parse(&c, cases[i].in, &err), CC_EINVALID);
		assert_string_equal(err.msg, cases[i].want);
	}
}

static void test_limits_and_values(void **state)
{
	(void)state;
	char *big = malloc(CC_CONSTRAINT_MAX_LEN + 2);
	memset(big, '1', CC_CONSTRAINT_MAX_LEN + 1);
	big[CC_CONSTRAINT_MAX_LEN + 1] = '\0';
	cc_constraint c;
	cc_error err;
	assert_int_equal(cc_constraint_parse(&c, big, &err), CC_ELIMIT);
	big[CC_CONSTRAINT_MAX_LEN] = '\0';
	assert_int_equal(cc_constraint_parse(&c, big, &err), CC_EINVALID); /* uint64 overflow */
	assert_string_equal(err.msg, "constraint parser error");
	free(big);

	cc_semver v, copy;
	assert_int_equal(cc_semver_parse_n(&v, "1.2.3\0junk", 10, CC_SEMVER_LOOSE, &err), CC_EINVALID);
	assert_int_equal(cc_semver_parse(&v, "v01.2-rc.1+b", NULL), CC_OK);
	cc_semver_copy(&copy, &v);
	cc_semver_free(&v);
	assert_string_equal(copy.original, "v01.2-rc.1+b");
	assert_string_equal(copy.pre, "rc.1");
	assert_string_equal(copy.meta, "b");
	char *s = cc_semver_string(&copy);
	assert_string_equal(s, "1.2.0-rc.1+b");
	free(s);
	cc_semver_free(&copy);
	cc_semver_free(&copy); /* freeing twice is harmless */

	assert_int_equal(cc_semver_new(&v, 1, 2, 3, "01", NULL, &err), CC_EINVALID);
	assert_int_equal(cc_semver_compare_prerelease("rc.18446744073709551616", "rc.5"), 1);
	assert_int_equal(cc_semver_compare_prerelease("rc.18446744073709551615", "rc.5"), 1);
	assert_int_equal(cc_semver_compare_prerelease("rc.5", "rc.-5"), -1);
}

/* ---- the fuzz target, replayed on its seeds and on mutations of them ---- */

#include "../fuzz/fuzz_semver.c"

static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* One seed and 300 small random mutations of it through the fuzz target. */
static size_t replay_one(const char *data, size_t len, uint64_t *seed)
{
	static const char alphabet[] = "0123456789.-+xX*|v =<>!~^,\t\nab";
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	for (int m = 0; m < 300; m++) {
		char buf[256];
		size_t n = len < sizeof(buf) ? len : sizeof(buf);
		memcpy(buf, data, n);
		for (int k = 0; k < 3; k++) {
			size_t at = n ? next_rand(seed) % (n + 1) : 0;
			char ch = alphabet[next_rand(seed) % (sizeof(alphabet) - 1)];
			if (at < n && next_rand(seed) % 2) {
				buf[at] = ch;
			} else if (n < sizeof(buf)) {
				memmove(buf + at + 1, buf + at, n - at);
				buf[at] = ch;
				n++;
			}
		}
		LLVMFuzzerTestOneInput((const uint8_t *)buf, n);
	}
	return 300;
}

static void test_fuzz_replay(void **state)
{
	(void)state;
	char *dir = tu_project("tests/fuzz/seeds/semver");
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	size_t seeds = 0, runs = 0;
	DIR *d = opendir(dir);
	if (!d)
		fail_msg("no fuzz seeds in %s", dir);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[4800];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		size_t len = 0;
		char *data = tu_slurp(path, &len);
		if (!data)
			continue;
		seeds++;
		runs += replay_one(data, len, &seed);
		free(data);
	}
	closedir(d);
	free(dir);
	printf("fuzz replay: %zu seeds, %zu mutations\n", seeds, runs);
	assert_true(seeds >= 10);
}

/* ---- the suite ---- */

static int setup(void **state)
{
	suite *s = calloc(1, sizeof(*s));
	load_deliberate(s);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	suite *s = *state;
	int stale = 0;
	for (size_t i = 0; i < s->ndl; i++) {
		if (!s->dl[i].seen) {
			printf("  deliberate row not found in the corpus: %s %s %s\n", s->dl[i].file,
			       s->dl[i].section, s->dl[i].key);
			stale++;
		}
		free(s->dl[i].file);
		free(s->dl[i].section);
		free(s->dl[i].key);
		free(s->dl[i].reason);
	}
	printf("semver corpus: %zu passed, %zu deliberately different\n", s->passed, s->different);
	free(s->dl);
	free(s);
	return stale ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_versions),
		cmocka_unit_test(test_corpus_constraints),
		cmocka_unit_test(test_corpus_probed),
		cmocka_unit_test(test_corpus_realworld),
		cmocka_unit_test(test_corpus_semver_org),
		cmocka_unit_test(test_bump_rules),
		cmocka_unit_test(test_max_satisfying),
		cmocka_unit_test(test_sort_is_stable),
		cmocka_unit_test(test_kube_version),
		cmocka_unit_test(test_error_columns),
		cmocka_unit_test(test_go_quoting),
		cmocka_unit_test(test_limits_and_values),
		cmocka_unit_test(test_fuzz_replay),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
