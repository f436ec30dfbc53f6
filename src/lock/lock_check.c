/*
 * lock_check.c: does a chart's lock still describe its declared
 * dependencies?
 *
 * The digest decides for helm: `helm dependency build` refuses a lock whose
 * HashReq differs (v1 charts also accept the Helm 2 HashV2Req), with the
 * message reproduced here. A mismatch alone does not say what changed, so
 * the entries are compared too: declared and locked dependencies are
 * paired the way Resolve wrote them (the same index, else the next unused
 * entry of that name), then each pair's locked version is checked against
 * the declared constraint with src/semver and its repository against the
 * declared one (trailing '/' ignored, as helm's urlutil.Equal does; "@name"
 * and "alias:name" are left to the caller, who knows the URLs). Each
 * problem names the file, line and column to show.
 */
#include "lock/lock_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "semver/semver.h"

static cc_lock_problem *add(cc_lock_problems *p, cc_lock_problem_kind kind, const char *file, int line,
			    int col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static cc_lock_problem *add(cc_lock_problems *p, cc_lock_problem_kind kind, const char *file, int line,
			    int col, const char *fmt, ...)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->v = cc_realloc(p->v, p->cap * sizeof(*p->v));
	}
	cc_lock_problem *q = &p->v[p->n++];
	memset(q, 0, sizeof(*q));
	q->kind = kind;
	q->file = cc_strdup(file ? file : "");
	q->line = line;
	q->col = col;
	cc_buf b = CC_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	cc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	q->msg = cc_buf_detach(&b);
	return q;
}

static void set_detail(cc_lock_problem *q, const char *name, const char *declared, const char *locked)
{
	q->name = name ? cc_strdup(name) : NULL;
	q->declared = declared ? cc_strdup(declared) : NULL;
	q->locked = locked ? cc_strdup(locked) : NULL;
}

void cc_lock_problems_free(cc_lock_problems *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].file);
		free(p->v[i].msg);
		free(p->v[i].name);
		free(p->v[i].declared);
		free(p->v[i].locked);
	}
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}

static const char *field(const json_t *dep, const char *key)
{
	const char *s = json_string_value(json_object_get(dep, key));
	return s ? s : "";
}

/* What checking needs in one place. */
typedef struct checker {
	const cc_chart *c;
	const json_t *req;
	const json_t *declared;    /* as written: helm 2's digest predates @name substitution */
	const cc_yaml_node *nodes; /* declared list, for positions */
	const char *decl_file;
	cc_lock *lock;
	size_t *pair;              /* pair[i]: lock entry of declared i, or (size_t)-1 */
	char *used;                /* lock entries already paired */
	cc_lock_problems *out;
} checker;

static void decl_pos(const checker *k, size_t i, int *line, int *col)
{
	const cc_yaml_node *n = k->nodes && i < k->nodes->nitems ? k->nodes->items[i] : k->nodes;
	*line = n ? n->line : 0;
	*col = n ? n->col : 0;
}

static int check_digest(checker *k, cc_error *err)
{
	char want[CC_LOCK_DIGEST_MAX], v2[CC_LOCK_DIGEST_MAX];
	json_t *locked = cc_lock_entries_json(k->lock->entries, k->lock->n);
	int rc = cc_lock_digest(k->req, locked, want, err);
	json_decref(locked);
	if (rc != 0)
		return rc;
	const char *have = k->lock->digest ? k->lock->digest : "";
	if (strcmp(have, want) == 0)
		return 0;
	if (k->lock->v1 && (rc = cc_lock_digest_v2(k->declared, v2, err)) == 0 && strcmp(have, v2) == 0)
		return 0;
	if (rc != 0)
		return rc;
	cc_lock_problem *q = add(k->out, CC_LOCK_OUT_OF_SYNC, k->lock->file, k->lock->line, k->lock->col,
				 "the lock file (%s) is out of sync with the dependencies file (%s). Please update the dependencies",
				 cc_lock_file_name(k->lock->v1), k->lock->v1 ? "requirements.yaml" : "Chart.yaml");
	set_detail(q, NULL, want, have);
	return 0;
}

/* Resolve wrote lock[i] for req[i]; entries moved or removed are found by name. */
static void pair_entries(checker *k)
{
	size_t n = json_array_size(k->req);
	for (size_t i = 0; i < n; i++) {
		const char *name = field(json_array_get(k->req, i), "name");
		k->pair[i] = (size_t)-1;
		if (i < k->lock->n && !k->used[i] && strcmp(k->lock->entries[i].name ? k->lock->entries[i].name : "", name) == 0)
			k->pair[i] = i;
		for (size_t j = 0; j < k->lock->n && k->pair[i] == (size_t)-1; j++)
			if (!k->used[j] && strcmp(k->lock->entries[j].name ? k->lock->entries[j].name : "", name) == 0)
				k->pair[i] = j;
		if (k->pair[i] != (size_t)-1)
			k->used[k->pair[i]] = 1;
	}
}

static int same_repository(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	while (na && a[na - 1] == '/')
		na--;
	while (nb && b[nb - 1] == '/')
		nb--;
	return na == nb && memcmp(a, b, na) == 0;
}

