/*
 * chartci check-version [--since REV] [--include-worktree] [--suggest] [-x GLOB] [PATH...]
 *
 * Each chart against its previous release: the highest tag of the chart by
 * the release tag template (`release-tag:` in .chartci.yaml, default
 * `{name}-{version}`), or, with --since, the chart as it was at REV. Its
 * version must be SemVer 2, must not go down, and must go up when packaged
 * files changed or appVersion did. A chart with no earlier release has
 * nothing to compare with and passes. A file:// dependency is bundled
 * into the dependent's archive, so its changes count as the dependent's.
 */
#include "cli/cli.h"
#include "cli/stages.h"
#include "cli/changes.h"
#include "cli/release.h"
#include "cli/targets.h"
#include "chart/chart.h"
#include "git/git.h"
#include "semver/semver.h"
#include "tags/tags.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cv_setup {
	cc_strvec exclude;
	const char *since;
	int worktree;
	int suggest;
	cc_cli_release rel;
} cv_setup;

typedef cc_cli_before before;

static void help(void)
{
	printf("usage: chartci check-version [options] [PATH...]\n"
	       "\n"
	       "Checks each chart's version against its previous release: SemVer 2, never\n"
	       "lower, and higher when its packaged files (a file:// dependency's too) or\n"
	       "its appVersion changed.\n"
	       "\n"
	       "options:\n"
	       "      --since REV          compare with the chart at REV instead of its previous\n"
	       "                           release tag (release-tag: in .chartci.yaml)\n"
	       "      --include-worktree   compare the work tree as it is, not HEAD\n"
	       "      --suggest            print the smallest version each changed chart needs\n"
	       "  -x, --exclude GLOB       directories to skip (repeatable)\n"
	       CC_CLI_COMMON_HELP
	       "  -h, --help         this help\n");
}

static int cv_opt(void *ctx, int opt, const char *arg)
{
	cv_setup *S = ctx;
	if (opt == 6001)
		S->since = arg;
	else if (opt == 6002)
		S->worktree = 1;
	else if (opt == 6003)
		S->suggest = 1;
	else
		return cc_cli_opt_exclude(&S->exclude, opt, arg);
	return 1;
}

