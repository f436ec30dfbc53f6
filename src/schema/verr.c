/*
 * verr: validation errors as a tree, and the text helm prints for them.
 *
 * santhosh-tekuri reports one tree: a group of several failures at one
 * place is a node with causes ("validation failed"), a failed `$ref` is a
 * node whose causes are the target's failures, and a `$ref` with a single
 * cause is not printed itself (its cause takes its place). helm prints the
 * tree one "- at '<pointer>': <message>" line per node, two more spaces
 * per level, after dropping the "jsonschema validation failed with ..."
 * header. The tree is kept as is, so the text can be rebuilt exactly.
 */
#include "schema/schema_int.h"

#include <stdlib.h>
#include <string.h>

cs_err *cs_err_new(const char *kw, char *inst, char *kwpath, char *abs, char *msg)
{
	cs_err *e = cc_calloc(1, sizeof(*e));
	e->kw = kw;
	e->inst = inst;
	e->kwpath = kwpath;
	e->abs = abs;
	e->msg = msg;
	return e;
}

void cs_err_push(cs_err *parent, cs_err *child)
{
	if (parent->ncauses == parent->cap) {
		parent->cap = parent->cap ? parent->cap * 2 : 4;
		parent->causes = cc_realloc(parent->causes, parent->cap * sizeof(*parent->causes));
	}
	parent->causes[parent->ncauses++] = child;
}

void cs_err_free(cs_vrun *run, cs_err *e)
{
	if (!e || (run && e == &run->flag_err))
		return;
	for (size_t i = 0; i < e->ncauses; i++)
		cs_err_free(run, e->causes[i]);
	free(e->causes);
	free(e->inst);
	free(e->kwpath);
	free(e->abs);
	free(e->msg);
	free(e);
}

cs_err *cs_err_top(const char *loc, cs_err *e)
{
	cc_buf msg = CC_BUF_INIT;
	cc_buf_puts(&msg, "jsonschema validation failed with ");
	cs_quote(&msg, loc, strlen(loc));
	cs_err *top = cs_err_new("", cc_strdup(""), cc_strdup(""), cc_strdup(loc), cc_buf_detach(&msg));
	if (e->kw[0] == '\0' && !e->is_ref) {
		for (size_t i = 0; i < e->ncauses; i++)
			cs_err_push(top, e->causes[i]);
		e->ncauses = 0;
		cs_err_free(NULL, e);
	} else {
		cs_err_push(top, e);
	}
	return top;
}

void cs_err_public(const cs_err *e, cc_schema_error *out)
{
	out->keyword = e->kw;
	out->instance = cc_strdup(e->inst ? e->inst : "");
	out->keyword_path = cc_strdup(e->kwpath ? e->kwpath : "");
	out->keyword_uri = cc_strdup(e->abs ? e->abs : "");
	out->message = cc_strdup(e->msg ? e->msg : "");
	out->ncauses = e->ncauses;
	out->causes = e->ncauses ? cc_calloc(e->ncauses, sizeof(*out->causes)) : NULL;
	for (size_t i = 0; i < e->ncauses; i++)
		cs_err_public(e->causes[i], &out->causes[i]);
}

void cs_error_public_free(cc_schema_error *e)
{
	for (size_t i = 0; i < e->ncauses; i++)
		cs_error_public_free(&e->causes[i]);
	free(e->causes);
	free(e->instance);
	free(e->keyword_path);
	free(e->keyword_uri);
	free(e->message);
}

static int is_ref_kw(const char *kw)
{
	return strcmp(kw, "$ref") == 0 || strcmp(kw, "$dynamicRef") == 0 ||
	       strcmp(kw, "$recursiveRef") == 0;
}

static void display(const cc_schema_error *e, int indent, cc_buf *out)
{
	if (!(e->ncauses == 1 && is_ref_kw(e->keyword))) {
		cc_buf_putc(out, '\n');
		for (int i = 0; i < indent - 1; i++)
			cc_buf_puts(out, "  ");
		cc_buf_puts(out, "- at ");
		cs_quote(out, e->instance, strlen(e->instance));
		cc_buf_printf(out, ": %s", e->message);
		indent++;
	}
	for (size_t i = 0; i < e->ncauses; i++)
		display(&e->causes[i], indent, out);
}

/* With a header: santhosh-tekuri's Error() text. Without: helm's, which
 * is the same with the header line cut and a newline added. */
void cs_text(const cc_schema_error *errs, size_t n, const char *header, cc_buf *out)
{
	cc_buf body = CC_BUF_INIT;
	cc_buf_puts(&body, "");
	for (size_t i = 0; i < n; i++)
		display(&errs[i], 1, &body);
	if (header) {
		cc_buf_puts(out, header);
		cc_buf_put(out, body.ptr, body.len);
	} else if (body.len > 0) {
		cc_buf_put(out, body.ptr + 1, body.len - 1);
		cc_buf_putc(out, '\n');
	}
	cc_buf_free(&body);
}
