/*
 * lint: see lint.h. Each check reads the loaded chart and appends findings;
 * none prints, none stops the others.
 */
#include "lint/lint_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct cc_linter {
	cc_lint_opts opts;
	cc_lint_patterns *patterns;
};

cc_finding *cc_lint_add(cc_lintctx *L, cc_severity sev, const char *rule, const char *file,
		 const cc_yaml_node *at, const char *fmt, ...)
{
	cc_buf b = CC_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	cc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cc_finding *f = cc_findings_add(L->out, sev, rule, file, at ? at->line : 0, at ? at->col : 0,
					"%s", b.ptr ? b.ptr : "");
	cc_finding_set_chart(f, L->c->display);
	cc_buf_free(&b);
	return f;
}

char *cc_lint_string(const cc_yaml_node *n)
{
	if (!n || n->kind != CC_YAML_SCALAR || cc_yaml_is_null(n))
		return NULL;
	if (cc_yaml_is_string(n))
		return cc_strdup(n->value);
	return cc_yaml_scalar_go_string(n);
}

static void copy_finding(const cc_finding *f, cc_findings *to)
{
	cc_finding *n = cc_findings_add(to, f->sev, f->rule, f->file, f->line, f->col, "%s", f->msg);
	if (f->hint)
		cc_finding_set_hint(n, f->hint);
	if (f->chart)
		cc_finding_set_chart(n, f->chart);
}

static void copy_findings(const cc_findings *from, cc_findings *to)
{
	for (size_t i = 0; i < from->n; i++)
		copy_finding(&from->v[i], to);
}

/* chart-testing's convention: ci/<anything>-values.yaml are values overrides. */
int cc_lint_is_ci_values(const char *name)
{
	if (strncmp(name, "ci/", 3) != 0 || strchr(name + 3, '/'))
		return 0;
	size_t n = strlen(name);
	return n >= 3 + 12 && strcmp(name + n - 12, "-values.yaml") == 0;
}

/* Loads a ci values file and reports what keeps it from being values; NULL if it did not load. */
static cc_yaml_doc *load_ci_values(const cc_chart *c, const cc_chart_file *file, size_t max,
				   cc_findings *out)
{
	char *shown = cc_chart_display_path(c, file->name);
	cc_error err;
	cc_error_clear(&err);
	cc_yaml_doc *doc = NULL;
	int rc = CC_OK;
	if (!file->path)
		rc = cc_error_set(&err, CC_EINVALID, shown, 0, 0, "not readable from an archive here");
	else if ((rc = cc_yaml_load_file(&doc, file->path, max, NULL, &err)) != CC_OK)
		snprintf(err.file, sizeof(err.file), "%s", shown);
	if (rc != CC_OK) {
		const char *rule = rc == CC_ELIMIT ? "yaml/limit" : rc == CC_EINVALID ? "yaml/syntax"
										      : "chart/file-unreadable";
		cc_finding_set_chart(cc_findings_add_error(out, CC_SEV_ERROR, rule, &err), c->display);
	} else {
		for (size_t i = 0; i < cc_yaml_doc_nnotes(doc); i++) {
			const cc_yaml_note *nt = cc_yaml_doc_note(doc, i);
			cc_finding_set_chart(cc_findings_add(out, CC_SEV_WARNING, "yaml/duplicate-key", shown,
							     nt->line, nt->col, "%s", nt->msg), c->display);
		}
		cc_yaml_node *root = cc_yaml_doc_root(doc);
		if (root && root->kind != CC_YAML_MAP && !cc_yaml_is_null(root))
			cc_finding_set_chart(cc_findings_add(out, CC_SEV_ERROR, "values/not-mapping", shown,
							     root->line, root->col,
							     "values must be a mapping of keys to values, but this is a %s",
							     cc_yaml_type_name(root)), c->display);
	}
	free(shown);
	return doc;
}

static void load_ci(cc_lintctx *L, size_t max)
{
	const cc_chart *c = L->c;
	for (size_t i = 0; i < c->nfiles; i++) {
		if (!cc_lint_is_ci_values(c->files[i].name))
			continue;
		L->ci_files = cc_realloc(L->ci_files, (L->nci + 1) * sizeof(*L->ci_files));
		L->ci_docs = cc_realloc(L->ci_docs, (L->nci + 1) * sizeof(*L->ci_docs));
		L->ci_files[L->nci] = &c->files[i];
		L->ci_docs[L->nci++] = load_ci_values(c, &c->files[i], max, L->out);
	}
}

static void free_ci(cc_lintctx *L)
{
	for (size_t i = 0; i < L->nci; i++)
		cc_yaml_doc_free(L->ci_docs[i]);
	free(L->ci_docs);
	free(L->ci_files);
}

int cc_linter_new(cc_linter **out, const cc_lint_opts *opts, cc_error *err)
{
	(void)err;
	cc_linter *l = cc_calloc(1, sizeof(*l));
	if (opts)
		l->opts = *opts;
	if (!l->opts.max_values)
		l->opts.max_values = CC_CHART_MAX_VALUES;
	l->patterns = cc_lint_patterns_new();
	*out = l;
	return CC_OK;
}

void cc_linter_free(cc_linter *l)
{
	if (!l)
		return;
	cc_lint_patterns_free(l->patterns);
	free(l);
}

/* The ids off for this chart: the repository's and the chart's own comments. */
static void disabled_ids(const cc_linter *l, const cc_chart *c, cc_strvec *out)
{
	for (size_t i = 0; l->opts.disabled && i < l->opts.disabled->n; i++)
		cc_strvec_push(out, l->opts.disabled->v[i]);
	cc_rules_chart_disabled(c, out);
}

static void copy_enabled(const cc_findings *from, const cc_strvec *disabled, cc_findings *to)
{
	for (size_t i = 0; i < from->n; i++)
		if (!cc_strvec_contains(disabled, from->v[i].rule))
			copy_finding(&from->v[i], to);
}

int cc_linter_run(cc_linter *l, const cc_chart *c, cc_findings *out, cc_error *err)
{
	(void)err;
	cc_findings all = CC_FINDINGS_INIT;
	cc_lintctx L = { .c = c, .out = &all, .chartfile = cc_chart_display_path(c, "Chart.yaml"),
			 .patterns = l->patterns, .schema_opts = l->opts.schema };
	copy_findings(&c->findings, &all);
	load_ci(&L, l->opts.max_values);
	if (c->chartfile) {
		cc_lint_chartfile(&L);
		cc_lint_dependencies(&L);
		cc_lint_crds(&L);
		cc_lint_subcharts(&L);
		cc_lint_values(&L);
	}
	free_ci(&L);
	cc_strvec disabled = CC_STRVEC_INIT;
	disabled_ids(l, c, &disabled);
	for (size_t i = 0; i < l->opts.npacks; i++)
		cc_rules_run(l->opts.packs[i], c, &disabled, &all);
	copy_enabled(&all, &disabled, out);
	cc_strvec_free(&disabled);
	cc_findings_free(&all);
	free(L.chartfile);
	return CC_OK;
}
