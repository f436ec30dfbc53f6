/*
 * Constraint parsing: semver.NewConstraint, byte for byte.
 *
 * Masterminds parses constraints with four regular expressions applied in
 * sequence (hyphen-range rewrite over the whole text, split on "||", a
 * validity regex per OR group, then a find-all per group), and their
 * quirks are visible to users: "1.2-1.4.5" is one term with a prerelease,
 * "1 - 2 - 3" fails quoting the half-rewritten text, a lone '|' is part of
 * a version number until the version parse rejects it. This file
 * reproduces each step with hand-written scanners whose acceptance was
 * derived from those regexes (see docs/semver.md), so the error texts and
 * the text quoted in them come out the same.
 *
 * Constraint texts are capped at CC_CONSTRAINT_MAX_LEN: finding the
 * leftmost hyphen range is quadratic in the length of one token, and no
 * real constraint comes near the cap.
 */
#include "semver/semver_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct span {
	size_t off, len;
} span;

/* The capture groups of Masterminds' cvRegex that parseConstraint reads. */
typedef struct cv_parts {
	span major, minor, patch, pre; /* minor/patch include their '.', pre its '-' */
} cv_parts;

/* [0-9|x|X|\*]: the regex class really does include '|'. */
static int is_xr(unsigned char c)
{
	return sv_is_digit(c) || c == 'x' || c == 'X' || c == '*' || c == '|';
}

static int is_opchar(unsigned char c)
{
	return c == '=' || c == '!' || c == '<' || c == '>' || c == '~' || c == '^';
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && sv_is_ws((unsigned char)s[i]))
		i++;
	return i;
}

/* "(-|+)id(.id)*" taken greedily from s[i], which must be lead. */
static size_t scan_tail(const char *s, size_t n, size_t i, char lead)
{
	if (!(i + 1 < n && s[i] == lead && sv_is_ident((unsigned char)s[i + 1])))
		return i;
	i++;
	for (;;) {
		while (i < n && sv_is_ident((unsigned char)s[i]))
			i++;
		if (!(i + 1 < n && s[i] == '.' && sv_is_ident((unsigned char)s[i + 1])))
			return i;
		i++;
	}
}

/* One ".xr" part at s[i], or i. */
static size_t scan_dot_xr(const char *s, size_t n, size_t i)
{
	if (!(i + 1 < n && s[i] == '.' && is_xr((unsigned char)s[i + 1])))
		return i;
	i++;
	while (i < n && is_xr((unsigned char)s[i]))
		i++;
	return i;
}

/*
 * cvRegex matched greedily at s[i]: the end of the match, or i when it
 * does not match at all. Greedy is exact here: every optional part is
 * introduced by a byte nothing else can take.
 */
static size_t cv_scan(const char *s, size_t n, size_t i, cv_parts *m)
{
	size_t st = i;
	cv_parts tmp;
	m = m ? m : &tmp;
	memset(m, 0, sizeof(*m));
	if (i < n && s[i] == 'v')
		i++;
	size_t e = i;
	while (e < n && is_xr((unsigned char)s[e]))
		e++;
	if (e == i)
		return st;
	m->major = (span){ i, e - i };
	i = e;
	e = scan_dot_xr(s, n, i);
	m->minor = (span){ i, e - i };
	i = e;
	if (m->minor.len) {
		e = scan_dot_xr(s, n, i);
		m->patch = (span){ i, e - i };
		i = e;
	}
	e = scan_tail(s, n, i, '-');
	m->pre = (span){ i, e - i };
	return scan_tail(s, n, e, '+');
}

/* ---- hyphen ranges -------------------------------------------------- */

typedef struct range_match {
	size_t start, end;
	span lo, hi;
} range_match;

/*
 * `\s*(cv)\s+-\s+(cv)\s*` anchored at p. On failure *next is the first
 * later position that could still match.
 */
