/*
 * rules/run: a pack's rules on one chart. A rule's checks other than
 * `require: present` apply only when its field is there, so that a pack
 * can say "if you set image.tag, it is not latest" without also demanding
 * image.tag. Findings carry the rule's own id, severity and message.
 */
#include "rules/rules_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct runctx {
	const cc_rulepack *p;
	const cc_chart *c;
	cc_findings *out;
	pcre2_match_data *md;
} runctx;

static void add(runctx *R, const cc_rule *r, const cc_yaml_node *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add(runctx *R, const cc_rule *r, const cc_yaml_node *at, const char *fmt, ...)
{
	cc_buf b = CC_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	cc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char *file = cc_chart_display_path(R->c, r->values_file ? "values.yaml" : "Chart.yaml");
	cc_finding *f = cc_findings_add(R->out, r->sev, r->id, file, at ? at->line : 0,
					at ? at->col : 0, "%s", r->message ? r->message : b.ptr);
	cc_finding_set_chart(f, R->c->display);
	if (r->message) /* the team's words first, what exactly was wrong after */
		cc_finding_set_hint(f, b.ptr);
	free(file);
	cc_buf_free(&b);
}

static int type_ok(int type, const cc_yaml_node *n)
{
	int scalar = n->kind == CC_YAML_SCALAR;
	switch (type) {
	case CC_RULE_T_STRING: return scalar && cc_yaml_is_string(n);
	case CC_RULE_T_NUMBER: return scalar && (n->type == CC_YAML_T_INT || n->type == CC_YAML_T_FLOAT);
	case CC_RULE_T_INTEGER: return scalar && n->type == CC_YAML_T_INT;
	case CC_RULE_T_BOOLEAN: return scalar && n->type == CC_YAML_T_BOOL;
	case CC_RULE_T_LIST: return n->kind == CC_YAML_SEQ;
	case CC_RULE_T_MAPPING: return n->kind == CC_YAML_MAP;
	default: return 1;
	}
}

static const char *type_word(int type)
{
	static const char *const names[] = { "", "string", "number", "integer", "boolean", "list",
					     "mapping" };
	return names[type];
}

/* Other match failures (a value that is not valid UTF-8) are still findings, with PCRE2's words. */
static void add_pcre2_error(runctx *R, const cc_rule *r, const cc_yaml_node *n, int rc)
{
	PCRE2_UCHAR msg[256];
	pcre2_get_error_message(rc, msg, sizeof(msg));
	add(R, r, n, "%s could not be matched against %s: %s", r->paths[0].text, r->pattern_text,
	    (const char *)msg);
}

static int check_pattern(runctx *R, const cc_rule *r, const cc_yaml_node *n)
{
	if (n->kind != CC_YAML_SCALAR) {
		add(R, r, n, "%s must be a string matching %s, but it is a %s", r->paths[0].text,
			   r->pattern_text, cc_yaml_type_name(n));
		return 1;
	}
	int rc = pcre2_match(r->pattern, (PCRE2_SPTR)n->value, n->len, 0, 0, R->md, R->p->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		add(R, r, n, "%s \"%s\" does not match %s", r->paths[0].text, n->value, r->pattern_text);
	else if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT)
		add(R, r, n, "%s could not be matched against %s within chartci's limits",
		    r->paths[0].text, r->pattern_text);
	else if (rc < 0)
		add_pcre2_error(R, r, n, rc);
	return rc < 0;
}

static int cmp_holds(int op, double a, double b)
{
	switch (op) {
	case CC_RULE_CMP_LT: return a < b;
	case CC_RULE_CMP_LE: return a <= b;
	case CC_RULE_CMP_GT: return a > b;
	case CC_RULE_CMP_GE: return a >= b;
	case CC_RULE_CMP_EQ: return a == b;
	default: return a != b;
	}
}

static int check_compare(runctx *R, const cc_rule *r, const cc_yaml_node *n)
{
	static const char *const ops[] = { "", "<", "<=", ">", ">=", "==", "!=" };
	if (!type_ok(CC_RULE_T_NUMBER, n)) {
		add(R, r, n, "%s must be a number, but it is a %s", r->paths[0].text,
			   cc_yaml_type_name(n));
		return 1;
	}
	if (cmp_holds(r->cmp_op, strtod(n->value, NULL), r->cmp_value))
		return 0;
	add(R, r, n, "%s is %s, but it must be %s %g", r->paths[0].text, n->value, ops[r->cmp_op],
	    r->cmp_value);
	return 1;
}

static void add_enum(runctx *R, const cc_rule *r, const cc_yaml_node *n)
{
	cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < r->enum_values.n; i++)
		cc_buf_printf(&b, "%s%s", i ? ", " : "", r->enum_values.v[i]);
	if (n->kind == CC_YAML_SCALAR)
		add(R, r, n, "%s is \"%s\", not one of: %s", r->paths[0].text, n->value, b.ptr);
	else
		add(R, r, n, "%s is a %s, not one of: %s", r->paths[0].text, cc_yaml_type_name(n), b.ptr);
	cc_buf_free(&b);
}

