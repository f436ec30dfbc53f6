/*
 * ignore: .helmignore rules and the glob matcher under them.
 *
 * `helm package` and `helm lint` decide which files belong to a chart with
 * helm's pkg/ignore, and chartci must agree with them file for file, or a
 * check passes here and the package differs there. So both layers follow
 * their Go originals to the letter, quirks included:
 *
 *   - the globs are Go's path/filepath.Match, not fnmatch(3): classes negate
 *     with '^' (a '!' is a literal), '*' and '?' stop at '/', a class may
 *     match '/', '?' and classes consume one UTF-8 rune (an invalid byte is
 *     one rune, U+FFFD), and a malformed pattern is an error whatever the
 *     name, because Go checks the rest of the pattern before answering "no";
 *   - lines are cut the way bufio.Scanner cuts them (a 64 KiB line is an
 *     error), trimmed with Go's unicode notion of space, and helm's own
 *     rule syntax (#, !, trailing and leading '/') applies on top;
 *   - a negated rule ignores every path reaching it that it does NOT match,
 *     which is what helm's Rules.Ignore really does, whatever the docs say.
 *
 * Strings are handled as (pointer, length) spans, since a rule may hold a
 * NUL byte that Go treats as an ordinary character.
 */
#include "chart/chart.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- spans */

typedef struct span {
	const unsigned char *p;
	size_t n;
} span;

static span span_of(const char *s, size_t n)
{
	span r = { (const unsigned char *)s, n };
	return r;
}

static void span_skip(span *s, size_t k)
{
	s->p += k;
	s->n -= k;
}

#define RUNE_ERROR 0xFFFDL

static int is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/*
 * One rune from s, as Go's utf8.DecodeRune: invalid or truncated sequences,
 * overlong forms and surrogates decode as U+FFFD of length 1, so that a
 * byte that is not UTF-8 still counts as one character.
 */
static size_t decode_rune(span s, long *r)
{
	if (s.n == 0) {
		*r = RUNE_ERROR;
		return 0;
	}
	unsigned char c = s.p[0];
	if (c < 0x80) {
		*r = c;
		return 1;
	}
	size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
		   : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	/* Bounds on the second byte rule out overlong forms, surrogates and
	   values past U+10FFFF in one comparison. */
	unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
	unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
	if (len == 0 || s.n < len || s.p[1] < lo || s.p[1] > hi)
		goto bad;
	for (size_t i = 2; i < len; i++)
		if (!is_cont(s.p[i]))
			goto bad;
	long v = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
	for (size_t i = 1; i < len; i++)
		v = (v << 6) | (s.p[i] & 0x3F);
	*r = v;
	return len;
bad:
	*r = RUNE_ERROR;
	return 1;
}

/* ---------------------------------------------------------------- Go's filepath.Match */

/* The next run of stars and the star-free chunk after it; pat keeps the rest. */
static span scan_chunk(span *pat, int *star)
{
	*star = 0;
	while (pat->n > 0 && pat->p[0] == '*') {
		span_skip(pat, 1);
		*star = 1;
	}
	int inrange = 0;
	size_t i;
	for (i = 0; i < pat->n; i++) {
		unsigned char c = pat->p[i];
		if (c == '\\') {
			if (i + 1 < pat->n)
				i++;
		} else if (c == '[') {
			inrange = 1;
		} else if (c == ']') {
			inrange = 0;
		} else if (c == '*' && !inrange) {
			break;
		}
	}
	span chunk = { pat->p, i };
	span_skip(pat, i);
	return chunk;
}

/* A possibly escaped character of a class; -1 where Go's getEsc fails. */
static int get_esc(span *chunk, long *r)
{
	if (chunk->n == 0 || chunk->p[0] == '-' || chunk->p[0] == ']')
		return -1;
	if (chunk->p[0] == '\\') {
		span_skip(chunk, 1);
		if (chunk->n == 0)
			return -1;
	}
	size_t k = decode_rune(*chunk, r);
	if (*r == RUNE_ERROR && k == 1)
		return -1;
	span_skip(chunk, k);
	/* A class character is never the last byte: "]" must still follow. */
	return chunk->n == 0 ? -1 : 0;
}

