/*
 * metadata.c: Chart.yaml as helm writes it into an archive.
 *
 * helm never copies Chart.yaml: it decodes it into its Metadata struct,
 * runs Metadata.Validate (which sanitises strings in place) and marshals
 * the struct again. So comments, unknown keys and quoting vanish, numbers
 * come back as Go formats them ("1.0" -> "1"), empty fields are dropped
 * (omitempty) and every dependency gains `repository: ""`. The JSON built
 * here is that struct's; cc_emit_yaml sorts the keys as helm's output has
 * them. The same decoding gives Validate's refusals, with the position of
 * the node they are about.
 */
#include "package/package_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"
#include "lock/lock.h"
#include "semver/semver.h"

typedef cc_lock_decoder mdec;

static int wrong_kind(mdec *d, const cc_yaml_node *n, const char *field, const char *type)
{
	return cc_lock_type_error(d, n, field, type);
}

static void set_string(json_t *o, const char *key, const char *s, int sanitize)
{
	if (!s || !*s)
		return; /* omitempty */
	char *clean = sanitize ? cc_lock_sanitize(s, strlen(s)) : NULL;
	const char *v = clean ? clean : s;
	if (*v)
		json_object_set_new(o, key, json_string_nocheck(v));
	free(clean);
}

static int put_string(mdec *d, json_t *o, const cc_yaml_node *m, const char *field, int sanitize)
{
	return cc_lock_put_string(d, o, m, field, sanitize, 0);
}

static int maintainer(mdec *d, const cc_yaml_node *m, json_t **out)
{
	*out = NULL;
	if (!m || cc_yaml_is_null(m))
		return cc_error_set(d->err, CC_EINVALID, d->file, m ? m->line : 0, m ? m->col : 0,
				    "validation: maintainers must not contain empty or null nodes");
	if (m->kind != CC_YAML_MAP)
		return wrong_kind(d, m, "maintainers", "chart.Maintainer");
	json_t *o = json_object();
	int rc = put_string(d, o, m, "name", 1);
	if (rc == 0)
		rc = put_string(d, o, m, "email", 1);
	if (rc == 0)
		rc = put_string(d, o, m, "url", 1);
	if (rc != 0)
		json_decref(o);
	else
		*out = o;
	return rc;
}

static int put_maintainers(mdec *d, json_t *o, const cc_yaml_node *m)
{
	const cc_yaml_node *l = cc_yaml_map_get_go(m, "maintainers");
	if (!l || cc_yaml_is_null(l))
		return 0;
	if (l->kind != CC_YAML_SEQ)
		return wrong_kind(d, l, "maintainers", "[]*chart.Maintainer");
	json_t *a = json_array();
	for (size_t i = 0; i < l->nitems; i++) {
		json_t *one;
		int rc = maintainer(d, l->items[i], &one);
		if (rc != 0) {
			json_decref(a);
			return rc;
		}
		json_array_append_new(a, one);
	}
	if (json_array_size(a))
		json_object_set_new(o, "maintainers", a);
	else
		json_decref(a);
	return 0;
}

/* map[string]string: keys of any scalar type as strings, values not sanitised. */
static int put_annotations(mdec *d, json_t *o, const cc_yaml_node *m)
{
	const cc_yaml_node *a = cc_yaml_map_get_go(m, "annotations");
	if (!a || cc_yaml_is_null(a))
		return 0;
	if (a->kind != CC_YAML_MAP)
		return wrong_kind(d, a, "annotations", "map[string]string");
	json_t *map = json_object();
	for (size_t i = 0; i < a->npairs; i++) {
		char *k = NULL, *v = NULL;
		int rc = cc_lock_go_string(d, a->pairs[i].key, "annotations", &k);
		if (rc == 0)
			rc = cc_lock_go_string(d, a->pairs[i].value, "annotations", &v);
		if (rc == 0)
			json_object_set_new_nocheck(map, k ? k : "", json_string_nocheck(v ? v : ""));
		free(k);
		free(v);
		if (rc != 0) {
			json_decref(map);
			return rc;
		}
	}
	if (json_object_size(map))
		json_object_set_new(o, "annotations", map);
	else
		json_decref(map);
	return 0;
}

