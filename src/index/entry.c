/*
 * entry.c: one chart version of an index, as helm's ChartVersion (the
 * embedded chart Metadata plus urls, created, removed, digest and the
 * deprecated checksum/engine/tillerVersion/url), then helm's
 * Metadata.Validate, whose failures drop the entry rather than the index.
 *
 * Fields reached through the embedded *Metadata get no number-to-string
 * coercion from sigs.k8s.io/yaml (it looks only one struct level down), so
 * `appVersion: 1.0` makes helm refuse the whole index, while `digest: 1`
 * is read as "1".
 */
#include "index/decode.h"

#include <string.h>

#include "semver/semver.h"

enum { S_NAME, S_VERSION, S_APP, S_DIGEST, S_CREATED, S_API, S_TYPE, S_DEPRECATED, S_URLS,
       S_MAINT, S_DEPS, NSLOTS };

typedef struct slot {
	char spelling[16];
	int set;
	const char *s;  /* in the arena; NULL for null */
	size_t n;
} slot;

typedef struct entry_ctx {
	slot v[NSLOTS];
	const char *const *urls;
	size_t nurls;
	const char *maint_err, *deps_err;
	char deps_msg[400];
} entry_ctx;

static const struct field {
	const char *name;
	int kind;
	int slot; /* -1: checked, not kept */
} fields[] = {
	{ "name", K_STR, S_NAME }, { "version", K_STR, S_VERSION }, { "appVersion", K_STR, S_APP },
	{ "apiVersion", K_STR, S_API }, { "type", K_STR, S_TYPE }, { "deprecated", K_BOOL, S_DEPRECATED },
	{ "home", K_STR, -1 }, { "sources", K_STRSEQ, -1 }, { "description", K_STR, -1 },
	{ "keywords", K_STRSEQ, -1 }, { "icon", K_STR, -1 }, { "condition", K_STR, -1 },
	{ "tags", K_STR, -1 }, { "annotations", K_STRMAP, -1 }, { "kubeVersion", K_STR, -1 },
	{ "digest", K_STRC, S_DIGEST }, { "created", K_TIME, S_CREATED }, { "removed", K_BOOL, -1 },
	{ "checksum", K_STRC, -1 }, { "engine", K_STRC, -1 }, { "tillerVersion", K_STRC, -1 },
	{ "url", K_STRC, -1 },
};

/* Whether this occurrence of a field replaces the one kept: see cc_yaml_map_get_go_pair. */
static int wins(const dec *d, const slot *sl, const char *key)
{
	return !sl->set || d->json || strcmp(key, sl->spelling) >= 0;
}

static void keep(slot *sl, const char *key)
{
	size_t n = strlen(key);
	n = n < sizeof(sl->spelling) - 1 ? n : sizeof(sl->spelling) - 1;
	memcpy(sl->spelling, key, n);
	sl->spelling[n] = '\0';
	sl->set = 1;
}

static int scalar_field(dec *d, entry_ctx *c, const struct field *f, const char *key, const ix_ev *v)
{
	const char *s;
	size_t n;
	int rc = dec_value(d, f->kind, v, f->name, &s, &n);
	if (rc != CC_OK || f->slot < 0 || !wins(d, &c->v[f->slot], key))
		return rc;
	slot *sl = &c->v[f->slot];
	keep(sl, key);
	if (f->kind == K_BOOL)
		s = s && v->type == CC_YAML_T_BOOL ? ix_key_string(v, &d->scratch) : NULL;
	sl->s = s ? ix_strndup(&d->idx->arena, s, n) : NULL;
	sl->n = s ? n : 0;
	if (f->kind == K_BOOL)
		sl->n = s && strcmp(s, "true") == 0;
	return CC_OK;
}

static void push_url(dec *d, const char *s, size_t n)
{
	if (d->nurls == d->capurls) {
		d->capurls = d->capurls ? d->capurls * 2 : 8;
		d->urls = cc_realloc(d->urls, d->capurls * sizeof(*d->urls));
	}
	d->urls[d->nurls++] = s ? ix_strndup(&d->idx->arena, s, n) : "";
}

