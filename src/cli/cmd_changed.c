/*
 * chartci list-changed [--since REV | --target-branch B [--remote R] |
 *                      --since-release] [--include-worktree] [-x GLOB] [PATH...]
 *
 * The charts whose packaged files changed between a base and HEAD (or the
 * work tree, with --include-worktree, for a pre-push hook). The base is
 * --since, else the merge-base with R/B (origin/main by default), as
 * chart-testing picks it; with --since-release each chart has its own
 * base, its previous release tag (release-tag: in .chartci.yaml), and a
 * chart never released is listed. A change counts when it is in a file `helm
 * package` would put in the archive: what the chart's .helmignore drops
 * does not make a release. A chart whose file:// dependency changed has
 * changed too. Text: one chart per line; JSON: {"base", "charts"};
 * `--format matrix`: a GitHub Actions matrix, {"include": [{chart, name}]}.
 */
#include "cli/cli.h"
#include "cli/stages.h"
#include "cli/changes.h"
#include "cli/release.h"
#include "cli/targets.h"
#include "chart/chart.h"
#include "git/git.h"

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
	int release;              /* --since-release */
	unsigned shard, shards;   /* --shard I/N: 1-based I; 0 when not sharding */
	int matrix;               /* --format matrix */
} changed_setup;

typedef struct chart_state {
	char *path;      /* as found */
	char *abs;       /* real path */
	char *rel;       /* relative to the work tree */
	cc_chart *c;
	const cc_strvec *paths;  /* changed since this chart's base */
	char *release;           /* --since-release: the tag compared with; NULL when never released */
	int changed;
} chart_state;

/* One base's changed paths; with --since-release, charts released together share one. */
typedef struct base_paths {
	char *key;        /* the commit, and the directories looked at */
	cc_strvec paths;
} base_paths;

typedef struct bases {
	base_paths **v;   /* each allocated alone: charts point at them while more are added */
	size_t n;
} bases;

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
	       "      --since-release      compare each chart with its previous release tag\n"
	       "                           (release-tag: in .chartci.yaml; default {name}-{version});\n"
	       "                           a chart never released is listed\n"
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
	case 5006:
		S->release = 1;
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

/* The paths changed since rev (below dirs, NULL for all), computed once per commit and dirs. */
static int paths_since(cc_git *g, bases *B, const char *rev, const cc_strvec *dirs, int worktree,
		       const cc_strvec **out, cc_error *err)
{
	char oid[41];
	int rc = cc_git_resolve(g, rev, oid, err);
	if (rc != CC_OK)
		return rc;
	cc_buf key = CC_BUF_INIT;
	cc_buf_printf(&key, "%s", oid);
	for (size_t i = 0; dirs && i < dirs->n; i++)
		cc_buf_printf(&key, ":%s", dirs->v[i]);
	for (size_t i = 0; i < B->n; i++)
		if (strcmp(B->v[i]->key, key.ptr) == 0) {
			*out = &B->v[i]->paths;
			cc_buf_free(&key);
			return CC_OK;
		}
	B->v = cc_realloc(B->v, (B->n + 1) * sizeof(*B->v));
	base_paths *b = B->v[B->n++] = cc_calloc(1, sizeof(*b));
	b->key = cc_buf_detach(&key);
	*out = &b->paths;
	return cc_git_changed_in(g, oid, dirs, worktree, &b->paths, err);
}

static void bases_free(bases *B)
{
	for (size_t i = 0; i < B->n; i++) {
		cc_strvec_free(&B->v[i]->paths);
		free(B->v[i]->key);
		free(B->v[i]);
	}
	free(B->v);
}

static void load(chart_state *s)
{
	cc_chart_opts o = { .no_subcharts = 1 };
	cc_error err;
	if (!s->c)
		cc_chart_load(&s->c, s->path, s->path, &o, &err);
}

/* Whether a path below rel is among paths (sorted). */
static int any_below(const cc_strvec *paths, const char *rel)
{
	if (!rel[0])
		return paths->n > 0;
	size_t lo = 0, hi = paths->n, k = strlen(rel);
	char *dir = cc_asprintf("%s/", rel);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(paths->v[mid], dir) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	free(dir);
	return lo < paths->n && strncmp(paths->v[lo], rel, k) == 0 && paths->v[lo][k] == '/';
}

/*
 * Whether the chart's dependency files name a file:// repository. Most
 * charts of a big repository did not change and depend on nothing local:
 * those need no loading at all.
 */