/*
 * One class "[...]" at the start of chunk, tested against rune r. Sets
 * *failed when r is outside it; -1 for a malformed class.
 */
static int match_class(span *chunk, long r, int *failed)
{
	span_skip(chunk, 1);
	int negated = chunk->n > 0 && chunk->p[0] == '^';
	if (negated)
		span_skip(chunk, 1);
	int match = 0;
	for (int nrange = 0;; nrange++) {
		if (chunk->n > 0 && chunk->p[0] == ']' && nrange > 0) {
			span_skip(chunk, 1);
			break;
		}
		long lo, hi;
		if (get_esc(chunk, &lo) < 0)
			return -1;
		hi = lo;
		if (chunk->p[0] == '-') {
			span_skip(chunk, 1);
			if (get_esc(chunk, &hi) < 0)
				return -1;
		}
		if (lo <= r && r <= hi)
			match = 1;
	}
	if (match == negated)
		*failed = 1;
	return 0;
}

/*
 * Whether chunk matches a prefix of s (1, with *rest after it), not (0), or
 * is malformed (-1). After a mismatch the rest of the chunk is still parsed,
 * so that errors do not depend on the name.
 */
static int match_chunk(span chunk, span s, span *rest)
{
	int failed = 0;
	while (chunk.n > 0) {
		if (!failed && s.n == 0)
			failed = 1;
		switch (chunk.p[0]) {
		case '[': {
			long r = 0;
			if (!failed)
				span_skip(&s, decode_rune(s, &r));
			if (match_class(&chunk, r, &failed) < 0)
				return -1;
			break;
		}
		case '?':
			if (!failed) {
				long r;
				if (s.p[0] == '/')
					failed = 1;
				span_skip(&s, decode_rune(s, &r));
			}
			span_skip(&chunk, 1);
			break;
		case '\\':
			/* The escaped byte is compared as a literal. */
			span_skip(&chunk, 1);
			if (chunk.n == 0)
				return -1;
			/* fall through */
		default:
			if (!failed) {
				if (chunk.p[0] != s.p[0])
					failed = 1;
				span_skip(&s, 1);
			}
			span_skip(&chunk, 1);
			break;
		}
	}
	if (failed)
		return 0;
	*rest = s;
	return 1;
}

/* Whether the chunks left in pat are all well formed: 0, or -1. */
static int check_rest(span pat)
{
	while (pat.n > 0) {
		int star;
		span chunk = scan_chunk(&pat, &star), t;
		if (match_chunk(chunk, span_of("", 0), &t) < 0)
			return -1;
	}
	return 0;
}

/*
 * After a star: the chunk matched further along name, never skipping a '/'.
 * Like Go, the first position that works is kept (no backtracking).
 */
static int match_after_star(span chunk, int last, span *name)
{
	for (size_t i = 0; i < name->n && name->p[i] != '/'; i++) {
		span t, sub = { name->p + i + 1, name->n - i - 1 };
		int m = match_chunk(chunk, sub, &t);
		if (m < 0)
			return -1;
		if (m == 1 && !(last && t.n > 0)) {
			*name = t;
			return 1;
		}
	}
	return 0;
}

static int glob(span pat, span name)
{
	while (pat.n > 0) {
		int star;
		span chunk = scan_chunk(&pat, &star), t;
		if (star && chunk.n == 0)
			return memchr(name.p, '/', name.n) == NULL;
		int m = match_chunk(chunk, name, &t);
		if (m == 1 && (t.n == 0 || pat.n > 0)) {
			name = t;
			continue;
		}
		if (m < 0)
			return -1;
		if (star) {
			m = match_after_star(chunk, pat.n == 0, &name);
			if (m < 0)
				return -1;
			if (m == 1)
				continue;
		}
		return check_rest(pat) < 0 ? -1 : 0;
	}
	return name.n == 0;
}

