/*
 * semver: versions and version constraints exactly as helm reads them.
 *
 * Helm takes every version decision (Chart.yaml `version`, dependency
 * constraints, `kubeVersion`, OCI tags) through Masterminds/semver v3, so
 * this module reproduces that library's grammar, precedence, constraint
 * semantics and error texts, and checks itself against the vectors in
 * ../shared/corpora/semver/. docs/semver.md lists what is accepted and the
 * few places where chartci is deliberately stricter.
 *
 * Versions are values: cc_semver owns one block holding the original text,
 * the prerelease and the build metadata; cc_semver_free releases it. A
 * cc_semver is a version once a parse, cc_semver_new, cc_semver_copy or
 * cc_semver_bump has filled it (CC_SEMVER_INIT is only "no version yet").
 * A function that fails leaves its output empty, so freeing it is always
 * safe, whatever the result.
 * Parse errors carry Masterminds' message in err->msg and the 1-based
 * column of the offending character in err->col (0 when unknown).
 */
#ifndef CC_SEMVER_H
#define CC_SEMVER_H

#include <stddef.h>
#include <stdint.h>

#include "base/base.h"

/* ---- Versions ------------------------------------------------------- */

typedef struct cc_semver {
	uint64_t major, minor, patch;
	const char *original; /* the text as given (helm's Original()); "v1.2" stays "v1.2" */
	const char *pre;      /* prerelease without its '-', "" when none */
	const char *meta;     /* build metadata without its '+', "" when none */
	char *mem_;           /* owns original, pre and meta */
} cc_semver;

#define CC_SEMVER_INIT { 0, 0, 0, NULL, NULL, NULL, NULL }

/* Parse modes for cc_semver_parse_n. */
enum {
	CC_SEMVER_LOOSE = 0,            /* NewVersion as helm uses it: "v1.2", "1", "01.2.3" */
	CC_SEMVER_STRICT = 1 << 0,      /* StrictNewVersion: SemVer 2.0.0 exactly */
	CC_SEMVER_NO_COERCE = 1 << 1,   /* loose, but no leading zeros (CoerceNewVersion=false) */
	CC_SEMVER_BRIEF_ERRORS = 1 << 2 /* with NO_COERCE: DetailedNewVersionErrors=false */
};

/* helm's semver.NewVersion (CoerceNewVersion=true, the default). */
int cc_semver_parse(cc_semver *out, const char *s, cc_error *err);
/* semver.StrictNewVersion: exactly SemVer 2.0.0's grammar, components within uint64. */
int cc_semver_parse_strict(cc_semver *out, const char *s, cc_error *err);
/* Either, on len bytes (a NUL byte is an invalid character). */
int cc_semver_parse_n(cc_semver *out, const char *s, size_t len, int mode, cc_error *err);

void cc_semver_free(cc_semver *v);
void cc_semver_copy(cc_semver *dst, const cc_semver *src);

/* A version from its parts (pre and meta may be NULL or ""); they are validated. */
int cc_semver_new(cc_semver *out, uint64_t major, uint64_t minor, uint64_t patch,
		  const char *pre, const char *meta, cc_error *err);
/* Replace the prerelease or metadata ("" removes it); v is unchanged on error. */
int cc_semver_set_prerelease(cc_semver *v, const char *pre, cc_error *err);
int cc_semver_set_metadata(cc_semver *v, const char *meta, cc_error *err);
/* Masterminds' validatePrerelease / validateMetadata (without the leading '-' or '+'). */
int cc_semver_validate_prerelease(const char *pre, cc_error *err);
int cc_semver_validate_metadata(const char *meta, cc_error *err);

/* SemVer 2.0.0 §11 precedence: -1, 0 or 1; build metadata is ignored. */
int cc_semver_compare(const cc_semver *a, const cc_semver *b);
/* Equal precedence; NULL equals only NULL. */
int cc_semver_equal(const cc_semver *a, const cc_semver *b);
/* Compares two prerelease strings (without '-') as SemVer §11 does. */
int cc_semver_compare_prerelease(const char *a, const char *b);

/* Canonical text "M.m.p[-pre][+meta]" (no 'v'), appended to out. */
void cc_semver_format(const cc_semver *v, cc_buf *out);
/* The same, malloc'ed. */
char *cc_semver_string(const cc_semver *v);
/* 1 when the original text started with the 'v' helm allows. */
int cc_semver_has_v(const cc_semver *v);

/* Sorts ascending by precedence; equal versions keep their order. */
void cc_semver_sort(cc_semver *vs, size_t n);

