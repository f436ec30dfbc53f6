/*
 * yaml2json FILE: prints the first YAML document of FILE as JSON, as helm's
 * reader would see it (cc_yaml_to_json), for test scripts that need to
 * look into Chart.yaml or Chart.lock with jq. Exit 1 with the position on
 * bad input.
 */
#include <stdio.h>

#include "yaml/yaml.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: yaml2json FILE\n");
		return 2;
	}
	cc_yaml_doc *doc = NULL;
	json_t *j = NULL;
	cc_error err;
	cc_error_clear(&err);
	int rc = cc_yaml_load_file(&doc, argv[1], 64u << 20, NULL, &err);
	if (rc == CC_OK && cc_yaml_doc_root(doc))
		rc = cc_yaml_to_json(cc_yaml_doc_root(doc), argv[1], &j, &err);
	if (rc != CC_OK) {
		char msg[CC_PATH_MAX + CC_ERROR_MSG_MAX + 64];
		cc_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "yaml2json: %s\n", msg);
		cc_yaml_doc_free(doc);
		return 1;
	}
	char *s = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_PRESERVE_ORDER) : NULL;
	printf("%s\n", s ? s : "null");
	free(s);
	json_decref(j);
	cc_yaml_doc_free(doc);
	return 0;
}
