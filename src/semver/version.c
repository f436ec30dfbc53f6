/*
 * Version parsing: helm's loose NewVersion and the strict SemVer 2.0.0
 * StrictNewVersion, with Masterminds' error texts and their order (which
 * check fires first decides which message a user sees, so the order here
 * follows the library's, not what would be tidiest).
 *
 * Both parsers are hand-written single passes over the bytes: a version
 * is parsed for every chart, index entry and tag, and a regex engine would
 * cost an order of magnitude for nothing. The loose grammar is the anchored
 * regex in docs/semver.md; being deterministic (every choice is forced by
 * the next byte), a greedy scan accepts exactly what the regex accepts.
 */
#include "semver/semver_int.h"

#include <stdlib.h>
#include <string.h>

#define ERR_INVALID "invalid semantic version"
#define ERR_EMPTY "version string empty"
#define ERR_CHARS "invalid characters in version"
#define ERR_ZERO "version segment starts with 0"
#define ERR_META "invalid metadata string"
#define ERR_PRE "invalid prerelease string"

typedef struct span {
	size_t off, len;
} span;

/* What a successful scan found; offsets into the parsed text. */
typedef struct parts {
	span num[3];
	int nnum;
	span pre, meta;
	int has_pre, has_meta;
} parts;

static int fail(cc_error *err, size_t at, const char *msg)
{
	return cc_error_set(err, CC_EINVALID, NULL, 0, (int)(at + 1), "%s", msg);
}

int sv_parse_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t d = (uint64_t)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

void sv_make(cc_semver *out, uint64_t major, uint64_t minor, uint64_t patch, const char *orig,
	     size_t olen, const char *pre, size_t plen, const char *meta, size_t mlen)
{
	char *m = cc_malloc(olen + plen + mlen + 3);
	memcpy(m, orig, olen);
	m[olen] = '\0';
	memcpy(m + olen + 1, pre, plen);
	m[olen + 1 + plen] = '\0';
	memcpy(m + olen + plen + 2, meta, mlen);
	m[olen + plen + 2 + mlen] = '\0';
	out->major = major;
	out->minor = minor;
	out->patch = patch;
	out->mem_ = m;
	out->original = m;
	out->pre = m + olen + 1;
	out->meta = m + olen + plen + 2;
}

void sv_make_derived(cc_semver *out, const cc_semver *from, uint64_t major, uint64_t minor,
		     uint64_t patch, const char *pre, const char *meta)
{
	cc_semver tmp;
	size_t plen = strlen(pre), mlen = strlen(meta);
	sv_make(&tmp, major, minor, patch, "", 0, pre, plen, meta, mlen);
	cc_buf b = CC_BUF_INIT;
	if (from && cc_semver_has_v(from))
		cc_buf_putc(&b, 'v');
	cc_semver_format(&tmp, &b);
	sv_make(out, major, minor, patch, b.ptr, b.len, pre, plen, meta, mlen);
	cc_buf_free(&b);
	cc_semver_free(&tmp);
}

void cc_semver_free(cc_semver *v)
{
	if (!v)
		return;
	free(v->mem_);
	*v = (cc_semver)CC_SEMVER_INIT;
}

void cc_semver_copy(cc_semver *dst, const cc_semver *src)
{
	const char *o = src->original ? src->original : "";
	const char *p = src->pre ? src->pre : "";
	const char *m = src->meta ? src->meta : "";
	sv_make(dst, src->major, src->minor, src->patch, o, strlen(o), p, strlen(p), m, strlen(m));
}

int cc_semver_has_v(const cc_semver *v)
{
	return v->original && v->original[0] == 'v';
}

/* ---- identifiers ---------------------------------------------------- */

/* validatePrerelease on s[0..n): the first bad identifier decides the error. */
static int check_pre(const char *s, size_t n, size_t base, cc_error *err)
{
	size_t i = 0;
	for (;;) {
		size_t st = i, digits = 0, bad = 0;
		for (; i < n && s[i] != '.'; i++) {
			digits += sv_is_digit((unsigned char)s[i]);
			bad += !sv_is_ident((unsigned char)s[i]);
		}
		size_t len = i - st;
		if (len == 0 || (digits != len && bad))
			return fail(err, base + st, ERR_PRE);
		if (digits == len && len > 1 && s[st] == '0')
			return fail(err, base + st, ERR_ZERO);
		if (i >= n)
			return CC_OK;
		i++;
	}
}

/* validateMetadata on s[0..n). */
static int check_meta(const char *s, size_t n, size_t base, cc_error *err)
{
	size_t i = 0;
	for (;;) {
		size_t st = i;
		for (; i < n && s[i] != '.'; i++)
			if (!sv_is_ident((unsigned char)s[i]))
				return fail(err, base + i, ERR_META);
		if (i == st)
			return fail(err, base + st, ERR_META);
		if (i >= n)
			return CC_OK;
		i++;
	}
}

int cc_semver_validate_prerelease(const char *pre, cc_error *err)
{
	return check_pre(pre, strlen(pre), 0, err);
}

int cc_semver_validate_metadata(const char *meta, cc_error *err)
{
	return check_meta(meta, strlen(meta), 0, err);
}

