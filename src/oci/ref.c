/*
 * oci references: "oci://host[:port]/path/name[:tag][@sha256:hex]", checked
 * against the distribution spec's grammar (repository path components,
 * tags), with '+' allowed in a tag because helm's chart versions carry it
 * until the request turns it into '_'.
 */
#include "oci/oci.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define TAG_MAX 128

void cc_oci_ref_free(cc_oci_ref *r)
{
	if (!r)
		return;
	free(r->registry);
	free(r->repository);
	free(r->tag);
	free(r->digest);
	memset(r, 0, sizeof(*r));
}

static int bad(cc_error *err, const char *ref, const char *at, const char *what)
{
	return cc_error_set(err, CC_EINVALID, NULL, 0, (int)(at - ref) + 1,
			    "invalid OCI reference \"%s\": %s", ref, what);
}

static int lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* The length of the separator at s ('.', '_', '__' or '-'+), 0 when there is none. */
static size_t separator(const char *s, size_t n)
{
	if (!n)
		return 0;
	if (s[0] == '.')
		return 1;
	if (s[0] == '_')
		return n > 1 && s[1] == '_' ? 2 : 1;
	size_t i = 0;
	while (i < n && s[i] == '-')
		i++;
	return i;
}

/* [a-z0-9]+ joined by separators; the offset of the first bad byte, or -1. */
static long bad_component(const char *s, size_t n)
{
	size_t i = 0;
	for (;;) {
		size_t run = 0;
		while (i < n && lower_alnum(s[i]))
			i++, run++;
		if (!run)
			return (long)i;
		if (i == n)
			return -1;
		size_t sep = separator(s + i, n - i);
		if (!sep)
			return (long)i;
		i += sep;
	}
}

static int check_repository(const char *ref, const char *p, size_t len, cc_error *err)
{
	const char *end = p + len;
	for (;;) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		size_t n = slash ? (size_t)(slash - p) : (size_t)(end - p);
		long b = bad_component(p, n);
		if (b >= 0)
			return bad(err, ref, p + b, "the repository path must be lowercase letters, digits and single separators");
		if (!slash)
			return CC_OK;
		p = slash + 1;
	}
}

static int check_tag(const char *ref, const char *tag, size_t n, cc_error *err)
{
	if (n == 0 || n > TAG_MAX)
		return bad(err, ref, tag, "a tag has 1 to 128 characters");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)tag[i];
		int ok = isalnum(c) || c == '_' || (i > 0 && (c == '.' || c == '-' || c == '+'));
		if (!ok)
			return bad(err, ref, tag + i, "a tag is letters, digits, '_', '.', '-' (and '+' for a chart version)");
	}
	return CC_OK;
}

static int check_digest(const char *ref, const char *d, cc_error *err)
{
	if (strncmp(d, "sha256:", 7))
		return bad(err, ref, d, "only sha256 digests are supported");
	size_t n = strspn(d + 7, "0123456789abcdef");
	if (n != 64 || d[7 + n])
		return bad(err, ref, d + 7 + (n < 64 ? n : 64), "a sha256 digest is 64 lowercase hex digits");
	return CC_OK;
}

static int check_registry(const char *ref, const char *reg, size_t n, cc_error *err)
{
	if (!n)
		return bad(err, ref, reg, "no registry host");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)reg[i];
		if (!isalnum(c) && c != '.' && c != '-' && c != ':' && c != '[' && c != ']')
			return bad(err, ref, reg + i, "the registry is a host name with an optional port");
	}
	return CC_OK;
}

/* Splits rest ("path/name[:tag][@digest]") into out's repository, tag and digest. */
static int split_path(const char *ref, const char *rest, cc_oci_ref *out, cc_error *err)
{
	const char *at = strchr(rest, '@');
	size_t end = at ? (size_t)(at - rest) : strlen(rest);
	const char *slash = memrchr(rest, '/', end);
	const char *from = slash ? slash : rest;
	const char *colon = memchr(from, ':', end - (size_t)(from - rest));
	size_t rlen = colon ? (size_t)(colon - rest) : end;
	int rc = check_repository(ref, rest, rlen, err);
	if (rc == CC_OK && colon)
		rc = check_tag(ref, colon + 1, end - rlen - 1, err);
	if (rc == CC_OK && at)
		rc = check_digest(ref, at + 1, err);
	if (rc != CC_OK)
		return rc;
	out->repository = cc_strndup(rest, rlen);
	out->tag = colon ? cc_strndup(colon + 1, end - rlen - 1) : NULL;
	out->digest = at ? cc_strdup(at + 1) : NULL;
	return CC_OK;
}

int cc_oci_ref_parse(const char *ref, cc_oci_ref *out, cc_error *err)
{
	memset(out, 0, sizeof(*out));
	const char *s = !strncmp(ref, "oci://", 6) ? ref + 6 : ref;
	size_t hlen = strcspn(s, "/");
	int rc = check_registry(ref, s, hlen, err);
	if (rc == CC_OK && (!s[hlen] || !s[hlen + 1]))
		rc = bad(err, ref, s + hlen, "no repository after the registry");
	if (rc == CC_OK) {
		out->registry = cc_strndup(s, hlen);
		rc = split_path(ref, s + hlen + 1, out, err);
	}
	if (rc != CC_OK)
		cc_oci_ref_free(out);
	return rc;
}