/* The checks on a present field, in order; one finding per rule and field is enough. */
static void check_value(runctx *R, const cc_rule *r, const cc_yaml_node *n)
{
	const char *path = r->paths[0].text;
	int scalar = n->kind == CC_YAML_SCALAR;
	if (r->require == CC_RULE_REQ_ABSENT)
		add(R, r, n, "%s must not be set", path);
	else if (r->type && !type_ok(r->type, n))
		add(R, r, n, "%s must be %s %s, but it is a %s", path,
		    r->type == CC_RULE_T_INTEGER ? "an" : "a", type_word(r->type),
		    cc_yaml_type_name(n));
	else if (r->pattern && check_pattern(R, r, n))
		return;
	else if (r->enum_values.n && !(scalar && cc_strvec_contains(&r->enum_values, n->value)))
		add_enum(R, r, n);
	else if (r->not_enum.n && scalar && cc_strvec_contains(&r->not_enum, n->value))
		add(R, r, n, "%s must not be \"%s\"", path, n->value);
	else if (r->cmp_op)
		check_compare(R, r, n);
}

static void run_any_of(runctx *R, const cc_rule *r, const cc_yaml_node *root)
{
	cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < r->npaths; i++) {
		if (cc_rules_path_get(&r->paths[i], root)) {
			cc_buf_free(&b);
			return;
		}
		cc_buf_printf(&b, "%s%s", i ? " or " : "", r->paths[i].text);
	}
	add(R, r, NULL, "one of %s must be set", b.ptr);
	cc_buf_free(&b);
}

static void run_rule(runctx *R, const cc_rule *r)
{
	const cc_yaml_doc *doc = r->values_file ? R->c->values : R->c->chartfile;
	const cc_yaml_node *root = doc ? cc_yaml_doc_root(doc) : NULL;
	if (r->any_of) {
		run_any_of(R, r, root);
		return;
	}
	const cc_yaml_node *n = cc_rules_path_get(&r->paths[0], root);
	if (n)
		check_value(R, r, n);
	else if (r->require == CC_RULE_REQ_PRESENT)
		add(R, r, NULL, "%s must be set", r->paths[0].text);
}

void cc_rules_run(const cc_rulepack *p, const cc_chart *c, const cc_strvec *disabled,
		  cc_findings *out)
{
	if (!p || !c->chartfile)
		return;
	runctx R = { p, c, out, pcre2_match_data_create(1, NULL) };
	for (size_t i = 0; i < p->n; i++)
		if (!disabled || !cc_strvec_contains(disabled, p->rules[i].id))
			run_rule(&R, &p->rules[i]);
	pcre2_match_data_free(R.md);
}

/* Ids after "chartci:disable=" up to the end of the line, comma separated. */
static void parse_disable(const char *s, const char *end, cc_strvec *out)
{
	while (s < end) {
		while (s < end && (*s == ' ' || *s == '\t' || *s == ','))
			s++;
		const char *e = s;
		while (e < end && *e != ',' && *e != ' ' && *e != '\t' && *e != '\r')
			e++;
		if (e > s)
			cc_strvec_push_owned(out, cc_strndup(s, (size_t)(e - s)));
		s = e;
		while (s < end && *s != ',')
			s = (*s == '\r' || *s == ' ' || *s == '\t') ? s + 1 : end;
	}
}

void cc_rules_chart_disabled(const cc_chart *c, cc_strvec *out)
{
	static const char mark[] = "chartci:disable=";
	size_t len = 0;
	const char *text = c->chartfile ? cc_yaml_doc_text(c->chartfile, &len) : NULL;
	for (const char *line = text; line && line < text + len;) {
		const char *nl = memchr(line, '\n', (size_t)(text + len - line));
		const char *end = nl ? nl : text + len, *s = line;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (s < end && *s == '#') {
			s++;
			while (s < end && (*s == ' ' || *s == '\t'))
				s++;
			if ((size_t)(end - s) >= sizeof(mark) - 1 && memcmp(s, mark, sizeof(mark) - 1) == 0)
				parse_disable(s + sizeof(mark) - 1, end, out);
		}
		line = nl ? nl + 1 : end;
	}
}
