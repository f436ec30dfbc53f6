/*
 * validate: walking an instance against compiled nodes.
 *
 * The order of checks and the shape of failures are santhosh-tekuri's,
 * because helm's messages are: type, const, enum and format stop at the
 * first failure; before 2019-09 a `$ref` replaces the rest of its schema;
 * several failures at one place become one group. Each step records the
 * schema it entered and which instance value it is on (the scope chain):
 * entering the same schema again for the same value without moving into
 * the instance is a `$ref` cycle and is reported instead of recursing, and
 * `$dynamicRef`/`$recursiveRef` resolve by walking that chain outwards.
 * A depth bound keeps hostile input from exhausting the stack.
 *
 * When only validity matters (inside `not`, `if`, a settled `oneOf`) the
 * walk runs in "flag" mode: no messages are built and group checks stop at
 * the first failure.
 */
#include "schema/schema_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cs_vrun_init(cs_vrun *run, const cc_schema_opts *o)
{
	memset(run, 0, sizeof(*run));
	run->max_depth = o && o->max_depth ? o->max_depth : CC_SCHEMA_DEFAULT_MAX_DEPTH;
	unsigned ml = o && o->match_limit ? o->match_limit : CC_SCHEMA_DEFAULT_MATCH_LIMIT;
	unsigned dl = o && o->depth_limit ? o->depth_limit : CC_SCHEMA_DEFAULT_DEPTH_LIMIT;
	return cs_rematch_init(&run->re, ml, dl);
}

void cs_vrun_free(cs_vrun *run)
{
	cs_rematch_free(&run->re);
	free(run->limit_inst);
	run->limit_inst = NULL;
}

/* ---- unevaluated properties and items ---- */

static void ue_from(cs_ue *ue, const json_t *v, const cs_node *sch, int caller_needs)
{
	memset(ue, 0, sizeof(*ue));
	if (json_is_object(v) && !sch->all_props_eval && (caller_needs || sch->uneval_props)) {
		ue->nprops = ue->cprops = json_object_size(v);
		if (ue->nprops) {
			ue->props = cc_malloc(ue->nprops);
			memset(ue->props, 1, ue->nprops);
		}
	} else if (json_is_array(v) && !sch->all_items_eval && (caller_needs || sch->uneval_items) &&
		   sch->num_items_eval < json_array_size(v)) {
		ue->nitems = json_array_size(v);
		ue->items = cc_calloc(ue->nitems, 1);
		for (size_t i = sch->num_items_eval; i < ue->nitems; i++)
			ue->items[i] = 1;
		ue->citems = ue->nitems - sch->num_items_eval;
	}
}

static void ue_free(cs_ue *ue)
{
	free(ue->props);
	free(ue->items);
}

int cs_ue_empty(const cs_ue *ue)
{
	return ue->cprops == 0 && ue->citems == 0;
}

/* What stays unevaluated is what neither side evaluated. */
static void ue_merge(cs_ue *ue, const cs_ue *other)
{
	for (size_t i = 0; i < ue->nprops; i++)
		if (ue->props[i] && !(other->props && i < other->nprops && other->props[i]))
			ue->props[i] = 0, ue->cprops--;
	for (size_t i = 0; i < ue->nitems; i++)
		if (ue->items[i] && !(other->items && i < other->nitems && other->items[i]))
			ue->items[i] = 0, ue->citems--;
}

/* ---- locations ---- */

char *cs_v_inst(const cs_loc *loc)
{
	size_t n = 0;
	for (const cs_loc *l = loc; l; l = l->parent)
		n++;
	const cs_loc **v = cc_calloc(n ? n : 1, sizeof(*v));
	size_t i = n;
	for (const cs_loc *l = loc; l; l = l->parent)
		v[--i] = l;
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "");
	for (i = 0; i < n; i++) {
		cc_buf_putc(&b, '/');
		if (v[i]->key)
			cs_ptr_escape(&b, v[i]->key, strlen(v[i]->key));
		else
			cc_buf_printf(&b, "%zu", v[i]->idx);
	}
	free(v);
	return cc_buf_detach(&b);
}

