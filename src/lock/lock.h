/*
 * lock: Chart.lock (and apiVersion v1's requirements.lock) as helm reads,
 * hashes, writes and checks it.
 *
 *   dependencies  a chart's declared dependency list as helm's loader
 *                 decodes it ([]*chart.Dependency: field names matched in
 *                 any case, numbers formatted, strings sanitised as
 *                 Dependency.Validate does), as an editable jansson array in
 *                 Go struct order, so a caller can put repository URLs in
 *                 place of "@name" / "alias:name" before hashing, as
 *                 `helm dependency update` does.
 *   digest        internal/resolver's HashReq ("sha256:" + hex of the JSON
 *                 [req, lock]) and the Helm 2 HashV2Req.
 *   read/write    the lock file's entries, digest and generated time; the
 *                 file written byte for byte as helm writes it, atomically,
 *                 never through a symlink, and left alone (generated kept)
 *                 when the digest has not changed, as Manager.Update does.
 *   check         a chart's lock against its Chart.yaml: a missing lock, a
 *                 digest out of sync (helm's message), locked versions that
 *                 no longer satisfy their constraint, dependencies missing
 *                 from the lock or locked but no longer declared; each
 *                 problem with file, line and column.
 */
#ifndef CC_LOCK_H
#define CC_LOCK_H

#include <stddef.h>
#include <jansson.h>
#include "base/base.h"
#include "chart/chart.h"

/* "sha256:" + 64 hex digits + NUL */
#define CC_LOCK_DIGEST_MAX 72

/* ---------------------------------------------------------------- declared dependencies */

/*
 * The declared dependencies of a loaded chart: requirements.yaml's list
 * when it has one (helm decodes it over Chart.yaml's), else Chart.yaml's.
 * *out is a JSON array of objects with the keys name, version, repository,
 * condition, tags, enabled, import-values, alias in that order, omitempty
 * applied (repository is always there); import-values maps have their keys
 * sorted. *out is NULL when no list is declared (helm's nil, hashed as
 * null). `nodes` (optional) receives the sequence node the list came from,
 * for positions (items[i] is out[i]), and `file` the display path of its
 * file. Errors (a null entry, a field of the wrong type) carry the
 * position and helm's wording.
 */
int cc_lock_dependencies(const cc_chart *c, json_t **out, const cc_yaml_node **nodes,
			 const char **file, cc_error *err);

/*
 * How sigs.k8s.io/yaml hands a node to a Go struct field, for this list
 * and for the rest of helm's Metadata (src/package): a scalar to a string
 * (numbers formatted as Go does, null as absent), a list to []string, a
 * bool. Type errors are encoding/json's, naming `gostruct`.`field`.
 */
typedef struct cc_lock_decoder {
	const char *file;     /* display path for positions */
	const char *gostruct; /* "Metadata", "Dependency.dependencies" */
	cc_error *err;
} cc_lock_decoder;
int cc_lock_type_error(const cc_lock_decoder *d, const cc_yaml_node *n, const char *field, const char *type);
/* The scalar as a Go string field receives it; *out NULL for null or absent. */
int cc_lock_go_string(const cc_lock_decoder *d, const cc_yaml_node *n, const char *field, char **out);
/* m's field as a string (sanitised if asked) into o, omitted when empty unless `always`. */
int cc_lock_put_string(const cc_lock_decoder *d, json_t *o, const cc_yaml_node *m, const char *field,
		       int sanitize, int always);
/* m's field as a sanitised []string into o, omitted when empty. */
int cc_lock_put_strings(const cc_lock_decoder *d, json_t *o, const cc_yaml_node *m, const char *field);
/* m's field as a bool into o, only when true (omitempty). */
int cc_lock_put_true(const cc_lock_decoder *d, json_t *o, const cc_yaml_node *m, const char *field);

/* Go's unicode-aware sanitizeString: each space becomes ' ', non-printables go. Caller frees. */
char *cc_lock_sanitize(const char *s, size_t len);

/* ---------------------------------------------------------------- lock entries and digests */

typedef struct cc_lock_entry {
	char *name;
	char *repository;
	char *version;
	int line, col; /* position in the lock file; 0 when built in memory */
} cc_lock_entry;

/* The entries as helm's []*Dependency JSON: {"name","version"(omitempty),"repository"}. */
json_t *cc_lock_entries_json(const cc_lock_entry *e, size_t n);

