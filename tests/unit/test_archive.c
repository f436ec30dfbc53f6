/*
 * Tests for the chart archive reader. Archives are built here, tar headers
 * by hand and gzip with zlib's deflate, so that each hostile shape (escaping
 * paths, links, devices, bad checksums, truncation, bombs) is exactly what
 * the test says; then every real package in the shared corpora is read.
 */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "archive/archive.h"

#define MTIME 1700000000LL

/* ---------------------------------------------------------------- a tar builder */

typedef struct thdr {
	const char *name;
	char type;
	unsigned long long size;
	const char *link;
	const char *prefix;
	int gnu_magic; /* "ustar  \0" instead of "ustar\0" "00" */
	int bad_sum;
} thdr;

static void put_header(cc_buf *t, const thdr *h)
{
	unsigned char b[512];
	char tmp[32];
	memset(b, 0, sizeof(b));
	memcpy(b, h->name, strlen(h->name) < 100 ? strlen(h->name) : 100);
	memcpy(b + 100, "0000644", 7);
	memcpy(b + 108, "0001750", 7);
	memcpy(b + 116, "0001750", 7);
	snprintf(tmp, sizeof(tmp), "%011llo", h->size);
	memcpy(b + 124, tmp, 11);
	snprintf(tmp, sizeof(tmp), "%011llo", (unsigned long long)MTIME);
	memcpy(b + 136, tmp, 11);
	b[156] = (unsigned char)h->type;
	if (h->link)
		memcpy(b + 157, h->link, strlen(h->link));
	if (h->gnu_magic)
		memcpy(b + 257, "ustar  ", 8);
	else
		memcpy(b + 257, "ustar\0" "00", 8);
	if (h->prefix)
		memcpy(b + 345, h->prefix, strlen(h->prefix));
	memset(b + 148, ' ', 8);
	unsigned sum = 0;
	for (size_t i = 0; i < sizeof(b); i++)
		sum += b[i];
	snprintf(tmp, sizeof(tmp), "%06o", sum + (h->bad_sum ? 1 : 0));
	memcpy(b + 148, tmp, 7);
	cc_buf_put(t, b, sizeof(b));
}

static void put_data(cc_buf *t, const void *data, size_t n)
{
	static const char zeros[512];
	cc_buf_put(t, data, n);
	cc_buf_put(t, zeros, (512 - n % 512) % 512);
}

static void add_file(cc_buf *t, const char *name, const char *content)
{
	thdr h = { name, '0', strlen(content), NULL, NULL, 0, 0 };
	put_header(t, &h);
	put_data(t, content, strlen(content));
}

static void add_typed(cc_buf *t, const char *name, char type, const char *link)
{
	thdr h = { name, type, 0, link, NULL, 0, 0 };
	put_header(t, &h);
}

/* A PAX 'x' (or 'g') header carrying the given records verbatim. */
static void add_pax(cc_buf *t, char type, const char *records, size_t len)
{
	thdr h = { "PaxHeaders.0/x", type, len, NULL, NULL, 0, 0 };
	put_header(t, &h);
	put_data(t, records, len);
}

/* "%d key=value\n" with the length counting itself. */
static char *pax_rec(const char *key, const char *value)
{
	size_t body = strlen(key) + strlen(value) + 3, n = body + 1;
	for (;;) {
		char digits[32];
		size_t want = body + (size_t)snprintf(digits, sizeof(digits), "%zu", n);
		if (want == n)
			break;
		n = want;
	}
	return cc_asprintf("%zu %s=%s\n", n, key, value);
}

static void add_end(cc_buf *t)
{
	static const char zeros[1024];
	cc_buf_put(t, zeros, sizeof(zeros));
}

/* gzip of data as one member. */
static unsigned char *gzip_of(const void *data, size_t n, size_t *outlen)
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	size_t cap = deflateBound(&zs, (uLong)n) + 64;
	unsigned char *out = malloc(cap);
	zs.next_in = (unsigned char *)(size_t)data;
	zs.avail_in = (uInt)n;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*outlen = cap - zs.avail_out;
	deflateEnd(&zs);
	return out;
}

