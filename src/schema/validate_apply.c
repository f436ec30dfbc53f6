/*
 * validate_apply: arrays and the applicators that combine subschemas.
 *
 * allOf/anyOf/oneOf/not/if and the unevaluated keywords follow
 * santhosh-tekuri step for step: anyOf stops at the first match unless an
 * unevaluated keyword still needs every branch's evaluations, oneOf keeps
 * looking only to find a second match, and a failed branch's errors
 * become the causes helm prints under "'allOf' failed". uniqueItems
 * hashes large arrays so a hostile instance stays close to linear.
 */
#include "schema/schema_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 1099511628211ULL;
}

/* A hash equal for values cs_json_equal calls equal (1 and 1.0 alike,
 * objects whatever their key order). */
static uint64_t json_hash(const json_t *v)
{
	unsigned t = cs_type_of(v);
	uint64_t h = t;
	if (t == CS_T_NUMBER) {
		cs_num n;
		cs_num_from_json(v, &n);
		return mix(h, cs_num_hash(&n));
	}
	if (t == CS_T_BOOLEAN)
		return mix(h, json_is_true(v));
	if (t == CS_T_STRING) {
		for (size_t i = 0; i < json_string_length(v); i++)
			h = mix(h, (unsigned char)json_string_value(v)[i]);
		return h;
	}
	if (t == CS_T_ARRAY) {
		for (size_t i = 0; i < json_array_size(v); i++)
			h = mix(h, json_hash(json_array_get(v, i)));
		return h;
	}
	if (t == CS_T_OBJECT) {
		const char *k;
		json_t *m;
		uint64_t sum = 0;
		json_object_foreach ((json_t *)v, k, m) {
			uint64_t kh = 0;
			for (const char *p = k; *p; p++)
				kh = mix(kh, (unsigned char)*p);
			sum += mix(kh, json_hash(m));
		}
		return mix(h, sum);
	}
	return h;
}

typedef struct hidx {
	uint64_t h;
	size_t i;
} hidx;

