/*
 * stages: each command's work on a list of charts, findings into one
 * report, for `chartci ci`, which runs them in a row. Each is the same
 * code the command runs, so `chartci ci` judges a chart exactly as the
 * commands one by one would.
 */
#ifndef CC_CLI_STAGES_H
#define CC_CLI_STAGES_H

#include "cli/cli.h"

/* lint with the configuration's rule packs; a bad pack or configuration is err (exit 2). */
int cc_cli_stage_lint(cc_cli *cli, const cc_strvec *charts, cc_findings *fs, cc_error *err);

/* lock --check: offline, every lock against its Chart.yaml. */
int cc_cli_stage_lock(cc_cli *cli, const cc_strvec *charts, cc_findings *fs, cc_error *err);

/* What check-version found of one chart, for a summary. */
typedef struct cc_cli_version {
	char *released;   /* the version at the previous release, or NULL (never released) */
	char *release;    /* the tag (or revision) compared with, or NULL */
	char *now;        /* the version now */
	int need;         /* CC_CHANGE_* the changes demand; 0 when nothing changed */
} cc_cli_version;

/* check-version (since: NULL for release tags); out[i] for charts->v[i] (may be NULL). */
int cc_cli_stage_versions(cc_cli *cli, const char *since, const cc_strvec *charts, cc_findings *fs,
			  cc_cli_version *out, cc_error *err);
void cc_cli_version_free(cc_cli_version *v);

/* package each chart into dir; written->v[i] is the archive or "" where refused. */
int cc_cli_stage_package(cc_cli *cli, const cc_strvec *charts, const char *dir, cc_findings *fs,
			 cc_strvec *written, cc_error *err);

/* How list-changed picks its base. */
typedef struct cc_cli_changed_opts {
	const char *since, *branch, *remote;
	int release;         /* each chart against its own release tag */
	int worktree;
} cc_cli_changed_opts;

/* The charts (of all) whose packaged files changed, in all's order; *base says against what. */
int cc_cli_stage_changed(cc_cli *cli, const cc_cli_changed_opts *o, const cc_strvec *all, cc_strvec *changed,
			 char **base, cc_error *err);

#endif