static int read_gz(const unsigned char *gz, size_t n, const cc_archive_limits *lim,
		   cc_archive **ar, cc_error *err)
{
	cc_error_clear(err);
	return cc_archive_read_tgz(ar, gz, n, "test.tgz", lim, err);
}

/* gzip the tar in t and read it. */
static int read_tar(const cc_buf *t, const cc_archive_limits *lim, cc_archive **ar, cc_error *err)
{
	size_t n;
	unsigned char *gz = gzip_of(t->ptr, t->len, &n);
	int rc = read_gz(gz, n, lim, ar, err);
	free(gz);
	return rc;
}

static void expect_fail(const cc_buf *t, const cc_archive_limits *lim, int code, const char *needle)
{
	cc_archive *ar = (cc_archive *)1;
	cc_error err;
	int rc = read_tar(t, lim, &ar, &err);
	if (rc != code || !strstr(err.msg, needle))
		fail_msg("got %d \"%s\", want %d with \"%s\"", rc, err.msg, code, needle);
	assert_null(ar);
	assert_string_equal(err.file, "test.tgz");
}

static cc_archive *expect_ok(const cc_buf *t)
{
	cc_archive *ar = NULL;
	cc_error err;
	int rc = read_tar(t, NULL, &ar, &err);
	if (rc != CC_OK)
		fail_msg("read failed: %s", err.msg);
	return ar;
}

static const cc_archive_entry *find(const cc_archive *ar, const char *name)
{
	for (size_t i = 0; i < ar->n; i++)
		if (strcmp(ar->entries[i].name, name) == 0)
			return &ar->entries[i];
	return NULL;
}

/* ---------------------------------------------------------------- good archives */

