/*
 * compact: a parsed index as a small binary file, so that an index that
 * has not changed since the last run is not parsed again.
 *
 * A 40 MB index.yaml costs most of a second in libyaml alone; the table
 * chartci keeps of it is a tenth of that size and reads back in a few
 * milliseconds. The file holds the table after helm's validation and
 * ordering, so loading it gives what parsing the same bytes gives. It
 * comes from a cache directory, not from a trusted writer: every length
 * and count is checked against what is left, and anything inconsistent
 * is CC_EINVALID (the caller then parses the index itself). A key (the
 * sha256 of the index it was made from) ties the file to its input.
 *
 *   "chartci-index 2\n" str(key) str(apiVersion) u32(charts)
 *   per chart: str(name) u32(versions)
 *     per version: str(name) str(version) str(appVersion) str(digest)
 *                  str(created) u32(deprecated) u32(line) u32(urls) str(url)...
 *   "end\n"
 * str is u32 length + bytes + NUL; u32 is little-endian. The loaded index
 * keeps the file's bytes and points into them, so loading copies nothing.
 */
#include "index/index_int.h"

#include <string.h>

#define MAGIC "chartci-index 2\n"
#define TRAILER "end\n"

static void put_u32(cc_buf *b, size_t v)
{
	unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };
	cc_buf_put(b, x, 4);
}

static void put_str(cc_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	put_u32(b, n);
	cc_buf_put(b, s ? s : "", n);
	cc_buf_putc(b, '\0');
}

static void put_entry(cc_buf *b, const cc_index_entry *e)
{
	put_str(b, e->name);
	put_str(b, e->version);
	put_str(b, e->app_version);
	put_str(b, e->digest);
	put_str(b, e->created);
	put_u32(b, (size_t)(e->deprecated != 0));
	put_u32(b, (size_t)(e->line > 0 ? e->line : 0));
	put_u32(b, e->nurls);
	for (size_t u = 0; u < e->nurls; u++)
		put_str(b, e->urls[u]);
}

int cc_index_save(const cc_index *idx, const char *path, const char *key, cc_error *err)
{
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, MAGIC);
	put_str(&b, key);
	put_str(&b, idx->api_version);
	put_u32(&b, idx->ncharts);
	for (size_t c = 0; c < idx->ncharts; c++) {
		put_str(&b, idx->charts[c].name);
		put_u32(&b, idx->charts[c].n);
		for (size_t i = 0; i < idx->charts[c].n; i++)
			put_entry(&b, idx->charts[c].v[i]);
	}
	cc_buf_puts(&b, TRAILER);
	/* a cache file: lost to a crash, it is only parsed again */
	cc_part part = { b.ptr, b.len };
	int rc = cc_file_write_parts(path, &part, 1, 0644, 0, err);
	cc_buf_free(&b);
	return rc;
}

typedef struct reader {
	unsigned char *p, *end;
	ix_arena *arena;
	int bad;
} reader;

static size_t get_u32(reader *r)
{
	if (r->bad || r->end - r->p < 4) {
		r->bad = 1;
		return 0;
	}
	size_t v = (size_t)r->p[0] | (size_t)r->p[1] << 8 | (size_t)r->p[2] << 16 | (size_t)r->p[3] << 24;
	r->p += 4;
	return v;
}

/* A count of items each taking at least `min` bytes: more than what is left is corruption. */
static size_t get_count(reader *r, size_t min)
{
	size_t n = get_u32(r);
	if ((size_t)(r->end - r->p) / min < n)
		r->bad = 1;
	return r->bad ? 0 : n;
}

static const char *get_str(reader *r)
{
	size_t n = get_u32(r);
	if (r->bad || (size_t)(r->end - r->p) <= n || r->p[n] != '\0' || memchr(r->p, '\0', n)) {
		r->bad = 1;
		return "";
	}
	const char *s = (const char *)r->p;
	r->p += n + 1;
	return s;
}

static void get_entry(reader *r, cc_index_entry *e)
{
	e->name = get_str(r);
	e->version = get_str(r);
	e->app_version = get_str(r);
	e->digest = get_str(r);
	e->created = get_str(r);
	e->deprecated = get_u32(r) != 0;
	e->line = (int)(get_u32(r) & 0x7fffffff);
	e->nurls = get_count(r, 4);
	const char **urls = ix_alloc(r->arena, (e->nurls + 1) * sizeof(*urls), _Alignof(const char *));
	for (size_t u = 0; u < e->nurls; u++)
		urls[u] = get_str(r);
	e->urls = urls;
}

static void read_table(reader *r, cc_index *idx)
{
	idx->api_version = get_str(r);
	size_t ncharts = get_count(r, 8);
	for (size_t c = 0; c < ncharts && !r->bad; c++) {
		const char *name = get_str(r);
		size_t chart = ix_add_chart_at(idx, name);
		size_t n = get_count(r, 32);
		for (size_t i = 0; i < n && !r->bad; i++)
			get_entry(r, ix_add_entry(idx, chart));
	}
	if (r->bad || (size_t)(r->end - r->p) != strlen(TRAILER) || memcmp(r->p, TRAILER, strlen(TRAILER)) != 0)
		r->bad = 1;
}

int cc_index_load(const char *path, const char *key, const char *file, cc_index **out, cc_error *err)
{
	cc_buf b = CC_BUF_INIT;
	*out = NULL;
	int rc = cc_file_read(path, CC_INDEX_DEFAULT_MAX_SIZE, &b, err);
	if (rc != CC_OK)
		return rc;
	cc_index *idx = cc_calloc(1, sizeof(*idx));
	idx->file = cc_strdup(file ? file : path);
	reader r = { (unsigned char *)b.ptr, (unsigned char *)b.ptr + b.len, &idx->arena, 0 };
	if (b.len < strlen(MAGIC) || memcmp(b.ptr, MAGIC, strlen(MAGIC)) != 0)
		r.bad = 1;
	else
		r.p += strlen(MAGIC);
	idx->blob = b.ptr; /* the strings point into it */
	if (!r.bad && strcmp(get_str(&r), key ? key : "") != 0) {
		cc_index_free(idx);
		return cc_error_set(err, CC_ENOTFOUND, path, 0, 0, "the compact index is of another input");
	}
	if (!r.bad)
		read_table(&r, idx);
	if (r.bad) {
		cc_index_free(idx);
		return cc_error_set(err, CC_EINVALID, path, 0, 0, "not a compact index written by this chartci");
	}
	ix_finish(idx);
	*out = idx;
	return CC_OK;
}