/* The keyword path of a scope: each step's place below its parent, or the
 * keyword of the jump ("/$ref") where it jumped. */
static void kwloc(cc_buf *b, const cs_scope *sc)
{
	size_t n = 0;
	for (const cs_scope *s = sc; s && s->parent; s = s->parent)
		n++;
	const cs_scope **v = cc_calloc(n ? n : 1, sizeof(*v));
	size_t i = n;
	for (const cs_scope *s = sc; s && s->parent; s = s->parent)
		v[--i] = s;
	for (i = 0; i < n; i++) {
		const cs_node *cur = v[i]->n, *par = v[i]->parent->n;
		size_t pl = par->ptr ? strlen(par->ptr) : 0;
		if (v[i]->refkw) {
			cc_buf_putc(b, '/');
			cs_ptr_escape(b, v[i]->refkw, strlen(v[i]->refkw));
		} else if (cur->ptr && par->ptr && cur->root == par->root &&
			   strncmp(cur->ptr, par->ptr, pl) == 0) {
			cc_buf_puts(b, cur->ptr + pl);
		}
	}
	free(v);
}

/* ---- errors ---- */

static cs_err *errorv(cs_vd *vd, const char *kw, const char *suffix, const char *fmt, va_list ap)
{
	if (vd->flag)
		return &vd->run->flag_err;
	cc_buf msg = CC_BUF_INIT, kp = CC_BUF_INIT, abs = CC_BUF_INIT;
	cc_buf_vprintf(&msg, fmt, ap);
	kwloc(&kp, vd->scp);
	cc_buf_puts(&kp, suffix);
	cc_buf_puts(&abs, vd->n->loc);
	cs_frag_encode(&abs, suffix);
	return cs_err_new(kw, cs_v_inst(vd->loc), cc_buf_detach(&kp), cc_buf_detach(&abs),
			  cc_buf_detach(&msg));
}

cs_err *cs_v_error(cs_vd *vd, const char *kw, const char *suffix, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cs_err *e = errorv(vd, kw, suffix, fmt, ap);
	va_end(ap);
	return e;
}

void cs_v_add(cs_vd *vd, cs_err *e)
{
	if (!e)
		return;
	if (vd->nerrs == vd->caperrs) {
		vd->caperrs = vd->caperrs ? vd->caperrs * 2 : 4;
		vd->errs = cc_realloc(vd->errs, vd->caperrs * sizeof(*vd->errs));
	}
	vd->errs[vd->nerrs++] = e;
}

void cs_v_add_error(cs_vd *vd, const char *kw, const char *suffix, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cs_v_add(vd, errorv(vd, kw, suffix, fmt, ap));
	va_end(ap);
}

cs_err *cs_v_with_causes(cs_vd *vd, cs_err *e, cs_err **causes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (e == &vd->run->flag_err)
			cs_err_free(vd->run, causes[i]);
		else
			cs_err_push(e, causes[i]);
	}
	return e;
}

/* A bound stopped the check: the value counts as invalid, and the run
 * remembers why even when the failure happens where no message is kept. */
void cs_v_limit(cs_vd *vd, const char *what)
{
	if (!vd->run->limit) {
		vd->run->limit_inst = cs_v_inst(vd->loc);
		snprintf(vd->run->limit_msg, sizeof(vd->run->limit_msg), "%s", what);
	}
	vd->run->limit = 1;
	cs_v_add_error(vd, "limit", "", "%s", what);
}

/* ---- stepping into subschemas and values ---- */

static cs_err *validate(cs_vd *vd);
static cs_err *finish(cs_vd *vd);

