/*
 * schema: JSON Schema validation of chart values, as helm v4 does it.
 *
 * helm v4 validates values against values.schema.json with
 * santhosh-tekuri/jsonschema v6: drafts 4, 6, 7, 2019-09 and 2020-12,
 * chosen by `$schema` (no `$schema` means 2020-12), `format` asserted for
 * drafts 4 to 7 only, content keywords never asserted. This module gives
 * the same verdicts and the same error wording, so a chartci finding reads
 * like the helm error a user would otherwise meet at install time.
 *
 * Compiling checks the schema against its draft's meta-schema (embedded,
 * never fetched) and resolves every `$ref` once. Remote references are
 * never fetched from the network here: a URI is served from a local
 * directory mapped to its prefix, or by the caller's loader, or it is a
 * compile error naming the URI. The one exception is helm's rule for
 * `urn:` references: an unresolvable one stands for the schema `true`, and
 * the compiled schema carries a warning saying so.
 *
 * Validation is bounded: a `$ref` cycle that makes no progress is reported
 * (as helm does) instead of recursing, nesting has a depth bound, and every
 * regular expression (PCRE2) runs under match and depth limits, so a
 * hostile schema or instance fails with a message instead of hanging.
 */
#ifndef CC_SCHEMA_H
#define CC_SCHEMA_H

#include "yaml/yaml.h"
#include <stddef.h>
#include <jansson.h>
#include "base/base.h"

/* Drafts, named by the year-like numbers santhosh-tekuri uses. */
enum {
	CC_SCHEMA_DRAFT4 = 4,
	CC_SCHEMA_DRAFT6 = 6,
	CC_SCHEMA_DRAFT7 = 7,
	CC_SCHEMA_DRAFT2019 = 2019, /* 2019-09 */
	CC_SCHEMA_DRAFT2020 = 2020  /* 2020-12 */
};

/* helm adds the values schema under this URI; relative `$ref`s resolve against it. */
#define CC_SCHEMA_HELM_URI "file:///values.schema.json"

#define CC_SCHEMA_DEFAULT_MAX_DEPTH 2000       /* nested validations */
#define CC_SCHEMA_DEFAULT_MATCH_LIMIT 1000000  /* PCRE2 match limit */
#define CC_SCHEMA_DEFAULT_DEPTH_LIMIT 10000    /* PCRE2 backtracking depth limit */
#define CC_SCHEMA_DEFAULT_MAX_REMOTE (8u << 20) /* bytes of one mapped document */
#define CC_SCHEMA_DEFAULT_MAX_DOCS 256         /* documents a compile may load */

/* Serves URIs starting with `prefix` from files under `dir`: the rest of the
 * URI (query and fragment removed) is the path below dir; `..` is refused. */
typedef struct cc_schema_mapping {
	const char *prefix;
	const char *dir;
} cc_schema_mapping;

/*
 * A caller-supplied source for remote documents (a cache, a test fixture).
 * Returns 0 with *doc set (a new reference the compiler takes), CC_ENOTFOUND
 * when it does not serve the URI, or another negative code with err filled.
 */
typedef int (*cc_schema_loader_fn)(void *ctx, const char *uri, json_t **doc, cc_error *err);

typedef struct cc_schema_opts {
	int default_draft;       /* draft of a schema without $schema; 0 = 2020-12 */
	const cc_schema_mapping *mappings;
	size_t nmappings;
	const char *const *allow; /* URI prefixes remote refs may use; none = all */
	size_t nallow;
	cc_schema_loader_fn loader; /* asked after the mappings; may be NULL */
	void *loader_ctx;
	int assert_format;       /* 1: format is asserted in every draft (santhosh's AssertFormat) */
	int strict_urn;          /* 1: an unresolvable urn: ref is an error, not `true` */
	size_t max_depth;        /* 0 = CC_SCHEMA_DEFAULT_MAX_DEPTH */
	unsigned match_limit;    /* 0 = CC_SCHEMA_DEFAULT_MATCH_LIMIT */
	unsigned depth_limit;    /* 0 = CC_SCHEMA_DEFAULT_DEPTH_LIMIT */
	size_t max_remote_size;  /* 0 = CC_SCHEMA_DEFAULT_MAX_REMOTE */
	size_t max_docs;         /* 0 = CC_SCHEMA_DEFAULT_MAX_DOCS */
	/* When set, a failed compile writes its whole message here too: a
	 * meta-schema failure lists every problem and can outgrow cc_error. */
	cc_buf *diag;
} cc_schema_opts;