static int may_have_file_deps(const chart_state *s)
{
	static const char *const names[] = { "Chart.yaml", "requirements.yaml" };
	int found = 0;
	for (size_t i = 0; i < 2 && !found; i++) {
		char *p = cc_path_join(s->abs, names[i]);
		cc_buf text = CC_BUF_INIT;
		cc_error err;
		found = cc_file_read(p, CC_CHART_MAX_FILE, &text, &err) == CC_OK && text.ptr &&
			memmem(text.ptr, text.len, "file:", 5) != NULL;
		cc_buf_free(&text);
		free(p);
	}
	return found;
}

/* --since-release: each chart's base is its previous release; a chart never released has changed. */
static int release_bases(cc_cli *cli, const changed_setup *S, chart_state *cs, size_t n, bases *B, cc_error *err)
{
	cc_cli_release r;
	int rc = cc_cli_release_open(cli, NULL, &r, err);
	for (size_t i = 0; rc == CC_OK && i < n; i++) {
		cc_cli_before b;
		load(&cs[i]);
		if (!cs[i].c || !cc_cli_release_before(&r, cs[i].c, cs[i].rel, &b)) {
			cs[i].changed = cs[i].c != NULL;
			continue;
		}
		cs[i].release = cc_strdup(b.rev);
		/* only the subtrees that matter: a thousand charts, a thousand bases, each diff stays small */
		cc_strvec dirs = CC_STRVEC_INIT;
		cc_cli_chart_dirs(cs[i].c, cs[i].abs, r.wd, &dirs);
		cc_strvec_sort(&dirs);
		rc = paths_since(r.git, B, b.rev, &dirs, S->worktree, &cs[i].paths, err);
		cc_strvec_free(&dirs);
		cc_cli_before_free(&b);
	}
	cc_cli_release_close(&r);
	return rc;
}

static int load_states(const cc_git *g, const cc_strvec *charts, chart_state *cs, cc_error *err)
{
	char *wd = realpath(cc_git_workdir(g), NULL);
	int rc = wd ? CC_OK : cc_error_sys(err, errno, cc_git_workdir(g), "cannot resolve");
	for (size_t i = 0; rc == CC_OK && i < charts->n; i++) {
		cs[i].path = charts->v[i];
		cs[i].abs = realpath(charts->v[i], NULL);
		const char *rel = cs[i].abs ? cc_path_under(cs[i].abs, wd) : NULL;
		if (!rel) {
			rc = cc_error_set(err, CC_EINVALID, charts->v[i], 0, 0, "outside the repository's work tree");
			break;
		}
		cs[i].rel = cc_strdup(rel);
	}
	free(wd);
	return rc;
}

