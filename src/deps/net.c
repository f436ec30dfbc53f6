/*
 * net: the version sources cc_deps_resolve reads, over the network.
 *
 * A chart repository's index.yaml is fetched once per run through the HTTP
 * cache (an unchanged index costs one conditional request) and parsed once,
 * however many charts depend on it (and not at all when it has not changed
 * since the last run: its parsed table is kept in the cache); a registry's
 * tags are listed for each dependency on it. Credentials come from the repository table entry whose
 * URL matches (helm's repositories.yaml, .chartci.yaml) for indexes, and
 * from the registry configuration files for OCI; none is ever put in a
 * message, and URLs in messages lose their user:pass@ part.
 */
#include "deps/net_priv.h"

#include <curl/curl.h>
#include <string.h>
#include <strings.h>

#define INDEX_MAX_SIZE ((size_t)512 << 20)

static char *trim_slash(const char *url)
{
	char *s = cc_strdup(url);
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == '/')
		s[--n] = '\0';
	return s;
}

void cc_deps_net_auth(const cc_deps_net *n, const char *url, cc_http_auth *a, const cc_repo **entry)
{
	const cc_repo *e = cc_repos_by_url(n->repos, url);
	memset(a, 0, sizeof(*a));
	if (entry)
		*entry = e;
	if (!e)
		return;
	a->username = e->username;
	a->password = e->password;
	a->ca_file = e->ca_file;
	a->cert_file = e->cert_file;
	a->key_file = e->key_file;
	a->insecure = e->insecure;
}

/* Where the parsed table of the index at x->url is kept. Caller frees; NULL without a cache. */
static char *table_path(const cc_deps_net *n, const net_index *x)
{
	char url_sha[CC_SHA256_HEX];
	cc_sha256_hex(x->url, strlen(x->url), url_sha);
	return n->cache_dir ? cc_asprintf("%s/index-%s.table", n->cache_dir, url_sha) : NULL;
}

/*
 * Parsing a large index costs far more than asking whether it changed:
 * the parsed table is kept beside the HTTP cache under the sha256 of the
 * index's bytes, and an index still current (a 304) is not even read.
 */
static int read_index(cc_deps_net *n, const char *index_url, const cc_http_auth *auth, net_index *x,
		      const char *shown)
{
	char sha[CC_SHA256_HEX];
	int have_body = 0;
	cc_buf body = CC_BUF_INIT;
	cc_error ignored;
	char *table = table_path(n, x);
	int rc = cc_http_get_current(n->http, index_url, auth, INDEX_MAX_SIZE, &body, sha, &have_body, &x->err);
	if (rc == CC_OK && !have_body && table && cc_index_load(table, sha, shown, &x->idx, &ignored) == CC_OK)
		goto done;
	if (rc == CC_OK && !have_body)
		rc = cc_http_get(n->http, index_url, auth, INDEX_MAX_SIZE, &body, &x->err);
	if (rc == CC_OK)
		rc = cc_index_parse(body.ptr ? body.ptr : "", body.len, shown, NULL, &x->idx, &x->err);
	if (rc == CC_OK && table)
		cc_index_save(x->idx, table, sha, &ignored); /* a cache that cannot be written costs time only */
	if (rc != CC_OK && x->err.file[0]) {
		/* the finding sits on the dependency; the index's own position goes in the message */
		char where[CC_ERROR_MSG_MAX + CC_PATH_MAX];
		cc_error_format(&x->err, where, sizeof(where));
		cc_error_set(&x->err, x->err.code, NULL, 0, 0, "%s", where);
	}
done:
	free(table);
	cc_buf_free(&body);
	return rc;
}

static void fetch_index(cc_deps_net *n, net_index *x)
{
	cc_http_auth auth;
	cc_deps_net_auth(n, x->url, &auth, NULL);
	char *index_url = cc_asprintf("%s/index.yaml", x->url);
	char *shown = cc_http_redact(index_url);
	int rc = read_index(n, index_url, &auth, x, shown);
	if (rc == CC_ENOTFOUND && !n->offline)
		cc_error_set(&x->err, CC_EINVALID, NULL, 0, 0, "%s is not a chart repository: %s", shown, x->err.msg);
	/* "not found" is kept for a chart missing from a repository that was read */
	if (x->err.code == CC_ENOTFOUND)
		x->err.code = CC_EIO;
	free(shown);
	free(index_url);
}

