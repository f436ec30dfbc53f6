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
 * Team rule packs (src/rules) run after them, and findings whose rule id
 * is disabled, repository-wide or by the chart's own comment, are dropped.
 *
 * A linter holds what is compiled once for many charts (patterns); it is
 * not shared between threads.
 */
#ifndef CC_LINT_H
#define CC_LINT_H

#include "chart/chart.h"
#include "report/report.h"
#include "rules/rules.h"
#include "schema/schema.h"

typedef struct cc_lint_opts {
	size_t max_values; /* bound on each values file; 0 = CC_CHART_MAX_VALUES */
	/* Team rule packs run after the built-in checks (borrowed; may be NULL). */
	const cc_rulepack *const *packs;
	size_t npacks;
	/* Rule ids switched off for every chart (borrowed; may be NULL); a chart's
	   "# chartci:disable=" comments add to them. Built-in ids count too. */
	const cc_strvec *disabled;
	/* How values.schema.json files resolve remote $refs (borrowed; NULL: they
	   are errors). Only mappings, the allow-list and the loader are used. */
	const cc_schema_opts *schema;
} cc_lint_opts;

typedef struct cc_linter cc_linter;

int cc_linter_new(cc_linter **out, const cc_lint_opts *opts, cc_error *err);
/* Appends the chart's load findings and lint findings to out. */
int cc_linter_run(cc_linter *l, const cc_chart *c, cc_findings *out, cc_error *err);
void cc_linter_free(cc_linter *l);

#endif
