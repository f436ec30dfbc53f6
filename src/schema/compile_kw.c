/*
 * compile_kw: reading a schema object's keywords into its node.
 *
 * Which keywords count depends on the draft and, from 2019-09, on the
 * vocabularies the meta-schema declares: a keyword unknown to the draft is
 * ignored (prefixItems under draft 7), and before 2019-09 `$ref` hides its
 * draft-4 siblings. The grouping by draft below mirrors santhosh-tekuri's,
 * including its quirks that change verdicts (a draft-6/7 `const` next to
 * `$ref` is still checked), because helm's answers come from it.
 */
#include "schema/schema_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct cs_cc {
	cs_reg *r;
	cs_node *n;
	const json_t *obj;
	cs_dialect d;
	char *res_id;
	cc_error *err;
} cs_cc;

static int has(const cs_cc *c, unsigned vocab)
{
	return cs_dialect_has(c->d, vocab);
}

static char *kw_ptr(const char *ptr, const char *kw, const char *key)
{
	cc_buf b = CC_BUF_INIT;
	cc_buf_printf(&b, "%s/", ptr);
	cs_ptr_escape(&b, kw, strlen(kw));
	if (key) {
		cc_buf_putc(&b, '/');
		cs_ptr_escape(&b, key, strlen(key));
	}
	return cc_buf_detach(&b);
}

static cs_node *at(cs_cc *c, const char *kw, const char *key)
{
	char *p = kw_ptr(c->n->ptr, kw, key);
	cs_node *n = cs_node_enqueue(c->r, c->n->root, p);
	free(p);
	return n;
}

static cs_node *sub(cs_cc *c, const char *kw)
{
	return json_object_get(c->obj, kw) ? at(c, kw, NULL) : NULL;
}

static cs_node **sub_arr(cs_cc *c, const char *kw, size_t *count)
{
	const json_t *a = json_object_get(c->obj, kw);
	*count = 0;
	if (!json_is_array(a) || json_array_size(a) == 0)
		return NULL;
	cs_node **v = cc_calloc(json_array_size(a), sizeof(*v));
	for (size_t i = 0; i < json_array_size(a); i++) {
		char idx[24];
		snprintf(idx, sizeof(idx), "%zu", i);
		v[i] = at(c, kw, idx);
	}
	*count = json_array_size(a);
	return v;
}

static int prop_cmp(const void *a, const void *b)
{
	return strcmp(((const cs_prop *)a)->name, ((const cs_prop *)b)->name);
}

static cs_prop *sub_map(cs_cc *c, const char *kw, size_t *count, int sort)
{
	const json_t *o = json_object_get(c->obj, kw);
	const char *k;
	json_t *v;
	*count = 0;
	if (!json_is_object(o) || json_object_size(o) == 0)
		return NULL;
	cs_prop *p = cc_calloc(json_object_size(o), sizeof(*p));
	json_object_foreach ((json_t *)o, k, v) {
		p[*count].name = k;
		p[(*count)++].node = at(c, kw, k);
	}
	if (sort)
		qsort(p, *count, sizeof(*p), prop_cmp);
	return p;
}

static int additional(cs_cc *c, const char *kw, cs_node **node)
{
	const json_t *v = json_object_get(c->obj, kw);
	*node = NULL;
	if (!v)
		return CS_ADD_NONE;
	if (json_is_boolean(v))
		return json_is_true(v) ? CS_ADD_TRUE : CS_ADD_FALSE;
	*node = at(c, kw, NULL);
	return CS_ADD_SCHEMA;
}

static void num(cs_cc *c, const char *kw, cs_num *out, unsigned bit)
{
	if (cs_num_from_json(json_object_get(c->obj, kw), out) == 0)
		c->n->nums |= bit;
}

static long long intval(cs_cc *c, const char *kw)
{
	cs_num v;
	if (cs_num_from_json(json_object_get(c->obj, kw), &v) != 0 || !cs_num_is_int(&v))
		return LLONG_MIN;
	return cs_num_ll(&v);
}

