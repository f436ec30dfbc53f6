/*
 * package.c: the archive of a loaded chart, member by member in helm's
 * order (writeTarContents), and the file it is saved to.
 *
 * The chart module keeps where each file lives but, for charts that came
 * out of an archive (an archive in charts/, or a directory inside one), not its
 * bytes; those are read again here from the archive, one level at a time,
 * so nested archives are expanded the way helm expands them.
 */
#include "package/package_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archive/archive.h"
#include "lock/lock.h"

/* Where a chart's files are: on disk (ar NULL), or members of ar under base. */
typedef struct source {
	const cc_archive *ar;
	const char *base; /* "" or "charts/<sub>/..." below the archive's top directory */
} source;

typedef struct builder {
	const cc_package_opts *o;
	cc_buf tar;
	cc_strvec *names; /* listing only: member names, no bytes written */
	cc_error *err;
} builder;

/* A member of ar at `rel` below its top directory (helm strips the first segment); the last wins. */
static const cc_archive_entry *member(const cc_archive *ar, const char *rel)
{
	const cc_archive_entry *last = NULL;
	for (size_t i = 0; i < ar->n; i++) {
		const char *slash = strchr(ar->entries[i].name, '/');
		if (ar->entries[i].type != '5' && slash && !strcmp(slash + 1, rel))
			last = &ar->entries[i];
	}
	return last;
}

static int read_member(const source *s, const char *name, const char *shown, cc_buf *out, cc_error *err)
{
	char *rel = cc_asprintf("%s%s", s->base, name);
	const cc_archive_entry *e = member(s->ar, rel);
	free(rel);
	if (!e)
		return cc_error_set(err, CC_ENOTFOUND, shown, 0, 0, "archive member not found");
	cc_buf_clear(out);
	cc_buf_put(out, e->data, e->size);
	return 0;
}

static int read_file(const cc_chart *c, const source *s, const cc_chart_file *f, cc_buf *out, cc_error *err)
{
	if (f->path)
		return cc_file_read(f->path, CC_CHART_MAX_VALUES, out, err);
	char *shown = cc_chart_display_path(c, f->name);
	int rc = s->ar ? read_member(s, f->name, shown, out, err)
		       : cc_error_set(err, CC_ENOTFOUND, shown, 0, 0, "file contents not available");
	free(shown);
	return rc;
}

static void strip_bom(cc_buf *b)
{
	if (b->len >= 3 && !memcmp(b->ptr, "\xEF\xBB\xBF", 3)) {
		memmove(b->ptr, b->ptr + 3, b->len - 3 + 1);
		b->len -= 3;
	}
}

static int add_member(builder *b, const char *name, const cc_buf *data)
{
	if (b->names) {
		cc_strvec_push(b->names, name);
		return 0;
	}
	return cc_package_tar_add(&b->tar, name, data->ptr ? data->ptr : "", data->len, b->o->mtime, b->err);
}

/* The bytes helm writes for the chart's file i: Chart.yaml and Chart.lock re-serialised. */
static int file_bytes(builder *b, const cc_chart *c, const source *s, size_t i, const cc_package_opts *o,
		      cc_buf *out)
{
	const char *name = c->files[i].name;
	cc_buf_clear(out);
	if (i == 0 && !strcmp(name, "Chart.yaml"))
		return cc_package_chartfile(c, o, out, b->err);
	if (i == 1 && !strcmp(name, "Chart.lock"))
		return cc_package_lockfile(c, out, b->err);
	int rc = read_file(c, s, &c->files[i], out, b->err);
	if (rc == 0)
		strip_bom(out);
	return rc;
}

static int add_chart(builder *b, const cc_chart *c, const source *s, const char *prefix,
		     const cc_package_opts *o);

/* helm's name for the chart: metadata.name after sanitising. Caller frees. */
static char *chart_name(const cc_chart *c)
{
	const char *n = c->name ? c->name : "";
	return cc_lock_sanitize(n, strlen(n));
}

static int cmp_sub(const void *a, const void *b)
{
	const cc_chart *x = *(const cc_chart *const *)a, *y = *(const cc_chart *const *)b;
	int r = strcmp(x->name ? x->name : "", y->name ? y->name : "");
	return r ? r : strcmp(x->dir, y->dir);
}

/* The subchart's own source: a directory beside its parent's files, or an archive read here. */
static int sub_source(const cc_chart *parent, const source *ps, const cc_chart *sub, cc_archive **ar,
		      char **base, cc_error *err)
{
	char *leaf = cc_path_base(sub->dir);
	int rc = 0;
	*ar = NULL;
	*base = NULL;
	if (!sub->is_archive) {
		*base = ps->ar ? cc_asprintf("%scharts/%s/", ps->base, leaf) : cc_strdup("");
	} else {
		char *rel = cc_asprintf("charts/%s", leaf);
		cc_chart_file f = { rel, ps->ar ? NULL : sub->dir, 0 };
		cc_buf bytes = CC_BUF_INIT;
		rc = read_file(parent, ps, &f, &bytes, err);
		if (rc == 0)
			rc = cc_archive_read_tgz(ar, bytes.ptr, bytes.len, sub->display, NULL, err);
		*base = cc_strdup("");
		cc_buf_free(&bytes);
		free(rel);
	}
	free(leaf);
	return rc;
}

