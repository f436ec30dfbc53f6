/*
 * libFuzzer target for src/emit. The input is read as JSON (any value,
 * NULs allowed); when it is not JSON, its raw bytes become one string, so
 * invalid UTF-8 reaches the writers too. Besides memory errors, it aborts
 * when an invariant breaks:
 *   - cc_emit_json's output is JSON; read back and written again it
 *     reaches a fixed point from the second write on (the first turns
 *     bad UTF-8 into \ufffd escapes, later ones keep the U+FFFD raw);
 *   - cc_emit_yaml either fails with a message or writes YAML that
 *     src/yaml loads, ending in a newline.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"
#include "yaml/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One write and read back; NULL when the write fails (with a message). */
static json_t *json_round(const json_t *v, cc_buf *out)
{
	cc_error err;
	cc_buf_clear(out);
	if (cc_emit_json(v, out, &err) != 0) {
		if (!err.msg[0])
			abort();
		return NULL;
	}
	json_t *back = json_loadb(out->ptr, out->len, JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, NULL);
	if (!back)
		abort();
	return back;
}

/* The first write replaces bad UTF-8 by \ufffd escapes, so from the second on the output is fixed. */
static void check_json(const json_t *v)
{
	cc_buf a = CC_BUF_INIT, b = CC_BUF_INIT;
	json_t *one = json_round(v, &a);
	json_t *two = one ? json_round(one, &a) : NULL;
	json_t *three = two ? json_round(two, &b) : NULL;
	if (one && (!three || a.len != b.len || memcmp(a.ptr, b.ptr, a.len) != 0))
		abort();
	json_decref(one);
	json_decref(two);
	json_decref(three);
	cc_buf_free(&a);
	cc_buf_free(&b);
}

static void check_yaml(const json_t *v)
{
	cc_buf y = CC_BUF_INIT;
	cc_error err;
	if (cc_emit_yaml(v, &y, &err) != 0) {
		if (!err.msg[0] || y.len != 0)
			abort();
		cc_buf_free(&y);
		return;
	}
	cc_yaml_doc *doc = NULL;
	if (y.len == 0 || y.ptr[y.len - 1] != '\n' ||
	    cc_yaml_load(&doc, y.ptr, y.len, "fuzz.yaml", NULL, &err) != 0)
		abort();
	cc_yaml_doc_free(doc);
	cc_buf_free(&y);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	json_t *v = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	if (!v)
		v = json_stringn_nocheck((const char *)data, size);
	if (!v)
		return 0;
	check_json(v);
	check_yaml(v);
	json_t *sorted = cc_emit_sort_keys(v);
	if (sorted)
		check_json(sorted);
	json_decref(sorted);
	json_decref(v);
	return 0;
}
