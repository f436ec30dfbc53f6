/*
 * chartci lock [--check] [options] [PATH...]
 *
 * Without --check: resolves every chart's dependencies as `helm dependency
 * update` would and writes Chart.lock (requirements.lock for apiVersion v1)
 * in helm's exact format, leaving a lock whose digest has not changed
 * untouched, so a re-run on an up-to-date repository changes no file.
 *
 * With --check: writes nothing and needs no network. A chart whose lock is
 * missing, out of sync with Chart.yaml (the digest `helm dependency build`
 * compares), pins a version its constraint no longer allows, or lists
 * dependencies that are not declared (or the other way round) is a
 * finding, exit 1.
 *
 * `@name` / `alias:name` repositories are read from helm's
 * repositories.yaml (--repository-config, $HELM_REPOSITORY_CONFIG or
 * helm's default place) and `repositories:` in .chartci.yaml.
 *
 * Indexes are cached in --cache-dir ($CHARTCI_CACHE_DIR, else
 * $XDG_CACHE_HOME/chartci or ~/.cache/chartci) and revalidated with one
 * conditional request each; --offline uses the cache alone.
 */
#include "cli/cli.h"
#include "cli/stages.h"
#include "cli/netopts.h"
#include "cli/targets.h"
#include "deps/deps.h"
#include "lock/lock.h"
#include "semver/semver.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct lock_setup {
	cc_strvec exclude;
	int check;
	cc_cli_net net;
	const cc_cli *cli;
} lock_setup;

static void help(void)
{
	printf("usage: chartci lock [options] [PATH...]\n"
	       "\n"
	       "Resolves the dependencies of every chart found under each PATH and writes\n"
	       "Chart.lock as `helm dependency update` would; with --check, verifies the\n"
	       "locks instead, offline, and writes nothing.\n"
	       "\n"
	       "options:\n"
	       "      --check        verify: every lock present, in sync with Chart.yaml and\n"
	       "                     within its constraints (exit 1 otherwise)\n"
	       CC_CLI_NET_HELP
	       "  -x, --exclude GLOB directories to skip (glob on paths below PATH; repeatable)\n"
	       CC_CLI_COMMON_HELP
	       "  -h, --help         this help\n");
}

static int lock_opt(void *ctx, int opt, const char *arg)
{
	lock_setup *S = ctx;
	switch (opt) {
	case 2001:
		S->check = 1;
		return 1;
	default:
		return cc_cli_net_opt(&S->net, opt, arg) || cc_cli_opt_exclude(&S->exclude, opt, arg);
	}
}

static const char *const problem_rules[] = {
	[CC_LOCK_MISSING] = "lock/missing",
	[CC_LOCK_OUT_OF_SYNC] = "lock/out-of-sync",
	[CC_LOCK_UNSATISFIED] = "lock/unsatisfied",
	[CC_LOCK_BAD_CONSTRAINT] = "dependency/version",
	[CC_LOCK_NOT_LOCKED] = "lock/not-locked",
	[CC_LOCK_EXTRA] = "lock/extra",
	[CC_LOCK_REPOSITORY] = "lock/repository",
};

static void add_problems(const cc_chart *c, const cc_lock_problems *p, cc_findings *fs)
{
	for (size_t i = 0; i < p->n; i++) {
		const cc_lock_problem *q = &p->v[i];
		cc_finding *f = cc_findings_add(fs, CC_SEV_ERROR, problem_rules[q->kind], q->file, q->line,
						q->col, "%s", q->msg);
		cc_finding_set_chart(f, c->display);
		if (q->kind == CC_LOCK_MISSING || q->kind == CC_LOCK_OUT_OF_SYNC)
			cc_finding_set_hint(f, "run chartci lock (or helm dependency update) and commit the lock");
	}
}

/* The version of the chart a file:// entry points at; NULL (with why) when there is none there. */
static char *local_version(const cc_chart *c, const cc_lock_entry *e, char *why, size_t whysz)
{
	char *dir = cc_deps_local_path(c->dir, e->repository);
	cc_chart *dc = NULL;
	cc_chart_opts o = { .no_subcharts = 1 };
	cc_error err;
	char *v = NULL;
	if (cc_chart_load(&dc, dir, dir, &o, &err) != CC_OK || !dc->version)
		snprintf(why, whysz, "%s", dc ? "its Chart.yaml has no version" : err.msg);
	else
		v = cc_strdup(dc->version);
	cc_chart_free(dc);
	free(dir);
	return v;
}