int cc_glob_match(const char *pattern, const char *name)
{
	int m = glob(span_of(pattern, strlen(pattern)), span_of(name, strlen(name)));
	return m < 0 ? CC_EINVALID : m;
}

int cc_glob_valid(const char *pattern)
{
	/* Any name gives the same verdict; "abc" is what helm passes. */
	return glob(span_of(pattern, strlen(pattern)), span_of("abc", 3)) >= 0;
}

/* ---------------------------------------------------------------- rules */

typedef struct rule {
	unsigned char *glob; /* the pattern after '!', '/' and trailing '/' are taken off */
	size_t len;
	int negate;
	int must_dir;
	int whole_path; /* matched against the whole path, not the basename */
} rule;

struct cc_ignore {
	rule *v;
	size_t n, cap;
};

/* bufio.Scanner's default MaxScanTokenSize: a line this long stops helm's parse. */
#define SCAN_MAX 65536

cc_ignore *cc_ignore_new(void)
{
	return cc_calloc(1, sizeof(cc_ignore));
}

size_t cc_ignore_count(const cc_ignore *ig)
{
	return ig ? ig->n : 0;
}

void cc_ignore_free(cc_ignore *ig)
{
	if (!ig)
		return;
	for (size_t i = 0; i < ig->n; i++)
		free(ig->v[i].glob);
	free(ig->v);
	free(ig);
}

/* Appends a rule already trimmed and validated, split as helm's parseRule does. */
static void add_rule(cc_ignore *ig, span s)
{
	rule r = { NULL, 0, 0, 0, 0 };
	if (s.n > 0 && s.p[0] == '!') {
		r.negate = 1;
		span_skip(&s, 1);
	}
	if (s.n > 0 && s.p[s.n - 1] == '/') {
		r.must_dir = 1;
		s.n--;
	}
	if (s.n > 0 && s.p[0] == '/') {
		span_skip(&s, 1);
		r.whole_path = 1; /* anchored: the root is where whole paths start */
	} else {
		r.whole_path = memchr(s.p, '/', s.n) != NULL;
	}
	r.glob = cc_malloc(s.n + 1);
	if (s.n)
		memcpy(r.glob, s.p, s.n);
	r.glob[s.n] = '\0';
	r.len = s.n;
	if (ig->n == ig->cap) {
		ig->cap = ig->cap ? ig->cap * 2 : 8;
		ig->v = cc_realloc(ig->v, ig->cap * sizeof(*ig->v));
	}
	ig->v[ig->n++] = r;
}

void cc_ignore_add_defaults(cc_ignore *ig)
{
	static const char def[] = "templates/.?*";
	add_rule(ig, span_of(def, sizeof(def) - 1));
}

/* Length of the white-space rune (Go's unicode.IsSpace) starting s, or 0. */
static size_t space_at(span s)
{
	static const char *const wide[] = {
		"\xC2\x85", "\xC2\xA0", "\xE1\x9A\x80", "\xE2\x80\xA8", "\xE2\x80\xA9",
		"\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80",
	};
	if (s.n == 0)
		return 0;
	unsigned char c = s.p[0];
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return 1;
	if (s.n >= 3 && c == 0xE2 && s.p[1] == 0x80 && s.p[2] >= 0x80 && s.p[2] <= 0x8A)
		return 3; /* U+2000..U+200A */
	for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++) {
		size_t k = strlen(wide[i]);
		if (s.n >= k && memcmp(s.p, wide[i], k) == 0)
			return k;
	}
	return 0;
}

/* Go's strings.TrimSpace. */
static span trim_space(span s)
{
	size_t k;
	while ((k = space_at(s)) > 0)
		span_skip(&s, k);
	for (;;) {
		size_t cut = 0;
		for (k = 1; k <= 3 && k <= s.n && !cut; k++) {
			span tail = { s.p + s.n - k, k };
			if (space_at(tail) == k)
				cut = k;
		}
		if (!cut)
			break;
		s.n -= cut;
	}
	return s;
}

