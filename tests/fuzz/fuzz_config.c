/*
 * libFuzzer target for the .chartci.yaml check: the input is loaded as YAML
 * and validated against docs/chartci.schema.json with src/schema, as
 * src/cli/config.c does (keys with no value dropped first), and the first
 * error is placed in the file the way the CLI reports it: its instance
 * pointer looked up with cc_yaml_pointer, the pointer spelt as a key path.
 * The schema is read once, from $CHARTCI_CONFIG_SCHEMA or from
 * ../docs/chartci.schema.json beside the target's directory.
 */
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema/schema.h"
#include "yaml/yaml.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_t *schema_doc;
static cc_schema *schema;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	const char *env = getenv("CHARTCI_CONFIG_SCHEMA");
	char path[4096];
	if (env) {
		snprintf(path, sizeof(path), "%s", env);
	} else {
		char *self = strdup((*argv)[0]);
		snprintf(path, sizeof(path), "%s/../docs/chartci.schema.json", dirname(self));
		free(self);
	}
	json_error_t je;
	schema_doc = json_load_file(path, 0, &je);
	if (!schema_doc) {
		fprintf(stderr, "fuzz_config: %s: %s\n", path, je.text);
		exit(1);
	}
	cc_schema_opts o = { 0 };
	cc_error err;
	if (cc_schema_compile(&schema, schema_doc, "file:///chartci.schema.json", &o, &err) != CC_OK) {
		fprintf(stderr, "fuzz_config: %s: %s\n", path, err.msg);
		exit(1);
	}
	return 0;
}

static void drop_nulls(json_t *j)
{
	const char *k;
	json_t *v;
	void *tmp;
	size_t i;
	if (json_is_object(j)) {
		json_object_foreach_safe(j, tmp, k, v) {
			if (json_is_null(v))
				json_object_del(j, k);
			else
				drop_nulls(v);
		}
	}
	json_array_foreach(j, i, v) drop_nulls(v);
}

static const cc_schema_error *leaf(const cc_schema_error *e)
{
	while (e->ncauses > 0 && (e->keyword[0] == '\0' || strcmp(e->keyword, "$ref") == 0 ||
				  strcmp(e->keyword, "allOf") == 0 || strcmp(e->keyword, "properties") == 0))
		e = &e->causes[0];
	return e;
}

static void key_path(const char *ptr, cc_buf *out)
{
	while (*ptr == '/') {
		size_t len = strcspn(++ptr, "/");
		int index = len > 0 && strspn(ptr, "0123456789") >= len;
		cc_buf_puts(out, index ? "[" : out->len ? "." : "");
		for (size_t i = 0; i < len; i++) {
			int esc = ptr[i] == '~' && i + 1 < len;
			cc_buf_putc(out, esc ? (ptr[++i] == '1' ? '/' : '~') : ptr[i]);
		}
		cc_buf_puts(out, index ? "]" : "");
		ptr += len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cc_yaml_doc *doc = NULL;
	cc_error err;
	if (cc_yaml_load(&doc, (const char *)data, size, ".chartci.yaml", NULL, &err) != CC_OK)
		return 0;
	const cc_yaml_node *root = cc_yaml_doc_root(doc);
	json_t *conf = NULL;
	if (!cc_yaml_is_null(root) && cc_yaml_to_json(root, ".chartci.yaml", &conf, &err) == CC_OK) {
		drop_nulls(conf);
		cc_schema_result r;
		cc_schema_validate(schema, conf, &r);
		if (!r.valid && r.nerrors == 0)
			abort();
		if (!r.valid) {
			const cc_schema_error *e = leaf(&r.errors[0]);
			int exact;
			const cc_yaml_node *at = cc_yaml_pointer(root, e->instance, &exact);
			if (!at || at->line <= 0 || at->col <= 0)
				abort();
			cc_buf path = CC_BUF_INIT;
			key_path(e->instance, &path);
			cc_buf_free(&path);
		}
		cc_schema_result_free(&r);
	}
	json_decref(conf);
	cc_yaml_doc_free(doc);
	return 0;
}
