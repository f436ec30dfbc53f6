/*
 * load: a chart directory or archive -> cc_chart, as helm's loader sees it
 * (pkg/chart/v2/loader: LoadDir, LoadArchive, LoadFiles).
 *
 * Files are collected first (collect.c for directories, the archive reader
 * for .tgz), then classified the way LoadFiles does: Chart.yaml, Chart.lock,
 * values.yaml, values.schema.json, requirements.yaml/.lock, templates/,
 * charts/ (grouped into subcharts by first path segment; .prov files stay
 * with the parent) and everything else. Only the files a check needs are
 * read; the rest are listed by name and size.
 */
#include "chart/chart_int.h"
#include "archive/archive.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct loadctx {
	cc_chart *c;
	const cc_chart_opts *opts;
	cc_clist *files;
} loadctx;

cc_chart *cc_chart_new(const char *dir, const char *display)
{
	cc_chart *c = cc_calloc(1, sizeof(*c));
	c->dir = cc_strdup(dir);
	c->display = cc_strdup(display ? display : dir);
	return c;
}

char *cc_chart_display_path(const cc_chart *c, const char *rel)
{
	if (!c->display[0] || strcmp(c->display, ".") == 0)
		return cc_strdup(rel);
	return cc_path_join(c->display, rel);
}

static size_t opt_max_file(const cc_chart_opts *o)
{
	return o && o->max_file ? o->max_file : CC_CHART_MAX_FILE;
}

static size_t opt_max_values(const cc_chart_opts *o)
{
	return o && o->max_values ? o->max_values : CC_CHART_MAX_VALUES;
}

static void add_err(cc_chart *c, const char *rule, const cc_error *e)
{
	cc_finding *f = cc_findings_add_error(&c->findings, CC_SEV_ERROR, rule, e);
	cc_finding_set_chart(f, c->display);
}

/* Reads an entry's bytes: from memory for archive members, from disk otherwise. */
static int entry_bytes(const cc_centry *e, const char *shown, size_t max, cc_buf *out, cc_error *err)
{
	if (!e->path) {
		if (e->size > max)
			return cc_error_set(err, CC_ELIMIT, shown, 0, 0,
					    "file is %zu bytes, larger than the limit of %zu bytes", e->size, max);
		cc_buf_clear(out);
		cc_buf_put(out, e->data, e->size);
		return CC_OK;
	}
	int rc = cc_file_read(e->path, max, out, err);
	if (rc != CC_OK)
		snprintf(err->file, sizeof(err->file), "%s", shown);
	return rc;
}

static void add_notes(cc_chart *c, const cc_yaml_doc *doc, const char *shown)
{
	for (size_t i = 0; i < cc_yaml_doc_nnotes(doc); i++) {
		const cc_yaml_note *n = cc_yaml_doc_note(doc, i);
		cc_finding *f = cc_findings_add(&c->findings, CC_SEV_WARNING, "yaml/duplicate-key", shown,
						n->line, n->col, "%s", n->msg);
		cc_finding_set_chart(f, c->display);
	}
}

/* Loads a YAML entry; every problem becomes a finding. NULL if it did not load. */
static cc_yaml_doc *load_yaml(cc_chart *c, const cc_centry *e, size_t max)
{
	char *shown = cc_chart_display_path(c, e->name);
	cc_buf b = CC_BUF_INIT;
	cc_error err;
	cc_error_clear(&err);
	cc_yaml_doc *doc = NULL;
	int rc = entry_bytes(e, shown, max, &b, &err);
	if (rc == CC_ELIMIT && e->path && e->size > max) {
		/* listed as chart/file-too-large with the chart's files; not parsed, so memory stays bounded */
	} else if (rc != CC_OK) {
		add_err(c, rc == CC_ELIMIT ? "chart/file-too-large" : "chart/file-unreadable", &err);
	} else if ((rc = cc_yaml_load(&doc, b.ptr, b.len, shown, NULL, &err)) != CC_OK) {
		add_err(c, rc == CC_ELIMIT ? "yaml/limit" : "yaml/syntax", &err);
		doc = NULL;
	} else {
		add_notes(c, doc, shown);
	}
	cc_buf_free(&b);
	free(shown);
	return doc;
}

