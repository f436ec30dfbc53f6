/*
 * chartci deps build [options] [PATH...]
 *
 * `helm dependency build` for every chart found: the versions its lock
 * pins are downloaded into charts/, from chart repositories (the archive's
 * sha256 must be the index's) and registries (the layer's digest must be
 * the manifest's), and packages file:// directories as `chartci package`
 * would. A chart whose lock is missing or out of sync with
 * Chart.yaml is refused, as helm refuses it, with the lock findings; a
 * chart none of whose archives could all be fetched keeps its charts/ as
 * it was.
 */
#include "cli/cli.h"
#include "cli/netopts.h"
#include "cli/targets.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

typedef struct deps_setup {
	cc_strvec exclude;
	cc_cli_net net;
	const cc_cli *cli;
} deps_setup;

static void help(void)
{
	printf("usage: chartci deps build [options] [PATH...]\n"
	       "\n"
	       "Downloads the dependency versions each chart's Chart.lock pins into its\n"
	       "charts/, verifying every archive, as `helm dependency build` would.\n"
	       "\n"
	       "options:\n"
	       CC_CLI_NET_HELP
	       "  -x, --exclude GLOB directories to skip (glob on paths below PATH; repeatable)\n"
	       CC_CLI_COMMON_HELP
	       "  -h, --help         this help\n");
}

static int deps_opt(void *ctx, int opt, const char *arg)
{
	deps_setup *S = ctx;
	return cc_cli_net_opt(&S->net, opt, arg) || cc_cli_opt_exclude(&S->exclude, opt, arg);
}

static void build_one(void *ctx, const char *path, cc_findings *fs)
{
	deps_setup *S = ctx;
	int text = S->cli->format == CC_FORMAT_TEXT && !S->cli->quiet;
	cc_cli_deps_build(S->cli, &S->net, path, "deps/fetch", text ? stdout : NULL, fs);
}

static int deps_build(cc_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CC_CLI_NET_LONGOPTS,
		{ "exclude", required_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 }
	};
	deps_setup S;
	memset(&S, 0, sizeof(S));
	S.cli = cli;
	int r = cc_cli_parse(cli, "deps build", argc, argv, "x:", longopts, help, deps_opt, &S);
	if (r == -1)
		r = cc_cli_net_run(cli, "deps build", argc, argv, &S.net, 1, &S.exclude, build_one, &S);
	cc_strvec_free(&S.exclude);
	return r;
}

int cc_cmd_deps(cc_cli *cli, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "build") == 0)
		return deps_build(cli, argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		help();
		return CC_EXIT_OK;
	}
	return cc_cli_usage_error("deps", "%s; the subcommand is build",
				  argc >= 2 ? "unknown subcommand" : "missing subcommand");
}
