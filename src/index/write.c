/*
 * write.c: helm's IndexFile as `helm repo index` builds and writes it.
 *
 * Entries are jansson objects laid out as encoding/json lays out helm's
 * ChartVersion (the embedded Metadata's fields first), so cc_emit_json
 * gives MarshalIndent's order and cc_emit_yaml, which sorts keys itself,
 * gives the YAML. Go maps (entries, annotations) are written with their
 * keys sorted, as encoding/json writes maps.
 */
#include "index/index_int.h"

#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"

const char *const ix_metadata_fields[] = { "name", "home", "sources", "version", "description",
					   "keywords", "maintainers", "icon", "apiVersion", "condition",
					   "tags", "appVersion", "deprecated", "annotations", "kubeVersion",
					   "dependencies", "type", NULL };
const char *const ix_version_fields[] = { "urls", "created", "removed", "digest", "checksum",
					  "engine", "tillerVersion", "url", NULL };

cc_index_doc *cc_index_doc_new(void)
{
	cc_index_doc *d = cc_calloc(1, sizeof(*d));
	d->api_version = cc_strdup("v1");
	d->entries = json_object();
	return d;
}

void cc_index_doc_free(cc_index_doc *d)
{
	if (!d)
		return;
	free(d->api_version);
	json_decref(d->entries);
	json_decref(d->server_info);
	json_decref(d->public_keys);
	json_decref(d->annotations);
	free(d);
}