static int add_subchart(builder *b, const cc_chart *parent, const source *ps, const cc_chart *sub,
			const char *prefix)
{
	cc_archive *ar = NULL;
	char *base = NULL;
	int rc = sub_source(parent, ps, sub, &ar, &base, b->err);
	if (rc == 0) {
		source s = { ar ? ar : ps->ar, base };
		cc_package_opts so = { NULL, NULL, b->o->mtime };
		char *name = chart_name(sub);
		char *p = cc_asprintf("%scharts/%s/", prefix, name);
		rc = add_chart(b, sub, &s, p, &so);
		free(p);
		free(name);
	}
	free(base);
	cc_archive_free(ar);
	return rc;
}

static int add_chart(builder *b, const cc_chart *c, const source *s, const char *prefix,
		     const cc_package_opts *o)
{
	cc_buf data = CC_BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < c->nfiles && rc == 0; i++) {
		rc = file_bytes(b, c, s, i, o, &data);
		char *name = cc_asprintf("%s%s", prefix, c->files[i].name);
		if (rc == 0)
			rc = add_member(b, name, &data);
		free(name);
	}
	cc_buf_free(&data);
	const cc_chart **subs = cc_calloc(c->nsubcharts + 1, sizeof(*subs));
	for (size_t i = 0; i < c->nsubcharts; i++)
		subs[i] = c->subcharts[i];
	qsort(subs, c->nsubcharts, sizeof(*subs), cmp_sub); /* helm's order is Go's random map order */
	for (size_t i = 0; i < c->nsubcharts && rc == 0; i++)
		rc = add_subchart(b, c, s, subs[i], prefix);
	free(subs);
	return rc;
}

static int build(const cc_chart *c, const cc_package_opts *o, builder *b)
{
	if (c->is_archive)
		return cc_error_set(b->err, CC_EINVALID, c->dir, 0, 0, "packaging needs a chart directory, not an archive");
	char *name = chart_name(c);
	char *prefix = cc_asprintf("%s/", name);
	source s = { NULL, "" };
	int rc = add_chart(b, c, &s, prefix, o);
	free(prefix);
	free(name);
	return rc;
}

int cc_package_members(const cc_chart *c, const cc_package_opts *o, cc_strvec *out, cc_error *err)
{
	builder b = { o, CC_BUF_INIT, out, err };
	return build(c, o, &b);
}

int cc_package_write(const cc_chart *c, const cc_package_opts *o, cc_buf *tgz_out, cc_error *err)
{
	builder b = { o, CC_BUF_INIT, NULL, err };
	int rc = build(c, o, &b);
	if (rc == 0) {
		cc_package_tar_end(&b.tar);
		rc = cc_package_gzip(b.tar.ptr, b.tar.len, tgz_out, err);
	}
	cc_buf_free(&b.tar);
	return rc;
}

char *cc_package_file_name(const cc_chart *c, const cc_package_opts *o)
{
	char *name = chart_name(c);
	const char *v = o && o->version && *o->version ? o->version : c->version ? c->version : "";
	char *file = cc_asprintf("%s-%s.tgz", name, v);
	free(name);
	return file;
}

/* mkdir -p with helm's 0755. */
static int make_dirs(const char *dir, cc_error *err)
{
	char *p = cc_strdup(dir);
	int rc = 0;
	for (char *s = p + 1; rc == 0; s++) {
		int end = *s == '\0';
		if (*s != '/' && !end)
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			rc = cc_error_sys(err, errno, p, "cannot create directory");
		else if (!cc_path_is_dir(p))
			rc = cc_error_set(err, CC_EINVALID, p, 0, 0, "not a directory");
		if (end)
			break;
		*s = '/';
	}
	free(p);
	return rc;
}

int cc_package_save(const cc_chart *c, const cc_package_opts *o, const char *dir, char **path_out,
		    cc_error *err)
{
	cc_buf tgz = CC_BUF_INIT;
	int rc = cc_package_write(c, o, &tgz, err);
	if (rc == 0 && *dir)
		rc = make_dirs(dir, err);
	char *file = cc_package_file_name(c, o);
	char *path = cc_path_join(dir, file);
	if (rc == 0) {
		cc_part part = { tgz.ptr, tgz.len };
		rc = cc_file_write_parts(path, &part, 1, 0644, 1, err);
	}
	if (rc == 0 && path_out)
		*path_out = path;
	else
		free(path);
	free(file);
	cc_buf_free(&tgz);
	return rc;
}
