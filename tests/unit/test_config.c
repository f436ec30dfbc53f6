/*
 * The schema of .chartci.yaml compiled into chartci is docs/chartci.schema.json
 * itself, byte for byte (a stale build or a hand-made copy would let the
 * published schema and the enforced one disagree), and it is a valid
 * draft 2020-12 schema.
 */
#include "testutil.h"
#include "cli/cli.h"
#include "schema/schema.h"

#include <stdlib.h>
#include <string.h>

static void test_embedded_is_the_published_file(void **state)
{
	(void)state;
	char *path = tu_project("docs/chartci.schema.json");
	size_t len = 0;
	char *published = tu_slurp(path, &len);
	assert_non_null(published);
	assert_int_equal(cc_cli_config_schema_len, len);
	assert_memory_equal(cc_cli_config_schema, published, len);
	assert_int_equal(cc_cli_config_schema[len], 0);
	free(published);
	free(path);
}

static void test_embedded_compiles(void **state)
{
	(void)state;
	json_error_t je;
	json_t *doc = json_loadb((const char *)cc_cli_config_schema, cc_cli_config_schema_len, 0, &je);
	assert_non_null(doc);
	cc_schema *s = NULL;
	cc_error err;
	cc_error_clear(&err);
	cc_schema_opts o = { 0 };
	int rc = cc_schema_compile(&s, doc, "file:///chartci.schema.json", &o, &err);
	if (rc != CC_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(cc_schema_draft(s), CC_SCHEMA_DRAFT2020);
	cc_schema_free(s);
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_is_the_published_file),
		cmocka_unit_test(test_embedded_compiles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
