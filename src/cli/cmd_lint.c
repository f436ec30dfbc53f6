/*
 * chartci lint [options] [PATH...]
 *
 * Loads every chart found under the PATHs and reports what is wrong with
 * each, all charts in one run, in the chosen format.
 */
#include "cli/cli.h"
#include "cli/targets.h"
#include "lint/lint.h"

#include <stdio.h>

static void help(void)
{
	printf("usage: chartci lint [options] [PATH...]\n"
	       "\n"
	       "Checks every chart found under each PATH (a directory walked at any depth,\n"
	       "or a chart archive); with no PATH, the working directory. Reports problems\n"
	       "as path:line:col with a rule id; see docs/rules.md.\n"
	       "\n"
	       "options:\n"
	       "  -x, --exclude GLOB directories to skip (glob on paths below PATH; repeatable)\n"
	       CC_CLI_COMMON_HELP
	       "  -h, --help         this help\n");
}

static void lint_one(cc_linter *linter, const char *path, cc_findings *fs)
{
	cc_chart *c = NULL;
	cc_error err;
	cc_error_clear(&err);
	if (cc_chart_load(&c, path, path, NULL, &err) != CC_OK) {
		cc_findings_add_error(fs, CC_SEV_ERROR,
				      err.code == CC_ENOTFOUND ? "chart/file-missing" : "chart/archive-invalid", &err);
		return;
	}
	cc_linter_run(linter, c, fs, &err);
	cc_chart_free(c);
}

int cc_cmd_lint(cc_cli *cli, int argc, char **argv)
{
	cc_findings fs = CC_FINDINGS_INIT;
	cc_strvec charts = CC_STRVEC_INIT;
	int r = cc_cli_parse_charts(cli, "lint", argc, argv, help, &charts, &fs);
	cc_linter *linter = NULL;
	cc_error err;
	if (r == -1 && cc_linter_new(&linter, NULL, &err) != CC_OK)
		r = cc_cli_env_error("lint", &err);
	if (r == -1) {
		for (size_t i = 0; i < charts.n; i++)
			lint_one(linter, charts.v[i], &fs);
		r = cc_cli_report(cli, &fs, charts.n);
	}
	cc_linter_free(linter);
	cc_findings_free(&fs);
	cc_strvec_free(&charts);
	return r;
}
