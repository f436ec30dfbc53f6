/*
 * validate_kw: the assertions on one value, with helm's messages.
 *
 * Each check is worded as santhosh-tekuri words it ("got number, want
 * string", "missing property 'bar'", "additional properties 'x' not
 * allowed", "minimum: got 1, want 5" with numbers printed by Go's %v),
 * because those words are what a user of helm has learned to read. The
 * applicators that step into other schemas are in validate_apply.c.
 */
#include "schema/schema_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned cs_type_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_NULL:
		return CS_T_NULL;
	case JSON_TRUE:
	case JSON_FALSE:
		return CS_T_BOOLEAN;
	case JSON_INTEGER:
	case JSON_REAL:
		return CS_T_NUMBER;
	case JSON_STRING:
		return CS_T_STRING;
	case JSON_ARRAY:
		return CS_T_ARRAY;
	default:
		return CS_T_OBJECT;
	}
}

static const char *const type_names[] = { "null", "boolean", "number", "integer",
					   "string", "array", "object" };

static const char *type_name(unsigned t)
{
	for (int i = 0; i < 7; i++)
		if (t == 1u << i)
			return type_names[i];
	return "";
}

static int is_integer(const json_t *v)
{
	cs_num n;
	return json_is_integer(v) || (cs_num_from_json(v, &n) == 0 && cs_num_is_int(&n));
}

int cs_json_equal(const json_t *a, const json_t *b)
{
	unsigned ta = cs_type_of(a), tb = cs_type_of(b);
	if (ta != tb)
		return 0;
	if (ta == CS_T_NUMBER) {
		cs_num x, y;
		cs_num_from_json(a, &x);
		cs_num_from_json(b, &y);
		return cs_num_cmp(&x, &y) == 0;
	}
	if (ta == CS_T_BOOLEAN)
		return json_typeof(a) == json_typeof(b);
	if (ta == CS_T_STRING)
		return json_string_length(a) == json_string_length(b) &&
		       memcmp(json_string_value(a), json_string_value(b), json_string_length(a)) == 0;
	if (ta == CS_T_ARRAY) {
		if (json_array_size(a) != json_array_size(b))
			return 0;
		for (size_t i = 0; i < json_array_size(a); i++)
			if (!cs_json_equal(json_array_get(a, i), json_array_get(b, i)))
				return 0;
		return 1;
	}
	if (ta == CS_T_OBJECT) {
		const char *k;
		json_t *v;
		if (json_object_size(a) != json_object_size(b))
			return 0;
		json_object_foreach ((json_t *)a, k, v) {
			const json_t *w = json_object_get(b, k);
			if (!w || !cs_json_equal(v, w))
				return 0;
		}
	}
	return 1;
}

/* santhosh's display(): strings quoted, containers "value", null "<nil>". */
static void display(cc_buf *b, const json_t *v)
{
	if (json_is_string(v))
		cs_quote(b, json_string_value(v), json_string_length(v));
	else if (json_is_array(v) || json_is_object(v))
		cc_buf_puts(b, "value");
	else if (json_is_number(v))
		cs_num_display(b, v);
	else if (json_is_null(v))
		cc_buf_puts(b, "<nil>");
	else
		cc_buf_puts(b, json_is_true(v) ? "true" : "false");
}

static cs_err *type_error(cs_vd *vd, unsigned t)
{
	cc_buf want = CC_BUF_INIT;
	for (int i = 0; i < 7; i++)
		if (vd->n->types & (1u << i))
			cc_buf_printf(&want, "%s%s", want.len ? " or " : "", type_names[i]);
	cs_err *e = cs_v_error(vd, "type", "/type", "got %s, want %s", type_name(t), want.ptr);
	cc_buf_free(&want);
	return e;
}

static cs_err *enum_error(cs_vd *vd)
{
	const json_t *e = vd->n->enum_v;
	cc_buf m = CC_BUF_INIT;
	int primitive = 1;
	for (size_t i = 0; i < json_array_size(e); i++)
		if (json_is_array(json_array_get(e, i)) || json_is_object(json_array_get(e, i)))
			primitive = 0;
	if (!primitive) {
		cc_buf_puts(&m, "'enum' failed");
	} else {
		cc_buf_puts(&m, json_array_size(e) == 1 ? "value must be " : "value must be one of ");
		for (size_t i = 0; i < json_array_size(e); i++) {
			if (i)
				cc_buf_puts(&m, ", ");
			display(&m, json_array_get(e, i));
		}
	}
	cs_err *err = cs_v_error(vd, "enum", "/enum", "%s", m.ptr);
	cc_buf_free(&m);
	return err;
}

