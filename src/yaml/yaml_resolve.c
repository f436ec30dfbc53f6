/*
 * yaml_resolve.c: what type a scalar has, decided as go-yaml v2 decides it.
 *
 * helm never sees YAML text: it sees what go-yaml v2's resolve() made of
 * it. That function looks at the first byte for a hint, then at a table of
 * YAML 1.1 words (yes/no/on/off/~/.inf...), then tries timestamp, integer
 * and float parsers in a fixed order. Reproducing the order matters as much
 * as the parsers: `2001-12-14` is a timestamp before it could be anything
 * else, `0x1F` an int, `1_000` an int once underscores are dropped, `+.nan`
 * a string. Explicit tags go through the same function and must agree with
 * its result, except that !!float accepts integers.
 */
#include "yaml/yaml_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	cc_yaml_tagcode code;
} tag_names[] = {
	{ "!!str", CC_YAML_TAG_STR },       { "!!int", CC_YAML_TAG_INT },
	{ "!!float", CC_YAML_TAG_FLOAT },   { "!!bool", CC_YAML_TAG_BOOL },
	{ "!!null", CC_YAML_TAG_NULL },     { "!!timestamp", CC_YAML_TAG_TIMESTAMP },
	{ "!!binary", CC_YAML_TAG_BINARY }, { "!!merge", CC_YAML_TAG_MERGE },
};

cc_yaml_tagcode cc_yaml_tag_code(const char *tag)
{
	if (!tag)
		return CC_YAML_TAG_NONE;
	for (size_t i = 0; i < sizeof(tag_names) / sizeof(tag_names[0]); i++)
		if (strcmp(tag, tag_names[i].name) == 0)
			return tag_names[i].code;
	return CC_YAML_TAG_OTHER;
}

cc_yaml_tagcode cc_yaml_node_tagcode(const cc_yaml_node *node)
{
	if (node->tag)
		return cc_yaml_tag_code(node->tag);
	return node->style == CC_YAML_PLAIN ? CC_YAML_TAG_NONE : CC_YAML_TAG_STR;
}

enum { W_NONE, W_NAN, W_INF, W_NEG_INF };

/* go-yaml v2's resolveMap: exact spellings only, "yEs" is a string. */
static const struct {
	const char *s;
	cc_yaml_type type;
	int b;
	int special;
} words[] = {
	{ "y", CC_YAML_T_BOOL, 1, W_NONE },      { "Y", CC_YAML_T_BOOL, 1, W_NONE },
	{ "yes", CC_YAML_T_BOOL, 1, W_NONE },    { "Yes", CC_YAML_T_BOOL, 1, W_NONE },
	{ "YES", CC_YAML_T_BOOL, 1, W_NONE },    { "true", CC_YAML_T_BOOL, 1, W_NONE },
	{ "True", CC_YAML_T_BOOL, 1, W_NONE },   { "TRUE", CC_YAML_T_BOOL, 1, W_NONE },
	{ "on", CC_YAML_T_BOOL, 1, W_NONE },     { "On", CC_YAML_T_BOOL, 1, W_NONE },
	{ "ON", CC_YAML_T_BOOL, 1, W_NONE },     { "n", CC_YAML_T_BOOL, 0, W_NONE },
	{ "N", CC_YAML_T_BOOL, 0, W_NONE },      { "no", CC_YAML_T_BOOL, 0, W_NONE },
	{ "No", CC_YAML_T_BOOL, 0, W_NONE },     { "NO", CC_YAML_T_BOOL, 0, W_NONE },
	{ "false", CC_YAML_T_BOOL, 0, W_NONE },  { "False", CC_YAML_T_BOOL, 0, W_NONE },
	{ "FALSE", CC_YAML_T_BOOL, 0, W_NONE },  { "off", CC_YAML_T_BOOL, 0, W_NONE },
	{ "Off", CC_YAML_T_BOOL, 0, W_NONE },    { "OFF", CC_YAML_T_BOOL, 0, W_NONE },
	{ "", CC_YAML_T_NULL, 0, W_NONE },       { "~", CC_YAML_T_NULL, 0, W_NONE },
	{ "null", CC_YAML_T_NULL, 0, W_NONE },   { "Null", CC_YAML_T_NULL, 0, W_NONE },
	{ "NULL", CC_YAML_T_NULL, 0, W_NONE },   { ".nan", CC_YAML_T_FLOAT, 0, W_NAN },
	{ ".NaN", CC_YAML_T_FLOAT, 0, W_NAN },   { ".NAN", CC_YAML_T_FLOAT, 0, W_NAN },
	{ ".inf", CC_YAML_T_FLOAT, 0, W_INF },   { ".Inf", CC_YAML_T_FLOAT, 0, W_INF },
	{ ".INF", CC_YAML_T_FLOAT, 0, W_INF },   { "+.inf", CC_YAML_T_FLOAT, 0, W_INF },
	{ "+.Inf", CC_YAML_T_FLOAT, 0, W_INF },  { "+.INF", CC_YAML_T_FLOAT, 0, W_INF },
	{ "-.inf", CC_YAML_T_FLOAT, 0, W_NEG_INF }, { "-.Inf", CC_YAML_T_FLOAT, 0, W_NEG_INF },
	{ "-.INF", CC_YAML_T_FLOAT, 0, W_NEG_INF },
};

