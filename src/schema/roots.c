/*
 * roots: documents, the resources inside them, and their anchors.
 *
 * A document is walked once through the subschema positions its draft
 * defines (each property schema, items, each $defs entry, ...). Every
 * `$id` there opens a resource with its own base URI and dialect (draft
 * and vocabularies), every `$anchor`, `$dynamicAnchor` or draft-4/6/7
 * `id: "#name"` names a location inside one. This is santhosh-tekuri's model, kept because what
 * a `$ref` resolves to (and so whether helm accepts the values) depends on
 * it: an `$id` next to `$ref` is ignored before 2019-09, `$schema` counts
 * only where a resource starts, and a `$ref` into the middle of a document
 * makes that place a schema to collect and check on its own.
 */
#include "schema/schema_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct cs_pos {
	const char *kw;
	char kind; /* 'v' the value, '*' each member, '[' each item */
	int draft; /* first draft with the position */
} cs_pos;

static const cs_pos positions[] = {
	{ "definitions", '*', 4 }, { "not", 'v', 4 }, { "allOf", '[', 4 }, { "anyOf", '[', 4 },
	{ "oneOf", '[', 4 }, { "properties", '*', 4 }, { "additionalProperties", 'v', 4 },
	{ "patternProperties", '*', 4 }, { "items", 'v', 4 }, { "items", '[', 4 },
	{ "additionalItems", 'v', 4 }, { "dependencies", '*', 4 }, { "propertyNames", 'v', 6 },
	{ "contains", 'v', 6 }, { "if", 'v', 7 }, { "then", 'v', 7 }, { "else", 'v', 7 },
	{ "$defs", '*', 2019 }, { "dependentSchemas", '*', 2019 },
	{ "unevaluatedProperties", 'v', 2019 }, { "unevaluatedItems", 'v', 2019 },
	{ "contentSchema", 'v', 2019 }, { "prefixItems", '[', 2020 },
};

int cs_dialect_has(cs_dialect d, unsigned vocab)
{
	if (vocab == CS_V_CORE || d.draft < CC_SCHEMA_DRAFT2019)
		return 1;
	if (!(d.vocabs & CS_V_DEFAULT))
		return (d.vocabs & vocab) != 0;
	if (d.draft == CC_SCHEMA_DRAFT2019)
		return (vocab & (CS_V_APPLICATOR | CS_V_VALIDATION)) != 0;
	return (vocab & (CS_V_APPLICATOR | CS_V_VALIDATION | CS_V_UNEVALUATED)) != 0;
}

int cs_root_find(const cs_reg *r, const char *url)
{
	for (size_t i = 0; i < r->nroots; i++)
		if (strcmp(r->roots[i]->url, url) == 0)
			return (int)i;
	return -1;
}

static char *ptr_append(const char *ptr, const char *tok)
{
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, ptr);
	cc_buf_putc(&b, '/');
	cs_ptr_escape(&b, tok, strlen(tok));
	return cc_buf_detach(&b);
}

static char *loc_of(const char *url, const char *ptr)
{
	cc_buf b = CC_BUF_INIT;
	cc_buf_printf(&b, "%s#", url);
	cs_frag_encode(&b, ptr);
	return cc_buf_detach(&b);
}

const cs_res *cs_root_resource_at(const cs_root *rt, const char *ptr)
{
	for (size_t i = 0; i < rt->nres; i++)
		if (strcmp(rt->res[i].ptr, ptr) == 0)
			return &rt->res[i];
	return NULL;
}

/* The resource a location belongs to: the nearest enclosing one. */
const cs_res *cs_root_resource(const cs_root *rt, const char *ptr)
{
	size_t len = strlen(ptr);
	for (;;) {
		for (size_t i = 0; i < rt->nres; i++)
			if (strlen(rt->res[i].ptr) == len && strncmp(rt->res[i].ptr, ptr, len) == 0)
				return &rt->res[i];
		if (len == 0)
			break;
		while (len > 0 && ptr[len - 1] != '/')
			len--;
		if (len > 0)
			len--;
	}
	return cs_root_resource_at(rt, "");
}

