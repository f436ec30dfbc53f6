/*
 * rules/load: reading a rule pack. Every key of every rule is checked, and
 * the first problem refuses the pack with its file:line:col: a misspelt key
 * or a pattern PCRE2 cannot compile must stop CI, not quietly disable the
 * rule it belonged to.
 */
#include "rules/rules_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PACK_MAX_SIZE ((size_t)4 * 1024 * 1024)

typedef struct loadctx {
	const char *file;
	cc_error *err;
	cc_rulepack *p;
} loadctx;

static int bad(loadctx *X, const cc_yaml_node *at, const char *fmt, const char *a, const char *b)
{
	return cc_error_set(X->err, CC_EINVALID, X->file, at ? at->line : 0, at ? at->col : 0, fmt,
			    a ? a : "", b ? b : "");
}

/* The scalar's text when it is a string scalar, else NULL. */
static const char *str_of(const cc_yaml_node *n)
{
	return n && n->kind == CC_YAML_SCALAR && !cc_yaml_is_null(n) ? n->value : NULL;
}

static int need_str(loadctx *X, const cc_yaml_node *v, const char *key, const char **out)
{
	/* any scalar's text: YAML 1.1 makes keys such as n or on booleans, and they are still names */
	*out = str_of(v);
	if (*out)
		return CC_OK;
	return bad(X, v, "%s must be a string, not a %s", key, cc_yaml_type_name(v));
}

/* Column of byte `off` of a scalar's value, counting its opening quote. */
static int value_col(const cc_yaml_node *v, size_t off)
{
	int quoted = v->style == CC_YAML_SINGLE_QUOTED || v->style == CC_YAML_DOUBLE_QUOTED;
	return v->col + quoted + (int)off;
}

static int is_kebab(const char *s, size_t n)
{
	if (n == 0 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      (s[i] == '-' && s[i + 1] != '-')))
			return 0;
	return 1;
}

/* area/kebab-case: one or more kebab-case parts joined by '/', at least two. */
static int valid_id(const char *id)
{
	int parts = 0;
	for (const char *s = id;; parts++) {
		const char *slash = strchr(s, '/');
		size_t n = slash ? (size_t)(slash - s) : strlen(s);
		if (!is_kebab(s, n))
			return 0;
		if (!slash)
			return parts + 1 >= 2;
		s = slash + 1;
	}
}

static int load_id(loadctx *X, cc_rule *r, const cc_yaml_node *v)
{
	const char *s;
	int rc = need_str(X, v, "id", &s);
	if (rc != CC_OK)
		return rc;
	if (!valid_id(s))
		return bad(X, v, "rule id \"%s\" must be area/kebab-case, such as team/chart-name%s", s, "");
	for (size_t i = 0; i < X->p->n; i++)
		if (X->p->rules[i].id && strcmp(X->p->rules[i].id, s) == 0) {
			char first[32];
			snprintf(first, sizeof(first), "%d", X->p->rules[i].line);
			return bad(X, v, "duplicate rule id \"%s\" (first at line %s)", s, first);
		}
	r->id = cc_strdup(s);
	return CC_OK;
}

static int pick(loadctx *X, const cc_yaml_node *v, const char *key, const char *const *names,
		int *out)
{
	const char *s;
	int rc = need_str(X, v, key, &s);
	for (int i = 0; rc == CC_OK && names[i]; i++)
		if (strcmp(names[i], s) == 0) {
			*out = i;
			return CC_OK;
		}
	return rc != CC_OK ? rc : bad(X, v, "unknown %s \"%s\"", key, s);
}

/* Restates the error just set with the accepted names after it. */
static int append_hint(loadctx *X, const cc_yaml_node *v, const char *hint)
{
	char msg[CC_ERROR_MSG_MAX];
	snprintf(msg, sizeof(msg), "%s", X->err->msg);
	return bad(X, v, "%s%s", msg, hint);
}

static int load_severity(loadctx *X, cc_rule *r, const cc_yaml_node *v)
{
	static const char *const names[] = { "info", "warning", "error", NULL };
	int i = 0, rc = pick(X, v, "severity", names, &i);
	r->sev = (cc_severity)i;
	return rc != CC_OK ? append_hint(X, v, " (error, warning or info)") : rc;
}