static void load_schema(cc_chart *c, const cc_centry *e, size_t max)
{
	char *shown = cc_chart_display_path(c, e->name);
	cc_buf b = CC_BUF_INIT;
	cc_error err;
	cc_error_clear(&err);
	int rc = entry_bytes(e, shown, max, &b, &err);
	if (rc == CC_ELIMIT && e->path && e->size > max) {
		/* listed as chart/file-too-large with the chart's files */
	} else if (rc != CC_OK) {
		add_err(c, rc == CC_ELIMIT ? "chart/file-too-large" : "chart/file-unreadable", &err);
	} else {
		/* helm strips a UTF-8 BOM from every file it loads */
		size_t skip = b.len >= 3 && memcmp(b.ptr, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		json_error_t je;
		c->schema = json_loadb(b.ptr + skip, b.len - skip, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
		if (!c->schema) {
			cc_finding *f = cc_findings_add(&c->findings, CC_SEV_ERROR, "schema/json-syntax", shown,
							je.line > 0 ? je.line : 0, je.column > 0 ? je.column : 0,
							"not valid JSON: %s", je.text);
			cc_finding_set_chart(f, c->display);
		}
	}
	cc_buf_free(&b);
	free(shown);
}

static void check_values_mapping(cc_chart *c, const cc_centry *e)
{
	cc_yaml_node *root = cc_yaml_doc_root(c->values);
	if (!root || root->kind == CC_YAML_MAP || cc_yaml_is_null(root))
		return;
	char *shown = cc_chart_display_path(c, e->name);
	cc_finding *f = cc_findings_add(&c->findings, CC_SEV_ERROR, "values/not-mapping", shown,
					root->line, root->col,
					"values must be a mapping of keys to values, but this is a %s",
					cc_yaml_type_name(root));
	cc_finding_set_chart(f, c->display);
	free(shown);
}

static void add_file(cc_chart *c, const cc_centry *e)
{
	c->files = cc_realloc(c->files, (c->nfiles + 1) * sizeof(*c->files));
	cc_chart_file *f = &c->files[c->nfiles++];
	f->name = cc_strdup(e->name);
	f->path = e->path ? cc_strdup(e->path) : NULL;
	f->size = e->size;
}

static int is_v1(const cc_chart *c)
{
	return c->api_version && strcmp(c->api_version, "v1") == 0;
}

static int is_v2(const cc_chart *c)
{
	return c->api_version && strcmp(c->api_version, "v2") == 0;
}

static const cc_centry *find_entry(const cc_clist *l, const char *name)
{
	const cc_centry *last = NULL;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			last = &l->v[i];
	return last;
}

static int has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);
	const char *slash = strrchr(name, '/');
	const char *base = slash ? slash + 1 : name;
	const char *dot = strrchr(base, '.');
	return n >= e && dot && strcmp(dot, ext) == 0;
}

typedef struct group {
	char *name;
	cc_clist files;
} group;

typedef struct groups {
	group *v;
	size_t n;
} groups;

static cc_clist *group_for(groups *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->v[i].name, name) == 0)
			return &g->v[i].files;
	g->v = cc_realloc(g->v, (g->n + 1) * sizeof(*g->v));
	g->v[g->n].name = cc_strdup(name);
	memset(&g->v[g->n].files, 0, sizeof(cc_clist));
	return &g->v[g->n++].files;
}

static int cmp_group(const void *a, const void *b)
{
	return strcmp(((const group *)a)->name, ((const group *)b)->name);
}

static void groups_free(groups *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->v[i].name);
		cc_clist_free(&g->v[i].files);
	}
	free(g->v);
}

/* Moves an entry to another list under a new name, keeping path or bytes. */
static void move_entry(cc_clist *to, cc_centry *e, const char *name)
{
	cc_clist_add(to, name, e->path, NULL, e->size);
	cc_centry *n = &to->v[to->n - 1];
	n->data = e->data;
	e->data = NULL;
}

static void attach_subchart(cc_chart *c, cc_chart *sub)
{
	c->subcharts = cc_realloc(c->subcharts, (c->nsubcharts + 1) * sizeof(*c->subcharts));
	c->subcharts[c->nsubcharts++] = sub;
	cc_findings_move(&c->findings, &sub->findings);
}

