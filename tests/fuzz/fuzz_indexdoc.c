/*
 * libFuzzer target for src/index's writer side: cc_index_doc_parse (helm's
 * LoadIndexFile: JSON when valid JSON, else strict YAML) on arbitrary
 * bytes, then cc_index_doc_write of what loaded, as YAML and as JSON. What
 * was written must load again with the same number of entries, and
 * writing that must give the same bytes (the writer is a fixed point).
 * Sorting and a self-merge run on the loaded document too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "index/index.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const GEN = "2026-01-02T03:04:05.000000006Z";

static void round_trip(const cc_index_doc *d, int as_json)
{
	cc_buf out = CC_BUF_INIT, again = CC_BUF_INIT;
	cc_error err;
	if (cc_index_doc_write(d, GEN, as_json, &out, &err) != CC_OK) {
		cc_buf_free(&out);
		return;
	}
	cc_index_doc *d2 = NULL;
	if (cc_index_doc_parse(out.ptr ? out.ptr : "", out.len, "written", &d2, &err) != CC_OK)
		abort();
	if (cc_index_doc_nentry(d2) != cc_index_doc_nentry(d))
		abort();
	if (cc_index_doc_write(d2, GEN, as_json, &again, &err) != CC_OK)
		abort();
	if (again.len != out.len || memcmp(again.ptr, out.ptr, out.len) != 0)
		abort();
	cc_index_doc_free(d2);
	cc_buf_free(&out);
	cc_buf_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cc_index_doc *d = NULL;
	cc_error err;
	int rc = cc_index_doc_parse((const char *)data, size, "fuzz.yaml", &d, &err);
	if (rc != CC_OK) {
		if (d || rc > 0 || !err.msg[0])
			abort();
		return 0;
	}
	round_trip(d, 0);
	round_trip(d, 1);
	cc_index_doc *m = cc_index_doc_new();
	cc_index_doc_merge(m, d);
	cc_index_doc_sort(m);
	if (cc_index_doc_nentry(m) > cc_index_doc_nentry(d))
		abort();
	cc_index_doc_free(m);
	cc_index_doc_free(d);
	return 0;
}
