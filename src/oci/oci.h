/*
 * oci: Helm charts in OCI registries (the distribution API), over cc_http.
 *
 * What it does, as helm does it (../shared/reference/helm-formats.md, 5):
 *   tags      GET /v2/<repo>/tags/list, following the Link header's next
 *             page (`?n=&last=`) until there is none.
 *   versions  the tags as helm reads them for charts: '_' back to '+',
 *             only strict SemVer 2.0.0, highest first.
 *   pull      the manifest (OCI image manifest or Docker v2), the media
 *             types helm requires (a helm config, a chart layer, or the
 *             deprecated application/tar+gzip), then the chart layer,
 *             checked against its descriptor's size and sha256 before it
 *             is renamed into place.
 *
 * Authentication, per request: anonymous first; on a 401 the
 * WWW-Authenticate challenge decides. `Basic` resends with the host's
 * credentials. `Bearer realm=,service=,scope=` gets a token from the realm
 * (GET with service and scope, with basic credentials when there are any;
 * or, with an identity token, an OAuth2 POST grant_type=refresh_token) and
 * resends with it; tokens are kept per registry and scope for the life of
 * the cc_oci, and a registry known to want Basic gets it straight away.
 * Credentials for a host come from, in order: the explicit username and
 * password in cc_oci_opts; helm's registry config.json; docker's
 * config.json. In those files `auths` entries may be keyed `host`,
 * `host:port`, `https://host[:port]`, `http://host[:port]`, with or without
 * a path such as `/v1/` (docker.io's key is https://index.docker.io/v1/);
 * an entry gives `auth` (base64 of "user:pass") or `username` and
 * `password`, or an `identitytoken` (an OAuth2 refresh token, as
 * `docker login` stores for token-based registries) or a `registrytoken`
 * (a bearer token sent as it is).
 * Not supported: `credsStore` and `credHelpers` (credential helper
 * programs). chartci never runs an external program for a secret; entries
 * kept only in a helper are not found, and the request goes anonymous.
 * Pass the credentials explicitly (cc_oci_opts) or with `auths` instead.
 *
 * No credential or token appears in an error message.
 */
#ifndef CC_OCI_H
#define CC_OCI_H

#include <stddef.h>
#include "base/base.h"
#include <jansson.h>
#include "http/http.h"

#define CC_OCI_MEDIA_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define CC_OCI_MEDIA_INDEX "application/vnd.oci.image.index.v1+json"
#define CC_OCI_MEDIA_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"
#define CC_OCI_MEDIA_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define CC_OCI_MEDIA_HELM_CONFIG "application/vnd.cncf.helm.config.v1+json"
#define CC_OCI_MEDIA_HELM_CHART "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
#define CC_OCI_MEDIA_HELM_PROV "application/vnd.cncf.helm.chart.provenance.v1.prov"
#define CC_OCI_MEDIA_HELM_LEGACY "application/tar+gzip"

#define CC_OCI_MANIFEST_MAX ((size_t)4 << 20)  /* 4 MiB, the distribution spec's suggested bound */
#define CC_OCI_TAGS_PAGE_MAX ((size_t)16 << 20)
#define CC_OCI_TAGS_MAX 1000000                /* all pages together */
#define CC_OCI_CHART_MAX ((size_t)256 << 20)

typedef struct cc_oci cc_oci;

typedef struct cc_oci_opts {
	int plain_http;                 /* http:// instead of https:// (helm's --plain-http) */
	const char *registry_config;    /* helm's registry config.json; NULL: $HELM_REGISTRY_CONFIG, else $HELM_CONFIG_HOME/registry/config.json, $XDG_CONFIG_HOME/helm/registry/config.json or ~/.config/helm/registry/config.json; "": none */
	const char *docker_config;      /* NULL: $DOCKER_CONFIG/config.json else ~/.docker/config.json (fallback after helm's); "": none */
	const char *username, *password;/* explicit credentials override the files */
	int tags_page_size;             /* 0: let the registry choose; else ?n= on the first tags request */
	size_t chunk_size;              /* pushing: blobs larger than this go up in PATCH chunks of this size; 0: one PUT */
	const cc_http_auth *tls;        /* NULL: defaults; else its ca_file, cert_file, key_file and insecure are used (not its credentials) */
} cc_oci_opts;