static void subchart_problem(cc_chart *c, const char *name, const char *msg)
{
	char *rel = cc_asprintf("charts/%s", name);
	char *shown = cc_chart_display_path(c, rel);
	cc_finding *f = cc_findings_add(&c->findings, CC_SEV_ERROR, "chart/subchart-invalid", shown, 0, 0,
					"subchart %s cannot be loaded: %s", name, msg);
	cc_finding_set_chart(f, c->display);
	free(shown);
	free(rel);
}

static cc_chart *load_from_archive_bytes(const char *path, const char *display, const void *data,
					 size_t len, const cc_chart_opts *opts, cc_error *err);

static void load_subchart_archive(cc_chart *c, group *g, const cc_chart_opts *opts)
{
	cc_centry *e = &g->files.v[0];
	if (strcmp(e->name, g->name) != 0) {
		subchart_problem(c, g->name, "a directory named like an archive");
		return;
	}
	char *rel = cc_asprintf("charts/%s", g->name);
	char *shown = cc_chart_display_path(c, rel);
	cc_buf b = CC_BUF_INIT;
	cc_error err;
	cc_error_clear(&err);
	cc_chart *sub = NULL;
	if (entry_bytes(e, shown, opt_max_file(opts), &b, &err) == CC_OK)
		sub = load_from_archive_bytes(e->path ? e->path : shown, shown, b.ptr, b.len, opts, &err);
	if (sub)
		attach_subchart(c, sub);
	else
		add_err(c, "chart/archive-invalid", &err);
	cc_buf_free(&b);
	free(shown);
	free(rel);
}

static void load_subchart_dir(cc_chart *c, group *g, const cc_chart_opts *opts)
{
	cc_clist files = { 0 };
	for (size_t i = 0; i < g->files.n; i++) {
		const char *slash = strchr(g->files.v[i].name, '/');
		if (slash)
			move_entry(&files, &g->files.v[i], slash + 1);
	}
	char *rel = cc_asprintf("charts/%s", g->name);
	char *shown = cc_chart_display_path(c, rel);
	char *dir = cc_path_join(c->dir, rel);
	cc_chart *sub = cc_chart_new(dir, shown);
	cc_chart_from_files(sub, &files, opts);
	if (!sub->chartfile && !find_entry(&files, "Chart.yaml")) {
		subchart_problem(c, g->name, "it has no Chart.yaml");
		cc_chart_free(sub);
	} else {
		attach_subchart(c, sub);
	}
	cc_clist_free(&files);
	free(dir);
	free(shown);
	free(rel);
}

static void load_subcharts(cc_chart *c, groups *g, const cc_chart_opts *opts)
{
	if (g->n > 1)
		qsort(g->v, g->n, sizeof(*g->v), cmp_group);
	for (size_t i = 0; i < g->n; i++) {
		const char *n = g->v[i].name;
		if (n[0] == '_' || n[0] == '.')
			continue; /* helm skips these silently */
		if (has_ext(n, ".tgz"))
			load_subchart_archive(c, &g->v[i], opts);
		else
			load_subchart_dir(c, &g->v[i], opts);
	}
}

static void load_chartfile(cc_chart *c, const cc_clist *files, const cc_chart_opts *opts)
{
	const cc_centry *e = find_entry(files, "Chart.yaml");
	if (!e)
		return;
	c->chartfile = load_yaml(c, e, opt_max_file(opts));
	char *shown = cc_chart_display_path(c, "Chart.yaml");
	if (c->chartfile)
		cc_chart_check_meta(c, shown);
	else
		c->api_version = cc_strdup("v1");
	free(shown);
}

/* The special files, each taking the last entry of its name as helm's map-free pass does. */
static void load_specials(cc_chart *c, const cc_clist *files, const cc_chart_opts *opts)
{
	const cc_centry *lock = NULL, *values = NULL, *schema = NULL;
	for (size_t i = 0; i < files->n; i++) {
		const cc_centry *e = &files->v[i];
		if (strcmp(e->name, "Chart.lock") == 0 || strcmp(e->name, "requirements.lock") == 0)
			lock = e;
		else if (strcmp(e->name, "values.yaml") == 0)
			values = e;
		else if (strcmp(e->name, "values.schema.json") == 0)
			schema = e;
		else if (strcmp(e->name, "requirements.yaml") == 0 && !c->requirements)
			c->requirements = load_yaml(c, e, opt_max_file(opts));
	}
	if (lock)
		c->lock = load_yaml(c, lock, opt_max_file(opts));
	if (values) {
		c->values = load_yaml(c, values, opt_max_values(opts));
		check_values_mapping(c, values);
	}
	if (schema)
		load_schema(c, schema, opt_max_file(opts));
	/* package order: Chart.yaml, Chart.lock (v2 only), values.yaml, values.schema.json */
	cc_centry chartfile = { "Chart.yaml", NULL, NULL, 0 };
	const cc_centry *cf = find_entry(files, "Chart.yaml");
	add_file(c, cf ? cf : &chartfile);
	if (lock && is_v2(c)) {
		cc_centry l = *lock;
		l.name = "Chart.lock";
		add_file(c, &l);
	}
	if (values)
		add_file(c, values);
	if (schema)
		add_file(c, schema);
}