/* Whether version satisfies constraint, as helm's semver checks it (either unreadable: no). */
static int satisfies(const char *constraint, const char *version)
{
	cc_constraint k;
	cc_semver v;
	cc_error err;
	if (cc_constraint_parse(&k, constraint, &err) != CC_OK)
		return 0;
	int yes = cc_semver_parse(&v, version, &err) == CC_OK;
	if (yes) {
		yes = cc_constraint_check(&k, &v, 0);
		cc_semver_free(&v);
	}
	cc_constraint_free(&k);
	return yes;
}

/*
 * `helm dependency build` packages a file:// dependency only while the
 * chart there still satisfies the version locked for it ("can't get a
 * valid version for dependency"), so a local chart that moved on leaves
 * the lock stale though its digest still matches.
 */
static void check_local(const cc_chart *c, cc_findings *fs)
{
	cc_lock *l = NULL;
	cc_error err;
	if (cc_lock_read(c, &l, &err) != CC_OK)
		return; /* reported by cc_lock_check */
	for (size_t i = 0; i < l->n; i++) {
		const cc_lock_entry *e = &l->entries[i];
		if (!e->repository || strncmp(e->repository, "file://", 7) != 0 || !e->version)
			continue;
		char why[CC_ERROR_MSG_MAX] = "";
		char *now = local_version(c, e, why, sizeof(why));
		if (!now || !satisfies(e->version, now)) {
			cc_finding *f = cc_findings_add(
				fs, CC_SEV_ERROR, "lock/out-of-sync", l->file, e->line, e->col,
				"%s is locked at %s, but %s %s%s%s: helm dependency build refuses it", e->name, e->version,
				e->repository, now ? "now holds version " : "has no chart (", now ? now : why, now ? "" : ")");
			cc_finding_set_chart(f, c->display);
			cc_finding_set_hint(f, "run chartci lock (or helm dependency update) and commit the lock");
		}
		free(now);
	}
	cc_lock_free(l);
}

static void print_written(const cc_chart *c, const cc_lock *l, const json_t *locked, int written)
{
	printf("%s: %s", c->display, written ? "wrote" : "up to date,");
	printf(" %s (", l && l->v1 ? "requirements.lock" : "Chart.lock");
	for (size_t i = 0; i < json_array_size(locked); i++) {
		const json_t *e = json_array_get(locked, i);
		printf("%s%s %s", i ? ", " : "", json_string_value(json_object_get(e, "name")),
		       json_string_value(json_object_get(e, "version")));
	}
	printf(")\n");
}

static int write_lock(const cc_cli *cli, const cc_chart *c, const json_t *req,
		      const cc_deps_result *res, cc_error *err)
{
	size_t n = json_array_size(res->locked);
	cc_lock_entry *e = cc_calloc(n ? n : 1, sizeof(*e));
	for (size_t i = 0; i < n; i++) {
		const json_t *j = json_array_get(res->locked, i);
		e[i].name = (char *)json_string_value(json_object_get(j, "name"));
		e[i].version = (char *)json_string_value(json_object_get(j, "version"));
		e[i].repository = (char *)json_string_value(json_object_get(j, "repository"));
	}
	char digest[CC_LOCK_DIGEST_MAX];
	cc_lock *old = NULL;
	int written = 0;
	int rc = cc_lock_digest(req, res->locked, digest, err);
	if (rc == CC_OK && cc_lock_read(c, &old, err) == CC_EINVALID)
		old = NULL; /* a lock helm cannot read is replaced */
	int v1 = strcmp(c->api_version, "v1") == 0;
	if (rc == CC_OK)
		rc = cc_lock_update(c->dir, v1, old, e, n, digest, &written, err);
	if (rc == CC_OK && cli->format == CC_FORMAT_TEXT && !cli->quiet)
		print_written(c, old, res->locked, written);
	cc_lock_free(old);
	free(e);
	return rc;
}

