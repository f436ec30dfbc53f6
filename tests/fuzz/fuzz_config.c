/*
 * libFuzzer target for the .chartci.yaml check: the input is loaded as YAML
 * and checked against docs/chartci.schema.json by cc_schema_check_config,
 * the function the chartci command calls; a violation must come back
 * placed at a line and column of the input.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cc_yaml_doc *doc = NULL;
	cc_error err;
	if (cc_yaml_load(&doc, (const char *)data, size, ".chartci.yaml", NULL, &err) != CC_OK)
		return 0;
	/* a violation has a reason and is placed in the file, never at line 0 */
	int rc = cc_schema_check_config(schema, schema_doc, doc, &err);
	if (rc == CC_ERROR || (rc == CC_EINVALID && (err.line <= 0 || err.col <= 0)))
		abort();
	cc_yaml_doc_free(doc);
	return 0;
}