/* Whether LoadFiles puts this entry in c.Files (the "everything else" class). */
static int is_plain_file(const cc_chart *c, const char *n)
{
	if (!strcmp(n, "Chart.yaml") || !strcmp(n, "Chart.lock") || !strcmp(n, "values.yaml") ||
	    !strcmp(n, "values.schema.json"))
		return 0;
	if (!strcmp(n, "requirements.yaml") || !strcmp(n, "requirements.lock"))
		return is_v1(c);
	if (!strncmp(n, "templates/", 10))
		return 0;
	if (!strncmp(n, "charts/", 7))
		return has_ext(n, ".prov");
	return 1;
}

void cc_chart_from_files(cc_chart *c, cc_clist *files, const cc_chart_opts *opts)
{
	load_chartfile(c, files, opts);
	load_specials(c, files, opts);
	groups g = { NULL, 0 };
	for (size_t i = 0; i < files->n; i++)
		if (!strncmp(files->v[i].name, "templates/", 10))
			add_file(c, &files->v[i]);
	for (size_t i = 0; i < files->n; i++) {
		cc_centry *e = &files->v[i];
		if (is_plain_file(c, e->name)) {
			add_file(c, e);
		} else if (!strncmp(e->name, "charts/", 7) && !has_ext(e->name, ".prov")) {
			const char *rest = e->name + 7;
			const char *slash = strchr(rest, '/');
			char *gname = slash ? cc_strndup(rest, (size_t)(slash - rest)) : cc_strdup(rest);
			move_entry(group_for(&g, gname), e, rest);
			free(gname);
		}
	}
	if (!(opts && opts->no_subcharts))
		load_subcharts(c, &g, opts);
	groups_free(&g);
}

static void missing_chartfile(cc_chart *c)
{
	char *shown = cc_chart_display_path(c, "Chart.yaml");
	cc_finding *f = cc_findings_add(&c->findings, CC_SEV_ERROR, "chart/file-missing", shown, 0, 0,
					"%s", "Chart.yaml is missing, so this is not a chart helm can load");
	cc_finding_set_chart(f, c->display);
	free(shown);
}

static cc_chart *load_from_archive_bytes(const char *path, const char *display, const void *data,
					 size_t len, const cc_chart_opts *opts, cc_error *err)
{
	cc_archive *ar = NULL;
	if (cc_archive_read_tgz(&ar, data, len, display, NULL, err) != CC_OK)
		return NULL;
	cc_clist files = { 0 };
	for (size_t i = 0; i < ar->n; i++) {
		const cc_archive_entry *e = &ar->entries[i];
		const char *slash = strchr(e->name, '/');
		if (e->type == '5' || !slash)
			continue; /* helm drops directories and members outside the top directory */
		cc_clist_add(&files, slash + 1, NULL, e->data, e->size);
	}
	cc_archive_free(ar);
	cc_chart *c = cc_chart_new(path, display);
	c->is_archive = 1;
	if (!find_entry(&files, "Chart.yaml"))
		missing_chartfile(c);
	cc_chart_from_files(c, &files, opts);
	cc_clist_free(&files);
	return c;
}

