/*
 * libFuzzer target for src/edit. The input is a YAML document; every
 * scalar value of its top-level mapping is replaced in turn by a few
 * values chosen to need each kind of quoting ("1.10", "x: y", "it's",
 * "#c", "", "plain"). Besides memory errors, it aborts when an invariant
 * breaks: an edit that succeeds yields YAML that loads, whose edited key
 * now reads as exactly the new string, and whose bytes outside the
 * scalar's span are the original's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "edit/edit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const values[] = { "1.10", "x: y", "it's", "#c", "", "plain", "say \"hi\" \\" };

static void check_one(const char *text, size_t len, const cc_yaml_node *key, const cc_yaml_node *node,
		      const char *value)
{
	cc_edit e = { .node = node, .value = value };
	cc_buf out = CC_BUF_INIT;
	cc_error err;
	if (cc_edit_apply(text, len, "f.yaml", &e, 1, &out, &err) != CC_OK) {
		cc_buf_free(&out);
		return;
	}
	if (memcmp(out.ptr, text, node->start) != 0 ||
	    memcmp(out.ptr + out.len - (len - node->end), text + node->end, len - node->end) != 0)
		abort();
	cc_yaml_doc *doc = NULL;
	if (cc_yaml_load(&doc, out.ptr, out.len, "f.yaml", NULL, &err) != CC_OK)
		abort();
	const cc_yaml_node *v = cc_yaml_map_get(cc_yaml_doc_root(doc), key->value);
	if (!v || !cc_yaml_is_string(v) || strcmp(v->value, value) != 0)
		abort();
	cc_yaml_doc_free(doc);
	cc_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	cc_yaml_doc *doc = NULL;
	cc_error err;
	if (cc_yaml_load(&doc, (const char *)data, size, "f.yaml", NULL, &err) != CC_OK) {
		cc_yaml_doc_free(doc);
		return 0;
	}
	const cc_yaml_node *root = cc_yaml_doc_root(doc);
	size_t len = 0;
	const char *text = cc_yaml_doc_text(doc, &len);
	for (size_t i = 0; root && root->kind == CC_YAML_MAP && i < root->npairs && i < 8; i++) {
		const cc_yaml_pair *p = &root->pairs[i];
		/* keys that repeat, or are not plain strings, make "the edited key" ambiguous */
		if (p->key->kind != CC_YAML_SCALAR || p->value->kind != CC_YAML_SCALAR || p->value->anchor ||
		    cc_yaml_map_get(root, p->key->value) != p->value || strlen(p->key->value) != p->key->len)
			continue;
		for (size_t k = 0; k < sizeof(values) / sizeof(*values); k++)
			check_one(text, len, p->key, p->value, values[k]);
	}
	cc_yaml_doc_free(doc);
	return 0;
}
