/*
 * lint: the checks chartci makes on one loaded chart.
 *
 * The chart loader reports what keeps a chart from loading (files that are
 * not YAML, fields of the wrong kind, duplicate keys, unsafe paths). Lint
 * adds helm lint's rules on top: Chart.yaml metadata (apiVersion, name,
 * version, maintainers, URLs, type, kubeVersion, unknown fields),
 * dependencies (names, aliases, constraints, repositories, conditions,
 * duplicates, charts/ against Chart.yaml), crds/, and the values files
 * chart-testing uses (ci/<name>-values.yaml) as mappings.
 *
 * A linter holds what is compiled once for many charts (patterns); it is
 * not shared between threads.
 */
#ifndef CC_LINT_H
#define CC_LINT_H

#include "chart/chart.h"
#include "report/report.h"

typedef struct cc_lint_opts {
	size_t max_values; /* bound on each values file; 0 = CC_CHART_MAX_VALUES */
} cc_lint_opts;

typedef struct cc_linter cc_linter;

int cc_linter_new(cc_linter **out, const cc_lint_opts *opts, cc_error *err);
/* Appends the chart's load findings and lint findings to out. */
int cc_linter_run(cc_linter *l, const cc_chart *c, cc_findings *out, cc_error *err);
void cc_linter_free(cc_linter *l);

#endif
