/*
 * semver internals shared by the module's files: character classes as Go's
 * regexp package defines them, uint64 parsing with strconv's error texts,
 * building a cc_semver, and Go's %q quoting for error messages.
 */
#ifndef CC_SEMVER_INT_H
#define CC_SEMVER_INT_H

#include "semver/semver.h"

/* RE2's \s: no vertical tab, unlike C's isspace. */
static inline int sv_is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static inline int sv_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* [0-9A-Za-z-]: what prerelease and metadata identifiers are made of. */
static inline int sv_is_ident(unsigned char c)
{
	return sv_is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

/* strconv.ParseUint(s, 10, 64) on a run of digits: 0, or -1 when it overflows. */
int sv_parse_u64(const char *s, size_t n, uint64_t *out);

/* Fills out with one allocation holding the three strings. */
void sv_make(cc_semver *out, uint64_t major, uint64_t minor, uint64_t patch, const char *orig,
	     size_t olen, const char *pre, size_t plen, const char *meta, size_t mlen);
/* Rebuilds v's original text as [v]canonical, as Masterminds does after any change. */
void sv_make_derived(cc_semver *out, const cc_semver *from, uint64_t major, uint64_t minor,
		     uint64_t patch, const char *pre, const char *meta);

/* Appends s as Go's %q (strconv.Quote) writes it. */
void sv_goquote(cc_buf *out, const char *s, size_t n);

#endif
