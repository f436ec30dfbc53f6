/*
 * load: where a referenced document comes from, and the drafts' URLs.
 *
 * Meta-schemas are embedded and always available. Anything else is a
 * remote document, which this module never fetches from the network: it
 * must pass the allow-list, then is read from the local directory mapped
 * to its prefix or handed over by the caller's loader. An unresolvable
 * `urn:` URI becomes the schema `true` with a warning, because that is
 * what helm does (its URN loader falls back to a permissive schema so
 * charts written for older helm keep installing); everything else is a
 * compile error naming the URI, in santhosh-tekuri's "failing loading"
 * shape.
 */
#include "schema/schema_int.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *path;
	int draft;
} drafts[] = {
	{ "json-schema.org/schema", CC_SCHEMA_DRAFT2020 },
	{ "json-schema.org/draft/2020-12/schema", CC_SCHEMA_DRAFT2020 },
	{ "json-schema.org/draft/2019-09/schema", CC_SCHEMA_DRAFT2019 },
	{ "json-schema.org/draft-07/schema", CC_SCHEMA_DRAFT7 },
	{ "json-schema.org/draft-06/schema", CC_SCHEMA_DRAFT6 },
	{ "json-schema.org/draft-04/schema", CC_SCHEMA_DRAFT4 },
};

static const char *strip_scheme(const char *url)
{
	if (strncmp(url, "http://", 7) == 0)
		return url + 7;
	if (strncmp(url, "https://", 8) == 0)
		return url + 8;
	return url;
}

/* santhosh-tekuri's draftFromURL: http or https, an empty fragment only. */
int cs_draft_from_url(const char *url)
{
	const char *hash = strchr(url, '#');
	if (hash && hash[1])
		return 0;
	const char *u = strip_scheme(url);
	size_t len = hash ? (size_t)(hash - u) : strlen(u);
	for (size_t i = 0; i < sizeof(drafts) / sizeof(drafts[0]); i++)
		if (strlen(drafts[i].path) == len && strncmp(drafts[i].path, u, len) == 0)
			return drafts[i].draft;
	return 0;
}

static const cs_embedded *embedded(const char *url)
{
	const char *rest;
	if (strncmp(url, "http://json-schema.org/", 23) == 0)
		rest = url + 23;
	else if (strncmp(url, "https://json-schema.org/", 24) == 0)
		rest = url + 24;
	else
		return NULL;
	if (strcmp(rest, "schema") == 0)
		rest = "draft/2020-12/schema";
	for (size_t i = 0; i < cs_nmetaschemas; i++)
		if (strcmp(cs_metaschemas[i].path, rest) == 0)
			return &cs_metaschemas[i];
	return NULL;
}

