/*
 * configcheck: a configuration file (YAML) against its JSON Schema, the
 * first violation placed at its node in the file, as a person editing the
 * file wants it: the key path ("publish.to[1]"), the validator's words,
 * and what would be right (the keys there are, what a pattern stands for).
 * Used by the chartci command for .chartci.yaml and by its fuzz target.
 */
#include "schema/schema.h"
#include "yaml/yaml.h"

#include <string.h>

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

/* The schema object at a keyword's URI, less the keyword: the object it belongs to.
 * A configuration schema has no key that a JSON pointer would escape. */
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

static int violation(const cc_yaml_doc *doc, const json_t *schema, const cc_schema_error *e, cc_error *err)
{
	e = leaf(e);
	int exact;
	const cc_yaml_node *at = cc_yaml_pointer(cc_yaml_doc_root(doc), e->instance, &exact);
	cc_buf path = CC_BUF_INIT, more = CC_BUF_INIT;
	key_path(e->instance, &path);
	at = hint(at, schema, e, &more);
	int rc = cc_error_set(err, CC_EINVALID, cc_yaml_doc_file(doc), at->line, at->col, "%s%s%s%s%s%s",
			      path.ptr ? path.ptr : "", path.len ? ": " : "", e->message, more.len ? " (" : "",
			      more.len ? more.ptr : "", more.len ? ")" : "");
	cc_buf_free(&path);
	cc_buf_free(&more);
	return rc;
}


int cc_schema_check_config(const cc_schema *s, const json_t *schema, const cc_yaml_doc *doc, cc_error *err)
{
	const cc_yaml_node *root = cc_yaml_doc_root(doc);
	json_t *conf = NULL;
	if (cc_yaml_is_null(root))
		return CC_OK;
	int rc = cc_yaml_to_json(root, cc_yaml_doc_file(doc), &conf, err);
	if (rc == CC_OK) {
		drop_nulls(conf);
		cc_schema_result r;
		cc_schema_validate(s, conf, &r);
		if (!r.valid && r.nerrors > 0)
			rc = violation(doc, schema, &r.errors[0], err);
		else if (!r.valid) /* the validator owes a reason for every failure */
			rc = cc_error_set(err, CC_ERROR, cc_yaml_doc_file(doc), 0, 0, "invalid, with no reason given");
		cc_schema_result_free(&r);
	}
	json_decref(conf);
	return rc;
}