typedef struct cc_oci_ref { char *registry; char *repository; char *tag; char *digest; } cc_oci_ref;

/* "oci://host[:port]/path/name[:tag][@sha256:...]" (oci:// optional).
 * tag keeps a '+' as written; digest is "sha256:<64 hex>". Errors are
 * CC_EINVALID with err->col at the offending character. */
int cc_oci_ref_parse(const char *ref, cc_oci_ref *out, cc_error *err);
void cc_oci_ref_free(cc_oci_ref *r);

int cc_oci_new(cc_http *http, const cc_oci_opts *o, cc_oci **out, cc_error *err);
void cc_oci_free(cc_oci *o);

/* All tags of registry/repository as the registry lists them, following
 * Link pagination. CC_ENOTFOUND when the repository does not exist (404 /
 * NAME_UNKNOWN). */
int cc_oci_tags(cc_oci *o, const char *registry, const char *repository, cc_strvec *out, cc_error *err);

/* The tags as helm reads them for charts: '_' -> '+', only strict SemVer
 * (no v prefix, 3 parts), sorted highest first, as normalised strings. */
int cc_oci_chart_versions(cc_oci *o, const char *registry, const char *repository, cc_strvec *out, cc_error *err);

/* Pulls a Helm chart to path (atomically): the manifest, its media types
 * checked as helm checks them, the chart layer verified against its digest
 * and size. *manifest_digest (caller frees; may be NULL) is the sha256 of
 * the manifest's bytes. A tag with '+' is requested with '_'; a ref with a
 * digest is pulled by digest, and the manifest must match it. */
int cc_oci_pull_chart(cc_oci *o, const cc_oci_ref *ref, const char *path, char **manifest_digest, cc_error *err);

/* ---- Pushing (push.c) ------------------------------------------------------- */

/* What a chart is in a registry, as helm pushes it. */
typedef struct cc_oci_artifact {
	const void *config;             /* helm's Metadata as json.Marshal writes it (the config blob) */
	size_t config_len;
	const void *chart;              /* the .tgz (the chart layer) */
	size_t chart_len;
	const void *prov;               /* its .prov (a second layer), or NULL */
	size_t prov_len;
	const json_t *annotations;      /* the manifest's, from cc_oci_annotations */
	void (*progress)(void *ctx, size_t done, size_t total, int upload); /* the chart layer's upload, or NULL */
	void *progress_ctx;
} cc_oci_artifact;

/*
 * helm's generateOCIAnnotations: description, title (name), version, url
 * (home), created, source (sources[0]), authors ("Name (email), ..."),
 * each only when not blank; then the chart's own annotations, which
 * override all but title and version. metadata is helm's Metadata as JSON.
 */
json_t *cc_oci_annotations(const json_t *metadata, const char *created);

/* The manifest bytes helm pushes: schemaVersion, config, layers sorted by digest, annotations. */
int cc_oci_manifest(const cc_oci_artifact *a, cc_buf *out, cc_error *err);

/*
 * What is published at ref's tag: the chart layer's digest and the
 * manifest's (either may be NULL; caller frees). CC_ENOTFOUND when the tag
 * (or the repository) does not exist.
 */
int cc_oci_published(cc_oci *o, const cc_oci_ref *ref, char **chart_digest, char **manifest_digest,
		     cc_error *err);

/*
 * Pushes the artifact to ref's tag ('+' as '_'): each blob the registry
 * lacks (HEAD first) in one PUT or in PATCH chunks, the manifest by digest,
 * then the tag. *manifest_digest (caller frees; may be NULL).
 */
int cc_oci_push(cc_oci *o, const cc_oci_ref *ref, const cc_oci_artifact *a, char **manifest_digest,
		cc_error *err);

#endif