static int hidx_cmp(const void *a, const void *b)
{
	const hidx *x = a, *y = b;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The first pair (j < i, i smallest, then j smallest) of equal items. */
static int duplicates(const json_t *arr, size_t *pj, size_t *pi)
{
	size_t n = json_array_size(arr), best_i = (size_t)-1, best_j = 0;
	hidx *v = cc_calloc(n, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i].h = json_hash(json_array_get(arr, i)), v[i].i = i;
	qsort(v, n, sizeof(*v), hidx_cmp);
	for (size_t g = 0; g < n;) {
		size_t end = g;
		while (end < n && v[end].h == v[g].h)
			end++;
		for (size_t b = g + 1, found = 0; b < end && !found && v[b].i < best_i; b++)
			for (size_t a = g; a < b && !found; a++)
				if (cs_json_equal(json_array_get(arr, v[a].i), json_array_get(arr, v[b].i)))
					best_i = v[b].i, best_j = v[a].i, found = 1;
		g = end;
	}
	free(v);
	*pj = best_j, *pi = best_i;
	return best_i != (size_t)-1;
}

/* helm 4.1's validator numbers the items after a prefix (additionalItems,
 * items after prefixItems) from 0 again in its messages; kept, so the text
 * matches helm's (docs/schema.md). */
static void items_old(cs_vd *vd, size_t len)
{
	const cs_node *s = vd->n;
	size_t evaluated = 0;
	if (s->items) {
		for (size_t i = 0; i < len; i++)
			cs_v_add(vd, cs_v_val(vd, s->items, json_array_get(vd->v, i), NULL, i));
		evaluated = len;
	} else if (s->items_arr) {
		evaluated = len < s->nitems_arr ? len : s->nitems_arr;
		for (size_t i = 0; i < evaluated; i++)
			cs_v_add(vd, cs_v_val(vd, s->items_arr[i], json_array_get(vd->v, i), NULL, i));
	}
	if (s->additems_kind == CS_ADD_FALSE && evaluated != len) {
		char n[32];
		cs_int_print(n, sizeof(n), (long long)(len - evaluated));
		cs_v_add_error(vd, "additionalItems", "/additionalItems",
			       "last %s additionalItem(s) not allowed", n);
	} else if (s->additems_kind == CS_ADD_SCHEMA)
		for (size_t i = evaluated; i < len; i++)
			cs_v_add(vd, cs_v_val(vd, s->additems, json_array_get(vd->v, i), NULL, i - evaluated));
}

static void items_2020(cs_vd *vd, size_t len)
{
	const cs_node *s = vd->n;
	size_t evaluated = len < s->nprefix ? len : s->nprefix;
	for (size_t i = 0; i < evaluated; i++)
		cs_v_add(vd, cs_v_val(vd, s->prefix[i], json_array_get(vd->v, i), NULL, i));
	if (s->items2020)
		for (size_t i = evaluated; i < len; i++)
			cs_v_add(vd, cs_v_val(vd, s->items2020, json_array_get(vd->v, i), NULL, i - evaluated));
}

static void matched_list(cc_buf *b, const size_t *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cc_buf_printf(b, "%s%zu", i ? " " : "", m[i]);
}

/* minContains/contains/maxContains from the items that matched (m) and
 * the failures of those that did not (errs, which become causes or go). */
static void contains_verdict(cs_vd *vd, const size_t *m, size_t nm, cs_err **errs, size_t ne)
{
	const cs_node *s = vd->n;
	cc_buf list = CC_BUF_INIT;
	char want[32], got[32];
	cs_err *e = NULL;
	matched_list(&list, m, nm);
	cs_int_print(got, sizeof(got), (long long)nm);
	cs_int_print(want, sizeof(want), s->min_contains);
	if (s->min_contains != LLONG_MIN && (long long)nm < s->min_contains)
		e = nm == 0 ? cs_v_error(vd, "minContains", "/minContains",
					 "min %s items required to match contains schema, but none matched", want)
			    : cs_v_error(vd, "minContains", "/minContains",
					 "min %s items required to match contains schema, but matched %s items at %s",
					 want, got, list.ptr);
	else if (s->min_contains == LLONG_MIN && nm == 0)
		e = cs_v_error(vd, "contains", "/contains", "no items match contains schema");
	if (e)
		cs_v_add(vd, cs_v_with_causes(vd, e, errs, ne));
	for (size_t i = 0; !e && i < ne; i++)
		cs_err_free(vd->run, errs[i]);
	cs_int_print(want, sizeof(want), s->max_contains);
	if (s->max_contains != LLONG_MIN && (long long)nm > s->max_contains)
		cs_v_add_error(vd, "maxContains", "/maxContains",
			       "max %s items required to match contains schema, but matched %s items at %s",
			       want, got, list.ptr ? list.ptr : "");
	cc_buf_free(&list);
}

static void contains(cs_vd *vd, size_t len)
{
	const cs_node *s = vd->n;
	cs_err **errs = cc_calloc(len ? len : 1, sizeof(*errs));
	size_t *m = cc_calloc(len ? len : 1, sizeof(*m)), ne = 0, nm = 0;
	for (size_t i = 0; i < len; i++) {
		cs_err *e = cs_v_val(vd, s->contains, json_array_get(vd->v, i), NULL, i);
		if (e) {
			errs[ne++] = e;
			continue;
		}
		m[nm++] = i;
		if (s->draft >= CC_SCHEMA_DRAFT2020 && vd->ue.items && vd->ue.items[i])
			vd->ue.items[i] = 0, vd->ue.citems--;
	}
	contains_verdict(vd, m, nm, errs, ne);
	free(errs);
	free(m);
}

void cs_v_array(cs_vd *vd)
{
	const cs_node *s = vd->n;
	size_t len = json_array_size(vd->v), i, j;
	if (s->min_items != LLONG_MIN && (long long)len < s->min_items)
		cs_count_error(vd, "minItems", (long long)len, s->min_items);
	if (s->max_items != LLONG_MIN && (long long)len > s->max_items)
		cs_count_error(vd, "maxItems", (long long)len, s->max_items);
	if (s->unique && len > 1 && duplicates(vd->v, &j, &i)) {
		char a[32], b[32];
		cs_int_print(a, sizeof(a), (long long)j);
		cs_int_print(b, sizeof(b), (long long)i);
		cs_v_add_error(vd, "uniqueItems", "/uniqueItems", "items at %s and %s are equal", a, b);
	}
	if (s->draft < CC_SCHEMA_DRAFT2020)
		items_old(vd, len);
	else
		items_2020(vd, len);
	if (s->contains)
		contains(vd, len);
}

/* Errors of the branches that failed, kept in case they become causes. */
typedef struct branch_errs {
	cs_err **v;
	size_t n;
} branch_errs;

static void keep(branch_errs *b, cs_err *e)
{
	b->v = cc_realloc(b->v, (b->n + 1) * sizeof(*b->v));
	b->v[b->n++] = e;
}

static void drop(cs_vd *vd, branch_errs *b)
{
	for (size_t i = 0; i < b->n; i++)
		cs_err_free(vd->run, b->v[i]);
	free(b->v);
	b->v = NULL;
	b->n = 0;
}

static void fail_with(cs_vd *vd, branch_errs *b, const char *kw, const char *msg)
{
	char suffix[16];
	snprintf(suffix, sizeof(suffix), "/%s", kw);
	cs_err *e = cs_v_error(vd, kw, suffix, "%s", msg);
	cs_v_add(vd, cs_v_with_causes(vd, e, b->v, b->n));
	free(b->v);
	b->v = NULL;
	b->n = 0;
}

static void all_of(cs_vd *vd)
{
	branch_errs b = { NULL, 0 };
	for (size_t i = 0; i < vd->n->nall_of; i++) {
		cs_err *e = cs_v_self(vd, vd->n->all_of[i], NULL, 0);
		if (!e)
			continue;
		keep(&b, e);
		if (vd->flag)
			break;
	}
	if (b.n)
		fail_with(vd, &b, "allOf", "'allOf' failed");
}

static void any_of(cs_vd *vd)
{
	branch_errs b = { NULL, 0 };
	int matched = 0;
	for (size_t i = 0; i < vd->n->nany_of; i++) {
		cs_err *e = cs_v_self(vd, vd->n->any_of[i], NULL, 0);
		if (e) {
			keep(&b, e);
			continue;
		}
		matched = 1;
		if (cs_ue_empty(&vd->ue))
			break;
	}
	if (matched)
		drop(vd, &b);
	else
		fail_with(vd, &b, "anyOf", "'anyOf' failed");
}

static void one_of(cs_vd *vd)
{
	branch_errs b = { NULL, 0 };
	long matched = -1;
	for (size_t i = 0; i < vd->n->none_of; i++) {
		cs_err *e = cs_v_self(vd, vd->n->one_of[i], NULL, matched != -1);
		if (e) {
			if (matched == -1)
				keep(&b, e);
			else
				cs_err_free(vd->run, e);
			continue;
		}
		if (matched == -1) {
			matched = (long)i;
			continue;
		}
		char a[32], c[32];
		cs_int_print(a, sizeof(a), matched);
		cs_int_print(c, sizeof(c), (long long)i);
		cs_v_add_error(vd, "oneOf", "/oneOf", "'oneOf' failed, subschemas %s, %s matched", a, c);
		break;
	}
	if (matched == -1)
		fail_with(vd, &b, "oneOf", "'oneOf' failed, none matched");
	else
		drop(vd, &b);
}

void cs_v_cond(cs_vd *vd)
{
	const cs_node *s = vd->n;
	if (s->not_) {
		cs_err *e = cs_v_self(vd, s->not_, NULL, 1);
		if (!e)
			cs_v_add_error(vd, "not", "/not", "'not' failed");
		cs_err_free(vd->run, e);
	}
	if (s->nall_of)
		all_of(vd);
	if (s->nany_of)
		any_of(vd);
	if (s->none_of)
		one_of(vd);
	if (s->if_) {
		cs_err *e = cs_v_self(vd, s->if_, NULL, 1);
		if (!e && s->then_)
			cs_v_add(vd, cs_v_self(vd, s->then_, NULL, 0));
		else if (e && s->else_)
			cs_v_add(vd, cs_v_self(vd, s->else_, NULL, 0));
		cs_err_free(vd->run, e);
	}
}

void cs_v_uneval(cs_vd *vd)
{
	const cs_node *s = vd->n;
	if (json_is_object(vd->v) && s->uneval_props) {
		size_t i = 0;
		const char *key;
		json_t *val;
		json_object_foreach ((json_t *)vd->v, key, val) {
			if (vd->ue.props && i < vd->ue.nprops && vd->ue.props[i])
				cs_v_add(vd, cs_v_val(vd, s->uneval_props, val, key, 0));
			i++;
		}
		if (vd->ue.props)
			memset(vd->ue.props, 0, vd->ue.nprops);
		vd->ue.cprops = 0;
	}
	if (json_is_array(vd->v) && s->uneval_items) {
		for (size_t i = 0; vd->ue.items && i < vd->ue.nitems; i++)
			if (vd->ue.items[i])
				cs_v_add(vd, cs_v_val(vd, s->uneval_items, json_array_get(vd->v, i), NULL, i));
		if (vd->ue.items)
			memset(vd->ue.items, 0, vd->ue.nitems);
		vd->ue.citems = 0;
	}
}