/* ---- loose (NewVersion) -------------------------------------------- */

/* id ("." id)*, id = [0-9A-Za-z-]+. Returns 0, or -1 with *pos at the failure. */
static int scan_idents(const char *s, size_t n, size_t *pos)
{
	size_t i = *pos;
	for (;;) {
		size_t st = i;
		while (i < n && sv_is_ident((unsigned char)s[i]))
			i++;
		if (i == st) {
			*pos = i;
			return -1;
		}
		if (i < n && s[i] == '.') {
			i++;
			continue;
		}
		*pos = i;
		return 0;
	}
}

static size_t scan_digits(const char *s, size_t n, size_t i)
{
	while (i < n && sv_is_digit((unsigned char)s[i]))
		i++;
	return i;
}

/* The anchored loose regex. Returns 0, or -1 with *bad at the first byte it cannot take. */
static int scan_loose(const char *s, size_t n, parts *p, size_t *bad)
{
	size_t i = (n > 0 && s[0] == 'v') ? 1 : 0;
	memset(p, 0, sizeof(*p));
	size_t e = scan_digits(s, n, i);
	if (e == i)
		return *bad = i, -1;
	p->num[p->nnum++] = (span){ i, e - i };
	i = e;
	while (p->nnum < 3 && i + 1 < n && s[i] == '.' && sv_is_digit((unsigned char)s[i + 1])) {
		e = scan_digits(s, n, i + 1);
		p->num[p->nnum++] = (span){ i + 1, e - i - 1 };
		i = e;
	}
	if (i < n && s[i] == '-') {
		size_t st = ++i;
		if (scan_idents(s, n, &i) != 0)
			return *bad = i, -1;
		p->pre = (span){ st, i - st };
		p->has_pre = 1;
	}
	if (i < n && s[i] == '+') {
		size_t st = ++i;
		if (scan_idents(s, n, &i) != 0)
			return *bad = i, -1;
		p->meta = (span){ st, i - st };
		p->has_meta = 1;
	}
	if (i != n)
		return *bad = i, -1;
	return 0;
}

/* Any leading zero the strict-ish regex of CoerceNewVersion=false refuses. */
static int has_leading_zero(const char *s, const parts *p)
{
	for (int k = 0; k < p->nnum; k++)
		if (p->num[k].len > 1 && s[p->num[k].off] == '0')
			return 1;
	return p->has_pre && check_pre(s + p->pre.off, p->pre.len, 0, NULL) != CC_OK;
}

static int loose_numbers(const char *s, const parts *p, int mode, uint64_t num[3], cc_error *err)
{
	num[0] = num[1] = num[2] = 0;
	for (int k = 0; k < p->nnum; k++) {
		span sp = p->num[k];
		if ((mode & CC_SEMVER_NO_COERCE) && sp.len > 1 && s[sp.off] == '0')
			return fail(err, sp.off, ERR_ZERO);
		if (sv_parse_u64(s + sp.off, sp.len, &num[k]) != 0)
			return cc_error_set(err, CC_EINVALID, NULL, 0, (int)sp.off + 1,
					    "error parsing version segment: strconv.ParseUint: parsing "
					    "\"%.*s\": value out of range", (int)sp.len, s + sp.off);
	}
	return CC_OK;
}

static int parse_loose(cc_semver *out, const char *s, size_t n, int mode, cc_error *err)
{
	parts p;
	size_t bad = 0;
	if (scan_loose(s, n, &p, &bad) != 0)
		return fail(err, bad, ERR_INVALID);
	if ((mode & CC_SEMVER_NO_COERCE) && (mode & CC_SEMVER_BRIEF_ERRORS) && has_leading_zero(s, &p))
		return fail(err, 0, ERR_INVALID);
	uint64_t num[3];
	int rc = loose_numbers(s, &p, mode, num, err);
	if (rc != CC_OK)
		return rc;
	if (p.has_pre && (rc = check_pre(s + p.pre.off, p.pre.len, p.pre.off, err)) != CC_OK)
		return rc;
	sv_make(out, num[0], num[1], num[2], s, n, s + p.pre.off, p.pre.len, s + p.meta.off, p.meta.len);
	return CC_OK;
}

/* ---- strict (StrictNewVersion) ------------------------------------- */

static const char *find_byte(const char *s, size_t from, size_t to, char c)
{
	const char *r = from < to ? memchr(s + from, c, to - from) : NULL;
	return r;
}

/* major, minor and the rest split on the first two dots, as strings.SplitN(v, ".", 3). */
static int strict_split(const char *s, size_t n, span part[3], cc_error *err)
{
	const char *d1 = find_byte(s, 0, n, '.');
	const char *d2 = d1 ? find_byte(s, (size_t)(d1 - s) + 1, n, '.') : NULL;
	if (!d2)
		return fail(err, n, ERR_INVALID);
	size_t a = (size_t)(d1 - s), b = (size_t)(d2 - s);
	part[0] = (span){ 0, a };
	part[1] = (span){ a + 1, b - a - 1 };
	part[2] = (span){ b + 1, n - b - 1 };
	return CC_OK;
}