static cc_ignore *load_ignore(cc_chart *c, const char *dir)
{
	char *path = cc_path_join(dir, ".helmignore");
	cc_ignore *ig = NULL;
	struct stat st;
	if (stat(path, &st) == 0) {
		char *shown = cc_chart_display_path(c, ".helmignore");
		cc_buf b = CC_BUF_INIT;
		cc_error err;
		cc_error_clear(&err);
		int rc = cc_file_read(path, CC_CHART_MAX_FILE, &b, &err);
		if (rc == CC_OK)
			rc = cc_ignore_parse(&ig, b.ptr, b.len, shown, &err);
		if (rc != CC_OK) {
			snprintf(err.file, sizeof(err.file), "%s", shown);
			add_err(c, rc == CC_EINVALID ? "chart/helmignore-invalid" : "chart/file-unreadable", &err);
			ig = NULL;
		}
		cc_buf_free(&b);
		free(shown);
	}
	free(path);
	if (!ig)
		ig = cc_ignore_new();
	cc_ignore_add_defaults(ig);
	return ig;
}

static int load_dir(cc_chart **out, const char *dir, const char *display, const cc_chart_opts *opts,
		    cc_error *err)
{
	cc_chart *c = cc_chart_new(dir, display);
	c->ignore = load_ignore(c, dir);
	cc_clist files = { 0 };
	int rc = cc_chart_collect_dir(c, dir, c->ignore, opt_max_file(opts), &files, err);
	if (rc != CC_OK) {
		cc_clist_free(&files);
		cc_chart_free(c);
		return rc;
	}
	if (!find_entry(&files, "Chart.yaml")) {
		char *cf = cc_path_join(dir, "Chart.yaml");
		if (cc_path_is_dir(cf)) {
			char *shown = cc_chart_display_path(c, "Chart.yaml");
			cc_finding *f = cc_findings_add(&c->findings, CC_SEV_ERROR, "chart/file-unreadable",
							shown, 0, 0, "%s", "Chart.yaml is a directory, not a file");
			cc_finding_set_chart(f, c->display);
			free(shown);
		} else {
			missing_chartfile(c);
		}
		free(cf);
	}
	cc_chart_from_files(c, &files, opts);
	cc_clist_free(&files);
	*out = c;
	return CC_OK;
}

int cc_chart_load(cc_chart **out, const char *path, const char *display, const cc_chart_opts *opts,
		  cc_error *err)
{
	*out = NULL;
	struct stat st;
	if (stat(path, &st) != 0)
		return cc_error_sys(err, errno, path, "cannot open chart");
	if (S_ISDIR(st.st_mode))
		return load_dir(out, path, display, opts, err);
	if (!has_ext(path, ".tgz") && !has_ext(path, ".gz"))
		return cc_error_set(err, CC_EINVALID, path, 0, 0,
				    "not a chart: expected a directory or a .tgz archive");
	cc_buf b = CC_BUF_INIT;
	int rc = cc_file_read(path, CC_ARCHIVE_MAX_TOTAL, &b, err);
	if (rc == CC_OK) {
		*out = load_from_archive_bytes(path, display ? display : path, b.ptr, b.len, opts, err);
		rc = *out ? CC_OK : err->code;
	}
	cc_buf_free(&b);
	return rc;
}

static void package_list(const cc_chart *c, const char *prefix, cc_strvec *out)
{
	for (size_t i = 0; i < c->nfiles; i++)
		cc_strvec_push_owned(out, cc_asprintf("%s%s", prefix, c->files[i].name));
	for (size_t i = 0; i < c->nsubcharts; i++) {
		const cc_chart *s = c->subcharts[i];
		char *base = cc_path_base(s->dir);
		const char *name = s->name && *s->name ? s->name : base;
		char *p = cc_asprintf("%scharts/%s/", prefix, name);
		package_list(s, p, out);
		free(p);
		free(base);
	}
}

void cc_chart_package_list(const cc_chart *c, cc_strvec *out)
{
	package_list(c, "", out);
}

void cc_chart_free(cc_chart *c)
{
	if (!c)
		return;
	free(c->dir);
	free(c->display);
	cc_yaml_doc_free(c->chartfile);
	free(c->api_version);
	free(c->name);
	free(c->version);
	free(c->type);
	cc_yaml_doc_free(c->values);
	json_decref(c->schema);
	cc_yaml_doc_free(c->lock);
	cc_yaml_doc_free(c->requirements);
	cc_ignore_free(c->ignore);
	for (size_t i = 0; i < c->nfiles; i++) {
		free(c->files[i].name);
		free(c->files[i].path);
	}
	free(c->files);
	for (size_t i = 0; i < c->nsubcharts; i++)
		cc_chart_free(c->subcharts[i]);
	free(c->subcharts);
	cc_findings_free(&c->findings);
	free(c);
}
