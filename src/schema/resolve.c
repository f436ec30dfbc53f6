/*
 * resolve: from `$schema`, fragments and JSON pointers to places in a
 * document.
 *
 * `$schema` picks the draft: a published meta-schema URL directly, any
 * other URL by loading that meta-schema and following its own `$schema`
 * (a custom meta-schema may also narrow the vocabularies, which turns
 * keywords off). A fragment is either a JSON pointer or an anchor of the
 * resource it is read in. These follow santhosh-tekuri's rules and error
 * texts, since helm shows them to users unchanged.
 */
#include "schema/schema_int.h"

#include <stdlib.h>
#include <string.h>


static int draft_of_meta(cs_reg *r, const char *url, const char *ptr, const json_t *obj,
			 int fallback, int *draft, int depth, cc_error *err)
{
	const char *sch = json_string_value(json_object_get(obj, "$schema"));
	if (!json_is_object(obj) || !sch) {
		*draft = fallback;
		return 0;
	}
	if ((*draft = cs_draft_from_url(sch)) != 0)
		return 0;
	char *su, *frag;
	cs_url_split(sch, &su, &frag);
	cs_url pu;
	cc_buf why = CC_BUF_INIT;
	int rc = 0;
	if (cs_url_parse(su, &pu, &why) != 0)
		rc = cs_reg_fail(r, err, CC_EINVALID, "invalid $schema in \"%s#%s\": %s", url, ptr, why.ptr);
	else
		cs_url_free(&pu);
	if (rc == 0 && !ptr[0] && strcmp(su, url) == 0)
		rc = cs_reg_fail(r, err, CC_EINVALID, "draft \"%s\" is not supported", su);
	if (rc == 0 && depth > 16)
		rc = cs_reg_fail(r, err, CC_EINVALID, "cycle in resolving $schema in \"%s\"", su);
	json_t *doc = NULL;
	if (rc == 0)
		rc = cs_reg_doc(r, su, &doc, err);
	if (rc == 0)
		rc = draft_of_meta(r, su, "", doc, fallback, draft, depth + 1, err);
	cc_buf_free(&why);
	free(su);
	free(frag);
	return rc;
}

int cs_get_draft(cs_reg *r, const char *url, const char *ptr, const json_t *obj, int fallback,
		 int *draft, cc_error *err)
{
	return draft_of_meta(r, url, ptr, obj, fallback, draft, 0, err);
}

static const struct {
	const char *name;
	unsigned bit;
	int drafts; /* 1: 2019-09, 2: 2020-12 */
} vocab_names[] = {
	{ "core", CS_V_CORE, 3 }, { "applicator", CS_V_APPLICATOR, 3 },
	{ "validation", CS_V_VALIDATION, 3 }, { "meta-data", CS_V_METADATA, 3 },
	{ "content", CS_V_CONTENT, 3 }, { "format", CS_V_FORMAT, 1 },
	{ "unevaluated", CS_V_UNEVALUATED, 2 }, { "format-annotation", CS_V_FORMAT_ANNOTATION, 2 },
	{ "format-assertion", CS_V_FORMAT_ASSERTION, 2 },
};

static unsigned vocab_bit(const char *uri, int draft)
{
	const char *prefix = draft == CC_SCHEMA_DRAFT2019 ? "https://json-schema.org/draft/2019-09/vocab/"
							  : "https://json-schema.org/draft/2020-12/vocab/";
	size_t pl = strlen(prefix);
	if (strncmp(uri, prefix, pl) != 0)
		return 0;
	for (size_t i = 0; i < sizeof(vocab_names) / sizeof(vocab_names[0]); i++)
		if (strcmp(uri + pl, vocab_names[i].name) == 0 &&
		    (vocab_names[i].drafts & (draft == CC_SCHEMA_DRAFT2019 ? 1 : 2)))
			return vocab_names[i].bit;
	return 0;
}