static const char **strings(const json_t *a, size_t *count)
{
	*count = 0;
	if (!json_is_array(a) || json_array_size(a) == 0)
		return NULL;
	const char **v = cc_calloc(json_array_size(a), sizeof(*v));
	for (size_t i = 0; i < json_array_size(a); i++)
		if (json_is_string(json_array_get(a, i)))
			v[(*count)++] = json_string_value(json_array_get(a, i));
	return v;
}

static int regex_at(cs_cc *c, const char *pat, size_t len, const char *kw, cs_regex **out)
{
	cc_buf why = CC_BUF_INIT, q = CC_BUF_INIT, pq = CC_BUF_INIT;
	char *p = kw_ptr(c->n->ptr, kw, NULL);
	cc_buf_put(&q, c->n->loc, c->n->url_len);
	cc_buf_putc(&q, '#');
	cs_frag_encode(&q, p);
	cs_quote_go(&pq, pat, len);
	int rc = 0;
	const char *gap;
	if (cs_regex_compile(pat, len, out, &why) != 0)
		rc = cs_reg_fail(c->r, c->err, CC_EINVALID, "invalid regex %s at \"%s\": %s", pq.ptr, q.ptr,
				 why.ptr);
	else if (!c->r->is_meta && (gap = cs_regex_go_gap(pat, len)) != NULL)
		cc_strvec_push_owned(&c->r->warnings,
				     cc_asprintf("regex %s at \"%s\" uses %s, which helm's Go regular "
						 "expressions reject: helm fails on this schema",
						 pq.ptr, q.ptr, gap));
	free(p);
	cc_buf_free(&why);
	cc_buf_free(&q);
	cc_buf_free(&pq);
	return rc;
}

static int ref(cs_cc *c, const char *kw, cs_node **out)
{
	const char *s = json_string_value(json_object_get(c->obj, kw));
	*out = NULL;
	if (!s)
		return 0;
	return cs_compile_ref(c->r, c->n, c->res_id, s, out, c->err);
}

static int pattern_props(cs_cc *c)
{
	const json_t *o = json_object_get(c->obj, "patternProperties");
	const char *k;
	json_t *v;
	if (!json_is_object(o) || json_object_size(o) == 0)
		return 0;
	cs_node *n = c->n;
	n->pprops = cc_calloc(json_object_size(o), sizeof(*n->pprops));
	json_object_foreach ((json_t *)o, k, v) {
		cs_pprop *p = &n->pprops[n->npprops];
		p->node = at(c, "patternProperties", k);
		if (regex_at(c, k, strlen(k), "patternProperties", &p->re) != 0)
			return CC_EINVALID;
		n->npprops++;
	}
	return 0;
}

static void dependencies(cs_cc *c, const char *kw, cs_dep **out, size_t *count, int schemas)
{
	const json_t *o = json_object_get(c->obj, kw);
	const char *k;
	json_t *v;
	*count = 0;
	if (!json_is_object(o) || json_object_size(o) == 0)
		return;
	*out = cc_calloc(json_object_size(o), sizeof(**out));
	json_object_foreach ((json_t *)o, k, v) {
		cs_dep *d = &(*out)[*count];
		if (json_is_array(v)) {
			d->req = strings(v, &d->nreq);
		} else if (schemas) {
			d->node = at(c, kw, k);
		} else {
			continue;
		}
		d->name = k;
		(*count)++;
	}
}

