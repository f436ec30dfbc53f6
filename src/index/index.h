/*
 * index: a chart repository's index.yaml, read as helm reads it, into a
 * compact table.
 *
 * Real indexes are tens of megabytes (hundreds of charts, each with a
 * hundred or more versions), and a repository check only needs a few fields
 * of each entry. So the file is read with libyaml's event API, never as a
 * tree: the fields below are kept in one string arena, every other field is
 * stepped over by depth, yet still checked the way helm's decoder checks it,
 * so an index chartci accepts is one helm accepts (index_int.h lists the
 * few places where chartci is stricter or approximates).
 *
 * helm (pkg/repo/v1/index.go loadIndex) decodes JSON input with Go's
 * encoding/json and anything else with sigs.k8s.io/yaml's UnmarshalStrict;
 * it fails on an empty file, a syntax error, duplicate keys, unknown
 * fields, a value of the wrong type and a missing apiVersion, and silently
 * drops entries that are null or fail chart validation (no name, a version
 * that is not SemVer, ...). Those dropped entries are listed by
 * cc_index_skipped.
 */
#ifndef CC_INDEX_H
#define CC_INDEX_H

#include <stddef.h>
#include <jansson.h>
#include "base/base.h"

typedef struct cc_index cc_index;

typedef struct cc_index_entry {
	const char *name;
	const char *version;      /* as written */
	const char *app_version;  /* "" when absent */
	const char *digest;       /* "" when absent (hex sha256 as in the index) */
	const char *created;      /* "" when absent */
	const char *const *urls;
	size_t nurls;
	int deprecated;
	int line;                 /* line of the entry in the file, for messages */
} cc_index_entry;

typedef struct cc_index_opts {
	size_t max_size;  /* 0: default 256 MiB; bigger input is CC_ELIMIT */
	int lenient;      /* 1: skip (rather than fail on) what helm would reject, see below */
} cc_index_opts;

#define CC_INDEX_DEFAULT_MAX_SIZE ((size_t)256 * 1024 * 1024)
/* Nesting bound; deeper input is CC_ELIMIT. */
#define CC_INDEX_MAX_DEPTH 1000
/*
 * Events an alias may bring in, counted as if expanded: at most
 * max(CC_INDEX_ALIAS_FLOOR, the events read from the file so far), so an
 * alias bomb stops with CC_ELIMIT while the work stays linear in the input.
 */
#define CC_INDEX_ALIAS_FLOOR 100000

/*
 * Reads an index from data[0..len). file is only used in messages.
 *
 * Without lenient every condition on which helm refuses the index is an
 * error (CC_EINVALID, or CC_ELIMIT for the bounds) naming file, line and
 * column. With lenient, a problem inside one chart's list (a value of the
 * wrong type, an unknown or duplicate field, a bad `created`) drops that
 * entry, a chart listed twice keeps its first list, and an unknown or
 * ill-typed top-level field other than apiVersion and entries is ignored;
 * each is listed by cc_index_skipped. Still errors with lenient: an empty
 * file, a YAML or JSON syntax error, the bounds, a root that is not a
 * mapping, `entries` that is not a mapping, and a missing or ill-typed
 * apiVersion.
 */
int cc_index_parse(const char *data, size_t len, const char *file, const cc_index_opts *o,
		   cc_index **out, cc_error *err);
int cc_index_parse_file(const char *path, const cc_index_opts *o, cc_index **out, cc_error *err);
void cc_index_free(cc_index *idx);

/* The versions of chart `name`, in helm's order (SortEntries: semver descending; see helm). CC_ENOTFOUND when absent. */
int cc_index_chart(const cc_index *idx, const char *name, const cc_index_entry *const **v, size_t *n);
/* The entry name@version (version compared as strings first, then as semver-equal like helm's Get); NULL when absent. */
const cc_index_entry *cc_index_get(const cc_index *idx, const char *name, const char *version);
size_t cc_index_nchart(const cc_index *idx);
const char *cc_index_chart_name(const cc_index *idx, size_t i);   /* sorted by name */
const char *cc_index_api_version(const cc_index *idx);
/* A chart URL from the index resolved against the index URL as helm does (ResolveReferenceURL: relative URLs against the repository URL with a trailing '/' added; absolute URLs as is). Caller frees. */
char *cc_index_resolve_url(const char *index_or_repo_url, const char *chart_url);

/* Every entry kept, over all charts. */
/*
 * The parsed table as a compact file, and back: an index whose bytes have
 * not changed need not be parsed again. `key` names the input the table
 * came from (the sha256 of its bytes); loading with another key is
 * CC_ENOTFOUND, and a file that is not intact CC_EINVALID. `file` is the
 * name messages use.
 */
