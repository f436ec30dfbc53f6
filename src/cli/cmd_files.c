/*
 * chartci files [options] CHART...
 *
 * Prints the archive members `helm package` would write for each chart,
 * as `tar tzf` shows them ("<name>/<file>"), in chartci's fixed order:
 * what .helmignore keeps, what charts/ brings in, nothing else. Problems
 * met while loading go to stderr and make the exit status 1.
 */
#include "cli/cli.h"
#include "chart/chart.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void help(void)
{
	printf("usage: chartci files [options] CHART...\n"
	       "\n"
	       "Lists the files helm would package for each chart (a directory or .tgz),\n"
	       "one \"<name>/<path>\" per line, as `tar tzf` prints a chart archive.\n"
	       "\n"
	       "options:\n"
	       "  -h, --help         this help\n");
}

static int list_one(cc_cli *cli, const char *path, cc_findings *fs)
{
	cc_chart *c = NULL;
	cc_error err;
	cc_error_clear(&err);
	if (cc_chart_load(&c, path, path, NULL, &err) != CC_OK)
		return cc_cli_env_error("files", &err);
	cc_strvec names = CC_STRVEC_INIT;
	cc_chart_package_list(c, &names);
	const char *top = c->name && *c->name ? c->name : "?";
	for (size_t i = 0; i < names.n; i++)
		printf("%s/%s\n", top, names.v[i]);
	cc_strvec_free(&names);
	cc_findings_move(fs, &c->findings);
	cc_chart_free(c);
	(void)cli;
	return CC_EXIT_OK;
}

int cc_cmd_files(cc_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = { { NULL, 0, NULL, 0 } };
	int r = cc_cli_parse(cli, "files", argc, argv, "", longopts, help, NULL, NULL);
	if (r != -1)
		return r;
	if (optind >= argc)
		return cc_cli_usage_error("files", "name at least one chart (see chartci files --help)");
	cc_findings fs = CC_FINDINGS_INIT;
	r = CC_EXIT_OK;
	for (int i = optind; i < argc && r == CC_EXIT_OK; i++)
		r = list_one(cli, argv[i], &fs);
	if (r == CC_EXIT_OK && fs.n > 0) {
		cc_report_opts o = { CC_FORMAT_TEXT, 0, 1, 0, CHARTCI_VERSION };
		cc_findings_sort(&fs);
		cc_report_write(stderr, &fs, &o, NULL);
		if (cc_findings_count(&fs, cli->fail_on) > 0)
			r = CC_EXIT_FINDINGS;
	}
	cc_findings_free(&fs);
	return r;
}
