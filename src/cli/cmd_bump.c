/*
 * chartci bump --major|--minor|--patch [--prerelease ID] [--finalize]
 *              [--app-version X] [--dry-run] CHART...
 *
 * For release managers: the next version written into each chart's
 * Chart.yaml, atomically, with only the version (and appVersion) scalars
 * changed. --dry-run prints the change as a diff instead. A chart whose
 * version cannot be bumped (missing, not SemVer, a bump that would not move
 * forward) is a bump/refused finding and keeps its file.
 */
#include "cli/cli.h"
#include "cli/targets.h"
#include "bump/bump.h"
#include "changes/changes.h"
#include "cli/changes.h"
#include "cli/release.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct bump_setup {
	cc_bump_opts o;
	int dry_run;
	int parts;
	int autolevel;          /* --auto */
	int quiet;              /* --auto over every chart: say nothing of charts left alone */
	const char *since;
	cc_cli_release rel;     /* open with --auto */
} bump_setup;

static void help(void)
{
	printf("usage: chartci bump --major|--minor|--patch|--auto [options] CHART...\n"
	       "       chartci bump --auto [options]   (every chart below the current directory)\n"
	       "\n"
	       "Writes each chart's next version into its Chart.yaml, changing nothing but the\n"
	       "version (and appVersion) scalars: comments, key order, quoting and line endings\n"
	       "stay as they are.\n"
	       "\n"
	       "options:\n"
	       "      --major, --minor, --patch   which part to raise (helm's semver rules)\n"
	       "      --auto            the part the changes since the previous release demand\n"
	       "                        (check-version's rules; the work tree as it is)\n"
	       "      --since REV       with --auto: compare with REV, not the release tags\n"
	       "      --prerelease ID   a prerelease of the next version (1.2.3 --minor -> 1.3.0-ID.1),\n"
	       "                        or the next one of the current (1.3.0-rc.1 -> 1.3.0-rc.2)\n"
	       "      --finalize        drop the prerelease (1.3.0-rc.2 -> 1.3.0)\n"
	       "      --app-version X   also set appVersion (added after version when absent)\n"
	       "      --dry-run         print the change as a diff; write nothing\n"
	       CC_CLI_COMMON_HELP
	       "  -h, --help         this help\n");
}

static int bump_opt(void *ctx, int opt, const char *arg)
{
	bump_setup *S = ctx;
	switch (opt) {
	case 4001: case 4002: case 4003:
		S->o.part = opt == 4001 ? CC_BUMP_MAJOR : opt == 4002 ? CC_BUMP_MINOR : CC_BUMP_PATCH;
		S->parts++;
		return 1;
	case 4004:
		S->o.prerelease = arg;
		return 1;
	case 4005:
		S->o.finalize = 1;
		return 1;
	case 4006:
		S->o.app_version = arg;
		return 1;
	case 4007:
		S->dry_run = 1;
		return 1;
	case 4008:
		S->autolevel = 1;
		S->parts++;
		return 1;
	case 4009:
		S->since = arg;
		return 1;
	default:
		return 0;
	}
}

typedef struct lines {
	const char **at;
	size_t *len;
	size_t n;
} lines;

static void split(const char *t, size_t n, lines *l)
{
	memset(l, 0, sizeof(*l));
	for (size_t i = 0; i < n;) {
		size_t e = i;
		while (e < n && t[e] != '\n')
			e++;
		l->at = cc_realloc(l->at, (l->n + 1) * sizeof(*l->at));
		l->len = cc_realloc(l->len, (l->n + 1) * sizeof(*l->len));
		l->at[l->n] = t + i;
		l->len[l->n++] = e - i;
		i = e + 1;
	}
}

static int same(const lines *a, size_t i, const lines *b, size_t j)
{
	return i < a->n && j < b->n && a->len[i] == b->len[j] && memcmp(a->at[i], b->at[j], a->len[i]) == 0;
}

/*
 * A unified diff of a bump: lines are only ever replaced or, for a new
 * appVersion, added, so walking both files side by side finds every hunk.
 */
