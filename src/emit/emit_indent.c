/*
 * emit_indent.c: Go's json.Indent over compact JSON, which is how
 * MarshalIndent is defined; so escaping and number formats stay
 * cc_emit_json's.
 */
#include "emit/emit.h"

typedef struct ind {
	cc_buf *out;
	const char *indent;
	int depth;
	int open; /* the last byte opened a collection not yet known to be empty */
} ind;

static void newline(ind *s)
{
	cc_buf_putc(s->out, '\n');
	for (int i = 0; i < s->depth; i++)
		cc_buf_puts(s->out, s->indent);
}

/* Copies the string starting at in[i] (the quote) and returns the index past it. */
static size_t copy_string(ind *s, const char *in, size_t n, size_t i)
{
	size_t j = i + 1;
	while (j < n && in[j] != '"')
		j += in[j] == '\\' ? 2 : 1;
	cc_buf_put(s->out, in + i, (j < n ? j + 1 : n) - i);
	return j + 1;
}

/* An empty collection stays "{}": the newline after an opening waits for its first byte. */
static void before(ind *s, int closing)
{
	if (s->open && !closing) {
		s->depth++;
		newline(s);
	} else if (closing && !s->open) {
		s->depth--;
		newline(s);
	}
	s->open = 0;
}

static void one(ind *s, char c)
{
	before(s, c == '}' || c == ']');
	cc_buf_putc(s->out, c);
	if (c == '{' || c == '[')
		s->open = 1;
	else if (c == ',')
		newline(s);
	else if (c == ':')
		cc_buf_putc(s->out, ' ');
}

int cc_emit_json_indent(const json_t *v, const char *indent, cc_buf *out, cc_error *err)
{
	cc_buf flat = CC_BUF_INIT;
	int rc = cc_emit_json(v, &flat, err);
	ind s = { out, indent, 0, 0 };
	for (size_t i = 0; rc == 0 && i < flat.len;) {
		if (flat.ptr[i] == '"') {
			before(&s, 0);
			i = copy_string(&s, flat.ptr, flat.len, i);
			continue;
		}
		one(&s, flat.ptr[i++]);
	}
	cc_buf_free(&flat);
	return rc;
}
