/*
 * decode.h: the decoder's state and the value checkers shared by decode.c
 * (the index and its charts) and entry.c (one chart version); private.
 */
#ifndef CC_INDEX_DECODE_H
#define CC_INDEX_DECODE_H

#include "index/index_int.h"
#include "index/keys.h"

/* What Go type a value is decoded into, and so what it may be. */
enum {
	K_ANY,      /* interface{} */
	K_ANYMAP,   /* map[string]any */
	K_ANYSEQ,   /* []interface{} */
	K_STR,      /* string reached through the embedded *Metadata: no coercion */
	K_STRC,     /* string sigs.k8s.io/yaml can see: numbers and booleans become strings */
	K_TIME,     /* time.Time: an RFC 3339 string */
	K_BOOL,
	K_STRSEQ,
	K_STRSEQC,
	K_STRMAP,
	K_STRMAPC
};

typedef struct dec {
	ix_src src;
	cc_index *idx;
	const char *file;
	int json, lenient;
	cc_error *err;
	cc_buf scratch, name;
	ix_keys *sets;      /* one per nesting level */
	size_t nsets;
	ix_keys charts;     /* chart name -> chart, over every `entries` mapping */
	ix_keys deps;       /* dependency names and aliases of one entry */
	const char **urls;  /* the urls of the entry being read */
	size_t nurls, capurls;
} dec;

/* A pair handler: the key (text, position) and the value's first event, which it consumes whole. */
typedef int (*pair_fn)(dec *d, void *ctx, const char *key, size_t klen, const ix_ev *k, const ix_ev *v);

int dec_next(dec *d, ix_ev *e);
int dec_error(dec *d, int code, const ix_ev *at, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The body of a mapping whose start was just read, merge keys applied. */
int dec_map(dec *d, const ix_ev *start, pair_fn fn, void *ctx);
/* Checks a value of the given kind; for string kinds *s and *n get its text (NULL for null). */
int dec_value(dec *d, int kind, const ix_ev *v, const char *field, const char **s, size_t *n);
/* A struct field name matched as encoding/json does (ASCII case folded). */
int dec_field_is(const char *key, size_t klen, const char *name);
/* An unknown field: an error from the YAML reader, ignored in JSON. */
int dec_unknown(dec *d, const char *key, const ix_ev *k, const ix_ev *v);
/* "a number", "a boolean", ...: what a value is, for messages. */
const char *dec_what(const ix_ev *v);
int dec_skip(dec *d, const ix_ev *v);

/* One chart version (entry.c): adds it to the table or notes why it was dropped. */
int dec_entry(dec *d, size_t chart, const char *chart_name, const ix_ev *start);

#endif
