/*
 * schema_int: what the files of src/schema share and nothing else sees.
 *
 * The compiler follows santhosh-tekuri/jsonschema's model, because helm's
 * verdicts and messages come from it: documents ("roots") hold resources
 * (subschemas with their own base URI and dialect) and anchors; every
 * schema location that is validated becomes one cs_node, compiled once,
 * keyed by its absolute location "url#pointer"; references are pointers
 * between nodes. Nodes borrow strings and values from the documents, which
 * the compiled schema keeps alive.
 */
#ifndef CC_SCHEMA_INT_H
#define CC_SCHEMA_INT_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stdint.h>

#include "schema/schema.h"

/* ---- metaschemas.c (generated) ---- */
typedef struct cs_embedded {
	const char *path; /* published path after "json-schema.org/" */
	const unsigned char *data;
	size_t len;
} cs_embedded;
extern const cs_embedded cs_metaschemas[];
extern const size_t cs_nmetaschemas;

/* ---- text.c: Go-compatible quoting, pointers, escapes, UTF-8 ---- */
void cs_quote(cc_buf *b, const char *s, size_t len);   /* santhosh's quote(): 'a\'b' */
void cs_quote_rune(cc_buf *b, uint32_t r);             /* Go's %q of a rune: 'x' */
void cs_quote_go(cc_buf *b, const char *s, size_t len); /* Go's %q of a string: "x" */
void cs_ptr_escape(cc_buf *b, const char *tok, size_t len); /* ~ -> ~0, / -> ~1 */
int cs_ptr_unescape(const char *tok, size_t len, cc_buf *out); /* -1 on a bad ~ */
void cs_path_escape(cc_buf *b, const char *s, size_t len); /* Go's url.PathEscape */
void cs_frag_encode(cc_buf *b, const char *frag);        /* PathEscape of each /-token */
int cs_pct_decode(const char *s, size_t len, cc_buf *out); /* Go's PathUnescape; -1 if bad */
size_t cs_utf8_next(const char *s, size_t len, uint32_t *cp); /* bytes used; U+FFFD if bad */
size_t cs_utf8_count(const char *s, size_t len);
/* The value of a hex digit, or -1. */
int cs_hexval(char c);
int cs_is_print(uint32_t r); /* an approximation of Go's unicode.IsPrint */

/* ---- url.c: the parts of Go's net/url the compiler and formats need ---- */
typedef struct cs_url {
	char *scheme;  /* lowercase; "" when none */
	char *opaque;  /* "uuid:x" of "urn:uuid:x"; "" when the URL has a path */
	char *user;    /* userinfo; NULL when none */
	char *host;    /* "" when none */
	char *path;    /* as written (escaped) */
	char *query;   /* NULL when none */
	char *frag;    /* NULL when none (raw) */
	int has_authority;
	int omit_host; /* "file:/x": Go prints no empty authority back */
} cs_url;

/* Go's url.Parse. On failure *why gets Go's reason ("invalid character \" \"
 * in host name") and the return is -1. */
int cs_url_parse(const char *s, cs_url *u, cc_buf *why);
void cs_url_free(cs_url *u);
char *cs_url_string(const cs_url *u);
/* santhosh's url.join: base (absolute, no fragment) joined with ref; the
 * resolved URL without fragment and the fragment percent-decoded. */
int cs_url_join(const char *base, const char *ref, char **url, char **frag, cc_buf *why);
/* Splits at the first '#': both parts newly allocated. */
void cs_url_split(const char *s, char **url, char **frag);
int cs_url_is_abs(const char *s);

/* ---- num.c: JSON numbers compared exactly, as big.Rat does ---- */
typedef struct cs_num {
	int sign;      /* -1, 0, 1 */
	int ndig;      /* digits in dig, no leading or trailing zeros */
	int exp;       /* value = sign * dig * 10^exp */
	char dig[24];
} cs_num;

int cs_num_from_json(const json_t *j, cs_num *n); /* -1 if not a number */
int cs_num_cmp(const cs_num *a, const cs_num *b);
int cs_num_is_int(const cs_num *n);
int cs_num_multiple_of(const cs_num *v, const cs_num *m);
double cs_num_double(const cs_num *n);
long long cs_num_ll(const cs_num *n);          /* clamped to long long */
uint64_t cs_num_hash(const cs_num *n);
void cs_num_print(cc_buf *b, double d);        /* helm's %v of a float64 */
void cs_int_print(char *buf, size_t sz, long long v); /* helm's %d */
void cs_num_display(cc_buf *b, const json_t *j); /* a schema number as written */

/* ---- regex.c: PCRE2 with ECMA-262 leanings and limits ---- */
typedef struct cs_regex {
	pcre2_code *code;
	char *src;
} cs_regex;

