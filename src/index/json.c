/*
 * json.c: Go's json.Valid, which decides how helm reads an index: valid
 * JSON goes to encoding/json (unknown fields ignored, no type coercion,
 * duplicate keys allowed), anything else to the strict YAML reader. Like
 * Go's scanner it does not check UTF-8 and refuses nesting past 10000.
 */
#include "index/index_int.h"

#include <string.h>

typedef struct jv {
	const unsigned char *s;
	size_t n, i;
} jv;

static void ws(jv *j)
{
	while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' ||
			       j->s[j->i] == '\r'))
		j->i++;
}

static int hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int string(jv *j)
{
	j->i++; /* the opening quote */
	while (j->i < j->n) {
		unsigned char c = j->s[j->i++];
		if (c == '"')
			return 1;
		if (c < 0x20)
			return 0;
		if (c != '\\')
			continue;
		if (j->i >= j->n)
			return 0;
		c = j->s[j->i++];
		if (c == 'u') {
			for (int k = 0; k < 4; k++, j->i++)
				if (j->i >= j->n || !hex(j->s[j->i]))
					return 0;
		} else if (!strchr("\"\\/bfnrt", c) || c == 0) {
			return 0;
		}
	}
	return 0;
}

static int run_digits(jv *j)
{
	size_t start = j->i;
	while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
		j->i++;
	return j->i > start;
}

static int number(jv *j)
{
	if (j->s[j->i] == '-')
		j->i++;
	if (j->i < j->n && j->s[j->i] == '0')
		j->i++;
	else if (!run_digits(j))
		return 0;
	if (j->i < j->n && j->s[j->i] == '.') {
		j->i++;
		if (!run_digits(j))
			return 0;
	}
	if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
		j->i++;
		if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-'))
			j->i++;
		if (!run_digits(j))
			return 0;
	}
	return 1;
}

static int literal(jv *j, const char *word)
{
	size_t k = strlen(word);
	if (j->n - j->i < k || memcmp(j->s + j->i, word, k) != 0)
		return 0;
	j->i += k;
	return 1;
}

/* A scalar value at j->i; containers are handled by the caller's stack. */
static int scalar(jv *j)
{
	unsigned char c = j->s[j->i];
	if (c == '"')
		return string(j);
	if (c == '-' || (c >= '0' && c <= '9'))
		return number(j);
	return literal(j, "true") || literal(j, "false") || literal(j, "null");
}

/* After a value inside containers: ',' continues, a closer pops. Returns 0 on error. */
static int after_value(jv *j, unsigned char *stack, size_t *depth, int *need_value)
{
	for (;;) {
		ws(j);
		if (*depth == 0)
			return j->i == j->n;
		if (j->i >= j->n)
			return 0;
		unsigned char c = j->s[j->i++];
		if (c == ',') {
			*need_value = 1;
			return 1;
		}
		if (c != (stack[*depth - 1] == '{' ? '}' : ']'))
			return 0;
		(*depth)--;
	}
}

/* An object key and its ':' when the innermost container is an object. */
static int key(jv *j)
{
	ws(j);
	if (j->i >= j->n || j->s[j->i] != '"' || !string(j))
		return 0;
	ws(j);
	return j->i < j->n && j->s[j->i++] == ':';
}

static int open_container(jv *j, unsigned char *stack, size_t *depth)
{
	if (*depth == 10000)
		return 0;
	stack[(*depth)++] = j->s[j->i++];
	ws(j);
	if (j->i < j->n && j->s[j->i] == (stack[*depth - 1] == '{' ? '}' : ']')) {
		j->i++;
		(*depth)--;
		return 2; /* empty: a complete value */
	}
	return 1;
}

int ix_json_valid(const char *s, size_t len)
{
	unsigned char stack[10000];
	size_t depth = 0;
	jv j = { (const unsigned char *)s, len, 0 };
	int need_value = 1;
	while (need_value) {
		need_value = 0;
		if (depth > 0 && stack[depth - 1] == '{' && !key(&j))
			return 0;
		ws(&j);
		if (j.i >= j.n)
			return 0;
		if (j.s[j.i] == '{' || j.s[j.i] == '[') {
			int r = open_container(&j, stack, &depth);
			if (r == 1) {
				need_value = 1;
				continue;
			}
			if (!r)
				return 0;
		} else if (!scalar(&j)) {
			return 0;
		}
		if (!after_value(&j, stack, &depth, &need_value))
			return 0;
	}
	return 1;
}