static cs_err *const_error(cs_vd *vd)
{
	const json_t *c = vd->n->const_v;
	if (json_is_array(c) || json_is_object(c))
		return cs_v_error(vd, "const", "/const", "'const' failed");
	cc_buf m = CC_BUF_INIT;
	display(&m, c);
	cs_err *err = cs_v_error(vd, "const", "/const", "value must be %s", m.ptr);
	cc_buf_free(&m);
	return err;
}

static cs_err *format_error(cs_vd *vd)
{
	const json_t *v = vd->v;
	const cs_format *f = vd->n->format;
	cc_buf why = CC_BUF_INIT, q = CC_BUF_INIT;
	cs_err *e = NULL;
	int rc;
	if (f->fn) {
		rc = f->fn(json_string_value(v), json_string_length(v), &why);
	} else {
		cs_regex *re = NULL;
		rc = cs_regex_compile(json_string_value(v), json_string_length(v), &re, &why);
		cs_regex_free(re);
	}
	if (rc != 0) {
		cs_quote(&q, json_string_value(v), json_string_length(v));
		e = cs_v_error(vd, "format", "/format", "%s is not valid %s: %s", q.ptr, f->name,
			       why.ptr ? why.ptr : "");
	}
	cc_buf_free(&why);
	cc_buf_free(&q);
	return e;
}

/* type, const, enum and format: the first failure ends the schema. */
cs_err *cs_v_first(cs_vd *vd)
{
	const cs_node *s = vd->n;
	unsigned t = cs_type_of(vd->v);
	if (s->types && !(s->types & t) &&
	    !((s->types & CS_T_INTEGER) && t == CS_T_NUMBER && is_integer(vd->v)))
		return type_error(vd, t);
	if (s->const_v && !cs_json_equal(vd->v, s->const_v))
		return const_error(vd);
	if (s->enum_v) {
		int ok = 0;
		for (size_t i = 0; (s->enum_types & t) && !ok && i < json_array_size(s->enum_v); i++)
			ok = cs_json_equal(vd->v, json_array_get(s->enum_v, i));
		if (!ok)
			return enum_error(vd);
	}
	if (s->format && json_is_string(vd->v))
		return format_error(vd);
	return NULL;
}

/* The names in req missing from obj, quoted and comma separated; in flag
 * mode only whether any is missing. Returns the count. */
static size_t missing(const cs_vd *vd, const json_t *obj, const char **req, size_t n, cc_buf *out)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		if (json_object_get(obj, req[i]))
			continue;
		if (vd->flag)
			return 1;
		if (count++)
			cc_buf_puts(out, ", ");
		cs_quote(out, req[i], strlen(req[i]));
	}
	return count;
}

/* "<kw>: got <n>, want <m>" with helm's grouped integers. */
void cs_count_error(cs_vd *vd, const char *kw, long long got, long long want)
{
	char g[32], w[32], suffix[32];
	cs_int_print(g, sizeof(g), got);
	cs_int_print(w, sizeof(w), want);
	snprintf(suffix, sizeof(suffix), "/%s", kw);
	cs_v_add_error(vd, kw, suffix, "%s: got %s, want %s", kw, g, w);
}

static void count_error(cs_vd *vd, const char *kw, long long got, long long want)
{
	cs_count_error(vd, kw, got, want);
}

static void dep_error(cs_vd *vd, const char *kw, const char *name, const char *list)
{
	cc_buf suffix = CC_BUF_INIT, q = CC_BUF_INIT;
	cc_buf_printf(&suffix, "/%s/", kw);
	cs_ptr_escape(&suffix, name, strlen(name));
	cs_quote(&q, name, strlen(name));
	cs_v_add_error(vd, kw, suffix.ptr, "properties %s required, if %s exists", list, q.ptr);
	cc_buf_free(&suffix);
	cc_buf_free(&q);
}