typedef struct cs_rematch {
	pcre2_match_data *md;
	pcre2_match_context *mc;
} cs_rematch;

int cs_regex_compile(const char *pat, size_t len, cs_regex **out, cc_buf *why);
void cs_regex_free(cs_regex *re);
const char *cs_regex_go_gap(const char *pat, size_t len);
int cs_rematch_init(cs_rematch *m, unsigned match_limit, unsigned depth_limit);
void cs_rematch_free(cs_rematch *m);
/* 1 match, 0 no match, -1 a limit stopped it (or another matcher error). */
int cs_regex_match(const cs_regex *re, const char *s, size_t len, cs_rematch *m);

/* ---- format.c, format_net.c ---- */
/* 0 when s has the format; -1 with the reason in why (santhosh's words). */
typedef int (*cs_format_fn)(const char *s, size_t len, cc_buf *why);
typedef struct cs_format {
	const char *name;
	cs_format_fn fn; /* NULL for "regex", checked by compiling it */
} cs_format;
const cs_format *cs_format_find(const char *name);
int cs_fmt_ipv4(const char *s, size_t len, cc_buf *why);
int cs_fmt_ipv6(const char *s, size_t len, cc_buf *why);
int cs_fmt_hostname(const char *s, size_t len, cc_buf *why);
int cs_fmt_email(const char *s, size_t len, cc_buf *why);
int cs_fmt_uri(const char *s, size_t len, cc_buf *why);
int cs_fmt_uri_ref(const char *s, size_t len, cc_buf *why);
int cs_fmt_uri_template(const char *s, size_t len, cc_buf *why);
int cs_fmt_date(const char *s, size_t len, cc_buf *why);
int cs_fmt_time(const char *s, size_t len, cc_buf *why);
int cs_fmt_date_time(const char *s, size_t len, cc_buf *why);
int cs_fmt_atoi(const char *s, size_t len, long long *out, cc_buf *why); /* Go's strconv.Atoi */

/* ---- nodes ---- */
enum { /* santhosh's type order, which its messages list types in */
	CS_T_NULL = 1,
	CS_T_BOOLEAN = 2,
	CS_T_NUMBER = 4,
	CS_T_INTEGER = 8,
	CS_T_STRING = 16,
	CS_T_ARRAY = 32,
	CS_T_OBJECT = 64
};

enum { CS_ADD_NONE, CS_ADD_FALSE, CS_ADD_TRUE, CS_ADD_SCHEMA };

enum { /* which numeric bounds a node has */
	CS_N_MULT = 1, CS_N_MAX = 2, CS_N_MIN = 4, CS_N_XMAX = 8, CS_N_XMIN = 16
};

typedef struct cs_node cs_node;

typedef struct cs_prop {
	const char *name;
	cs_node *node;
} cs_prop;

typedef struct cs_pprop {
	cs_regex *re;
	cs_node *node;
} cs_pprop;

typedef struct cs_dep { /* a dependency: required names or a schema */
	const char *name;
	cs_node *node;
	const char **req;
	size_t nreq;
} cs_dep;

struct cs_node {
	char *loc;            /* "url#/ptr", fragment encoded as santhosh prints it */
	size_t url_len;       /* loc[0..url_len) is the document URL */
	char *ptr;            /* decoded JSON pointer inside the document */
	size_t root;          /* index of its document in the registry */
	int draft;
	int compiled;
	cs_node *resource;    /* the node of its enclosing resource */
	cs_prop *danchors;    /* dynamic anchors of a resource node (2020-12) */
	size_t ndanchors;
	int boolean;          /* -1: an object schema; 0/1: false/true */

	cs_node *ref, *rref, *dref;
	char *dref_anchor;
	const char *dyn_anchor;
	int rec_anchor;

	unsigned types;
	const json_t *enum_v;
	unsigned enum_types;
	const json_t *const_v;
	const cs_format *format;
	unsigned nums;
	cs_num mult, max, min, xmax, xmin;
	long long min_len, max_len, min_items, max_items, min_props, max_props;
	long long min_contains, max_contains;
	cs_regex *pattern;
	int unique;
	const char **required;
	size_t nrequired;

	cs_node **all_of, **any_of, **one_of;
	size_t nall_of, nany_of, none_of;
	cs_node *not_, *if_, *then_, *else_;
	cs_prop *props;       /* sorted by name */
	size_t nprops;
	cs_pprop *pprops;
	size_t npprops;
	int add_kind;
	cs_node *add;
	cs_dep *deps;         /* dependencies */
	size_t ndeps;
	cs_dep *dep_req;      /* dependentRequired */
	size_t ndep_req;
	cs_prop *dep_schemas; /* dependentSchemas, schema order */
	size_t ndep_schemas;
	cs_node *prop_names, *uneval_props, *uneval_items, *contains;
	cs_node *items;       /* before 2020-12: one schema for every item */
	cs_node **items_arr;  /* before 2020-12: the array form */
	size_t nitems_arr;
	int additems_kind;
	cs_node *additems;
	cs_node **prefix;     /* 2020-12 */
	size_t nprefix;
	cs_node *items2020;

