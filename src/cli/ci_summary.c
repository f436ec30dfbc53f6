/*
 * ci_summary: the job summary a run in GitHub Actions shows on its page,
 * and the step outputs later steps read (`steps.<id>.outputs.*`). Both
 * files are appended to, as GitHub expects several steps to write them.
 */
#include "cli/ci.h"
#include "changes/changes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *mark(int state)
{
	return state == CC_CI_PASSED ? "✅" : state == CC_CI_FAILED ? "❌" : "–";
}

static const char *level(int need)
{
	return need == CC_CHANGE_MAJOR ? "major" : need == CC_CHANGE_MINOR ? "minor" : need ? "patch" : "–";
}

static void row(cc_buf *b, const cc_ci_chart *c)
{
	cc_buf_printf(b, "| `%s` | %s | %s | %s → %s | %s | %s | ", c->path, mark(c->state[CC_CI_LINT]),
		      mark(c->state[CC_CI_LOCK]), c->v.released ? c->v.released : "(new)", c->v.now ? c->v.now : "?",
		      level(c->v.need), mark(c->state[CC_CI_VERSION]));
	for (size_t i = 0; i < c->published.n; i++)
		cc_buf_printf(b, "%s%s", i ? "<br>" : "", c->published.v[i]);
	cc_buf_printf(b, "%s |\n", c->published.n ? "" : c->archive ? "packaged" : "–");
}

static int append(const char *path, const cc_buf *b, cc_error *err)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return cc_error_sys(err, errno, path, "cannot open");
	size_t w = fwrite(b->ptr ? b->ptr : "", 1, b->len, f);
	int bad = fclose(f) != 0 || w != b->len;
	return bad ? cc_error_sys(err, errno, path, "cannot write") : CC_OK;
}

int cc_ci_write_summary(const cc_ci_run *r, const cc_findings *fs, const char *path, cc_error *err)
{
	cc_buf b = CC_BUF_INIT;
	size_t errors = cc_findings_count(fs, CC_SEV_ERROR), warnings = cc_findings_count(fs, CC_SEV_WARNING) - errors;
	cc_buf_printf(&b, "## chartci\n\n");
	if (r->n == 0) {
		cc_buf_printf(&b, "No chart changed since %s (%zu charts checked).\n", r->base ? r->base : "the base", r->nall);
	} else {
		cc_buf_printf(&b, "%zu of %zu charts changed since %s: %zu errors, %zu warnings%s%s.\n\n", r->n, r->nall,
			      r->base ? r->base : "the base", errors, warnings, r->stopped ? "; stopped at " : "",
			      r->stopped ? r->stopped : "");
		cc_buf_printf(&b, "| chart | lint | lock | version | bump needed | version rules | published |\n"
				  "|---|---|---|---|---|---|---|\n");
		for (size_t i = 0; i < r->n; i++)
			row(&b, &r->charts[i]);
	}
	if (!r->publishing && r->publish_why)
		cc_buf_printf(&b, "\nNot published: %s.\n", r->publish_why);
	cc_buf tags = CC_BUF_INIT;
	for (size_t i = 0; i < r->n; i++)
		if (r->charts[i].tag)
			cc_buf_printf(&tags, "%s`%s`", tags.len ? ", " : "", r->charts[i].tag);
	if (tags.len)
		cc_buf_printf(&b, "\nRelease tags on this commit: %s.\n", tags.ptr);
	cc_buf_free(&tags);
	int rc = append(path, &b, err);
	cc_buf_free(&b);
	return rc;
}

int cc_ci_write_outputs(const cc_ci_run *r, const char *path, cc_error *err)
{
	json_t *changed = json_array(), *published = json_array(), *tags = json_array();
	for (size_t i = 0; i < r->n; i++) {
		json_array_append_new(changed, json_string(r->charts[i].path));
		for (size_t j = 0; j < r->charts[i].published.n; j++)
			json_array_append_new(published, json_string(r->charts[i].published.v[j]));
		if (r->charts[i].tag)
			json_array_append_new(tags, json_string(r->charts[i].tag));
	}
	char *c = json_dumps(changed, JSON_COMPACT), *p = json_dumps(published, JSON_COMPACT);
	char *t = json_dumps(tags, JSON_COMPACT);
	cc_buf b = CC_BUF_INIT;
	cc_buf_printf(&b, "changed-charts=%s\npublished=%s\ntags=%s\n", c, p, t);
	int rc = append(path, &b, err);
	cc_buf_free(&b);
	free(c);
	free(p);
	free(t);
	json_decref(changed);
	json_decref(published);
	json_decref(tags);
	return rc;
}
