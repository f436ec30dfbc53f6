/*
 * walk: every chart in a checkout, at any depth.
 *
 * A chart is a directory holding a Chart.yaml. Inside a chart the walk goes
 * on (charts may nest, e.g. examples or test fixtures), except into the
 * chart's own charts/ (those are its subcharts, packaged with it, not charts
 * of their own) and into what its .helmignore ignores. .git is never
 * entered and directory symlinks are not followed, so a link loop or a link
 * out of the checkout cannot make the walk escape or spin.
 */
#include "chart/chart_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define WALK_MAX_DEPTH 256

typedef struct walkctx {
	const cc_walk_opts *opts;
	cc_strvec *out;
} walkctx;

/* The nearest enclosing chart, whose .helmignore applies below it. */
typedef struct scope {
	const char *chart_rel;  /* chart dir relative to the root ("" for root) */
	const cc_ignore *ig;
} scope;

static int excluded(const walkctx *w, const char *rel)
{
	if (!w->opts || !w->opts->exclude)
		return 0;
	for (size_t i = 0; i < w->opts->exclude->n; i++)
		if (cc_glob_match(w->opts->exclude->v[i], rel) == 1)
			return 1;
	return 0;
}

/* rel relative to the enclosing chart, for its .helmignore. */
static const char *in_chart(const scope *s, const char *rel)
{
	size_t n = strlen(s->chart_rel);
	if (n == 0)
		return rel;
	return rel + n + 1;
}

static cc_ignore *read_ignore(const char *dir)
{
	char *path = cc_path_join(dir, ".helmignore");
	cc_buf b = CC_BUF_INIT;
	cc_error err;
	cc_ignore *ig = NULL;
	/* a broken .helmignore is reported by the chart loader; here it just ignores nothing */
	if (cc_file_read(path, CC_CHART_MAX_FILE, &b, &err) != CC_OK ||
	    cc_ignore_parse(&ig, b.ptr, b.len, path, &err) != CC_OK)
		ig = cc_ignore_new();
	cc_ignore_add_defaults(ig);
	cc_buf_free(&b);
	free(path);
	return ig;
}

static int walk(walkctx *w, const char *abs, const char *rel, const scope *outer, int depth, cc_error *err);

static int is_chart_dir(const char *abs)
{
	char *cf = cc_path_join(abs, "Chart.yaml");
	int yes = cc_path_exists(cf);
	free(cf);
	return yes;
}

static int descend(walkctx *w, const char *abs, const char *rel, const struct dirent *d,
		   const scope *s, int here_is_chart, int depth, cc_error *err)
{
	char *cabs = cc_path_join(abs, d->d_name);
	char *crel = *rel ? cc_path_join(rel, d->d_name) : cc_strdup(d->d_name);
	struct stat st;
	int rc = CC_OK;
	int skip = lstat(cabs, &st) != 0 || !S_ISDIR(st.st_mode) || strcmp(d->d_name, ".git") == 0 ||
		   (here_is_chart && strcmp(d->d_name, "charts") == 0) || excluded(w, crel) ||
		   (s->ig && cc_ignore_match(s->ig, in_chart(s, crel), 1));
	if (!skip)
		rc = walk(w, cabs, crel, s, depth + 1, err);
	free(cabs);
	free(crel);
	return rc;
}

static int walk(walkctx *w, const char *abs, const char *rel, const scope *outer, int depth, cc_error *err)
{
	if (depth > WALK_MAX_DEPTH)
		return cc_error_set(err, CC_ELIMIT, abs, 0, 0,
				    "directories nest deeper than %d levels", WALK_MAX_DEPTH);
	int chart = is_chart_dir(abs);
	scope s = *outer;
	cc_ignore *own = NULL;
	if (chart) {
		cc_strvec_push(w->out, *rel ? rel : ".");
		own = read_ignore(abs);
		s.chart_rel = rel;
		s.ig = own;
	}
	struct dirent **names = NULL;
	int n = cc_chart_list_dir(abs, &names);
	int rc = n < 0 ? cc_error_sys(err, errno, abs, "cannot list directory") : CC_OK;
	for (int i = 0; i < n; i++) {
		if (rc == CC_OK)
			rc = descend(w, abs, rel, names[i], &s, chart, depth, err);
		free(names[i]);
	}
	free(names);
	cc_ignore_free(own);
	return rc;
}

int cc_walk(const char *root, const cc_walk_opts *opts, cc_strvec *out, cc_error *err)
{
	if (!cc_path_is_dir(root))
		return cc_error_set(err, CC_ENOTFOUND, root, 0, 0, "not a directory");
	walkctx w = { opts, out };
	scope top = { "", NULL };
	int rc = walk(&w, root, "", &top, 0, err);
	cc_strvec_sort(out);
	return rc;
}
