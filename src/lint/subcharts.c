/*
 * subcharts: helm validates the metadata of every chart it loads, subcharts
 * in charts/ included (pkg/chart/v2/metadata.go Validate), and refuses the
 * whole parent when one fails: "error unpacking subchart X in Y:
 * validation: ...". Subcharts are not linted as charts of their own, so
 * these checks are what stands between a broken vendored chart and a
 * parent helm cannot install.
 */
#include "lint/lint_int.h"
#include "semver/semver.h"

#include <stdlib.h>
#include <string.h>

/* The first thing helm's Metadata.Validate would refuse, or NULL. Caller frees. */
static char *metadata_problem(const cc_chart *s)
{
	cc_yaml_node *root = cc_yaml_doc_root(s->chartfile);
	cc_semver v = CC_SEMVER_INIT;
	cc_error err;
	if (!root || root->kind != CC_YAML_MAP)
		return NULL; /* the loader already reported it */
	if (!s->name || !*s->name)
		return cc_strdup("chart.metadata.name is required");
	if (!strcmp(s->name, ".") || !strcmp(s->name, ".."))
		return cc_asprintf("chart.metadata.name \"%s\" is not allowed", s->name);
	if (strchr(s->name, '/'))
		return cc_asprintf("chart.metadata.name \"%s\" is invalid", s->name);
	if (!s->version || !*s->version)
		return cc_strdup("chart.metadata.version is required");
	if (cc_semver_parse(&v, s->version, &err) != CC_OK)
		return cc_asprintf("chart.metadata.version \"%s\" is invalid", s->version);
	cc_semver_free(&v);
	if (s->type && *s->type && strcmp(s->type, "application") && strcmp(s->type, "library"))
		return cc_strdup("chart.metadata.type must be application or library");
	return NULL;
}

static void check(cc_lintctx *L, const cc_chart *parent, const cc_chart *s)
{
	char *problem = metadata_problem(s);
	if (problem) {
		char *file = cc_chart_display_path(s, "Chart.yaml");
		char *base = cc_path_base(s->dir);
		cc_lint_add(L, CC_SEV_ERROR, "chart/subchart-invalid", file, NULL,
			    "subchart %s of %s: validation: %s; helm cannot load the chart", base,
			    parent->name ? parent->name : "?", problem);
		free(base);
		free(file);
		free(problem);
	}
	for (size_t i = 0; i < s->nsubcharts; i++)
		check(L, s, s->subcharts[i]);
}

void cc_lint_subcharts(cc_lintctx *L)
{
	for (size_t i = 0; i < L->c->nsubcharts; i++)
		check(L, L->c, L->c->subcharts[i]);
}
