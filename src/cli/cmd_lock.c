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
 */
#include "cli/cli.h"
#include "cli/targets.h"
#include "deps/deps.h"
#include "lock/lock.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct lock_setup {
	cc_strvec exclude;
	int check;
	const char *repo_config;
	cc_repos *repos;
	cc_deps_sources sources;
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
	       "      --repository-config FILE  helm's repositories.yaml (default:\n"
	       "                     $HELM_REPOSITORY_CONFIG, else helm's own place)\n"
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
	case 2002:
		S->repo_config = arg;
		return 1;
	default:
		return cc_cli_opt_exclude(&S->exclude, opt, arg);
	}
}

/* repositories: {name: url} or {name: {url: ...}} in .chartci.yaml, after helm's own. */
static int load_config_repos(cc_cli *cli, cc_repos *r, cc_error *err)
{
	const cc_yaml_node *m = NULL;
	int rc = cc_cli_config_get(cli, NULL, "repositories", CC_YAML_MAP, "a mapping of names to URLs", &m, err);
	for (size_t i = 0; rc == CC_OK && m && i < m->npairs; i++) {
		const cc_yaml_node *v = m->pairs[i].value;
		const cc_yaml_node *url = v->kind == CC_YAML_MAP ? cc_yaml_map_get(v, "url") : v;
		if (!url || !cc_yaml_is_string(url) || !url->value[0]) {
			rc = cc_error_set(err, CC_EINVALID, cc_yaml_doc_file(cli->config), v->line, v->col,
					  "repositories: \"%s\" needs a URL", m->pairs[i].key->value);
			break;
		}
		char *origin = cc_asprintf("%s:%d", cc_yaml_doc_file(cli->config), v->line);
		cc_repo e = { .name = (char *)m->pairs[i].key->value, .url = (char *)url->value, .origin = origin };
		cc_repos_add(r, &e);
		free(origin);
	}
	return rc;
}

static int load_repos(cc_cli *cli, lock_setup *S, cc_error *err)
{
	S->repos = cc_repos_new();
	char *path = S->repo_config ? cc_strdup(S->repo_config) : cc_repos_helm_path();
	int rc = cc_repos_load_helm(S->repos, path, err);
	free(path);
	return rc == CC_OK ? load_config_repos(cli, S->repos, err) : rc;
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

/* `@name` repositories as their URLs, in place, as helm hashes them. */
static int substitute_repos(const lock_setup *S, json_t *req, const cc_yaml_node *nodes, const char *file,
			    cc_error *err)
{
	for (size_t i = 0; i < json_array_size(req); i++) {
		json_t *d = json_array_get(req, i);
		const char *repo = json_string_value(json_object_get(d, "repository"));
		char *url = NULL;
		const cc_repo *e = NULL;
		if (!repo || cc_repos_resolve(S->repos, repo, &url, &e, err) == CC_OK) {
			if (url)
				json_object_set_new(d, "repository", json_string(url));
			free(url);
			continue;
		}
		const cc_yaml_node *n = nodes && i < nodes->nitems ? nodes->items[i] : NULL;
		err->line = n ? n->line : 0;
		err->col = n ? n->col : 0;
		snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
		return err->code;
	}
	return CC_OK;
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

static int write_lock(const lock_setup *S, const cc_cli *cli, const cc_chart *c, const json_t *req,
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
	(void)S;
	cc_lock_free(old);
	free(e);
	return rc;
}

static void resolve_and_write(const lock_setup *S, const cc_cli *cli, const cc_chart *c, const json_t *req,
			      const cc_yaml_node *nodes, const char *file, cc_findings *fs)
{
	cc_deps_result res;
	cc_error err;
	cc_error_clear(&err);
	if (cc_deps_resolve(c->dir, req, &S->sources, &res, &err) != CC_OK) {
		const cc_yaml_node *n = nodes && res.failed && res.failed <= nodes->nitems ? nodes->items[res.failed - 1] : NULL;
		cc_finding *f = cc_findings_add(fs, CC_SEV_ERROR, "lock/unresolvable", file ? file : "",
						n ? n->line : 0, n ? n->col : 0, "%s", err.msg);
		cc_finding_set_chart(f, c->display);
		return;
	}
	for (size_t i = 0; i < res.nmissing; i++) {
		size_t k = res.missing[i].index;
		const cc_yaml_node *n = nodes && k < nodes->nitems ? nodes->items[k] : NULL;
		cc_finding *f = cc_findings_add(fs, CC_SEV_ERROR, "lock/unresolvable", file ? file : "",
						n ? n->line : 0, n ? n->col : 0, "%s", res.missing[i].message);
		cc_finding_set_chart(f, c->display);
	}
	if (res.nmissing == 0 && write_lock(S, cli, c, req, &res, &err) != CC_OK) {
		cc_finding *f = cc_findings_add_error(fs, CC_SEV_ERROR, "lock/unresolvable", &err);
		cc_finding_set_chart(f, c->display);
	}
	cc_deps_result_free(&res);
}

static void lock_one(const lock_setup *S, const cc_cli *cli, const char *path, cc_findings *fs)
{
	cc_chart *c = NULL;
	json_t *req = NULL;
	const cc_yaml_node *nodes = NULL;
	const char *file = NULL;
	cc_error err;
	cc_error_clear(&err);
	cc_chart_opts o = { .no_subcharts = 1 };
	int rc = cc_chart_load(&c, path, path, &o, &err);
	if (rc == CC_OK)
		rc = cc_lock_dependencies(c, &req, &nodes, &file, &err);
	if (rc == CC_OK)
		rc = substitute_repos(S, req, nodes, file, &err);
	if (rc != CC_OK) {
		cc_finding *f = cc_findings_add_error(fs, CC_SEV_ERROR, "lock/unresolvable", &err);
		cc_finding_set_chart(f, path);
	} else if (S->check) {
		cc_lock_problems p = CC_LOCK_PROBLEMS_INIT;
		if (cc_lock_check(c, req, &p, &err) != CC_OK)
			cc_findings_add_error(fs, CC_SEV_ERROR, "lock/out-of-sync", &err);
		add_problems(c, &p, fs);
		cc_lock_problems_free(&p);
	} else if (req && json_array_size(req) > 0) {
		resolve_and_write(S, cli, c, req, nodes, file, fs);
	}
	json_decref(req);
	cc_chart_free(c);
}

int cc_cmd_lock(cc_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "check", no_argument, NULL, 2001 },
		{ "repository-config", required_argument, NULL, 2002 },
		{ "exclude", required_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 }
	};
	lock_setup S;
	memset(&S, 0, sizeof(S));
	cc_findings fs = CC_FINDINGS_INIT;
	cc_strvec charts = CC_STRVEC_INIT;
	cc_error err;
	cc_error_clear(&err);
	int r = cc_cli_parse(cli, "lock", argc, argv, "x:", longopts, help, lock_opt, &S);
	if (r == -1 && load_repos(cli, &S, &err) != CC_OK)
		r = cc_cli_env_error("lock", &err);
	if (r == -1 && cc_cli_targets(argc - optind, argv + optind, &S.exclude, &charts, &fs, &err) != CC_OK)
		r = cc_cli_env_error("lock", &err);
	if (r == -1) {
		for (size_t i = 0; i < charts.n; i++)
			lock_one(&S, cli, charts.v[i], &fs);
		r = cc_cli_report(cli, &fs, charts.n);
	}
	cc_repos_free(S.repos);
	cc_strvec_free(&S.exclude);
	cc_strvec_free(&charts);
	cc_findings_free(&fs);
	return r;
}