static int base_of(const cc_cli *cli, const changed_setup *S, cc_git *g, char **base, cc_error *err)
{
	if (S->since) {
		*base = cc_strdup(S->since);
		return CC_OK;
	}
	/* flags, else CHARTCI_* and .chartci.yaml, else chart-testing's origin/main */
	const char *remote = S->remote ? S->remote : cc_cli_setting(cli, "remote", "CHARTCI_REMOTE");
	const char *branch = S->branch ? S->branch : cc_cli_setting(cli, "target-branch", "CHARTCI_TARGET_BRANCH");
	char *target = cc_asprintf("%s/%s", remote ? remote : "origin", branch ? branch : "main");
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

static void print(const cc_cli *cli, const changed_setup *S, const char *base, const chart_state *cs, size_t n)
{
	if (cli->format != CC_FORMAT_JSON) {
		for (size_t i = 0; i < n; i++)
			if (cs[i].changed)
				printf("%s\n", cs[i].path);
		return;
	}
	json_t *arr = json_array(), *rel = json_object();
	for (size_t i = 0; i < n; i++) {
		if (!cs[i].changed)
			continue;
		json_array_append_new(arr, json_string(cs[i].path));
		if (S->release)
			json_object_set_new(rel, cs[i].path, cs[i].release ? json_string(cs[i].release) : json_null());
	}
	json_t *o = S->release ? json_pack("{s:s, s:o, s:o}", "base", "release tags", "charts", arr, "releases", rel)
			       : json_pack("{s:s, s:o}", "base", base, "charts", arr);
	if (!S->release)
		json_decref(rel);
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("\n");
	json_decref(o);
}

/* Each chart's changed paths: one base for all, or each chart's release. */
static int find_bases(const changed_setup *S, cc_cli *cli, cc_git *g, chart_state *cs, size_t n, bases *B,
		      char **base, cc_error *err)
{
	if (S->release)
		return release_bases(cli, S, cs, n, B, err);
	const cc_strvec *paths = NULL;
	int rc = base_of(cli, S, g, base, err);
	if (rc == CC_OK)
		rc = paths_since(g, B, *base, NULL, S->worktree, &paths, err);
	for (size_t i = 0; rc == CC_OK && i < n; i++)
		cs[i].paths = paths;
	return rc;
}

static void judge(const changed_setup *S, chart_state *cs, size_t n, const char *wd)
{
	for (size_t i = 0; i < n; i++) {
		if (cs[i].paths && (any_below(cs[i].paths, cs[i].rel) || may_have_file_deps(&cs[i]))) {
			load(&cs[i]);
			cs[i].changed = cc_cli_chart_changed_with_deps(cs[i].c, cs[i].abs, wd, cs[i].paths, NULL);
		}
		if (S->shards && shard_of(cs[i].rel, S->shards) != S->shard)
			cs[i].changed = 0;
	}
}

static void states_free(chart_state *cs, size_t n)
{
	for (size_t i = 0; cs && i < n; i++) {
		free(cs[i].abs);
		free(cs[i].rel);
		free(cs[i].release);
		cc_chart_free(cs[i].c);
	}
	free(cs);
}

static int run(const changed_setup *S, cc_cli *cli, int argc, char **argv, cc_error *err)
{
	cc_git *g = NULL;
	cc_strvec charts = CC_STRVEC_INIT;
	cc_findings fs = CC_FINDINGS_INIT;
	bases B = { NULL, 0 };
	char *base = NULL, *wd = NULL;
	chart_state *cs = NULL;
	int rc = cc_git_open(cli->root, &g, err);
	if (rc == CC_OK)
		rc = cc_cli_targets(argc - optind, argv + optind, &S->exclude, &charts, &fs, err);
	if (rc == CC_OK) {
		cs = cc_calloc(charts.n + 1, sizeof(*cs));
		rc = load_states(g, &charts, cs, err);
	}
	if (rc == CC_OK)
		rc = find_bases(S, cli, g, cs, charts.n, &B, &base, err);
	if (rc == CC_OK && !(wd = realpath(cc_git_workdir(g), NULL)))
		rc = cc_error_sys(err, errno, cc_git_workdir(g), "cannot resolve");
	if (rc == CC_OK) {
		judge(S, cs, charts.n, wd);
		if (S->matrix)
			print_matrix(cs, charts.n);
		else
			print(cli, S, base, cs, charts.n);
	}
	free(wd);
	states_free(cs, charts.n);
	free(base);
	bases_free(&B);
	cc_findings_free(&fs);
	cc_strvec_free(&charts);
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
		{ "since-release", no_argument, NULL, 5006 },
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
	if (r == -1 && S.release && (S.since || S.branch || S.remote))
		r = cc_cli_usage_error("list-changed", "--since-release gives each chart its own base; drop --since, "
				       "--target-branch and --remote");
	if (r == -1)
		r = run(&S, cli, argc, argv, &err) == CC_OK ? CC_EXIT_OK : cc_cli_env_error("list-changed", &err);
	cc_strvec_free(&S.exclude);
	return r;
}

int cc_cli_stage_changed(cc_cli *cli, const cc_cli_changed_opts *o, const cc_strvec *all, cc_strvec *changed,
			 char **base, cc_error *err)
{
	changed_setup S;
	memset(&S, 0, sizeof(S));
	S.since = o->since;
	S.branch = o->branch;
	S.remote = o->remote;
	S.release = o->release;
	S.worktree = o->worktree;
	cc_git *g = NULL;
	bases B = { NULL, 0 };
	chart_state *cs = cc_calloc(all->n + 1, sizeof(*cs));
	char *wd = NULL;
	*base = NULL;
	int rc = cc_git_open(cli->root, &g, err);
	if (rc == CC_OK)
		rc = load_states(g, all, cs, err);
	if (rc == CC_OK)
		rc = find_bases(&S, cli, g, cs, all->n, &B, base, err);
	if (rc == CC_OK && !(wd = realpath(cc_git_workdir(g), NULL)))
		rc = cc_error_sys(err, errno, cc_git_workdir(g), "cannot resolve");
	if (rc == CC_OK)
		judge(&S, cs, all->n, wd);
	for (size_t i = 0; rc == CC_OK && i < all->n; i++)
		if (cs[i].changed)
			cc_strvec_push(changed, all->v[i]);
	if (rc == CC_OK && S.release)
		*base = cc_strdup("each chart's release tag");
	free(wd);
	states_free(cs, all->n);
	bases_free(&B);
	cc_git_free(g);
	return rc;
}
