/*
 * lock.c: the declared dependency list exactly as helm hashes it, and the
 * two digests.
 *
 * HashReq hashes Go's JSON of []*chart.Dependency, so every detail of how
 * helm's loader fills that struct shows in the digest: sigs.k8s.io/yaml
 * matches `Name:` to the field name (any case, the bytewise greatest
 * spelling wins), turns `version: 1.0` into "1", hands import-values over
 * as float64 numbers and Go maps (sorted keys); Dependency.Validate then
 * rewrites name, version, repository, condition and tags with
 * sanitizeString (every unicode space to ' ', non-printables dropped) but
 * leaves alias and import-values alone; encoding/json finally writes the
 * fields in struct order with omitempty. Go's unicode.IsPrint beyond ASCII
 * is PCRE2's \p{L}\p{M}\p{N}\p{P}\p{S}, compiled only when a non-ASCII
 * character needs it.
 */
#include "lock/lock_int.h"

#include <openssl/evp.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"

/* ---------------------------------------------------------------- sanitizeString */

/* unicode.IsSpace beyond ASCII: NEL, NBSP and the White_Space Z characters. */
static int unicode_space(uint32_t r)
{
	return r == 0x85 || r == 0xA0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 ||
	       r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000;
}

typedef struct printer {
	pcre2_code *re;
	pcre2_match_data *md;
} printer;

static int printable(printer *p, const unsigned char *s, size_t len)
{
	if (!p->re) {
		int e;
		PCRE2_SIZE off;
		p->re = pcre2_compile((PCRE2_SPTR) "[\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}]", PCRE2_ZERO_TERMINATED,
				      PCRE2_UTF | PCRE2_ANCHORED, &e, &off, NULL);
		p->md = p->re ? pcre2_match_data_create_from_pattern(p->re, NULL) : NULL;
		if (!p->re || !p->md)
			return 1;
	}
	return pcre2_match(p->re, s, len, 0, 0, p->md, NULL) > 0;
}

char *cc_lock_sanitize(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	cc_buf b = CC_BUF_INIT;
	printer p = { NULL, NULL };
	cc_buf_puts(&b, "");
	for (size_t i = 0; i < len;) {
		uint32_t r;
		size_t k = cc_emit_decode_rune(u + i, len - i, &r);
		if ((r >= 0x09 && r <= 0x0D) || r == ' ' || unicode_space(r))
			cc_buf_putc(&b, ' ');
		else if (r == 0xFFFD && k == 1)
			cc_buf_puts(&b, "\xEF\xBF\xBD"); /* strings.Map writes RuneError for a bad byte */
		else if (r < 0x80 ? r > 0x20 && r < 0x7F : printable(&p, u + i, k))
			cc_buf_put(&b, s + i, k);
		i += k;
	}
	pcre2_match_data_free(p.md);
	pcre2_code_free(p.re);
	return cc_buf_detach(&b);
}

/* ---------------------------------------------------------------- decoding a Dependency */

/* Go's JSON name for what a node would be: object, array, string, number, bool. */
static const char *json_kind(const cc_yaml_node *n)
{
	if (n->kind == CC_YAML_MAP)
		return "object";
	if (n->kind == CC_YAML_SEQ)
		return "array";
	switch (n->type) {
	case CC_YAML_T_INT:
	case CC_YAML_T_FLOAT:
		return "number";
	case CC_YAML_T_BOOL:
		return "bool";
	default:
		return "string";
	}
}

int cc_lock_type_error(const cc_lock_decoder *d, const cc_yaml_node *n, const char *field, const char *type)
{
	return cc_error_set(d->err, CC_EINVALID, d->file, n->line, n->col,
			    "json: cannot unmarshal %s into Go struct field %s.%s of type %s", json_kind(n),
			    d->gostruct, field, type);
}

/* A scalar as a Go string field receives it; NULL for null. */
int cc_lock_go_string(const cc_lock_decoder *d, const cc_yaml_node *n, const char *field, char **out)
{
	*out = NULL;
	if (!n || cc_yaml_is_null(n))
		return 0;
	if (n->kind != CC_YAML_SCALAR)
		return cc_lock_type_error(d, n, field, "string");
	*out = cc_yaml_is_string(n) ? cc_strndup(n->value, n->len) : cc_yaml_scalar_go_string(n);
	return 0;
}