static void applicator4(cs_cc *c)
{
	cs_node *n = c->n;
	n->all_of = sub_arr(c, "allOf", &n->nall_of);
	n->any_of = sub_arr(c, "anyOf", &n->nany_of);
	n->one_of = sub_arr(c, "oneOf", &n->none_of);
	n->not_ = sub(c, "not");
	if (n->draft < CC_SCHEMA_DRAFT2020) {
		const json_t *items = json_object_get(c->obj, "items");
		if (json_is_array(items)) {
			n->items_arr = sub_arr(c, "items", &n->nitems_arr);
			n->additems_kind = additional(c, "additionalItems", &n->additems);
		} else {
			n->items = sub(c, "items");
		}
	}
	n->props = sub_map(c, "properties", &n->nprops, 1);
	n->add_kind = additional(c, "additionalProperties", &n->add);
	dependencies(c, "dependencies", &n->deps, &n->ndeps, 1);
}

static int bool_true(cs_cc *c, const char *kw)
{
	return json_is_true(json_object_get(c->obj, kw));
}

static void bounds4(cs_cc *c)
{
	cs_node *n = c->n;
	num(c, "multipleOf", &n->mult, CS_N_MULT);
	num(c, "maximum", &n->max, CS_N_MAX);
	if (bool_true(c, "exclusiveMaximum") && (n->nums & CS_N_MAX))
		n->xmax = n->max, n->nums = (n->nums & ~(unsigned)CS_N_MAX) | CS_N_XMAX;
	else if (!bool_true(c, "exclusiveMaximum"))
		num(c, "exclusiveMaximum", &n->xmax, CS_N_XMAX);
	num(c, "minimum", &n->min, CS_N_MIN);
	if (bool_true(c, "exclusiveMinimum") && (n->nums & CS_N_MIN))
		n->xmin = n->min, n->nums = (n->nums & ~(unsigned)CS_N_MIN) | CS_N_XMIN;
	else if (!bool_true(c, "exclusiveMinimum"))
		num(c, "exclusiveMinimum", &n->xmin, CS_N_XMIN);
}

static unsigned types_of(const json_t *t)
{
	static const char *const names[] = { "null", "boolean", "number", "integer",
					     "string", "array", "object" };
	unsigned mask = 0;
	for (size_t i = 0; i < (json_is_array(t) ? json_array_size(t) : 1); i++) {
		const char *s = json_string_value(json_is_array(t) ? json_array_get(t, i) : t);
		for (size_t k = 0; s && k < 7; k++)
			if (strcmp(s, names[k]) == 0)
				mask |= 1u << k;
	}
	return mask;
}

static int validation4(cs_cc *c)
{
	cs_node *n = c->n;
	n->types = types_of(json_object_get(c->obj, "type"));
	const json_t *e = json_object_get(c->obj, "enum");
	if (json_is_array(e)) {
		n->enum_v = e;
		for (size_t i = 0; i < json_array_size(e); i++)
			n->enum_types |= cs_type_of(json_array_get(e, i));
	}
	bounds4(c);
	n->min_len = intval(c, "minLength");
	n->max_len = intval(c, "maxLength");
	const json_t *pat = json_object_get(c->obj, "pattern");
	if (json_is_string(pat) &&
	    regex_at(c, json_string_value(pat), json_string_length(pat), "pattern", &n->pattern) != 0)
		return CC_EINVALID;
	n->min_items = intval(c, "minItems");
	n->max_items = intval(c, "maxItems");
	n->unique = bool_true(c, "uniqueItems");
	n->max_props = intval(c, "maxProperties");
	n->min_props = intval(c, "minProperties");
	n->required = strings(json_object_get(c->obj, "required"), &n->nrequired);
	return 0;
}

static int assert_format(cs_cc *c)
{
	if (c->r->assert_format || c->n->draft < CC_SCHEMA_DRAFT2019)
		return 1;
	return has(c, c->n->draft == CC_SCHEMA_DRAFT2019 ? CS_V_FORMAT : CS_V_FORMAT_ASSERTION);
}

