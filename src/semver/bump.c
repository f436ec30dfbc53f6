/*
 * Version bumps for `chartci bump` and release tooling.
 *
 * major/minor/patch are Masterminds' IncMajor/IncMinor/IncPatch, so a bump
 * here and one done with helm's library agree (patch on 1.2.3-beta gives
 * 1.2.3: the release the prerelease was leading to). Prerelease series
 * count from 1 (`--prerelease rc`: 1.3.0-rc.1, then 1.3.0-rc.2), and every
 * bump must move forward: asking for 1.3.0-alpha.1 after 1.3.0-rc.2 is an
 * error, not a silent step back that a registry would refuse later.
 */
#include "semver/semver_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static int inc(uint64_t *n, const char *what, cc_error *err)
{
	if (*n == UINT64_MAX)
		return cc_error_set(err, CC_EINVALID, NULL, 0, 0,
				    "%s version increment would overflow uint64", what);
	(*n)++;
	return CC_OK;
}

/* IncMajor / IncMinor / IncPatch on the numbers; clears the prerelease flag. */
static int inc_part(uint64_t num[3], int part, int had_pre, cc_error *err)
{
	switch (part) {
	case CC_BUMP_MAJOR:
		num[1] = num[2] = 0;
		return inc(&num[0], "major", err);
	case CC_BUMP_MINOR:
		num[2] = 0;
		return inc(&num[1], "minor", err);
	default:
		return had_pre ? CC_OK : inc(&num[2], "patch", err);
	}
}

/* "rc" -> "rc.1", "rc.N" -> "rc.N+1", anything else -> "id.1". Caller frees. */
static int next_pre(const char *cur, const char *id, char **out, cc_error *err)
{
	size_t idn = strlen(id);
	uint64_t n = 0;
	int series = strncmp(cur, id, idn) == 0 && cur[idn] == '.';
	if (series) {
		const char *num = cur + idn + 1;
		size_t numlen = strlen(num);
		series = numlen > 0 && strspn(num, "0123456789") == numlen &&
			 sv_parse_u64(num, numlen, &n) == 0;
	}
	if (series && n == UINT64_MAX)
		return cc_error_set(err, CC_EINVALID, NULL, 0, 0,
				    "prerelease %s cannot be incremented within uint64", cur);
	*out = cc_asprintf("%s.%" PRIu64, id, series ? n + 1 : 1);
	return CC_OK;
}

static int finalize(cc_semver *out, const cc_semver *v, const cc_semver_bump_opts *o, cc_error *err)
{
	if (o->part || o->prerelease)
		return cc_error_set(err, CC_EINVALID, NULL, 0, 0,
				    "finalize cannot be combined with another bump");
	if (!v->pre[0])
		return cc_error_set(err, CC_EINVALID, NULL, 0, 0,
				    "%s is not a prerelease; there is nothing to finalize", v->original);
	sv_make_derived(out, v, v->major, v->minor, v->patch, "", "");
	return CC_OK;
}

static int check_request(const cc_semver_bump_opts *o, cc_error *err)
{
	if (o->part < CC_BUMP_NONE || o->part > CC_BUMP_PATCH)
		return cc_error_set(err, CC_EINVALID, NULL, 0, 0, "unknown version part to bump");
	if (!o->part && !o->prerelease)
		return cc_error_set(err, CC_EINVALID, NULL, 0, 0,
				    "nothing to bump: name major, minor, patch or a prerelease");
	if (o->prerelease && (!*o->prerelease || cc_semver_validate_prerelease(o->prerelease, err) != CC_OK))
		return cc_error_set(err, CC_EINVALID, NULL, 0, 0,
				    "prerelease identifier \"%s\" is invalid: it must be dot-separated "
				    "[0-9A-Za-z-] identifiers, numbers without leading zeros",
				    o->prerelease);
	return CC_OK;
}

int cc_semver_bump(cc_semver *out, const cc_semver *v, const cc_semver_bump_opts *o, cc_error *err)
{
	*out = (cc_semver)CC_SEMVER_INIT;
	if (o->finalize)
		return finalize(out, v, o, err);
	int rc = check_request(o, err);
	uint64_t num[3] = { v->major, v->minor, v->patch };
	int continues = !o->part && v->pre[0];
	if (rc == CC_OK && !continues)
		rc = inc_part(num, o->part ? o->part : CC_BUMP_PATCH, v->pre[0] != '\0', err);
	char *pre = NULL;
	if (rc == CC_OK && o->prerelease)
		rc = next_pre(continues ? v->pre : "", o->prerelease, &pre, err);
	if (rc != CC_OK)
		return rc;
	sv_make_derived(out, v, num[0], num[1], num[2], pre ? pre : "", "");
	free(pre);
	if (cc_semver_compare(out, v) > 0)
		return CC_OK;
	rc = cc_error_set(err, CC_EINVALID, NULL, 0, 0,
			  "bumping %s gives %s, which is not greater; choose another part or prerelease",
			  v->original, out->original);
	cc_semver_free(out);
	return rc;
}
