/*
 * yaml: a positioned YAML tree on libyaml.
 *
 * Rules need to say where a problem is and how a value was written:
 * `appVersion: 1.0` (a float helm turns into "1") is not `appVersion: "1.0"`.
 * So every node keeps its line, column and byte span, and every scalar its
 * style, explicit tag and the type YAML 1.1 resolution gives it (the
 * resolution helm's go-yaml v2 based reader applies).
 *
 * Hostile input is bounded: file size is the caller's (cc_file_read), nesting
 * depth and alias expansion are bounded here, so an alias bomb or a 100,000
 * deep document is an error with a position, never an out-of-memory.
 * Aliases share the anchored node (the tree is a DAG); all nodes live in the
 * document's arena and go away with cc_yaml_doc_free.
 */
#ifndef CC_YAML_H
#define CC_YAML_H

#include <stddef.h>
#include <jansson.h>
#include "base/base.h"

typedef enum { CC_YAML_SCALAR, CC_YAML_MAP, CC_YAML_SEQ } cc_yaml_kind;

typedef enum {
	CC_YAML_PLAIN,
	CC_YAML_SINGLE_QUOTED,
	CC_YAML_DOUBLE_QUOTED,
	CC_YAML_LITERAL,
	CC_YAML_FOLDED,
	CC_YAML_FLOW,  /* a flow collection: [a, b] or {a: b} */
	CC_YAML_BLOCK  /* a block collection */
} cc_yaml_style;

/* What a scalar resolves to: YAML 1.1 core resolution, as go-yaml v2 does. */
typedef enum {
	CC_YAML_T_NULL,
	CC_YAML_T_BOOL,
	CC_YAML_T_INT,
	CC_YAML_T_FLOAT,
	CC_YAML_T_STR,
	CC_YAML_T_TIMESTAMP, /* plain 2001-12-14 or 2001-12-14t21:59:43.10-05:00 */
	CC_YAML_T_BINARY     /* !!binary */
} cc_yaml_type;

typedef struct cc_yaml_node cc_yaml_node;

typedef struct cc_yaml_pair {
	cc_yaml_node *key;
	cc_yaml_node *value;
} cc_yaml_pair;

struct cc_yaml_node {
	cc_yaml_kind kind;
	int line, col;          /* 1-based start position */
	int end_line, end_col;  /* 1-based position just past the node */
	size_t start, end;      /* byte offsets [start, end) in the source */
	const char *tag;        /* explicit tag as written ("!!str"), or NULL */
	const char *anchor;     /* anchor name if the node had &name, or NULL */
	cc_yaml_style style;
	/* scalars */
	const char *value;      /* NUL-terminated; may also contain NULs ("\0" escapes) */
	size_t len;
	cc_yaml_type type;
	/* mappings: pairs in document order; duplicates kept, the last one wins on lookup */
	cc_yaml_pair *pairs;
	size_t npairs;
	/* sequences */
	cc_yaml_node **items;
	size_t nitems;
};

/* A problem that does not stop loading (duplicate keys); the loader collects them. */
typedef struct cc_yaml_note {
	int line, col;
	char *msg;
} cc_yaml_note;

typedef struct cc_yaml_doc cc_yaml_doc;

typedef struct cc_yaml_opts {
	size_t max_depth;       /* nesting bound; 0 means CC_YAML_DEFAULT_MAX_DEPTH */
	size_t max_alias_nodes; /* nodes reachable through aliases, counted with
				   repetition; 0 means the default rule below */
	int all_documents;      /* keep every document of the stream (CRD files,
				   multi-document manifests), not only the first */
} cc_yaml_opts;

#define CC_YAML_DEFAULT_MAX_DEPTH 1000
/*
 * By default the nodes an alias brings in (counted as if expanded) may not
 * exceed max(CC_YAML_ALIAS_FLOOR, the document's own node count): a document
 * may at most double when expanded, which real charts never come near and
 * which keeps every consumer that walks the tree linear in the input.
 */
#define CC_YAML_ALIAS_FLOOR 100000

/*
 * Parses the first document of text[0..len) (later documents are ignored, as
 * helm's reader does). `file` is only used in messages. On error the
 * cc_error names file, line and column. An empty document gives a doc whose
 * root is NULL.
 */
