/*
 * Tests for src/package: tar headers against the bytes Go's archive/tar
 * wrote in helm's own archives (helm-formats §2.3), helm's gzip header,
 * the member order of a chart with directory and archived subcharts, the
 * re-serialised Chart.yaml against helm's output for the same source, the
 * SOURCE_DATE_EPOCH rules and the refusals.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "archive/archive.h"
#include "package/epoch.h"
#include "package/package.h"

static void field(const cc_buf *t, size_t block, size_t off, const char *want, size_t n)
{
	assert_memory_equal(t->ptr + block * 512 + off, want, n);
}

/* ---------------------------------------------------------------- tar */

static void test_ustar_header_bytes(void **state)
{
	(void)state;
	cc_buf t = CC_BUF_INIT;
	cc_error err;
	char data[390];
	memset(data, 'x', sizeof(data));
	/* helm's first entry of parent-0.1.0.tgz: size 0606, mtime 015301034764, chksum 012467 */
	assert_int_equal(cc_package_tar_add(&t, "parent/Chart.yaml", data, sizeof(data), 015301034764LL, &err), 0);
	assert_int_equal(t.len, 512 + 512);
	char name[100] = "parent/Chart.yaml";
	field(&t, 0, 0, name, 100);
	field(&t, 0, 100, "0000644\0", 8);
	field(&t, 0, 108, "0000000\0", 8);
	field(&t, 0, 116, "0000000\0", 8);
	field(&t, 0, 124, "00000000606\0", 12);
	field(&t, 0, 136, "15301034764\0", 12);
	field(&t, 0, 148, "012467\0 ", 8);
	field(&t, 0, 156, "0", 1);
	field(&t, 0, 257, "ustar\0" "00", 8);
	field(&t, 0, 329, "0000000\0" "0000000\0", 16);
	static const char zeros[155];
	field(&t, 0, 157, zeros, 100); /* linkname */
	field(&t, 0, 265, zeros, 64);  /* uname, gname */
	field(&t, 0, 345, zeros, 155); /* prefix */
	assert_memory_equal(t.ptr + 512 + 390, zeros, 512 - 390); /* data padding */
	cc_package_tar_end(&t);
	assert_int_equal(t.len, 4 * 512);
	cc_buf_free(&t);
}