static int draft4(cs_cc *c)
{
	cs_node *n = c->n;
	int rc = ref(c, "$ref", &n->ref);
	if (rc != 0)
		return rc;
	if (n->draft < CC_SCHEMA_DRAFT2019 && n->ref)
		return 0;
	if (has(c, CS_V_APPLICATOR)) {
		applicator4(c);
		if (pattern_props(c) != 0)
			return CC_EINVALID;
	}
	if (has(c, CS_V_VALIDATION) && validation4(c) != 0)
		return CC_EINVALID;
	const char *f = json_string_value(json_object_get(c->obj, "format"));
	if (f && assert_format(c))
		n->format = cs_format_find(f);
	return 0;
}

static void draft6_7(cs_cc *c)
{
	cs_node *n = c->n;
	if (has(c, CS_V_APPLICATOR)) {
		n->contains = sub(c, "contains");
		n->prop_names = sub(c, "propertyNames");
	}
	if (has(c, CS_V_VALIDATION))
		n->const_v = json_object_get(c->obj, "const");
	if (n->draft < CC_SCHEMA_DRAFT7 || !has(c, CS_V_APPLICATOR))
		return;
	n->if_ = sub(c, "if");
	if (!n->if_)
		return;
	const json_t *b = json_object_get(c->obj, "if");
	if (!json_is_boolean(b) || json_is_true(b))
		n->then_ = sub(c, "then");
	if (!json_is_boolean(b) || json_is_false(b))
		n->else_ = sub(c, "else");
}

static int draft2019(cs_cc *c)
{
	cs_node *n = c->n;
	int rc = ref(c, "$recursiveRef", &n->rref);
	if (rc != 0)
		return rc;
	n->rec_anchor = bool_true(c, "$recursiveAnchor");
	if (has(c, CS_V_VALIDATION)) {
		if (n->contains) {
			n->min_contains = intval(c, "minContains");
			n->max_contains = intval(c, "maxContains");
		}
		dependencies(c, "dependentRequired", &n->dep_req, &n->ndep_req, 0);
	}
	if (has(c, CS_V_APPLICATOR))
		n->dep_schemas = sub_map(c, "dependentSchemas", &n->ndep_schemas, 0);
	if (has(c, n->draft == CC_SCHEMA_DRAFT2019 ? CS_V_APPLICATOR : CS_V_UNEVALUATED)) {
		n->uneval_items = sub(c, "unevaluatedItems");
		n->uneval_props = sub(c, "unevaluatedProperties");
	}
	return 0;
}

static int draft2020(cs_cc *c)
{
	cs_node *n = c->n;
	int rc = ref(c, "$dynamicRef", &n->dref);
	if (rc != 0)
		return rc;
	if (n->dref) {
		char *u, *frag;
		cs_url_split(json_string_value(json_object_get(c->obj, "$dynamicRef")), &u, &frag);
		cc_buf dec = CC_BUF_INIT;
		if (cs_pct_decode(frag, strlen(frag), &dec) == 0 && dec.ptr[0] && dec.ptr[0] != '/')
			n->dref_anchor = cc_buf_detach(&dec);
		cc_buf_free(&dec);
		free(u);
		free(frag);
	}
	n->dyn_anchor = json_string_value(json_object_get(c->obj, "$dynamicAnchor"));
	if (has(c, CS_V_APPLICATOR)) {
		n->prefix = sub_arr(c, "prefixItems", &n->nprefix);
		n->items2020 = sub(c, "items");
	}
	return 0;
}

int cs_compile_object(cs_reg *r, cs_node *n, const json_t *obj, cc_error *err)
{
	const cs_res *res = cs_root_resource(r->roots[n->root], n->ptr);
	cs_cc c = { r, n, obj, res->dialect, cc_strdup(res->id), err };
	int rc = draft4(&c);
	if (rc == 0 && n->draft >= CC_SCHEMA_DRAFT6)
		draft6_7(&c);
	if (rc == 0 && n->draft >= CC_SCHEMA_DRAFT2019)
		rc = draft2019(&c);
	if (rc == 0 && n->draft >= CC_SCHEMA_DRAFT2020)
		rc = draft2020(&c);
	free(c.res_id);
	return rc;
}
