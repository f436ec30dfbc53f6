/*
 * lint: the checks chartci makes on one loaded chart.
 *
 * The chart loader already reports what keeps a chart from loading (files
 * that are not YAML, fields of the wrong kind, duplicate keys, unsafe
 * paths). Lint adds the checks on top of a loaded chart: today the values
 * files chart-testing uses (ci/<name>-values.yaml) must parse to mappings; the
 * Chart.yaml rules of helm lint, the JSON Schema validation of values and
 * the team's rule packs build on this entry point.
 */
#ifndef CC_LINT_H
#define CC_LINT_H

#include "chart/chart.h"
#include "report/report.h"

typedef struct cc_lint_opts {
	size_t max_values; /* bound on each values file; 0 = CC_CHART_MAX_VALUES */
} cc_lint_opts;

/* Appends the chart's load findings and lint findings to out. */
int cc_lint_chart(const cc_chart *c, const cc_lint_opts *opts, cc_findings *out, cc_error *err);

#endif