int cc_yaml_load(cc_yaml_doc **out, const char *text, size_t len, const char *file,
		 const cc_yaml_opts *opts, cc_error *err);
/* cc_file_read + cc_yaml_load with the given size bound. */
int cc_yaml_load_file(cc_yaml_doc **out, const char *path, size_t max_size,
		      const cc_yaml_opts *opts, cc_error *err);
void cc_yaml_doc_free(cc_yaml_doc *doc);

cc_yaml_node *cc_yaml_doc_root(const cc_yaml_doc *doc);
const char *cc_yaml_doc_file(const cc_yaml_doc *doc);
/* Source text the doc was parsed from (kept for in-place edits and messages). */
const char *cc_yaml_doc_text(const cc_yaml_doc *doc, size_t *len);
/* Duplicate keys and similar non-fatal notes, in document order. */
size_t cc_yaml_doc_nnotes(const cc_yaml_doc *doc);
const cc_yaml_note *cc_yaml_doc_note(const cc_yaml_doc *doc, size_t i);
/* Whether the document had more documents after the first ("---"). */
int cc_yaml_doc_has_more(const cc_yaml_doc *doc);
/*
 * How many documents were kept (with all_documents every one in the stream,
 * else at most the first; 0 for an empty stream), and the root of the i-th
 * (NULL for an empty document).
 */
size_t cc_yaml_doc_count(const cc_yaml_doc *doc);
cc_yaml_node *cc_yaml_doc_root_at(const cc_yaml_doc *doc, size_t i);

/* Value of the last pair whose key is the scalar `key`, or NULL. */
cc_yaml_node *cc_yaml_map_get(const cc_yaml_node *map, const char *key);
/* Same, also returning the key node (for positions of the key). */
cc_yaml_node *cc_yaml_map_get_pair(const cc_yaml_node *map, const char *key, cc_yaml_node **key_node);

/*
 * The node a JSON pointer ("/a/0/b", ~0 and ~1 escaped) names, so a JSON
 * Schema error on the converted tree points back into the file. When a step
 * is missing: the deepest node on the way, and *exact = 0.
 */
const cc_yaml_node *cc_yaml_pointer(const cc_yaml_node *root, const char *ptr, int *exact);

/*
 * The pair Go's encoding/json would fill the struct field `name` from, as
 * helm reads YAML (sigs.k8s.io/yaml: YAML -> JSON -> struct): keys equal to
 * `name` in any ASCII case all match; JSON hands them over sorted, so the
 * bytewise greatest spelling wins (the last of identical ones). NULL if none.
 */
const cc_yaml_pair *cc_yaml_map_get_go_pair(const cc_yaml_node *map, const char *name);
/* Its value, or NULL. */
const cc_yaml_node *cc_yaml_map_get_go(const cc_yaml_node *map, const char *name);

/*
 * What an untagged plain scalar with text s[0..len) resolves to under
 * go-yaml v2's resolve() (so "yes" is a bool, "012" an int, "<<" a string).
 */
cc_yaml_type cc_yaml_resolve_plain(const char *s, size_t len);

/* "mapping", "sequence", "string", "integer", "float", "boolean", "null", "timestamp", "binary". */
const char *cc_yaml_type_name(const cc_yaml_node *node);
int cc_yaml_is_null(const cc_yaml_node *node); /* NULL pointer or a null scalar */
int cc_yaml_is_string(const cc_yaml_node *node); /* scalar resolving to a string */

/*
 * The node as JSON, as sigs.k8s.io/yaml (helm's reader) would see it: ints
 * as integers (floats past int64), merge keys (<<) applied, keys of any
 * scalar type turned to strings, timestamps as their text, null as null.
 * Fails with position on a non-scalar mapping key.
 */
int cc_yaml_to_json(const cc_yaml_node *node, const char *file, json_t **out, cc_error *err);

/* The scalar's resolved value in helm's terms, formatted as Go's %v of
 * float64 would print it ("1.0" -> "1", "1.10" -> "1.1", "72445e2" -> "7.2445e+06"). */
char *cc_yaml_scalar_go_string(const cc_yaml_node *node);

#endif
