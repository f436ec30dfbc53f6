/*
 * meta: checking a schema against its draft's meta-schema.
 *
 * helm rejects a values.schema.json that breaks its meta-schema before it
 * looks at any value ("... is not valid against metaschema: ..."), so
 * chartci does too. The meta-schemas are compiled in a registry of their
 * own, with `format` asserted (a bad `pattern` is a schema error), as
 * santhosh-tekuri compiles them. A custom meta-schema that lists its
 * `$vocabulary` is checked against the union of those vocabularies'
 * meta-schemas, again as there.
 */
#include "schema/schema_int.h"

#include <stdlib.h>
#include <string.h>

static const char *draft_url(int draft)
{
	switch (draft) {
	case CC_SCHEMA_DRAFT4:
		return "http://json-schema.org/draft-04/schema";
	case CC_SCHEMA_DRAFT6:
		return "http://json-schema.org/draft-06/schema";
	case CC_SCHEMA_DRAFT7:
		return "http://json-schema.org/draft-07/schema";
	case CC_SCHEMA_DRAFT2019:
		return "https://json-schema.org/draft/2019-09/schema";
	default:
		return "https://json-schema.org/draft/2020-12/schema";
	}
}

static const struct {
	unsigned bit;
	const char *name;
} vocab_files[] = {
	{ CS_V_CORE, "core" }, { CS_V_APPLICATOR, "applicator" }, { CS_V_UNEVALUATED, "unevaluated" },
	{ CS_V_VALIDATION, "validation" }, { CS_V_METADATA, "meta-data" }, { CS_V_FORMAT, "format" },
	{ CS_V_FORMAT_ANNOTATION, "format-annotation" }, { CS_V_FORMAT_ASSERTION, "format-assertion" },
	{ CS_V_CONTENT, "content" },
};

/* allOf the meta-schemas of the vocabularies in d, standing in for the
 * custom meta-schema (santhosh-tekuri's "urn:mem:metaschema"). */
static cs_node *vocab_union(cs_reg *meta, cs_dialect d)
{
	const char *base = draft_url(d.draft);
	size_t blen = strlen(base) - strlen("schema");
	cs_node **parts = cc_calloc(sizeof(vocab_files) / sizeof(vocab_files[0]), sizeof(*parts));
	size_t n = 0;
	cc_error err;
	for (size_t i = 0; i < sizeof(vocab_files) / sizeof(vocab_files[0]); i++) {
		if (!(d.vocabs & vocab_files[i].bit))
			continue;
		char *url = cc_asprintf("%.*smeta/%s", (int)blen, base, vocab_files[i].name);
		cs_node *p = NULL;
		if (cs_reg_compile(meta, url, "", &p, &err) == 0)
			parts[n++] = p;
		free(url);
	}
	cs_node *u = cs_node_new(meta, "urn:mem:metaschema");
	u->compiled = 1;
	u->draft = d.draft;
	u->all_of = parts;
	u->nall_of = n;
	u->resource = u;
	if (d.draft >= CC_SCHEMA_DRAFT2020) {
		u->dyn_anchor = "meta";
		u->danchors = cc_calloc(1, sizeof(*u->danchors));
		u->danchors[0].name = "meta";
		u->danchors[0].node = u;
		u->ndanchors = 1;
	}
	return u;
}

const cs_node *cs_meta_for(cs_reg *meta, cs_dialect d)
{
	if (d.draft < CC_SCHEMA_DRAFT2019)
		d.vocabs = CS_V_DEFAULT;
	for (size_t i = 0; i < meta->nmeta; i++)
		if (meta->meta_keys[i].draft == d.draft && meta->meta_keys[i].vocabs == d.vocabs)
			return meta->meta_nodes[i];
	cs_node *n = NULL;
	cc_error err;
	if (d.vocabs & CS_V_DEFAULT) {
		if (cs_reg_compile(meta, draft_url(d.draft), "", &n, &err) != 0)
			return NULL;
	} else {
		n = vocab_union(meta, d);
	}
	if (meta->nmeta < sizeof(meta->meta_nodes) / sizeof(meta->meta_nodes[0])) {
		meta->meta_keys[meta->nmeta] = d;
		meta->meta_nodes[meta->nmeta++] = n;
	}
	return n;
}

int cs_meta_check(cs_reg *r, size_t root, const json_t *v, const char *ptr, cc_error *err)
{
	if (r->is_meta)
		return 0;
	const cs_root *rt = r->roots[root];
	cs_dialect d = cs_root_resource(rt, ptr)->dialect;
	if (!r->meta)
		r->meta = cs_reg_new(r->opts, 1);
	const cs_node *m = cs_meta_for(r->meta, d);
	if (!m)
		return cs_reg_fail(r, err, CC_ERROR, "cannot compile the meta-schema of draft %d", d.draft);
	cs_vrun run;
	if (cs_vrun_init(&run, r->opts) != 0)
		return cs_reg_fail(r, err, CC_ERROR, "cannot set up regular expression matching");
	run.meta_reg = r->meta;
	run.meta_root = rt;
	cs_err *e = cs_validate(&run, m, v);
	int rc = 0;
	if (e) {
		cs_err *top = cs_err_top(m->loc, e);
		cc_schema_error pub;
		cs_err_public(top, &pub);
		cc_buf text = CC_BUF_INIT, loc = CC_BUF_INIT, q = CC_BUF_INIT;
		cs_text(pub.causes, pub.ncauses, pub.message, &text);
		cc_buf_printf(&loc, "%s#", rt->url);
		cs_frag_encode(&loc, ptr);
		cs_quote_go(&q, loc.ptr, loc.len);
		rc = cs_reg_fail(r, err, CC_EINVALID, "%s is not valid against metaschema: %s", q.ptr, text.ptr);
		cc_buf_free(&text);
		cc_buf_free(&loc);
		cc_buf_free(&q);
		cs_error_public_free(&pub);
		cs_err_free(&run, top);
	}
	cs_vrun_free(&run);
	return rc;
}
