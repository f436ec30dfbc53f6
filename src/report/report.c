/*
 * report: cc_report_write and the two line-oriented formats, text and
 * GitHub workflow commands (JSON and SARIF live in sarif.c).
 *
 * Every writer builds its whole output in memory and cc_report_write puts
 * it on the stream in one go, so a failed write (a full disk, a closed
 * pipe) is caught in one place and reported instead of lost.
 *
 * Messages quote chart content (keys, file names), which is untrusted: the
 * text writer shows control bytes as \xNN so a crafted file name cannot
 * move the cursor or recolour a terminal, and the GitHub writer escapes
 * exactly as actions/toolkit does, so a newline in a message cannot start
 * a workflow command of its own.
 */
#include "report/report_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SGR_RESET "\033[0m"
#define SGR_BOLD "\033[1m"
#define SGR_DIM "\033[2m"

/* ---------------------------------------------------------------- counts */

void cc_report_count(const cc_findings *fs, cc_report_tally *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; fs && i < fs->n; i++) {
		int s = (int)fs->v[i].sev;
		t->n[s >= CC_SEV_INFO && s <= CC_SEV_ERROR ? s : CC_SEV_ERROR]++;
	}
}

static void put_count(cc_buf *b, size_t n, const char *word, const char *sep)
{
	cc_buf_printf(b, "%zu %s%s%s", n, word, n == 1 ? "" : "s", sep);
}

void cc_report_summary(cc_buf *b, const cc_findings *fs, size_t charts)
{
	cc_report_tally t;
	cc_report_count(fs, &t);
	put_count(b, charts, "chart", " checked: ");
	if (t.n[CC_SEV_ERROR] + t.n[CC_SEV_WARNING] + t.n[CC_SEV_INFO] == 0) {
		cc_buf_puts(b, "no problems found\n");
		return;
	}
	put_count(b, t.n[CC_SEV_ERROR], "error", ", ");
	put_count(b, t.n[CC_SEV_WARNING], "warning", ", ");
	put_count(b, t.n[CC_SEV_INFO], "info", "\n");
}

/* ---------------------------------------------------------------- text */

/* Tabs stay (messages indent with them); every other control byte and DEL
 * is shown as \xNN. */
static void put_safe(cc_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			cc_buf_printf(b, "\\x%02x", c);
		else
			cc_buf_putc(b, (char)c);
	}
}

static void put_styled(cc_buf *b, int color, const char *sgr, const char *s)
{
	if (color)
		cc_buf_puts(b, sgr);
	put_safe(b, s, strlen(s));
	if (color)
		cc_buf_puts(b, SGR_RESET);
}

static const char *sev_sgr(cc_severity sev)
{
	switch (sev) {
	case CC_SEV_INFO: return "\033[1;36m";
	case CC_SEV_WARNING: return "\033[1;33m";
	case CC_SEV_ERROR:
	default: return "\033[1;31m";
	}
}

/* "path:line:col" with the parts that are known; "chartci" without a file. */
static void put_location(cc_buf *b, const cc_finding *f, int color)
{
	cc_buf loc = CC_BUF_INIT;
	const char *file = cc_report_nz(f->file);
	cc_buf_puts(&loc, file[0] ? file : "chartci");
	if (file[0] && f->line > 0) {
		cc_buf_printf(&loc, ":%d", f->line);
		if (f->col > 0)
			cc_buf_printf(&loc, ":%d", f->col);
	}
	put_styled(b, color, SGR_BOLD, loc.ptr);
	cc_buf_free(&loc);
}

/* Continuation lines are indented so a multi-line message still reads as
 * one record; an empty line gets no indent so no line ends in spaces, and
 * trailing newlines are dropped because the record ends its own line. */
static void put_lines(cc_buf *b, const char *s, const char *indent)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == '\n')
		n--;
	for (size_t start = 0;;) {
		const char *nl = memchr(s + start, '\n', n - start);
		size_t end = nl ? (size_t)(nl - s) : n;
		put_safe(b, s + start, end - start);
		cc_buf_putc(b, '\n');
		if (!nl)
			break;
		start = end + 1;
		if (start < n && s[start] != '\n')
			cc_buf_puts(b, indent);
	}
}

static void text_finding(cc_buf *b, const cc_finding *f, int color)
{
	put_location(b, f, color);
	cc_buf_puts(b, ": ");
	put_styled(b, color, sev_sgr(f->sev), cc_severity_name(f->sev));
	if (cc_report_nz(f->rule)[0]) {
		cc_buf_putc(b, '[');
		put_styled(b, color, SGR_DIM, f->rule);
		cc_buf_putc(b, ']');
	}
	cc_buf_puts(b, ": ");
	put_lines(b, cc_report_nz(f->msg), "  ");
	if (f->hint) {
		cc_buf_puts(b, "  hint: ");
		put_lines(b, f->hint, "        ");
	}
}

