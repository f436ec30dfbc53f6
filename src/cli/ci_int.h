/*
 * ci internals: the options of `chartci ci` and what its files share.
 */
#ifndef CC_CLI_CI_INT_H
#define CC_CLI_CI_INT_H

#include "cli/ci.h"

typedef struct cc_ci_setup {
	cc_cli_changed_opts changed;
	cc_strvec exclude;
	int keep_going;
	int publish, no_publish;      /* --publish, --no-publish */
	int plain_http, password_stdin;
	int tag;                      /* --tag */
	const char *to, *url, *username, *registry_config;
	const char *summary;          /* the job summary's file (default $GITHUB_STEP_SUMMARY) */
	const char *outputs;          /* the step outputs' file (default $GITHUB_OUTPUT) */
	const char *dist;             /* where archives go (default: a temporary directory) */
	char *password;
} cc_ci_setup;

/* Whether this run publishes, and where. */
typedef struct cc_ci_plan {
	int on;
	cc_strvec targets;
	const char *url;
	int plain_http;               /* publish.plain-http */
	int tag;                      /* tag each release: --tag or publish.tag */
	char *why;                    /* why not, when off */
} cc_ci_plan;

int cc_ci_publish_plan(const cc_cli *cli, const cc_ci_setup *S, cc_ci_plan *p, cc_error *err);
void cc_ci_plan_free(cc_ci_plan *p);

#endif