	int all_props_eval, all_items_eval;
	size_t num_items_eval;
};

/* ---- the registry: documents, resources, nodes ---- */
enum { /* vocabularies of 2019-09 and 2020-12 */
	CS_V_CORE = 1, CS_V_APPLICATOR = 2, CS_V_VALIDATION = 4, CS_V_METADATA = 8,
	CS_V_FORMAT = 16, CS_V_FORMAT_ANNOTATION = 32, CS_V_FORMAT_ASSERTION = 64,
	CS_V_CONTENT = 128, CS_V_UNEVALUATED = 256,
	CS_V_DEFAULT = 1u << 30 /* the draft's defaults: no $vocabulary said otherwise */
};

typedef struct cs_dialect {
	int draft;
	unsigned vocabs;
} cs_dialect;

typedef struct cs_res {
	char *ptr;
	char *id;          /* absolute base URI, no fragment */
	cs_dialect dialect;
	json_t *anchors;   /* name -> pointer (string) */
	cc_strvec dyn;     /* names that are $dynamicAnchors */
} cs_res;

typedef struct cs_root {
	char *url;
	json_t *doc;
	cs_res *res;
	size_t nres, capres;
	json_t *done;      /* pointers whose subschemas were collected */
} cs_root;

typedef struct cs_reg cs_reg;
struct cs_reg {
	cs_root **roots;
	size_t nroots;
	json_t *docs;      /* url -> document, every document loaded so far */
	json_t *nodemap;   /* loc -> node index */
	cs_node **nodes;
	size_t nnodes, capnodes;
	const cc_schema_opts *opts;
	int default_draft;
	int assert_format;
	int is_meta;       /* the registry meta-schemas are compiled in */
	cs_reg *meta;      /* created when the first schema is checked */
	cs_node *meta_nodes[16]; /* per dialect, see meta.c */
	cs_dialect meta_keys[16];
	size_t nmeta;
	cc_strvec warnings;
	cc_buf diag;       /* full text of the last error */
};

