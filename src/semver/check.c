/*
 * Constraint evaluation: Constraints.Check and Constraints.Validate with
 * Masterminds' per-operator rules and reason texts, then what chartci
 * builds on them (the highest satisfying version, helm's kubeVersion test).
 *
 * The operators do not all mean what their symbols suggest once a
 * wildcard is involved (">11" needs 12.0.0, "<=1.1" takes 1.1.999, "^0.0"
 * and "^0.0.0" differ); each function below keeps the library's decision
 * order because the first failing branch picks the reason shown.
 *
 * The prerelease rule: a version with a prerelease only satisfies an AND
 * group in which some term has a prerelease (or when the caller includes
 * prereleases); otherwise every term of the group refuses it.
 */
#include "semver/semver_int.h"

#include <stdlib.h>
#include <string.h>

/* `"<v>" <middle> "<orig>"<suffix>`; returns 0 (not satisfied). */
static int refuse(cc_buf *why, const cc_semver *v, const char *middle, const char *orig,
		  const char *suffix)
{
	if (!why)
		return 0;
	cc_buf_putc(why, '"');
	cc_semver_format(v, why);
	cc_buf_printf(why, "\" %s \"%s\"%s", middle, orig, suffix);
	return 0;
}

static int refuse_pre(cc_buf *why, const cc_semver *v)
{
	if (!why)
		return 0;
	cc_buf_putc(why, '"');
	cc_semver_format(v, why);
	cc_buf_puts(why, "\" is a prerelease version and the constraint is only looking for release versions");
	return 0;
}

static int cmp(const cc_semver *v, const cc_constraint_term *c)
{
	return cc_semver_compare(v, &c->con);
}

static int op_tilde(const cc_constraint_term *c, const cc_semver *v, cc_buf *why)
{
	const cc_semver *k = &c->con;
	if (cmp(v, c) < 0)
		return refuse(why, v, "is less than", c->orig, "");
	if (k->major == 0 && k->minor == 0 && k->patch == 0 && !c->minor_dirty && !c->patch_dirty)
		return 1;
	if (v->major != k->major)
		return refuse(why, v, "does not have same major version as", c->orig, "");
	if (v->minor != k->minor && !c->minor_dirty)
		return refuse(why, v, "does not have same major and minor version as", c->orig, "");
	return 1;
}

static int op_eq(const cc_constraint_term *c, const cc_semver *v, cc_buf *why)
{
	if (c->dirty)
		return op_tilde(c, v, why);
	return cmp(v, c) == 0 ? 1 : refuse(why, v, "is not equal to", c->orig, "");
}

/* With a wildcard, "!=" refuses the whole range the wildcard spans. */
static int op_ne(const cc_constraint_term *c, const cc_semver *v, cc_buf *why)
{
	const cc_semver *k = &c->con;
	if (c->dirty) {
		if (k->major != v->major)
			return 1;
		if (k->minor != v->minor && !c->minor_dirty)
			return 1;
		if (c->minor_dirty)
			return refuse(why, v, "is equal to", c->orig, "");
		if (k->patch != v->patch && !c->patch_dirty)
			return 1;
		if (c->patch_dirty) {
			if ((v->pre[0] || k->pre[0]) && cc_semver_compare_prerelease(v->pre, k->pre) != 0)
				return 1;
			return refuse(why, v, "is equal to", c->orig, "");
		}
	}
	return cmp(v, c) == 0 ? refuse(why, v, "is equal to", c->orig, "") : 1;
}

/* With a wildcard, ">" means past the whole range: ">11" needs 12.0.0. */
static int op_gt(const cc_constraint_term *c, const cc_semver *v, cc_buf *why)
{
	const cc_semver *k = &c->con;
	int ok;
	if (!c->dirty)
		ok = cmp(v, c) > 0;
	else if (v->major != k->major)
		ok = v->major > k->major;
	else if (c->minor_dirty)
		ok = 0;
	else if (c->patch_dirty)
		ok = v->minor > k->minor;
	else
		ok = cmp(v, c) > 0;
	return ok ? 1 : refuse(why, v, "is less than or equal to", c->orig, "");
}

static int op_lt(const cc_constraint_term *c, const cc_semver *v, cc_buf *why)
{
	return cmp(v, c) < 0 ? 1 : refuse(why, v, "is greater than or equal to", c->orig, "");
}

static int op_ge(const cc_constraint_term *c, const cc_semver *v, cc_buf *why)
{
	return cmp(v, c) >= 0 ? 1 : refuse(why, v, "is less than", c->orig, "");
}