typedef struct cc_schema cc_schema;

/*
 * Compiles `schema` (not modified; the compiled schema keeps its own copy)
 * as the document at base_uri (NULL = CC_SCHEMA_HELM_URI). Fails with
 * CC_EINVALID when the schema breaks its meta-schema, a `$ref` or anchor
 * does not resolve, or a pattern is not a valid regular expression;
 * CC_ENOTFOUND when a remote document cannot be had; CC_ELIMIT past a bound.
 * The message has santhosh-tekuri's shape, e.g.
 * `"file:///values.schema.json#" is not valid against metaschema: ...`.
 */
int cc_schema_compile(cc_schema **out, const json_t *schema, const char *base_uri,
		      const cc_schema_opts *opts, cc_error *err);
void cc_schema_free(cc_schema *s);

/* The draft the root schema was compiled under (CC_SCHEMA_DRAFT*). */
int cc_schema_draft(const cc_schema *s);
/* Warnings from compiling, e.g. "unresolved URN reference ignored; using
 * permissive schema: urn:x" (helm logs the same with slog.Warn). */
size_t cc_schema_nwarnings(const cc_schema *s);
const char *cc_schema_warning(const cc_schema *s, size_t i);

/* One failure; causes nest as helm prints them (indented by two spaces). */
typedef struct cc_schema_error cc_schema_error;
struct cc_schema_error {
	const char *keyword;  /* "type", "required", "$ref", ...; "" for a group of causes */
	char *instance;       /* JSON pointer into the instance: "" is the root, "/a/0" */
	char *keyword_path;   /* JSON pointer into the schema, through $refs: "/properties/a/type" */
	char *keyword_uri;    /* absolute: "file:///values.schema.json#/properties/a/type" */
	char *message;        /* helm's words: "got number, want string" */
	cc_schema_error *causes;
	size_t ncauses;
};

typedef struct cc_schema_result {
	int valid;
	char *schema_uri;        /* "file:///values.schema.json#" */
	cc_schema_error *errors; /* top-level failures, in helm's order */
	size_t nerrors;
} cc_schema_result;

/*
 * Validates instance (a jansson tree as cc_yaml_to_json makes it). Returns 0
 * with out->valid set, or CC_ELIMIT when a bound stopped validation (regex
 * limits, depth): then out->valid is 0 and the errors say where. out is
 * always filled and must be released with cc_schema_result_free.
 */
int cc_schema_validate(const cc_schema *s, const json_t *instance, cc_schema_result *out);
void cc_schema_result_free(cc_schema_result *r);

typedef enum {
	/* What helm prints after "values.yaml: ": "- at '/foo': got number, want
	 * string\n", one line per error, causes indented two spaces, a
	 * trailing newline. Empty for a valid result. */
	CC_SCHEMA_TEXT_HELM,
	/* santhosh-tekuri's whole message, headed
	 * "jsonschema validation failed with 'file:///values.schema.json#'". */
	CC_SCHEMA_TEXT_FULL
} cc_schema_text;

void cc_schema_result_format(const cc_schema_result *r, cc_schema_text style, cc_buf *out);

/*
 * A configuration document against its schema s (compiled from schema):
 * keys with no value count as absent; the first violation is CC_EINVALID
 * at the line and column of its node, with the key path, the validator's
 * message and a hint (the known keys for an unknown one, a pattern's
 * description). An empty document passes.
 */
int cc_schema_check_config(const cc_schema *s, const json_t *schema, const cc_yaml_doc *doc, cc_error *err);

#endif
