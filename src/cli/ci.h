/*
 * ci: what `chartci ci` keeps of each chart as the stages pass, for the
 * job summary and the step outputs GitHub Actions reads.
 */
#ifndef CC_CLI_CI_H
#define CC_CLI_CI_H

#include "cli/stages.h"

enum { CC_CI_SKIPPED = 0, CC_CI_PASSED = 1, CC_CI_FAILED = 2 };
enum { CC_CI_LINT, CC_CI_LOCK, CC_CI_VERSION, CC_CI_PACKAGE, CC_CI_PUBLISH, CC_CI_NSTAGES };

typedef struct cc_ci_chart {
	const char *path;
	int state[CC_CI_NSTAGES];          /* CC_CI_SKIPPED, _PASSED or _FAILED per stage */
	cc_cli_version v;
	char *archive;                     /* written, or NULL */
	cc_strvec published;               /* where, one per target */
	char *tag;                         /* its release tag, made or found on HEAD, or NULL */
} cc_ci_chart;

typedef struct cc_ci_run {
	char *base;            /* what changed charts were found against */
	size_t nall;           /* charts found */
	cc_ci_chart *charts;   /* the changed ones */
	size_t n;
	const char *failed;    /* the first stage that failed, or NULL */
	const char *stopped;   /* the stage that failed and stopped the run (not with --keep-going), or NULL */
	int publishing;        /* publishing was on */
	char *publish_why;     /* why it was off, or NULL */
} cc_ci_run;

/* The Markdown job summary, appended to path (GitHub's $GITHUB_STEP_SUMMARY). */
int cc_ci_write_summary(const cc_ci_run *r, const cc_findings *fs, const char *path, cc_error *err);
/* changed-charts= and published= lines (JSON), appended to path ($GITHUB_OUTPUT). */
int cc_ci_write_outputs(const cc_ci_run *r, const char *path, cc_error *err);

#endif
