/*
 * main: global options, then one command.
 *
 *   chartci [-C DIR] [--format FMT] [--config FILE] [--quiet] <command> [args]
 *
 * Global options stop at the command name; each command parses the rest,
 * and accepts the output options too, so `chartci lint --format json` and
 * `chartci --format json lint` mean the same.
 */
#include "cli/cli.h"
#include "cli/help.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

static const cc_command commands[] = {
	{ "ci", cc_cmd_ci, "the pipeline on the changed charts: lint, lock, versions, package, publish" },
	{ "lint", cc_cmd_lint, "check charts: Chart.yaml, values, schema" },
	{ "lock", cc_cmd_lock, "write or check Chart.lock as helm dependency update would" },
	{ "check-version", cc_cmd_check_version, "check each chart's version against its previous release" },
	{ "bump", cc_cmd_bump, "write a chart's next version into its Chart.yaml, nothing else changed" },
	{ "deps", cc_cmd_deps, "build: fetch the locked dependencies into charts/, each verified" },
	{ "list-changed", cc_cmd_changed, "list the charts whose packaged files changed since a base (git)" },
	{ "list", cc_cmd_list, "list the charts found below a directory" },
	{ "hook", cc_cmd_hook, "install: a git pre-push hook running chartci ci --no-publish" },
	{ "files", cc_cmd_files, "list the files helm would package for a chart" },
	{ "index", cc_cmd_index, "write a repository's index.yaml as helm repo index would" },
	{ "package", cc_cmd_package, "write each chart's archive as helm package would, reproducibly" },
	{ "verify", cc_cmd_verify, "check a chart archive against its provenance file, as helm verify" },
	{ "publish", cc_cmd_publish, "release chart archives to an OCI registry or a chart repository, never overwriting" },
	{ "semver", cc_cmd_semver, "check, pick, sort and bump versions as helm reads them" },
	{ "version", cc_cmd_version, "print the version and library versions" },
	{ NULL, NULL, NULL }
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: chartci [global options] <command> [args]\n"
		"\n"
		"Keeps a repository of Helm charts correct, locked and versioned.\n"
		"\n"
		"commands:\n");
	for (const cc_command *c = commands; c->name; c++)
		fprintf(out, "  %-14s %s\n", c->name, c->summary);
	cc_cli_builtins_usage(out);
	fprintf(out,
		"\n"
		"global options:\n"
		"  -C DIR             run as if chartci was started in DIR\n"
		CC_CLI_COMMON_HELP
		"  -h, --help         this help; `chartci <command> --help` for a command\n"
		"      --version      print the version\n"
		"\n"
		"exit status: 0 clean, 1 findings at or above the failing severity,\n"
		"2 usage or environment error.\n");
}

static const cc_command *find_command(const char *name)
{
	for (const cc_command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static int parse_global(cc_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 1100 },
		CC_CLI_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	int opt;
	while ((opt = getopt_long(argc, argv, "+hC:" CC_CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			usage(stdout);
			return CC_EXIT_OK + 100;
		case 1100:
			return cc_cmd_version(cli, 0, NULL) + 100;
		case 'C':
			cli->dir = optarg;
			break;
		default: {
			int r = cc_cli_common_opt(cli, opt, optarg);
			if (r == 1)
				break;
			if (r == 0)
				usage(stderr);
			return CC_EXIT_USAGE + 100;
		}
		}
	}
	return -1;
}

int main(int argc, char **argv)
{
	cc_cli cli;
	memset(&cli, 0, sizeof(cli));
	cli.fail_on = CC_SEV_ERROR;
	cli.color = -1;
	int r = parse_global(&cli, argc, argv);
	if (r >= 100)
		return r - 100;
	if (optind >= argc) {
		usage(stderr);
		return CC_EXIT_USAGE;
	}
	const char *name = argv[optind];
	const cc_command *cmd = find_command(name);
	const cc_cli_table table = { commands, usage };
	if (!cmd && (r = cc_cli_builtin(&table, &cli, argc - optind, argv + optind)) >= 0)
		return r;
	if (!cmd)
		return cc_cli_usage_error(NULL, "unknown command '%s' (see chartci --help)", name);
	if (cli.dir && chdir(cli.dir) != 0) {
		cc_error e;
		cc_error_sys(&e, errno, cli.dir, "cannot change to directory");
		return cc_cli_env_error(NULL, &e);
	}
	int cargc = argc - optind;
	char **cargv = argv + optind;
	optind = 0; /* reset getopt for the command's own parse */
	r = cmd->run(&cli, cargc, cargv);
	free(cli.root);
	cc_yaml_doc_free(cli.config);
	cc_strvec_free(&cli.warned);
	return r;
}