static void print_diff(const char *path, const char *old, size_t olen, const char *new, size_t nlen)
{
	lines o, n;
	split(old, olen, &o);
	split(new, nlen, &n);
	const char *pre = path[0] == '/' ? "" : "a/", *post = path[0] == '/' ? "" : "b/";
	printf("--- %s%s\n+++ %s%s\n", pre, path, post, path);
	for (size_t i = 0, j = 0; i < o.n || j < n.n;) {
		if (same(&o, i, &n, j)) {
			i++, j++;
		} else if (n.n - j > o.n - i && (i == o.n ? j + 1 == n.n : same(&o, i, &n, j + 1))) {
			printf("@@ -%zu,0 +%zu @@\n+%.*s\n", i, j + 1, (int)n.len[j], n.at[j]);
			j++;
		} else {
			printf("@@ -%zu +%zu @@\n", i + 1, j + 1);
			if (i < o.n)
				printf("-%.*s\n", (int)o.len[i], o.at[i]);
			if (j < n.n)
				printf("+%.*s\n", (int)n.len[j], n.at[j]);
			i++, j++;
		}
	}
	free(o.at);
	free(o.len);
	free(n.at);
	free(n.len);
}

static int write_back(const char *path, const cc_buf *text, cc_error *err)
{
	struct stat st;
	unsigned mode = stat(path, &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0644;
	return cc_file_write_atomic(path, text->ptr, text->len, mode, err);
}

/* The next version from the released one b, or 0 after saying there is nothing to bump. */
static int auto_next(bump_setup *S, const cc_chart *c, const char *rel, const cc_cli_before *b, char **next,
		     cc_error *err)
{
	cc_semver old, cur, want;
	cc_strvec paths = CC_STRVEC_INIT;
	char why[1200] = "appVersion changed";
	int r = -1;
	if (cc_semver_parse(&old, b->version, err) != CC_OK)
		return -1;
	const cc_yaml_node *app = cc_yaml_map_get_go(cc_yaml_doc_root(c->chartfile), "appVersion");
	int app_changed = (app && app->kind == CC_YAML_SCALAR) != (b->app_version != NULL) ||
			  (b->app_version && strcmp(app->value, b->app_version) != 0);
	int changed = 0, need = 0;
	if (cc_git_changed(S->rel.git, b->rev, 1, &paths, err) == CC_OK) {
		changed = cc_cli_chart_changed(c, rel, &paths);
		need = changed ? cc_cli_release_needed(&S->rel, c, rel, b, &old, why, sizeof(why))
			       : app_changed ? CC_CHANGE_PATCH : 0;
		cc_semver_bump_opts bo = { .part = need == CC_CHANGE_MAJOR ? CC_BUMP_MAJOR
						  : need == CC_CHANGE_MINOR ? CC_BUMP_MINOR : CC_BUMP_PATCH,
					   .prerelease = S->o.prerelease };
		r = need == 0 ? 0 : cc_semver_bump(&want, &old, &bo, err) == CC_OK ? 1 : -1;
	}
	int have_want = r == 1;
	if (r == 0 && !S->quiet)
		printf("%s: nothing changed since %s; version stays %s\n", c->display, b->rev, c->version);
	if (r == 1 && c->version && cc_semver_parse(&cur, c->version, err) == CC_OK) {
		if (cc_semver_compare(&cur, &want) >= 0) {
			printf("%s: %s is already enough (released %s; %s)\n", c->display, c->version, b->version, why);
			r = 0;
		}
		cc_semver_free(&cur);
	}
	if (r == 1)
		*next = cc_semver_string(&want);
	if (have_want)
		cc_semver_free(&want);
	cc_strvec_free(&paths);
	cc_semver_free(&old);
	return r;
}

/*
 * --auto: the released version raised by what the changes since demand.
 * 1 with *next set (caller frees); 0 when nothing is to be done, after
 * saying why; -1 with err set when it cannot be decided.
 */
static int auto_version(bump_setup *S, const char *chart, char **next, cc_error *err)
{
	cc_chart *c = NULL;
	cc_chart_opts o = { .no_subcharts = 1 };
	cc_cli_before b;
	memset(&b, 0, sizeof(b));
	char *rel = cc_cli_release_rel(&S->rel, chart);
	int r = -1;
	if (!rel) {
		cc_error_set(err, CC_EINVALID, chart, 0, 0, "outside the repository's work tree");
	} else if (cc_chart_load(&c, chart, chart, &o, err) == CC_OK) {
		if (!cc_cli_release_before(&S->rel, c, rel, &b))
			cc_error_set(err, CC_ENOTFOUND, chart, 0, 0,
				     "no earlier release of %s to compare with; say --major, --minor or --patch",
				     c->name ? c->name : chart);
		else
			r = auto_next(S, c, rel, &b, next, err);
	}
	cc_cli_before_free(&b);
	cc_chart_free(c);
	free(rel);
	return r;
}

static void bump_one(bump_setup *S, const cc_cli *cli, const char *chart, cc_findings *fs)
{
	char *path = cc_path_join(chart, "Chart.yaml");
	cc_bump_result r;
	cc_error err;
	char *next = NULL;
	memset(&r, 0, sizeof(r));
	int a = S->autolevel ? auto_version(S, chart, &next, &err) : 1;
	cc_bump_opts o = S->o;
	o.set_version = next;
	int rc = a < 0 ? err.code : a == 0 ? CC_ENOTFOUND : cc_bump_chartfile(path, &o, &r, &err);
	if (a == 0) {
		free(next);
		free(path);
		return;
	}
	if (rc == CC_OK && S->dry_run) {
		cc_buf old = CC_BUF_INIT;
		if (cc_file_read(path, CC_CHART_MAX_FILE, &old, &err) == CC_OK)
			print_diff(path, old.ptr, old.len, r.text.ptr, r.text.len);
		cc_buf_free(&old);
	} else if (rc == CC_OK) {
		rc = write_back(path, &r.text, &err);
	}
	if (rc == CC_OK && !S->dry_run && !cli->quiet && cli->format == CC_FORMAT_TEXT)
		printf("%s: version %s -> %s%s%s\n", path, r.old_version, r.new_version,
		       S->o.app_version ? ", appVersion " : "", S->o.app_version ? S->o.app_version : "");
	if (rc != CC_OK)
		cc_finding_set_chart(cc_findings_add_error(fs, CC_SEV_ERROR, "bump/refused", &err), chart);
	cc_bump_result_free(&r);
	free(next);
	free(path);
}

int cc_cmd_bump(cc_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "major", no_argument, NULL, 4001 },
		{ "minor", no_argument, NULL, 4002 },
		{ "patch", no_argument, NULL, 4003 },
		{ "prerelease", required_argument, NULL, 4004 },
		{ "finalize", no_argument, NULL, 4005 },
		{ "app-version", required_argument, NULL, 4006 },
		{ "dry-run", no_argument, NULL, 4007 },
		{ "auto", no_argument, NULL, 4008 },
		{ "since", required_argument, NULL, 4009 },
		{ NULL, 0, NULL, 0 }
	};
	bump_setup S;
	memset(&S, 0, sizeof(S));
	int r = cc_cli_parse(cli, "bump", argc, argv, "", longopts, help, bump_opt, &S);
	if (r != -1)
		return r;
	if (S.parts > 1)
		return cc_cli_usage_error("bump", "give one of --major, --minor, --patch and --auto");
	if (S.parts == 0 && !S.o.prerelease && !S.o.finalize)
		return cc_cli_usage_error("bump", "say what to bump: --major, --minor, --patch, --prerelease or --finalize");
	/* every chart only when each gets what its own changes demand: a blanket --major is a slip */
	if (optind >= argc && !S.autolevel)
		return cc_cli_usage_error("bump", "name the charts to bump (see chartci bump --help)");
	cc_error err;
	if (S.autolevel && cc_cli_release_open(cli, S.since, &S.rel, &err) != CC_OK) {
		cc_cli_release_close(&S.rel);
		return cc_cli_env_error("bump", &err);
	}
	cc_findings fs = CC_FINDINGS_INIT;
	cc_strvec charts = CC_STRVEC_INIT;
	S.quiet = optind >= argc;
	if (cc_cli_targets(argc - optind, argv + optind, NULL, &charts, &fs, &err) != CC_OK) {
		cc_findings_free(&fs);
		cc_cli_release_close(&S.rel);
		return cc_cli_env_error("bump", &err);
	}
	for (size_t i = 0; i < charts.n; i++)
		bump_one(&S, cli, charts.v[i], &fs);
	r = cc_cli_report(cli, &fs, charts.n);
	cc_strvec_free(&charts);
	cc_findings_free(&fs);
	cc_cli_release_close(&S.rel);
	return r;
}
