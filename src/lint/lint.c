/*
 * lint: see lint.h. Each check reads the loaded chart and appends findings;
 * none prints, none stops the others.
 */
#include "lint/lint.h"

#include <stdlib.h>
#include <string.h>

static void copy_findings(const cc_findings *from, cc_findings *to)
{
	for (size_t i = 0; i < from->n; i++) {
		const cc_finding *f = &from->v[i];
		cc_finding *n = cc_findings_add(to, f->sev, f->rule, f->file, f->line, f->col, "%s", f->msg);
		if (f->hint)
			cc_finding_set_hint(n, f->hint);
		if (f->chart)
			cc_finding_set_chart(n, f->chart);
	}
}

/* chart-testing's convention: ci/<anything>-values.yaml are values overrides. */
static int is_ci_values(const char *name)
{
	if (strncmp(name, "ci/", 3) != 0 || strchr(name + 3, '/'))
		return 0;
	size_t n = strlen(name);
	return n >= 3 + 12 && strcmp(name + n - 12, "-values.yaml") == 0;
}

static void lint_values_file(const cc_chart *c, const cc_chart_file *file, size_t max,
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
	cc_yaml_doc_free(doc);
	free(shown);
}

int cc_lint_chart(const cc_chart *c, const cc_lint_opts *opts, cc_findings *out, cc_error *err)
{
	(void)err;
	size_t max = opts && opts->max_values ? opts->max_values : CC_CHART_MAX_VALUES;
	copy_findings(&c->findings, out);
	for (size_t i = 0; i < c->nfiles; i++)
		if (is_ci_values(c->files[i].name))
			lint_values_file(c, &c->files[i], max, out);
	return CC_OK;
}
