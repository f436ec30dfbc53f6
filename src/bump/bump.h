/*
 * bump: the next version of a chart, written into its Chart.yaml with
 * nothing else changed.
 *
 * `version` (and, when asked, `appVersion`) are the only bytes that change:
 * comments, key order, quoting and line endings stay as the author wrote
 * them (src/edit). The fields are found as helm finds them (Go's
 * case-insensitive JSON field match), the next version follows helm's
 * semver rules (cc_semver_bump), and the result is read back before it is
 * handed out: it must parse, carry the new version, and equal the original
 * in every other field.
 */
#ifndef CC_BUMP_H
#define CC_BUMP_H

#include "base/base.h"
#include "semver/semver.h"

typedef struct cc_bump_opts {
	int part;                 /* CC_BUMP_MAJOR / MINOR / PATCH, or CC_BUMP_NONE with prerelease/finalize */
	const char *prerelease;   /* start or continue ID.N */
	int finalize;             /* drop the prerelease */
	const char *app_version;  /* NULL: appVersion untouched; else set (added after version when absent) */
	const char *set_version;  /* this exact version instead of a computed one (must be above the current) */
} cc_bump_opts;

typedef struct cc_bump_result {
	char *old_version, *new_version;
	char *old_app_version;    /* NULL when absent */
	cc_buf text;              /* the new Chart.yaml */
	int line;                 /* of version, for messages */
} cc_bump_result;

/* The bumped Chart.yaml at path, in r->text; the file itself is not written. */
int cc_bump_chartfile(const char *path, const cc_bump_opts *o, cc_bump_result *r, cc_error *err);
void cc_bump_result_free(cc_bump_result *r);

#endif