long cs_root_res_by_id(const cs_root *rt, const char *id)
{
	for (size_t i = 0; i < rt->nres; i++)
		if (strcmp(rt->res[i].id, id) == 0)
			return (long)i;
	return -1;
}

static size_t res_add(cs_root *rt, const char *ptr, const char *id, cs_dialect d)
{
	if (rt->nres == rt->capres) {
		rt->capres = rt->capres ? rt->capres * 2 : 4;
		rt->res = cc_realloc(rt->res, rt->capres * sizeof(*rt->res));
	}
	cs_res *res = &rt->res[rt->nres];
	memset(res, 0, sizeof(*res));
	res->ptr = cc_strdup(ptr);
	res->id = cc_strdup(id);
	res->dialect = d;
	res->anchors = json_object();
	return rt->nres++;
}

static int add_anchor(cs_reg *r, cs_root *rt, size_t ri, const char *name, const char *ptr,
		      cc_error *err)
{
	cs_res *res = &rt->res[ri];
	json_t *have = json_object_get(res->anchors, name);
	if (have) {
		if (strcmp(json_string_value(have), ptr) == 0)
			return 0;
		return cs_reg_fail(r, err, CC_EINVALID, "duplicate anchor \"%s\" in \"%s\" at \"%s\" and \"%s\"",
				   name, rt->url, json_string_value(have), ptr);
	}
	json_object_set_new(res->anchors, name, json_string(ptr));
	return 0;
}

/* Anchors before 2019-09 are fragments of `id`/`$id`, ignored next to $ref. */
static int old_anchor(cs_reg *r, cs_root *rt, size_t ri, const json_t *obj, const char *ptr,
		      cc_error *err)
{
	cs_res *res = &rt->res[ri];
	const char *key = res->dialect.draft == CC_SCHEMA_DRAFT4 ? "id" : "$id";
	const char *id = json_string_value(json_object_get(obj, key));
	if (json_object_get(obj, "$ref") || !id)
		return 0;
	const char *hash = strchr(id, '#');
	if (!hash)
		return 0;
	cc_buf frag = CC_BUF_INIT;
	int rc = 0;
	if (cs_pct_decode(hash + 1, strlen(hash + 1), &frag) != 0) {
		char *loc = loc_of(rt->url, ptr);
		rc = cs_reg_fail(r, err, CC_EINVALID, "error in parsing anchor at \"%s\"", loc);
		free(loc);
	} else if (frag.ptr[0] && frag.ptr[0] != '/') {
		rc = add_anchor(r, rt, ri, frag.ptr, ptr, err);
	}
	cc_buf_free(&frag);
	return rc;
}

static int collect_anchors(cs_reg *r, cs_root *rt, size_t ri, const json_t *obj, const char *ptr,
			   cc_error *err)
{
	int draft = rt->res[ri].dialect.draft;
	if (!json_is_object(obj))
		return 0;
	if (draft < CC_SCHEMA_DRAFT2019)
		return old_anchor(r, rt, ri, obj, ptr, err);
	const char *a = json_string_value(json_object_get(obj, "$anchor"));
	if (a && add_anchor(r, rt, ri, a, ptr, err) != 0)
		return CC_EINVALID;
	const char *d = json_string_value(json_object_get(obj, "$dynamicAnchor"));
	if (draft >= CC_SCHEMA_DRAFT2020 && d) {
		if (add_anchor(r, rt, ri, d, ptr, err) != 0)
			return CC_EINVALID;
		cc_strvec_push(&rt->res[ri].dyn, d);
	}
	return 0;
}

/* The `$id` that opens a resource: fragment dropped, "" for none. */
static char *get_id(const json_t *obj, int draft)
{
	if (draft < CC_SCHEMA_DRAFT2019 && json_object_get(obj, "$ref"))
		return NULL;
	const char *id = json_string_value(json_object_get(obj, draft == CC_SCHEMA_DRAFT4 ? "id" : "$id"));
	if (!id)
		return NULL;
	size_t len = strcspn(id, "#");
	return len ? cc_strndup(id, len) : NULL;
}

