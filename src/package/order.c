/*
 * order.c: helm's Metadata with its keys in Go's struct order.
 *
 * YAML output sorts keys, so order does not matter there; but the JSON
 * helm writes of a chart (the OCI config blob, `index.yaml --json`) keeps
 * the struct's field order, and a registry digest is over those bytes.
 */
#include "package/package_int.h"

#include <string.h>

static const char *const METADATA[] = { "name", "home", "sources", "version", "description", "keywords",
					"maintainers", "icon", "apiVersion", "condition", "tags", "appVersion",
					"deprecated", "annotations", "kubeVersion", "dependencies", "type", NULL };
static const char *const MAINTAINER[] = { "name", "email", "url", NULL };
static const char *const DEPENDENCY[] = { "name", "version", "repository", "condition", "tags", "enabled",
					  "import-values", "alias", NULL };

/* A copy of obj with the keys of order first, in that order, then any others as they were. */
static json_t *ordered(const json_t *obj, const char *const *order)
{
	json_t *out = json_object();
	for (size_t i = 0; order[i]; i++) {
		json_t *v = json_object_get(obj, order[i]);
		if (v)
			json_object_set(out, order[i], v);
	}
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v)
		if (!json_object_get(out, key))
			json_object_set(out, key, v);
	return out;
}

static json_t *each_ordered(const json_t *arr, const char *const *order)
{
	json_t *out = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
		json_array_append_new(out, json_is_object(v) ? ordered(v, order) : json_incref(v));
	return out;
}

json_t *cc_package_go_order(const json_t *md)
{
	json_t *out = ordered(md, METADATA);
	if (json_is_array(json_object_get(out, "maintainers")))
		json_object_set_new(out, "maintainers", each_ordered(json_object_get(md, "maintainers"), MAINTAINER));
	if (json_is_array(json_object_get(out, "dependencies")))
		json_object_set_new(out, "dependencies", each_ordered(json_object_get(md, "dependencies"), DEPENDENCY));
	return out;
}