static int urls_field(dec *d, entry_ctx *c, const char *key, const ix_ev *v)
{
	if (v->kind == IX_SCALAR && v->type == CC_YAML_T_NULL)
		d->nurls = 0;
	else if (v->kind != IX_SEQ)
		return dec_error(d, CC_EINVALID, v, "urls is %s where helm expects a list; helm refuses the index",
				 dec_what(v));
	else
		d->nurls = 0;
	ix_ev e;
	const char *s;
	size_t n;
	while (v->kind == IX_SEQ) {
		int rc = dec_next(d, &e);
		if (rc != CC_OK)
			return rc;
		if (e.kind == IX_SEQ_END || e.kind == IX_END)
			break;
		if ((rc = dec_value(d, K_STRC, &e, "a url", &s, &n)) != CC_OK)
			return rc;
		push_url(d, s, n);
	}
	if (!wins(d, &c->v[S_URLS], key))
		return CC_OK;
	keep(&c->v[S_URLS], key);
	const char **u = ix_alloc(&d->idx->arena, (d->nurls + 1) * sizeof(*u), _Alignof(const char *));
	if (d->nurls)
		memcpy(u, d->urls, d->nurls * sizeof(*u));
	u[d->nurls] = NULL;
	c->urls = u;
	c->nurls = d->nurls;
	return CC_OK;
}

/* ---- maintainers: Maintainer{name, email, url}; a null one fails Validate ---- */

static int maint_pair(dec *d, void *ctx, const char *key, size_t klen, const ix_ev *k, const ix_ev *v)
{
	const char *s;
	size_t n;
	(void)ctx;
	if (dec_field_is(key, klen, "name") || dec_field_is(key, klen, "email") || dec_field_is(key, klen, "url"))
		return dec_value(d, K_STR, v, "a maintainer's field", &s, &n);
	return dec_unknown(d, key, k, v);
}

/* Each list item: null (sets *null_item) or a mapping handled by fn. */
static int struct_list(dec *d, const ix_ev *v, const char *field, pair_fn fn, void *ctx, int *null_item)
{
	if (v->kind == IX_SCALAR && v->type == CC_YAML_T_NULL)
		return CC_OK;
	if (v->kind != IX_SEQ)
		return dec_error(d, CC_EINVALID, v, "%s is %s where helm expects a list; helm refuses the index",
				 field, dec_what(v));
	ix_ev e;
	for (int i = 0;; i++) {
		int rc = dec_next(d, &e);
		if (rc != CC_OK)
			return rc;
		if (e.kind == IX_SEQ_END || e.kind == IX_END)
			return CC_OK;
		if (e.kind == IX_SCALAR && e.type == CC_YAML_T_NULL)
			*null_item = *null_item ? *null_item : i + 1;
		else if (e.kind != IX_MAP)
			return dec_error(d, CC_EINVALID, &e, "an item of %s is %s where helm expects a mapping; "
					 "helm refuses the index", field, dec_what(&e));
		else if ((rc = dec_map(d, &e, fn, ctx)) != CC_OK)
			return rc;
	}
}

static int maint_field(dec *d, entry_ctx *c, const char *key, const ix_ev *v)
{
	int null_item = 0;
	int rc = struct_list(d, v, "maintainers", maint_pair, NULL, &null_item);
	if (rc != CC_OK || !wins(d, &c->v[S_MAINT], key))
		return rc;
	keep(&c->v[S_MAINT], key);
	c->maint_err = null_item ? "maintainers must not contain empty or null nodes" : NULL;
	return CC_OK;
}

/* ---- dependencies: Dependency.Validate and the name-or-alias check, in order ---- */

typedef struct dep_ctx {
	char name[200], alias[200];
} dep_ctx;

static void copy_text(char *dst, size_t dstsz, const char *s, size_t n)
{
	n = s ? (n < dstsz - 1 ? n : dstsz - 1) : 0;
	if (n)
		memcpy(dst, s, n);
	dst[n] = '\0';
}