static int lookup_word(const char *s, size_t n, cc_yaml_value *out)
{
	if (n > 5)
		return 0;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strlen(words[i].s) != n || memcmp(words[i].s, s, n) != 0)
			continue;
		out->type = words[i].type;
		out->b = words[i].b;
		if (words[i].type == CC_YAML_T_FLOAT) {
			out->num = CC_YAML_NUM_FLOAT;
			out->f = words[i].special == W_NAN ? NAN :
				 words[i].special == W_INF ? INFINITY : -INFINITY;
		}
		return 1;
	}
	return 0;
}

/* resolve.go's resolveTable: which family the first byte can start. */
static char hint_of(const char *s, size_t n)
{
	if (n == 0)
		return 'N';
	unsigned char c = (unsigned char)s[0];
	if (c == '+' || c == '-')
		return 'S';
	if (c >= '0' && c <= '9')
		return 'D';
	if (c != 0 && strchr("yYnNtTfFoO~", c))
		return 'M';
	return c == '.' ? '.' : 0;
}

/* Timestamp, then int, then uint64, then float: resolve.go's order. */
static void resolve_number(cc_yaml_tagcode tag, const char *s, size_t n, cc_yaml_value *out)
{
	char small[64];
	int64_t i;
	uint64_t u;
	double f;
	if ((tag == CC_YAML_TAG_NONE || tag == CC_YAML_TAG_TIMESTAMP) && cc_yaml_go_timestamp(s, n)) {
		out->type = CC_YAML_T_TIMESTAMP;
		return;
	}
	char *plain = n < sizeof(small) ? small : cc_malloc(n + 1);
	size_t k = 0;
	for (size_t j = 0; j < n; j++)
		if (s[j] != '_')
			plain[k++] = s[j];
	if (cc_yaml_go_parse_int(plain, k, &i) == 0) {
		out->type = CC_YAML_T_INT;
		out->num = CC_YAML_NUM_INT;
		out->i = i;
	} else if (cc_yaml_go_parse_uint(plain, k, &u) == 0) {
		out->type = CC_YAML_T_INT;
		out->num = CC_YAML_NUM_UINT;
		out->u = u;
	} else if (cc_yaml_style_float(plain, k) && cc_yaml_go_parse_float(plain, k, &f) == 0) {
		out->type = CC_YAML_T_FLOAT;
		out->num = CC_YAML_NUM_FLOAT;
		out->f = f;
	}
	if (plain != small)
		free(plain);
}

static void resolve_implicit(cc_yaml_tagcode tag, const char *s, size_t n, cc_yaml_value *out)
{
	double f;
	char hint = hint_of(s, n);
	if (!hint || lookup_word(s, n, out))
		return;
	if (hint == '.' && cc_yaml_go_parse_float(s, n, &f) == 0) {
		out->type = CC_YAML_T_FLOAT;
		out->num = CC_YAML_NUM_FLOAT;
		out->f = f;
	} else if (hint == 'D' || hint == 'S') {
		resolve_number(tag, s, n, out);
	}
}

