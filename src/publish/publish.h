/*
 * publish: releasing chart archives where users install them from.
 *
 * Targets:
 *   oci://host[:port]/path    an OCI registry, as `helm push` lays a chart
 *                             out (path/<name>:<version>, '+' as '_').
 *   http(s)://host/path       a chart repository served over WebDAV or
 *                             plain PUT: the archive next to index.yaml,
 *                             then index.yaml with the new entry merged,
 *                             written only if nobody else wrote it since it
 *                             was read (an exclusive WebDAV lock where the
 *                             server has them, else If-Match on its ETag;
 *                             when it moved, it is read, merged and written
 *                             again).
 *   chartmuseum+http(s)://... a ChartMuseum API, which keeps its own index:
 *                             POST /api/charts (and /api/prov), what the
 *                             version holds looked up first.
 *   git:BRANCH,               a branch (gh-pages by default) of this or
 *   git+file:///repo#BRANCH   another repository: the archive and the
 *                             merged index in one commit, the branch moved
 *                             only from the tip the index was read at.
 *
 * A provenance file beside the archive (<archive>.prov, chartci package
 * --sign) goes with it: a second layer in a registry, as helm push adds
 * it; <archive>.prov beside the archive in a repository or on a branch.
 *
 * A release is immutable. A version already published with the same
 * archive (the same sha256) is reported as already published and is a
 * success, so a re-run of a release job changes nothing; with a different
 * archive it is an error and nothing is written, unless `force`, which
 * replaces it (and which a registry with immutable tags still refuses).
 * A publish that fails leaves the repository as it was: the index is the
 * last thing written, and an archive uploaded for a release whose index
 * write then failed is deleted again.
 *
 * No credential reaches a message: they live in the cc_http and cc_oci
 * the caller made, and URLs are printed redacted.
 */
#ifndef CC_PUBLISH_H
#define CC_PUBLISH_H

#include <jansson.h>
#include "base/base.h"
#include "http/http.h"
#include "oci/oci.h"

enum {
	CC_PUBLISH_PUSHED = 1,   /* written now */
	CC_PUBLISH_ALREADY = 2,  /* the same archive was there: nothing to do */
	CC_PUBLISH_WOULD = 3     /* dry run: would be written */
};

typedef struct cc_publish_opts {
	int force;               /* replace a version published with another archive */
	int dry_run;             /* say what would be written; write nothing */
	cc_http *http;           /* HTTP targets (its auth: cc_publish_opts.auth) */
	const cc_http_auth *auth;/* credentials for HTTP targets, or NULL */
	cc_oci *oci;             /* oci:// targets */
	const char *url;         /* HTTP: the base URL index entries name (helm repo index --url); NULL: the target */
	long long now;           /* seconds since the epoch: index `created` and `generated` */
	int attempts;            /* HTTP: index writes tried before giving up on a busy index; 0: 10 */
	const char *git_root;    /* git:BRANCH targets: the repository chartci runs in */
	void (*progress)(void *ctx, size_t done, size_t total, int upload); /* the archive's upload, or NULL */
	void *progress_ctx;
} cc_publish_opts;

/* A chart archive as publishing sees it. */
typedef struct cc_publish_chart {
	char *path;
	unsigned char *data;
	size_t len;
	char sha256[CC_SHA256_HEX];  /* of data, hex */
	char *name, *version;
	json_t *metadata;            /* helm's Metadata, in struct order */
	long long mtime;             /* the archive's Chart.yaml entry time: when the chart was made */
	unsigned char *prov;         /* <path>.prov when it exists (helm's provenance), else NULL */
	size_t prov_len;
} cc_publish_chart;

/* Reads and checks an archive (it must load as a chart helm would package). */
int cc_publish_chart_load(const char *path, cc_publish_chart *out, cc_error *err);
void cc_publish_chart_free(cc_publish_chart *c);

typedef struct cc_publish_result {
	int outcome;             /* CC_PUBLISH_* */
	char *where;             /* oci://host/path/name:version, or the archive's URL */
	char *digest;            /* the manifest's digest (OCI) or the archive's sha256 (HTTP) */
} cc_publish_result;

/* Publishes c to target (a URL as above). */
int cc_publish(const char *target, const cc_publish_chart *c, const cc_publish_opts *o, cc_publish_result *r,
	       cc_error *err);
void cc_publish_result_free(cc_publish_result *r);

#endif