static const char *str_field(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static const char *json_version(const void *e)
{
	return str_field(e, "version");
}

static void append(cc_index_doc *d, const char *name, json_t *entry)
{
	json_t *list = json_object_get(d->entries, name);
	if (!list) {
		list = json_array();
		json_object_set_new_nocheck(d->entries, name, list);
	}
	json_array_append_new(list, entry);
}

int cc_index_doc_add(cc_index_doc *d, const json_t *metadata, const char *url, const char *created,
		     const char *digest, cc_error *err)
{
	const char *name = str_field(metadata, "name");
	if (!*name || !*str_field(metadata, "version"))
		return cc_error_set(err, CC_EINVALID, url, 0, 0, "chart metadata without a name or version");
	json_t *e = json_object();
	for (size_t i = 0; ix_metadata_fields[i]; i++) {
		json_t *v = json_object_get(metadata, ix_metadata_fields[i]);
		if (v && !strcmp(ix_metadata_fields[i], "annotations"))
			json_object_set_new_nocheck(e, "annotations", cc_emit_sort_keys(v));
		else if (v)
			json_object_set_new_nocheck(e, ix_metadata_fields[i], json_deep_copy(v));
	}
	if (!*str_field(e, "apiVersion"))
		json_object_set_new_nocheck(e, "apiVersion", json_string("v1"));
	json_t *urls = json_array();
	json_array_append_new(urls, json_string_nocheck(url));
	json_object_set_new_nocheck(e, "urls", urls);
	json_object_set_new_nocheck(e, "created", json_string_nocheck(created));
	if (digest && *digest)
		json_object_set_new_nocheck(e, "digest", json_string_nocheck(digest));
	append(d, name, e);
	return 0;
}

/* The entry helm's Get(name, version) returns, with its list and position; NULL when none. */
static json_t *get(const cc_index_doc *d, const char *name, const char *version, json_t **list, size_t *at)
{
	json_t *l = name ? json_object_get(d->entries, name) : NULL;
	size_t n = json_array_size(l);
	if (n == 0)
		return NULL;
	void **items = cc_calloc(n, sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = json_array_get(l, i);
	size_t i = ix_get(items, n, json_version, version);
	free(items);
	if (i == n)
		return NULL;
	if (list)
		*list = l;
	if (at)
		*at = i;
	return json_array_get(l, i);
}

int cc_index_doc_has(const cc_index_doc *d, const char *name, const char *version)
{
	return get(d, name, version, NULL, NULL) != NULL;
}

const char *cc_index_doc_digest(const cc_index_doc *d, const char *name, const char *version)
{
	const json_t *e = get(d, name, version, NULL, NULL);
	return e ? str_field(e, "digest") : NULL;
}

int cc_index_doc_remove(cc_index_doc *d, const char *name, const char *version)
{
	json_t *list = NULL;
	size_t at = 0;
	if (!get(d, name, version, &list, &at))
		return 0;
	json_array_remove(list, at);
	if (json_array_size(list) == 0)
		json_object_del(d->entries, name);
	return 1;
}

/* Go ranges over old's map in random order; name order here, which SortEntries makes moot. */
void cc_index_doc_merge(cc_index_doc *d, const cc_index_doc *old)
{
	void *it = json_object_iter(old->entries);
	cc_strvec names = CC_STRVEC_INIT;
	for (; it; it = json_object_iter_next(old->entries, it))
		cc_strvec_push(&names, json_object_iter_key(it));
	cc_strvec_sort(&names);
	for (size_t i = 0; i < names.n; i++) {
		const json_t *list = json_object_get(old->entries, names.v[i]);
		for (size_t j = 0; j < json_array_size(list); j++) {
			const json_t *e = json_array_get(list, j);
			const char *name = str_field(e, "name"); /* helm files it under cv.Name, not the key */
			if (!cc_index_doc_has(d, name, str_field(e, "version")))
				append(d, name, json_deep_copy(e));
		}
	}
	cc_strvec_free(&names);
}

static void sort_list(json_t *list)
{
	size_t n = json_array_size(list);
	void **items = cc_calloc(n ? n : 1, sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = json_incref(json_array_get(list, i));
	ix_sort_versions(items, n, json_version);
	json_array_clear(list);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, items[i]);
	free(items);
}

void cc_index_doc_sort(cc_index_doc *d)
{
	const char *name;
	json_t *list;
	json_object_foreach(d->entries, name, list)
		sort_list(list);
}

size_t cc_index_doc_nentry(const cc_index_doc *d)
{
	size_t n = 0;
	const char *name;
	json_t *list;
	json_object_foreach(d->entries, name, list)
		n += json_array_size(list);
	return n;
}

/* IndexFile in struct order: serverInfo, apiVersion, generated, entries, publicKeys, annotations. */
static json_t *as_json(const cc_index_doc *d, const char *generated)
{
	json_t *o = json_object();
	if (d->server_info && json_object_size(d->server_info))
		json_object_set_new_nocheck(o, "serverInfo", cc_emit_sort_keys(d->server_info));
	json_object_set_new_nocheck(o, "apiVersion", json_string_nocheck(d->api_version));
	json_object_set_new_nocheck(o, "generated", json_string_nocheck(generated));
	json_t *entries = json_object();
	cc_strvec names = CC_STRVEC_INIT;
	const char *name;
	json_t *list;
	json_object_foreach(d->entries, name, list)
		cc_strvec_push(&names, name);
	cc_strvec_sort(&names);
	for (size_t i = 0; i < names.n; i++)
		json_object_set_nocheck(entries, names.v[i], json_object_get(d->entries, names.v[i]));
	cc_strvec_free(&names);
	json_object_set_new_nocheck(o, "entries", entries);
	if (d->public_keys && json_array_size(d->public_keys))
		json_object_set_nocheck(o, "publicKeys", d->public_keys);
	if (d->annotations && json_object_size(d->annotations))
		json_object_set_new_nocheck(o, "annotations", cc_emit_sort_keys(d->annotations));
	return o;
}

int cc_index_doc_write(const cc_index_doc *d, const char *generated, int as_json_text, cc_buf *out, cc_error *err)
{
	json_t *o = as_json(d, generated);
	int rc = as_json_text ? cc_emit_json_indent(o, "  ", out, err) : cc_emit_yaml(o, out, err);
	json_decref(o);
	return rc;
}

int cc_index_doc_save(const cc_index_doc *d, const char *path, const char *generated, int as_json_text,
		      cc_error *err)
{
	cc_buf b = CC_BUF_INIT;
	int rc = cc_index_doc_write(d, generated, as_json_text, &b, err);
	if (rc == 0) {
		cc_part p = { b.ptr ? b.ptr : "", b.len };
		rc = cc_file_write_parts(path, &p, 1, 0644, 1, err);
	}
	cc_buf_free(&b);
	return rc;
}