/* Every field of helm's Metadata but dependencies, apiVersion and the overrides. */
static int decode_fields(mdec *d, const cc_yaml_node *root, json_t *md)
{
	static const char *const sanitized[] = { "name", "home", "description", "icon", "condition",
						 "tags", "appVersion", "kubeVersion", NULL };
	int rc = 0;
	for (size_t i = 0; sanitized[i] && rc == 0; i++)
		rc = put_string(d, md, root, sanitized[i], 1);
	if (rc == 0)
		rc = put_string(d, md, root, "version", 0);
	if (rc == 0)
		rc = put_string(d, md, root, "type", 0);
	if (rc == 0)
		rc = cc_lock_put_strings(d, md, root, "sources");
	if (rc == 0)
		rc = cc_lock_put_strings(d, md, root, "keywords");
	if (rc == 0)
		rc = put_maintainers(d, md, root);
	if (rc == 0)
		rc = put_annotations(d, md, root);
	if (rc == 0)
		rc = cc_lock_put_true(d, md, root, "deprecated");
	return rc;
}

static const cc_yaml_node *root_of(const cc_chart *c)
{
	return cc_yaml_doc_root(c->chartfile);
}

static int decode(const cc_chart *c, const cc_package_opts *o, json_t **out, const cc_yaml_node **deps,
		  const char **deps_file, cc_error *err)
{
	char *file = cc_chart_display_path(c, "Chart.yaml");
	mdec d = { file, "Metadata", err };
	const cc_yaml_node *root = root_of(c);
	json_t *md = json_object();
	int rc = 0;
	if (!root || root->kind != CC_YAML_MAP)
		rc = cc_error_set(err, CC_EINVALID, file, root ? root->line : 0, root ? root->col : 0,
				  "Chart.yaml is not a mapping of fields");
	if (rc == 0)
		rc = decode_fields(&d, root, md);
	json_t *dl = NULL;
	if (rc == 0)
		rc = cc_lock_dependencies(c, &dl, deps, deps_file, err);
	if (rc == 0 && dl && json_array_size(dl))
		json_object_set(md, "dependencies", dl);
	json_decref(dl);
	json_object_set_new(md, "apiVersion", json_string_nocheck(c->api_version ? c->api_version : "v1"));
	if (o && o->version && *o->version)
		json_object_set_new(md, "version", json_string_nocheck(o->version));
	if (o && o->app_version)
		set_string(md, "appVersion", o->app_version, 1);
	if (o && o->app_version && !*o->app_version)
		json_object_del(md, "appVersion");
	free(file);
	if (rc != 0) {
		json_decref(md);
		return rc;
	}
	*out = cc_package_go_order(md);
	json_decref(md);
	return 0;
}

/* ---------------------------------------------------------------- Metadata.Validate */

static int invalid_at(const cc_chart *c, const cc_yaml_node *n, cc_error *err, const char *fmt,
		      const char *arg)
{
	char *file = cc_chart_display_path(c, "Chart.yaml");
	char msg[CC_ERROR_MSG_MAX];
	snprintf(msg, sizeof(msg), fmt, arg);
	cc_error_set(err, CC_EINVALID, file, n ? n->line : 0, n ? n->col : 0, "validation: %s", msg);
	free(file);
	return CC_EINVALID;
}

static const char *str_of(const json_t *md, const char *key)
{
	const char *s = json_string_value(json_object_get(md, key));
	return s ? s : "";
}

static int name_valid(const char *name)
{
	return !strchr(name, '/');
}

static int version_valid(const char *v)
{
	cc_semver sv;
	cc_error e;
	if (cc_semver_parse(&sv, v, &e) != 0)
		return 0;
	cc_semver_free(&sv);
	return 1;
}