static int load_file(loadctx *X, cc_rule *r, const cc_yaml_node *v)
{
	static const char *const names[] = { "Chart.yaml", "values.yaml", NULL };
	return pick(X, v, "file", names, &r->values_file);
}

static int load_require(loadctx *X, cc_rule *r, const cc_yaml_node *v)
{
	static const char *const names[] = { "", "present", "absent", NULL };
	int rc = pick(X, v, "require", names, &r->require);
	return rc == CC_OK && r->require == CC_RULE_REQ_NONE ? bad(X, v, "unknown require%s%s", "", "") : rc;
}

static int load_type(loadctx *X, cc_rule *r, const cc_yaml_node *v)
{
	static const char *const names[] = { "", "string", "number", "integer", "boolean", "list",
					     "mapping", NULL };
	int rc = pick(X, v, "type", names, &r->type);
	if (rc == CC_OK && r->type == CC_RULE_T_NONE)
		rc = bad(X, v, "unknown type \"\"%s%s", "", "");
	return rc != CC_OK ? append_hint(X, v, " (string, number, integer, boolean, list, mapping)") : rc;
}

static int load_path_text(loadctx *X, const cc_yaml_node *v, const char *key, cc_rule_path *out)
{
	const char *s, *why = "";
	int rc = need_str(X, v, key, &s);
	size_t pos = 0;
	if (rc == CC_OK && cc_rules_path_parse(out, s, &pos, &why) != CC_OK)
		rc = cc_error_set(X->err, CC_EINVALID, X->file, v->line, value_col(v, pos),
				  "invalid path \"%s\": %s", s, why);
	return rc;
}

static int load_path(loadctx *X, cc_rule *r, const cc_yaml_node *v)
{
	if (r->npaths)
		return bad(X, v, "a rule takes path or any-of, not both%s%s", "", "");
	r->paths = cc_calloc(1, sizeof(*r->paths));
	r->npaths = 1;
	return load_path_text(X, v, "path", &r->paths[0]);
}

static int load_any_of(loadctx *X, cc_rule *r, const cc_yaml_node *v)
{
	if (r->npaths)
		return bad(X, v, "a rule takes path or any-of, not both%s%s", "", "");
	if (v->kind != CC_YAML_SEQ || v->nitems == 0)
		return bad(X, v, "any-of must be a list of paths%s%s", "", "");
	r->paths = cc_calloc(v->nitems, sizeof(*r->paths));
	r->any_of = 1;
	int rc = CC_OK;
	for (size_t i = 0; rc == CC_OK && i < v->nitems; i++, r->npaths++)
		rc = load_path_text(X, v->items[i], "any-of entry", &r->paths[i]);
	if (rc != CC_OK)
		r->npaths--; /* the failed one freed itself */
	return rc;
}

static int load_pattern(loadctx *X, cc_rule *r, const cc_yaml_node *v)
{
	const char *s;
	int rc = need_str(X, v, "pattern", &s);
	if (rc != CC_OK)
		return rc;
	int code;
	PCRE2_SIZE off;
	r->pattern = pcre2_compile((PCRE2_SPTR)s, v->len, PCRE2_UTF, &code, &off, NULL);
	if (!r->pattern) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof(msg));
		return cc_error_set(X->err, CC_EINVALID, X->file, v->line, value_col(v, off),
				    "invalid pattern: %s", (const char *)msg);
	}
	r->pattern_text = cc_strdup(s);
	return CC_OK;
}

static int load_enum(loadctx *X, const cc_yaml_node *v, const char *key, cc_strvec *out)
{
	if (v->kind != CC_YAML_SEQ || v->nitems == 0)
		return bad(X, v, "%s must be a list of values%s", key, "");
	for (size_t i = 0; i < v->nitems; i++) {
		const cc_yaml_node *it = v->items[i];
		if (it->kind != CC_YAML_SCALAR)
			return bad(X, it, "%s entries must be scalars, not a %s", key, cc_yaml_type_name(it));
		cc_strvec_push(out, it->value);
	}
	return CC_OK;
}