static void resolve_and_write(const lock_setup *S, const cc_cli *cli, const cc_cli_deps *d, cc_findings *fs)
{
	cc_deps_result res;
	cc_deps_sources src;
	cc_error err;
	cc_error_clear(&err);
	cc_deps_net_sources(S->net.net, &src);
	if (cc_deps_resolve(d->chart->dir, d->req, &src, &res, &err) != CC_OK) {
		cc_cli_deps_error(d, res.failed, "lock/unresolvable", &err, fs);
		return;
	}
	for (size_t i = 0; i < res.nmissing; i++) {
		cc_error_set(&err, CC_ENOTFOUND, NULL, 0, 0, "%s", res.missing[i].message);
		cc_cli_deps_error(d, res.missing[i].index + 1, "lock/unresolvable", &err, fs);
	}
	if (res.nmissing == 0 && write_lock(cli, d->chart, d->req, &res, &err) != CC_OK)
		cc_finding_set_chart(cc_findings_add_error(fs, CC_SEV_ERROR, "lock/unresolvable", &err), d->chart->display);
	cc_deps_result_free(&res);
}

/* A lock file that is there but did not load (not YAML, an alias bomb) has
   its load error among the chart's findings and is left NULL; --check reports
   that error, not "there is no Chart.lock". Returns how many it reported. */
static size_t lock_load_errors(const cc_chart *c, cc_findings *fs)
{
	char *lock = cc_chart_display_path(c, "Chart.lock");
	char *req = cc_chart_display_path(c, "requirements.lock");
	size_t n = 0;
	for (size_t i = 0; i < c->findings.n; i++) {
		const cc_finding *f = &c->findings.v[i];
		if (f->sev != CC_SEV_ERROR || (strcmp(f->file, lock) != 0 && strcmp(f->file, req) != 0))
			continue;
		cc_finding_set_chart(cc_findings_add(fs, f->sev, f->rule, f->file, f->line, f->col, "%s", f->msg),
				     c->display);
		n++;
	}
	free(lock);
	free(req);
	return n;
}

static void lock_one(void *ctx, const char *path, cc_findings *fs)
{
	lock_setup *S = ctx;
	cc_cli_deps d;
	cc_error err;
	if (cc_cli_deps_load(&S->net, path, "lock/unresolvable", fs, &d) != CC_OK) {
		cc_cli_deps_free(&d);
		return;
	}
	if (S->check) {
		cc_lock_problems p = CC_LOCK_PROBLEMS_INIT;
		int unloadable = !d.chart->lock && lock_load_errors(d.chart, fs) > 0;
		if (!unloadable && cc_lock_check(d.chart, d.req, &p, &err) != CC_OK)
			cc_findings_add_error(fs, CC_SEV_ERROR, "lock/out-of-sync", &err);
		add_problems(d.chart, &p, fs);
		if (!unloadable && p.n == 0)
			check_local(d.chart, fs);
		cc_lock_problems_free(&p);
	} else if (json_array_size(d.req) > 0) {
		resolve_and_write(S, S->cli, &d, fs);
	}
	cc_cli_deps_free(&d);
}

int cc_cmd_lock(cc_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "check", no_argument, NULL, 2001 },
		CC_CLI_NET_LONGOPTS,
		{ "exclude", required_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 }
	};
	lock_setup S;
	memset(&S, 0, sizeof(S));
	S.cli = cli;
	int r = cc_cli_parse(cli, "lock", argc, argv, "x:", longopts, help, lock_opt, &S);
	/* --check reads no repository: it needs only the table, for @name */
	if (r == -1)
		r = cc_cli_net_run(cli, "lock", argc, argv, &S.net, !S.check, &S.exclude, lock_one, &S);
	cc_strvec_free(&S.exclude);
	return r;
}

int cc_cli_stage_lock(cc_cli *cli, const cc_strvec *charts, cc_findings *fs, cc_error *err)
{
	lock_setup S;
	memset(&S, 0, sizeof(S));
	S.cli = cli;
	S.check = 1;
	int rc = cc_cli_net_open(cli, &S.net, 0, err);
	for (size_t i = 0; rc == CC_OK && i < charts->n; i++)
		lock_one(&S, charts->v[i], fs);
	cc_cli_net_close(&S.net);
	return rc;
}