/* ---- Bumps ---------------------------------------------------------- */

enum { CC_BUMP_NONE = 0, CC_BUMP_MAJOR, CC_BUMP_MINOR, CC_BUMP_PATCH };

typedef struct cc_semver_bump_opts {
	int part;               /* CC_BUMP_*: Masterminds' IncMajor/IncMinor/IncPatch */
	const char *prerelease; /* an identifier such as "rc": start ID.1 or continue ID.N+1 */
	int finalize;           /* drop the prerelease: 1.3.0-rc.2 -> 1.3.0 */
} cc_semver_bump_opts;

/*
 * The next version. The 'v' prefix of the original text is kept, metadata
 * is dropped, and the result is always greater than v (anything else is an
 * error rather than a surprise). Rules in docs/semver.md.
 */
int cc_semver_bump(cc_semver *out, const cc_semver *v, const cc_semver_bump_opts *o, cc_error *err);

/* ---- Constraints ---------------------------------------------------- */

#define CC_CONSTRAINT_MAX_LEN 4096

enum {
	CC_OP_EQ,    /* "" or "=": equal, or tilde when the version has a wildcard */
	CC_OP_NE,    /* "!=" */
	CC_OP_GT,    /* ">" */
	CC_OP_LT,    /* "<" */
	CC_OP_GE,    /* ">=" or "=>" */
	CC_OP_LE,    /* "<=" or "=<" */
	CC_OP_TILDE, /* "~" or "~>" */
	CC_OP_CARET  /* "^" */
};

typedef struct cc_constraint_term {
	int op;            /* CC_OP_* */
	char opstr[3];     /* the operator as written ("=>" stays "=>") */
	char *orig;        /* the version as written ("4.x", "v1.2.3") */
	cc_semver con;     /* the version with wildcards and missing parts as 0 */
	unsigned char dirty, minor_dirty, patch_dirty; /* which parts were wildcards */
	int col;           /* 1-based column of the version in the text; 0 after a range rewrite */
} cc_constraint_term;

typedef struct cc_constraint_group {
	cc_constraint_term *terms; /* ANDed */
	size_t n;
	int has_pre;               /* a term has a prerelease: prereleases may match here */
} cc_constraint_group;

typedef struct cc_constraint {
	cc_constraint_group *groups; /* ORed */
	size_t n;
} cc_constraint;

#define CC_CONSTRAINT_INIT { NULL, 0 }

/* Check and validate flags. */
enum { CC_CONSTRAINT_INCLUDE_PRERELEASE = 1 << 0 };

/*
 * semver.NewConstraint. Errors are Masterminds' ("improper constraint: \"…\"",
 * "constraint parser error") with err->col at the bad part.
 */
int cc_constraint_parse(cc_constraint *out, const char *text, cc_error *err);
int cc_constraint_parse_n(cc_constraint *out, const char *text, size_t len, cc_error *err);
void cc_constraint_free(cc_constraint *c);

/* Constraints.Check: 1 if v satisfies c. */
int cc_constraint_check(const cc_constraint *c, const cc_semver *v, int flags);
/*
 * Constraints.Validate: 1 if v satisfies c, else 0 with Masterminds'
 * reasons appended to reasons (if not NULL).
 */
int cc_constraint_validate(const cc_constraint *c, const cc_semver *v, int flags, cc_strvec *reasons);

/* Constraints.String(): "2.x,   >=1.2.3 || >4.5.6, < 5.7" -> "2.x >=1.2.3 || >4.5.6 <5.7". */
void cc_constraint_format(const cc_constraint *c, cc_buf *out);
char *cc_constraint_string(const cc_constraint *c);

/* The hyphen-range rewrite NewConstraint applies first ("2 - 3" -> ">= 2, <= 3 "). Caller frees. */
char *cc_constraint_rewrite_range(const char *text);
/* "x", "X" or "*". */
int cc_semver_is_wildcard(const char *s);

/* Index of the highest version in vs that satisfies c (the first of equals), or -1. */
long cc_semver_max_satisfying(const cc_constraint *c, const cc_semver *vs, size_t n, int flags);

/*
 * helm's chartutil.IsCompatibleRange, used for Chart.yaml `kubeVersion`:
 * 1 if kube_version (such as "v1.29.8-eks-a737599") satisfies constraint,
 * 0 if not or if either does not parse. Write ">=1.23.0-0" to let cluster
 * versions with a vendor suffix (a prerelease) match.
 */
int cc_semver_kube_compatible(const char *constraint, const char *kube_version);

#endif