static int range_at(const char *s, size_t n, size_t p, range_match *m, size_t *next)
{
	size_t q = skip_ws(s, n, p), e1 = q;
	while (e1 < n && !sv_is_ws((unsigned char)s[e1]))
		e1++;
	*next = e1;
	if (e1 == q || e1 == n)
		return 0;
	size_t r = skip_ws(s, n, e1);
	if (r >= n || s[r] != '-' || r + 1 >= n || !sv_is_ws((unsigned char)s[r + 1]))
		return 0;
	r = skip_ws(s, n, r + 1);
	size_t e2 = cv_scan(s, n, r, NULL);
	if (e2 == r)
		return 0;
	if (cv_scan(s, e1, q, NULL) != e1) {
		*next = q + 1;
		return 0;
	}
	*m = (range_match){ p, skip_ws(s, n, e2), { q, e1 - q }, { r, e2 - r } };
	return 1;
}

/* FindAllStringSubmatch of the range regex: leftmost, non-overlapping. */
static size_t find_ranges(const char *s, size_t n, range_match **out)
{
	size_t count = 0, cap = 0, pos = 0;
	*out = NULL;
	while (pos < n) {
		size_t p = pos, next = n;
		range_match m;
		while (p < n && !range_at(s, n, p, &m, &next))
			p = next > p ? next : p + 1;
		if (p >= n)
			break;
		if (count == cap) {
			cap = cap ? cap * 2 : 4;
			*out = cc_realloc(*out, cap * sizeof(**out));
		}
		(*out)[count++] = m;
		pos = m.end;
	}
	return count;
}

/* strings.Replace(o, old, new, 1). */
static void replace_first(cc_buf *o, const char *old, size_t oldn, const char *rep, size_t repn)
{
	const char *hit = memmem(o->ptr, o->len, old, oldn);
	if (!hit)
		return;
	size_t at = (size_t)(hit - o->ptr), tail = o->len - at - oldn;
	cc_buf_grow(o, repn + 1);
	memmove(o->ptr + at + repn, o->ptr + at + oldn, tail);
	memcpy(o->ptr + at, rep, repn);
	o->len = at + repn + tail;
	o->ptr[o->len] = '\0';
}

/* rewriteRange; returns the number of ranges rewritten. */
static size_t rewrite(const char *s, size_t n, cc_buf *o)
{
	range_match *ms;
	size_t count = find_ranges(s, n, &ms);
	cc_buf_put(o, s, n);
	cc_buf t = CC_BUF_INIT;
	for (size_t i = 0; i < count; i++) {
		range_match *m = &ms[i];
		cc_buf_clear(&t);
		cc_buf_printf(&t, ">= %.*s, <= %.*s ", (int)m->lo.len, s + m->lo.off, (int)m->hi.len,
			      s + m->hi.off);
		replace_first(o, s + m->start, m->end - m->start, t.ptr, t.len);
	}
	cc_buf_free(&t);
	free(ms);
	return count;
}

char *cc_constraint_rewrite_range(const char *text)
{
	cc_buf o = CC_BUF_INIT;
	rewrite(text, strlen(text), &o);
	return cc_buf_detach(&o);
}

/* ---- terms ---------------------------------------------------------- */

static const struct {
	const char *text;
	int op;
} ops[] = {
	{ "", CC_OP_EQ }, { "=", CC_OP_EQ }, { "!=", CC_OP_NE }, { ">", CC_OP_GT },
	{ "<", CC_OP_LT }, { ">=", CC_OP_GE }, { "=>", CC_OP_GE }, { "<=", CC_OP_LE },
	{ "=<", CC_OP_LE }, { "~", CC_OP_TILDE }, { "~>", CC_OP_TILDE }, { "^", CC_OP_CARET },
};

static int op_lookup(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strlen(ops[i].text) == n && memcmp(ops[i].text, s, n) == 0)
			return ops[i].op;
	return -1;
}

int cc_semver_is_wildcard(const char *s)
{
	return strcmp(s, "x") == 0 || strcmp(s, "X") == 0 || strcmp(s, "*") == 0;
}

