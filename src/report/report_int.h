/*
 * report_int.h: what the files of src/report share and nobody else sees.
 *
 * The four writers build their output in memory and hand it to
 * cc_report_write, which is the only place that touches the FILE, so a
 * write error is detected and reported in one spot.
 */
#ifndef CC_REPORT_INT_H
#define CC_REPORT_INT_H

#include "base/base.h"
#include "report/report.h"

/* Finding strings may be NULL where the contract allows it (hint, chart) or
 * where a caller filled a struct by hand; every reader treats NULL as "". */
static inline const char *cc_report_nz(const char *s)
{
	return s ? s : "";
}

/* Exact counts per severity, indexed by cc_severity. */
typedef struct cc_report_tally {
	size_t n[3];
} cc_report_tally;

void cc_report_count(const cc_findings *fs, cc_report_tally *t);
/* "N charts checked: …\n", shared by text and GitHub output. */
void cc_report_summary(cc_buf *b, const cc_findings *fs, size_t charts);

void cc_report_fmt_text(cc_buf *b, const cc_findings *fs, const cc_report_opts *o);
void cc_report_fmt_github(cc_buf *b, const cc_findings *fs, const cc_report_opts *o);
int cc_report_fmt_json(cc_buf *b, const cc_findings *fs, const cc_report_opts *o, cc_error *err);
int cc_report_fmt_sarif(cc_buf *b, const cc_findings *fs, const cc_report_opts *o, cc_error *err);

#endif
