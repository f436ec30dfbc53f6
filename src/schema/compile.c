/*
 * compile: the registry and the work queue that turns schema locations
 * into nodes.
 *
 * A location is compiled once however many references lead to it, which
 * is what makes recursive schemas finite: compiling only links nodes, the
 * recursion happens (bounded) at validation. Locations are queued and
 * compiled breadth first, as santhosh-tekuri does, so a reference to a
 * place not reached yet just queues it. The keywords themselves are read
 * in compile_kw.c.
 */
#include "schema/schema_int.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

cs_reg *cs_reg_new(const cc_schema_opts *opts, int is_meta)
{
	cs_reg *r = cc_calloc(1, sizeof(*r));
	r->opts = opts;
	r->default_draft = opts && opts->default_draft ? opts->default_draft : CC_SCHEMA_DRAFT2020;
	r->assert_format = is_meta || (opts && opts->assert_format);
	r->is_meta = is_meta;
	r->docs = json_object();
	r->nodemap = json_object();
	return r;
}

static void free_deps(cs_dep *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(d[i].req);
	free(d);
}

static void node_free(cs_node *n)
{
	free(n->loc);
	free(n->ptr);
	free(n->danchors);
	free(n->dref_anchor);
	cs_regex_free(n->pattern);
	free(n->required);
	free(n->all_of);
	free(n->any_of);
	free(n->one_of);
	free(n->props);
	for (size_t i = 0; i < n->npprops; i++)
		cs_regex_free(n->pprops[i].re);
	free(n->pprops);
	free_deps(n->deps, n->ndeps);
	free_deps(n->dep_req, n->ndep_req);
	free(n->dep_schemas);
	free(n->items_arr);
	free(n->prefix);
	free(n);
}

static void root_free(cs_root *rt)
{
	for (size_t i = 0; i < rt->nres; i++) {
		free(rt->res[i].ptr);
		free(rt->res[i].id);
		json_decref(rt->res[i].anchors);
		cc_strvec_free(&rt->res[i].dyn);
	}
	free(rt->res);
	free(rt->url);
	json_decref(rt->doc);
	json_decref(rt->done);
	free(rt);
}

void cs_reg_free(cs_reg *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nnodes; i++)
		node_free(r->nodes[i]);
	free(r->nodes);
	for (size_t i = 0; i < r->nroots; i++)
		root_free(r->roots[i]);
	free(r->roots);
	json_decref(r->docs);
	json_decref(r->nodemap);
	cs_reg_free(r->meta);
	cc_strvec_free(&r->warnings);
	cc_buf_free(&r->diag);
	free(r);
}

int cs_reg_fail(cs_reg *r, cc_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cc_buf_clear(&r->diag);
	cc_buf_vprintf(&r->diag, fmt, ap);
	va_end(ap);
	return cc_error_set(err, code, "", 0, 0, "%s", r->diag.ptr);
}

/* A node not bound to a document location (the meta-schema of a custom
 * vocabulary set); the registry owns it like any other. */
cs_node *cs_node_new(cs_reg *r, const char *loc)
{
	if (r->nnodes == r->capnodes) {
		r->capnodes = r->capnodes ? r->capnodes * 2 : 64;
		r->nodes = cc_realloc(r->nodes, r->capnodes * sizeof(*r->nodes));
	}
	cs_node *n = cc_calloc(1, sizeof(*n));
	n->loc = cc_strdup(loc);
	n->boolean = -1;
	n->min_len = n->max_len = n->min_items = n->max_items = LLONG_MIN;
	n->min_props = n->max_props = n->min_contains = n->max_contains = LLONG_MIN;
	r->nodes[r->nnodes++] = n;
	return n;
}

cs_node *cs_node_enqueue(cs_reg *r, size_t root, const char *ptr)
{
	const char *url = r->roots[root]->url;
	cc_buf loc = CC_BUF_INIT;
	cc_buf_printf(&loc, "%s#", url);
	cs_frag_encode(&loc, ptr);
	json_t *have = json_object_get(r->nodemap, loc.ptr);
	if (have) {
		cc_buf_free(&loc);
		return r->nodes[json_integer_value(have)];
	}
	cs_node *n = cs_node_new(r, loc.ptr);
	n->url_len = strlen(url);
	n->ptr = cc_strdup(ptr);
	n->root = root;
	json_object_set_new(r->nodemap, loc.ptr, json_integer((json_int_t)(r->nnodes - 1)));
	cc_buf_free(&loc);
	return n;
}