cs_reg *cs_reg_new(const cc_schema_opts *opts, int is_meta);
void cs_reg_free(cs_reg *r);
/* Adds doc (a new reference is taken) as the document at url. */
int cs_reg_add(cs_reg *r, const char *url, json_t *doc, cc_error *err);
/* Compiles "url#frag" and everything it references. */
int cs_reg_compile(cs_reg *r, const char *url, const char *frag, cs_node **out, cc_error *err);
/* Sets err and also keeps the whole text in r->diag. */
int cs_reg_fail(cs_reg *r, cc_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* roots.c */
int cs_root_find(const cs_reg *r, const char *url);
int cs_root_load(cs_reg *r, const char *url, size_t *idx, cc_error *err);
const cs_res *cs_root_resource(const cs_root *rt, const char *ptr);
const cs_res *cs_root_resource_at(const cs_root *rt, const char *ptr);
long cs_root_res_by_id(const cs_root *rt, const char *id);
int cs_reg_doc(cs_reg *r, const char *url, json_t **doc, cc_error *err);
int cs_collect_sub(cs_reg *r, size_t root, const json_t *v, const char *ptr, cc_error *err);
int cs_meta_vocabs(cs_reg *r, const json_t *obj, int draft, unsigned *vocabs, cc_error *err);
int cs_get_draft(cs_reg *r, const char *url, const char *ptr, const json_t *obj, int fallback,
		 int *draft, cc_error *err);
int cs_root_resolve_frag(cs_reg *r, size_t root, const cs_res *res, const char *frag,
			 char **ptr, cc_error *err);
int cs_root_ensure(cs_reg *r, size_t root, const char *ptr, cc_error *err);
const json_t *cs_lookup(const json_t *doc, const char *ptr, int *bad);
int cs_dialect_has(cs_dialect d, unsigned vocab);

/* load.c: where documents come from */
int cs_load_doc(cs_reg *r, const char *url, json_t **doc, cc_error *err);
int cs_draft_from_url(const char *url);

/* compile.c */
cs_node *cs_node_enqueue(cs_reg *r, size_t root, const char *ptr);
int cs_node_compile(cs_reg *r, cs_node *n, cc_error *err);
int cs_compile_ref(cs_reg *r, cs_node *n, const char *base, const char *ref, cs_node **out,
		   cc_error *err);
cs_node *cs_node_new(cs_reg *r, const char *loc);
int cs_compile_object(cs_reg *r, cs_node *n, const json_t *obj, cc_error *err);

/* meta.c */
int cs_meta_check(cs_reg *r, size_t root, const json_t *v, const char *ptr, cc_error *err);
const cs_node *cs_meta_for(cs_reg *meta, cs_dialect d);

/* ---- validation ---- */
typedef struct cs_err cs_err;
struct cs_err {
	const char *kw;   /* keyword, "" for a group, "$ref"... for a reference */
	int is_ref;
	char *inst;
	char *kwpath;
	char *abs;
	char *msg;
	cs_err **causes;
	size_t ncauses, cap;
};

typedef struct cs_vrun {
	cs_rematch re;
	size_t depth, max_depth;
	int limit;
	char limit_msg[256]; /* the first bound hit, and where */
	char *limit_inst;
	cs_err flag_err;    /* the one "invalid" answer of a yes/no validation */
	cs_reg *meta_reg;   /* set when checking a schema against its meta-schema */
	const cs_root *meta_root;
} cs_vrun;

unsigned cs_type_of(const json_t *v);
int cs_json_equal(const json_t *a, const json_t *b);

/* Validates v against n. Returns NULL when valid, else the error tree. */
cs_err *cs_validate(cs_vrun *run, const cs_node *n, const json_t *v);
int cs_vrun_init(cs_vrun *run, const cc_schema_opts *opts);
void cs_vrun_free(cs_vrun *run);

/* validate.c internals shared with validate_kw.c */
typedef struct cs_scope { /* one step of the dynamic path: for cycles, $dynamicRef */
	const cs_node *n;
	const char *refkw;  /* the keyword when the step was a jump ($ref...) */
	int vid;            /* which instance value; equal vids = same value */
	const struct cs_scope *parent;
} cs_scope;

typedef struct cs_loc { /* the instance location, a chain of tokens */
	const struct cs_loc *parent;
	const char *key;    /* NULL for an array index */
	size_t idx;
} cs_loc;

typedef struct cs_ue { /* properties and items not evaluated yet */
	unsigned char *props;
	size_t nprops, cprops;
	unsigned char *items;
	size_t nitems, citems;
} cs_ue;

typedef struct cs_vd {
	cs_vrun *run;
	const json_t *v;
	const cs_node *n;
	const cs_scope *scp;
	const cs_loc *loc;
	cs_ue ue;
	int flag;           /* only valid/invalid matters: no messages */
	cs_err **errs;
	size_t nerrs, caperrs;
	const cs_node *meta;
} cs_vd;

cs_err *cs_v_self(cs_vd *vd, const cs_node *sch, const char *refkw, int flag);
cs_err *cs_v_val(cs_vd *vd, const cs_node *sch, const json_t *v, const char *key, size_t idx);
cs_err *cs_v_fresh(cs_vd *vd, const cs_node *sch, const json_t *v);
void cs_v_add(cs_vd *vd, cs_err *e);
cs_err *cs_v_error(cs_vd *vd, const char *kw, const char *suffix, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void cs_v_add_error(cs_vd *vd, const char *kw, const char *suffix, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
cs_err *cs_v_with_causes(cs_vd *vd, cs_err *e, cs_err **causes, size_t n);
char *cs_v_inst(const cs_loc *loc);
void cs_v_limit(cs_vd *vd, const char *what);
int cs_ue_empty(const cs_ue *ue);

void cs_v_object(cs_vd *vd);
void cs_v_array(cs_vd *vd);
void cs_v_string(cs_vd *vd);
void cs_v_number(cs_vd *vd);
void cs_v_cond(cs_vd *vd);
void cs_v_refs(cs_vd *vd);
void cs_v_uneval(cs_vd *vd);
cs_err *cs_v_ref(cs_vd *vd, const cs_node *sch, const char *kw);
cs_err *cs_v_first(cs_vd *vd);
void cs_count_error(cs_vd *vd, const char *kw, long long got, long long want);

/* verr.c */
cs_err *cs_err_new(const char *kw, char *inst, char *kwpath, char *abs, char *msg);
void cs_err_push(cs_err *parent, cs_err *child);
void cs_err_free(cs_vrun *run, cs_err *e);
/* santhosh's top error, "jsonschema validation failed with '<loc>'":
 * takes e (a group is flattened into its causes). */
cs_err *cs_err_top(const char *loc, cs_err *e);
void cs_err_public(const cs_err *e, cc_schema_error *out);
void cs_error_public_free(cc_schema_error *e);
void cs_text(const cc_schema_error *errs, size_t n, const char *header, cc_buf *out);

struct cc_schema {
	cs_reg *reg;
	cs_node *root;
	cc_schema_opts opts; /* the bounds; nothing that points into the caller */
};

#endif