static void add(cc_findings *fs, const cc_chart *c, const char *rule, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void add(cc_findings *fs, const cc_chart *c, const char *rule, const char *hint, const char *fmt, ...)
{
	char msg[CC_ERROR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	const cc_yaml_node *v = cc_yaml_map_get_go(cc_yaml_doc_root(c->chartfile), "version");
	char *file = cc_path_join(c->display, "Chart.yaml");
	cc_finding *f = cc_findings_add(fs, CC_SEV_ERROR, rule, file, v ? v->line : 0, v ? v->col : 0, "%s", msg);
	cc_finding_set_chart(f, c->display);
	if (hint)
		cc_finding_set_hint(f, hint);
	free(file);
}

static int same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The part a bump from old to cur raised. */
static int bumped(const cc_semver *cur, const cc_semver *old)
{
	if (cur->major != old->major)
		return CC_CHANGE_MAJOR;
	return cur->minor != old->minor ? CC_CHANGE_MINOR : CC_CHANGE_PATCH;
}

/*
 * One chart against its release. What its changes demand takes git reads
 * and two snapshots of the chart, so it is worked out once, when first
 * asked, and shared by the finding, --suggest and chartci ci's summary.
 */
typedef struct chart_case {
	cv_setup *S;
	const cc_chart *c;
	const char *rel;
	const before *b;
	int changed;
	char *via;             /* the file:// dependency whose change it is, not its own files' */
	int need_known, need;
	char why[1200];
} chart_case;

static int need_of(chart_case *k, const cc_semver *old)
{
	if (!k->need_known)
		k->need = cc_cli_release_needed(&k->S->rel, k->c, k->rel, k->b, old, k->why, sizeof(k->why));
	k->need_known = 1;
	return k->need;
}

/* A raised version must be raised enough for what changed. */
static void demanded(chart_case *k, const cc_semver *cur, const cc_semver *old, cc_findings *fs)
{
	int need = need_of(k, old);
	if (need > bumped(cur, old))
		add(fs, k->c, need == CC_CHANGE_MAJOR ? "version/major-required" : "version/minor-required",
		    need == CC_CHANGE_MAJOR ? "chartci bump --major this chart" : "chartci bump --minor this chart",
		    "%s: needs a %s bump, but version went %s -> %s", k->why, need == CC_CHANGE_MAJOR ? "major" : "minor",
		    k->b->version, k->c->version);
}

/* --suggest: the smallest version the changes allow, from the released one. */
static void suggest(chart_case *k, const cc_semver *cur, const cc_semver *old)
{
	int need = k->changed ? need_of(k, old) : CC_CHANGE_PATCH;
	char dep[CC_PATH_MAX + 32];
	snprintf(dep, sizeof(dep), "file:// dependency %s changed", k->via ? k->via : "");
	const char *why = !k->changed ? "appVersion changed" : k->via ? dep : k->why;
	cc_semver next;
	cc_error e;
	cc_semver_bump_opts o = { .part = need == CC_CHANGE_MAJOR ? CC_BUMP_MAJOR
					  : need == CC_CHANGE_MINOR ? CC_BUMP_MINOR : CC_BUMP_PATCH };
	if (!need || cc_semver_bump(&next, old, &o, &e) != CC_OK)
		return;
	char *text = cc_semver_string(&next);
	if (cc_semver_compare(cur, &next) >= 0)
		printf("%s: %s is enough (released %s; %s)\n", k->c->display, k->c->version, k->b->version, why);
	else
		printf("%s: %s (released %s; %s)\n", k->c->display, text, k->b->version, why);
	free(text);
	cc_semver_free(&next);
}

static void judge(chart_case *k, cc_findings *fs)
{
	const cc_chart *c = k->c;
	const before *b = k->b;
	cc_semver cur, old;
	cc_error e;
	if (!c->version || cc_semver_parse_strict(&cur, c->version, &e) != CC_OK) {
		add(fs, c, "version/invalid", "write MAJOR.MINOR.PATCH, as SemVer 2 defines it",
		    "version \"%s\" is not SemVer 2", c->version ? c->version : "");
		return;
	}
	if (cc_semver_parse(&old, b->version, &e) != CC_OK) {
		cc_semver_free(&cur);
		return; /* an old version helm could not read gives nothing to compare with */
	}
	int cmp = cc_semver_compare(&cur, &old);
	const char *app = cc_yaml_is_string(cc_yaml_map_get_go(cc_yaml_doc_root(c->chartfile), "appVersion"))
				  ? cc_yaml_map_get_go(cc_yaml_doc_root(c->chartfile), "appVersion")->value
				  : NULL;
	if (cmp < 0)
		add(fs, c, "version/decreased", NULL, "version %s is lower than %s, released as %s", c->version,
		    b->version, b->rev);
	else if (cmp == 0 && !same_text(app, b->app_version))
		add(fs, c, "version/app-version-unbumped", "chartci bump --patch this chart",
		    "appVersion changed (%s -> %s) since %s but version is still %s",
		    b->app_version ? b->app_version : "none", app ? app : "none", b->rev, c->version);
	else if (cmp == 0 && k->changed && k->via)
		add(fs, c, "version/not-bumped", "chartci bump --patch (or --minor, --major) this chart",
		    "its file:// dependency %s changed since %s, and so does its package, but version is still %s",
		    k->via, b->rev, c->version);
	else if (cmp == 0 && k->changed)
		add(fs, c, "version/not-bumped", "chartci bump --patch (or --minor, --major) this chart",
		    "files changed since %s but version is still %s", b->rev, c->version);
	else if (cmp > 0 && k->changed)
		demanded(k, &cur, &old, fs);
	if (k->S->suggest && cmp >= 0 && (k->changed || !same_text(app, b->app_version)))
		suggest(k, &cur, &old);
	cc_semver_free(&cur);
	cc_semver_free(&old);
}

/* For a summary: the release compared with and what the changes since demand. */
static void fill_info(chart_case *k, cc_cli_version *info)
{
	cc_semver old;
	cc_error e;
	info->released = k->b->version ? cc_strdup(k->b->version) : NULL;
	info->release = k->b->rev ? cc_strdup(k->b->rev) : NULL;
	if (k->changed && k->b->version && cc_semver_parse(&old, k->b->version, &e) == CC_OK) {
		info->need = need_of(k, &old);
		cc_semver_free(&old);
	}
}

static void check_one(cv_setup *S, const char *path, cc_findings *fs, cc_cli_version *info)
{
	cc_chart *c = NULL;
	cc_error err;
	cc_chart_opts o = { .no_subcharts = 1 };
	char *rel = cc_cli_release_rel(&S->rel, path);
	before b;
	memset(&b, 0, sizeof(b));
	if (cc_chart_load(&c, path, path, &o, &err) != CC_OK || !rel) {
		if (c)
			cc_findings_move(fs, &c->findings);
	} else if (cc_cli_release_before(&S->rel, c, rel, &b)) {
		cc_strvec paths = CC_STRVEC_INIT;
		if (cc_git_changed(S->rel.git, b.rev, S->worktree, &paths, &err) == CC_OK) {
			chart_case k = { S, c, rel, &b, 0, NULL, 0, 0, "" };
			char *abs = realpath(path, NULL);
			k.changed = abs ? cc_cli_chart_changed_with_deps(c, abs, S->rel.wd, &paths, &k.via)
					: cc_cli_chart_changed(c, rel, &paths);
			judge(&k, fs);
			if (info)
				fill_info(&k, info);
			free(k.via);
			free(abs);
		} else {
			cc_finding_set_chart(cc_findings_add_error(fs, CC_SEV_ERROR, "version/invalid", &err), path);
		}
		cc_strvec_free(&paths);
	}
	if (info && c && c->version)
		info->now = cc_strdup(c->version);
	cc_cli_before_free(&b);
	free(rel);
	cc_chart_free(c);
}

int cc_cmd_check_version(cc_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "since", required_argument, NULL, 6001 },
		{ "include-worktree", no_argument, NULL, 6002 },
		{ "suggest", no_argument, NULL, 6003 },
		{ "exclude", required_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 }
	};
	cv_setup S;
	memset(&S, 0, sizeof(S));
	cc_findings fs = CC_FINDINGS_INIT;
	cc_strvec charts = CC_STRVEC_INIT;
	cc_error err;
	cc_error_clear(&err);
	int r = cc_cli_parse(cli, "check-version", argc, argv, "x:", longopts, help, cv_opt, &S);
	if (r == -1 && (cc_cli_release_open(cli, S.since, &S.rel, &err) != CC_OK ||
			cc_cli_targets(argc - optind, argv + optind, &S.exclude, &charts, &fs, &err) != CC_OK))
		r = cc_cli_env_error("check-version", &err);
	for (size_t i = 0; r == -1 && i < charts.n; i++)
		check_one(&S, charts.v[i], &fs, NULL);
	if (r == -1)
		r = cc_cli_report(cli, &fs, charts.n);
	cc_findings_free(&fs);
	cc_strvec_free(&charts);
	cc_strvec_free(&S.exclude);
	cc_cli_release_close(&S.rel);
	return r;
}

int cc_cli_stage_versions(cc_cli *cli, const char *since, const cc_strvec *charts, cc_findings *fs,
			  cc_cli_version *out, cc_error *err)
{
	cv_setup S;
	memset(&S, 0, sizeof(S));
	S.since = since;
	int rc = cc_cli_release_open(cli, since, &S.rel, err);
	for (size_t i = 0; rc == CC_OK && i < charts->n; i++)
		check_one(&S, charts->v[i], fs, out ? &out[i] : NULL);
	cc_cli_release_close(&S.rel);
	return rc;
}

void cc_cli_version_free(cc_cli_version *v)
{
	free(v->released);
	free(v->release);
	free(v->now);
	memset(v, 0, sizeof(*v));
}
