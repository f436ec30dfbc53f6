/*
 * libFuzzer target for src/lock: the input is a Chart.lock (even first
 * byte) or a requirements.lock (odd), optionally followed by a NUL and the
 * chart's Chart.yaml (then also requirements.yaml for a v1 chart). The lock
 * is read as helm's loader reads it, written back with cc_lock_format, and
 * checked against the declared dependencies with cc_lock_check. Every
 * error must name a file; every entry read keeps its position.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart.h"
#include "lock/lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cc_yaml_doc *load(const char *text, size_t len, const char *file)
{
	cc_yaml_doc *doc = NULL;
	cc_error err;
	cc_yaml_opts o = { 64, 5000, 0 };
	if (cc_yaml_load(&doc, text, len, file, &o, &err) != CC_OK)
		return NULL;
	return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	int v1 = data[0] & 1;
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	const char *nul = memchr(text, '\0', len);
	size_t llen = nul ? (size_t)(nul - text) : len;

	cc_chart c;
	memset(&c, 0, sizeof(c));
	c.dir = "fuzz";
	c.display = "fuzz";
	c.api_version = v1 ? "v1" : "v2";
	c.lock = load(text, llen, v1 ? "fuzz/requirements.lock" : "fuzz/Chart.lock");
	if (nul) {
		c.chartfile = load(nul + 1, len - llen - 1, "fuzz/Chart.yaml");
		if (v1)
			c.requirements = load(nul + 1, len - llen - 1, "fuzz/requirements.yaml");
	}

	cc_lock *l = NULL;
	cc_error err;
	int rc = cc_lock_read(&c, &l, &err);
	if (rc == CC_OK) {
		if (!l || !l->file || l->v1 != v1)
			abort();
		for (size_t i = 0; i < l->n; i++)
			if (l->entries[i].line <= 0)
				abort();
		cc_buf b = CC_BUF_INIT;
		if (cc_lock_format(l->entries, l->n, l->digest, l->generated, &b, &err) == CC_OK && !b.len)
			abort();
		cc_buf_free(&b);
		json_t *j = cc_lock_entries_json(l->entries, l->n);
		char digest[CC_LOCK_DIGEST_MAX];
		cc_lock_digest(j, j, digest, &err);
		cc_lock_digest_v2(j, digest, &err);
		json_decref(j);
	} else if (l || rc > 0 || !err.msg[0]) {
		abort();
	}
	cc_lock_free(l);

	json_t *deps = NULL;
	const cc_yaml_node *nodes = NULL;
	const char *file = NULL;
	if (cc_lock_dependencies(&c, &deps, &nodes, &file, &err) == CC_OK)
		json_decref(deps);
	cc_lock_problems p = CC_LOCK_PROBLEMS_INIT;
	if (cc_lock_check(&c, NULL, &p, &err) == CC_OK)
		for (size_t i = 0; i < p.n; i++)
			if (!p.v[i].msg || !p.v[i].file)
				abort();
	cc_lock_problems_free(&p);

	cc_yaml_doc_free(c.lock);
	cc_yaml_doc_free(c.chartfile);
	cc_yaml_doc_free(c.requirements);
	return 0;
}
