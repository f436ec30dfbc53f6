/*
 * release: a chart's previous release (its highest tag by the release-tag:
 * template of .chartci.yaml, or the chart at --since REV) and the bump its
 * changes since demand. check-version judges with it; bump --auto acts on it.
 */
#ifndef CC_CLI_RELEASE_H
#define CC_CLI_RELEASE_H

#include "cli/cli.h"
#include "chart/chart.h"
#include "git/git.h"
#include "semver/semver.h"
#include "tags/tags.h"

typedef struct cc_cli_release {
	const char *since;       /* compare with this revision, not release tags */
	cc_git *git;
	char *wd;                /* the work tree, resolved */
	cc_tag_template *tmpl;
	cc_strvec tags;
} cc_cli_release;

/* The chart as it was released: which revision, its version and appVersion. */
typedef struct cc_cli_before {
	char *rev;
	char *version;
	char *app_version;       /* NULL when absent */
} cc_cli_before;

int cc_cli_release_open(cc_cli *cli, const char *since, cc_cli_release *r, cc_error *err);
void cc_cli_release_close(cc_cli_release *r);
/* path relative to the work tree; NULL when outside it. Caller frees. */
char *cc_cli_release_rel(const cc_cli_release *r, const char *path);
/* The previous release of c (at rel); 0 when there is none. */
int cc_cli_release_before(cc_cli_release *r, const cc_chart *c, const char *rel, cc_cli_before *b);
void cc_cli_before_free(cc_cli_before *b);
/*
 * The level (CC_CHANGE_*) the changes since b demand, a major while 0.x
 * being a minor; the first change at that level in why. 0 when the chart
 * at b->rev cannot be read.
 */
int cc_cli_release_needed(cc_cli_release *r, const cc_chart *c, const char *rel, const cc_cli_before *b,
			  const cc_semver *old, char *why, size_t whysz);

#endif
