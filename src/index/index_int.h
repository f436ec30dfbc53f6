/*
 * index_int.h: what the files of src/index share and nobody else sees.
 *
 * events.c turns libyaml's events into a flat stream with aliases replayed
 * (bounded) and only the first document; decode.c walks that stream with
 * helm's types in mind; table.c keeps the result; url.c resolves chart URLs.
 *
 * Where chartci knowingly differs from helm (all rare in real indexes):
 * - Go's encoding/json matches field names with Unicode case folding; here
 *   only ASCII case folds ("ſ" and the Kelvin sign do not match "s", "k").
 * - A map key written both as 1 and "1" is a duplicate here; helm keeps one
 *   of the two at random.
 * - helm's sanitizeString drops every non-printable rune; here C0/C1
 *   controls, DEL and the common zero-width/format characters are dropped
 *   and Unicode spaces become ' '.
 * - Versions of equal precedence keep their file order; Go's unstable sort
 *   agrees for charts with up to 12 versions and may differ beyond.
 * - !!binary scalars are taken as written, not base64-decoded; explicitly
 *   tagged scalars (!!int "x") are not checked against their tag.
 * - `created` and `generated` must be RFC 3339 with two-digit fields; Go's
 *   time.Parse fallback also takes a one-digit hour ("2024-01-01T1:00:00Z").
 * - JSON keys over 1024 characters are beyond libyaml's simple-key limit.
 * - A chart under both `entries:` and a case variant (`Entries:`) keeps
 *   the list written last; helm keeps the one whose spelling sorts last.
 */
#ifndef CC_INDEX_INT_H
#define CC_INDEX_INT_H

#include <stdint.h>
#include <yaml.h>

#include "index/index.h"
#include "yaml/yaml.h"

/* ---- arena: every kept string and array lives here ---- */
typedef struct ix_chunk ix_chunk;
typedef struct ix_arena {
	ix_chunk *head;
	size_t next_size;
} ix_arena;
void *ix_alloc(ix_arena *a, size_t size, size_t align);
char *ix_strndup(ix_arena *a, const char *s, size_t n);
void ix_arena_free(ix_arena *a);

/* ---- the event stream ---- */
enum { IX_END, IX_SCALAR, IX_MAP, IX_MAP_END, IX_SEQ, IX_SEQ_END };

typedef struct ix_ev {
	int kind;           /* IX_* */
	const char *val;    /* scalars: text (NUL-terminated), valid until the next event */
	size_t len;
	cc_yaml_type type;  /* scalars: what YAML 1.1 resolution (go-yaml v2) makes of it */
	int merge;          /* a plain, untagged "<<" */
	int line, col;      /* 1-based */
} ix_ev;

typedef struct ix_rec {
	int kind;
	cc_yaml_type type;
	int merge, line, col;
	size_t off, len;    /* into the recording's text */
} ix_rec;

typedef struct ix_anchor {
	char *name;
	size_t start, end;  /* recorded events [start, end); end == 0 while open */
} ix_anchor;

typedef struct ix_src {
	yaml_parser_t parser;
	int parser_ok, started, done;
	const char *file;
	size_t depth, max_depth;
	size_t parsed, expanded;
	/* anchored nodes are recorded while open so aliases can replay them */
	ix_rec *rec;
	size_t nrec, caprec;
	cc_buf rec_text;
	ix_anchor *anchors;
	size_t nanchors, capanchors;
	struct { size_t anchor, depth; } open[64];
	size_t nopen;
	struct { size_t pos, end; } replay[64];
	size_t nreplay;
	/* the alias being replayed, so a bomb is reported where it goes off */
	struct { size_t anchor; int line, col; } alias;
	cc_buf text;        /* the current scalar */
	int hard;           /* the last error leaves the stream unusable */
} ix_src;

int ix_src_init(ix_src *s, const char *data, size_t len, const char *file);
void ix_src_free(ix_src *s);
int ix_next(ix_src *s, ix_ev *e, cc_error *err);
/* Steps over the rest of a node whose start event was just read, back to `depth`. */
int ix_skip_to(ix_src *s, size_t depth, cc_error *err);

/* Go's json.Valid: the decision between encoding/json and YAML. */
int ix_json_valid(const char *s, size_t len);

/* ---- helm's scalar conversions ---- */
/* The JSON key sigs.k8s.io/yaml makes of a scalar key (1 -> "1", true -> "true"); NULL for null keys. */
const char *ix_key_string(const ix_ev *e, cc_buf *scratch);
/* Whether a scalar is a merge key as the table reads one: a plain, untagged "<<". */
int ix_is_merge_key(int plain, const char *tag, const char *v, size_t n);
/* A number or boolean turned into a string field's value, as sigs.k8s.io/yaml does. */
const char *ix_coerce(const ix_ev *e, cc_buf *scratch);
/* Go's time.Time.UnmarshalJSON on a string (RFC 3339). */
int ix_rfc3339(const char *s, size_t len);
/* helm's sanitizeString into out. */
void ix_sanitize(const char *s, size_t len, cc_buf *out);

/* ---- the table ---- */
typedef struct ix_skip {
	int line, col;
	char *msg;
} ix_skip;

typedef struct ix_chart {
	const char *name;
	const cc_index_entry **v;
	size_t n;
	size_t from;       /* building: entries before this index are stale */
} ix_chart;

struct cc_index {
	ix_arena arena;
	char *blob;                /* a loaded compact file the strings point into, or NULL */
	char *file;
	const char *api_version;
	cc_index_entry *entries;   /* building: growable; chart of each in owner[] */
	size_t *owner;
	size_t nentries, capentries;
	ix_chart *charts;
	size_t ncharts, capcharts;
	ix_skip *skips;
	size_t nskips, capskips;
};

size_t ix_add_chart(cc_index *idx, const char *name, size_t len);
/* The same, keeping the pointer: name outlives the index (it is in idx->blob). */
size_t ix_add_chart_at(cc_index *idx, const char *name);
cc_index_entry *ix_add_entry(cc_index *idx, size_t chart);
/* Drops every entry added so far for chart (a JSON duplicate key: the last list wins). */
void ix_reset_chart(cc_index *idx, size_t chart);
void ix_add_skip(cc_index *idx, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Sorts names and versions as helm does; call once, after decoding. */
void ix_finish(cc_index *idx);

/* SortEntries and Get over any list of entries, through their version strings. */
typedef const char *(*ix_version_fn)(const void *entry);
/* Stable: equal versions keep their order (see above). */
void ix_sort_versions(void **items, size_t n, ix_version_fn version);
/* helm's Get: the index of the exact version string, else of the first version the
   constraint `want` admits ("" admits any); n when none. */
size_t ix_get(void *const *items, size_t n, ix_version_fn version, const char *want);

/* ---- the writer's index (write.c, docread.c) ---- */
struct cc_index_doc {
	char *api_version;
	json_t *entries;      /* chart name -> array of ChartVersion objects, Go field order */
	json_t *server_info;  /* NULL when absent; likewise the two below */
	json_t *public_keys;
	json_t *annotations;
};
/* Metadata's fields then ChartVersion's own, in Go's order: the order entries are built in. */
extern const char *const ix_metadata_fields[];
extern const char *const ix_version_fields[];

int ix_decode(cc_index *idx, const char *data, size_t len, const char *file, int lenient,
	      cc_error *err);

#endif