static int dep_pair(dec *d, void *ctx, const char *key, size_t klen, const ix_ev *k, const ix_ev *v)
{
	dep_ctx *dc = ctx;
	const char *s;
	size_t n;
	static const struct { const char *name; int kind; } dep_fields[] = {
		{ "name", K_STR }, { "version", K_STR }, { "repository", K_STR }, { "condition", K_STR },
		{ "tags", K_STRSEQ }, { "enabled", K_BOOL }, { "import-values", K_ANYSEQ }, { "alias", K_STR },
	};
	for (size_t i = 0; i < sizeof(dep_fields) / sizeof(dep_fields[0]); i++) {
		if (!dec_field_is(key, klen, dep_fields[i].name))
			continue;
		int rc = dec_value(d, dep_fields[i].kind, v, "a dependency's field", &s, &n);
		if (rc == CC_OK && i == 0) {
			ix_sanitize(s ? s : "", n, &d->scratch);
			copy_text(dc->name, sizeof(dc->name), d->scratch.ptr, d->scratch.len);
		} else if (rc == CC_OK && i == 7) {
			copy_text(dc->alias, sizeof(dc->alias), s, n);
		}
		return rc;
	}
	return dec_unknown(d, key, k, v);
}

static int alias_ok(const char *a)
{
	for (; *a; a++)
		if (!((*a >= 'a' && *a <= 'z') || (*a >= 'A' && *a <= 'Z') || (*a >= '0' && *a <= '9') ||
		      *a == '_' || *a == '-'))
			return 0;
	return 1;
}

/* One dependency in Validate's order: its own check, then a repeated name or alias (ignored by helm). */
static void dep_verdict(dec *d, entry_ctx *c, const dep_ctx *dc, int *done, const char **err)
{
	if (*done)
		return;
	if (dc->alias[0] && !alias_ok(dc->alias)) {
		snprintf(c->deps_msg, sizeof(c->deps_msg), "dependency \"%s\" has disallowed characters in the alias",
			 dc->name);
		*err = c->deps_msg;
		*done = 1;
		return;
	}
	const char *key = dc->alias[0] ? dc->alias : dc->name;
	if (ix_keys_find(&d->deps, key, strlen(key)))
		*done = 1; /* "more than one dependency with name or alias": helm keeps the entry */
	else
		ix_keys_add(&d->deps, key, strlen(key), 0, 0, 0);
}

static int deps_items(dec *d, entry_ctx *c, const char **err)
{
	ix_ev e;
	int done = 0;
	for (;;) {
		int rc = dec_next(d, &e);
		if (rc != CC_OK)
			return rc;
		if (e.kind == IX_SEQ_END || e.kind == IX_END)
			return CC_OK;
		if (e.kind == IX_SCALAR && e.type == CC_YAML_T_NULL) {
			if (!done)
				*err = "dependencies must not contain empty or null nodes";
			done = 1;
			continue;
		}
		if (e.kind != IX_MAP)
			return dec_error(d, CC_EINVALID, &e, "a dependency is %s where helm expects a mapping; "
					 "helm refuses the index", dec_what(&e));
		dep_ctx dc = { "", "" };
		if ((rc = dec_map(d, &e, dep_pair, &dc)) != CC_OK)
			return rc;
		dep_verdict(d, c, &dc, &done, err);
	}
}

static int deps_field(dec *d, entry_ctx *c, const char *key, const ix_ev *v)
{
	if (v->kind == IX_SCALAR && v->type == CC_YAML_T_NULL)
		return CC_OK;
	if (v->kind != IX_SEQ)
		return dec_error(d, CC_EINVALID, v, "dependencies is %s where helm expects a list; "
				 "helm refuses the index", dec_what(v));
	ix_keys_clear(&d->deps);
	const char *saved = c->deps_err, *err = NULL;
	c->deps_err = NULL;
	int rc = deps_items(d, c, &err);
	if (rc != CC_OK)
		return rc;
	if (!wins(d, &c->v[S_DEPS], key)) {
		c->deps_err = saved;
		return CC_OK;
	}
	keep(&c->v[S_DEPS], key);
	c->deps_err = err;
	return CC_OK;
}