static void test_basic(void **state)
{
	(void)state;
	cc_buf t = CC_BUF_INIT;
	add_typed(&t, "c/", '5', NULL);
	add_file(&t, "c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
	add_file(&t, "c/empty", "");
	char big[1500];
	memset(big, 'v', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	add_file(&t, "c/values.yaml", big);
	add_end(&t);
	cc_archive *ar = expect_ok(&t);
	assert_int_equal(ar->n, 4);
	assert_string_equal(ar->entries[0].name, "c/");
	assert_int_equal(ar->entries[0].type, '5');
	assert_null(ar->entries[0].data);
	const cc_archive_entry *e = &ar->entries[1];
	assert_string_equal(e->name, "c/Chart.yaml");
	assert_int_equal(e->type, '0');
	assert_int_equal(e->size, 38);
	assert_memory_equal(e->data, "apiVersion: v2\nname: c\nversion: 0.1.0\n", 38);
	assert_int_equal(e->data[e->size], 0);
	assert_int_equal(e->mode, 0644);
	assert_true(e->mtime == MTIME);
	assert_int_equal(ar->entries[2].size, 0);
	assert_non_null(ar->entries[2].data);
	assert_int_equal(ar->entries[3].size, sizeof(big) - 1);
	assert_int_equal(ar->entries[3].data[1498], 'v');
	cc_archive_free(ar);
	cc_buf_free(&t);
}

static void test_typeflags(void **state)
{
	(void)state;
	cc_buf t = CC_BUF_INIT;
	/* '\0' is a file, or a directory when the name ends in '/' */
	thdr old = { "c/old.txt", '\0', 3, NULL, NULL, 0, 0 };
	put_header(&t, &old);
	put_data(&t, "old", 3);
	add_typed(&t, "c/olddir/", '\0', NULL);
	/* a directory's size field never brings data */
	thdr dir = { "c/d", '5', 700, NULL, NULL, 0, 0 };
	put_header(&t, &dir);
	add_file(&t, "c/after", "x");
	/* GNU magic: no prefix field */
	thdr gnu = { "c/gnu", '0', 1, NULL, "ignored-prefix", 1, 0 };
	put_header(&t, &gnu);
	put_data(&t, "g", 1);
	add_end(&t);
	cc_archive *ar = expect_ok(&t);
	assert_int_equal(ar->n, 5);
	assert_int_equal(find(ar, "c/old.txt")->type, '0');
	assert_memory_equal(find(ar, "c/old.txt")->data, "old", 3);
	assert_int_equal(find(ar, "c/olddir/")->type, '5');
	assert_int_equal(find(ar, "c/d")->type, '5');
	assert_memory_equal(find(ar, "c/after")->data, "x", 1);
	assert_non_null(find(ar, "c/gnu"));
	cc_archive_free(ar);
	cc_buf_free(&t);
}

static void test_long_names(void **state)
{
	(void)state;
	char g110[128], d57[64], e40[64], longpath[512], prefix[160], name[80];
	memset(g110, 'g', 110);
	g110[110] = '\0';
	memset(d57, 'd', 57);
	d57[57] = '\0';
	memset(e40, 'e', 40);
	e40[40] = '\0';
	cc_buf t = CC_BUF_INIT;

	/* PAX path, as helm writes names it cannot fit */
	snprintf(longpath, sizeof(longpath), "c/files/%s.txt", g110);
	char *rec = pax_rec("path", longpath);
	add_pax(&t, 'x', rec, strlen(rec));
	free(rec);
	add_file(&t, "c/files/PaxHeaders-truncated", "pax");

	/* USTAR prefix split of a 110-character path */
	snprintf(prefix, sizeof(prefix), "c/files/%s", d57);
	snprintf(name, sizeof(name), "%s.txt", e40);
	thdr split = { name, '0', 5, NULL, prefix, 0, 0 };
	put_header(&t, &split);
	put_data(&t, "split", 5);

	/* GNU long name */
	snprintf(longpath, sizeof(longpath), "c/gnu/%s/%s", g110, e40);
	thdr ln = { "././@LongLink", 'L', strlen(longpath) + 1, NULL, NULL, 1, 0 };
	put_header(&t, &ln);
	put_data(&t, longpath, strlen(longpath) + 1);
	add_file(&t, "c/gnu/truncated", "gnu");

	/* PAX size overrides the header's; a global header is ignored */
	char *g = pax_rec("comment", "global");
	add_pax(&t, 'g', g, strlen(g));
	free(g);
	char *sz = pax_rec("size", "7");
	add_pax(&t, 'x', sz, strlen(sz));
	free(sz);
	thdr zero = { "c/sized", '0', 0, NULL, NULL, 0, 0 };
	put_header(&t, &zero);
	put_data(&t, "seven!!", 7);
	add_end(&t);

	cc_archive *ar = expect_ok(&t);
	assert_int_equal(ar->n, 4);
	snprintf(longpath, sizeof(longpath), "c/files/%s.txt", g110);
	assert_string_equal(ar->entries[0].name, longpath);
	assert_memory_equal(ar->entries[0].data, "pax", 3);
	snprintf(longpath, sizeof(longpath), "c/files/%s/%s.txt", d57, e40);
	assert_int_equal(strlen(longpath), 110);
	assert_string_equal(ar->entries[1].name, longpath);
	snprintf(longpath, sizeof(longpath), "c/gnu/%s/%s", g110, e40);
	assert_string_equal(ar->entries[2].name, longpath);
	assert_memory_equal(ar->entries[2].data, "gnu", 3);
	assert_string_equal(ar->entries[3].name, "c/sized");
	assert_int_equal(ar->entries[3].size, 7);
	assert_memory_equal(ar->entries[3].data, "seven!!", 7);
	cc_archive_free(ar);
	cc_buf_free(&t);
}

static void test_base256_size(void **state)
{
	(void)state;
	cc_buf t = CC_BUF_INIT;
	thdr h = { "c/bin", '0', 0, NULL, NULL, 0, 0 };
	put_header(&t, &h);
	/* rewrite the size field in base-256 (4 bytes) and fix the checksum */
	unsigned char *b = (unsigned char *)t.ptr;
	memset(b + 124, 0, 12);
	b[124] = 0x80;
	b[135] = 4;
	memset(b + 148, ' ', 8);
	unsigned sum = 0;
	for (size_t i = 0; i < 512; i++)
		sum += b[i];
	char tmp[16];
	snprintf(tmp, sizeof(tmp), "%06o", sum);
	memcpy(b + 148, tmp, 7);
	put_data(&t, "four", 4);
	add_end(&t);
	cc_archive *ar = expect_ok(&t);
	assert_int_equal(ar->n, 1);
	assert_int_equal(ar->entries[0].size, 4);
	cc_archive_free(ar);
	cc_buf_free(&t);
}

/* Go accepts the end without zero blocks, one zero block, and junk after two. */
static void test_endings(void **state)
{
	(void)state;
	static const char zeros[512];
	cc_buf t = CC_BUF_INIT;
	add_file(&t, "c/a", "a");
	cc_archive *ar = expect_ok(&t);
	assert_int_equal(ar->n, 1);
	cc_archive_free(ar);

	cc_buf_put(&t, zeros, 512);
	ar = expect_ok(&t);
	assert_int_equal(ar->n, 1);
	cc_archive_free(ar);

	cc_buf_put(&t, zeros, 512);
	cc_buf_puts(&t, "trailing garbage that is not a tar header at all");
	ar = expect_ok(&t);
	assert_int_equal(ar->n, 1);
	cc_archive_free(ar);
	cc_buf_free(&t);

	/* one zero block followed by a header is not an end */
	add_file(&t, "c/a", "a");
	cc_buf_put(&t, zeros, 512);
	add_file(&t, "c/b", "b");
	expect_fail(&t, NULL, CC_EINVALID, "data after a zero block");
	cc_buf_free(&t);
}

static void test_gzip_members(void **state)
{
	(void)state;
	cc_buf t = CC_BUF_INIT;
	add_file(&t, "c/Chart.yaml", "name: c\n");
	add_file(&t, "c/values.yaml", "a: 1\n");
	add_end(&t);
	/* split mid-data into two gzip members, then trailing non-gzip bytes */
	size_t cut = 512 + 3, n1, n2;
	unsigned char *g1 = gzip_of(t.ptr, cut, &n1);
	unsigned char *g2 = gzip_of(t.ptr + cut, t.len - cut, &n2);
	unsigned char *all = malloc(n1 + n2 + 16);
	memcpy(all, g1, n1);
	memcpy(all + n1, g2, n2);
	memset(all + n1 + n2, 0, 16);
	cc_archive *ar = NULL;
	cc_error err;
	assert_int_equal(read_gz(all, n1 + n2, NULL, &ar, &err), CC_OK);
	assert_int_equal(ar->n, 2);
	assert_memory_equal(ar->entries[0].data, "name: c\n", 8);
	cc_archive_free(ar);
	assert_int_equal(read_gz(all, n1 + n2 + 16, NULL, &ar, &err), CC_OK);
	cc_archive_free(ar);

	/* the first member alone ends inside a file; garbage where more is needed */
	assert_int_equal(read_gz(all, n1, NULL, &ar, &err), CC_EINVALID);
	assert_non_null(strstr(err.msg, "unexpected end of archive"));
	memset(all + n1, 'x', 16);
	assert_int_equal(read_gz(all, n1 + 16, NULL, &ar, &err), CC_EINVALID);
	assert_non_null(strstr(err.msg, "not gzip"));
	assert_null(ar);
	free(g1);
	free(g2);
	free(all);
	cc_buf_free(&t);
}

/* ---------------------------------------------------------------- hostile archives */

static void expect_unsafe_name(const char *name, const char *needle)
{
	cc_buf t = CC_BUF_INIT;
	add_file(&t, "c/Chart.yaml", "name: c\n");
	add_file(&t, name, "x");
	add_end(&t);
	expect_fail(&t, NULL, CC_EUNSAFE, needle);
	cc_buf_free(&t);
}

static void test_unsafe_paths(void **state)
{
	(void)state;
	expect_unsafe_name("../x", "\"../x\" climbs out");
	expect_unsafe_name("/etc/passwd", "\"/etc/passwd\" has an absolute path");
	expect_unsafe_name("a/../../x", "\"a/../../x\" climbs out");
	expect_unsafe_name("c/./../../x", "climbs out");
	expect_unsafe_name("c\\..\\..\\x", "climbs out");
	expect_unsafe_name("\\x", "absolute path");
	expect_unsafe_name("C:/x", "\"C:/x\" has a Windows drive path");
	expect_unsafe_name("c:x", "Windows drive path");
	expect_unsafe_name("c/D:/x", "Windows drive path");
	expect_unsafe_name("c\\D:\\x", "Windows drive path");
	expect_unsafe_name("c/..", "does not name a file");
	expect_unsafe_name("./", "does not name a file");
	expect_unsafe_name("c/\x1b[31m/../../../x", "\"c/\\x1b[31m/../../../x\" climbs out");

	/* these stay inside */
	cc_buf t = CC_BUF_INIT;
	add_file(&t, "c/./a/../b", "x");
	add_file(&t, "c/..x", "x");
	add_file(&t, "c/a:b", "x");
	add_file(&t, "c/x/D:", "x");
	add_typed(&t, "./", '5', NULL);
	add_end(&t);
	cc_archive *ar = expect_ok(&t);
	assert_int_equal(ar->n, 5);
	assert_string_equal(ar->entries[0].name, "c/./a/../b");
	cc_archive_free(ar);
	cc_buf_free(&t);

	/* PAX and GNU names are checked like any other */
	char *rec = pax_rec("path", "../../etc/cron.d/x");
	add_pax(&t, 'x', rec, strlen(rec));
	free(rec);
	add_file(&t, "c/innocent", "x");
	add_end(&t);
	expect_fail(&t, NULL, CC_EUNSAFE, "\"../../etc/cron.d/x\" climbs out");
	cc_buf_free(&t);
	thdr ln = { "././@LongLink", 'L', 12, NULL, NULL, 1, 0 };
	put_header(&t, &ln);
	put_data(&t, "/etc/passwd", 12);
	add_file(&t, "c/innocent", "x");
	add_end(&t);
	expect_fail(&t, NULL, CC_EUNSAFE, "\"/etc/passwd\" has an absolute path");
	cc_buf_free(&t);
}

static void expect_unsafe_type(char type, const char *link, const char *needle)
{
	cc_buf t = CC_BUF_INIT;
	add_file(&t, "c/Chart.yaml", "name: c\n");
	add_typed(&t, "c/odd", type, link);
	add_end(&t);
	expect_fail(&t, NULL, CC_EUNSAFE, needle);
	cc_buf_free(&t);
}

static void test_unsafe_types(void **state)
{
	(void)state;
	expect_unsafe_type('2', "/etc/passwd", "\"c/odd\" is a symbolic link to \"/etc/passwd\"");
	expect_unsafe_type('1', "c/Chart.yaml", "\"c/odd\" is a hard link to \"c/Chart.yaml\"");
	expect_unsafe_type('3', NULL, "\"c/odd\" is a character device");
	expect_unsafe_type('4', NULL, "\"c/odd\" is a block device");
	expect_unsafe_type('6', NULL, "\"c/odd\" is a FIFO");
	expect_unsafe_type('7', NULL, "\"c/odd\" has unsupported type '7'");
	expect_unsafe_type('S', NULL, "\"c/odd\" is a sparse file");
	expect_unsafe_type('V', NULL, "unsupported type 'V'");

	/* a PAX sparse file is refused too, and a PAX linkpath is what is shown */
	cc_buf t = CC_BUF_INIT;
	char *rec = pax_rec("GNU.sparse.major", "1");
	add_pax(&t, 'x', rec, strlen(rec));
	free(rec);
	add_file(&t, "c/sparse", "x");
	add_end(&t);
	expect_fail(&t, NULL, CC_EUNSAFE, "sparse file");
	cc_buf_free(&t);
	rec = pax_rec("linkpath", "/very/long/target");
	add_pax(&t, 'x', rec, strlen(rec));
	free(rec);
	add_typed(&t, "c/ln", '2', "short");
	add_end(&t);
	expect_fail(&t, NULL, CC_EUNSAFE, "symbolic link to \"/very/long/target\"");
	cc_buf_free(&t);
}

static void test_corrupt(void **state)
{
	(void)state;
	cc_buf t = CC_BUF_INIT;
	add_file(&t, "c/Chart.yaml", "name: c\n");
	thdr bad = { "c/values.yaml", '0', 1, NULL, NULL, 0, 1 };
	put_header(&t, &bad);
	put_data(&t, "x", 1);
	add_end(&t);
	expect_fail(&t, NULL, CC_EINVALID, "bad tar header checksum at member 2");
	cc_buf_free(&t);

	/* truncated: inside a header, inside data, inside padding */
	add_file(&t, "c/Chart.yaml", "name: c\n");
	add_file(&t, "c/values.yaml", "some values\n");
	cc_buf full = t;
	t.len = 512 + 512 + 200;
	expect_fail(&t, NULL, CC_EINVALID, "unexpected end of archive in the header of member 2");
	t.len = 512 + 512 + 512 + 5;
	expect_fail(&t, NULL, CC_EINVALID, "unexpected end of archive in the data of member 2");
	t.len = 512 + 512 + 512 + 20;
	expect_fail(&t, NULL, CC_EINVALID, "unexpected end of archive in the data padding");
	t = full;
	cc_buf_free(&t);

	/* a garbled header that happens to be non-zero */
	cc_buf_put(&t, "this is not a tar archive", 25);
	cc_buf_put(&t, (const char[512]){ 0 }, 512 - 25);
	expect_fail(&t, NULL, CC_EINVALID, "bad tar header checksum at member 1");
	cc_buf_free(&t);

	/* bad numeric field */
	thdr h = { "c/x", '0', 0, NULL, NULL, 0, 0 };
	put_header(&t, &h);
	memcpy(t.ptr + 124, "0000000009Z", 11);
	unsigned char *b = (unsigned char *)t.ptr;
	memset(b + 148, ' ', 8);
	unsigned sum = 0;
	for (size_t i = 0; i < 512; i++)
		sum += b[i];
	char tmp[16];
	snprintf(tmp, sizeof(tmp), "%06o", sum);
	memcpy(b + 148, tmp, 7);
	expect_fail(&t, NULL, CC_EINVALID, "bad numeric field");
	cc_buf_free(&t);
}

static void test_bad_pax(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"10 path=abc\n",     /* length says 10, record is 12 */
		"12 path=abc\n\n",   /* leftover that is not a record */
		"12 pathXabcd\n",    /* no '=' */
		"4 a=\n",            /* shorter than 5 */
		"x2 path=abc\n",     /* length not a number */
		"12 path=abc!",      /* no newline at the end */
		"8 =abcd\n",         /* empty key */
		"12 path=a\0c\n",    /* NUL in a path */
		"12 size=abc\n",     /* size not a number */
		"11 size=-1\n",      /* negative size */
	};
	static const size_t lens[] = { 12, 13, 12, 5, 12, 12, 8, 12, 12, 11 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cc_buf t = CC_BUF_INIT;
		add_pax(&t, 'x', bad[i], lens[i]);
		add_file(&t, "c/x", "x");
		add_end(&t);
		cc_archive *ar = (cc_archive *)1;
		cc_error err;
		int rc = read_tar(&t, NULL, &ar, &err);
		if (rc != CC_EINVALID)
			fail_msg("record %zu: got %d (%s)", i, rc, err.msg);
		assert_null(ar);
		cc_buf_free(&t);
	}
	/* an empty path value keeps the header's name, as in Go */
	cc_buf t = CC_BUF_INIT;
	char *rec = pax_rec("path", "");
	add_pax(&t, 'x', rec, strlen(rec));
	free(rec);
	add_file(&t, "c/kept", "x");
	add_end(&t);
	cc_archive *ar = expect_ok(&t);
	assert_string_equal(ar->entries[0].name, "c/kept");
	cc_archive_free(ar);
	cc_buf_free(&t);
	/* extended headers are bounded */
	thdr huge = { "PaxHeaders.0/x", 'x', (1u << 20) + 1, NULL, NULL, 0, 0 };
	put_header(&t, &huge);
	expect_fail(&t, NULL, CC_ELIMIT, "extended header of member 1");
	cc_buf_free(&t);
}

static void test_not_gzip(void **state)
{
	(void)state;
	cc_archive *ar = (cc_archive *)1;
	cc_error err;
	assert_int_equal(read_gz((const unsigned char *)"", 0, NULL, &ar, &err), CC_EINVALID);
	assert_null(ar);
	assert_int_equal(read_gz((const unsigned char *)"name: c\n", 8, NULL, &ar, &err),
			 CC_EINVALID);
	assert_string_equal(err.msg, "not a gzip-compressed archive");

	cc_buf t = CC_BUF_INIT;
	add_file(&t, "c/Chart.yaml", "name: c\n");
	add_end(&t);
	size_t n;
	unsigned char *gz = gzip_of(t.ptr, t.len, &n);
	gz[n - 6] ^= 0xff; /* CRC32 */
	assert_int_equal(read_gz(gz, n, NULL, &ar, &err), CC_EINVALID);
	assert_string_equal(err.msg, "corrupt gzip data: incorrect data check");
	gz[n - 6] ^= 0xff;
	assert_int_equal(read_gz(gz, n / 2, NULL, &ar, &err), CC_EINVALID);
	assert_non_null(strstr(err.msg, "unexpected end of archive"));
	assert_int_equal(read_gz(gz, n - 4, NULL, &ar, &err), CC_EINVALID);
	assert_non_null(strstr(err.msg, "unexpected end of archive"));
	gz[12] ^= 0x55; /* inside the deflate data */
	int rc = read_gz(gz, n, NULL, &ar, &err);
	assert_int_equal(rc, CC_EINVALID);
	free(gz);
	cc_buf_free(&t);
}

/* ---------------------------------------------------------------- limits */

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* gzip of `header` then `zeros` zero bytes, streamed so nothing large is held. */
static unsigned char *gzip_zeros(const void *header, size_t hlen, size_t zeros, size_t *outlen)
{
	static const unsigned char block[1 << 16];
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
	size_t cap = zeros / 500 + hlen + 4096, len = 0;
	unsigned char *out = malloc(cap);
	zs.next_in = (unsigned char *)(size_t)header;
	zs.avail_in = (uInt)hlen;
	for (int flush = Z_NO_FLUSH; flush != Z_FINISH;) {
		if (zs.avail_in == 0) {
			size_t k = zeros < sizeof(block) ? zeros : sizeof(block);
			zs.next_in = (unsigned char *)(size_t)block;
			zs.avail_in = (uInt)k;
			zeros -= k;
			flush = zeros == 0 ? Z_FINISH : Z_NO_FLUSH;
		}
		do {
			if (cap - len < 65536)
				out = realloc(out, cap *= 2);
			zs.next_out = out + len;
			zs.avail_out = (uInt)(cap - len);
			deflate(&zs, flush);
			len = cap - zs.avail_out;
		} while (zs.avail_out == 0);
	}
	deflateEnd(&zs);
	*outlen = len;
	return out;
}

static void test_gzip_bomb(void **state)
{
	(void)state;
	size_t n;
	unsigned char *gz = gzip_zeros(NULL, 0, (size_t)200 << 20, &n);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cc_archive *ar = (cc_archive *)1;
	cc_error err;
	assert_int_equal(read_gz(gz, n, NULL, &ar, &err), CC_ELIMIT);
	double s = seconds_since(&t0);
	printf("bomb: 200 MiB of zeros in %zu bytes of gzip, refused in %.3f s (%s)\n", n, s,
	       err.msg);
	assert_null(ar);
	assert_true(s < 5.0);
	free(gz);

	/* the same zeros as one member's data: refused from its header */
	cc_buf t = CC_BUF_INIT;
	thdr h = { "c/bomb", '0', (unsigned long long)200 << 20, NULL, NULL, 0, 0 };
	put_header(&t, &h);
	gz = gzip_zeros(t.ptr, t.len, (size_t)200 << 20, &n);
	assert_int_equal(read_gz(gz, n, NULL, &ar, &err), CC_ELIMIT);
	assert_non_null(strstr(err.msg, "\"c/bomb\" is 209715200 bytes"));
	cc_archive_limits big = { (size_t)1 << 30, 0, 0 };
	assert_int_equal(read_gz(gz, n, &big, &ar, &err), CC_ELIMIT);
	assert_non_null(strstr(err.msg, "more than the limit of 104857600"));
	free(gz);
	cc_buf_free(&t);
}

static void test_limits(void **state)
{
	(void)state;
	cc_buf t = CC_BUF_INIT;
	for (int i = 0; i < 4; i++) {
		char name[32];
		snprintf(name, sizeof(name), "c/f%d", i);
		add_file(&t, name, "0123456789");
	}
	add_end(&t);
	cc_archive_limits few = { 0, 0, 3 };
	expect_fail(&t, &few, CC_ELIMIT, "more than the limit of 3 members");
	cc_archive_limits four = { 0, 0, 4 };
	cc_archive *ar = NULL;
	cc_error err;
	assert_int_equal(read_tar(&t, &four, &ar, &err), CC_OK);
	cc_archive_free(ar);
	cc_archive_limits small = { 9, 0, 0 };
	expect_fail(&t, &small, CC_ELIMIT, "\"c/f0\" is 10 bytes, larger than the limit of 9");
	/* the stream total counts headers and padding, checked while inflating */
	cc_archive_limits total = { 0, 4 * 1024 + 1023, 0 };
	expect_fail(&t, &total, CC_ELIMIT, "more than the limit of 5119 bytes");
	total.max_total = 5 * 1024;
	assert_int_equal(read_tar(&t, &total, &ar, &err), CC_OK);
	cc_archive_free(ar);
	cc_buf_free(&t);
}

static void test_read_file(void **state)
{
	(void)state;
	cc_buf t = CC_BUF_INIT;
	add_file(&t, "c/Chart.yaml", "name: c\n");
	add_end(&t);
	size_t n;
	unsigned char *gz = gzip_of(t.ptr, t.len, &n);
	char *dir = tu_mkdtemp();
	tu_write(dir, "c-0.1.0.tgz", (const char *)gz, n);
	char *path = cc_path_join(dir, "c-0.1.0.tgz");
	cc_archive *ar = NULL;
	cc_error err;
	assert_int_equal(cc_archive_read_tgz_file(&ar, path, NULL, &err), CC_OK);
	assert_int_equal(ar->n, 1);
	cc_archive_free(ar);
	cc_archive_limits tiny = { 0, 16, 0 };
	assert_int_equal(cc_archive_read_tgz_file(&ar, path, &tiny, &err), CC_ELIMIT);
	assert_string_equal(err.file, path);
	char *missing = cc_path_join(dir, "missing.tgz");
	assert_int_equal(cc_archive_read_tgz_file(&ar, missing, NULL, &err), CC_ENOTFOUND);
	assert_null(ar);
	free(missing);
	free(path);
	tu_rmtree(dir);
	free(dir);
	free(gz);
	cc_buf_free(&t);
}

/* ---------------------------------------------------------------- real packages */

static void find_tgz(const char *dir, cc_strvec *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' && (!e->d_name[1] || !strcmp(e->d_name, "..")))
			continue;
		char *p = cc_path_join(dir, e->d_name);
		size_t n = strlen(p);
		if (cc_path_is_dir(p))
			find_tgz(p, out);
		else if (n > 4 && strcmp(p + n - 4, ".tgz") == 0)
			cc_strvec_push(out, p);
		free(p);
	}
	closedir(d);
}

