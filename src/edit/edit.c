/*
 * edit: scalar replacement and line insertion on a YAML source; see edit.h.
 */
#include "edit/edit.h"

#include <stdlib.h>
#include <string.h>

/* Where an edit's bytes go: [start, end) replaced by text. */
typedef struct splice {
	size_t start, end;
	char *text;
} splice;

static void double_quoted(const char *v, cc_buf *b)
{
	cc_buf_putc(b, '"');
	for (const char *p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			cc_buf_putc(b, '\\');
		cc_buf_putc(b, *p);
	}
	cc_buf_putc(b, '"');
}

static void single_quoted(const char *v, cc_buf *b)
{
	cc_buf_putc(b, '\'');
	for (const char *p = v; *p; p++) {
		if (*p == '\'')
			cc_buf_putc(b, '\'');
		cc_buf_putc(b, *p);
	}
	cc_buf_putc(b, '\'');
}

/* A plain scalar that reads back as this same string, and nothing else. */
static int plain_ok(const char *v)
{
	size_t n = strlen(v);
	if (n == 0 || strchr("-?:,[]{}#&*!|>'\"%@`", v[0]) || v[0] == ' ' || v[n - 1] == ' ')
		return 0;
	if (strstr(v, ": ") || strstr(v, " #") || strpbrk(v, "\n\r\t"))
		return 0;
	return cc_yaml_resolve_plain(v, n) == CC_YAML_T_STR;
}

static int replacement(const cc_edit *e, const char *file, splice *s, cc_error *err)
{
	const cc_yaml_node *node = e->node;
	if (node->kind != CC_YAML_SCALAR || node->style == CC_YAML_LITERAL || node->style == CC_YAML_FOLDED ||
	    node->line != node->end_line || node->end <= node->start)
		return cc_error_set(err, CC_EINVALID, file, node->line, node->col,
				    "only a one-line scalar, written out, can be edited in place");
	/* an anchored scalar is also every alias to it: changing it here would change them all */
	if (node->tag)
		return cc_error_set(err, CC_EINVALID, file, node->line, node->col,
				    "the value has an explicit tag (%s); edit it by hand", node->tag);
	if (node->anchor)
		return cc_error_set(err, CC_EINVALID, file, node->line, node->col,
				    "the value has an anchor (&%s); edit it by hand", node->anchor);
	cc_buf b = CC_BUF_INIT;
	if (node->style == CC_YAML_SINGLE_QUOTED)
		single_quoted(e->value, &b);
	else if (node->style == CC_YAML_DOUBLE_QUOTED || !plain_ok(e->value))
		double_quoted(e->value, &b);
	else
		cc_buf_puts(&b, e->value);
	s->start = node->start;
	s->end = node->end;
	s->text = cc_buf_detach(&b);
	return CC_OK;
}

static size_t line_end(const char *text, size_t len, size_t at)
{
	while (at < len && text[at] != '\n')
		at++;
	return at < len ? at + 1 : len;
}

/* Only spaces between the line's start and at. */
static int starts_line(const char *text, size_t at)
{
	while (at > 0 && text[at - 1] == ' ')
		at--;
	return at == 0 || text[at - 1] == '\n';
}

static int insertion(const char *text, size_t len, const cc_edit *e, const char *file, splice *s, cc_error *err)
{
	const cc_yaml_node *k = e->after->key, *v = e->after->value;
	size_t at = line_end(text, len, v->end > 0 ? v->end - 1 : 0);
	/* the new line ends as the line it follows does */
	const char *eol = at >= 2 && text[at - 1] == '\n' && text[at - 2] == '\r' ? "\r\n" : "\n";
	/* a pair not alone on its lines (in {flow}, or after `- `) has no line of its own to follow */
	if (v->style == CC_YAML_FLOW || v->style == CC_YAML_LITERAL || v->style == CC_YAML_FOLDED ||
	    !starts_line(text, k->start) || v->line != v->end_line)
		return cc_error_set(err, CC_EINVALID, file, k->line, k->col, "cannot add %s after this line", e->key);
	cc_buf b = CC_BUF_INIT;
	if (at == len && len > 0 && text[len - 1] != '\n')
		cc_buf_puts(&b, eol);
	for (int i = 1; i < k->col; i++)
		cc_buf_putc(&b, ' ');
	cc_buf_printf(&b, "%s: ", e->key);
	double_quoted(e->value, &b);
	cc_buf_puts(&b, eol);
	s->start = s->end = at;
	s->text = cc_buf_detach(&b);
	return CC_OK;
}

static int by_start(const void *a, const void *b)
{
	const splice *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

int cc_edit_apply(const char *text, size_t len, const char *file, const cc_edit *edits, size_t n, cc_buf *out,
		  cc_error *err)
{
	splice *s = cc_calloc(n ? n : 1, sizeof(*s));
	int rc = CC_OK;
	for (size_t i = 0; rc == CC_OK && i < n; i++)
		rc = edits[i].node ? replacement(&edits[i], file, &s[i], err)
				   : insertion(text, len, &edits[i], file, &s[i], err);
	qsort(s, n, sizeof(*s), by_start);
	for (size_t i = 1; rc == CC_OK && i < n; i++)
		if (s[i].start < s[i - 1].end)
			rc = cc_error_set(err, CC_EINVALID, file, 0, 0, "edits overlap");
	size_t at = 0;
	for (size_t i = 0; rc == CC_OK && i < n; i++) {
		cc_buf_put(out, text + at, s[i].start - at);
		cc_buf_puts(out, s[i].text);
		at = s[i].end;
	}
	if (rc == CC_OK)
		cc_buf_put(out, text + at, len - at);
	/*
	 * What follows a value can read differently after it changes style (a
	 * tab on a blank line is allowed after a plain scalar, not after a
	 * quoted one), so the result must still load.
	 */
	cc_yaml_doc *check = NULL;
	if (rc == CC_OK && cc_yaml_load(&check, out->ptr ? out->ptr : "", out->len, file, NULL, err) != CC_OK) {
		rc = cc_error_set(err, CC_EINVALID, file, err->line, err->col,
				  "the file would not read back after the edit (%s); edit it by hand", err->msg);
		cc_buf_clear(out);
	}
	cc_yaml_doc_free(check);
	for (size_t i = 0; i < n; i++)
		free(s[i].text);
	free(s);
	return rc;
}