/* The vocabularies a custom meta-schema's `$vocabulary` turns on. */
int cs_meta_vocabs(cs_reg *r, const json_t *obj, int draft, unsigned *vocabs, cc_error *err)
{
	const char *sch = json_string_value(json_object_get(obj, "$schema"));
	*vocabs = CS_V_DEFAULT;
	if (draft < CC_SCHEMA_DRAFT2019 || !sch || cs_draft_from_url(sch))
		return 0;
	char *su, *frag;
	json_t *doc = NULL;
	cs_url_split(sch, &su, &frag);
	int rc = cs_reg_doc(r, su, &doc, err);
	const json_t *voc = rc == 0 ? json_object_get(doc, "$vocabulary") : NULL;
	if (rc == 0 && json_is_object(voc)) {
		const char *uri;
		json_t *req;
		*vocabs = CS_V_CORE;
		json_object_foreach ((json_t *)voc, uri, req) {
			if (!json_is_true(req))
				continue;
			unsigned bit = vocab_bit(uri, draft);
			if (!bit) {
				rc = cs_reg_fail(r, err, CC_EINVALID, "unsupported vocabulary \"%s\" in \"%s\"", uri, su);
				break;
			}
			*vocabs |= bit;
		}
	}
	free(su);
	free(frag);
	return rc;
}

const json_t *cs_lookup(const json_t *doc, const char *ptr, int *bad)
{
	cc_buf tok = CC_BUF_INIT;
	const json_t *v = doc;
	*bad = 0;
	for (const char *p = ptr; v && *p == '/';) {
		p++;
		size_t n = strcspn(p, "/");
		if (cs_ptr_unescape(p, n, &tok) != 0) {
			*bad = 1;
			v = NULL;
			break;
		}
		p += n;
		if (json_is_object(v)) {
			v = json_object_get(v, tok.ptr);
		} else if (json_is_array(v)) {
			long long idx;
			cc_buf why = CC_BUF_INIT;
			int ok = cs_fmt_atoi(tok.ptr, tok.len, &idx, &why) == 0 && idx >= 0 &&
				 (size_t)idx < json_array_size(v);
			cc_buf_free(&why);
			v = ok ? json_array_get(v, (size_t)idx) : NULL;
		} else {
			v = NULL;
		}
	}
	cc_buf_free(&tok);
	return v;
}

int cs_root_resolve_frag(cs_reg *r, size_t root, const cs_res *res, const char *frag, char **ptr,
			 cc_error *err)
{
	if (!frag[0] || frag[0] == '/') {
		*ptr = cc_asprintf("%s%s", res->ptr, frag);
		return 0;
	}
	const char *p = json_string_value(json_object_get(res->anchors, frag));
	if (p) {
		*ptr = cc_strdup(p);
		return 0;
	}
	cc_buf ref = CC_BUF_INIT;
	cc_buf_printf(&ref, "%s#", res->id);
	cs_frag_encode(&ref, frag);
	int rc = cs_reg_fail(r, err, CC_EINVALID, "anchor in \"%s\" not found in schema \"%s\"", ref.ptr,
			     r->roots[root]->url);
	cc_buf_free(&ref);
	*ptr = NULL;
	return rc;
}

static int not_found(cs_reg *r, const cs_root *rt, const char *ptr, int bad, cc_error *err)
{
	cc_buf loc = CC_BUF_INIT;
	cc_buf_printf(&loc, "%s#", rt->url);
	cs_frag_encode(&loc, ptr);
	const char *fmt = bad ? "invalid json-pointer \"%s\"" : "json-pointer in \"%s\" not found";
	int rc = cs_reg_fail(r, err, CC_EINVALID, fmt, loc.ptr);
	cc_buf_free(&loc);
	return rc;
}

/* A location reached by a reference but not walked yet becomes a schema:
 * its resources and anchors are collected and it is checked on its own. */
int cs_root_ensure(cs_reg *r, size_t root, const char *ptr, cc_error *err)
{
	cs_root *rt = r->roots[root];
	if (json_object_get(rt->done, ptr))
		return 0;
	int bad;
	const json_t *v = cs_lookup(rt->doc, ptr, &bad);
	if (!v)
		return not_found(r, rt, ptr, bad, err);
	int rc = cs_collect_sub(r, root, v, ptr, err);
	return rc != 0 ? rc : cs_meta_check(r, root, v, ptr, err);
}
