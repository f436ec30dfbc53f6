/*
 * epoch.c: choosing the archive's one modification time; see epoch.h.
 */
#include "package/epoch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "package/package.h"

int cc_package_parse_epoch(const char *value, long long *out, cc_error *err)
{
	long long v = 0;
	const char *p = value;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > CC_PACKAGE_MAX_MTIME)
			break;
	}
	if (!*value || *p)
		return cc_error_set(err, CC_EINVALID, "", 0, 0,
				    "SOURCE_DATE_EPOCH \"%s\" is not a number of seconds (decimal digits only)%s", value,
				    *p >= '0' && *p <= '9' ? ", or is too large for a tar header" : "");
	*out = v;
	return 0;
}

static void newest_of(const cc_chart *c, long long *best, int *found)
{
	struct stat st;
	for (size_t i = 0; i < c->nfiles; i++)
		if (c->files[i].path && stat(c->files[i].path, &st) == 0 && (!*found || st.st_mtime > *best)) {
			*best = st.st_mtime;
			*found = 1;
		}
	for (size_t i = 0; i < c->nsubcharts; i++) {
		const cc_chart *s = c->subcharts[i];
		if (s->is_archive && stat(s->dir, &st) == 0 && (!*found || st.st_mtime > *best)) {
			*best = st.st_mtime;
			*found = 1;
		}
		newest_of(s, best, found);
	}
}

int cc_package_newest_mtime(const cc_chart *c, long long *out, cc_error *err)
{
	long long best = 0;
	int found = 0;
	newest_of(c, &best, &found);
	if (!found)
		return cc_error_set(err, CC_ENOTFOUND, c->dir, 0, 0, "no files to take a time from");
	*out = best < 0 ? 0 : best > CC_PACKAGE_MAX_MTIME ? CC_PACKAGE_MAX_MTIME : best;
	return 0;
}

int cc_package_epoch(const cc_chart *c, const char *dir, const char *sde, long long *out, const char **source,
		     cc_error *err)
{
	const char *unused;
	if (!source)
		source = &unused;
	if (sde) {
		*source = "SOURCE_DATE_EPOCH";
		return cc_package_parse_epoch(sde, out, err);
	}
	int rc = cc_git_last_change(dir, out, err);
	if (rc == 0 && *out >= 0 && *out <= CC_PACKAGE_MAX_MTIME) {
		*source = "last commit";
		return 0;
	}
	if (rc != 0 && rc != CC_ENOTFOUND)
		return rc;
	cc_error_clear(err);
	*source = "newest file";
	return cc_package_newest_mtime(c, out, err);
}