static void check_version(checker *k, size_t i, const cc_lock_entry *e)
{
	const json_t *dep = json_array_get(k->req, i);
	const char *name = field(dep, "name"), *want = field(dep, "version");
	const char *have = e->version ? e->version : "";
	int line, col;
	decl_pos(k, i, &line, &col);
	cc_constraint con = CC_CONSTRAINT_INIT;
	cc_semver v = CC_SEMVER_INIT;
	cc_error e1, e2;
	if (cc_constraint_parse(&con, want, &e1) != 0) {
		cc_lock_problem *q = add(k->out, CC_LOCK_BAD_CONSTRAINT, k->decl_file, line, col,
					 "dependency \"%s\" has an invalid version/constraint format: %s", name, e1.msg);
		set_detail(q, name, want, have);
	} else if (cc_semver_parse(&v, have, &e2) != 0) {
		cc_lock_problem *q = add(k->out, CC_LOCK_UNSATISFIED, k->lock->file, e->line, e->col,
					 "locked version \"%s\" of \"%s\" is not a version: %s", have, name, e2.msg);
		set_detail(q, name, want, have);
	} else if (!cc_constraint_check(&con, &v, 0)) {
		cc_lock_problem *q = add(k->out, CC_LOCK_UNSATISFIED, k->lock->file, e->line, e->col,
					 "locked version %s of \"%s\" does not satisfy the declared constraint \"%s\"",
					 have, name, want);
		set_detail(q, name, want, have);
	}
	cc_constraint_free(&con);
	cc_semver_free(&v);
}

static void check_pair(checker *k, size_t i, const cc_lock_entry *e)
{
	const json_t *dep = json_array_get(k->req, i);
	const char *name = field(dep, "name"), *repo = field(dep, "repository");
	const char *have = e->repository ? e->repository : "";
	if (repo[0] != '@' && strncmp(repo, "alias:", 6) != 0 && !same_repository(repo, have)) {
		cc_lock_problem *q = add(k->out, CC_LOCK_REPOSITORY, k->lock->file, e->line, e->col,
					 "\"%s\" is locked from repository \"%s\" but declared from \"%s\"", name, have, repo);
		set_detail(q, name, repo, have);
	}
	if (repo[0] != '\0') /* a chart vendored in charts/ is locked with its constraint's text */
		check_version(k, i, e);
}

static void check_entries(checker *k)
{
	size_t n = json_array_size(k->req);
	pair_entries(k);
	for (size_t i = 0; i < n; i++) {
		const char *name = field(json_array_get(k->req, i), "name");
		int line, col;
		if (k->pair[i] != (size_t)-1) {
			check_pair(k, i, &k->lock->entries[k->pair[i]]);
			continue;
		}
		decl_pos(k, i, &line, &col);
		cc_lock_problem *q = add(k->out, CC_LOCK_NOT_LOCKED, k->decl_file, line, col,
					 "dependency \"%s\" is not in %s", name, cc_lock_file_name(k->lock->v1));
		set_detail(q, name, field(json_array_get(k->req, i), "version"), NULL);
	}
	for (size_t j = 0; j < k->lock->n; j++) {
		const cc_lock_entry *e = &k->lock->entries[j];
		if (k->used[j])
			continue;
		cc_lock_problem *q = add(k->out, CC_LOCK_EXTRA, k->lock->file, e->line, e->col,
					 "\"%s\" %s is locked but no longer declared", e->name ? e->name : "",
					 e->version ? e->version : "");
		set_detail(q, e->name, NULL, e->version);
	}
}

static void report_missing(const cc_chart *c, const json_t *req, const cc_yaml_node *nodes,
			   const char *file, cc_lock_problems *out)
{
	if (json_array_size(req) == 0)
		return;
	int v1 = c->api_version && strcmp(c->api_version, "v1") == 0;
	add(out, CC_LOCK_MISSING, file, nodes ? nodes->line : 0, nodes ? nodes->col : 0,
	    "dependencies are declared but there is no %s: run helm dependency update",
	    cc_lock_file_name(v1));
}

int cc_lock_check(const cc_chart *c, const json_t *req, cc_lock_problems *out, cc_error *err)
{
	json_t *built = NULL;
	const cc_yaml_node *nodes;
	const char *file;
	int rc = cc_lock_dependencies(c, &built, &nodes, &file, err);
	if (rc != 0)
		return rc;
	if (!req)
		req = built;
	checker k = { c, req, built, nodes, file, NULL, NULL, NULL, out };
	if (!c->lock) {
		report_missing(c, req, nodes, file, out);
		json_decref(built);
		return 0;
	}
	rc = cc_lock_read(c, &k.lock, err);
	if (rc == 0)
		rc = check_digest(&k, err);
	if (rc == 0) {
		k.pair = cc_calloc(json_array_size(req) + 1, sizeof(*k.pair));
		k.used = cc_calloc(k.lock->n + 1, 1);
		check_entries(&k);
	}
	free(k.pair);
	free(k.used);
	cc_lock_free(k.lock);
	json_decref(built);
	return rc;
}
