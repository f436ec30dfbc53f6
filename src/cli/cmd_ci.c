/*
 * chartci ci [options] [PATH...]
 *
 * The whole pipeline in one process, in order: the changed charts, then
 * lint, lock check, version rules, package, publish, each stage on the
 * changed charts only. The first stage with a failing finding stops the
 * run (--keep-going runs them all), since packaging a chart that does not
 * lint, or publishing one whose version is wrong, is what CI is there to
 * prevent. All findings go through the one report (--format github gives
 * annotations); in GitHub Actions a job summary and step outputs are
 * written too. Nothing changed is said, and is success.
 */
#include "cli/ci_int.h"
#include "cli/release.h"
#include "tags/tags.h"
#include "cli/netopts.h"
#include "cli/targets.h"
#include "publish/publish.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void help(void)
{
	printf("usage: chartci ci [options] [PATH...]\n"
	       "\n"
	       "Runs the pipeline on the charts that changed: lint, lock check, version rules,\n"
	       "package, then publish (on the release branch, when a target is configured).\n"
	       "Stops at the first stage that fails. Exit 0 when all passed (or nothing\n"
	       "changed), 1 on findings, 2 on a usage or environment problem.\n"
	       "\n"
	       "options:\n"
	       "      --since REV          changed since REV\n"
	       "      --target-branch B    changed since the merge-base with REMOTE/B\n"
	       "      --remote R           the target branch's remote (default: origin)\n"
	       "      --since-release      each chart against its previous release tag (the default;\n"
	       "                           in a pull request, the merge-base with $GITHUB_BASE_REF)\n"
	       "      --include-worktree   the work tree as it is, not HEAD\n"
	       "      --keep-going         run every stage, whatever fails\n"
	       "      --publish            publish even off the release branch\n"
	       "      --no-publish         do not publish\n"
	       "      --to URL             where to publish (else publish.to in .chartci.yaml)\n"
	       "      --url BASE           the base URL index entries name\n"
	       "      --tag                tag HEAD with each chart's release tag (release-tag:,\n"
	       "                           default {name}-{version}) once it is published to every\n"
	       "                           target; an existing tag is never moved\n"
	       "      --username USER      for publishing; the password from $CHARTCI_PASSWORD\n"
	       "                           or --password-stdin\n"
	       "      --password-stdin     read the password from stdin\n"
	       "      --registry-config FILE  registry credentials (default: helm's, then docker's)\n"
	       "      --plain-http         reach registries over http://\n"
	       CC_CLI_TLS_HELP
	       "      --dist DIR           keep the archives in DIR (default: a temporary directory)\n"
	       "      --summary FILE       append a Markdown summary (default: $GITHUB_STEP_SUMMARY)\n"
	       "      --outputs FILE       append changed-charts=, published= and tags= (default:\n"
	       "                           $GITHUB_OUTPUT)\n"
	       "  -x, --exclude GLOB       directories to skip (repeatable)\n"
	       CC_CLI_COMMON_HELP
	       "  -h, --help         this help\n");
}

static int ci_opt(void *ctx, int opt, const char *arg)
{
	cc_ci_setup *S = ctx;
	switch (opt) {
	case 8001: S->changed.since = arg; break;
	case 8002: S->changed.branch = arg; break;
	case 8003: S->changed.remote = arg; break;
	case 8004: S->changed.release = 1; break;
	case 8005: S->changed.worktree = 1; break;
	case 8006: S->keep_going = 1; break;
	case 8007: S->publish = 1; break;
	case 8008: S->no_publish = 1; break;
	case 8009: S->to = arg; break;
	case 8010: S->url = arg; break;
	case 8011: S->username = arg; break;
	case 8012: S->password_stdin = 1; break;
	case 8013: S->registry_config = arg; break;
	case 8014: S->plain_http = 1; break;
	case 8015: S->dist = arg; break;
	case 8016: S->summary = arg; break;
	case 8017: S->outputs = arg; break;
	case 8018: S->tag = 1; break;
	default: return cc_cli_opt_exclude(&S->exclude, opt, arg);
	}
	return 1;
}

