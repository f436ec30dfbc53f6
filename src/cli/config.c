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

/* A key with no value is read as absent everywhere, so the schema never sees it. */
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

static int compile_schema(json_t **doc, cc_schema **out, cc_error *err)
{
	json_error_t je;
	*doc = json_loadb((const char *)cc_cli_config_schema, cc_cli_config_schema_len, 0, &je);
	if (!*doc)
		return cc_error_set(err, CC_EINVALID, CONFIG_SCHEMA_URI, je.line, je.column, "%s", je.text);
	cc_schema_opts o = { 0 };
	return cc_schema_compile(out, *doc, CONFIG_SCHEMA_URI, &o, err);
}

/* The schema object at a keyword's URI, less the keyword: the object it belongs to.
 * chartci's own schema has no key that a JSON pointer would escape. */
static const json_t *keyword_owner(const json_t *schema, const char *keyword_uri)
{
	const char *frag = strchr(keyword_uri, '#');
	char *path = cc_strdup(frag ? frag + 1 : "");
	char *last = strrchr(path, '/');
	if (last)
		*last = '\0';
	const json_t *at = schema;
	for (char *save = NULL, *tok = strtok_r(path, "/", &save); at && tok; tok = strtok_r(NULL, "/", &save))
		at = json_object_get(at, tok);
	free(path);
	return at;
}

/* additionalProperties fails on the mapping; point at the first key it does not know. */
static const cc_yaml_node *unknown_key(const cc_yaml_node *map, const json_t *owner, cc_buf *known)
{
	const json_t *props = json_object_get(owner, "properties");
	const char *k;
	json_t *v;
	const char *sep = "known keys: ";
	json_object_foreach((json_t *)props, k, v) {
		cc_buf_printf(known, "%s%s", sep, k);
		sep = ", ";
	}
	for (size_t i = 0; map->kind == CC_YAML_MAP && i < map->npairs; i++)
		if (!json_object_get(props, map->pairs[i].key->value))
			return map->pairs[i].key;
	return map;
}

/* "/publish/to/0" as a reader of the file says it: publish.to[0]. */
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

/* A group of failures (a $ref, allOf) is shown by its first failure. */
static const cc_schema_error *leaf(const cc_schema_error *e)
{
	while (e->ncauses > 0 && (e->keyword[0] == '\0' || strcmp(e->keyword, "$ref") == 0 ||
				  strcmp(e->keyword, "allOf") == 0 || strcmp(e->keyword, "properties") == 0))
		e = &e->causes[0];
	return e;
}

/* What the file should say instead: the keys there are, or what the pattern stands for. */
static const cc_yaml_node *hint(const cc_yaml_node *at, const json_t *schema, const cc_schema_error *e,
				cc_buf *out)
{
	const json_t *owner = keyword_owner(schema, e->keyword_uri);
	if (strcmp(e->keyword, "additionalProperties") == 0)
		return unknown_key(at, owner, out);
	if (strcmp(e->keyword, "pattern") == 0 && json_is_string(json_object_get(owner, "description")))
		cc_buf_puts(out, json_string_value(json_object_get(owner, "description")));
	return at;
}

static int violation(const cc_cli *cli, const json_t *schema, const cc_schema_error *e, cc_error *err)
{
	e = leaf(e);
	int exact;
	const cc_yaml_node *at = cc_yaml_pointer(cc_yaml_doc_root(cli->config), e->instance, &exact);
	cc_buf path = CC_BUF_INIT, more = CC_BUF_INIT;
	key_path(e->instance, &path);
	at = hint(at, schema, e, &more);
	int rc = cc_error_set(err, CC_EINVALID, cc_yaml_doc_file(cli->config), at->line, at->col, "%s%s%s%s%s%s",
			      path.ptr ? path.ptr : "", path.len ? ": " : "", e->message, more.len ? " (" : "",
			      more.len ? more.ptr : "", more.len ? ")" : "");
	cc_buf_free(&path);
	cc_buf_free(&more);
	return rc;
}

int cc_cli_config_check(const cc_cli *cli, cc_error *err)
{
	const cc_yaml_node *root = cc_yaml_doc_root(cli->config);
	json_t *conf = NULL, *schema = NULL;
	cc_schema *s = NULL;
	if (cc_yaml_is_null(root))
		return CC_OK;
	int rc = cc_yaml_to_json(root, cc_yaml_doc_file(cli->config), &conf, err);
	if (rc == CC_OK)
		rc = compile_schema(&schema, &s, err);
	if (rc == CC_OK) {
		drop_nulls(conf);
		cc_schema_result r;
		cc_schema_validate(s, conf, &r);
		if (!r.valid && r.nerrors > 0)
			rc = violation(cli, schema, &r.errors[0], err);
		cc_schema_result_free(&r);
	}
	cc_schema_free(s);
	json_decref(schema);
	json_decref(conf);
	return rc;
}