void cc_report_fmt_text(cc_buf *b, const cc_findings *fs, const cc_report_opts *o)
{
	for (size_t i = 0; i < fs->n; i++)
		text_finding(b, &fs->v[i], o->color);
	if (!o->quiet)
		cc_report_summary(b, fs, o->charts);
}

/* ---------------------------------------------------------------- github */

/* actions/toolkit command.ts: escapeData, and escapeProperty on top. */
static char *gh_escape(const char *s, int prop)
{
	cc_buf b = CC_BUF_INIT;
	for (const char *p = cc_report_nz(s); *p; p++) {
		switch (*p) {
		case '%': cc_buf_puts(&b, "%25"); break;
		case '\r': cc_buf_puts(&b, "%0D"); break;
		case '\n': cc_buf_puts(&b, "%0A"); break;
		case ':': cc_buf_puts(&b, prop ? "%3A" : ":"); break;
		case ',': cc_buf_puts(&b, prop ? "%2C" : ","); break;
		default: cc_buf_putc(&b, *p); break;
		}
	}
	return cc_buf_detach(&b);
}

char *cc_report_github_escape_data(const char *s)
{
	return gh_escape(s, 0);
}

char *cc_report_github_escape_prop(const char *s)
{
	return gh_escape(s, 1);
}

static const char *gh_command(cc_severity sev)
{
	switch (sev) {
	case CC_SEV_INFO: return "notice";
	case CC_SEV_WARNING: return "warning";
	case CC_SEV_ERROR:
	default: return "error";
	}
}

static void gh_prop(cc_buf *b, const char *name, const char *value)
{
	char *esc = cc_report_github_escape_prop(value);
	cc_buf_printf(b, "%s=%s,", name, esc);
	free(esc);
}

/* The hint rides in the message: an annotation has no other field a
 * reader sees, and the fix is the part they need. */
static void github_finding(cc_buf *b, const cc_finding *f)
{
	char num[32];
	cc_buf_printf(b, "::%s ", gh_command(f->sev));
	if (cc_report_nz(f->file)[0])
		gh_prop(b, "file", f->file);
	if (f->line > 0) {
		snprintf(num, sizeof(num), "%d", f->line);
		gh_prop(b, "line", num);
		if (f->col > 0) {
			snprintf(num, sizeof(num), "%d", f->col);
			gh_prop(b, "col", num);
		}
	}
	char *title = cc_report_nz(f->rule)[0] ? cc_asprintf("chartci %s", f->rule) : cc_strdup("chartci");
	char *esc = cc_report_github_escape_prop(title);
	char *msg = f->hint ? cc_asprintf("%s\nhint: %s", cc_report_nz(f->msg), f->hint) : cc_strdup(cc_report_nz(f->msg));
	char *data = cc_report_github_escape_data(msg);
	cc_buf_printf(b, "title=%s::%s\n", esc, data);
	free(title);
	free(esc);
	free(msg);
	free(data);
}

void cc_report_fmt_github(cc_buf *b, const cc_findings *fs, const cc_report_opts *o)
{
	for (size_t i = 0; i < fs->n; i++)
		github_finding(b, &fs->v[i]);
	if (!o->quiet)
		cc_report_summary(b, fs, o->charts);
}

/* ---------------------------------------------------------------- dispatch */

static int build(cc_buf *b, const cc_findings *fs, const cc_report_opts *o, cc_error *err)
{
	switch (o->format) {
	case CC_FORMAT_TEXT:
		cc_report_fmt_text(b, fs, o);
		return CC_OK;
	case CC_FORMAT_GITHUB:
		cc_report_fmt_github(b, fs, o);
		return CC_OK;
	case CC_FORMAT_JSON:
		return cc_report_fmt_json(b, fs, o, err);
	case CC_FORMAT_SARIF:
		return cc_report_fmt_sarif(b, fs, o, err);
	}
	return cc_error_set(err, CC_EINVALID, "", 0, 0, "unknown report format %d", (int)o->format);
}

static int emit(FILE *out, const cc_buf *b, cc_error *err)
{
	errno = 0;
	if (b->len > 0 && fwrite(b->ptr, 1, b->len, out) != b->len)
		return cc_error_sys(err, errno ? errno : EIO, "", "cannot write the report");
	if (fflush(out) != 0 || ferror(out))
		return cc_error_sys(err, errno ? errno : EIO, "", "cannot write the report");
	return CC_OK;
}

int cc_report_write(FILE *out, const cc_findings *fs, const cc_report_opts *opts, cc_error *err)
{
	static const cc_findings none = CC_FINDINGS_INIT;
	static const cc_report_opts defaults = { CC_FORMAT_TEXT, 0, 0, 0, NULL };
	if (!out)
		return cc_error_set(err, CC_EINVALID, "", 0, 0, "no stream to write the report to");
	cc_buf b = CC_BUF_INIT;
	int rc = build(&b, fs ? fs : &none, opts ? opts : &defaults, err);
	if (rc == CC_OK)
		rc = emit(out, &b, err);
	cc_buf_free(&b);
	return rc;
}