static net_index *index_for(cc_deps_net *n, const char *url)
{
	char *key = trim_slash(url);
	for (size_t i = 0; i < n->nix; i++) {
		if (strcmp(n->ix[i].url, key) == 0) {
			free(key);
			return &n->ix[i];
		}
	}
	n->ix = cc_realloc(n->ix, (n->nix + 1) * sizeof(*n->ix));
	net_index *x = &n->ix[n->nix++];
	memset(x, 0, sizeof(*x));
	x->url = key;
	cc_error_clear(&x->err);
	fetch_index(n, x);
	return x;
}

const cc_index *cc_deps_net_index(cc_deps_net *n, const char *url, cc_error *err)
{
	net_index *x = index_for(n, url);
	if (!x->idx) {
		*err = x->err;
		if (!err->code)
			err->code = CC_ERROR;
	}
	return x->idx;
}

static int index_versions(void *ctx, const char *url, const char *name, cc_strvec *out, cc_error *err)
{
	const cc_index *idx = cc_deps_net_index(ctx, url, err);
	if (!idx)
		return err->code;
	const cc_index_entry *const *v = NULL;
	size_t nv = 0;
	if (cc_index_chart(idx, name, &v, &nv) != CC_OK)
		return CC_ENOTFOUND;
	for (size_t i = 0; i < nv; i++)
		if (v[i]->nurls > 0)
			cc_strvec_push(out, v[i]->version);
	return CC_OK;
}

static int oci_tags(void *ctx, const char *url, const char *name, cc_strvec *out, cc_error *err)
{
	cc_deps_net *n = ctx;
	char *trimmed = trim_slash(url);
	char *ref = cc_asprintf("%s/%s", trimmed, name);
	cc_oci_ref r;
	memset(&r, 0, sizeof(r));
	int rc = cc_oci_ref_parse(ref, &r, err);
	if (rc == CC_OK)
		rc = cc_oci_chart_versions(n->oci, r.registry, r.repository, out, err);
	if (rc == CC_ENOTFOUND)
		rc = cc_error_set(err, rc, NULL, 0, 0, "%s: %s", ref, err->msg);
	cc_oci_ref_free(&r);
	free(ref);
	free(trimmed);
	return rc;
}

int cc_deps_net_new(const cc_deps_net_opts *o, cc_deps_net **out, cc_error *err)
{
	cc_deps_net *n = cc_calloc(1, sizeof(*n));
	n->repos = o->repos;
	n->cache_dir = o->cache_dir ? cc_strdup(o->cache_dir) : NULL;
	n->offline = o->offline;
	cc_http_opts ho = { .cache_dir = o->cache_dir, .offline = o->offline, .progress = o->progress,
			    .progress_ctx = o->progress_ctx, .policy = o->policy, .timeout_s = o->timeout_s };
	cc_oci_opts oo = { .plain_http = o->plain_http, .registry_config = o->registry_config };
	int rc = cc_http_new(&ho, &n->http, err);
	if (rc == CC_OK)
		rc = cc_oci_new(n->http, &oo, &n->oci, err);
	if (rc != CC_OK) {
		cc_deps_net_free(n);
		return rc;
	}
	*out = n;
	return CC_OK;
}

void cc_deps_net_sources(cc_deps_net *n, cc_deps_sources *src)
{
	memset(src, 0, sizeof(*src));
	src->index_versions = index_versions;
	src->oci_tags = oci_tags;
	src->ctx = n;
}

void cc_deps_net_free(cc_deps_net *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nix; i++) {
		free(n->ix[i].url);
		cc_index_free(n->ix[i].idx);
	}
	free(n->ix);
	free(n->cache_dir);
	cc_oci_free(n->oci);
	cc_http_free(n->http);
	free(n);
}