static char *repeat(char c, size_t n)
{
	char *s = cc_malloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void test_ustar_prefix_split(void **state)
{
	(void)state;
	char *d = repeat('d', 60), *e = repeat('e', 60);
	char *name = cc_asprintf("c/files/%s/%s/f.txt", d, e);
	char *prefix = cc_asprintf("c/files/%s/%s", d, e);
	cc_buf t = CC_BUF_INIT;
	cc_error err;
	assert_int_equal(cc_package_tar_add(&t, name, "x", 1, 1, &err), 0);
	assert_int_equal(t.len, 1024); /* no PAX header */
	field(&t, 0, 0, "f.txt\0", 6);
	field(&t, 0, 345, prefix, strlen(prefix) + 1);
	cc_buf_free(&t);
	free(prefix);
	free(name);
	free(e);
	free(d);
}

static void test_pax_long_name(void **state)
{
	(void)state;
	char *g = repeat('g', 110);
	char *name = cc_asprintf("c/files/%s.txt", g);
	char *hname = cc_asprintf("c/files/PaxHeaders.0/%s", g);
	hname[100] = '\0';
	cc_buf t = CC_BUF_INIT;
	cc_error err;
	assert_int_equal(cc_package_tar_add(&t, name, "x", 1, 7, &err), 0);
	assert_int_equal(t.len, 4 * 512);
	field(&t, 0, 0, hname, 100);
	field(&t, 0, 100, "0000000\0", 8);
	field(&t, 0, 124, "00000000204\0", 12); /* 132 */
	field(&t, 0, 136, "00000000000\0", 12);
	field(&t, 0, 156, "x", 1);
	field(&t, 0, 257, "ustar\0" "00", 8);
	static const char zeros[16];
	field(&t, 0, 329, zeros, 16); /* writeRawFile leaves devmajor/devminor NUL */
	char *rec = cc_asprintf("132 path=%s\n", name);
	field(&t, 1, 0, rec, 132);
	name[100] = '\0';
	field(&t, 2, 0, name, 100); /* the real header: the name cut to 100 */
	field(&t, 2, 156, "0", 1);
	field(&t, 2, 329, "0000000\0", 8);
	field(&t, 2, 345, zeros, 16);
	cc_buf_free(&t);
	free(rec);
	free(hname);
	free(name);
	free(g);
}

static void test_pax_non_ascii(void **state)
{
	(void)state;
	cc_buf t = CC_BUF_INIT;
	cc_error err;
	assert_int_equal(cc_package_tar_add(&t, "c/files/h\xc3\xa9llo.txt", "", 0, 7, &err), 0);
	assert_int_equal(t.len, 3 * 512);
	field(&t, 0, 0, "c/files/PaxHeaders.0/hllo.txt\0", 30);
	field(&t, 1, 0, "27 path=c/files/h\xc3\xa9llo.txt\n", 27);
	field(&t, 2, 0, "c/files/hllo.txt\0", 17);
	cc_buf_free(&t);
}

static void test_tar_refuses_bad_times(void **state)
{
	(void)state;
	cc_buf t = CC_BUF_INIT;
	cc_error err;
	assert_int_equal(cc_package_tar_add(&t, "a", "", 0, -1, &err), CC_EINVALID);
	assert_int_equal(cc_package_tar_add(&t, "a", "", 0, CC_PACKAGE_MAX_MTIME + 1, &err), CC_EINVALID);
	assert_int_equal(cc_package_tar_add(&t, "", "", 0, 0, &err), CC_EINVALID);
	cc_buf_free(&t);
}

/* ---------------------------------------------------------------- gzip */

static void test_gzip_header(void **state)
{
	(void)state;
	cc_buf z = CC_BUF_INIT;
	cc_error err;
	const char *text = "hello hello hello hello";
	assert_int_equal(cc_package_gzip(text, strlen(text), &z, &err), 0);
	static const unsigned char head[] = { 0x1f, 0x8b, 0x08, 0x14, 0, 0, 0, 0, 0x00, 0xff, 0x29, 0x00 };
	assert_memory_equal(z.ptr, head, sizeof(head));
	assert_memory_equal(z.ptr + 12, "+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=Helm\0", 46);
	/* and it is gzip: zlib reads it back */
	z_stream s;
	memset(&s, 0, sizeof(s));
	assert_int_equal(inflateInit2(&s, 16 + 15), Z_OK);
	char out[64];
	s.next_in = (Bytef *)z.ptr;
	s.avail_in = (uInt)z.len;
	s.next_out = (Bytef *)out;
	s.avail_out = sizeof(out);
	assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
	assert_int_equal(s.total_out, strlen(text));
	assert_memory_equal(out, text, strlen(text));
	inflateEnd(&s);
	cc_buf_free(&z);
}

/* ---------------------------------------------------------------- charts */

static cc_chart *load(const char *dir)
{
	cc_chart *c = NULL;
	cc_error err;
	assert_int_equal(cc_chart_load(&c, dir, "chart", NULL, &err), 0);
	return c;
}

/* A subchart archive made by the code under test. */
static void write_sub_archive(const char *root, const char *rel)
{
	char *src = cc_path_join(root, "alpha-src");
	tu_mkdirs(root, "alpha-src");
	tu_write(src, "Chart.yaml", "apiVersion: v2\nname: alpha\nversion: 1.0.0\n", (size_t)-1);
	tu_write(src, "templates/x.yaml", "x: 1\n", (size_t)-1);
	tu_write(src, "charts/inner/Chart.yaml", "apiVersion: v2\nname: inner\nversion: 0.1.0\n", (size_t)-1);
	cc_chart *c = load(src);
	cc_package_opts o = { NULL, NULL, 5 };
	cc_buf tgz = CC_BUF_INIT;
	cc_error err;
	assert_int_equal(cc_package_write(c, &o, &tgz, &err), 0);
	tu_write(root, rel, tgz.ptr, tgz.len);
	cc_buf_free(&tgz);
	cc_chart_free(c);
	tu_rmtree(src);
	free(src);
}

static char *make_parent(void)
{
	char *d = tu_mkdtemp();
	tu_write(d, "Chart.yaml",
		 "apiVersion: v2\nname: top\nversion: 1.2.3\ndependencies:\n- name: zeta\n  version: 1.x\n"
		 "- name: alpha\n  version: 1.0.0\n",
		 (size_t)-1);
	tu_write(d, "Chart.lock",
		 "dependencies:\n- name: zeta\n  version: 2.0.0\n  repository: ''\n- name: alpha\n  version: 1.0.0\n"
		 "digest: sha256:abc\ngenerated: 2026-05-07T19:06:46.617697000+02:00 # by hand\n",
		 (size_t)-1);
	tu_write(d, "values.yaml", "\xEF\xBB\xBF" "a: 1\n", (size_t)-1);
	tu_write(d, "templates/b.yaml", "b\n", (size_t)-1);
	tu_write(d, "templates/a/x.yaml", "x\n", (size_t)-1);
	tu_write(d, "templates/a-b.yaml", "ab\n", (size_t)-1);
	tu_write(d, "README.md", "readme\n", (size_t)-1);
	tu_write(d, "charts/zeta/Chart.yaml", "apiVersion: v2\nname: zeta\nversion: 2.0.0\n", (size_t)-1);
	tu_write(d, "charts/zeta/values.yaml", "z: 1\n", (size_t)-1);
	write_sub_archive(d, "charts/alpha-1.0.0.tgz");
	return d;
}

static void test_member_order(void **state)
{
	(void)state;
	char *d = make_parent();
	cc_chart *c = load(d);
	cc_package_opts o = { NULL, NULL, 9 };
	cc_strvec m = CC_STRVEC_INIT;
	cc_error err;
	assert_int_equal(cc_package_members(c, &o, &m, &err), 0);
	static const char *const want[] = {
		"top/Chart.yaml", "top/Chart.lock", "top/values.yaml", "top/templates/a/x.yaml", "top/templates/a-b.yaml",
		"top/templates/b.yaml", "top/README.md", "top/charts/alpha/Chart.yaml",
		"top/charts/alpha/templates/x.yaml", "top/charts/alpha/charts/inner/Chart.yaml",
		"top/charts/zeta/Chart.yaml", "top/charts/zeta/values.yaml",
	};
	assert_int_equal(m.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < m.n; i++)
		assert_string_equal(m.v[i], want[i]);
	assert_int_equal(cc_package_check(c, &o, &c->findings), 0);
	cc_strvec_free(&m);
	cc_chart_free(c);
	tu_rmtree(d);
	free(d);
}

static const cc_archive_entry *entry(const cc_archive *ar, const char *name)
{
	for (size_t i = 0; i < ar->n; i++)
		if (!strcmp(ar->entries[i].name, name))
			return &ar->entries[i];
	fail_msg("no member %s", name);
	return NULL;
}

static void test_archive_contents(void **state)
{
	(void)state;
	char *d = make_parent();
	cc_chart *c = load(d);
	cc_package_opts o = { "1.2.4", "9.9", 1234567890 };
	cc_buf tgz = CC_BUF_INIT, again = CC_BUF_INIT;
	cc_error err;
	assert_int_equal(cc_package_write(c, &o, &tgz, &err), 0);
	assert_int_equal(cc_package_write(c, &o, &again, &err), 0);
	assert_int_equal(tgz.len, again.len);
	assert_memory_equal(tgz.ptr, again.ptr, tgz.len);
	cc_archive *ar = NULL;
	assert_int_equal(cc_archive_read_tgz(&ar, tgz.ptr, tgz.len, "t", NULL, &err), 0);
	const cc_archive_entry *v = entry(ar, "top/values.yaml");
	assert_int_equal(v->size, 5); /* BOM stripped */
	assert_memory_equal(v->data, "a: 1\n", 5);
	const cc_archive_entry *cy = entry(ar, "top/Chart.yaml");
	const char *want = "apiVersion: v2\nappVersion: \"9.9\"\ndependencies:\n- name: zeta\n  repository: \"\"\n"
			   "  version: 1.x\n- name: alpha\n  repository: \"\"\n  version: 1.0.0\nname: top\n"
			   "version: 1.2.4\n";
	assert_int_equal(cy->size, strlen(want));
	assert_memory_equal(cy->data, want, strlen(want));
	const cc_archive_entry *lk = entry(ar, "top/Chart.lock");
	const char *lwant = "dependencies:\n- name: zeta\n  repository: \"\"\n  version: 2.0.0\n- name: alpha\n"
			    "  repository: \"\"\n  version: 1.0.0\ndigest: sha256:abc\n"
			    "generated: \"2026-05-07T19:06:46.617697+02:00\"\n";
	assert_int_equal(lk->size, strlen(lwant));
	assert_memory_equal(lk->data, lwant, strlen(lwant));
	for (size_t i = 0; i < ar->n; i++) {
		assert_int_equal(ar->entries[i].mtime, 1234567890);
		assert_int_equal(ar->entries[i].mode, 0644);
	}
	char *file = cc_package_file_name(c, &o);
	assert_string_equal(file, "top-1.2.4.tgz");
	free(file);
	cc_archive_free(ar);
	cc_buf_free(&tgz);
	cc_buf_free(&again);
	cc_chart_free(c);
	tu_rmtree(d);
	free(d);
}

/* The packaged Chart.yaml of a chart with this Chart.yaml (and requirements.yaml, if not NULL). */
static void expect_chartfile(const char *chartfile, const char *requirements, const char *want)
{
	char *d = tu_mkdtemp();
	tu_write(d, "Chart.yaml", chartfile, (size_t)-1);
	if (requirements)
		tu_write(d, "requirements.yaml", requirements, (size_t)-1);
	cc_chart *c = load(d);
	cc_buf out = CC_BUF_INIT;
	cc_error err;
	assert_int_equal(cc_package_chartfile(c, NULL, &out, &err), 0);
	assert_string_equal(out.ptr, want);
	cc_buf_free(&out);
	cc_chart_free(c);
	tu_rmtree(d);
	free(d);
}

/* helm-formats §2.2: helm's Chart.yaml for a commented source with appVersion "1.16.0". */
static void test_chartfile_like_helm(void **state)
{
	(void)state;
	expect_chartfile("# parent chart\napiVersion: v2\nname: parent   # the name\n"
			 "description: 'A Helm chart for Kubernetes'\ntype: application\nversion: 0.1.0\n"
			 "appVersion: \"1.16.0\"\nunknownField: dropped\ndependencies:\n"
			 "  - name: sub-a\n    version: \">=0.1.0 <1.0.0\"\n    repository: \"file://../sub-a\"\n"
			 "    condition: sub-a.enabled\n    tags: [front, \"x&y\"]\n    import-values:\n"
			 "      - child: foo\n        parent: bar\n      - data\n"
			 "  - name: sub-b\n    alias: bee\n    version: ~1.2\n    repository: file://../sub-b\n",
			 NULL,
			 "apiVersion: v2\nappVersion: 1.16.0\ndependencies:\n- condition: sub-a.enabled\n"
			 "  import-values:\n  - child: foo\n    parent: bar\n  - data\n  name: sub-a\n"
			 "  repository: file://../sub-a\n  tags:\n  - front\n  - x&y\n"
			 "  version: '>=0.1.0 <1.0.0'\n- alias: bee\n  name: sub-b\n"
			 "  repository: file://../sub-b\n  version: ~1.2\n"
			 "description: A Helm chart for Kubernetes\nname: parent\ntype: application\n"
			 "version: 0.1.0\n");
}

static void test_chartfile_v1_numbers_sanitised(void **state)
{
	(void)state;
	expect_chartfile("name: old\nversion: 1.0.0\nappVersion: 1.10\ndescription: \"two\\tparts\\n\"\n"
			 "maintainers:\n- name: \"a\\u0007b\"\n  email: a@b.c\nkeywords: [k1, 2]\n"
			 "deprecated: false\nannotations:\n  b: 1.0\n  a: x\n",
			 "dependencies:\n- name: x\n  version: 1.0.0\n",
			 "annotations:\n  a: x\n  b: \"1\"\napiVersion: v1\nappVersion: \"1.1\"\n"
			 "description: 'two parts '\nkeywords:\n- k1\n- \"2\"\nmaintainers:\n- email: a@b.c\n"
			 "  name: ab\nname: old\nversion: 1.0.0\n");
}

/* ---------------------------------------------------------------- SOURCE_DATE_EPOCH */

static void test_source_date_epoch(void **state)
{
	(void)state;
	long long t = -1;
	cc_error err;
	assert_int_equal(cc_package_parse_epoch("1700000000", &t, &err), 0);
	assert_int_equal(t, 1700000000);
	assert_int_equal(cc_package_parse_epoch("0", &t, &err), 0);
	assert_int_equal(t, 0);
	static const char *const bad[] = { "", "12a", "-1", " 1", "1e9", "+5", "1.5", "99999999999999999999" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(cc_package_parse_epoch(bad[i], &t, &err), CC_EINVALID);
	assert_non_null(strstr(err.msg, "SOURCE_DATE_EPOCH"));
	char *d = tu_mkdtemp();
	tu_write(d, "Chart.yaml", "apiVersion: v2\nname: e\nversion: 1.0.0\n", (size_t)-1);
	cc_chart *c = load(d);
	const char *src = NULL;
	assert_int_equal(cc_package_epoch(c, d, "42", &t, &src, &err), 0);
	assert_int_equal(t, 42);
	assert_string_equal(src, "SOURCE_DATE_EPOCH");
	assert_int_equal(cc_package_epoch(c, d, "4x2", &t, &src, &err), CC_EINVALID);
	cc_chart_free(c);
	tu_rmtree(d);
	free(d);
}

/* ---------------------------------------------------------------- refusals */

static const cc_finding *refusal(const char *chartfile, const char *extra_rel, cc_findings *fs)
{
	char *d = tu_mkdtemp();
	tu_write(d, "Chart.yaml", chartfile, (size_t)-1);
	if (extra_rel)
		tu_write(d, extra_rel, "apiVersion: v2\nname: present\nversion: 1.0.0\n", (size_t)-1);
	cc_chart *c = load(d);
	cc_package_opts o = { NULL, NULL, 0 };
	size_t n = cc_package_check(c, &o, fs);
	cc_findings_move(fs, &c->findings);
	cc_chart_free(c);
	tu_rmtree(d);
	free(d);
	const cc_finding *last = NULL;
	for (size_t i = 0; n && i < fs->n; i++)
		if (fs->v[i].sev == CC_SEV_ERROR)
			last = &fs->v[i];
	return last;
}

static void test_refusals(void **state)
{
	(void)state;
	cc_findings fs = CC_FINDINGS_INIT;
	const cc_finding *f = refusal("apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n"
				      "- name: present\n  version: 1.0.0\n- name: a\n  version: 1\n- name: b\n",
				      "charts/present/Chart.yaml", &fs);
	assert_non_null(f);
	assert_string_equal(f->rule, "package/dependencies-missing");
	assert_string_equal(f->msg, "found in Chart.yaml, but missing in charts/ directory: a, b");
	assert_string_equal(f->file, "chart/Chart.yaml");
	assert_int_equal(f->line, 7);
	f = refusal("apiVersion: v3\nname: p\nversion: 1.0.0\n", NULL, &fs);
	assert_non_null(f);
	assert_string_equal(f->msg, "invalid chart apiVersion");
	assert_int_equal(f->line, 1);
	f = refusal("apiVersion: v2\nname: p\nversion: 1.0.0.0\n", NULL, &fs);
	assert_non_null(f);
	assert_string_equal(f->rule, "package/invalid");
	assert_string_equal(f->msg, "validation: chart.metadata.version \"1.0.0.0\" is invalid");
	assert_int_equal(f->line, 3);
	assert_int_equal(f->col, 10);
	f = refusal("apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: x\n  alias: a.b\n", NULL, &fs);
	assert_non_null(f);
	assert_string_equal(f->msg, "validation: dependency \"x\" has disallowed characters in the alias");
	f = refusal("apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: x\n- name: y\n  alias: x\n",
		    NULL, &fs);
	assert_non_null(f);
	assert_non_null(strstr(f->msg, "more than one dependency with name or alias \"x\""));
	f = refusal("apiVersion: v2\nname: p\nversion: 1.0.0\ntype: other\n", NULL, &fs);
	assert_non_null(f);
	assert_string_equal(f->msg, "validation: chart.metadata.type must be application or library");
	f = refusal("apiVersion: v2\nname: p\nversion: 1.0.0\nmaintainers:\n- null\n", NULL, &fs);
	assert_non_null(f);
	assert_non_null(strstr(f->msg, "maintainers[0] is empty")); /* the loader's finding stops it */
	assert_null(refusal("apiVersion: v2\nname: p\nversion: 1.0\n", NULL, &fs));
	cc_findings_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ustar_header_bytes),
		cmocka_unit_test(test_ustar_prefix_split),
		cmocka_unit_test(test_pax_long_name),
		cmocka_unit_test(test_pax_non_ascii),
		cmocka_unit_test(test_tar_refuses_bad_times),
		cmocka_unit_test(test_gzip_header),
		cmocka_unit_test(test_member_order),
		cmocka_unit_test(test_archive_contents),
		cmocka_unit_test(test_chartfile_like_helm),
		cmocka_unit_test(test_chartfile_v1_numbers_sanitised),
		cmocka_unit_test(test_source_date_epoch),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
