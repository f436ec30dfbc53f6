/*
 * collect: the files of a chart directory, in the order and with the
 * filtering of helm's LoadDir (sympath.Walk + .helmignore).
 *
 * helm follows symlinks wherever they point; a chart under review can then
 * read /etc/passwd into a package. Here a symlink is followed only while its
 * target stays inside the chart, and a directory link back into its own
 * ancestry (a loop) is refused; both are findings, not silent skips.
 */
#include "chart/chart_int.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define COLLECT_MAX_DEPTH 128

typedef struct walker {
	cc_chart *c;
	const cc_ignore *ig;
	size_t max_file;
	char *root_real;       /* realpath of the chart directory */
	cc_strvec stack;       /* realpaths of directories being walked */
	cc_clist *out;
} walker;

void cc_clist_add(cc_clist *l, const char *name, const char *path,
		  const unsigned char *data, size_t size)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = cc_realloc(l->v, l->cap * sizeof(*l->v));
	}
	cc_centry *e = &l->v[l->n++];
	e->name = cc_strdup(name);
	e->path = path ? cc_strdup(path) : NULL;
	e->data = NULL;
	if (data) {
		e->data = cc_malloc(size + 1);
		memcpy(e->data, data, size);
		e->data[size] = '\0';
	}
	e->size = size;
}

void cc_clist_free(cc_clist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].path);
		free(l->v[i].data);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int within(const char *root, const char *path)
{
	size_t n = strlen(root);
	return strncmp(root, path, n) == 0 && (path[n] == '/' || path[n] == '\0' ||
					       (n == 1 && root[0] == '/'));
}

static void finding(walker *w, const char *rule, const char *rel, const char *fmt, const char *arg)
{
	char *shown = cc_chart_display_path(w->c, rel);
	cc_finding *f = cc_findings_add(&w->c->findings, CC_SEV_ERROR, rule, shown, 0, 0, fmt, arg);
	cc_finding_set_chart(f, w->c->display);
	free(shown);
}

static int cmp_names(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int skip_dot(const struct dirent *d)
{
	return strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0;
}

int cc_chart_list_dir(const char *dir, struct dirent ***names)
{
	return scandir(dir, names, skip_dot, cmp_names);
}

static int walk_dir(walker *w, const char *abs, const char *rel, int depth, cc_error *err);

/* Resolves a symlink; 0 and *st filled if it stays in the chart. */
static int follow_link(walker *w, const char *abs, const char *rel, struct stat *st, char **real)
{
	*real = realpath(abs, NULL);
	if (!*real || stat(*real, st) != 0) {
		if (!cc_ignore_match(w->ig, rel, 0))
			finding(w, "chart/unsafe-path", rel, "%s", "broken symlink: its target does not exist");
		free(*real);
		*real = NULL;
		return -1;
	}
	if (!within(w->root_real, *real)) {
		if (!cc_ignore_match(w->ig, rel, S_ISDIR(st->st_mode)))
			finding(w, "chart/unsafe-path", rel,
				"symlink points outside the chart (to %s); it is not packaged", *real);
		free(*real);
		*real = NULL;
		return -1;
	}
	return 0;
}

static int visit(walker *w, const char *abs, const char *rel, int depth, cc_error *err)
{
	struct stat st;
	char *real = NULL;
	if (lstat(abs, &st) != 0)
		return cc_error_sys(err, errno, abs, "cannot stat");
	if (S_ISLNK(st.st_mode) && follow_link(w, abs, rel, &st, &real) != 0)
		return CC_OK;
	int rc = CC_OK;
	if (S_ISDIR(st.st_mode)) {
		if (!cc_ignore_match(w->ig, rel, 1))
			rc = walk_dir(w, real ? real : abs, rel, depth + 1, err);
	} else if (cc_ignore_match(w->ig, rel, 0)) {
		/* ignored: nothing to do */
	} else if (!S_ISREG(st.st_mode)) {
		finding(w, "chart/unsafe-path", rel, "%s",
			"is not a regular file (device, socket or FIFO); helm refuses to load it");
	} else if ((size_t)st.st_size > w->max_file) {
		char size[64];
		snprintf(size, sizeof(size), "%lld", (long long)st.st_size);
		char *shown = cc_chart_display_path(w->c, rel);
		cc_finding *f = cc_findings_add(&w->c->findings, CC_SEV_ERROR, "chart/file-too-large",
						shown, 0, 0,
						"file is %s bytes, over helm's limit of %zu bytes per chart file",
						size, w->max_file);
		cc_finding_set_chart(f, w->c->display);
		free(shown);
		/* listed so the chart's file list is whole; the loader does not parse it */
		cc_clist_add(w->out, rel, real ? real : abs, NULL, (size_t)st.st_size);
	} else {
		cc_clist_add(w->out, rel, real ? real : abs, NULL, (size_t)st.st_size);
	}
	free(real);
	return rc;
}

static int walk_dir(walker *w, const char *abs, const char *rel, int depth, cc_error *err)
{
	char *real = realpath(abs, NULL);
	if (!real)
		return cc_error_sys(err, errno, abs, "cannot resolve");
	if (depth > COLLECT_MAX_DEPTH || cc_strvec_contains(&w->stack, real)) {
		finding(w, "chart/unsafe-path", rel ? rel : ".", "%s",
			depth > COLLECT_MAX_DEPTH ? "directories nest too deep"
						  : "symlink loop: the directory links back to itself");
		free(real);
		return CC_OK;
	}
	cc_strvec_push_owned(&w->stack, real);
	struct dirent **names = NULL;
	int n = cc_chart_list_dir(abs, &names);
	int rc = CC_OK;
	if (n < 0)
		rc = cc_error_sys(err, errno, abs, "cannot list directory");
	for (int i = 0; i < n; i++) {
		if (rc == CC_OK) {
			char *cabs = cc_path_join(abs, names[i]->d_name);
			char *crel = rel ? cc_path_join(rel, names[i]->d_name) : cc_strdup(names[i]->d_name);
			rc = visit(w, cabs, crel, depth, err);
			free(cabs);
			free(crel);
		}
		free(names[i]);
	}
	free(names);
	free(w->stack.v[--w->stack.n]);
	return rc;
}

int cc_chart_collect_dir(cc_chart *c, const char *dir, const cc_ignore *ig,
			 size_t max_file, cc_clist *out, cc_error *err)
{
	walker w = { c, ig, max_file, NULL, CC_STRVEC_INIT, out };
	w.root_real = realpath(dir, NULL);
	if (!w.root_real)
		return cc_error_sys(err, errno, dir, "cannot resolve chart directory");
	int rc = walk_dir(&w, w.root_real, NULL, 0, err);
	free(w.root_real);
	cc_strvec_free(&w.stack);
	return rc;
}
