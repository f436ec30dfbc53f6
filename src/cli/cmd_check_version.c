/*
 * chartci check-version [--since REV] [--include-worktree] [--suggest] [-x GLOB] [PATH...]
 *
 * Each chart against its previous release: the highest tag of the chart by
 * the release tag template (`release-tag:` in .chartci.yaml, default
 * `{name}-{version}`), or, with --since, the chart as it was at REV. Its
 * version must be SemVer 2, must not go down, and must go up when packaged
 * files changed or appVersion did. A chart with no earlier release has
 * nothing to compare with and passes.
 */
#include "cli/cli.h"
#include "cli/changes.h"
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
	cc_git *git;
	char *wd;
	cc_tag_template *tmpl;
	cc_strvec tags;
} cv_setup;

/* The chart as it was released: which revision, its version and appVersion. */
typedef struct before {
	char *rev;
	char *version;
	char *app_version;   /* NULL when absent */
} before;

static void help(void)
{
	printf("usage: chartci check-version [options] [PATH...]\n"
	       "\n"
	       "Checks each chart's version against its previous release: SemVer 2, never\n"
	       "lower, and higher when its packaged files or its appVersion changed.\n"
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

static void before_free(before *b)
{
	free(b->rev);
	free(b->version);
	free(b->app_version);
}

/* Chart.yaml at rev: its version and appVersion. 0 when the chart was not there. */
static int read_before(cv_setup *S, const char *rel, before *b)
{
	cc_buf text = CC_BUF_INIT;
	cc_yaml_doc *doc = NULL;
	cc_error err;
	char *path = cc_path_join(rel, "Chart.yaml");
	int ok = cc_git_read(S->git, b->rev, path, CC_CHART_MAX_FILE, &text, &err) == CC_OK &&
		 cc_yaml_load(&doc, text.ptr ? text.ptr : "", text.len, path, NULL, &err) == CC_OK;
	const cc_yaml_node *root = ok ? cc_yaml_doc_root(doc) : NULL;
	const cc_yaml_node *v = cc_yaml_map_get_go(root, "version"), *a = cc_yaml_map_get_go(root, "appVersion");
	ok = v && v->kind == CC_YAML_SCALAR;
	if (ok) {
		free(b->version);
		b->version = cc_strdup(v->value);
		b->app_version = a && a->kind == CC_YAML_SCALAR ? cc_strdup(a->value) : NULL;
	}
	cc_yaml_doc_free(doc);
	cc_buf_free(&text);
	free(path);
	return ok;
}

/* The revision to compare with: --since, or the chart's highest release tag. */
static int find_before(cv_setup *S, const cc_chart *c, const char *rel, before *b)
{
	memset(b, 0, sizeof(*b));
	if (S->since) {
		b->rev = cc_strdup(S->since);
	} else {
		size_t at;
		if (!c->name || !cc_tag_previous(S->tmpl, c->name, (const char *const *)S->tags.v, S->tags.n, NULL, &at))
			return 0;
		b->rev = cc_strdup(S->tags.v[at]);
		b->version = cc_tag_match(S->tmpl, c->name, b->rev);
	}
	return read_before(S, rel, b) || (b->version != NULL);
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
 * The level the changes since b demand (a major while 0.x: a minor), and
 * in why the first change at that level; 0 when the chart at b.rev cannot
 * be read.
 */
static int needed(cv_setup *S, const cc_chart *c, const char *rel, const before *b, const cc_semver *old,
		  char *why, size_t whysz)
{
	cc_chart_snapshot then, now;
	char *api = NULL;
	int need = 0;
	if (cc_cli_snapshot_at(S->git, b->rev, rel, c, &then, &api) == CC_OK) {
		cc_cli_snapshot_now(c, &now);
		cc_changes ch;
		cc_changes_compare(&then, &now, &ch);
		need = cc_changes_level(&ch);
		const cc_change *first = cc_changes_first(&ch, need);
		size_t more = 0;
		for (size_t i = 0; first && i < ch.n; i++)
			more += ch.v[i].level == need;
		snprintf(why, whysz, "%s", first ? first->what : "files changed");
		if (more > 1)
			snprintf(why + strlen(why), whysz - strlen(why), " since %s (and %zu more)", b->rev, more - 1);
		else
			snprintf(why + strlen(why), whysz - strlen(why), " since %s", b->rev);
		if (old->major == 0 && need == CC_CHANGE_MAJOR)
			need = CC_CHANGE_MINOR;
		cc_changes_free(&ch);
		cc_chart_snapshot_free(&now);
	}
	cc_chart_snapshot_free(&then);
	free(api);
	return need;
}

/* A raised version must be raised enough for what changed. */
static void demanded(cv_setup *S, const cc_chart *c, const char *rel, const before *b, const cc_semver *cur,
		     const cc_semver *old, cc_findings *fs)
{
	char why[1200];
	int need = needed(S, c, rel, b, old, why, sizeof(why));
	if (need > bumped(cur, old))
		add(fs, c, need == CC_CHANGE_MAJOR ? "version/major-required" : "version/minor-required",
		    need == CC_CHANGE_MAJOR ? "chartci bump --major this chart" : "chartci bump --minor this chart",
		    "%s: needs a %s bump, but version went %s -> %s", why, need == CC_CHANGE_MAJOR ? "major" : "minor",
		    b->version, c->version);
}

/* --suggest: the smallest version the changes allow, from the released one. */
static void suggest(cv_setup *S, const cc_chart *c, const char *rel, const before *b, const cc_semver *cur,
		    const cc_semver *old, int changed)
{
	char why[1200] = "appVersion changed";
	int need = changed ? needed(S, c, rel, b, old, why, sizeof(why)) : CC_CHANGE_PATCH;
	cc_semver next;
	cc_error e;
	cc_semver_bump_opts o = { .part = need == CC_CHANGE_MAJOR ? CC_BUMP_MAJOR
					  : need == CC_CHANGE_MINOR ? CC_BUMP_MINOR : CC_BUMP_PATCH };
	if (!need || cc_semver_bump(&next, old, &o, &e) != CC_OK)
		return;
	char *text = cc_semver_string(&next);
	if (cc_semver_compare(cur, &next) >= 0)
		printf("%s: %s is enough (released %s; %s)\n", c->display, c->version, b->version, why);
	else
		printf("%s: %s (released %s; %s)\n", c->display, text, b->version, why);
	free(text);
	cc_semver_free(&next);
}

static void judge(cv_setup *S, const cc_chart *c, const char *rel, const before *b, int changed, cc_findings *fs)
{
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
	else if (cmp == 0 && changed)
		add(fs, c, "version/not-bumped", "chartci bump --patch (or --minor, --major) this chart",
		    "files changed since %s but version is still %s", b->rev, c->version);
	else if (cmp > 0 && changed)
		demanded(S, c, rel, b, &cur, &old, fs);
	if (S->suggest && cmp >= 0 && (changed || !same_text(app, b->app_version)))
		suggest(S, c, rel, b, &cur, &old, changed);
	cc_semver_free(&cur);
	cc_semver_free(&old);
}

static void check_one(cv_setup *S, const char *path, cc_findings *fs)
{
	cc_chart *c = NULL;
	cc_error err;
	cc_chart_opts o = { .no_subcharts = 1 };
	char *abs = realpath(path, NULL);
	size_t wl = strlen(S->wd);
	before b;
	memset(&b, 0, sizeof(b));
	if (cc_chart_load(&c, path, path, &o, &err) != CC_OK || !abs || strncmp(abs, S->wd, wl) != 0) {
		if (c)
			cc_findings_move(fs, &c->findings);
	} else {
		const char *rel = abs[wl] == '/' ? abs + wl + 1 : "";
		if (find_before(S, c, rel, &b)) {
			cc_strvec paths = CC_STRVEC_INIT;
			if (cc_git_changed(S->git, b.rev, S->worktree, &paths, &err) == CC_OK)
				judge(S, c, rel, &b, cc_cli_chart_changed(c, rel, &paths), fs);
			else
				cc_finding_set_chart(cc_findings_add_error(fs, CC_SEV_ERROR, "version/invalid", &err), path);
			cc_strvec_free(&paths);
		}
	}
	before_free(&b);
	free(abs);
	cc_chart_free(c);
}

static int open_repo(cv_setup *S, cc_cli *cli, cc_error *err)
{
	const cc_yaml_node *t = NULL;
	int rc = cc_cli_config_get(cli, NULL, "release-tag", CC_YAML_SCALAR, "a tag template such as {name}-{version}",
				   &t, err);
	if (rc == CC_OK && (rc = cc_tag_template_parse(t ? t->value : CC_TAGS_DEFAULT, &S->tmpl, err)) != CC_OK && t) {
		snprintf(err->file, sizeof(err->file), "%s", cc_yaml_doc_file(cli->config));
		err->line = t->line;
		err->col = t->col;
	}
	if (rc == CC_OK)
		rc = cc_git_open(cli->root, &S->git, err);
	if (rc == CC_OK && !(S->wd = realpath(cc_git_workdir(S->git), NULL)))
		rc = cc_error_sys(err, errno, cc_git_workdir(S->git), "cannot resolve");
	if (rc == CC_OK && !S->since)
		rc = cc_git_tags(S->git, &S->tags, err);
	return rc;
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
	if (r == -1 && (open_repo(&S, cli, &err) != CC_OK ||
			cc_cli_targets(argc - optind, argv + optind, &S.exclude, &charts, &fs, &err) != CC_OK))
		r = cc_cli_env_error("check-version", &err);
	for (size_t i = 0; r == -1 && i < charts.n; i++)
		check_one(&S, charts.v[i], &fs);
	if (r == -1)
		r = cc_cli_report(cli, &fs, charts.n);
	cc_findings_free(&fs);
	cc_strvec_free(&charts);
	cc_strvec_free(&S.exclude);
	cc_strvec_free(&S.tags);
	cc_tag_template_free(S.tmpl);
	free(S.wd);
	cc_git_free(S.git);
	return r;
}
