/*
 * chartci list-changed [--since REV | --target-branch B [--remote R]]
 *                      [--include-worktree] [-x GLOB] [PATH...]
 *
 * The charts whose packaged files changed between a base and HEAD (or the
 * work tree, with --include-worktree, for a pre-push hook). The base is
 * --since, else the merge-base with R/B (origin/main by default), as
 * chart-testing picks it. A change counts when it is in a file `helm
 * package` would put in the archive: what the chart's .helmignore drops
 * does not make a release. A chart whose file:// dependency changed has
 * changed too. Text: one chart per line; JSON: {"base", "charts"};
 * `--format matrix`: a GitHub Actions matrix, {"include": [{chart, name}]}.
 */
#include "cli/cli.h"
#include "cli/changes.h"
#include "cli/targets.h"
#include "chart/chart.h"
#include "git/git.h"
#include "lock/lock.h"

#include <getopt.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct changed_setup {
	cc_strvec exclude;
	const char *since, *branch, *remote;
	int worktree;
	unsigned shard, shards;   /* --shard I/N: 1-based I; 0 when not sharding */
	int matrix;               /* --format matrix */
} changed_setup;

typedef struct chart_state {
	char *path;      /* as found */
	char *abs;       /* real path */
	char *rel;       /* relative to the work tree */
	cc_chart *c;
	int changed;
} chart_state;

static void help(void)
{
	printf("usage: chartci list-changed [options] [PATH...]\n"
	       "\n"
	       "Lists the charts whose packaged files changed since a base.\n"
	       "\n"
	       "options:\n"
	       "      --since REV          compare with REV (a commit, tag or branch)\n"
	       "      --target-branch B    else the merge-base with REMOTE/B (default: main)\n"
	       "      --remote R           the remote of the target branch (default: origin)\n"
	       "      --include-worktree   compare the work tree as it is (staged, unstaged,\n"
	       "                           untracked), not HEAD\n"
	       "  -f matrix                a GitHub Actions matrix: {\"include\": [{\"chart\", \"name\"}]}\n"
	       "      --shard I/N          only the charts of shard I of N (by a hash of each\n"
	       "                           chart's path, so a chart stays in its shard)\n"
	       "  -x, --exclude GLOB       directories to skip (repeatable)\n"
	       CC_CLI_COMMON_HELP
	       "  -h, --help         this help\n");
}

static int changed_opt(void *ctx, int opt, const char *arg)
{
	changed_setup *S = ctx;
	switch (opt) {
	case 5001:
		S->since = arg;
		return 1;
	case 5002:
		S->branch = arg;
		return 1;
	case 5003:
		S->remote = arg;
		return 1;
	case 5004:
		S->worktree = 1;
		return 1;
	case 5005:
		if (sscanf(arg, "%u/%u", &S->shard, &S->shards) != 2 || S->shards == 0 || S->shard == 0 ||
		    S->shard > S->shards) {
			cc_cli_usage_error("list-changed", "--shard takes I/N with 1 <= I <= N, e.g. 2/4");
			return -1;
		}
		return 1;
	case 'f':
		/* a GitHub Actions matrix is this command's own format; the rest are everyone's */
		S->matrix = strcmp(arg, "matrix") == 0;
		return S->matrix;
	default:
		return cc_cli_opt_exclude(&S->exclude, opt, arg);
	}
}

/* A dependency that is not among the charts listed is looked at on its own. */
static int dependency_changed(const char *real, const char *wd, const cc_strvec *paths)
{
	size_t wl = strlen(wd);
	if (strncmp(real, wd, wl) != 0 || (real[wl] != '/' && real[wl] != '\0'))
		return 0;
	cc_chart *c = NULL;
	cc_chart_opts o = { .no_subcharts = 1 };
	cc_error err;
	cc_chart_load(&c, real, real, &o, &err);
	int changed = c && cc_cli_chart_changed(c, real[wl] ? real + wl + 1 : "", paths);
	cc_chart_free(c);
	return changed;
}

