/*
 * yaml_priv.h: what the files of src/yaml share and nobody else needs.
 *
 * The loader (yaml_load.c), scalar resolution (yaml_resolve.c) and the
 * JSON/Go views of a tree (yaml_json.c) meet here: the document and its
 * arena, and a scalar's resolved value. Not installed for other modules.
 */
#ifndef CC_YAML_PRIV_H
#define CC_YAML_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include "yaml/yaml.h"

/* Bump allocator: nodes and strings of one document, released at once. */
typedef struct cc_yaml_chunk cc_yaml_chunk;
typedef struct cc_yaml_arena {
	cc_yaml_chunk *head;
	size_t next_size;
} cc_yaml_arena;

void *cc_yaml_arena_alloc(cc_yaml_arena *a, size_t size, size_t align);
char *cc_yaml_arena_strndup(cc_yaml_arena *a, const char *s, size_t n);
void cc_yaml_arena_free(cc_yaml_arena *a);

struct cc_yaml_doc {
	cc_yaml_arena arena;
	char *text;
	size_t len;
	char *file;
	cc_yaml_node *root;
	cc_yaml_note *notes;
	size_t nnotes, notes_cap;
	int has_more;
	cc_yaml_node **roots;   /* every document's root, with all_documents */
	size_t nroots;
};

/* The tags YAML 1.1 resolution knows, recognised in short or long form. */
typedef enum {
	CC_YAML_TAG_NONE,   /* untagged plain scalar: resolve implicitly */
	CC_YAML_TAG_STR,
	CC_YAML_TAG_INT,
	CC_YAML_TAG_FLOAT,
	CC_YAML_TAG_BOOL,
	CC_YAML_TAG_NULL,
	CC_YAML_TAG_TIMESTAMP,
	CC_YAML_TAG_BINARY,
	CC_YAML_TAG_MERGE,
	CC_YAML_TAG_OTHER   /* "!", local and unknown tags: the text stays a string */
} cc_yaml_tagcode;

typedef enum { CC_YAML_NUM_NONE, CC_YAML_NUM_INT, CC_YAML_NUM_UINT, CC_YAML_NUM_FLOAT } cc_yaml_numkind;

/* A scalar's value as go-yaml v2 decodes it into interface{}. */
typedef struct cc_yaml_value {
	cc_yaml_type type;
	cc_yaml_numkind num;
	int b;
	int64_t i;
	uint64_t u;  /* only past INT64_MAX, as go-yaml's uint64 */
	double f;
} cc_yaml_value;

/* Code of a tag in the form nodes keep ("!!int"); NULL gives CC_YAML_TAG_NONE. */
cc_yaml_tagcode cc_yaml_tag_code(const char *tag);

/*
 * Resolves s[0..len) under tag as go-yaml v2's resolve() does. Returns 0, or
 * -1 when an explicit tag does not fit the text, with the reason in msgbuf
 * in go-yaml's words.
 */
int cc_yaml_resolve(cc_yaml_tagcode tag, const char *s, size_t len, cc_yaml_value *out,
		    char *msgbuf, size_t msgsz);
/* The tag code a node was resolved with: implicit for untagged plain scalars. */
cc_yaml_tagcode cc_yaml_node_tagcode(const cc_yaml_node *node);
/* Resolves an already loaded scalar (cannot fail: load checked it). */
void cc_yaml_node_value(const cc_yaml_node *node, cc_yaml_value *out);

/* Go's strconv and time, as go-yaml v2's resolve() uses them (yaml_strconv.c). */
int cc_yaml_go_parse_uint(const char *s, size_t n, uint64_t *out);  /* ParseUint(s, 0, 64) */
int cc_yaml_go_parse_int(const char *s, size_t n, int64_t *out);    /* ParseInt(s, 0, 64) */
int cc_yaml_go_parse_float(const char *s, size_t n, double *out);   /* ParseFloat(s, 64) */
int cc_yaml_style_float(const char *s, size_t n);   /* go-yaml's yamlStyleFloat regexp */
int cc_yaml_go_timestamp(const char *s, size_t n);  /* go-yaml's parseTimestamp */

/* Go's base64.StdEncoding.DecodeString: padded, \r and \n ignored. 0 or -1. */
int cc_yaml_base64_decode(const char *s, size_t len, cc_buf *out);
/* Appends s with invalid UTF-8 replaced by U+FFFD, as Go's encoding/json does. */
void cc_yaml_utf8_sanitize(const char *s, size_t len, cc_buf *out);

/* Go's strconv.FormatFloat(f, 'g', -1, 32): out needs 32 bytes. */
void cc_yaml_format_float32(double f, char *out, size_t outsz);

/* Whether a mapping key is a merge key (<<) as go-yaml v2 sees it. */
int cc_yaml_is_merge_key(const cc_yaml_node *key);

#endif