/* ---- per-chart states ---- */

static int belongs(const cc_finding *f, const char *chart)
{
	size_t n = strlen(chart);
	if (f->chart && strcmp(f->chart, chart) == 0)
		return 1;
	return f->file && strncmp(f->file, chart, n) == 0 && (f->file[n] == '/' || f->file[n] == '\0');
}

/* Marks each chart passed or failed by the findings [from, fs->n); 1 when any failed. */
static int mark(const cc_cli *cli, cc_ci_run *r, const cc_findings *fs, size_t from, int which)
{
	int failed = 0;
	for (size_t i = 0; i < r->n; i++) {
		int *state = &r->charts[i].state[which], bad = 0;
		for (size_t j = from; j < fs->n && !bad; j++)
			bad = fs->v[j].sev >= cli->fail_on && belongs(&fs->v[j], r->charts[i].path);
		*state = bad ? CC_CI_FAILED : CC_CI_PASSED;
		failed |= bad;
	}
	for (size_t j = from; j < fs->n; j++)
		failed |= fs->v[j].sev >= cli->fail_on; /* a finding on no chart (a bad pack) fails too */
	return failed;
}

/* ---- the stages ---- */

typedef struct ci_state {
	cc_cli *cli;
	cc_ci_setup *S;
	cc_ci_run run;
	cc_strvec changed;
	cc_findings fs;
	char *tmp;               /* the temporary dist directory */
} ci_state;

static int stage(ci_state *C, const char *name, int rc, size_t from, int which)
{
	int failed = mark(C->cli, &C->run, &C->fs, from, which);
	if (failed && !C->run.failed)
		C->run.failed = name;
	if (failed && !C->S->keep_going && !C->run.stopped)
		C->run.stopped = name;
	return rc;
}

static int check_stages(ci_state *C, cc_error *err)
{
	size_t from = C->fs.n;
	int rc = stage(C, "lint", cc_cli_stage_lint(C->cli, &C->changed, &C->fs, err), from, CC_CI_LINT);
	if (rc == CC_OK && !C->run.stopped) {
		from = C->fs.n;
		rc = stage(C, "lock", cc_cli_stage_lock(C->cli, &C->changed, &C->fs, err), from, CC_CI_LOCK);
	}
	if (rc == CC_OK && !C->run.stopped) {
		cc_cli_version *v = cc_calloc(C->run.n + 1, sizeof(*v));
		const char *since = C->run.base && !C->S->changed.release ? C->run.base : NULL;
		from = C->fs.n;
		rc = stage(C, "version rules", cc_cli_stage_versions(C->cli, since, &C->changed, &C->fs, v, err), from,
			   CC_CI_VERSION);
		for (size_t i = 0; i < C->run.n; i++)
			C->run.charts[i].v = v[i];
		free(v);
	}
	return rc;
}

