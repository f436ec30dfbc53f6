/*
 * libFuzzer target for src/schema: the input is a schema and an instance,
 * both JSON, separated by the first NUL byte (no NUL: the input is the
 * schema and validates itself). Compiles under tight bounds, validates,
 * formats both texts and frees. A crash, a leak, a hang past the regex
 * and depth limits, or an invalid result with no error is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schema/schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_errors(const cc_schema_error *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!e[i].keyword || !e[i].instance || !e[i].message || !e[i].keyword_uri)
			abort();
		check_errors(e[i].causes, e[i].ncauses);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t slen = nul ? (size_t)(nul - text) : size;
	json_t *schema = json_loadb(text, slen, JSON_DECODE_ANY, NULL);
	if (!schema)
		return 0;
	json_t *inst = nul ? json_loadb(nul + 1, size - slen - 1, JSON_DECODE_ANY, NULL) : json_incref(schema);
	cc_schema_opts o = { 0 };
	o.max_depth = 64;
	o.match_limit = 20000;
	o.depth_limit = 2000;
	o.max_docs = 8;
	cc_schema *s = NULL;
	cc_error err;
	if (inst && cc_schema_compile(&s, schema, "http://fuzz.example/s.json", &o, &err) == 0) {
		cc_schema_result r;
		cc_schema_validate(s, inst, &r);
		if (!r.valid && r.nerrors == 0)
			abort();
		check_errors(r.errors, r.nerrors);
		cc_buf b = CC_BUF_INIT;
		cc_schema_result_format(&r, CC_SCHEMA_TEXT_HELM, &b);
		cc_schema_result_format(&r, CC_SCHEMA_TEXT_FULL, &b);
		cc_buf_free(&b);
		cc_schema_result_free(&r);
		cc_schema_free(s);
	}
	json_decref(inst);
	json_decref(schema);
	return 0;
}