int cc_lock_put_string(const cc_lock_decoder *d, json_t *o, const cc_yaml_node *m, const char *field,
		       int sanitize, int always)
{
	char *s;
	int rc = cc_lock_go_string(d, cc_yaml_map_get_go(m, field), field, &s);
	if (rc != 0)
		return rc;
	if (s && sanitize) {
		char *t = cc_lock_sanitize(s, strlen(s));
		free(s);
		s = t;
	}
	if ((s && *s) || always)
		json_object_set_new(o, field, json_string_nocheck(s ? s : ""));
	free(s);
	return 0;
}

int cc_lock_put_strings(const cc_lock_decoder *d, json_t *o, const cc_yaml_node *m, const char *field)
{
	const cc_yaml_node *t = cc_yaml_map_get_go(m, field);
	if (!t || cc_yaml_is_null(t))
		return 0;
	if (t->kind != CC_YAML_SEQ)
		return cc_lock_type_error(d, t, field, "[]string");
	json_t *a = json_array();
	for (size_t i = 0; i < t->nitems; i++) {
		char *s;
		int rc = cc_lock_go_string(d, t->items[i], field, &s);
		if (rc != 0) {
			json_decref(a);
			return rc;
		}
		char *clean = cc_lock_sanitize(s ? s : "", s ? strlen(s) : 0);
		json_array_append_new(a, json_string_nocheck(clean));
		free(clean);
		free(s);
	}
	if (json_array_size(a))
		json_object_set_new(o, field, a);
	else
		json_decref(a);
	return 0;
}

int cc_lock_put_true(const cc_lock_decoder *d, json_t *o, const cc_yaml_node *m, const char *field)
{
	const cc_yaml_node *e = cc_yaml_map_get_go(m, field);
	if (!e || cc_yaml_is_null(e))
		return 0;
	if (e->kind != CC_YAML_SCALAR || e->type != CC_YAML_T_BOOL)
		return cc_lock_type_error(d, e, field, "bool");
	json_t *v = NULL;
	int rc = cc_yaml_to_json(e, d->file, &v, d->err);
	if (rc != 0)
		return rc;
	if (json_is_true(v))
		json_object_set_new(o, field, json_true());
	json_decref(v);
	return 0;
}

static int put_import_values(const cc_lock_decoder *d, json_t *o, const cc_yaml_node *m)
{
	const cc_yaml_node *iv = cc_yaml_map_get_go(m, "import-values");
	if (!iv || cc_yaml_is_null(iv))
		return 0;
	if (iv->kind != CC_YAML_SEQ)
		return cc_lock_type_error(d, iv, "import-values", "[]interface {}");
	json_t *raw;
	int rc = cc_yaml_to_json(iv, d->file, &raw, d->err);
	if (rc != 0)
		return rc;
	json_t *sorted = cc_emit_sort_keys(raw); /* Go maps: keys sorted */
	json_decref(raw);
	if (!sorted)
		return cc_error_set(d->err, CC_ELIMIT, d->file, iv->line, iv->col, "import-values nested too deeply");
	if (json_array_size(sorted))
		json_object_set_new(o, "import-values", sorted);
	else
		json_decref(sorted);
	return 0;
}

