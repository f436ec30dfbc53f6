/*
 * findings: the list every stage fills and only the CLI prints.
 *
 * A finding owns copies of all its strings, so a stage may build messages
 * from temporary buffers and free them at once. The pointer returned by
 * cc_findings_add is valid only until the next add to the same list (the
 * array may move), which is all a caller needs to set a hint or a chart.
 *
 * Sorting is a merge sort rather than qsort because the order of findings
 * at the same position must be the order the checks ran in: qsort is not
 * stable, and a report that reorders itself between runs breaks diffs.
 */
#include "report/report_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static cc_finding *push(cc_findings *fs)
{
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 16;
		fs->v = cc_realloc(fs->v, fs->cap * sizeof(*fs->v));
	}
	cc_finding *f = &fs->v[fs->n++];
	memset(f, 0, sizeof(*f));
	return f;
}

/* Takes ownership of msg. Out-of-range severities count as errors, so a
 * bad value can only make a run stricter, never let a problem pass. */
static cc_finding *add_owned(cc_findings *fs, cc_severity sev, const char *rule,
			     const char *file, int line, int col, char *msg)
{
	cc_finding *f = push(fs);
	f->sev = sev >= CC_SEV_INFO && sev <= CC_SEV_ERROR ? sev : CC_SEV_ERROR;
	f->rule = cc_strdup(cc_report_nz(rule));
	f->file = cc_strdup(cc_report_nz(file));
	f->line = line > 0 ? line : 0;
	f->col = col > 0 ? col : 0;
	f->msg = msg;
	return f;
}

cc_finding *cc_findings_add(cc_findings *fs, cc_severity sev, const char *rule,
			    const char *file, int line, int col, const char *fmt, ...)
{
	cc_buf b = CC_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	cc_buf_vprintf(&b, cc_report_nz(fmt), ap);
	va_end(ap);
	return add_owned(fs, sev, rule, file, line, col, cc_buf_detach(&b));
}

cc_finding *cc_findings_add_error(cc_findings *fs, cc_severity sev, const char *rule,
				  const cc_error *err)
{
	if (!err)
		return add_owned(fs, sev, rule, "", 0, 0, cc_strdup("unknown error"));
	return add_owned(fs, sev, rule, err->file, err->line, err->col,
			 cc_strdup(err->msg[0] ? err->msg : cc_error_code_name(err->code)));
}

static void replace(char **slot, const char *s)
{
	free(*slot);
	*slot = s ? cc_strdup(s) : NULL;
}

void cc_finding_set_hint(cc_finding *f, const char *hint)
{
	if (f)
		replace(&f->hint, hint);
}

void cc_finding_set_chart(cc_finding *f, const char *chart)
{
	if (f)
		replace(&f->chart, chart);
}

/* src is left empty and without storage, as after CC_FINDINGS_INIT. */
void cc_findings_move(cc_findings *dst, cc_findings *src)
{
	if (!dst || !src || dst == src)
		return;
	if (src->n > 0) {
		size_t need = dst->n + src->n;
		if (need > dst->cap) {
			dst->cap = need;
			dst->v = cc_realloc(dst->v, dst->cap * sizeof(*dst->v));
		}
		memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
		dst->n = need;
	}
	free(src->v);
	src->v = NULL;
	src->n = src->cap = 0;
}

static int cmp_int(int a, int b)
{
	return a < b ? -1 : a > b;
}

static int cmp_pos(const cc_finding *a, const cc_finding *b)
{
	int c = strcmp(cc_report_nz(a->file), cc_report_nz(b->file));
	if (c == 0)
		c = cmp_int(a->line, b->line);
	if (c == 0)
		c = cmp_int(a->col, b->col);
	return c;
}

/* Ties take the left element first: that is what keeps the sort stable. */
static void merge(cc_finding *v, cc_finding *tmp, size_t half, size_t n)
{
	size_t i = 0, j = half, k = 0;
	while (i < half && j < n)
		tmp[k++] = cmp_pos(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < half)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

static void merge_sort(cc_finding *v, cc_finding *tmp, size_t n)
{
	if (n < 2)
		return;
	size_t half = n / 2;
	merge_sort(v, tmp, half);
	merge_sort(v + half, tmp, n - half);
	merge(v, tmp, half, n);
}

void cc_findings_sort(cc_findings *fs)
{
	if (!fs || fs->n < 2)
		return;
	cc_finding *tmp = cc_malloc(fs->n * sizeof(*tmp));
	merge_sort(fs->v, tmp, fs->n);
	free(tmp);
}

size_t cc_findings_count(const cc_findings *fs, cc_severity at_least)
{
	size_t n = 0;
	for (size_t i = 0; fs && i < fs->n; i++)
		if (fs->v[i].sev >= at_least)
			n++;
	return n;
}

void cc_findings_free(cc_findings *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->n; i++) {
		cc_finding *f = &fs->v[i];
		free(f->rule);
		free(f->file);
		free(f->msg);
		free(f->hint);
		free(f->chart);
	}
	free(fs->v);
	fs->v = NULL;
	fs->n = fs->cap = 0;
}

static const char *const sev_names[] = { "info", "warning", "error" };

const char *cc_severity_name(cc_severity sev)
{
	if (sev >= CC_SEV_INFO && sev <= CC_SEV_ERROR)
		return sev_names[sev];
	return "unknown";
}

int cc_severity_parse(const char *s, cc_severity *out)
{
	for (int i = CC_SEV_INFO; s && i <= CC_SEV_ERROR; i++) {
		if (strcmp(s, sev_names[i]) == 0) {
			if (out)
				*out = (cc_severity)i;
			return CC_OK;
		}
	}
	return CC_EINVALID;
}

static const char *const format_names[] = { "text", "json", "github", "sarif" };

int cc_format_parse(const char *s, cc_format *out)
{
	for (int i = CC_FORMAT_TEXT; s && i <= CC_FORMAT_SARIF; i++) {
		if (strcmp(s, format_names[i]) == 0) {
			if (out)
				*out = (cc_format)i;
			return CC_OK;
		}
	}
	return CC_EINVALID;
}
