/*
 * check.c: why helm would refuse to package a chart.
 *
 * helm package loads the chart (every subchart is loaded and validated
 * with it), refuses apiVersions its v2 writer cannot save, and requires a
 * loaded subchart for each declared dependency, matched by name only
 * (CheckDependencies: the version is not looked at). Each refusal here is
 * a finding with helm's wording and the position it is about.
 */
#include "package/package_int.h"

#include <stdlib.h>
#include <string.h>

#include "lock/lock.h"

/*
 * Load problems helm's loader stops on. chart/field-type also covers a
 * number where a string belongs, which helm reads (reformatted) without
 * complaint; those are the ones whose message says how helm reads them.
 */
static int stops_loading(const cc_finding *f)
{
	if (f->sev != CC_SEV_ERROR)
		return 0;
	if (!strcmp(f->rule, "chart/field-type"))
		return strstr(f->msg, "helm reads it as") == NULL;
	return 1;
}

static size_t load_refusals(const cc_chart *c)
{
	size_t n = 0;
	for (size_t i = 0; i < c->findings.n; i++)
		n += stops_loading(&c->findings.v[i]) != 0;
	return n;
}

static void refuse(const cc_chart *c, cc_findings *out, const char *rule, const cc_error *e)
{
	cc_finding *f = cc_findings_add_error(out, CC_SEV_ERROR, rule, e);
	cc_finding_set_chart(f, c->display);
}

static size_t api_version(const cc_chart *c, cc_findings *out)
{
	const char *v = c->api_version ? c->api_version : "v1";
	if (!strcmp(v, "v1") || !strcmp(v, "v2"))
		return 0;
	const cc_yaml_node *n = cc_yaml_map_get_go(cc_yaml_doc_root(c->chartfile), "apiVersion");
	char *file = cc_chart_display_path(c, "Chart.yaml");
	cc_error e;
	cc_error_set(&e, CC_EINVALID, file, n ? n->line : 0, n ? n->col : 0, "%s",
		     !strcmp(v, "v3") ? "invalid chart apiVersion" : "unsupported chart version");
	refuse(c, out, "package/invalid", &e);
	free(file);
	return 1;
}

/* Metadata.Validate of the chart and of every subchart, as helm's loader runs it. */
static size_t metadata(const cc_chart *c, const cc_package_opts *o, cc_findings *out)
{
	json_t *md = NULL;
	cc_error e;
	cc_error_clear(&e);
	size_t n = 0;
	if (cc_package_metadata(c, o, &md, &e) != 0) {
		refuse(c, out, "package/invalid", &e);
		n++;
	}
	json_decref(md);
	for (size_t i = 0; i < c->nsubcharts; i++)
		n += metadata(c->subcharts[i], NULL, out);
	return n;
}

static int has_subchart(const cc_chart *c, const char *name)
{
	int found = 0;
	for (size_t i = 0; i < c->nsubcharts && !found; i++) {
		const char *sn = c->subcharts[i]->name ? c->subcharts[i]->name : "";
		char *clean = cc_lock_sanitize(sn, strlen(sn));
		found = !strcmp(clean, name);
		free(clean);
	}
	return found;
}

/* CheckDependencies: "found in Chart.yaml, but missing in charts/ directory: a, b". */
static size_t dependencies(const cc_chart *c, cc_findings *out)
{
	json_t *deps = NULL;
	const cc_yaml_node *nodes = NULL;
	const char *file = NULL;
	cc_error e;
	if (cc_lock_dependencies(c, &deps, &nodes, &file, &e) != 0)
		return 0; /* reported by the metadata check */
	cc_buf missing = CC_BUF_INIT;
	const cc_yaml_node *first = NULL;
	for (size_t i = 0; i < json_array_size(deps); i++) {
		const char *name = json_string_value(json_object_get(json_array_get(deps, i), "name"));
		if (has_subchart(c, name ? name : ""))
			continue;
		cc_buf_printf(&missing, "%s%s", missing.len ? ", " : "", name ? name : "");
		if (!first && nodes && i < nodes->nitems)
			first = nodes->items[i];
	}
	size_t n = missing.len ? 1 : 0;
	if (n) {
		cc_error_set(&e, CC_EINVALID, file ? file : "", first ? first->line : 0, first ? first->col : 0,
			     "found in Chart.yaml, but missing in charts/ directory: %s", missing.ptr);
		refuse(c, out, "package/dependencies-missing", &e);
	}
	cc_buf_free(&missing);
	json_decref(deps);
	return n;
}

size_t cc_package_check(const cc_chart *c, const cc_package_opts *o, cc_findings *out)
{
	size_t n = load_refusals(c);
	if (n)
		return n; /* what follows reads files helm could not load */
	n = api_version(c, out);
	if (n)
		return n;
	n = metadata(c, o, out);
	if (n)
		return n;
	return dependencies(c, out);
}