/* The dynamic anchors of a resource, as nodes its $dynamicRefs can reach. */
static void dynamic_anchors(cs_reg *r, cs_node *n, const cs_res *res)
{
	size_t count = res->dyn.n;
	if (count == 0)
		return;
	char **names = cc_calloc(count, sizeof(*names));
	char **ptrs = cc_calloc(count, sizeof(*ptrs));
	for (size_t i = 0; i < count; i++) {
		names[i] = res->dyn.v[i];
		ptrs[i] = cc_strdup(json_string_value(json_object_get(res->anchors, names[i])));
	}
	n->danchors = cc_calloc(count, sizeof(*n->danchors));
	for (size_t i = 0; i < count; i++) {
		n->danchors[n->ndanchors].name = names[i];
		n->danchors[n->ndanchors++].node = cs_node_enqueue(r, n->root, ptrs[i]);
		free(ptrs[i]);
	}
	free(names);
	free(ptrs);
}

static void derive(cs_node *n)
{
	n->all_props_eval = n->add_kind != CS_ADD_NONE;
	if (n->draft < CC_SCHEMA_DRAFT2020) {
		n->all_items_eval = n->additems_kind != CS_ADD_NONE || n->items != NULL;
		n->num_items_eval = n->nitems_arr;
	} else {
		n->all_items_eval = n->items2020 != NULL;
		n->num_items_eval = n->nprefix;
	}
}

int cs_node_compile(cs_reg *r, cs_node *n, cc_error *err)
{
	int rc = cs_root_ensure(r, n->root, n->ptr, err);
	if (rc != 0)
		return rc;
	cs_root *rt = r->roots[n->root];
	int bad;
	const json_t *v = cs_lookup(rt->doc, n->ptr, &bad);
	const cs_res *res = cs_root_resource(rt, n->ptr);
	char *resptr = cc_strdup(res->ptr);
	n->draft = res->dialect.draft;
	n->compiled = 1;
	n->resource = cs_node_enqueue(r, n->root, resptr);
	if (n->draft >= CC_SCHEMA_DRAFT2020 && strcmp(n->ptr, resptr) == 0)
		dynamic_anchors(r, n, cs_root_resource_at(rt, resptr));
	free(resptr);
	if (json_is_boolean(v))
		n->boolean = json_is_true(v);
	else if (json_is_object(v) && json_object_size(v) == 0)
		n->boolean = 1;
	else if (json_is_object(v))
		rc = cs_compile_object(r, n, v, err);
	derive(n);
	return rc;
}

int cs_reg_compile(cs_reg *r, const char *url, const char *frag, cs_node **out, cc_error *err)
{
	size_t root;
	char *ptr = NULL;
	*out = NULL;
	int rc = cs_root_load(r, url, &root, err);
	if (rc == 0)
		rc = cs_root_resolve_frag(r, root, cs_root_resource_at(r->roots[root], ""), frag, &ptr, err);
	if (rc != 0)
		return rc;
	cs_node *n = cs_node_enqueue(r, root, ptr);
	free(ptr);
	for (size_t i = 0; i < r->nnodes && rc == 0; i++)
		if (!r->nodes[i]->compiled && r->nodes[i]->ptr)
			rc = cs_node_compile(r, r->nodes[i], err);
	if (rc == 0)
		*out = n;
	return rc;
}

/* A reference is local when it names this document or one of its
 * resources; otherwise its document is loaded (mapped, never fetched). */
int cs_compile_ref(cs_reg *r, cs_node *n, const char *base, const char *ref, cs_node **out,
		   cc_error *err)
{
	char *url = NULL, *frag = NULL, *ptr = NULL;
	cc_buf why = CC_BUF_INIT;
	size_t root = n->root;
	int rc = 0;
	if (cs_url_join(base, ref, &url, &frag, &why) != 0) {
		rc = cs_reg_fail(r, err, CC_EINVALID, "%s", why.ptr);
	} else {
		const cs_root *rt = r->roots[root];
		long ri = strcmp(url, rt->url) == 0 ? (long)(cs_root_resource_at(rt, "") - rt->res)
						    : cs_root_res_by_id(rt, url);
		if (ri < 0 && (rc = cs_root_load(r, url, &root, err)) == 0)
			ri = (long)(cs_root_resource_at(r->roots[root], "") - r->roots[root]->res);
		if (rc == 0)
			rc = cs_root_resolve_frag(r, root, &r->roots[root]->res[ri], frag, &ptr, err);
	}
	if (rc == 0)
		*out = cs_node_enqueue(r, root, ptr);
	cc_buf_free(&why);
	free(url);
	free(frag);
	free(ptr);
	return rc;
}