static int entry_pair(dec *d, void *ctx, const char *key, size_t klen, const ix_ev *k, const ix_ev *v)
{
	entry_ctx *c = ctx;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (dec_field_is(key, klen, fields[i].name))
			return scalar_field(d, c, &fields[i], key, v);
	if (dec_field_is(key, klen, "urls"))
		return urls_field(d, c, key, v);
	if (dec_field_is(key, klen, "maintainers"))
		return maint_field(d, c, key, v);
	if (dec_field_is(key, klen, "dependencies"))
		return deps_field(d, c, key, v);
	return dec_unknown(d, key, k, v);
}

/* ---- Metadata.Validate, in its order ---- */

/* filepath.Base(name) == name: no '/' except a lone "/" (Base keeps it). */
static int base_name(const char *s)
{
	return !strchr(s, '/') || strcmp(s, "/") == 0;
}

static const char *type_ok(const slot *t)
{
	if (!t->s || !*t->s || strcmp(t->s, "application") == 0 || strcmp(t->s, "library") == 0)
		return NULL;
	return "chart.metadata.type must be application or library";
}

static const char *validate(dec *d, entry_ctx *c, const char *name, char *msg, size_t msgsz)
{
	const char *version = c->v[S_VERSION].s ? c->v[S_VERSION].s : "";
	if (!*name)
		return "chart.metadata.name is required";
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return snprintf(msg, msgsz, "chart.metadata.name \"%s\" is not allowed", name), msg;
	if (!base_name(name))
		return snprintf(msg, msgsz, "chart.metadata.name \"%s\" is invalid", name), msg;
	if (!*version)
		return "chart.metadata.version is required";
	cc_semver v = CC_SEMVER_INIT;
	int ok = cc_semver_parse_n(&v, version, c->v[S_VERSION].n, CC_SEMVER_LOOSE, NULL) == CC_OK;
	cc_semver_free(&v);
	if (!ok)
		return snprintf(msg, msgsz, "chart.metadata.version \"%s\" is invalid", version), msg;
	(void)d;
	if (type_ok(&c->v[S_TYPE]))
		return type_ok(&c->v[S_TYPE]);
	return c->maint_err ? c->maint_err : c->deps_err;
}

/* Sanitised as Validate leaves it, in the arena; the chart's key itself when equal (most entries). */
static const char *kept_text(dec *d, const slot *sl, const char *same)
{
	if (!sl->s)
		return "";
	ix_sanitize(sl->s, sl->n, &d->scratch);
	if (same && strcmp(same, d->scratch.ptr) == 0)
		return same;
	return ix_strndup(&d->idx->arena, d->scratch.ptr, d->scratch.len);
}

static void add(dec *d, entry_ctx *c, size_t chart, const char *chart_name, const ix_ev *start)
{
	char msg[400];
	const char *name = kept_text(d, &c->v[S_NAME], chart_name);
	const char *why = validate(d, c, name, msg, sizeof(msg));
	if (why) {
		ix_add_skip(d->idx, start->line, start->col,
			    "skipping invalid entry for chart \"%s\" version \"%s\": %s", chart_name,
			    c->v[S_VERSION].s ? c->v[S_VERSION].s : "", why);
		return;
	}
	cc_index_entry *e = ix_add_entry(d->idx, chart);
	e->name = name;
	e->version = c->v[S_VERSION].s;
	e->app_version = kept_text(d, &c->v[S_APP], NULL);
	e->digest = c->v[S_DIGEST].s ? c->v[S_DIGEST].s : "";
	e->created = c->v[S_CREATED].s ? c->v[S_CREATED].s : "";
	static const char *const none[] = { NULL };
	e->urls = c->urls ? c->urls : none;
	e->nurls = c->nurls;
	e->deprecated = c->v[S_DEPRECATED].set && c->v[S_DEPRECATED].n;
	e->line = start->line;
}

int dec_entry(dec *d, size_t chart, const char *chart_name, const ix_ev *start)
{
	entry_ctx c;
	memset(&c, 0, sizeof(c));
	int rc = dec_map(d, start, entry_pair, &c);
	if (rc == CC_OK)
		add(d, &c, chart, chart_name, start);
	return rc;
}