static int parse_doc(cs_reg *r, const char *data, size_t len, const char *url, json_t **doc,
		     cc_error *err)
{
	json_error_t jerr;
	*doc = json_loadb(data, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	if (!*doc)
		return cs_reg_fail(r, err, CC_EINVALID, "failing loading \"%s\": %s (line %d, column %d)",
				   url, jerr.text, jerr.line, jerr.column);
	return 0;
}

static int allowed(const cc_schema_opts *o, const char *url)
{
	if (!o || o->nallow == 0)
		return 1;
	for (size_t i = 0; i < o->nallow; i++)
		if (o->allow[i] && strncmp(url, o->allow[i], strlen(o->allow[i])) == 0)
			return 1;
	return 0;
}

/* The file a mapping serves url from, or NULL when the rest of the URL
 * would climb out of the directory. */
static char *mapped_path(const cc_schema_mapping *m, const char *url)
{
	const char *rest = url + strlen(m->prefix);
	size_t len = strcspn(rest, "?#");
	cc_buf dec = CC_BUF_INIT;
	if (cs_pct_decode(rest, len, &dec) != 0 || dec.ptr[0] == '/' || strstr(dec.ptr, "\\")) {
		cc_buf_free(&dec);
		return NULL;
	}
	for (const char *p = dec.ptr; *p;) {
		size_t seg = strcspn(p, "/");
		if ((seg == 2 && p[0] == '.' && p[1] == '.') || memchr(p, '\0', seg)) {
			cc_buf_free(&dec);
			return NULL;
		}
		p += seg + (p[seg] == '/');
	}
	char *path = cc_path_join(m->dir, dec.ptr);
	cc_buf_free(&dec);
	return path;
}

static int from_mapping(cs_reg *r, const char *url, json_t **doc, cc_error *err)
{
	const cc_schema_opts *o = r->opts;
	for (size_t i = 0; o && i < o->nmappings; i++) {
		const cc_schema_mapping *m = &o->mappings[i];
		if (!m->prefix || !m->dir || strncmp(url, m->prefix, strlen(m->prefix)) != 0)
			continue;
		char *path = mapped_path(m, url);
		if (!path)
			return cs_reg_fail(r, err, CC_EUNSAFE, "failing loading \"%s\": the path leaves %s",
					   url, m->dir);
		cc_buf data = CC_BUF_INIT;
		cc_error ferr;
		size_t max = o->max_remote_size ? o->max_remote_size : CC_SCHEMA_DEFAULT_MAX_REMOTE;
		int rc = cc_file_read(path, max, &data, &ferr);
		if (rc == 0)
			rc = parse_doc(r, data.ptr, data.len, url, doc, err);
		else
			cs_reg_fail(r, err, rc, "failing loading \"%s\": %s", url, ferr.msg);
		cc_buf_free(&data);
		free(path);
		return rc;
	}
	return CC_ENOTFOUND;
}

static int from_loader(cs_reg *r, const char *url, json_t **doc, cc_error *err)
{
	const cc_schema_opts *o = r->opts;
	if (!o || !o->loader)
		return CC_ENOTFOUND;
	cc_error lerr;
	cc_error_clear(&lerr);
	*doc = NULL;
	int rc = o->loader(o->loader_ctx, url, doc, &lerr);
	if (rc == 0 && *doc)
		return 0;
	if (rc == 0 || rc == CC_ENOTFOUND)
		return CC_ENOTFOUND;
	return cs_reg_fail(r, err, rc, "failing loading \"%s\": %s", url,
			   lerr.msg[0] ? lerr.msg : cc_error_code_name(rc));
}

static int remote(cs_reg *r, const char *url, json_t **doc, cc_error *err)
{
	const cc_schema_opts *o = r->opts;
	if (!allowed(o, url))
		return cs_reg_fail(r, err, CC_EUNSAFE,
				   "failing loading \"%s\": not in the allow-list of remote references", url);
	int rc = from_mapping(r, url, doc, err);
	if (rc == CC_ENOTFOUND)
		rc = from_loader(r, url, doc, err);
	if (rc != CC_ENOTFOUND)
		return rc;
	if (strncmp(url, "urn:", 4) == 0 && !(o && o->strict_urn)) {
		cc_strvec_push_owned(&r->warnings,
				     cc_asprintf("unresolved URN reference ignored; using permissive schema: %s",
						 url));
		*doc = json_true();
		return 0;
	}
	return cs_reg_fail(r, err, CC_ENOTFOUND,
			   "failing loading \"%s\": remote references are not fetched; map the URI "
			   "prefix to a local directory",
			   url);
}

int cs_load_doc(cs_reg *r, const char *url, json_t **doc, cc_error *err)
{
	const cs_embedded *e = embedded(url);
	if (e)
		return parse_doc(r, (const char *)e->data, e->len, url, doc, err);
	size_t max = r->opts && r->opts->max_docs ? r->opts->max_docs : CC_SCHEMA_DEFAULT_MAX_DOCS;
	if (json_object_size(r->docs) >= max)
		return cs_reg_fail(r, err, CC_ELIMIT, "failing loading \"%s\": more than %zu schema documents",
				   url, max);
	return remote(r, url, doc, err);
}