/* Cuts "+meta" and then "-pre" off the third part, validating each as it goes. */
static int strict_extras(const char *s, span *third, parts *p, cc_error *err)
{
	size_t end = third->off + third->len;
	const char *plus = find_byte(s, third->off, end, '+');
	int rc;
	if (plus) {
		size_t at = (size_t)(plus - s);
		p->meta = (span){ at + 1, end - at - 1 };
		p->has_meta = 1;
		if ((rc = check_meta(s + at + 1, end - at - 1, at + 1, err)) != CC_OK)
			return rc;
		end = at;
	}
	const char *dash = find_byte(s, third->off, end, '-');
	if (dash) {
		size_t at = (size_t)(dash - s);
		p->pre = (span){ at + 1, end - at - 1 };
		p->has_pre = 1;
		if ((rc = check_pre(s + at + 1, end - at - 1, at + 1, err)) != CC_OK)
			return rc;
		end = at;
	}
	third->len = end - third->off;
	return CC_OK;
}

static int strict_numbers(const char *s, const span part[3], uint64_t num[3], cc_error *err)
{
	for (int k = 0; k < 3; k++) {
		for (size_t i = 0; i < part[k].len; i++)
			if (!sv_is_digit((unsigned char)s[part[k].off + i]))
				return fail(err, part[k].off + i, ERR_CHARS);
		if (part[k].len > 1 && s[part[k].off] == '0')
			return fail(err, part[k].off, ERR_ZERO);
	}
	for (int k = 0; k < 3; k++) {
		if (part[k].len == 0)
			return fail(err, part[k].off, "strconv.ParseUint: parsing \"\": invalid syntax");
		if (sv_parse_u64(s + part[k].off, part[k].len, &num[k]) != 0)
			return cc_error_set(err, CC_EINVALID, NULL, 0, (int)part[k].off + 1,
					    "strconv.ParseUint: parsing \"%.*s\": value out of range",
					    (int)part[k].len, s + part[k].off);
	}
	return CC_OK;
}

static int parse_strict(cc_semver *out, const char *s, size_t n, cc_error *err)
{
	if (n == 0)
		return cc_error_set(err, CC_EINVALID, NULL, 0, 0, ERR_EMPTY);
	span part[3] = { { 0, 0 }, { 0, 0 }, { 0, 0 } };
	parts p;
	memset(&p, 0, sizeof(p));
	uint64_t num[3];
	int rc = strict_split(s, n, part, err);
	if (rc == CC_OK)
		rc = strict_extras(s, &part[2], &p, err);
	if (rc == CC_OK)
		rc = strict_numbers(s, part, num, err);
	if (rc != CC_OK)
		return rc;
	sv_make(out, num[0], num[1], num[2], s, n, s + p.pre.off, p.pre.len, s + p.meta.off, p.meta.len);
	return CC_OK;
}

/* ---- entry points --------------------------------------------------- */

int cc_semver_parse_n(cc_semver *out, const char *s, size_t len, int mode, cc_error *err)
{
	*out = (cc_semver)CC_SEMVER_INIT;
	if (mode & CC_SEMVER_STRICT)
		return parse_strict(out, s, len, err);
	return parse_loose(out, s, len, mode, err);
}

int cc_semver_parse(cc_semver *out, const char *s, cc_error *err)
{
	return cc_semver_parse_n(out, s, strlen(s), CC_SEMVER_LOOSE, err);
}

int cc_semver_parse_strict(cc_semver *out, const char *s, cc_error *err)
{
	return cc_semver_parse_n(out, s, strlen(s), CC_SEMVER_STRICT, err);
}

int cc_semver_new(cc_semver *out, uint64_t major, uint64_t minor, uint64_t patch,
		  const char *pre, const char *meta, cc_error *err)
{
	*out = (cc_semver)CC_SEMVER_INIT;
	pre = pre ? pre : "";
	meta = meta ? meta : "";
	if (*pre && cc_semver_validate_prerelease(pre, err) != CC_OK)
		return CC_EINVALID;
	if (*meta && cc_semver_validate_metadata(meta, err) != CC_OK)
		return CC_EINVALID;
	sv_make_derived(out, NULL, major, minor, patch, pre, meta);
	return CC_OK;
}

int cc_semver_set_prerelease(cc_semver *v, const char *pre, cc_error *err)
{
	if (*pre && cc_semver_validate_prerelease(pre, err) != CC_OK)
		return CC_EINVALID;
	cc_semver next;
	sv_make_derived(&next, v, v->major, v->minor, v->patch, pre, v->meta ? v->meta : "");
	cc_semver_free(v);
	*v = next;
	return CC_OK;
}

int cc_semver_set_metadata(cc_semver *v, const char *meta, cc_error *err)
{
	if (*meta && cc_semver_validate_metadata(meta, err) != CC_OK)
		return CC_EINVALID;
	cc_semver next;
	sv_make_derived(&next, v, v->major, v->minor, v->patch, v->pre ? v->pre : "", meta);
	cc_semver_free(v);
	*v = next;
	return CC_OK;
}
