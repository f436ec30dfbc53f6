/*
 * config: typed reads of .chartci.yaml for the commands.
 *
 * The configuration is one YAML mapping loaded by cc_cli_setup. Each
 * command reads the keys it uses through these helpers, so a value of the
 * wrong kind is reported the same way everywhere, at its line and column,
 * and paths in the file mean the same thing wherever --config puts it:
 * relative to the file's own directory.
 */
#include "cli/cli.h"
#include "schema/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int cc_cli_config_get(const cc_cli *cli, const cc_yaml_node *parent, const char *key, cc_yaml_kind kind,
		      const char *want, const cc_yaml_node **out, cc_error *err)
{
	*out = NULL;
	if (!cli->config)
		return CC_OK;
	const cc_yaml_node *v = cc_yaml_map_get(parent ? parent : cc_yaml_doc_root(cli->config), key);
	if (!v || cc_yaml_is_null(v))
		return CC_OK;
	if (v->kind != kind)
		return cc_error_set(err, CC_EINVALID, cc_yaml_doc_file(cli->config), v->line, v->col,
				    "%s must be %s, but it is a %s", key, want, cc_yaml_type_name(v));
	*out = v;
	return CC_OK;
}

static int not_string(const cc_cli *cli, const cc_yaml_node *n, const char *what, const char *key,
		      cc_error *err)
{
	return cc_error_set(err, CC_EINVALID, cc_yaml_doc_file(cli->config), n->line, n->col,
			    "%s %s must be non-empty strings, but this is %s", key, what,
			    cc_yaml_is_string(n) ? "empty" : cc_yaml_type_name(n));
}

int cc_cli_config_list(const cc_cli *cli, const cc_yaml_node *parent, const char *key,
		       const cc_yaml_node **out, cc_error *err)
{
	int rc = cc_cli_config_get(cli, parent, key, CC_YAML_SEQ, "a list of strings", out, err);
	for (size_t i = 0; rc == CC_OK && *out && i < (*out)->nitems; i++) {
		const cc_yaml_node *n = (*out)->items[i];
		if (!cc_yaml_is_string(n) || !n->value[0])
			rc = not_string(cli, n, "entries", key, err);
	}
	if (rc != CC_OK)
		*out = NULL;
	return rc;
}

int cc_cli_config_flag(const cc_yaml_node *map, const char *key)
{
	const cc_yaml_node *v = map ? cc_yaml_map_get(map, key) : NULL;
	return v && v->type == CC_YAML_T_BOOL && strcasecmp(v->value, "true") == 0;
}

int cc_cli_config_string_map(const cc_cli *cli, const cc_yaml_node *parent, const char *key,
			     const cc_yaml_node **out, cc_error *err)
{
	int rc = cc_cli_config_get(cli, parent, key, CC_YAML_MAP, "a mapping of strings", out, err);
	for (size_t i = 0; rc == CC_OK && *out && i < (*out)->npairs; i++) {
		const cc_yaml_node *v = (*out)->pairs[i].value;
		if (!cc_yaml_is_string(v) || !v->value[0])
			rc = not_string(cli, v, "values", key, err);
	}
	if (rc != CC_OK)
		*out = NULL;
	return rc;
}

/* The node at a dotted key ("publish.branch"), or NULL. */
static const cc_yaml_node *setting_node(const cc_cli *cli, const char *key)
{
	const cc_yaml_node *n = cli->config ? cc_yaml_doc_root(cli->config) : NULL;
	while (n && *key) {
		size_t len = strcspn(key, ".");
		char *name = cc_strndup(key, len);
		n = n->kind == CC_YAML_MAP ? cc_yaml_map_get(n, name) : NULL;
		free(name);
		key += len + (key[len] == '.');
	}
	return n;
}

static const char *env_value(const char *env)
{
	const char *v = env ? getenv(env) : NULL;
	return v && v[0] ? v : NULL;
}

const char *cc_cli_setting(const cc_cli *cli, const char *key, const char *env)
{
	if (env_value(env))
		return env_value(env);
	const cc_yaml_node *n = setting_node(cli, key);
	return n && n->kind == CC_YAML_SCALAR && !cc_yaml_is_null(n) ? n->value : NULL;
}

void cc_cli_setting_blame(const cc_cli *cli, const char *key, const char *env, cc_error *err)
{
	const cc_yaml_node *n = env_value(env) ? NULL : setting_node(cli, key);
	snprintf(err->file, sizeof(err->file), "%s", n ? cc_yaml_doc_file(cli->config) : env);
	err->line = n ? n->line : 0;
	err->col = n ? n->col : 0;
}

char *cc_cli_config_path(const cc_cli *cli, const char *rel)
{
	if (rel[0] == '/' || !cli->config)
		return cc_strdup(rel);
	char *dir = cc_strdup(cc_yaml_doc_file(cli->config));
	char *slash = strrchr(dir, '/');
	char *path;
	if (!slash) {
		path = cc_strdup(rel);
	} else {
		slash[slash == dir ? 1 : 0] = '\0';
		path = cc_path_join(dir, rel);
	}
	free(dir);
	return path;
}

/* Where the compiled-in schema says it lives, for the validator's messages. */
#define CONFIG_SCHEMA_URI "file:///chartci.schema.json"

static int compile_schema(json_t **doc, cc_schema **out, cc_error *err)
{
	json_error_t je;
	*doc = json_loadb((const char *)cc_cli_config_schema, cc_cli_config_schema_len, 0, &je);
	if (!*doc)
		return cc_error_set(err, CC_EINVALID, CONFIG_SCHEMA_URI, je.line, je.column, "%s", je.text);
	cc_schema_opts o = { 0 };
	return cc_schema_compile(out, *doc, CONFIG_SCHEMA_URI, &o, err);
}

int cc_cli_config_check(const cc_cli *cli, cc_error *err)
{
	json_t *schema = NULL;
	cc_schema *s = NULL;
	if (cc_yaml_is_null(cc_yaml_doc_root(cli->config)))
		return CC_OK; /* an empty file: nothing to compile the schema for */
	int rc = compile_schema(&schema, &s, err);
	if (rc == CC_OK)
		rc = cc_schema_check_config(s, schema, cli->config, err);
	cc_schema_free(s);
	json_decref(schema);
	return rc;
}