static void handle_meta(cs_vd *sub)
{
	cs_vrun *run = sub->run;
	if (!run->meta_reg || sub->n != sub->meta)
		return;
	char *ptr = cs_v_inst(sub->loc);
	const cs_res *res = cs_root_resource_at(run->meta_root, ptr);
	free(ptr);
	const cs_node *m = res ? cs_meta_for(run->meta_reg, res->dialect) : NULL;
	if (m)
		sub->meta = sub->n = m;
}

static cs_err *run_sub(cs_vd *sub)
{
	handle_meta(sub);
	cs_err *e = validate(sub);
	return e;
}

cs_err *cs_v_self(cs_vd *vd, const cs_node *sch, const char *refkw, int flag)
{
	cs_scope scp = { sch, refkw, vd->scp->vid, vd->scp };
	cs_vd sub = { vd->run, vd->v, sch, &scp, vd->loc, { 0 }, vd->flag || flag, NULL, 0, 0, vd->meta };
	ue_from(&sub.ue, vd->v, sch, !cs_ue_empty(&vd->ue));
	cs_err *e = run_sub(&sub);
	if (!e)
		ue_merge(&vd->ue, &sub.ue);
	ue_free(&sub.ue);
	return e;
}

cs_err *cs_v_val(cs_vd *vd, const cs_node *sch, const json_t *v, const char *key, size_t idx)
{
	cs_loc loc = { vd->loc, key, idx };
	cs_scope scp = { sch, NULL, vd->scp->vid + 1, vd->scp };
	cs_vd sub = { vd->run, v, sch, &scp, &loc, { 0 }, vd->flag, NULL, 0, 0, vd->meta };
	ue_from(&sub.ue, v, sch, 0);
	cs_err *e = run_sub(&sub);
	ue_free(&sub.ue);
	return e;
}

/* A validation that starts afresh (propertyNames checks each name as a
 * document of its own, as santhosh-tekuri does). */
cs_err *cs_v_fresh(cs_vd *vd, const cs_node *sch, const json_t *v)
{
	cs_scope scp = { sch, NULL, 0, NULL };
	cs_vd sub = { vd->run, v, sch, &scp, NULL, { 0 }, vd->flag, NULL, 0, 0, vd->meta };
	ue_from(&sub.ue, v, sch, 0);
	cs_err *e = validate(&sub);
	ue_free(&sub.ue);
	return e;
}

/* ---- references ---- */

cs_err *cs_v_ref(cs_vd *vd, const cs_node *sch, const char *kw)
{
	cs_err *e = cs_v_self(vd, sch, kw, 0);
	if (!e || e == &vd->run->flag_err)
		return e;
	char suffix[32];
	snprintf(suffix, sizeof(suffix), "/%s", kw);
	cs_err *r = cs_v_error(vd, kw, suffix, "validation failed");
	r->is_ref = 1;
	free(r->abs);
	r->abs = cc_strdup(sch->loc);
	if (e->kw[0] == '\0' && !e->is_ref) {
		cs_v_with_causes(vd, r, e->causes, e->ncauses);
		e->ncauses = 0;
		cs_err_free(vd->run, e);
	} else {
		cs_err_push(r, e);
	}
	return r;
}

void cs_v_refs(cs_vd *vd)
{
	const cs_node *s = vd->n;
	if (s->rref) {
		const cs_node *sch = s->rref;
		if (sch->rec_anchor)
			for (const cs_scope *sc = vd->scp; sc; sc = sc->parent)
				if (sc->n->resource && sc->n->resource->rec_anchor)
					sch = sc->n;
		cs_v_add(vd, cs_v_ref(vd, sch, "$recursiveRef"));
	}
	if (s->dref) {
		const cs_node *sch = s->dref;
		if (s->dref_anchor && sch->dyn_anchor && strcmp(sch->dyn_anchor, s->dref_anchor) == 0)
			for (const cs_scope *sc = vd->scp; sc; sc = sc->parent) {
				const cs_node *res = sc->n->resource;
				for (size_t i = 0; res && i < res->ndanchors; i++)
					if (strcmp(res->danchors[i].name, s->dref_anchor) == 0)
						sch = res->danchors[i].node;
			}
		cs_v_add(vd, cs_v_ref(vd, sch, "$dynamicRef"));
	}
}

