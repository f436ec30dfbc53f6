/*
 * publish: an archive to publish, read once. Its name and version come
 * from the archive itself (helm's Metadata of the Chart.yaml inside), not
 * from the file name, as `helm push` and `helm repo index` read them.
 */
#include "publish/publish.h"
#include "archive/archive.h"
#include "chart/chart.h"
#include "package/package.h"

#include <stdlib.h>
#include <string.h>

/* The time of the archive's <name>/Chart.yaml entry: chartci stamps every entry with it. */
static long long chart_time(const cc_publish_chart *c, cc_error *err)
{
	cc_archive *ar = NULL;
	long long t = 0;
	if (cc_archive_read_tgz(&ar, c->data, c->len, c->path, NULL, err) != CC_OK)
		return -1;
	char *want = cc_asprintf("%s/Chart.yaml", c->name);
	for (size_t i = 0; i < ar->n; i++)
		if (strcmp(ar->entries[i].name, want) == 0)
			t = ar->entries[i].mtime;
	free(want);
	cc_archive_free(ar);
	return t;
}

static int metadata(cc_publish_chart *out, cc_error *err)
{
	cc_chart *c = NULL;
	cc_chart_opts o = { .no_subcharts = 1 };
	int rc = cc_chart_load(&c, out->path, out->path, &o, err);
	for (size_t i = 0; rc == CC_OK && i < c->findings.n; i++)
		if (c->findings.v[i].sev == CC_SEV_ERROR)
			rc = cc_error_set(err, CC_EINVALID, c->findings.v[i].file, c->findings.v[i].line,
					  c->findings.v[i].col, "not a chart helm would load: %s", c->findings.v[i].msg);
	if (rc == CC_OK)
		rc = cc_package_metadata(c, NULL, &out->metadata, err);
	cc_chart_free(c);
	return rc;
}

int cc_publish_chart_load(const char *path, cc_publish_chart *out, cc_error *err)
{
	memset(out, 0, sizeof(*out));
	out->path = cc_strdup(path);
	cc_buf b = CC_BUF_INIT;
	int rc = cc_file_read(path, CC_ARCHIVE_MAX_TOTAL, &b, err);
	if (rc == CC_OK) {
		out->len = b.len;
		out->data = (unsigned char *)cc_buf_detach(&b);
		cc_sha256_hex(out->data ? (const char *)out->data : "", out->len, out->sha256);
		rc = metadata(out, err);
	}
	if (rc == CC_OK) {
		char *prov = cc_asprintf("%s.prov", path);
		cc_buf p = CC_BUF_INIT;
		cc_error ignored;
		if (cc_file_read(prov, (size_t)1 << 20, &p, &ignored) == CC_OK) {
			out->prov_len = p.len;
			out->prov = (unsigned char *)cc_buf_detach(&p);
		}
		cc_buf_free(&p);
		free(prov);
	}
	if (rc == CC_OK) {
		out->name = cc_strdup(json_string_value(json_object_get(out->metadata, "name")));
		out->version = cc_strdup(json_string_value(json_object_get(out->metadata, "version")));
		out->mtime = chart_time(out, err);
		rc = out->mtime < 0 ? err->code : CC_OK;
	}
	cc_buf_free(&b);
	return rc;
}

void cc_publish_chart_free(cc_publish_chart *c)
{
	free(c->path);
	free(c->data);
	free(c->prov);
	free(c->name);
	free(c->version);
	json_decref(c->metadata);
	memset(c, 0, sizeof(*c));
}

void cc_publish_result_free(cc_publish_result *r)
{
	free(r->where);
	free(r->digest);
	memset(r, 0, sizeof(*r));
}