int cc_index_save(const cc_index *idx, const char *path, const char *key, cc_error *err);
int cc_index_load(const char *path, const char *key, const char *file, cc_index **out, cc_error *err);

size_t cc_index_nentry(const cc_index *idx);
/*
 * Entries dropped while reading (helm's "skipping loading invalid entry",
 * and with lenient what helm would have failed on), in file order: the
 * i-th as an error with file, line, column and reason. CC_ENOTFOUND past
 * the end.
 */
size_t cc_index_nskipped(const cc_index *idx);
int cc_index_skipped(const cc_index *idx, size_t i, cc_error *out);

/* ================================================================ writing an index */

/*
 * cc_index_doc: a repository index held whole, to be written, as helm's
 * IndexFile (pkg/repo/v1/index.go) is for `helm repo index`. Each entry is
 * kept as the JSON of helm's ChartVersion struct (the chart's Metadata
 * fields, then urls, created, removed, digest and the deprecated ones), in
 * Go's field order with omitempty applied, so the file written is the
 * bytes helm writes: YAML through cc_emit_yaml, or MarshalIndent's JSON.
 *
 * Reading one goes through cc_index_parse first, so an index is refused
 * exactly where helm refuses it (with file, line and column) and the
 * entries helm drops on load are dropped here too; the kept entries are
 * then decoded from the YAML tree through helm's struct (numbers in string
 * fields formatted as Go does, strings sanitised as Metadata.Validate
 * does, apiVersion "v1" when empty, `created` re-formatted).
 */
typedef struct cc_index_doc cc_index_doc;

/* An empty index (apiVersion v1, no entries). */
cc_index_doc *cc_index_doc_new(void);
void cc_index_doc_free(cc_index_doc *d);
/* helm's LoadIndexFile on data[0..len): JSON when json.Valid, else strict YAML. Sorted. */
int cc_index_doc_parse(const char *data, size_t len, const char *file, cc_index_doc **out, cc_error *err);
/* The same from a file, bounded by CC_INDEX_DEFAULT_MAX_SIZE. */
int cc_index_doc_load(const char *path, cc_index_doc **out, cc_error *err);

/*
 * helm's MustAdd: appends to the list of metadata's "name" an entry made
 * of `metadata` (helm's Metadata struct as JSON, as cc_package_metadata
 * gives it), urls [url], `created` (Go's time.Time JSON text, see
 * cc_emit_go_time) and `digest` ("" to omit). CC_EINVALID without a name
 * or version.
 */
int cc_index_doc_add(cc_index_doc *d, const json_t *metadata, const char *url, const char *created,
		     const char *digest, cc_error *err);
/* helm's Has: Get(name, version) finds an entry (the exact string, else a version the constraint admits). */
int cc_index_doc_has(const cc_index_doc *d, const char *name, const char *version);
/* The digest of that entry ("" when it has none), or NULL when there is no such entry. */
const char *cc_index_doc_digest(const cc_index_doc *d, const char *name, const char *version);
/* Removes that entry (a chart left with none goes too): 1 when removed, 0 when absent. */
int cc_index_doc_remove(cc_index_doc *d, const char *name, const char *version);
/*
 * helm's Merge: every entry of old whose (name, version) is not Has here
 * is appended as it is (its created, digest and urls kept); entries here
 * win. old's annotations, publicKeys, serverInfo and generated are not
 * taken. Call cc_index_doc_sort afterwards, as helm does.
 */
void cc_index_doc_merge(cc_index_doc *d, const cc_index_doc *old);
/* helm's SortEntries: each chart's versions by semver, newest first, unparseable last; stable. */
void cc_index_doc_sort(cc_index_doc *d);
size_t cc_index_doc_nentry(const cc_index_doc *d);

/*
 * The file helm writes, appended to out: YAML (keys in go-yaml's order,
 * ending in a newline), or with as_json json.MarshalIndent with two
 * spaces, HTML escaped, no final newline. `generated` is the text of the
 * generated field (cc_emit_go_time).
 */
int cc_index_doc_write(const cc_index_doc *d, const char *generated, int as_json, cc_buf *out, cc_error *err);
/* The same into path through a temporary file and a rename, mode 0644. */
int cc_index_doc_save(const cc_index_doc *d, const char *path, const char *generated, int as_json,
		      cc_error *err);

/*
 * helm's urlutil.URLJoin(base, elem): base parsed as Go's net/url, elem
 * joined to its path with path.Join, the path escaped again; when Go
 * cannot parse base, path.Join(base, elem). Caller frees.
 */
char *cc_index_url_join(const char *base, const char *elem);

#endif