static int validate_basics(const cc_chart *c, const json_t *md, const cc_package_opts *o, cc_error *err)
{
	const cc_yaml_node *root = root_of(c);
	const char *name = str_of(md, "name"), *version = str_of(md, "version"), *type = str_of(md, "type");
	const cc_yaml_node *vn = o && o->version && *o->version ? NULL : cc_yaml_map_get_go(root, "version");
	if (!*name)
		return invalid_at(c, root, err, "chart.metadata.name is required%s", "");
	const cc_yaml_node *nn = cc_yaml_map_get_go(root, "name");
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return invalid_at(c, nn, err, "chart.metadata.name \"%s\" is not allowed", name);
	if (!name_valid(name))
		return invalid_at(c, nn, err, "chart.metadata.name \"%s\" is invalid", name);
	if (!*version)
		return invalid_at(c, root, err, "chart.metadata.version is required%s", "");
	if (!version_valid(version))
		return invalid_at(c, vn, err, "chart.metadata.version \"%s\" is invalid", version);
	if (*type && strcmp(type, "application") && strcmp(type, "library"))
		return invalid_at(c, cc_yaml_map_get_go(root, "type"), err,
				  "chart.metadata.type must be application or library%s", "");
	return 0;
}

static int alias_valid(const char *alias)
{
	for (const char *p = alias; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') && !(*p >= '0' && *p <= '9') &&
		    *p != '_' && *p != '-')
			return 0;
	return *alias != '\0';
}

static int validate_dependencies(const cc_chart *c, const json_t *md, const cc_yaml_node *nodes,
				 cc_error *err)
{
	const json_t *deps = json_object_get(md, "dependencies");
	cc_strvec seen = CC_STRVEC_INIT;
	int rc = 0;
	for (size_t i = 0; i < json_array_size(deps) && rc == 0; i++) {
		const json_t *dep = json_array_get(deps, i);
		const cc_yaml_node *at = nodes && i < nodes->nitems ? nodes->items[i] : NULL;
		const char *alias = str_of(dep, "alias");
		const char *key = *alias ? alias : str_of(dep, "name");
		if (*alias && !alias_valid(alias))
			rc = invalid_at(c, at, err, "dependency \"%s\" has disallowed characters in the alias",
					str_of(dep, "name"));
		else if (cc_strvec_contains(&seen, key))
			rc = invalid_at(c, at, err,
					"more than one dependency with name or alias \"%s\". Try using distinct aliases for dependencies with the same chart name.",
					key);
		cc_strvec_push(&seen, key);
	}
	cc_strvec_free(&seen);
	return rc;
}

/* ---------------------------------------------------------------- the public face */

int cc_package_metadata(const cc_chart *c, const cc_package_opts *o, json_t **out, cc_error *err)
{
	const cc_yaml_node *nodes = NULL;
	const char *deps_file = NULL;
	json_t *md = NULL;
	*out = NULL;
	int rc = decode(c, o, &md, &nodes, &deps_file, err);
	if (rc == 0)
		rc = validate_basics(c, md, o, err);
	if (rc == 0)
		rc = validate_dependencies(c, md, nodes, err);
	if (rc != 0) {
		json_decref(md);
		return rc;
	}
	*out = cc_package_go_order(md);
	json_decref(md);
	return 0;
}

int cc_package_chartfile(const cc_chart *c, const cc_package_opts *o, cc_buf *out, cc_error *err)
{
	json_t *md;
	int rc = cc_package_metadata(c, o, &md, err);
	if (rc != 0)
		return rc;
	if (strcmp(c->api_version ? c->api_version : "v1", "v1") == 0)
		json_object_del(md, "dependencies"); /* helm keeps v1's in requirements.yaml */
	rc = cc_emit_yaml(md, out, err);
	json_decref(md);
	return rc;
}