/*
 * HashReq: "sha256:" + hex(sha256(json.Marshal([req, lock]))); a NULL req
 * or lock is Go's nil slice (null). Into out[CC_LOCK_DIGEST_MAX].
 */
int cc_lock_digest(const json_t *req, const json_t *lock, char *out, cc_error *err);
/* HashV2Req: the same over {"dependencies": req}. */
int cc_lock_digest_v2(const json_t *req, char *out, cc_error *err);

/* ---------------------------------------------------------------- the lock file */

typedef struct cc_lock {
	char *file;               /* display path of the lock file */
	int v1;                   /* requirements.lock */
	cc_lock_entry *entries;
	size_t n;
	char *digest;             /* NULL when absent */
	char *generated;          /* as written; NULL when absent */
	int line, col;            /* of the digest (or the file's start) */
} cc_lock;

/*
 * The chart's lock file (c->lock) as helm's loader reads it. CC_ENOTFOUND
 * when the chart has none; CC_EINVALID with file:line:col when it is not
 * a lock (not a mapping, dependencies not a list of mappings, a field of
 * the wrong type).
 */
int cc_lock_read(const cc_chart *c, cc_lock **out, cc_error *err);
void cc_lock_free(cc_lock *l);

/*
 * The file helm's writeLock writes: YAML of {generated, digest,
 * dependencies} with entries holding name, repository and version only.
 * `generated` is the time text (see cc_emit_go_time). Appends to out.
 */
int cc_lock_format(const cc_lock_entry *e, size_t n, const char *digest, const char *generated,
		   cc_buf *out, cc_error *err);

/*
 * Writes <chart_dir>/Chart.lock (requirements.lock when v1), generated
 * now in the local time zone, through a temporary file and a rename.
 * Refuses a lock file that is a symlink with helm's message
 * (`the Chart.lock file is a symlink to "<target>"`, CC_EUNSAFE).
 */
int cc_lock_write(const char *chart_dir, int v1, const cc_lock_entry *e, size_t n,
		  const char *digest, cc_error *err);

/*
 * Manager.Update's last step: when `old` has the same digest, nothing is
 * written (its generated time stays) and *written is 0; otherwise as
 * cc_lock_write and *written is 1. `old` may be NULL.
 */
int cc_lock_update(const char *chart_dir, int v1, const cc_lock *old, const cc_lock_entry *e,
		   size_t n, const char *digest, int *written, cc_error *err);

/* ---------------------------------------------------------------- checking */

typedef enum {
	CC_LOCK_MISSING,       /* dependencies declared, no lock file */
	CC_LOCK_OUT_OF_SYNC,   /* the digest does not match (helm refuses to build) */
	CC_LOCK_UNSATISFIED,   /* a locked version outside its declared constraint */
	CC_LOCK_BAD_CONSTRAINT,/* a declared constraint semver cannot parse */
	CC_LOCK_NOT_LOCKED,    /* declared, not in the lock */
	CC_LOCK_EXTRA,         /* in the lock, no longer declared */
	CC_LOCK_REPOSITORY     /* locked from another repository than declared */
} cc_lock_problem_kind;

typedef struct cc_lock_problem {
	cc_lock_problem_kind kind;
	char *file;      /* display path the position belongs to */
	int line, col;
	char *msg;
	char *name;      /* the dependency concerned, NULL for whole-file problems */
	char *declared;  /* what Chart.yaml says (constraint or repository), or NULL */
	char *locked;    /* what the lock says, or NULL */
} cc_lock_problem;

typedef struct cc_lock_problems {
	cc_lock_problem *v;
	size_t n, cap;
} cc_lock_problems;

#define CC_LOCK_PROBLEMS_INIT { NULL, 0, 0 }
void cc_lock_problems_free(cc_lock_problems *p);

/*
 * Compares the chart's lock with its declared dependencies and appends
 * each problem to out. `req` is the declared list to hash (from
 * cc_lock_dependencies, with "@name" repositories replaced by their URLs
 * where the caller knows them); NULL builds it from the chart. A chart
 * with neither dependencies nor lock has no problems. Returns an error
 * only when the chart's files cannot be read as helm would (then the
 * chart would not load in helm either).
 */
int cc_lock_check(const cc_chart *c, const json_t *req, cc_lock_problems *out, cc_error *err);

#endif