static int collect(cs_reg *r, size_t root, const json_t *sch, const char *base, const char *ptr,
		   cs_dialect fb, cc_error *err);

static int collect_children(cs_reg *r, size_t root, const json_t *obj, const char *base,
			    const char *ptr, int draft, cs_dialect fb, cc_error *err)
{
	for (size_t i = 0; i < sizeof(positions) / sizeof(positions[0]); i++) {
		const cs_pos *p = &positions[i];
		const json_t *v = json_object_get(obj, p->kw);
		if (draft < p->draft || !v)
			continue;
		char *kp = ptr_append(ptr, p->kw);
		int rc = 0;
		if (p->kind == 'v') {
			rc = collect(r, root, v, base, kp, fb, err);
		} else if (p->kind == '*' && json_is_object(v)) {
			const char *k;
			json_t *cv;
			json_object_foreach ((json_t *)v, k, cv) {
				char *cp = ptr_append(kp, k);
				rc = collect(r, root, cv, base, cp, fb, err);
				free(cp);
				if (rc)
					break;
			}
		} else if (p->kind == '[' && json_is_array(v)) {
			for (size_t j = 0; j < json_array_size(v) && rc == 0; j++) {
				char *cp = cc_asprintf("%s/%zu", kp, j);
				rc = collect(r, root, json_array_get(v, j), base, cp, fb, err);
				free(cp);
			}
		}
		free(kp);
		if (rc)
			return rc;
	}
	return 0;
}


/* Opens the resource an `$id` (or the document root) starts, if new. */
static int open_resource(cs_reg *r, cs_root *rt, const json_t *obj, const char *base,
			 const char *ptr, int draft, int has_schema, cs_dialect fb, cc_error *err)
{
	long have = cs_root_res_by_id(rt, base);
	if (have >= 0) {
		if (strcmp(rt->res[have].ptr, ptr) != 0)
			return cs_reg_fail(r, err, CC_EINVALID, "duplicate id \"%s\" in \"%s\" at \"%s\" and \"%s\"",
					   base, rt->url, ptr, rt->res[have].ptr);
		return 0;
	}
	cs_dialect d = fb;
	if (has_schema) {
		d.draft = draft;
		int rc = cs_meta_vocabs(r, obj, draft, &d.vocabs, err);
		if (rc != 0)
			return rc;
	}
	res_add(rt, ptr, base, d);
	return 0;
}

static int collect_object(cs_reg *r, size_t root, const json_t *obj, const char *base,
			  const char *ptr, cs_dialect fb, cc_error *err)
{
	cs_root *rt = r->roots[root];
	int has_schema = json_is_string(json_object_get(obj, "$schema")), draft;
	int rc = cs_get_draft(r, rt->url, ptr, obj, fb.draft, &draft, err);
	if (rc != 0)
		return rc;
	char *id = get_id(obj, draft);
	if (!id && ptr[0]) {
		draft = fb.draft, has_schema = 0;
		id = get_id(obj, draft);
	}
	char *nbase = NULL, *frag = NULL;
	if (id) {
		cc_buf why = CC_BUF_INIT;
		if (cs_url_join(base, id, &nbase, &frag, &why) != 0) {
			char *loc = loc_of(rt->url, ptr);
			rc = cs_reg_fail(r, err, CC_EINVALID, "error in parsing id at \"%s\"", loc);
			free(loc);
		}
		cc_buf_free(&why);
	}
	const char *b = nbase ? nbase : base;
	if (rc == 0 && (id || !ptr[0]))
		rc = open_resource(r, rt, obj, b, ptr, draft, has_schema, fb, err);
	long bi = rc == 0 ? cs_root_res_by_id(rt, b) : -1;
	if (rc == 0 && bi < 0)
		rc = cs_reg_fail(r, err, CC_ERROR, "no resource for \"%s\"", b);
	if (rc == 0)
		rc = collect_anchors(r, rt, (size_t)bi, obj, ptr, err);
	if (rc == 0)
		rc = collect_children(r, root, obj, b, ptr, draft, rt->res[bi].dialect, err);
	free(id);
	free(nbase);
	free(frag);
	return rc;
}

