/*
 * oci internals: credentials from config files (creds.c), authenticated
 * requests (auth.c), shared by the registry operations (oci.c).
 */
#ifndef CC_OCI_INT_H
#define CC_OCI_INT_H

#include <jansson.h>
#include "oci/oci.h"

typedef struct cc_oci_creds {
	char *username, *password;
	char *identity_token;   /* an OAuth2 refresh token (docker's identitytoken) */
	char *registry_token;   /* a bearer token sent as it is (docker's registrytoken) */
} cc_oci_creds;

typedef struct cc_oci_token {
	char *registry, *scope, *token;
} cc_oci_token;

typedef struct cc_oci_hostcreds {
	char *registry;
	cc_oci_creds creds;
	int found;
} cc_oci_hostcreds;

struct cc_oci {
	cc_http *http;
	int plain_http;
	int page_size;
	size_t chunk_size;
	char *username, *password;
	char *helm_config, *docker_config;   /* NULL: none */
	char *ca_file, *cert_file, *key_file;
	int insecure;
	cc_oci_token *tokens;                /* bearer tokens per registry and scope */
	size_t ntokens;
	cc_oci_hostcreds *creds;             /* credentials looked up per registry */
	size_t ncreds;
	cc_strvec basic;                     /* registries that answered with a Basic challenge */
};

void cc_oci_creds_free_(cc_oci_creds *c);
/* helm's registry config.json and docker's config.json as the options name them; caller frees; NULL: none. */
char *cc_oci_helm_config_path_(const char *opt);
char *cc_oci_docker_config_path_(const char *opt);
/* The credentials a config file holds for host: 1 found, 0 none (or no
 * file), or a negative CC_E* code for a file that is not a docker config. */
int cc_oci_creds_from_file_(const char *path, const char *host, cc_oci_creds *out, cc_error *err);

/* One request to a registry with the authentication dance of oci.h. */
int cc_oci_request_(cc_oci *o, const char *registry, const char *repository, cc_http_req *req,
		    cc_http_resp *resp, cc_error *err);
/* The same for a token scope of other actions ("pull,push" to upload). */
int cc_oci_request_as_(cc_oci *o, const char *registry, const char *repository, const char *actions,
		       cc_http_req *req, cc_http_resp *resp, cc_error *err);
/* "sha256:<hex>" of data; caller frees. */
char *cc_oci_digest_(const void *data, size_t len);
/* The manifest at ref (by digest, else tag with '+' as '_') into body; CC_ENOTFOUND when there is none. */
int cc_oci_get_manifest_(cc_oci *o, const cc_oci_ref *ref, cc_buf *body, cc_error *err);
/* The chart layer descriptor of a parsed manifest, with helm's checks. */
int cc_oci_chart_layer_(const cc_oci_ref *ref, json_t *manifest, json_t **layer, cc_error *err);
/* "<scheme>://<registry>/v2/<repository>/<rest>"; caller frees. */
char *cc_oci_url_(const cc_oci *o, const char *registry, const char *repository, const char *rest);
/* The error for an unexpected response: "<METHOD> <url>: <status> <registry's error code and message>". */
int cc_oci_status_error_(const char *method, const char *url, const cc_http_resp *r, cc_error *err);

/* What a registry sends back, parsed apart from any request so it can be tested on its own. */

/* Where scheme's challenge starts in a WWW-Authenticate header (after the scheme name), or NULL. */
const char *cc_oci_challenge_(const char *hdr, const char *scheme);
/* The value of auth-param `key` of the challenge that starts at params, or NULL; caller frees. */
char *cc_oci_challenge_param_(const char *params, const char *key);
/* The token request's URL: realm with service and scope added to its query; NULL when realm is no URL. */
char *cc_oci_realm_url_(const char *realm, const char *service, const char *scope);
/* The token of a token service's JSON answer ("token", else "access_token"); url names it in errors. */
int cc_oci_token_from_json_(const char *url, const cc_http_resp *r, char **token, cc_error *err);
/* The URL of a Link header's rel="next" target, resolved against base; NULL when none. */
char *cc_oci_link_next_(const char *link, const char *base);
/* The tags of one tag list page (the body of r, fetched from url) appended to out. */
int cc_oci_tags_page_(const char *url, const cc_http_resp *r, cc_strvec *out, cc_error *err);

#endif