/* ---- one schema against one value ---- */

static const cs_scope *cycle(const cs_scope *scp)
{
	for (const cs_scope *p = scp->parent; p && p->vid == scp->vid; p = p->parent)
		if (p->n == scp->n)
			return p;
	return NULL;
}

static cs_err *cycle_error(cs_vd *vd, const cs_scope *other)
{
	cc_buf a = CC_BUF_INIT, b = CC_BUF_INIT, q = CC_BUF_INIT;
	cc_buf_puts(&a, "");
	cc_buf_puts(&b, "");
	kwloc(&a, vd->scp);
	kwloc(&b, other);
	cs_quote_go(&q, vd->n->loc, strlen(vd->n->loc));
	cs_err *e = cs_v_error(vd, "cycle", "", "both %s and %s resolve to %s causing reference cycle",
			       a.ptr, b.ptr, q.ptr);
	cc_buf_free(&a);
	cc_buf_free(&b);
	cc_buf_free(&q);
	return e;
}

static cs_err *finish(cs_vd *vd)
{
	cs_err *e = NULL;
	if (vd->nerrs == 1) {
		e = vd->errs[0];
	} else if (vd->nerrs > 1) {
		e = cs_v_error(vd, "", "", "validation failed");
		cs_v_with_causes(vd, e, vd->errs, vd->nerrs);
	}
	free(vd->errs);
	vd->errs = NULL;
	vd->nerrs = vd->caperrs = 0;
	return e;
}

static cs_err *check(cs_vd *vd)
{
	const cs_node *s = vd->n;
	cs_err *e = cs_v_first(vd);
	if (e)
		return e;
	if (s->ref) {
		e = cs_v_ref(vd, s->ref, "$ref");
		if (s->draft < CC_SCHEMA_DRAFT2019)
			return e;
		cs_v_add(vd, e);
	}
	unsigned t = cs_type_of(vd->v);
	if (t == CS_T_OBJECT)
		cs_v_object(vd);
	else if (t == CS_T_ARRAY)
		cs_v_array(vd);
	else if (t == CS_T_STRING)
		cs_v_string(vd);
	else if (t == CS_T_NUMBER)
		cs_v_number(vd);
	if (vd->nerrs == 0 || !vd->flag) {
		if (s->draft >= CC_SCHEMA_DRAFT2019)
			cs_v_refs(vd);
		cs_v_cond(vd);
		if (s->draft >= CC_SCHEMA_DRAFT2019)
			cs_v_uneval(vd);
	}
	return finish(vd);
}

static cs_err *validate(cs_vd *vd)
{
	const cs_node *s = vd->n;
	if (s->boolean >= 0)
		return s->boolean ? NULL : cs_v_error(vd, "false", "", "false schema");
	const cs_scope *other = cycle(vd->scp);
	if (other)
		return cycle_error(vd, other);
	if (vd->run->depth >= vd->run->max_depth) {
		cs_v_limit(vd, "validation goes deeper than the limit of nested schemas and values");
		return finish(vd);
	}
	vd->run->depth++;
	cs_err *e = check(vd);
	vd->run->depth--;
	return e;
}

cs_err *cs_validate(cs_vrun *run, const cs_node *n, const json_t *v)
{
	cs_scope scp = { n, NULL, 0, NULL };
	cs_vd vd = { run, v, n, &scp, NULL, { 0 }, 0, NULL, 0, 0, run->meta_reg ? n : NULL };
	ue_from(&vd.ue, v, n, 0);
	cs_err *e = validate(&vd);
	ue_free(&vd.ue);
	return e;
}
