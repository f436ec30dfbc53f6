/*
 * `helm dependency build` for one chart, shared by `chartci deps build`
 * and `chartci package --deps-build`; see netopts.h.
 */
#include "cli/netopts.h"
#include "git/git.h"
#include "lock/lock.h"

#include <stdlib.h>
#include <string.h>

/* helm builds only from a lock in sync with Chart.yaml; the problems are findings. */
static int lock_usable(const cc_chart *c, const json_t *req, const char *rule, cc_findings *fs)
{
	cc_lock_problems p = CC_LOCK_PROBLEMS_INIT;
	cc_error err;
	int rc = cc_lock_check(c, req, &p, &err);
	for (size_t i = 0; rc == CC_OK && i < p.n; i++) {
		const cc_lock_problem *q = &p.v[i];
		cc_finding *f = cc_findings_add(fs, CC_SEV_ERROR, rule, q->file, q->line, q->col,
						"%s; nothing fetched", q->msg);
		cc_finding_set_chart(f, c->display);
		cc_finding_set_hint(f, "run chartci lock (or helm dependency update) and commit the lock");
	}
	if (rc != CC_OK)
		cc_finding_set_chart(cc_findings_add_error(fs, CC_SEV_ERROR, rule, &err), c->display);
	int ok = rc == CC_OK && p.n == 0;
	cc_lock_problems_free(&p);
	return ok;
}

static void print_built(FILE *out, const cc_chart *c, const cc_deps_built *b)
{
	if (!out)
		return;
	fprintf(out, "%s: saved %zu chart%s", c->display, b->saved.n, b->saved.n == 1 ? "" : "s");
	for (size_t i = 0; i < b->saved.n; i++)
		fprintf(out, "%s%s", i ? ", " : " (", b->saved.v[i]);
	fprintf(out, "%s", b->saved.n ? ")" : "");
	for (size_t i = 0; i < b->removed.n; i++)
		fprintf(out, "%s%s", i ? ", " : "; removed ", b->removed.v[i]);
	fprintf(out, "\n");
}

/*
 * The repository file:// dependencies must stay in: the git work tree
 * around the chart, else the one chartci runs in (or its directory), so a
 * chart cannot pull files from elsewhere on the machine into its archive.
 */
static char *repo_root(const cc_cli *cli, const char *chart_dir)
{
	cc_git *g = NULL;
	cc_error err;
	char *root = NULL;
	if (cc_git_open(chart_dir, &g, &err) == CC_OK && cc_git_workdir(g))
		root = cc_strdup(cc_git_workdir(g));
	cc_git_free(g);
	return root ? root : cc_strdup(cli->root);
}

static int fetch(const cc_cli *cli, const cc_cli_net *n, const cc_cli_deps *d, const char *rule, FILE *out,
		 cc_findings *fs)
{
	cc_lock *l = NULL;
	cc_error err;
	cc_deps_built b;
	memset(&b, 0, sizeof(b));
	char *root = repo_root(cli, d->chart->dir);
	cc_deps_build_opts o = { root, getenv("SOURCE_DATE_EPOCH") };
	int rc = cc_lock_read(d->chart, &l, &err);
	if (rc == CC_OK)
		rc = cc_deps_build(n->net, d->chart->dir, l->entries, l->n, &o, &b, &err);
	if (rc == CC_OK)
		print_built(out, d->chart, &b);
	else
		cc_cli_deps_error(d, b.failed, rule, &err, fs);
	cc_deps_built_free(&b);
	cc_lock_free(l);
	free(root);
	return rc;
}

int cc_cli_deps_build(const cc_cli *cli, const cc_cli_net *n, const char *path, const char *rule, FILE *out,
		      cc_findings *fs)
{
	cc_cli_deps d;
	int rc = cc_cli_deps_load(n, path, rule, fs, &d);
	if (rc == CC_OK && json_array_size(d.req) > 0)
		rc = lock_usable(d.chart, d.req, rule, fs) ? fetch(cli, n, &d, rule, out, fs) : CC_EINVALID;
	cc_cli_deps_free(&d);
	return rc;
}