static int package_stage(ci_state *C, cc_error *err)
{
	const char *dir = C->S->dist;
	if (!dir) {
		const char *t = getenv("TMPDIR");
		C->tmp = cc_asprintf("%s/chartci-ci-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(C->tmp))
			return cc_error_sys(err, errno, C->tmp, "cannot make a directory");
		dir = C->tmp;
	}
	cc_strvec written = CC_STRVEC_INIT;
	size_t from = C->fs.n;
	int rc = stage(C, "package", cc_cli_stage_package(C->cli, &C->changed, dir, &C->fs, &written, err), from,
		       CC_CI_PACKAGE);
	for (size_t i = 0; i < C->run.n && i < written.n; i++)
		C->run.charts[i].archive = written.v[i][0] ? cc_strdup(written.v[i]) : NULL;
	cc_strvec_free(&written);
	return rc;
}

static void say(const ci_state *C, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A line of progress, for a reader at a terminal or in a CI log; not in machine formats. */
static void say(const ci_state *C, const char *fmt, ...)
{
	if (C->cli->format != CC_FORMAT_TEXT || C->cli->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* ---- publishing ---- */

static void publish_failed(ci_state *C, const cc_ci_chart *ch, int rc, cc_error *err)
{
	if (!err->file[0])
		snprintf(err->file, sizeof(err->file), "%s", ch->path);
	const char *rule = rc == CC_EEXIST ? "publish/exists" : "publish/failed";
	cc_finding_set_chart(cc_findings_add_error(&C->fs, CC_SEV_ERROR, rule, err), ch->path);
}

/*
 * The release tag on HEAD, once a chart is out at every target, so that
 * the next run finds this release as the one to compare with. A tag that
 * names another commit stays where it is, with a warning: a release tag
 * is history.
 */
static void tag_release(ci_state *C, cc_ci_chart *ch, const cc_publish_chart *pc, cc_cli_release *rel)
{
	char *name = cc_tag_format(rel->tmpl, pc->name, pc->version);
	int made = 0;
	cc_error err;
	int rc = name ? cc_git_tag(rel->git, name, "HEAD", &made, &err)
		      : cc_error_set(&err, CC_EINVALID, NULL, 0, 0, "no release tag can name %s %s", pc->name,
				     pc->version);
	if (rc == CC_OK) {
		ch->tag = cc_strdup(name);
		say(C, "%s %s", made ? "tagged" : "already tagged", name);
	} else {
		snprintf(err.file, sizeof(err.file), "%s", ch->path);
		/* the release is out whatever happens to its tag */
		cc_finding *f = cc_findings_add_error(&C->fs, CC_SEV_WARNING, "publish/tag", &err);
		cc_finding_set_chart(f, ch->path);
	}
	free(name);
}

/* One archive, read once, to every target. */
static void publish_one(ci_state *C, cc_ci_chart *ch, const cc_strvec *targets, const cc_publish_opts *o,
			cc_cli_release *rel)
{
	cc_publish_chart pc;
	cc_error err;
	int rc = cc_publish_chart_load(ch->archive, &pc, &err);
	if (rc != CC_OK)
		publish_failed(C, ch, rc, &err);
	for (size_t t = 0; rc == CC_OK && t < targets->n; t++) {
		cc_publish_result r;
		int prc = cc_publish(targets->v[t], &pc, o, &r, &err);
		if (prc == CC_OK) {
			cc_strvec_push(&ch->published, r.where);
			say(C, "%s %s (%s)", r.outcome == CC_PUBLISH_ALREADY ? "already published" : "published", r.where,
			    r.digest);
		} else {
			publish_failed(C, ch, prc, &err);
		}
		cc_publish_result_free(&r);
	}
	if (rc == CC_OK && rel && ch->published.n == targets->n)
		tag_release(C, ch, &pc, rel);
	cc_publish_chart_free(&pc);
}

static int publish_stage(ci_state *C, const cc_ci_plan *plan, cc_error *err)
{
	cc_http *http = NULL;
	cc_oci *oci = NULL;
	cc_http_policy *policy = NULL;
	cc_http_opts ho = { 0 };
	cc_http_auth auth = { .username = C->S->username, .password = C->S->password };
	cc_oci_opts oo = { .plain_http = C->S->plain_http || plan->plain_http, .registry_config = C->S->registry_config,
			   .username = C->S->username, .password = C->S->password };
	int rc = cc_cli_http_opts(C->cli, &ho, &policy, err);
	if (rc == CC_OK)
		rc = cc_http_new(&ho, &http, err);
	if (rc == CC_OK)
		rc = cc_oci_new(http, &oo, &oci, err);
	cc_publish_opts o = { .http = http, .auth = C->S->username ? &auth : NULL, .oci = oci, .url = plan->url,
			      .now = time(NULL), .git_root = C->cli->root };
	cc_cli_release rel;
	memset(&rel, 0, sizeof(rel));
	/* with a revision, the release helper lists no tags: only its template and repository are wanted */
	if (rc == CC_OK && plan->tag)
		rc = cc_cli_release_open(C->cli, "HEAD", &rel, err);
	size_t from = C->fs.n;
	for (size_t i = 0; rc == CC_OK && i < C->run.n; i++)
		if (C->run.charts[i].archive)
			publish_one(C, &C->run.charts[i], &plan->targets, &o, plan->tag ? &rel : NULL);
	if (rc == CC_OK)
		stage(C, "publish", rc, from, CC_CI_PUBLISH);
	cc_cli_release_close(&rel);
	cc_oci_free(oci);
	cc_http_free(http);
	cc_http_policy_free(policy);
	return rc;
}

/* ---- the run ---- */

static int pipeline(ci_state *C, cc_error *err)
{
	cc_ci_plan plan;
	int rc = check_stages(C, err);
	if (rc == CC_OK && (!C->run.stopped || C->S->keep_going))
		rc = package_stage(C, err);
	if (rc == CC_OK)
		rc = cc_ci_publish_plan(C->cli, C->S, &plan, err);
	else
		memset(&plan, 0, sizeof(plan));
	/* --keep-going runs every check, but a failed one still stops a release */
	C->run.publishing = rc == CC_OK && plan.on && !C->run.failed;
	if (!C->run.publishing)
		C->run.publish_why = cc_strdup(C->run.failed ? "an earlier stage failed"
					       : plan.why  ? plan.why
							   : "nothing to publish");
	if (C->run.publishing)
		rc = publish_stage(C, &plan, err);
	else if (rc == CC_OK)
		say(C, "not publishing: %s", C->run.publish_why);
	cc_ci_plan_free(&plan);
	return rc;
}

/* The charts to look at: the operands, else `charts:` of .chartci.yaml, else the whole checkout. */
static int targets(ci_state *C, int argc, char **argv, cc_strvec *all, cc_error *err)
{
	const cc_yaml_node *dirs = NULL, *ex = NULL;
	int rc = cc_cli_config_list(C->cli, NULL, "charts", &dirs, err);
	if (rc == CC_OK)
		rc = cc_cli_config_list(C->cli, NULL, "exclude", &ex, err);
	for (size_t i = 0; rc == CC_OK && ex && i < ex->nitems; i++)
		cc_strvec_push(&C->S->exclude, ex->items[i]->value);
	cc_strvec paths = CC_STRVEC_INIT;
	for (size_t i = 0; rc == CC_OK && argc <= optind && dirs && i < dirs->nitems; i++)
		cc_strvec_push_owned(&paths, cc_cli_config_path(C->cli, dirs->items[i]->value));
	if (rc == CC_OK && paths.n)
		rc = cc_cli_targets((int)paths.n, paths.v, &C->S->exclude, all, &C->fs, err);
	else if (rc == CC_OK)
		rc = cc_cli_targets(argc - optind, argv + optind, &C->S->exclude, all, &C->fs, err);
	cc_strvec_free(&paths);
	return rc;
}

/*
 * The base: the flags; in a pull request ($GITHUB_BASE_REF) the merge-base
 * with the branch it merges into; else each chart's previous release.
 */
static void choose_base(ci_state *C)
{
	cc_cli_changed_opts *o = &C->S->changed;
	const char *pr = getenv("GITHUB_BASE_REF");
	if (o->since || o->branch || o->release)
		return;
	if (pr && *pr)
		o->branch = pr;
	else
		o->release = 1;
}

static int start(ci_state *C, int argc, char **argv, cc_strvec *all, cc_error *err)
{
	int rc = targets(C, argc, argv, all, err);
	choose_base(C);
	if (rc == CC_OK)
		rc = cc_cli_stage_changed(C->cli, &C->S->changed, all, &C->changed, &C->run.base, err);
	C->run.nall = all->n;
	C->run.n = C->changed.n;
	C->run.charts = cc_calloc(C->changed.n + 1, sizeof(*C->run.charts));
	for (size_t i = 0; i < C->changed.n; i++)
		C->run.charts[i].path = C->changed.v[i];
	return rc;
}

static int finish(ci_state *C, int r)
{
	cc_error err;
	const char *summary = C->S->summary ? C->S->summary : getenv("GITHUB_STEP_SUMMARY");
	const char *outputs = C->S->outputs ? C->S->outputs : getenv("GITHUB_OUTPUT");
	if (summary && *summary && cc_ci_write_summary(&C->run, &C->fs, summary, &err) != CC_OK)
		r = cc_cli_env_error("ci", &err);
	if (outputs && *outputs && cc_ci_write_outputs(&C->run, outputs, &err) != CC_OK)
		r = cc_cli_env_error("ci", &err);
	return r;
}

static void cleanup(ci_state *C)
{
	for (size_t i = 0; i < C->run.n; i++) {
		if (C->tmp && C->run.charts[i].archive)
			unlink(C->run.charts[i].archive); /* archives made for this run only */
		cc_cli_version_free(&C->run.charts[i].v);
		free(C->run.charts[i].archive);
		cc_strvec_free(&C->run.charts[i].published);
		free(C->run.charts[i].tag);
	}
	free(C->run.charts);
	free(C->run.base);
	free(C->run.publish_why);
	if (C->tmp)
		rmdir(C->tmp);
	free(C->tmp);
	cc_strvec_free(&C->changed);
	cc_findings_free(&C->fs);
}

static int run(cc_cli *cli, cc_ci_setup *S, int argc, char **argv)
{
	ci_state C;
	memset(&C, 0, sizeof(C));
	C.cli = cli;
	C.S = S;
	cc_strvec all = CC_STRVEC_INIT;
	cc_error err;
	cc_error_clear(&err);
	int r = -1, rc = start(&C, argc, argv, &all, &err);
	const char *base = C.run.base ? C.run.base : "the base";
	if (rc == CC_OK && C.run.n == 0)
		say(&C, "no chart changed since %s (%zu charts)", base, all.n);
	else if (rc == CC_OK)
		say(&C, "%zu of %zu charts changed since %s", C.run.n, all.n, base);
	if (rc == CC_OK && C.run.n > 0)
		rc = pipeline(&C, &err);
	if (rc != CC_OK)
		r = cc_cli_env_error("ci", &err);
	if (r == -1)
		r = cc_cli_report(cli, &C.fs, C.run.n);
	r = finish(&C, r);
	cleanup(&C);
	cc_strvec_free(&all);
	return r;
}

static int check_setup(cc_ci_setup *S)
{
	if (S->publish && S->no_publish)
		return cc_cli_usage_error("ci", "--publish and --no-publish contradict each other");
	if (S->changed.release && (S->changed.since || S->changed.branch))
		return cc_cli_usage_error("ci", "--since-release gives each chart its own base; drop --since and "
					  "--target-branch");
	return cc_cli_password("ci", S->password_stdin, S->username, &S->password);
}

int cc_cmd_ci(cc_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "since", required_argument, NULL, 8001 },
		{ "target-branch", required_argument, NULL, 8002 },
		{ "remote", required_argument, NULL, 8003 },
		{ "since-release", no_argument, NULL, 8004 },
		{ "include-worktree", no_argument, NULL, 8005 },
		{ "keep-going", no_argument, NULL, 8006 },
		{ "publish", no_argument, NULL, 8007 },
		{ "no-publish", no_argument, NULL, 8008 },
		{ "to", required_argument, NULL, 8009 },
		{ "url", required_argument, NULL, 8010 },
		{ "username", required_argument, NULL, 8011 },
		{ "password-stdin", no_argument, NULL, 8012 },
		{ "registry-config", required_argument, NULL, 8013 },
		{ "plain-http", no_argument, NULL, 8014 },
		{ "dist", required_argument, NULL, 8015 },
		{ "summary", required_argument, NULL, 8016 },
		{ "outputs", required_argument, NULL, 8017 },
		{ "tag", no_argument, NULL, 8018 },
		{ "exclude", required_argument, NULL, 'x' },
		CC_CLI_TLS_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	cc_ci_setup S;
	memset(&S, 0, sizeof(S));
	int r = cc_cli_parse(cli, "ci", argc, argv, "x:", longopts, help, ci_opt, &S);
	if (r == -1)
		r = check_setup(&S);
	if (r == -1)
		r = run(cli, &S, argc, argv);
	if (S.password)
		memset(S.password, 0, strlen(S.password));
	free(S.password);
	cc_strvec_free(&S.exclude);
	return r;
}