static int is_wild(const char *s, span sp)
{
	return sp.len == 1 && (s[sp.off] == 'x' || s[sp.off] == 'X' || s[sp.off] == '*');
}

typedef struct term_span {
	span op, ver;
} term_span;

typedef struct term_list {
	term_span *v;
	size_t n, cap;
} term_list;

static void push_term(term_list *l, term_span t)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->v = cc_realloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = t;
}

/*
 * validConstraintRegex and findConstraintRegex in one pass: terms are
 * `op \s* cv`, separated by whitespace or one comma. Returns 0, or -1 with
 * *bad at the first byte that does not fit.
 */
static int scan_group(const char *s, size_t n, term_list *terms, size_t *bad)
{
	size_t i = skip_ws(s, n, 0);
	for (;;) {
		size_t op = i;
		while (i < n && is_opchar((unsigned char)s[i]))
			i++;
		size_t op_end = i;
		if (op_lookup(s + op, op_end - op) < 0)
			return *bad = op, -1;
		i = skip_ws(s, n, i);
		size_t v = i;
		while (i < n && !sv_is_ws((unsigned char)s[i]) && s[i] != ',')
			i++;
		size_t e = cv_scan(s, i, v, NULL);
		if (i == v || e != i)
			return *bad = e, -1;
		push_term(terms, (term_span){ { op, op_end - op }, { v, i - v } });
		size_t after = skip_ws(s, n, i);
		if (after == n)
			return 0;
		if (s[after] == ',')
			after = skip_ws(s, n, after + 1);
		else if (after == i)
			return *bad = i, -1;
		i = after;
	}
}

/* parseConstraint: wildcards and missing parts become 0, then NewVersion. */
static int parse_term(cc_constraint_term *t, const char *s, term_span ts)
{
	cv_parts m;
	cv_scan(s, ts.ver.off + ts.ver.len, ts.ver.off, &m);
	cc_buf ver = CC_BUF_INIT;
	const char *pre = s + m.pre.off;
	int plen = (int)m.pre.len;
	span minor_x = { m.minor.off + 1, m.minor.len ? m.minor.len - 1 : 0 };
	span patch_x = { m.patch.off + 1, m.patch.len ? m.patch.len - 1 : 0 };
	t->dirty = 1;
	if (is_wild(s, m.major)) {
		cc_buf_printf(&ver, "0.0.0%.*s", plen, pre);
	} else if (m.minor.len == 0 || is_wild(s, minor_x)) {
		t->minor_dirty = 1;
		cc_buf_printf(&ver, "%.*s.0.0%.*s", (int)m.major.len, s + m.major.off, plen, pre);
	} else if (m.patch.len == 0 || is_wild(s, patch_x)) {
		t->patch_dirty = 1;
		cc_buf_printf(&ver, "%.*s%.*s.0%.*s", (int)m.major.len, s + m.major.off,
			      (int)m.minor.len, s + m.minor.off, plen, pre);
	} else {
		t->dirty = 0;
		cc_buf_put(&ver, s + ts.ver.off, ts.ver.len);
	}
	int rc = cc_semver_parse_n(&t->con, ver.ptr, ver.len, CC_SEMVER_LOOSE, NULL);
	cc_buf_free(&ver);
	t->op = op_lookup(s + ts.op.off, ts.op.len);
	memcpy(t->opstr, s + ts.op.off, ts.op.len);
	t->opstr[ts.op.len] = '\0';
	t->orig = cc_strndup(s + ts.ver.off, ts.ver.len);
	return rc;
}

/* ---- NewConstraint -------------------------------------------------- */

static void free_group(cc_constraint_group *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->terms[i].orig);
		cc_semver_free(&g->terms[i].con);
	}
	free(g->terms);
}

void cc_constraint_free(cc_constraint *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free_group(&c->groups[i]);
	free(c->groups);
	*c = (cc_constraint)CC_CONSTRAINT_INIT;
}

