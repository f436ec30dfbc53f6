/*
 * libFuzzer target for src/yaml: load arbitrary bytes, convert the tree to
 * JSON and to Go strings, free. Bounds are lowered so the fuzzer reaches
 * the depth and alias limits with small inputs; every error must come with
 * a position, and every node's span must lie inside the text.
 */
#include <stdint.h>
#include <stdlib.h>

#include "yaml/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_spans(const cc_yaml_node *n, size_t len)
{
	if (n->start > n->end || n->end > len)
		abort();
	if (n->kind == CC_YAML_SCALAR)
		free(cc_yaml_scalar_go_string(n));
}

/* Visits each node once; aliases are shared, so the walk follows the literal tree. */
static void walk(const cc_yaml_node *root, size_t len)
{
	const cc_yaml_node *stack[256];
	size_t depth = 0;
	stack[depth++] = root;
	while (depth > 0) {
		const cc_yaml_node *n = stack[--depth];
		check_spans(n, len);
		if (n->kind == CC_YAML_MAP)
			for (size_t i = 0; i < n->npairs && depth + 2 <= 256; i++) {
				stack[depth++] = n->pairs[i].key;
				stack[depth++] = n->pairs[i].value;
			}
		else if (n->kind == CC_YAML_SEQ)
			for (size_t i = 0; i < n->nitems && depth < 256; i++)
				stack[depth++] = n->items[i];
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cc_yaml_doc *doc = NULL;
	cc_error err;
	/* an odd length also exercises the multi-document path */
	cc_yaml_opts opts = { 64, 5000, (int)(size & 1) };
	int rc = cc_yaml_load(&doc, (const char *)data, size, "fuzz.yaml", &opts, &err);
	if (rc != CC_OK) {
		if (rc == CC_EINVALID && (err.line <= 0 || err.col <= 0))
			abort();
		return 0;
	}
	cc_yaml_node *root = cc_yaml_doc_root(doc);
	for (size_t i = 0; i < cc_yaml_doc_count(doc); i++)
		if (cc_yaml_doc_root_at(doc, i))
			walk(cc_yaml_doc_root_at(doc, i), size);
	json_t *j = NULL;
	if (cc_yaml_to_json(root, "fuzz.yaml", &j, &err) == CC_OK) {
		char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
		free(s);
		json_decref(j);
	} else if (err.line <= 0) {
		abort();
	}
	cc_yaml_doc_free(doc);
	return 0;
}