/* One entry, fields in Dependency's struct order. */
static int dependency(const cc_lock_decoder *d, const cc_yaml_node *m, json_t **out)
{
	*out = NULL;
	if (!m || cc_yaml_is_null(m))
		return cc_error_set(d->err, CC_EINVALID, d->file, m ? m->line : 0, m ? m->col : 0,
				    "validation: dependencies must not contain empty or null nodes");
	if (m->kind != CC_YAML_MAP)
		return cc_error_set(d->err, CC_EINVALID, d->file, m->line, m->col,
				    "json: cannot unmarshal %s into Go struct field Metadata.dependencies of type chart.Dependency",
				    json_kind(m));
	json_t *o = json_object();
	int rc = cc_lock_put_string(d, o, m, "name", 1, 1);
	if (rc == 0)
		rc = cc_lock_put_string(d, o, m, "version", 1, 0);
	if (rc == 0)
		rc = cc_lock_put_string(d, o, m, "repository", 1, 1);
	if (rc == 0)
		rc = cc_lock_put_string(d, o, m, "condition", 1, 0);
	if (rc == 0)
		rc = cc_lock_put_strings(d, o, m, "tags");
	if (rc == 0)
		rc = cc_lock_put_true(d, o, m, "enabled");
	if (rc == 0)
		rc = put_import_values(d, o, m);
	if (rc == 0)
		rc = cc_lock_put_string(d, o, m, "alias", 0, 0);
	if (rc != 0) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

/* Where helm's Metadata.Dependencies comes from: requirements.yaml over Chart.yaml. */
static const cc_yaml_node *declared(const cc_chart *c, const char **file)
{
	const cc_yaml_pair *p = cc_yaml_map_get_go_pair(cc_yaml_doc_root(c->requirements), "dependencies");
	*file = c->requirements ? cc_yaml_doc_file(c->requirements) : NULL;
	if (!p) {
		p = cc_yaml_map_get_go_pair(cc_yaml_doc_root(c->chartfile), "dependencies");
		*file = c->chartfile ? cc_yaml_doc_file(c->chartfile) : NULL;
	}
	return p ? p->value : NULL;
}

int cc_lock_dependencies(const cc_chart *c, json_t **out, const cc_yaml_node **nodes,
			 const char **file, cc_error *err)
{
	const char *f;
	const cc_yaml_node *list = declared(c, &f);
	cc_lock_decoder d = { f ? f : "", "Dependency.dependencies", err };
	*out = NULL;
	if (nodes)
		*nodes = NULL;
	if (file)
		*file = f;
	if (!list || cc_yaml_is_null(list))
		return 0;
	if (list->kind != CC_YAML_SEQ)
		return cc_error_set(err, CC_EINVALID, d.file, list->line, list->col,
				    "json: cannot unmarshal %s into Go struct field Metadata.dependencies of type []*chart.Dependency",
				    json_kind(list));
	json_t *a = json_array();
	for (size_t i = 0; i < list->nitems; i++) {
		json_t *dep;
		int rc = dependency(&d, list->items[i], &dep);
		if (rc != 0) {
			json_decref(a);
			return rc;
		}
		json_array_append_new(a, dep);
	}
	if (nodes)
		*nodes = list;
	*out = a;
	return 0;
}

/* ---------------------------------------------------------------- digests */

json_t *cc_lock_entries_json(const cc_lock_entry *e, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string_nocheck(e[i].name ? e[i].name : ""));
		if (e[i].version && *e[i].version)
			json_object_set_new(o, "version", json_string_nocheck(e[i].version));
		json_object_set_new(o, "repository", json_string_nocheck(e[i].repository ? e[i].repository : ""));
		json_array_append_new(a, o);
	}
	return a;
}

static int sha256_of(const json_t *v, char *out, cc_error *err)
{
	cc_buf b = CC_BUF_INIT;
	int rc = cc_emit_json(v, &b, err);
	if (rc != 0)
		return rc;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (!EVP_Digest(b.ptr, b.len, md, &mdlen, EVP_sha256(), NULL)) {
		cc_buf_free(&b);
		return cc_error_set(err, CC_ERROR, "", 0, 0, "sha256 failed");
	}
	cc_buf_free(&b);
	char *p = out + sprintf(out, "sha256:");
	for (unsigned int i = 0; i < mdlen; i++)
		p += sprintf(p, "%02x", md[i]);
	return 0;
}

int cc_lock_digest(const json_t *req, const json_t *lock, char *out, cc_error *err)
{
	json_t *pair = json_array();
	json_array_append_new(pair, req ? json_incref((json_t *)req) : json_null());
	json_array_append_new(pair, lock ? json_incref((json_t *)lock) : json_null());
	int rc = sha256_of(pair, out, err);
	json_decref(pair);
	return rc;
}

int cc_lock_digest_v2(const json_t *req, char *out, cc_error *err)
{
	json_t *o = json_object();
	json_object_set_new(o, "dependencies", req ? json_incref((json_t *)req) : json_null());
	int rc = sha256_of(o, out, err);
	json_decref(o);
	return rc;
}
