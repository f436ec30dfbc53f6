/*
 * table.c: the loaded index: an arena of strings, the entries, the charts
 * sorted by name with their versions in helm's order, and the lookups.
 *
 * The arena keeps a 40 MB index to a few hundred allocations; entries are
 * one growable array and each chart's list is a slice of one pointer array.
 */
#include "index/index_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "semver/semver.h"

struct ix_chunk {
	ix_chunk *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

void *ix_alloc(ix_arena *a, size_t size, size_t align)
{
	ix_chunk *c = a->head;
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	if (c && at + size <= c->size) {
		c->used = at + size;
		return c->data + at;
	}
	if (a->next_size < 64 * 1024)
		a->next_size = 64 * 1024;
	size_t want = size > a->next_size / 4 ? size : a->next_size;
	ix_chunk *n = cc_malloc(sizeof(*n) + want);
	n->size = want;
	n->used = size;
	if (want == size && c) { /* a big one of its own; the current chunk keeps its room */
		n->next = c->next;
		c->next = n;
	} else {
		n->next = c;
		a->head = n;
		if (a->next_size < 8 * 1024 * 1024)
			a->next_size *= 2;
	}
	return n->data;
}

char *ix_strndup(ix_arena *a, const char *s, size_t n)
{
	char *p = ix_alloc(a, n + 1, 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void ix_arena_free(ix_arena *a)
{
	for (ix_chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}

size_t ix_add_chart_at(cc_index *idx, const char *name)
{
	if (idx->ncharts == idx->capcharts) {
		idx->capcharts = idx->capcharts ? idx->capcharts * 2 : 64;
		idx->charts = cc_realloc(idx->charts, idx->capcharts * sizeof(*idx->charts));
	}
	ix_chart *c = &idx->charts[idx->ncharts];
	memset(c, 0, sizeof(*c));
	c->name = name;
	return idx->ncharts++;
}

size_t ix_add_chart(cc_index *idx, const char *name, size_t len)
{
	return ix_add_chart_at(idx, ix_strndup(&idx->arena, name, len));
}

cc_index_entry *ix_add_entry(cc_index *idx, size_t chart)
{
	if (idx->nentries == idx->capentries) {
		idx->capentries = idx->capentries ? idx->capentries * 2 : 256;
		idx->entries = cc_realloc(idx->entries, idx->capentries * sizeof(*idx->entries));
		idx->owner = cc_realloc(idx->owner, idx->capentries * sizeof(*idx->owner));
	}
	idx->owner[idx->nentries] = chart;
	cc_index_entry *e = &idx->entries[idx->nentries++];
	memset(e, 0, sizeof(*e));
	return e;
}

void ix_reset_chart(cc_index *idx, size_t chart)
{
	idx->charts[chart].from = idx->nentries;
}

/* Drops the entries ix_reset_chart made stale, keeping file order. */
static void compact(cc_index *idx)
{
	size_t k = 0;
	for (size_t i = 0; i < idx->nentries; i++) {
		if (i < idx->charts[idx->owner[i]].from)
			continue;
		idx->entries[k] = idx->entries[i];
		idx->owner[k++] = idx->owner[i];
	}
	idx->nentries = k;
}

void ix_add_skip(cc_index *idx, int line, int col, const char *fmt, ...)
{
	if (idx->nskips == idx->capskips) {
		idx->capskips = idx->capskips ? idx->capskips * 2 : 16;
		idx->skips = cc_realloc(idx->skips, idx->capskips * sizeof(*idx->skips));
	}
	cc_buf b = CC_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	cc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	ix_skip *s = &idx->skips[idx->nskips++];
	s->line = line;
	s->col = col;
	s->msg = cc_buf_detach(&b);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const ix_chart *)a)->name, ((const ix_chart *)b)->name);
}

typedef struct vkey {
	void *e;
	cc_semver v;
	int ok;
} vkey;

/* SortEntries' order: descending precedence; unparseable last (cannot happen after validation). */
static int before(const vkey *a, const vkey *b)
{
	if (!a->ok || !b->ok)
		return a->ok && !b->ok;
	return cc_semver_compare(&a->v, &b->v) > 0;
}

/* A stable merge sort: equal versions keep file order (see index_int.h). */
static void merge_sort(vkey *v, vkey *tmp, size_t n)
{
	if (n < 2)
		return;
	size_t h = n / 2;
	merge_sort(v, tmp, h);
	merge_sort(v + h, tmp, n - h);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = before(&v[j], &v[i]) ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

void ix_sort_versions(void **items, size_t n, ix_version_fn version)
{
	vkey *keys = cc_calloc(n ? n : 1, sizeof(*keys));
	vkey *tmp = cc_calloc(n ? n : 1, sizeof(*tmp));
	for (size_t i = 0; i < n; i++) {
		keys[i].e = items[i];
		keys[i].ok = cc_semver_parse(&keys[i].v, version(items[i]), NULL) == CC_OK;
	}
	merge_sort(keys, tmp, n);
	for (size_t i = 0; i < n; i++) {
		items[i] = keys[i].e;
		cc_semver_free(&keys[i].v);
	}
	free(keys);
	free(tmp);
}

size_t ix_get(void *const *items, size_t n, ix_version_fn version, const char *want)
{
	want = want ? want : "";
	for (size_t i = 0; *want && i < n; i++)
		if (strcmp(version(items[i]), want) == 0)
			return i;
	cc_constraint con = CC_CONSTRAINT_INIT;
	if (cc_constraint_parse(&con, *want ? want : "*", NULL) != CC_OK)
		return n;
	size_t found = n;
	for (size_t i = 0; found == n && i < n; i++) {
		cc_semver v = CC_SEMVER_INIT;
		if (cc_semver_parse(&v, version(items[i]), NULL) == CC_OK && cc_constraint_check(&con, &v, 0))
			found = i;
		cc_semver_free(&v);
	}
	cc_constraint_free(&con);
	return found;
}

static const char *entry_version(const void *e)
{
	return ((const cc_index_entry *)e)->version;
}

/* Charts without entries stay (helm keeps an empty list for them). */
void ix_finish(cc_index *idx)
{
	compact(idx);
	const cc_index_entry **all = ix_alloc(&idx->arena, (idx->nentries + 1) * sizeof(*all),
					       _Alignof(const cc_index_entry *));
	size_t *count = cc_calloc(idx->ncharts + 1, sizeof(*count));
	for (size_t i = 0; i < idx->nentries; i++)
		count[idx->owner[i]]++;
	size_t at = 0;
	for (size_t c = 0; c < idx->ncharts; c++) {
		idx->charts[c].v = all + at;
		at += count[c];
		idx->charts[c].n = 0;
	}
	for (size_t i = 0; i < idx->nentries; i++) {
		ix_chart *c = &idx->charts[idx->owner[i]];
		c->v[c->n++] = &idx->entries[i];
	}
	free(count);
	for (size_t c = 0; c < idx->ncharts; c++)
		ix_sort_versions((void **)idx->charts[c].v, idx->charts[c].n, entry_version);
	if (idx->ncharts > 1)
		qsort(idx->charts, idx->ncharts, sizeof(*idx->charts), by_name);
}

void cc_index_free(cc_index *idx)
{
	if (!idx)
		return;
	for (size_t i = 0; i < idx->nskips; i++)
		free(idx->skips[i].msg);
	free(idx->skips);
	free(idx->entries);
	free(idx->owner);
	free(idx->charts);
	free(idx->file);
	free(idx->blob);
	ix_arena_free(&idx->arena);
	free(idx);
}

int cc_index_parse(const char *data, size_t len, const char *file, const cc_index_opts *o,
		   cc_index **out, cc_error *err)
{
	static const cc_index_opts defaults = { 0, 0 };
	cc_error scratch;
	if (!err) /* the decoder reads back what it noted */
		err = &scratch;
	if (!o)
		o = &defaults;
	*out = NULL;
	file = file ? file : "";
	size_t max = o->max_size ? o->max_size : CC_INDEX_DEFAULT_MAX_SIZE;
	if (len > max)
		return cc_error_set(err, CC_ELIMIT, file, 0, 0, "index is %zu bytes, over the limit of %zu",
				    len, max);
	if (len == 0) /* helm's ErrEmptyIndexYaml */
		return cc_error_set(err, CC_EINVALID, file, 1, 1, "empty index.yaml file");
	cc_index *idx = cc_calloc(1, sizeof(*idx));
	idx->file = cc_strdup(file);
	int rc = ix_decode(idx, data, len, file, o->lenient, err);
	if (rc != CC_OK) {
		cc_index_free(idx);
		return rc;
	}
	ix_finish(idx);
	*out = idx;
	return CC_OK;
}

int cc_index_parse_file(const char *path, const cc_index_opts *o, cc_index **out, cc_error *err)
{
	cc_buf b = CC_BUF_INIT;
	*out = NULL;
	size_t max = o && o->max_size ? o->max_size : CC_INDEX_DEFAULT_MAX_SIZE;
	int rc = cc_file_read(path, max, &b, err);
	if (rc == CC_OK)
		rc = cc_index_parse(b.ptr ? b.ptr : "", b.len, path, o, out, err);
	cc_buf_free(&b);
	return rc;
}

static const ix_chart *find(const cc_index *idx, const char *name)
{
	size_t lo = 0, hi = idx->ncharts;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(idx->charts[mid].name, name);
		if (c == 0)
			return &idx->charts[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int cc_index_chart(const cc_index *idx, const char *name, const cc_index_entry *const **v, size_t *n)
{
	const ix_chart *c = idx && name ? find(idx, name) : NULL;
	*v = c ? (const cc_index_entry *const *)c->v : NULL;
	*n = c ? c->n : 0;
	return c ? CC_OK : CC_ENOTFOUND;
}

/* helm's IndexFile.Get: the exact string first, then the first (newest) version the constraint admits. */
const cc_index_entry *cc_index_get(const cc_index *idx, const char *name, const char *version)
{
	const ix_chart *c = idx && name ? find(idx, name) : NULL;
	if (!c || c->n == 0)
		return NULL;
	size_t i = ix_get((void *const *)c->v, c->n, entry_version, version);
	return i < c->n ? c->v[i] : NULL;
}

size_t cc_index_nchart(const cc_index *idx)
{
	return idx ? idx->ncharts : 0;
}

const char *cc_index_chart_name(const cc_index *idx, size_t i)
{
	return idx && i < idx->ncharts ? idx->charts[i].name : NULL;
}

const char *cc_index_api_version(const cc_index *idx)
{
	return idx && idx->api_version ? idx->api_version : "";
}

size_t cc_index_nentry(const cc_index *idx)
{
	return idx ? idx->nentries : 0;
}

size_t cc_index_nskipped(const cc_index *idx)
{
	return idx ? idx->nskips : 0;
}

int cc_index_skipped(const cc_index *idx, size_t i, cc_error *out)
{
	if (!idx || i >= idx->nskips)
		return CC_ENOTFOUND;
	cc_error_set(out, CC_EINVALID, idx->file, idx->skips[i].line, idx->skips[i].col, "%s",
		     idx->skips[i].msg);
	return CC_OK;
}
