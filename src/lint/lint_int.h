/*
 * Internal to src/lint: the state one chart's checks share, and the checks
 * themselves, one file per part of helm lint (chartfile.c, deps.c, crds.c)
 * plus the string validators they use (validate.c).
 */
#ifndef CC_LINT_INT_H
#define CC_LINT_INT_H

#include "lint/lint.h"

typedef struct cc_lint_patterns cc_lint_patterns;

typedef struct cc_lintctx {
	const cc_chart *c;
	cc_findings *out;
	char *chartfile;                  /* display path of Chart.yaml */
	const cc_lint_patterns *patterns; /* compiled once per linter */
	const cc_schema_opts *schema_opts; /* remote $ref mappings; may be NULL */
	/* the chart's ci/<name>-values.yaml files, each read once: NULL where one did not load */
	const cc_chart_file **ci_files;
	cc_yaml_doc **ci_docs;
	size_t nci;
} cc_lintctx;

/* A finding at `at` (a node of `file`), or at the file when at is NULL; returned for hints. */
cc_finding *cc_lint_add(cc_lintctx *L, cc_severity sev, const char *rule, const char *file,
		 const cc_yaml_node *at, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

void cc_lint_chartfile(cc_lintctx *L);
void cc_lint_dependencies(cc_lintctx *L);
void cc_lint_crds(cc_lintctx *L);
void cc_lint_subcharts(cc_lintctx *L);
/* values and ci files against values.schema.json, subchart schemas too */
void cc_lint_values(cc_lintctx *L);
/* chart-testing's convention: ci/<anything>-values.yaml are values overrides. */
int cc_lint_is_ci_values(const char *name);

cc_lint_patterns *cc_lint_patterns_new(void);
void cc_lint_patterns_free(cc_lint_patterns *p);
/* helm lint's validators (govalidator's IsEmail, IsURL, IsRequestURL). */
int cc_lint_is_email(const cc_lint_patterns *p, const char *s);
int cc_lint_is_url(const cc_lint_patterns *p, const char *s);
int cc_lint_is_request_url(const char *s);

/* A scalar's text as helm's string field would hold it (NULL when absent or not a scalar). */
char *cc_lint_string(const cc_yaml_node *n);

#endif
