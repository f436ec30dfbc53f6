/*
 * chartci deps build [options] [PATH...]
 *
 * `helm dependency build` for every chart found: the versions its lock
 * pins are downloaded into charts/, from chart repositories (the archive's
 * sha256 must be the index's) and registries (the layer's digest must be
 * the manifest's). A chart whose lock is missing or out of sync with
 * Chart.yaml is refused, as helm refuses it, with the lock findings; a
 * chart none of whose archives could all be fetched keeps its charts/ as
 * it was.
 */
#include "cli/cli.h"
#include "cli/netopts.h"
#include "cli/targets.h"
#include "lock/lock.h"

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

/* helm builds only from a lock in sync with Chart.yaml; the problems are findings. */
static int lock_usable(const cc_chart *c, const json_t *req, cc_findings *fs)
{
	cc_lock_problems p = CC_LOCK_PROBLEMS_INIT;
	cc_error err;
	int rc = cc_lock_check(c, req, &p, &err);
	for (size_t i = 0; rc == CC_OK && i < p.n; i++) {
		const cc_lock_problem *q = &p.v[i];
		cc_finding *f = cc_findings_add(fs, CC_SEV_ERROR, "deps/fetch", q->file, q->line, q->col,
						"%s; nothing fetched", q->msg);
		cc_finding_set_chart(f, c->display);
		cc_finding_set_hint(f, "run chartci lock (or helm dependency update) and commit the lock");
	}
	if (rc != CC_OK)
		cc_finding_set_chart(cc_findings_add_error(fs, CC_SEV_ERROR, "deps/fetch", &err), c->display);
	int ok = rc == CC_OK && p.n == 0;
	cc_lock_problems_free(&p);
	return ok;
}

static void print_built(const cc_cli *cli, const cc_chart *c, const cc_deps_built *b)
{
	if (cli->format != CC_FORMAT_TEXT || cli->quiet)
		return;
	printf("%s: saved %zu chart%s", c->display, b->saved.n, b->saved.n == 1 ? "" : "s");
	for (size_t i = 0; i < b->saved.n; i++)
		printf("%s%s", i ? ", " : " (", b->saved.v[i]);
	printf("%s", b->saved.n ? ")" : "");
	for (size_t i = 0; i < b->removed.n; i++)
		printf("%s%s", i ? ", " : "; removed ", b->removed.v[i]);
	printf("\n");
}

static void fetch(const deps_setup *S, const cc_cli_deps *d, cc_findings *fs)
{
	cc_lock *l = NULL;
	cc_error err;
	cc_deps_built b;
	memset(&b, 0, sizeof(b));
	int rc = cc_lock_read(d->chart, &l, &err);
	if (rc == CC_OK)
		rc = cc_deps_build(S->net.net, d->chart->dir, l->entries, l->n, &b, &err);
	if (rc == CC_OK)
		print_built(S->cli, d->chart, &b);
	else
		cc_cli_deps_error(d, b.failed, "deps/fetch", &err, fs);
	cc_deps_built_free(&b);
	cc_lock_free(l);
}

static void build_one(void *ctx, const char *path, cc_findings *fs)
{
	deps_setup *S = ctx;
	cc_cli_deps d;
	if (cc_cli_deps_load(&S->net, path, "deps/fetch", fs, &d) == CC_OK && json_array_size(d.req) > 0 &&
	    lock_usable(d.chart, d.req, fs))
		fetch(S, &d, fs);
	cc_cli_deps_free(&d);
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