static void test_corpora(void **state)
{
	(void)state;
	cc_strvec files = CC_STRVEC_INIT;
	const char *roots[] = { "corpora/packages", "corpora/helm-vectors" };
	for (size_t i = 0; i < 2; i++) {
		char *root = tu_shared(roots[i]);
		if (root)
			find_tgz(root, &files);
		free(root);
	}
	if (files.n == 0) {
		printf("no shared corpora: skipped\n");
		skip();
	}
	cc_strvec_sort(&files);
	for (size_t i = 0; i < files.n; i++) {
		cc_archive *ar = NULL;
		cc_error err;
		if (cc_archive_read_tgz_file(&ar, files.v[i], NULL, &err) != CC_OK)
			fail_msg("%s: %s", files.v[i], err.msg);
		assert_true(ar->n > 0);
		const char *first = ar->entries[0].name;
		char *chart = cc_asprintf("%.*s/Chart.yaml", (int)strcspn(first, "/"), first);
		if (!find(ar, chart))
			fail_msg("%s: no member %s", files.v[i], chart);
		free(chart);
		cc_archive_free(ar);
	}
	printf("corpora: %zu packages read\n", files.n);
	cc_strvec_free(&files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_typeflags),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_base256_size),
		cmocka_unit_test(test_endings),
		cmocka_unit_test(test_gzip_members),
		cmocka_unit_test(test_unsafe_paths),
		cmocka_unit_test(test_unsafe_types),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_bad_pax),
		cmocka_unit_test(test_not_gzip),
		cmocka_unit_test(test_gzip_bomb),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_corpora),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
