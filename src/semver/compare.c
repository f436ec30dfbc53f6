/*
 * Precedence (SemVer 2.0.0 §11 as Masterminds implements it), canonical
 * printing and sorting.
 *
 * One detail decides real orderings and is easy to get wrong: an
 * identifier is "numeric" only if strconv.ParseUint accepts it, so a
 * numeric identifier beyond uint64 compares as text, and "-2" is text.
 * Comparing identifiers in place avoids splitting (and allocating) on
 * every comparison, which sorting a repository index does a lot of.
 */
#include "semver/semver_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

/* ParseUint(s, 10, 64) succeeds. */
static int as_uint(const char *s, size_t n, uint64_t *v)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!sv_is_digit((unsigned char)s[i]))
			return 0;
	return sv_parse_u64(s, n, v) == 0;
}

/* Go's s > o on byte strings. */
static int bytes_greater(const char *s, size_t sn, const char *o, size_t on)
{
	int c = memcmp(s, o, sn < on ? sn : on);
	return c > 0 || (c == 0 && sn > on);
}

/* comparePrePart: a missing identifier ("") sorts first, numbers before text. */
static int cmp_ident(const char *s, size_t sn, const char *o, size_t on)
{
	if (sn == on && memcmp(s, o, sn) == 0)
		return 0;
	if (sn == 0)
		return -1;
	if (on == 0)
		return 1;
	uint64_t si = 0, oi = 0;
	int s_num = as_uint(s, sn, &si), o_num = as_uint(o, on, &oi);
	if (!s_num && !o_num)
		return bytes_greater(s, sn, o, on) ? 1 : -1;
	if (!o_num)
		return -1;
	if (!s_num)
		return 1;
	return si > oi ? 1 : -1;
}

/* Walks the dot-separated identifiers of a prerelease, as strings.Split would yield them. */
typedef struct ident_cursor {
	const char *s;
	int done;
} ident_cursor;

static size_t next_ident(ident_cursor *c, const char **start)
{
	*start = "";
	if (c->done)
		return 0;
	const char *dot = strchr(c->s, '.');
	*start = c->s;
	if (!dot) {
		c->done = 1;
		return strlen(c->s);
	}
	size_t n = (size_t)(dot - c->s);
	c->s = dot + 1;
	return n;
}

int cc_semver_compare_prerelease(const char *a, const char *b)
{
	ident_cursor ca = { a, 0 }, cb = { b, 0 };
	while (!ca.done || !cb.done) {
		const char *pa, *pb;
		size_t na = next_ident(&ca, &pa), nb = next_ident(&cb, &pb);
		int d = cmp_ident(pa, na, pb, nb);
		if (d != 0)
			return d;
	}
	return 0;
}

static const char *pre_of(const cc_semver *v)
{
	return v->pre ? v->pre : "";
}

int cc_semver_compare(const cc_semver *a, const cc_semver *b)
{
	int d = cmp_u64(a->major, b->major);
	if (d == 0)
		d = cmp_u64(a->minor, b->minor);
	if (d == 0)
		d = cmp_u64(a->patch, b->patch);
	if (d != 0)
		return d;
	const char *pa = pre_of(a), *pb = pre_of(b);
	if (!*pa && !*pb)
		return 0;
	if (!*pa)
		return 1;
	if (!*pb)
		return -1;
	return cc_semver_compare_prerelease(pa, pb);
}

int cc_semver_equal(const cc_semver *a, const cc_semver *b)
{
	if (a == b)
		return 1;
	if (!a || !b)
		return 0;
	return cc_semver_compare(a, b) == 0;
}

void cc_semver_format(const cc_semver *v, cc_buf *out)
{
	cc_buf_printf(out, "%" PRIu64 ".%" PRIu64 ".%" PRIu64, v->major, v->minor, v->patch);
	if (v->pre && *v->pre) {
		cc_buf_putc(out, '-');
		cc_buf_puts(out, v->pre);
	}
	if (v->meta && *v->meta) {
		cc_buf_putc(out, '+');
		cc_buf_puts(out, v->meta);
	}
}

char *cc_semver_string(const cc_semver *v)
{
	cc_buf b = CC_BUF_INIT;
	cc_semver_format(v, &b);
	return cc_buf_detach(&b);
}

/* Stable merge of vs[lo..mid) and vs[mid..hi) through tmp. */
static void merge(cc_semver *vs, cc_semver *tmp, size_t lo, size_t mid, size_t hi)
{
	size_t i = lo, j = mid, k = lo;
	while (i < mid && j < hi)
		tmp[k++] = cc_semver_compare(&vs[j], &vs[i]) < 0 ? vs[j++] : vs[i++];
	while (i < mid)
		tmp[k++] = vs[i++];
	while (j < hi)
		tmp[k++] = vs[j++];
	memcpy(vs + lo, tmp + lo, (hi - lo) * sizeof(*vs));
}

void cc_semver_sort(cc_semver *vs, size_t n)
{
	if (n < 2)
		return;
	cc_semver *tmp = cc_malloc(n * sizeof(*tmp));
	for (size_t width = 1; width < n; width *= 2)
		for (size_t lo = 0; lo + width < n; lo += 2 * width) {
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			merge(vs, tmp, lo, lo + width, hi);
		}
	free(tmp);
}