static void required(cs_vd *vd)
{
	const cs_node *s = vd->n;
	size_t nprops = json_object_size(vd->v);
	if (s->min_props != LLONG_MIN && (long long)nprops < s->min_props)
		count_error(vd, "minProperties", (long long)nprops, s->min_props);
	if (s->max_props != LLONG_MIN && (long long)nprops > s->max_props)
		count_error(vd, "maxProperties", (long long)nprops, s->max_props);
	cc_buf list = CC_BUF_INIT;
	size_t m = missing(vd, vd->v, s->required, s->nrequired, &list);
	if (m)
		cs_v_add_error(vd, "required", "/required", "missing propert%s %s", m == 1 ? "y" : "ies",
			       list.ptr ? list.ptr : "");
	cc_buf_free(&list);
}

static void dependencies(cs_vd *vd, const cs_dep *deps, size_t n, const char *kw)
{
	for (size_t i = 0; i < n; i++) {
		if (!json_object_get(vd->v, deps[i].name))
			continue;
		if (deps[i].node) {
			cs_v_add(vd, cs_v_self(vd, deps[i].node, NULL, 0));
			continue;
		}
		cc_buf list = CC_BUF_INIT;
		if (missing(vd, vd->v, deps[i].req, deps[i].nreq, &list))
			dep_error(vd, kw, deps[i].name, list.ptr ? list.ptr : "");
		cc_buf_free(&list);
	}
}

static int prop_cmp(const void *key, const void *p)
{
	return strcmp((const char *)key, ((const cs_prop *)p)->name);
}

/* A bound hit by a regular expression names it (cut to fit limit_msg), so
 * the schema's author knows which pattern to fix. */
static void regex_limit(cs_vd *vd, const char *what, const cs_regex *re)
{
	char msg[200];
	snprintf(msg, sizeof(msg), "%s '%.120s' hit the regular expression match limit", what, re->src);
	cs_v_limit(vd, msg);
}

/* properties, patternProperties, additionalProperties for one member;
 * whether any of them evaluated it. */
static int member(cs_vd *vd, const char *key, const json_t *val, cc_buf *additional)
{
	const cs_node *s = vd->n;
	int evaluated = 0;
	const cs_prop *p = s->nprops ? bsearch(key, s->props, s->nprops, sizeof(*p), prop_cmp) : NULL;
	if (p) {
		evaluated = 1;
		cs_v_add(vd, cs_v_val(vd, p->node, val, key, 0));
	}
	for (size_t i = 0; i < s->npprops; i++) {
		int m = cs_regex_match(s->pprops[i].re, key, strlen(key), &vd->run->re);
		if (m < 0)
			regex_limit(vd, "the patternProperties expression", s->pprops[i].re);
		if (m == 1) {
			evaluated = 1;
			cs_v_add(vd, cs_v_val(vd, s->pprops[i].node, val, key, 0));
		}
	}
	if (evaluated || s->add_kind == CS_ADD_NONE)
		return evaluated;
	if (s->add_kind == CS_ADD_FALSE && !vd->flag) {
		if (additional->len)
			cc_buf_puts(additional, ", ");
		cs_quote(additional, key, strlen(key));
	} else if (s->add_kind == CS_ADD_FALSE) {
		cc_buf_puts(additional, "x");
	} else if (s->add_kind == CS_ADD_SCHEMA) {
		cs_v_add(vd, cs_v_val(vd, s->add, val, key, 0));
	}
	return 1;
}

static void property_names(cs_vd *vd)
{
	const char *key;
	json_t *val;
	json_object_foreach ((json_t *)vd->v, key, val) {
		json_t *name = json_string(key);
		cs_err *e = name ? cs_v_fresh(vd, vd->n->prop_names, name) : NULL;
		json_decref(name);
		if (!e)
			continue;
		if (e == &vd->run->flag_err) {
			cs_v_add(vd, e);
			continue;
		}
		cc_buf q = CC_BUF_INIT;
		cs_quote(&q, key, strlen(key));
		cs_err *pe = cs_v_error(vd, "propertyNames", "/propertyNames", "invalid propertyName %s", q.ptr);
		cc_buf_free(&q);
		free(pe->inst); /* helm 4.1 reports a bad property name at the root */
		pe->inst = cc_strdup("");
		if (e->kw[0] == '\0' && !e->is_ref) {
			cs_v_with_causes(vd, pe, e->causes, e->ncauses);
			e->ncauses = 0;
			cs_err_free(vd->run, e);
		} else {
			cs_err_push(pe, e);
		}
		cs_v_add(vd, pe);
	}
}

