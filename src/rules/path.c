/*
 * rules/path: the field paths rules select with. Dotted keys, a[0] to index
 * a list, and keys holding dots quoted ("example.com/x"), since annotation
 * and label keys commonly contain dots and slashes.
 */
#include "rules/rules_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void push_seg(cc_rule_path *p, char *key, size_t index)
{
	p->segs = cc_realloc(p->segs, (p->nsegs + 1) * sizeof(*p->segs));
	p->segs[p->nsegs].key = key;
	p->segs[p->nsegs].index = index;
	p->nsegs++;
}

/* A quoted key starting at s[*i] == '"'; no escapes, as keys with quotes are not worth a syntax. */
static int parse_quoted(cc_rule_path *p, const char *s, size_t *i, const char **why)
{
	const char *end = strchr(s + *i + 1, '"');
	if (!end) {
		*why = "unterminated quoted key";
		return CC_EINVALID;
	}
	size_t start = *i + 1, n = (size_t)(end - (s + start));
	if (n == 0) {
		*why = "empty quoted key";
		return CC_EINVALID;
	}
	push_seg(p, cc_strndup(s + start, n), 0);
	*i = start + n + 1;
	return CC_OK;
}

static int parse_index(cc_rule_path *p, const char *s, size_t *i, const char **why)
{
	size_t j = *i + 1, v = 0;
	if (!isdigit((unsigned char)s[j])) {
		*why = "expected a list index";
		*i = j;
		return CC_EINVALID;
	}
	while (isdigit((unsigned char)s[j]) && v < 1000000000)
		v = v * 10 + (size_t)(s[j++] - '0');
	if (s[j] != ']') {
		*why = "expected ']'";
		*i = j;
		return CC_EINVALID;
	}
	push_seg(p, NULL, v);
	*i = j + 1;
	return CC_OK;
}

static int parse_plain(cc_rule_path *p, const char *s, size_t *i, const char **why)
{
	size_t j = *i;
	while (s[j] && s[j] != '.' && s[j] != '[' && s[j] != '"' && s[j] != ']')
		j++;
	if (j == *i) {
		*why = "empty key";
		return CC_EINVALID;
	}
	push_seg(p, cc_strndup(s + *i, j - *i), 0);
	*i = j;
	return CC_OK;
}

/* One key (plain or quoted) followed by any [n] indexes. */
static int parse_step(cc_rule_path *p, const char *s, size_t *i, const char **why)
{
	int rc = s[*i] == '"' ? parse_quoted(p, s, i, why) : parse_plain(p, s, i, why);
	while (rc == CC_OK && s[*i] == '[')
		rc = parse_index(p, s, i, why);
	if (rc == CC_OK && s[*i] && s[*i] != '.') {
		*why = "expected '.' or '['";
		rc = CC_EINVALID;
	}
	return rc;
}

int cc_rules_path_parse(cc_rule_path *out, const char *text, size_t *errpos, const char **why)
{
	memset(out, 0, sizeof(*out));
	out->text = cc_strdup(text);
	size_t i = 0;
	int rc = CC_OK;
	for (;;) {
		if ((rc = parse_step(out, text, &i, why)) != CC_OK || !text[i])
			break;
		i++; /* the '.' */
		if (!text[i]) {
			*why = "path ends with '.'";
			rc = CC_EINVALID;
			break;
		}
	}
	*errpos = i;
	if (rc != CC_OK)
		cc_rules_path_free(out);
	return rc;
}

void cc_rules_path_free(cc_rule_path *p)
{
	for (size_t i = 0; i < p->nsegs; i++)
		free(p->segs[i].key);
	free(p->segs);
	free(p->text);
	memset(p, 0, sizeof(*p));
}

const cc_yaml_node *cc_rules_path_get(const cc_rule_path *p, const cc_yaml_node *root)
{
	const cc_yaml_node *n = root;
	for (size_t i = 0; n && i < p->nsegs; i++) {
		const cc_rule_seg *s = &p->segs[i];
		if (s->key)
			n = n->kind == CC_YAML_MAP ? cc_yaml_map_get(n, s->key) : NULL;
		else
			n = n->kind == CC_YAML_SEQ && s->index < n->nitems ? n->items[s->index] : NULL;
	}
	return n && !cc_yaml_is_null(n) ? n : NULL;
}