static int contains_2star(span s, size_t *at)
{
	for (size_t i = 0; i + 1 < s.n; i++) {
		if (s.p[i] == '*' && s.p[i + 1] == '*') {
			*at = i;
			return 1;
		}
	}
	return 0;
}

/* 1-based column of p within its line, counted in UTF-8 characters. */
static int column_of(const unsigned char *line, const unsigned char *p)
{
	int col = 1;
	for (; line < p; line++)
		if (!is_cont(*line))
			col++;
	return col;
}

/* One scanned line (BOM already gone), as helm's parseRule sees it. */
static int parse_line(cc_ignore *ig, span line, int lineno, const char *file, cc_error *err)
{
	if (line.n >= SCAN_MAX)
		return cc_error_set(err, CC_ELIMIT, file, lineno, 1,
				    "bufio.Scanner: token too long");
	span r = trim_space(line);
	if (r.n == 0 || r.p[0] == '#')
		return CC_OK;
	size_t at;
	if (contains_2star(r, &at))
		return cc_error_set(err, CC_EINVALID, file, lineno, column_of(line.p, r.p + at),
				    "double-star (**) syntax is not supported");
	if (glob(r, span_of("abc", 3)) < 0)
		return cc_error_set(err, CC_EINVALID, file, lineno, column_of(line.p, r.p),
				    "syntax error in pattern");
	add_rule(ig, r);
	return CC_OK;
}

int cc_ignore_parse(cc_ignore **out, const char *text, size_t len, const char *file, cc_error *err)
{
	*out = NULL;
	cc_ignore *ig = cc_ignore_new();
	span rest = span_of(text ? text : "", text ? len : 0);
	for (int lineno = 1; rest.n > 0; lineno++) {
		const unsigned char *nl = memchr(rest.p, '\n', rest.n);
		span line = { rest.p, nl ? (size_t)(nl - rest.p) : rest.n };
		span_skip(&rest, nl ? line.n + 1 : line.n);
		/* A trailing \r counts towards SCAN_MAX, as in the scanner's buffer;
		   TrimSpace then drops it. */
		if (lineno == 1 && line.n >= 3 && memcmp(line.p, "\xEF\xBB\xBF", 3) == 0)
			span_skip(&line, 3);
		int rc = parse_line(ig, line, lineno, file, err);
		if (rc != CC_OK) {
			cc_ignore_free(ig);
			return rc;
		}
	}
	*out = ig;
	return CC_OK;
}

/* Go's filepath.Base on a '/'-separated path: trailing slashes dropped. */
static span base_of(span p)
{
	while (p.n > 0 && p.p[p.n - 1] == '/')
		p.n--;
	if (p.n == 0)
		return span_of("/", 1);
	size_t i = p.n;
	while (i > 0 && p.p[i - 1] != '/')
		i--;
	span b = { p.p + i, p.n - i };
	return b;
}

static int rule_matches(const rule *r, span path)
{
	span g = { r->glob, r->len };
	/* A pattern broken by stripping (say "a\\/") never matches, as in helm. */
	return glob(g, r->whole_path ? path : base_of(path)) == 1;
}

int cc_ignore_match(const cc_ignore *ig, const char *path, int is_dir)
{
	if (!ig || !path || !*path || strcmp(path, ".") == 0 || strcmp(path, "./") == 0)
		return 0;
	span p = span_of(path, strlen(path));
	for (size_t i = 0; i < ig->n; i++) {
		const rule *r = &ig->v[i];
		if (r->negate) {
			if (r->must_dir && !is_dir)
				return 1;
			if (!rule_matches(r, p))
				return 1;
			continue;
		}
		if (r->must_dir && !is_dir)
			continue;
		if (rule_matches(r, p))
			return 1;
	}
	return 0;
}
