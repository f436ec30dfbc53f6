/*
 * schema: the public face of src/schema (see schema.h).
 *
 * Compiling builds a registry (documents, resources, nodes) that the
 * compiled schema then owns; validating walks it with per-call state only,
 * so one compiled schema can serve many validations. Errors are converted
 * from the internal tree to plain structs the caller can keep.
 */
#include "schema/schema_int.h"

#include <stdlib.h>
#include <string.h>

static int draft_ok(int d)
{
	return d == 0 || d == CC_SCHEMA_DRAFT4 || d == CC_SCHEMA_DRAFT6 || d == CC_SCHEMA_DRAFT7 ||
	       d == CC_SCHEMA_DRAFT2019 || d == CC_SCHEMA_DRAFT2020;
}

/* The whole message of a failed compile: the registry keeps it untruncated
 * when err's copy had to be cut. */
static void report(cs_reg *r, const cc_schema_opts *opts, cc_error *err)
{
	if (!opts || !opts->diag)
		return;
	size_t n = strlen(err->msg);
	if (r->diag.len >= n && n > 0 && strncmp(r->diag.ptr, err->msg, n - 1) == 0)
		cc_buf_put(opts->diag, r->diag.ptr, r->diag.len);
	else
		cc_buf_puts(opts->diag, err->msg);
}

static int compile(cc_schema **out, const json_t *schema, const char *base_uri,
		   const cc_schema_opts *opts, cc_error *err)
{
	if (!schema)
		return cc_error_set(err, CC_EINVALID, "", 0, 0, "no schema given");
	if (opts && !draft_ok(opts->default_draft))
		return cc_error_set(err, CC_EINVALID, "", 0, 0, "unknown default draft %d",
				    opts->default_draft);
	char *url, *frag;
	cs_url_split(base_uri ? base_uri : CC_SCHEMA_HELM_URI, &url, &frag);
	free(frag);
	if (!cs_url_is_abs(url)) {
		int rc = cc_error_set(err, CC_EINVALID, "", 0, 0, "base URI \"%s\" is not absolute", url);
		free(url);
		return rc;
	}
	cs_reg *r = cs_reg_new(opts, 0);
	cs_node *root = NULL;
	json_t *copy = json_deep_copy(schema); /* the caller may change or free theirs */
	int rc = copy ? cs_reg_add(r, url, copy, err)
		      : cc_error_set(err, CC_EINVALID, "", 0, 0, "cannot copy the schema");
	json_decref(copy);
	if (rc == 0)
		rc = cs_reg_compile(r, url, "", &root, err);
	free(url);
	if (rc != 0) {
		report(r, opts, err);
		cs_reg_free(r);
		return rc;
	}
	r->opts = NULL; /* the caller's options need not outlive the compile */
	cc_schema *s = cc_calloc(1, sizeof(*s));
	s->reg = r;
	s->root = root;
	if (opts) {
		s->opts = *opts;
		s->opts.mappings = NULL, s->opts.nmappings = 0;
		s->opts.allow = NULL, s->opts.nallow = 0;
		s->opts.loader = NULL, s->opts.loader_ctx = NULL, s->opts.diag = NULL;
	}
	*out = s;
	return 0;
}

int cc_schema_compile(cc_schema **out, const json_t *schema, const char *base_uri,
		      const cc_schema_opts *opts, cc_error *err)
{
	cc_error e;
	cc_error_clear(&e);
	*out = NULL;
	int rc = compile(out, schema, base_uri, opts, &e);
	if (rc != 0 && err)
		*err = e;
	return rc;
}

void cc_schema_free(cc_schema *s)
{
	if (!s)
		return;
	cs_reg_free(s->reg);
	free(s);
}

int cc_schema_draft(const cc_schema *s)
{
	return s ? s->root->draft : 0;
}

size_t cc_schema_nwarnings(const cc_schema *s)
{
	return s ? s->reg->warnings.n : 0;
}

const char *cc_schema_warning(const cc_schema *s, size_t i)
{
	return s && i < s->reg->warnings.n ? s->reg->warnings.v[i] : NULL;
}

/* A bound that stopped validation is the one error worth reporting: the
 * tree above it only repeats "validation failed" once per level. */
static void limit_only(cc_schema_result *out, const cs_vrun *run)
{
	for (size_t i = 0; i < out->nerrors; i++)
		cs_error_public_free(&out->errors[i]);
	out->errors = cc_realloc(out->errors, sizeof(*out->errors));
	out->nerrors = 1;
	cc_schema_error *e = &out->errors[0];
	memset(e, 0, sizeof(*e));
	e->keyword = "limit";
	e->instance = cc_strdup(run->limit_inst ? run->limit_inst : "");
	e->keyword_path = cc_strdup("");
	e->keyword_uri = cc_strdup(out->schema_uri);
	e->message = cc_strdup(run->limit_msg);
}

int cc_schema_validate(const cc_schema *s, const json_t *instance, cc_schema_result *out)
{
	memset(out, 0, sizeof(*out));
	out->schema_uri = cc_strdup(s ? s->root->loc : "");
	if (!s || !instance)
		return CC_EINVALID;
	cs_vrun run;
	if (cs_vrun_init(&run, &s->opts) != 0)
		return CC_ERROR;
	cs_err *e = cs_validate(&run, s->root, instance);
	if (e) {
		cs_err *top = cs_err_top(s->root->loc, e);
		cc_schema_error pub;
		cs_err_public(top, &pub);
		out->errors = pub.causes;
		out->nerrors = pub.ncauses;
		pub.causes = NULL, pub.ncauses = 0;
		cs_error_public_free(&pub);
		cs_err_free(&run, top);
	}
	if (run.limit)
		limit_only(out, &run);
	out->valid = out->nerrors == 0;
	int limit = run.limit;
	cs_vrun_free(&run);
	return limit ? CC_ELIMIT : 0;
}

void cc_schema_result_free(cc_schema_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nerrors; i++)
		cs_error_public_free(&r->errors[i]);
	free(r->errors);
	free(r->schema_uri);
	memset(r, 0, sizeof(*r));
}

void cc_schema_result_format(const cc_schema_result *r, cc_schema_text style, cc_buf *out)
{
	cc_buf_puts(out, "");
	if (!r || r->valid)
		return;
	if (style == CC_SCHEMA_TEXT_HELM) {
		cs_text(r->errors, r->nerrors, NULL, out);
		return;
	}
	cc_buf head = CC_BUF_INIT;
	cc_buf_puts(&head, "jsonschema validation failed with ");
	cs_quote(&head, r->schema_uri, strlen(r->schema_uri));
	cs_text(r->errors, r->nerrors, head.ptr, out);
	cc_buf_free(&head);
}