static int load_compare(loadctx *X, cc_rule *r, const cc_yaml_node *v)
{
	static const char *const ops[] = { "", "<", "<=", ">", ">=", "==", "!=", NULL };
	if (v->kind != CC_YAML_MAP)
		return bad(X, v, "compare must be a mapping { op: \">=\", value: 1 }%s%s", "", "");
	const cc_yaml_node *op = cc_yaml_map_get(v, "op"), *val = cc_yaml_map_get(v, "value");
	for (size_t i = 0; i < v->npairs; i++) {
		const char *k = str_of(v->pairs[i].key);
		if (!k || (strcmp(k, "op") != 0 && strcmp(k, "value") != 0))
			return bad(X, v->pairs[i].key, "unknown key \"%s\" in compare (op, value)%s",
				   k ? k : "", "");
	}
	if (!op || !val)
		return bad(X, v, "compare needs op and value%s%s", "", "");
	int rc = pick(X, op, "compare op", ops, &r->cmp_op);
	if (rc == CC_OK && r->cmp_op == CC_RULE_CMP_NONE)
		rc = bad(X, op, "unknown compare op \"\"%s%s", "", "");
	if (rc != CC_OK)
		return append_hint(X, op, " (<, <=, >, >=, ==, !=)");
	if (val->kind != CC_YAML_SCALAR || (val->type != CC_YAML_T_INT && val->type != CC_YAML_T_FLOAT))
		return bad(X, val, "compare value must be a number, not a %s%s", cc_yaml_type_name(val), "");
	r->cmp_value = strtod(val->value, NULL);
	return CC_OK;
}

static int load_message(loadctx *X, cc_rule *r, const cc_yaml_node *v)
{
	const char *s;
	int rc = need_str(X, v, "message", &s);
	if (rc == CC_OK)
		r->message = cc_strdup(s);
	return rc;
}

static int load_key(loadctx *X, cc_rule *r, const char *k, const cc_yaml_node *key,
		    const cc_yaml_node *v)
{
	if (strcmp(k, "id") == 0)
		return load_id(X, r, v);
	if (strcmp(k, "severity") == 0)
		return load_severity(X, r, v);
	if (strcmp(k, "file") == 0)
		return load_file(X, r, v);
	if (strcmp(k, "path") == 0)
		return load_path(X, r, v);
	if (strcmp(k, "any-of") == 0)
		return load_any_of(X, r, v);
	if (strcmp(k, "require") == 0)
		return load_require(X, r, v);
	if (strcmp(k, "type") == 0)
		return load_type(X, r, v);
	if (strcmp(k, "pattern") == 0)
		return load_pattern(X, r, v);
	if (strcmp(k, "enum") == 0)
		return load_enum(X, v, "enum", &r->enum_values);
	if (strcmp(k, "not-enum") == 0)
		return load_enum(X, v, "not-enum", &r->not_enum);
	if (strcmp(k, "compare") == 0)
		return load_compare(X, r, v);
	if (strcmp(k, "message") == 0)
		return load_message(X, r, v);
	return bad(X, key, "unknown key \"%s\" in a rule (id, severity, file, path, any-of, require, "
		   "type, pattern, enum, not-enum, compare, message)%s", k, "");
}

/* What a rule must have once all its keys are read. */
static int check_rule(loadctx *X, cc_rule *r, const cc_yaml_node *n)
{
	if (!r->id)
		return bad(X, n, "a rule needs an id%s%s", "", "");
	if (!r->npaths)
		return bad(X, n, "rule %s needs path or any-of%s", r->id, "");
	int checks = r->require || r->type || r->pattern || r->enum_values.n || r->not_enum.n || r->cmp_op;
	if (r->any_of && checks)
		return bad(X, n, "rule %s: any-of only requires one of its paths to be present; it takes no other check%s",
			   r->id, "");
	if (!r->any_of && !checks)
		return bad(X, n, "rule %s checks nothing (add require, type, pattern, enum, not-enum or compare)%s",
			   r->id, "");
	return CC_OK;
}

