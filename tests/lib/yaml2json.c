/*
 * yaml2json FILE...: prints the first YAML document of FILE as JSON, as helm's
 * reader would see it (cc_yaml_to_json), for test scripts that need to
 * look into Chart.yaml or Chart.lock with jq. Exit 1 with the position on
 * bad input. Several files give one compact line each, so a script over
 * hundreds of files starts one process.
 */
#include <stdio.h>

#include "yaml/yaml.h"

/* One file as JSON; one that does not load gets a message on stderr and, among several, "null". */
static int convert(const char *path, size_t flags, int several)
{
	cc_yaml_doc *doc = NULL;
	json_t *j = NULL;
	cc_error err;
	cc_error_clear(&err);
	int rc = cc_yaml_load_file(&doc, path, 64u << 20, NULL, &err);
	if (rc == CC_OK && cc_yaml_doc_root(doc))
		rc = cc_yaml_to_json(cc_yaml_doc_root(doc), path, &j, &err);
	if (rc != CC_OK) {
		char msg[CC_PATH_MAX + CC_ERROR_MSG_MAX + 64];
		cc_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "yaml2json: %s\n", msg);
		json_decref(j);
		j = NULL;
		if (!several) {
			cc_yaml_doc_free(doc);
			return 1;
		}
	}
	char *s = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_PRESERVE_ORDER | flags) : NULL;
	printf("%s\n", s ? s : "null");
	free(s);
	json_decref(j);
	cc_yaml_doc_free(doc);
	return rc == CC_OK ? 0 : 1;
}

/* yaml2json FILE...: with several files, one compact line each, in order. */
int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: yaml2json FILE...\n");
		return 2;
	}
	int status = 0;
	for (int i = 1; i < argc; i++)
		status |= convert(argv[i], argc > 2 ? JSON_COMPACT : 0, argc > 2);
	return status;
}