/* 1 when dependency `real` changed: a listed chart marked so, or one looked at now. */
static int dep_changed(const chart_state *cs, size_t n, const char *real, const char *wd, const cc_strvec *paths)
{
	for (size_t j = 0; j < n; j++)
		if (strcmp(cs[j].abs, real) == 0)
			return cs[j].changed;
	return dependency_changed(real, wd, paths);
}

/* A chart whose file:// dependency changed, changed; until nothing more does. */
static void propagate(chart_state *cs, size_t n, const char *wd, const cc_strvec *paths)
{
	for (int more = 1; more;) {
		more = 0;
		for (size_t i = 0; i < n; i++) {
			json_t *req = NULL;
			const cc_yaml_node *nodes;
			const char *file;
			cc_error err;
			if (cs[i].changed || !cs[i].c || cc_lock_dependencies(cs[i].c, &req, &nodes, &file, &err) != CC_OK)
				continue;
			for (size_t d = 0; d < json_array_size(req) && !cs[i].changed; d++) {
				const char *repo = json_string_value(json_object_get(json_array_get(req, d), "repository"));
				if (!repo || strncmp(repo, "file://", 7) != 0)
					continue;
				char *dep = repo[7] == '/' ? cc_strdup(repo + 7) : cc_path_join(cs[i].abs, repo + 7);
				char *real = realpath(dep, NULL);
				if (real && dep_changed(cs, n, real, wd, paths))
					cs[i].changed = more = 1;
				free(real);
				free(dep);
			}
			json_decref(req);
		}
	}
}

static int load_states(const cc_git *g, const cc_strvec *charts, chart_state *cs, cc_error *err)
{
	char *wd = realpath(cc_git_workdir(g), NULL);
	size_t wl = wd ? strlen(wd) : 0;
	int rc = wd ? CC_OK : cc_error_sys(err, errno, cc_git_workdir(g), "cannot resolve");
	for (size_t i = 0; rc == CC_OK && i < charts->n; i++) {
		cs[i].path = charts->v[i];
		cs[i].abs = realpath(charts->v[i], NULL);
		if (!cs[i].abs || strncmp(cs[i].abs, wd, wl) != 0 || (cs[i].abs[wl] != '/' && cs[i].abs[wl] != '\0')) {
			rc = cc_error_set(err, CC_EINVALID, charts->v[i], 0, 0, "outside the repository's work tree");
			break;
		}
		cs[i].rel = cc_strdup(cs[i].abs[wl] ? cs[i].abs + wl + 1 : "");
		cc_chart_opts o = { .no_subcharts = 1 };
		cc_error e2;
		cc_chart_load(&cs[i].c, charts->v[i], charts->v[i], &o, &e2);
	}
	free(wd);
	return rc;
}

static int base_of(const changed_setup *S, cc_git *g, char **base, cc_error *err)
{
	if (S->since) {
		*base = cc_strdup(S->since);
		return CC_OK;
	}
	char *target = cc_asprintf("%s/%s", S->remote ? S->remote : "origin", S->branch ? S->branch : "main");
	char oid[41];
	int rc = cc_git_merge_base(g, target, oid, err);
	if (rc == CC_OK)
		*base = cc_strdup(oid);
	free(target);
	return rc;
}

/*
 * Which shard a chart is in: by a hash of its path, not its position, so
 * adding or removing a chart moves no other chart between CI jobs.
 */
static unsigned shard_of(const char *rel, unsigned shards)
{
	char hex[CC_SHA256_HEX];
	cc_sha256_hex(rel, strlen(rel), hex);
	hex[12] = '\0'; /* 48 bits are plenty to spread charts evenly */
	return (unsigned)(strtoull(hex, NULL, 16) % shards) + 1;
}