/* The column of offset `at` of the (possibly rewritten) text, or 0 if rewritten. */
static int column(size_t rewritten, size_t at)
{
	return rewritten ? 0 : (int)at + 1;
}

static int improper(cc_error *err, const char *g, size_t n, int col)
{
	cc_buf q = CC_BUF_INIT;
	sv_goquote(&q, g, n);
	cc_error_set(err, CC_EINVALID, NULL, 0, col, "improper constraint: %s", q.ptr);
	cc_buf_free(&q);
	return CC_EINVALID;
}

/* One OR group at s[off..off+n): validated, then each term parsed. */
static int parse_group(cc_constraint_group *g, const char *s, size_t off, size_t n,
		       size_t rewritten, cc_error *err)
{
	term_list terms = { NULL, 0, 0 };
	size_t bad = 0;
	memset(g, 0, sizeof(*g));
	if (scan_group(s + off, n, &terms, &bad) != 0) {
		free(terms.v);
		return improper(err, s + off, n, column(rewritten, off + bad));
	}
	g->terms = cc_calloc(terms.n, sizeof(*g->terms));
	int rc = CC_OK;
	for (size_t i = 0; i < terms.n && rc == CC_OK; i++, g->n++) {
		term_span ts = terms.v[i];
		ts.op.off += off;
		ts.ver.off += off;
		if (parse_term(&g->terms[i], s, ts) != CC_OK)
			rc = cc_error_set(err, CC_EINVALID, NULL, 0, column(rewritten, ts.ver.off),
					  "constraint parser error");
		else if (g->terms[i].con.pre[0])
			g->has_pre = 1;
	}
	free(terms.v);
	return rc;
}

/* strings.Split(s, "||") then one group each; the first error wins. */
static int parse_groups(cc_constraint *c, const char *s, size_t n, size_t rewritten, cc_error *err)
{
	size_t start = 0;
	for (size_t i = 0;; i++) {
		int cut = i + 1 < n && s[i] == '|' && s[i + 1] == '|';
		if (!cut && i < n)
			continue;
		c->groups = cc_realloc(c->groups, (c->n + 1) * sizeof(*c->groups));
		int rc = parse_group(&c->groups[c->n], s, start, i - start, rewritten, err);
		c->n++;
		if (rc != CC_OK)
			return rc;
		if (!cut)
			return CC_OK;
		start = i + 2;
		i++;
	}
}

int cc_constraint_parse_n(cc_constraint *out, const char *text, size_t len, cc_error *err)
{
	*out = (cc_constraint)CC_CONSTRAINT_INIT;
	if (len > CC_CONSTRAINT_MAX_LEN)
		return cc_error_set(err, CC_ELIMIT, NULL, 0, 0,
				    "constraint is %zu bytes long; chartci accepts at most %d", len,
				    CC_CONSTRAINT_MAX_LEN);
	cc_buf o = CC_BUF_INIT;
	size_t rewritten = rewrite(text, len, &o);
	int rc = parse_groups(out, o.ptr ? o.ptr : "", o.len, rewritten, err);
	cc_buf_free(&o);
	if (rc != CC_OK)
		cc_constraint_free(out);
	return rc;
}

int cc_constraint_parse(cc_constraint *out, const char *text, cc_error *err)
{
	return cc_constraint_parse_n(out, text, strlen(text), err);
}

void cc_constraint_format(const cc_constraint *c, cc_buf *out)
{
	for (size_t i = 0; i < c->n; i++) {
		if (i)
			cc_buf_puts(out, " || ");
		for (size_t j = 0; j < c->groups[i].n; j++) {
			const cc_constraint_term *t = &c->groups[i].terms[j];
			if (j)
				cc_buf_putc(out, ' ');
			cc_buf_puts(out, t->opstr);
			cc_buf_puts(out, t->orig);
		}
	}
}

char *cc_constraint_string(const cc_constraint *c)
{
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "");
	cc_constraint_format(c, &b); /* the empty put keeps an empty result a string, not NULL */
	return cc_buf_detach(&b);
}