/* With a wildcard, "<=" takes the whole range: "<=1.1" matches 1.1.999. */
static int op_le(const cc_constraint_term *c, const cc_semver *v, cc_buf *why)
{
	const cc_semver *k = &c->con;
	int ok;
	if (!c->dirty)
		ok = cmp(v, c) <= 0;
	else
		ok = !(v->major > k->major ||
		       (v->major == k->major && v->minor > k->minor && !c->minor_dirty));
	return ok ? 1 : refuse(why, v, "is greater than", c->orig, "");
}

static int op_caret(const cc_constraint_term *c, const cc_semver *v, cc_buf *why)
{
	const cc_semver *k = &c->con;
	if (cmp(v, c) < 0)
		return refuse(why, v, "is less than", c->orig, "");
	if (k->major > 0 || c->minor_dirty)
		return v->major == k->major ? 1
					    : refuse(why, v, "does not have same major version as", c->orig, "");
	if (v->major > 0)
		return refuse(why, v, "does not have same major version as", c->orig, "");
	if (k->minor > 0 || c->patch_dirty)
		return v->minor == k->minor
			       ? 1
			       : refuse(why, v, "does not have same minor version as", c->orig,
					". Expected minor versions to match when constraint major version is 0");
	if (v->minor > 0)
		return refuse(why, v, "does not have same minor version as", c->orig, "");
	if (v->patch == k->patch)
		return 1;
	return refuse(why, v, "does not equal", c->orig,
		      ". Expect version and constraint to equal when major and minor versions are 0");
}

static int term_check(const cc_constraint_term *c, const cc_semver *v, int include_pre, cc_buf *why)
{
	if (v->pre[0] && !include_pre)
		return refuse_pre(why, v);
	switch (c->op) {
	case CC_OP_EQ: return op_eq(c, v, why);
	case CC_OP_NE: return op_ne(c, v, why);
	case CC_OP_GT: return op_gt(c, v, why);
	case CC_OP_LT: return op_lt(c, v, why);
	case CC_OP_GE: return op_ge(c, v, why);
	case CC_OP_LE: return op_le(c, v, why);
	case CC_OP_TILDE: return op_tilde(c, v, why);
	default: return op_caret(c, v, why);
	}
}

static int group_includes_pre(const cc_constraint_group *g, int flags)
{
	return (flags & CC_CONSTRAINT_INCLUDE_PRERELEASE) || g->has_pre;
}

int cc_constraint_check(const cc_constraint *c, const cc_semver *v, int flags)
{
	for (size_t i = 0; i < c->n; i++) {
		const cc_constraint_group *g = &c->groups[i];
		int incl = group_includes_pre(g, flags), ok = 1;
		for (size_t j = 0; j < g->n && ok; j++)
			ok = term_check(&g->terms[j], v, incl, NULL);
		if (ok)
			return 1;
	}
	return 0;
}

/* Every failing term says why, except that "is a prerelease" is said once. */
int cc_constraint_validate(const cc_constraint *c, const cc_semver *v, int flags, cc_strvec *reasons)
{
	cc_strvec found = CC_STRVEC_INIT;
	cc_buf why = CC_BUF_INIT;
	int said_pre = 0;
	for (size_t i = 0; i < c->n; i++) {
		const cc_constraint_group *g = &c->groups[i];
		int incl = group_includes_pre(g, flags), ok = 1;
		for (size_t j = 0; j < g->n; j++) {
			cc_buf_clear(&why);
			int pre_refusal = v->pre[0] && !incl;
			if (term_check(&g->terms[j], v, incl, &why))
				continue;
			ok = 0;
			if (!pre_refusal || !said_pre)
				cc_strvec_push(&found, why.ptr);
			said_pre |= pre_refusal;
		}
		if (ok) {
			cc_strvec_free(&found);
			cc_buf_free(&why);
			return 1;
		}
	}
	for (size_t i = 0; reasons && i < found.n; i++)
		cc_strvec_push(reasons, found.v[i]);
	cc_strvec_free(&found);
	cc_buf_free(&why);
	return 0;
}

long cc_semver_max_satisfying(const cc_constraint *c, const cc_semver *vs, size_t n, int flags)
{
	long best = -1;
	for (size_t i = 0; i < n; i++) {
		if (best >= 0 && cc_semver_compare(&vs[i], &vs[best]) <= 0)
			continue;
		if (cc_constraint_check(c, &vs[i], flags))
			best = (long)i;
	}
	return best;
}

int cc_semver_kube_compatible(const char *constraint, const char *kube_version)
{
	cc_semver v;
	if (cc_semver_parse(&v, kube_version, NULL) != CC_OK)
		return 0;
	cc_constraint c;
	int ok = 0;
	if (cc_constraint_parse(&c, constraint, NULL) == CC_OK) {
		ok = cc_constraint_check(&c, &v, 0);
		cc_constraint_free(&c);
	}
	cc_semver_free(&v);
	return ok;
}