/* {"include": [{"chart": path, "name": name}]}: strategy.matrix: ${{ fromJSON(...) }} in a workflow. */
static void print_matrix(const chart_state *cs, size_t n)
{
	json_t *inc = json_array();
	for (size_t i = 0; i < n; i++)
		if (cs[i].changed)
			json_array_append_new(inc, json_pack("{s:s, s:s}", "chart", cs[i].path, "name",
							     cs[i].c && cs[i].c->name ? cs[i].c->name : ""));
	json_t *o = json_pack("{s:o}", "include", inc);
	json_dumpf(o, stdout, JSON_COMPACT);
	printf("\n");
	json_decref(o);
}

static void print(const cc_cli *cli, const char *base, const chart_state *cs, size_t n)
{
	if (cli->format != CC_FORMAT_JSON) {
		for (size_t i = 0; i < n; i++)
			if (cs[i].changed)
				printf("%s\n", cs[i].path);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		if (cs[i].changed)
			json_array_append_new(arr, json_string(cs[i].path));
	json_t *o = json_pack("{s:s, s:o}", "base", base, "charts", arr);
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("\n");
	json_decref(o);
}

static int run(const changed_setup *S, cc_cli *cli, int argc, char **argv, cc_error *err)
{
	cc_git *g = NULL;
	cc_strvec charts = CC_STRVEC_INIT, paths = CC_STRVEC_INIT;
	cc_findings fs = CC_FINDINGS_INIT;
	char *base = NULL;
	chart_state *cs = NULL;
	int rc = cc_git_open(cli->root, &g, err);
	if (rc == CC_OK)
		rc = base_of(S, g, &base, err);
	if (rc == CC_OK)
		rc = cc_git_changed(g, base, S->worktree, &paths, err);
	if (rc == CC_OK)
		rc = cc_cli_targets(argc - optind, argv + optind, &S->exclude, &charts, &fs, err);
	if (rc == CC_OK) {
		cs = cc_calloc(charts.n + 1, sizeof(*cs));
		rc = load_states(g, &charts, cs, err);
	}
	char *wd = rc == CC_OK ? realpath(cc_git_workdir(g), NULL) : NULL;
	if (rc == CC_OK && wd) {
		for (size_t i = 0; i < charts.n; i++)
			cs[i].changed = cs[i].c && cc_cli_chart_changed(cs[i].c, cs[i].rel, &paths);
		propagate(cs, charts.n, wd, &paths);
		for (size_t i = 0; S->shards && i < charts.n; i++)
			if (shard_of(cs[i].rel, S->shards) != S->shard)
				cs[i].changed = 0;
		if (S->matrix)
			print_matrix(cs, charts.n);
		else
			print(cli, base, cs, charts.n);
	}
	free(wd);
	for (size_t i = 0; cs && i < charts.n; i++) {
		free(cs[i].abs);
		free(cs[i].rel);
		cc_chart_free(cs[i].c);
	}
	free(cs);
	free(base);
	cc_findings_free(&fs);
	cc_strvec_free(&charts);
	cc_strvec_free(&paths);
	cc_git_free(g);
	return rc;
}

int cc_cmd_changed(cc_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "since", required_argument, NULL, 5001 },
		{ "target-branch", required_argument, NULL, 5002 },
		{ "remote", required_argument, NULL, 5003 },
		{ "include-worktree", no_argument, NULL, 5004 },
		{ "shard", required_argument, NULL, 5005 },
		{ "exclude", required_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 }
	};
	changed_setup S;
	memset(&S, 0, sizeof(S));
	cc_error err;
	cc_error_clear(&err);
	int r = cc_cli_parse(cli, "list-changed", argc, argv, "x:", longopts, help, changed_opt, &S);
	if (r == -1 && (cli->format == CC_FORMAT_GITHUB || cli->format == CC_FORMAT_SARIF))
		r = cc_cli_usage_error("list-changed", "--format takes text or json here");
	if (r == -1)
		r = run(&S, cli, argc, argv, &err) == CC_OK ? CC_EXIT_OK : cc_cli_env_error("list-changed", &err);
	cc_strvec_free(&S.exclude);
	return r;
}
