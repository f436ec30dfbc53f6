/*
 * libFuzzer target for src/semver. The input is "A" or "A\0B": A is parsed
 * as a version in every mode and as a constraint, B (when present) is one
 * more version to check against it. Besides memory errors, it aborts when
 * an invariant breaks:
 *   - a parsed version keeps its text, and its canonical form parses back
 *     (strictly too) to an equal version;
 *   - strict and no-coerce parsing accept a subset of what loose accepts,
 *     with the same result;
 *   - an error has a message and a column inside the text (or 0);
 *   - a constraint's String() parses back to the same String() and the
 *     same decisions, and Validate agrees with Check (reasons iff false);
 *   - a bump either fails or moves forward.
 * tests/unit/test_semver.c includes this file to replay the seeds briefly
 * in `make test`; `make fuzz` and `make fuzz-long` run it under libFuzzer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "semver/semver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const probes[] = {
	"0.0.0", "0.0.1", "0.1.0", "1.0.0", "1.2.3", "1.2.3-0", "1.2.3-alpha", "1.2.4-beta.1",
	"2.0.0", "2.0.0-rc.1", "11.2.3", "18446744073709551615.0.0",
};

static void check_error(const cc_error *err, size_t len)
{
	if (!err->msg[0] || err->col < 0 || (size_t)err->col > len + 1)
		abort();
}

static void roundtrip(const cc_semver *v)
{
	char *s = cc_semver_string(v);
	cc_semver again, strict;
	if (cc_semver_parse(&again, s, NULL) != CC_OK || cc_semver_parse_strict(&strict, s, NULL) != CC_OK)
		abort();
	if (cc_semver_compare(v, &again) != 0 || cc_semver_compare(&again, &strict) != 0 ||
	    strcmp(v->meta, again.meta) != 0)
		abort();
	cc_semver_free(&again);
	cc_semver_free(&strict);
	free(s);
}

static void bumps(const cc_semver *v)
{
	static const cc_semver_bump_opts opts[] = {
		{ CC_BUMP_MAJOR, NULL, 0 }, { CC_BUMP_MINOR, NULL, 0 }, { CC_BUMP_PATCH, NULL, 0 },
		{ CC_BUMP_NONE, "rc", 0 },  { CC_BUMP_MINOR, "rc", 0 }, { CC_BUMP_NONE, NULL, 1 },
	};
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		cc_semver next;
		if (cc_semver_bump(&next, v, &opts[i], NULL) != CC_OK)
			continue;
		if (cc_semver_compare(&next, v) <= 0 || cc_semver_has_v(&next) != cc_semver_has_v(v))
			abort();
		cc_semver_free(&next);
	}
}

/* Parses a in every mode; returns 1 with *out set when the loose parse worked. */
static int versions(const char *a, size_t n, cc_semver *out)
{
	static const int modes[] = { CC_SEMVER_STRICT, CC_SEMVER_NO_COERCE,
				     CC_SEMVER_NO_COERCE | CC_SEMVER_BRIEF_ERRORS };
	cc_error err;
	int loose = cc_semver_parse_n(out, a, n, CC_SEMVER_LOOSE, &err) == CC_OK;
	if (!loose)
		check_error(&err, n);
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		cc_semver v;
		if (cc_semver_parse_n(&v, a, n, modes[i], &err) != CC_OK) {
			check_error(&err, n);
			continue;
		}
		if (!loose || cc_semver_compare(&v, out) != 0 || strcmp(v.meta, out->meta) != 0)
			abort();
		cc_semver_free(&v);
	}
	if (!loose)
		return 0;
	if (strlen(out->original) != n || memcmp(out->original, a, n) != 0 || cc_semver_compare(out, out) != 0)
		abort();
	roundtrip(out);
	bumps(out);
	return 1;
}

static void same_decision(const cc_constraint *c, const cc_constraint *again, const cc_semver *v)
{
	for (int flags = 0; flags <= CC_CONSTRAINT_INCLUDE_PRERELEASE; flags++) {
		cc_strvec why = CC_STRVEC_INIT;
		int ok = cc_constraint_check(c, v, flags);
		if (ok != cc_constraint_check(again, v, flags) ||
		    ok != cc_constraint_validate(c, v, flags, &why) || ok != (why.n == 0))
			abort();
		cc_strvec_free(&why);
	}
}

static void constraint(const char *a, size_t n, const cc_semver *extra, int have_extra)
{
	cc_constraint c, again;
	cc_error err;
	if (cc_constraint_parse_n(&c, a, n, &err) != CC_OK) {
		check_error(&err, n);
		return;
	}
	char *s = cc_constraint_string(&c);
	if (cc_constraint_parse(&again, s, NULL) != CC_OK)
		abort();
	char *s2 = cc_constraint_string(&again);
	if (strcmp(s, s2) != 0)
		abort();
	cc_semver vs[sizeof(probes) / sizeof(probes[0]) + 1];
	size_t nv = 0;
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		if (cc_semver_parse(&vs[nv], probes[i], NULL) == CC_OK)
			nv++;
	if (have_extra)
		cc_semver_copy(&vs[nv++], extra);
	for (size_t i = 0; i < nv; i++)
		same_decision(&c, &again, &vs[i]);
	long best = cc_semver_max_satisfying(&c, vs, nv, 0);
	if (best >= 0 && !cc_constraint_check(&c, &vs[best], 0))
		abort();
	for (size_t i = 0; i < nv; i++)
		cc_semver_free(&vs[i]);
	free(s);
	free(s2);
	cc_constraint_free(&c);
	cc_constraint_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t alen = nul ? (size_t)(nul - text) : size;
	cc_semver a, b;
	int have_a = versions(text, alen, &a), have_b = 0;
	if (nul)
		have_b = versions(nul + 1, size - alen - 1, &b);
	constraint(text, alen, &b, have_b);
	if (have_a && have_b && cc_semver_compare(&a, &b) != -cc_semver_compare(&b, &a))
		abort();
	if (have_a)
		cc_semver_free(&a);
	if (have_b)
		cc_semver_free(&b);
	return 0;
}
