/*
 * deps: where a chart's dependencies come from, and which versions they get.
 *
 * A dependency's `repository:` is a URL (https/http: a chart repository's
 * index.yaml; oci://: a registry; file://: a chart directory), empty (the
 * chart is vendored in charts/), or a name: `@name` / `alias:name`, looked
 * up in the repositories helm knows (`helm repo add` writes them to
 * repositories.yaml) and the ones the team names in .chartci.yaml. The
 * repository table carries each entry's credentials; they are handed to
 * the transport and never put in a message.
 */
#ifndef CC_DEPS_H
#define CC_DEPS_H

#include <stddef.h>
#include <jansson.h>
#include "base/base.h"
#include "lock/lock.h"

typedef struct cc_repo {
	char *name;
	char *url;
	char *username;   /* NULL when none */
	char *password;
	char *ca_file;
	char *cert_file;
	char *key_file;
	int insecure;      /* insecure_skip_tls_verify */
	int pass_credentials_all;
	char *origin;      /* "file:line" where it was defined, for messages */
} cc_repo;

typedef struct cc_repos cc_repos;

cc_repos *cc_repos_new(void);
void cc_repos_free(cc_repos *r);

/* helm's repositories.yaml: $HELM_REPOSITORY_CONFIG, else $HELM_CONFIG_HOME,
 * $XDG_CONFIG_HOME/helm or ~/.config/helm. Caller frees. */
char *cc_repos_helm_path(void);
/*
 * Adds the repositories of a helm repositories.yaml. A file that does not
 * exist adds nothing (helm works without one); one that is not the
 * expected shape is an error at its line and column.
 */
int cc_repos_load_helm(cc_repos *r, const char *path, cc_error *err);
/* Adds (a copy of) one entry; an entry with the same name replaces the earlier one. */
void cc_repos_add(cc_repos *r, const cc_repo *e);
size_t cc_repos_count(const cc_repos *r);
const cc_repo *cc_repos_at(const cc_repos *r, size_t i);
const cc_repo *cc_repos_by_name(const cc_repos *r, const char *name);
/* The entry whose URL equals url, trailing slashes aside (helm's urlutil.Equal). */
const cc_repo *cc_repos_by_url(const cc_repos *r, const char *url);

/*
 * A dependency's `repository:` as a URL: `@name` and `alias:name` through
 * the table (CC_ENOTFOUND naming the repository when it is unknown), URLs
 * and "" as they are. *entry is the table entry used or matching the URL
 * (credentials), or NULL. Caller frees *url.
 */
int cc_repos_resolve(const cc_repos *r, const char *repository, char **url, const cc_repo **entry,
		     cc_error *err);

/*
 * Where versions come from. Each lists what a repository offers for chart
 * `name`, newest first as helm orders them, into out (strings as written);
 * CC_ENOTFOUND when the repository has no such chart. A NULL function
 * means that kind of repository cannot be reached (offline).
 */
typedef struct cc_deps_sources {
	/* an index.yaml repository at url: only versions with at least one URL */
	int (*index_versions)(void *ctx, const char *url, const char *name, cc_strvec *out, cc_error *err);
	/* oci://host/path: the tags of host/path/name as helm reads them (+ for _, strict SemVer) */
	int (*oci_tags)(void *ctx, const char *url, const char *name, cc_strvec *out, cc_error *err);
	void *ctx;
} cc_deps_sources;

/* A dependency no version satisfies. */
typedef struct cc_deps_missing {
	size_t index;      /* in the request */
	char *message;     /* names the chart, repository, constraint and the versions on offer */
} cc_deps_missing;

typedef struct cc_deps_result {
	json_t *locked;           /* [{name, version, repository}], one per request entry */
	cc_deps_missing *missing;
	size_t nmissing;
	size_t failed;            /* after an error: 1 + the index of the dependency it is about */
} cc_deps_result;

/*
 * Resolves `req` (helm's dependency list as src/lock builds it, with
 * `@name` repositories already replaced by URLs) for the chart in
 * chart_dir, as helm's resolver does: "" repositories need charts/<name>
 * and lock the constraint as written; file:// locks the local chart's
 * version, which must satisfy the constraint; repositories and registries
 * lock the newest version satisfying it (prereleases only when the
 * constraint names one). A dependency no version satisfies goes to
 * res->missing; an error that stops resolution (a bad constraint, a chart
 * the repository does not have, a repository that cannot be read) is
 * returned with err naming the dependency.
 */
int cc_deps_resolve(const char *chart_dir, const json_t *req, const cc_deps_sources *src,
		    cc_deps_result *res, cc_error *err);
void cc_deps_result_free(cc_deps_result *res);

/*
 * The sources over the network: index.yaml repositories through src/http
 * (cached, conditional requests; credentials from the table entry whose URL
 * matches) and src/index, registries through src/oci. Each index is
 * fetched and parsed once per cc_deps_net.
 */
typedef struct cc_deps_net cc_deps_net;
typedef struct cc_deps_net_opts {
	const cc_repos *repos;          /* credentials for index URLs; kept, not copied */
	const char *cache_dir;          /* NULL: no HTTP cache */
	int offline;                    /* only what the cache holds */
	int plain_http;                 /* registries over http:// */
	const char *registry_config;    /* NULL: helm's default */
	void (*progress)(void *ctx, const char *url, size_t done, size_t total, int upload); /* downloads, or NULL */
	void *progress_ctx;
	struct cc_http_policy *policy;  /* TLS choices and warnings (cc_http_opts.policy), or NULL */
	long timeout_s;                 /* 0: cc_http's default */
} cc_deps_net_opts;
int cc_deps_net_new(const cc_deps_net_opts *o, cc_deps_net **out, cc_error *err);
void cc_deps_net_sources(cc_deps_net *n, cc_deps_sources *src);
void cc_deps_net_free(cc_deps_net *n);

/*
 * `helm dependency build`'s download, checked: the locked dependencies
 * `e` of the chart in chart_dir go into its charts/ (vendored ones are
 * only checked against their constraint). A file:// dependency is
 * packaged (src/package) from its directory into
 * charts/<name>-<version>.tgz, as helm does, when its version satisfies
 * the locked one; the directory must lie inside `root` and must not hold
 * the chart itself, and a chart helm would refuse to package is refused. Index archives must match the
 * sha256 the index gives, registry layers their manifest's digest, and
 * every archive must read safely and hold the locked chart and version.
 * All are staged first: on any failure charts/ is left as it was, and
 * `failed` is 1 + the index of the entry the error is about.
 */
typedef struct cc_deps_built {
	cc_strvec saved;     /* archive names written into charts/ */
	cc_strvec removed;   /* outdated archives deleted from charts/ */
	size_t failed;
} cc_deps_built;
typedef struct cc_deps_build_opts {
	const char *root;   /* file:// dependencies must be below it; NULL: anywhere */
	const char *sde;    /* SOURCE_DATE_EPOCH's value or NULL: the archive time, see package/epoch.h */
} cc_deps_build_opts;
int cc_deps_build(cc_deps_net *n, const char *chart_dir, const cc_lock_entry *e, size_t ne,
		  const cc_deps_build_opts *o, cc_deps_built *out, cc_error *err);
void cc_deps_built_free(cc_deps_built *b);

/* helm's GetLocalPath for a file:// repository: its path as it is when absolute, else below chart_dir. Caller frees. */
char *cc_deps_local_path(const char *chart_dir, const char *repository);

#endif