static const char *type_tag(cc_yaml_type t)
{
	switch (t) {
	case CC_YAML_T_NULL: return "!!null";
	case CC_YAML_T_BOOL: return "!!bool";
	case CC_YAML_T_INT: return "!!int";
	case CC_YAML_T_FLOAT: return "!!float";
	case CC_YAML_T_TIMESTAMP: return "!!timestamp";
	case CC_YAML_T_BINARY: return "!!binary";
	default: return "!!str";
	}
}

/* The text in a message: at most 40 bytes, control characters as '?'. */
static void excerpt(const char *s, size_t n, char *buf, size_t bufsz)
{
	size_t k = 0, max = n > 40 ? 37 : n;
	for (size_t i = 0; i < max && k + 4 < bufsz; i++)
		buf[k++] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	if (max < n && k + 4 < bufsz) {
		memcpy(buf + k, "...", 3);
		k += 3;
	}
	buf[k] = '\0';
}

/* resolve.go's deferred check: an explicit tag must match what the text is. */
static int check_tag(cc_yaml_tagcode tag, const char *s, size_t n, cc_yaml_value *out,
		     char *msgbuf, size_t msgsz)
{
	static const cc_yaml_type want_of[] = {
		[CC_YAML_TAG_INT] = CC_YAML_T_INT,     [CC_YAML_TAG_FLOAT] = CC_YAML_T_FLOAT,
		[CC_YAML_TAG_BOOL] = CC_YAML_T_BOOL,   [CC_YAML_TAG_NULL] = CC_YAML_T_NULL,
		[CC_YAML_TAG_TIMESTAMP] = CC_YAML_T_TIMESTAMP,
	};
	char shown[64];
	if (tag < CC_YAML_TAG_INT || tag > CC_YAML_TAG_TIMESTAMP || out->type == want_of[tag])
		return 0;
	if (tag == CC_YAML_TAG_FLOAT && out->num == CC_YAML_NUM_INT) {
		out->type = CC_YAML_T_FLOAT;
		out->num = CC_YAML_NUM_FLOAT;
		out->f = (double)out->i;
		return 0;
	}
	excerpt(s, n, shown, sizeof(shown));
	snprintf(msgbuf, msgsz, "cannot decode %s `%s` as a %s", type_tag(out->type), shown,
		 type_tag(want_of[tag]));
	return -1;
}

int cc_yaml_resolve(cc_yaml_tagcode tag, const char *s, size_t len, cc_yaml_value *out,
		    char *msgbuf, size_t msgsz)
{
	memset(out, 0, sizeof(*out));
	out->type = CC_YAML_T_STR;
	if (tag == CC_YAML_TAG_BINARY) {
		cc_buf scratch = CC_BUF_INIT;
		int rc = cc_yaml_base64_decode(s, len, &scratch);
		cc_buf_free(&scratch);
		if (rc != 0) {
			snprintf(msgbuf, msgsz, "!!binary value contains invalid base64 data");
			return -1;
		}
		out->type = CC_YAML_T_BINARY;
		return 0;
	}
	if (tag == CC_YAML_TAG_NONE || (tag >= CC_YAML_TAG_INT && tag <= CC_YAML_TAG_TIMESTAMP))
		resolve_implicit(tag, s, len, out);
	return check_tag(tag, s, len, out, msgbuf, msgsz);
}

void cc_yaml_node_value(const cc_yaml_node *node, cc_yaml_value *out)
{
	char msg[160];
	if (cc_yaml_resolve(cc_yaml_node_tagcode(node), node->value, node->len, out, msg,
			    sizeof(msg)) != 0)
		out->type = CC_YAML_T_STR; /* unreachable for loaded nodes */
}

int cc_yaml_is_merge_key(const cc_yaml_node *key)
{
	if (!key || key->kind != CC_YAML_SCALAR || key->len != 2 || memcmp(key->value, "<<", 2) != 0)
		return 0;
	/* go-yaml: the event's plain_implicit flag (untagged plain, or "!") or !!merge */
	if (!key->tag)
		return key->style == CC_YAML_PLAIN;
	return strcmp(key->tag, "!") == 0 || strcmp(key->tag, "!!merge") == 0;
}