/* A key given twice would silently replace half a rule; refuse it. */
static int seen_before(const cc_yaml_node *map, size_t i, const char *k)
{
	for (size_t j = 0; j < i; j++) {
		const char *o = str_of(map->pairs[j].key);
		if (o && strcmp(o, k) == 0)
			return 1;
	}
	return 0;
}

static int load_rule(loadctx *X, cc_rule *r, const cc_yaml_node *n)
{
	r->sev = CC_SEV_ERROR;
	r->line = n->line;
	r->col = n->col;
	if (n->kind != CC_YAML_MAP)
		return bad(X, n, "a rule must be a mapping, not a %s%s", cc_yaml_type_name(n), "");
	for (size_t i = 0; i < n->npairs; i++) {
		const cc_yaml_node *key = n->pairs[i].key;
		const char *k = str_of(key);
		int rc = !k ? bad(X, key, "rule keys must be strings%s%s", "", "")
		       : seen_before(n, i, k) ? bad(X, key, "duplicate key \"%s\" in a rule%s", k, "")
		       : load_key(X, r, k, key, n->pairs[i].value);
		if (rc != CC_OK)
			return rc;
	}
	return check_rule(X, r, n);
}

static void rule_free(cc_rule *r)
{
	free(r->id);
	for (size_t i = 0; i < r->npaths; i++)
		cc_rules_path_free(&r->paths[i]);
	free(r->paths);
	free(r->pattern_text);
	pcre2_code_free(r->pattern);
	cc_strvec_free(&r->enum_values);
	cc_strvec_free(&r->not_enum);
	free(r->message);
}

static int load_rules(loadctx *X, const cc_yaml_node *root)
{
	if (!root || root->kind != CC_YAML_MAP)
		return bad(X, root, "a rule pack must be a mapping with a rules list%s%s", "", "");
	for (size_t i = 0; i < root->npairs; i++) {
		const char *k = str_of(root->pairs[i].key);
		if (!k || strcmp(k, "rules") != 0)
			return bad(X, root->pairs[i].key, "unknown key \"%s\" in a rule pack (rules)%s", k ? k : "", "");
	}
	const cc_yaml_node *list = cc_yaml_map_get(root, "rules");
	if (!list || list->kind != CC_YAML_SEQ)
		return bad(X, list ? list : root, "rules must be a list of rules%s%s", "", "");
	X->p->rules = cc_calloc(list->nitems ? list->nitems : 1, sizeof(cc_rule));
	for (size_t i = 0; i < list->nitems; i++) {
		int rc = load_rule(X, &X->p->rules[i], list->items[i]);
		X->p->n++;
		if (rc != CC_OK)
			return rc;
	}
	return CC_OK;
}

int cc_rulepack_load(cc_rulepack **out, const char *path, cc_error *err)
{
	*out = NULL;
	cc_yaml_doc *doc = NULL;
	int rc = cc_yaml_load_file(&doc, path, PACK_MAX_SIZE, NULL, err);
	if (rc != CC_OK)
		return rc;
	cc_rulepack *p = cc_calloc(1, sizeof(*p));
	p->file = cc_strdup(path);
	loadctx X = { path, err, p };
	rc = load_rules(&X, cc_yaml_doc_root(doc));
	cc_yaml_doc_free(doc);
	if (rc != CC_OK) {
		cc_rulepack_free(p);
		return rc;
	}
	p->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(p->mctx, CC_RULES_MATCH_LIMIT);
	pcre2_set_depth_limit(p->mctx, CC_RULES_DEPTH_LIMIT);
	*out = p;
	return CC_OK;
}

size_t cc_rulepack_count(const cc_rulepack *p)
{
	return p ? p->n : 0;
}

int cc_rulepack_has(const cc_rulepack *p, const char *id)
{
	for (size_t i = 0; p && i < p->n; i++)
		if (!strcmp(p->rules[i].id, id))
			return 1;
	return 0;
}

void cc_rulepack_free(cc_rulepack *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		rule_free(&p->rules[i]);
	free(p->rules);
	pcre2_match_context_free(p->mctx);
	free(p->file);
	free(p);
}