void cs_v_object(cs_vd *vd)
{
	const cs_node *s = vd->n;
	required(vd);
	if (vd->flag && vd->nerrs)
		return;
	dependencies(vd, s->deps, s->ndeps, "dependencies");
	cc_buf additional = CC_BUF_INIT;
	size_t i = 0;
	const char *key;
	json_t *val;
	json_object_foreach ((json_t *)vd->v, key, val) {
		if (vd->flag && vd->nerrs)
			break;
		if (member(vd, key, val, &additional) && vd->ue.props && vd->ue.props[i])
			vd->ue.props[i] = 0, vd->ue.cprops--;
		i++;
	}
	if (additional.len)
		cs_v_add_error(vd, "additionalProperties", "/additionalProperties",
			       "additional properties %s not allowed", additional.ptr);
	cc_buf_free(&additional);
	if (vd->flag && vd->nerrs)
		return;
	if (s->draft == CC_SCHEMA_DRAFT4)
		return;
	if (s->prop_names)
		property_names(vd);
	if (s->draft == CC_SCHEMA_DRAFT6)
		return;
	for (size_t k = 0; k < s->ndep_schemas; k++)
		if (json_object_get(vd->v, s->dep_schemas[k].name))
			cs_v_add(vd, cs_v_self(vd, s->dep_schemas[k].node, NULL, 0));
	dependencies(vd, s->dep_req, s->ndep_req, "dependentRequired");
}

void cs_v_string(cs_vd *vd)
{
	const cs_node *s = vd->n;
	const char *str = json_string_value(vd->v);
	size_t len = json_string_length(vd->v);
	if (s->min_len != LLONG_MIN || s->max_len != LLONG_MIN) {
		long long n = (long long)cs_utf8_count(str, len);
		if (s->min_len != LLONG_MIN && n < s->min_len)
			count_error(vd, "minLength", n, s->min_len);
		if (s->max_len != LLONG_MIN && n > s->max_len)
			count_error(vd, "maxLength", n, s->max_len);
	}
	if (!s->pattern)
		return;
	int m = cs_regex_match(s->pattern, str, len, &vd->run->re);
	if (m == 1)
		return;
	if (m < 0) {
		regex_limit(vd, "the pattern", s->pattern);
		return;
	}
	cc_buf a = CC_BUF_INIT, b = CC_BUF_INIT;
	cs_quote(&a, str, len);
	cs_quote(&b, s->pattern->src, strlen(s->pattern->src));
	cs_v_add_error(vd, "pattern", "/pattern", "%s does not match pattern %s", a.ptr, b.ptr);
	cc_buf_free(&a);
	cc_buf_free(&b);
}

static void num_error(cs_vd *vd, const char *kw, const cs_num *got, const cs_num *want)
{
	cc_buf g = CC_BUF_INIT, w = CC_BUF_INIT, suffix = CC_BUF_INIT;
	if (!vd->flag) {
		cs_num_print(&g, cs_num_double(got));
		cs_num_print(&w, cs_num_double(want));
		cc_buf_printf(&suffix, "/%s", kw);
	}
	cs_v_add_error(vd, kw, suffix.ptr ? suffix.ptr : "", "%s: got %s, want %s", kw,
		       g.ptr ? g.ptr : "", w.ptr ? w.ptr : "");
	cc_buf_free(&g);
	cc_buf_free(&w);
	cc_buf_free(&suffix);
}

void cs_v_number(cs_vd *vd)
{
	const cs_node *s = vd->n;
	cs_num v;
	if (!s->nums || cs_num_from_json(vd->v, &v) != 0)
		return;
	if ((s->nums & CS_N_MIN) && cs_num_cmp(&v, &s->min) < 0)
		num_error(vd, "minimum", &v, &s->min);
	if ((s->nums & CS_N_MAX) && cs_num_cmp(&v, &s->max) > 0)
		num_error(vd, "maximum", &v, &s->max);
	if ((s->nums & CS_N_XMIN) && cs_num_cmp(&v, &s->xmin) <= 0)
		num_error(vd, "exclusiveMinimum", &v, &s->xmin);
	if ((s->nums & CS_N_XMAX) && cs_num_cmp(&v, &s->xmax) >= 0)
		num_error(vd, "exclusiveMaximum", &v, &s->xmax);
	if ((s->nums & CS_N_MULT) && !cs_num_multiple_of(&v, &s->mult))
		num_error(vd, "multipleOf", &v, &s->mult);
}
