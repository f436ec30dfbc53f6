/*
 * chartci lint [options] [PATH...]
 *
 * Loads every chart found under the PATHs and reports what is wrong with
 * each, all charts in one run, in the chosen format. Team rule packs come
 * from --rules and from .chartci.yaml (`rules:` paths relative to that
 * file, `disable-rules:` ids off for every chart); a pack or
 * configuration that is wrong stops the run with its position (exit 2),
 * since linting without the team's rules would pass what it should not.
 */
#include "cli/cli.h"
#include "cli/stages.h"
#include "cli/targets.h"
#include "lint/lint.h"

#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

static void help(void)
{
	printf("usage: chartci lint [options] [PATH...]\n"
	       "\n"
	       "Checks every chart found under each PATH (a directory walked at any depth,\n"
	       "or a chart archive); with no PATH, the working directory. Reports problems\n"
	       "as path:line:col with a rule id; see docs/rules.md.\n"
	       "\n"
	       "options:\n"
	       "  -x, --exclude GLOB directories to skip (glob on paths below PATH; repeatable)\n"
	       "  -r, --rules FILE   a team rule pack to run too (repeatable; docs/rule-packs.md)\n"
	       "  -d, --disable ID   switch rule ID off for every chart (repeatable); an id\n"
	       "                     that names no rule is an error\n"
	       CC_CLI_COMMON_HELP
	       "  -h, --help         this help\n");
}

/* What the check across charts needs of each: its name and where Chart.yaml says it. */
typedef struct chart_name {
	char *name;        /* NULL when absent or the chart did not load */
	char *file;        /* Chart.yaml's display path */
	int line, col;
	int off;           /* chart/duplicate-name switched off for this chart */
} chart_name;

static void lint_one(cc_linter *linter, const char *path, cc_findings *fs, chart_name *cn)
{
	cc_chart *c = NULL;
	cc_error err;
	cc_error_clear(&err);
	if (cc_chart_load(&c, path, path, NULL, &err) != CC_OK) {
		cc_findings_add_error(fs, CC_SEV_ERROR,
				      err.code == CC_ENOTFOUND ? "chart/file-missing" : "chart/archive-invalid", &err);
		return;
	}
	cc_linter_run(linter, c, fs, &err);
	const cc_yaml_node *n = cc_yaml_map_get_go(cc_yaml_doc_root(c->chartfile), "name");
	if (c->name && *c->name) {
		cc_strvec off = CC_STRVEC_INIT;
		cc_rules_chart_disabled(c, &off);
		cn->name = cc_strdup(c->name);
		cn->file = cc_chart_display_path(c, "Chart.yaml");
		cn->line = n ? n->line : 0;
		cn->col = n ? n->col : 0;
		cn->off = cc_strvec_contains(&off, "chart/duplicate-name");
		cc_strvec_free(&off);
	}
	cc_chart_free(c);
}

/* 1 when chart path b lies in the charts/ directory of chart a: a vendored subchart. */
static int vendored_in(const char *a, const char *b)
{
	size_t n = strlen(a);
	return strncmp(a, b, n) == 0 && strncmp(b + n, "/charts/", 8) == 0;
}

static int is_vendored(const cc_strvec *charts, size_t i)
{
	for (size_t j = 0; j < charts->n; j++)
		if (j != i && vendored_in(charts->v[j], charts->v[i]))
			return 1;
	return 0;
}

typedef struct named {
	const char *name;
	size_t i;    /* the chart's place in the list, which breaks ties: the first stays first */
} named;

