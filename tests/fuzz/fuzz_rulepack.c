/*
 * libFuzzer target for src/rules: the input is a team rule pack, optionally
 * followed by a NUL and a Chart.yaml, then a NUL and a values.yaml. The
 * pack is loaded with cc_rulepack_load (it reads a path, so the pack is
 * written to one temporary file per process first); a pack that loads is
 * run on the chart, with the chart's "# chartci:disable=" comments read.
 * A refused pack must name its file; every finding must carry a rule id and a
 * message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/rules.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char pack_path[4096];

static void cleanup(void)
{
	unlink(pack_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *tmp = getenv("TMPDIR");
	snprintf(pack_path, sizeof(pack_path), "%s/chartci-fuzz-rules-XXXXXX.yaml", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemps(pack_path, 5);
	if (fd < 0) {
		perror("fuzz_rulepack: mkstemps");
		exit(1);
	}
	close(fd);
	atexit(cleanup);
	return 0;
}

static cc_yaml_doc *load(const char *text, size_t len, const char *file)
{
	cc_yaml_doc *doc = NULL;
	cc_error err;
	if (cc_yaml_load(&doc, text, len, file, NULL, &err) != CC_OK)
		return NULL;
	return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t plen = nul ? (size_t)(nul - text) : size;
	FILE *f = fopen(pack_path, "wb");
	if (!f || fwrite(text, 1, plen, f) != plen || fclose(f) != 0)
		abort();

	cc_rulepack *p = NULL;
	cc_error err;
	int rc = cc_rulepack_load(&p, pack_path, &err);
	if (rc != CC_OK) {
		if (p || rc > 0 || err.line < 0 || strcmp(err.file, pack_path) != 0)
			abort();
		return 0;
	}

	cc_chart c;
	memset(&c, 0, sizeof(c));
	c.dir = "fuzz";
	c.display = "fuzz";
	c.api_version = "v2";
	if (nul) {
		const char *chart = nul + 1;
		size_t rest = size - plen - 1;
		const char *nul2 = memchr(chart, '\0', rest);
		size_t clen = nul2 ? (size_t)(nul2 - chart) : rest;
		c.chartfile = load(chart, clen, "fuzz/Chart.yaml");
		if (nul2)
			c.values = load(nul2 + 1, rest - clen - 1, "fuzz/values.yaml");
	}
	cc_strvec disabled = CC_STRVEC_INIT;
	cc_rules_chart_disabled(&c, &disabled);
	cc_findings out = { NULL, 0, 0 };
	cc_rules_run(p, &c, &disabled, &out);
	for (size_t i = 0; i < out.n; i++)
		if (!out.v[i].rule || !out.v[i].msg)
			abort();
	cc_findings_free(&out);
	cc_strvec_free(&disabled);
	cc_yaml_doc_free(c.chartfile);
	cc_yaml_doc_free(c.values);
	cc_rulepack_free(p);
	return 0;
}
