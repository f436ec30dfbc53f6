/*
 * libFuzzer target for src/index: read arbitrary bytes as an index.yaml,
 * strictly or leniently (the first byte decides), and check what a reader
 * of the table relies on: every error has a position, every kept entry has
 * a name and a version helm can parse, every chart's versions are in
 * descending order, chart names are sorted, and lookups find what the
 * table lists. URL resolution runs on the URLs found.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "index/index.h"
#include "semver/semver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_chart(const cc_index *idx, const char *name)
{
	const cc_index_entry *const *v;
	size_t n;
	if (cc_index_chart(idx, name, &v, &n) != CC_OK)
		abort();
	cc_semver prev = CC_SEMVER_INIT;
	for (size_t i = 0; i < n; i++) {
		cc_semver cur = CC_SEMVER_INIT;
		if (!v[i]->name || !*v[i]->name || !v[i]->version || !v[i]->app_version || !v[i]->digest ||
		    !v[i]->created || v[i]->urls[v[i]->nurls] != NULL)
			abort();
		if (cc_semver_parse(&cur, v[i]->version, NULL) != CC_OK)
			abort();
		if (i > 0 && cc_semver_compare(&prev, &cur) < 0)
			abort();
		if (cc_index_get(idx, name, v[i]->version) == NULL)
			abort();
		for (size_t u = 0; u < v[i]->nurls; u++)
			free(cc_index_resolve_url("https://charts.example.com/sub?x=1", v[i]->urls[u]));
		cc_semver_free(&prev);
		prev = cur;
	}
	cc_semver_free(&prev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cc_index *idx = NULL;
	cc_error err;
	cc_index_opts o = { 1 << 20, size > 0 && (data[0] & 1) };
	int rc = cc_index_parse((const char *)data, size, "fuzz.yaml", &o, &idx, &err);
	if (rc != CC_OK) {
		if (idx || (rc == CC_EINVALID && err.line <= 0) || strcmp(err.file, "fuzz.yaml") != 0)
			abort();
		return 0;
	}
	if (!*cc_index_api_version(idx))
		abort();
	for (size_t i = 0; i < cc_index_nchart(idx); i++) {
		if (i > 0 && strcmp(cc_index_chart_name(idx, i - 1), cc_index_chart_name(idx, i)) >= 0)
			abort();
		check_chart(idx, cc_index_chart_name(idx, i));
	}
	for (size_t i = 0; i < cc_index_nskipped(idx); i++)
		if (cc_index_skipped(idx, i, &err) != CC_OK || err.line <= 0)
			abort();
	cc_index_free(idx);
	return 0;
}