static int collect(cs_reg *r, size_t root, const json_t *sch, const char *base, const char *ptr,
		   cs_dialect fb, cc_error *err)
{
	cs_root *rt = r->roots[root];
	if (json_object_get(rt->done, ptr))
		return 0;
	int rc = 0;
	if (json_is_boolean(sch)) {
		if (!ptr[0] && cs_root_res_by_id(rt, base) < 0)
			res_add(rt, ptr, base, fb);
	} else if (json_is_object(sch)) {
		rc = collect_object(r, root, sch, base, ptr, fb, err);
	}
	json_object_set_new(rt->done, ptr, json_true());
	return rc;
}

int cs_collect_sub(cs_reg *r, size_t root, const json_t *v, const char *ptr, cc_error *err)
{
	cs_root *rt = r->roots[root];
	const cs_res *base = cs_root_resource(rt, ptr);
	char *id = cc_strdup(base->id);
	cs_dialect d = base->dialect;
	int rc = collect(r, root, v, id, ptr, d, err);
	free(id);
	if (rc == 0 && !cs_root_resource_at(rt, ptr)) {
		long bi = (long)(cs_root_resource(rt, ptr) - rt->res);
		rc = collect_anchors(r, rt, (size_t)bi, v, ptr, err);
	}
	return rc;
}

static int add_root(cs_reg *r, const char *url, json_t *doc, size_t *idx, cc_error *err)
{
	cs_root *rt = cc_calloc(1, sizeof(*rt));
	rt->url = cc_strdup(url);
	rt->doc = doc;
	rt->done = json_object();
	r->roots = cc_realloc(r->roots, (r->nroots + 1) * sizeof(*r->roots));
	r->roots[r->nroots] = rt;
	*idx = r->nroots++;
	cs_dialect fb = { r->default_draft, CS_V_DEFAULT };
	int rc = collect(r, *idx, doc, url, "", fb, err);
	if (rc == 0 && !cs_root_resource_at(rt, ""))
		res_add(rt, "", url, fb);
	if (rc == 0 && strncmp(url, "http://json-schema.org/", 23) != 0 &&
	    strncmp(url, "https://json-schema.org/", 24) != 0)
		rc = cs_meta_check(r, *idx, doc, "", err);
	return rc;
}

int cs_reg_add(cs_reg *r, const char *url, json_t *doc, cc_error *err)
{
	size_t idx;
	if (cs_root_find(r, url) >= 0 || json_object_get(r->docs, url))
		return cs_reg_fail(r, err, CC_EINVALID, "resource for \"%s\" already exists", url);
	json_object_set(r->docs, url, doc);
	return add_root(r, url, json_incref(doc), &idx, err);
}

/* A document by URL, loaded once and kept in r->docs. */
int cs_reg_doc(cs_reg *r, const char *url, json_t **doc, cc_error *err)
{
	json_t *have = json_object_get(r->docs, url);
	if (have) {
		*doc = have;
		return 0;
	}
	json_t *d = NULL;
	int rc = cs_load_doc(r, url, &d, err);
	if (rc != 0)
		return rc;
	json_object_set_new(r->docs, url, d);
	*doc = d;
	return 0;
}

int cs_root_load(cs_reg *r, const char *url, size_t *idx, cc_error *err)
{
	int have = cs_root_find(r, url);
	if (have >= 0) {
		*idx = (size_t)have;
		return 0;
	}
	json_t *doc;
	int rc = cs_reg_doc(r, url, &doc, err);
	if (rc != 0)
		return rc;
	return add_root(r, url, json_incref(doc), idx, err);
}
