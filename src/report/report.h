/*
 * report: findings as values, and their printing.
 *
 * Every stage (load, lint, lock, version rules, package, publish) returns its
 * problems as cc_finding values in a cc_findings list; only the CLI prints,
 * through cc_report_write, in one of four formats:
 *   text    path:line:col: error[rule-id]: message   (colour on a TTY only)
 *   json    one document, stable keys, for scripts
 *   github  workflow commands (::error file=…,line=…,col=…,title=…::msg)
 *   sarif   SARIF 2.1.0, for code scanning upload
 * Paths in findings are as the caller chose them (relative to the working
 * directory or repository root), so every format points at the same file.
 */
#ifndef CC_REPORT_H
#define CC_REPORT_H

#include <stdio.h>
#include <stddef.h>
#include "base/base.h"

typedef enum { CC_SEV_INFO = 0, CC_SEV_WARNING = 1, CC_SEV_ERROR = 2 } cc_severity;

typedef struct cc_finding {
	cc_severity sev;
	char *rule;  /* stable id: "yaml/syntax", "chart/version-semver", ... */
	char *file;  /* may be "" when the finding is about no file */
	int line;    /* 1-based, 0 if unknown */
	int col;     /* 1-based, 0 if unknown */
	char *msg;
	char *hint;  /* optional fix suggestion, or NULL */
	char *chart; /* chart directory the finding belongs to, or NULL */
} cc_finding;

typedef struct cc_findings {
	cc_finding *v;
	size_t n, cap;
} cc_findings;

#define CC_FINDINGS_INIT { NULL, 0, 0 }

/* Appends a finding; returns it so the caller may set hint/chart. */
cc_finding *cc_findings_add(cc_findings *fs, cc_severity sev, const char *rule,
			    const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Appends a finding built from an error value (its file, line, col and message). */
cc_finding *cc_findings_add_error(cc_findings *fs, cc_severity sev, const char *rule,
				  const cc_error *err);
void cc_finding_set_hint(cc_finding *f, const char *hint);
void cc_finding_set_chart(cc_finding *f, const char *chart);
/* Moves all of src's findings to the end of dst. */
void cc_findings_move(cc_findings *dst, cc_findings *src);
/* Stable sort by file, line, col, then insertion order. */
void cc_findings_sort(cc_findings *fs);
size_t cc_findings_count(const cc_findings *fs, cc_severity at_least);
void cc_findings_free(cc_findings *fs);

const char *cc_severity_name(cc_severity sev); /* "error", "warning", "info" */
int cc_severity_parse(const char *s, cc_severity *out);

typedef enum {
	CC_FORMAT_TEXT,
	CC_FORMAT_JSON,
	CC_FORMAT_GITHUB,
	CC_FORMAT_SARIF
} cc_format;

int cc_format_parse(const char *s, cc_format *out);

/* What a rule is, for SARIF's rule table and `chartci rules`. */
typedef struct cc_rule_info {
	const char *id;
	cc_severity default_sev;
	const char *summary;     /* one line */
	const char *description; /* a paragraph: what it checks and why */
} cc_rule_info;

/* The catalogue of every rule id chartci can report; NULL-id terminated. */
const cc_rule_info *cc_rule_catalog(void);
const cc_rule_info *cc_rule_lookup(const char *id);

typedef struct cc_report_opts {
	cc_format format;
	int color;            /* text: ANSI colours */
	int quiet;            /* text: no summary line */
	size_t charts;        /* number of charts checked, for the summary */
	const char *tool_version;
} cc_report_opts;

/*
 * Writes fs in the chosen format. Text and GitHub output end with a summary
 * line on `out` unless quiet; JSON and SARIF are one document.
 */
int cc_report_write(FILE *out, const cc_findings *fs, const cc_report_opts *opts, cc_error *err);

/* Escaping for GitHub workflow command data and properties (exposed for tests). */
char *cc_report_github_escape_data(const char *s);
char *cc_report_github_escape_prop(const char *s);

#endif