static int by_name(const void *a, const void *b)
{
	const named *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/*
 * Two charts of one repository with the same name publish to the same
 * place: the second release of "web" overwrites, or is refused as, the
 * first's. Each after the first is reported, naming the first; a chart
 * vendored under another's charts/ is the other's business.
 */
static void duplicate_names(const cc_strvec *charts, const chart_name *cn, const cc_strvec *disabled,
			    cc_findings *fs)
{
	if (cc_strvec_contains(disabled, "chart/duplicate-name"))
		return;
	named *v = cc_calloc(charts->n ? charts->n : 1, sizeof(*v));
	size_t m = 0;
	for (size_t i = 0; i < charts->n; i++)
		if (cn[i].name && !is_vendored(charts, i))
			v[m++] = (named){ cn[i].name, i };
	qsort(v, m, sizeof(*v), by_name);
	for (size_t k = 1, first = 0; k < m; k++) {
		if (strcmp(v[k].name, v[first].name) != 0) {
			first = k;
			continue;
		}
		const chart_name *one = &cn[v[first].i], *dup = &cn[v[k].i];
		if (dup->off)
			continue;
		cc_finding *x = cc_findings_add(fs, CC_SEV_WARNING, "chart/duplicate-name", dup->file, dup->line,
						dup->col, "chart name \"%s\" is also the name in %s:%d:%d; both would be "
						"released as %s, one over the other", dup->name, one->file, one->line,
						one->col, dup->name);
		cc_finding_set_chart(x, charts->v[v[k].i]);
	}
	free(v);
}

/* What lint's own options and .chartci.yaml add to the built-in checks. */
typedef struct lint_setup {
	cc_strvec exclude;
	cc_strvec rule_files;   /* --rules, as given */
	cc_rulepack **packs;
	size_t npacks;
	cc_strvec disabled;      /* --disable ids, then the configuration's */
	size_t disabled_cli;     /* how many came from --disable */
	const cc_yaml_node *disabled_config; /* disable-rules:, for positions */
	cc_schema_mapping *maps; /* schema refs from .chartci.yaml */
	cc_strvec paths;         /* what maps point into */
	cc_schema_opts schema;
} lint_setup;

static int lint_opt(void *ctx, int opt, const char *arg)
{
	lint_setup *S = ctx;
	if (opt == 'r') {
		cc_strvec_push(&S->rule_files, arg);
		return 1;
	}
	if (opt == 'd') {
		cc_strvec_push(&S->disabled, arg);
		return 1;
	}
	return cc_cli_opt_exclude(&S->exclude, opt, arg);
}

static int add_pack(lint_setup *S, const char *path, cc_error *err)
{
	cc_rulepack *p = NULL;
	int rc = cc_rulepack_load(&p, path, err);
	if (rc != CC_OK)
		return rc;
	S->packs = cc_realloc(S->packs, (S->npacks + 1) * sizeof(*S->packs));
	S->packs[S->npacks++] = p;
	return CC_OK;
}

static int load_config_rules(cc_cli *cli, lint_setup *S, cc_error *err)
{
	const cc_yaml_node *packs = NULL, *off = NULL;
	int rc = cc_cli_config_list(cli, NULL, "rules", &packs, err);
	if (rc == CC_OK)
		rc = cc_cli_config_list(cli, NULL, "disable-rules", &off, err);
	S->disabled_cli = S->disabled.n;
	S->disabled_config = off;
	for (size_t i = 0; rc == CC_OK && off && i < off->nitems; i++)
		cc_strvec_push(&S->disabled, off->items[i]->value);
	for (size_t i = 0; rc == CC_OK && packs && i < packs->nitems; i++) {
		char *path = cc_cli_config_path(cli, packs->items[i]->value);
		rc = add_pack(S, path, err);
		free(path);
	}
	return rc;
}

/*
 * schema: refs: {URI prefix: directory}: remote $refs in values.schema.json
 * served from files the team vendors, since lint never fetches.
 */
static int load_config_schema(cc_cli *cli, lint_setup *S, cc_error *err)
{
	const cc_yaml_node *schema = NULL, *refs = NULL;
	int rc = cc_cli_config_get(cli, NULL, "schema", CC_YAML_MAP, "a mapping", &schema, err);
	if (rc == CC_OK && schema)
		rc = cc_cli_config_string_map(cli, schema, "refs", &refs, err);
	if (rc != CC_OK || !refs)
		return rc;
	S->maps = cc_calloc(refs->npairs, sizeof(*S->maps));
	for (size_t i = 0; i < refs->npairs; i++) {
		char *dir = cc_cli_config_path(cli, refs->pairs[i].value->value);
		if (!cc_path_is_dir(dir)) {
			const cc_yaml_node *v = refs->pairs[i].value;
			rc = cc_error_set(err, CC_ENOTFOUND, cc_yaml_doc_file(cli->config), v->line, v->col,
					  "schema refs: %s is not a directory", dir);
			free(dir);
			return rc;
		}
		cc_strvec_push_owned(&S->paths, dir);
		S->maps[i].prefix = refs->pairs[i].key->value;
		S->maps[i].dir = dir;
		S->schema.nmappings = i + 1;
	}
	S->schema.mappings = S->maps;
	return CC_OK;
}

/* 1 when id names a rule: one of chartci's own or of the loaded packs'. */
static int known_rule(const lint_setup *S, const char *id)
{
	if (cc_rule_lookup(id))
		return 1;
	for (size_t i = 0; i < S->npacks; i++)
		if (cc_rulepack_has(S->packs[i], id))
			return 1;
	return 0;
}

/* An id that names no rule is a typo that would leave the rule meant silently on. */
static int check_disabled(const cc_cli *cli, const lint_setup *S, cc_error *err)
{
	for (size_t i = 0; i < S->disabled.n; i++) {
		const char *id = S->disabled.v[i];
		if (known_rule(S, id))
			continue;
		if (i < S->disabled_cli)
			return cc_error_set(err, CC_EINVALID, NULL, 0, 0,
					    "--disable %s: no rule has this id (docs/rules.md lists chartci's)", id);
		const cc_yaml_node *n = S->disabled_config->items[i - S->disabled_cli];
		return cc_error_set(err, CC_EINVALID, cc_yaml_doc_file(cli->config), n->line, n->col,
				    "disable-rules: %s: no rule has this id (docs/rules.md lists chartci's)", id);
	}
	return CC_OK;
}

static int load_rules(cc_cli *cli, lint_setup *S, cc_error *err)
{
	S->disabled_cli = S->disabled.n;
	int rc = cli->config ? load_config_rules(cli, S, err) : CC_OK;
	if (rc == CC_OK)
		rc = load_config_schema(cli, S, err);
	for (size_t i = 0; rc == CC_OK && i < S->rule_files.n; i++)
		rc = add_pack(S, S->rule_files.v[i], err);
	if (rc == CC_OK)
		rc = check_disabled(cli, S, err);
	return rc;
}

static void lint_setup_free(lint_setup *S)
{
	for (size_t i = 0; i < S->npacks; i++)
		cc_rulepack_free(S->packs[i]);
	free(S->packs);
	cc_strvec_free(&S->exclude);
	cc_strvec_free(&S->rule_files);
	cc_strvec_free(&S->disabled);
	free(S->maps);
	cc_strvec_free(&S->paths);
}

static int parse(cc_cli *cli, int argc, char **argv, lint_setup *S, cc_strvec *charts,
		 cc_findings *fs)
{
	static const struct option longopts[] = {
		{ "exclude", required_argument, NULL, 'x' },
		{ "rules", required_argument, NULL, 'r' },
		{ "disable", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	int r = cc_cli_parse(cli, "lint", argc, argv, "x:r:d:", longopts, help, lint_opt, S);
	cc_error err;
	cc_error_clear(&err);
	if (r == -1 && load_rules(cli, S, &err) != CC_OK)
		r = cc_cli_env_error("lint", &err);
	if (r == -1 && cc_cli_targets(argc - optind, argv + optind, &S->exclude, charts, fs, &err) != CC_OK)
		r = cc_cli_env_error("lint", &err);
	return r;
}

/*
 * Charts are independent, so they are linted by a pool of workers, one
 * linter each (a linter is not shared between threads), each chart's
 * findings kept apart and merged in chart order: the output is the same
 * whatever the number of workers.
 */
typedef struct pool {
	const cc_strvec *charts;
	const cc_lint_opts *opts;
	cc_findings *per_chart;
	chart_name *names;
	size_t next;
	pthread_mutex_t mu;
} pool;

static void *worker(void *arg)
{
	pool *P = arg;
	cc_linter *linter = NULL;
	cc_error err;
	if (cc_linter_new(&linter, P->opts, &err) != CC_OK)
		return NULL; /* the other workers take the charts */
	for (;;) {
		pthread_mutex_lock(&P->mu);
		size_t i = P->next++;
		pthread_mutex_unlock(&P->mu);
		if (i >= P->charts->n)
			break;
		lint_one(linter, P->charts->v[i], &P->per_chart[i], &P->names[i]);
	}
	cc_linter_free(linter);
	return NULL;
}

static size_t workers_for(const cc_cli *cli, size_t charts)
{
	const char *jobs = cc_cli_setting(cli, "jobs", "CHARTCI_JOBS");
	long n = jobs ? atol(jobs) : sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (n > 64)
		n = 64;
	return (size_t)n < charts ? (size_t)n : charts;
}

static int lint_all(const cc_cli *cli, const cc_strvec *charts, const cc_lint_opts *o, cc_findings *fs)
{
	pool P = { charts, o, cc_calloc(charts->n ? charts->n : 1, sizeof(cc_findings)),
		   cc_calloc(charts->n ? charts->n : 1, sizeof(chart_name)), 0, PTHREAD_MUTEX_INITIALIZER };
	size_t n = workers_for(cli, charts->n), started = 0;
	pthread_t *t = cc_calloc(n ? n : 1, sizeof(*t));
	for (size_t i = 0; i < n; i++)
		if (pthread_create(&t[started], NULL, worker, &P) == 0)
			started++;
	if (started == 0 && charts->n > 0)
		worker(&P); /* no threads to be had: do it here */
	for (size_t i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	for (size_t i = 0; i < charts->n; i++)
		cc_findings_move(fs, &P.per_chart[i]);
	duplicate_names(charts, P.names, o->disabled, fs);
	for (size_t i = 0; i < charts->n; i++) {
		cc_findings_free(&P.per_chart[i]);
		free(P.names[i].name);
		free(P.names[i].file);
	}
	free(P.per_chart);
	free(P.names);
	free(t);
	pthread_mutex_destroy(&P.mu);
	return CC_OK;
}

int cc_cmd_lint(cc_cli *cli, int argc, char **argv)
{
	cc_findings fs = CC_FINDINGS_INIT;
	cc_strvec charts = CC_STRVEC_INIT;
	lint_setup S;
	memset(&S, 0, sizeof(S)); /* empty strvecs and no packs, maps or schema options */
	int r = parse(cli, argc, argv, &S, &charts, &fs);
	cc_lint_opts o = { 0, (const cc_rulepack *const *)S.packs, S.npacks, &S.disabled,
			   S.schema.nmappings ? &S.schema : NULL };
	if (r == -1) {
		lint_all(cli, &charts, &o, &fs);
		r = cc_cli_report(cli, &fs, charts.n);
	}
	lint_setup_free(&S);
	cc_findings_free(&fs);
	cc_strvec_free(&charts);
	return r;
}

int cc_cli_stage_lint(cc_cli *cli, const cc_strvec *charts, cc_findings *fs, cc_error *err)
{
	lint_setup S;
	memset(&S, 0, sizeof(S));
	int rc = load_rules(cli, &S, err);
	cc_lint_opts o = { 0, (const cc_rulepack *const *)S.packs, S.npacks, &S.disabled,
			   S.schema.nmappings ? &S.schema : NULL };
	if (rc == CC_OK)
		lint_all(cli, charts, &o, fs);
	lint_setup_free(&S);
	return rc;
}
