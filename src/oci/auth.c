/*
 * oci authentication: one registry request, anonymous or with what the
 * registry asked for last time, and on a 401 the challenge it sends
 * (RFC 7235 WWW-Authenticate) answered once: Basic with the host's
 * credentials, Bearer with a token from the challenge's realm (docker's
 * token protocol, or OAuth2's refresh_token grant with an identity token).
 */
#include "oci/oci_int.h"

#include <ctype.h>
#include <curl/curl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TOKEN_RESPONSE_MAX ((size_t)1 << 20)

/* ---- Credentials per registry ------------------------------------------ */

static int lookup(cc_oci *o, const char *registry, cc_oci_creds *c, cc_error *err)
{
	if (o->username || o->password) {
		c->username = o->username ? cc_strdup(o->username) : NULL;
		c->password = o->password ? cc_strdup(o->password) : NULL;
		return 1;
	}
	int rc = cc_oci_creds_from_file_(o->helm_config, registry, c, err);
	if (rc == 0)
		rc = cc_oci_creds_from_file_(o->docker_config, registry, c, err);
	return rc;
}

/* The registry's credentials, looked up once; NULL when there are none. */
static int creds_for(cc_oci *o, const char *registry, const cc_oci_creds **out, cc_error *err)
{
	*out = NULL;
	for (size_t i = 0; i < o->ncreds; i++) {
		if (!strcmp(o->creds[i].registry, registry)) {
			*out = o->creds[i].found ? &o->creds[i].creds : NULL;
			return CC_OK;
		}
	}
	cc_oci_creds c = { NULL, NULL, NULL, NULL };
	int rc = lookup(o, registry, &c, err);
	if (rc < 0)
		return rc;
	o->creds = cc_realloc(o->creds, (o->ncreds + 1) * sizeof(*o->creds));
	cc_oci_hostcreds *h = &o->creds[o->ncreds++];
	h->registry = cc_strdup(registry);
	h->creds = c;
	h->found = rc == 1;
	*out = h->found ? &h->creds : NULL;
	return CC_OK;
}

/* ---- Tokens ------------------------------------------------------------ */

static const char *token_get(const cc_oci *o, const char *registry, const char *scope)
{
	for (size_t i = 0; i < o->ntokens; i++)
		if (!strcmp(o->tokens[i].registry, registry) && !strcmp(o->tokens[i].scope, scope))
			return o->tokens[i].token;
	return NULL;
}

static void token_put(cc_oci *o, const char *registry, const char *scope, const char *token)
{
	for (size_t i = 0; i < o->ntokens; i++) {
		if (!strcmp(o->tokens[i].registry, registry) && !strcmp(o->tokens[i].scope, scope)) {
			free(o->tokens[i].token);
			o->tokens[i].token = cc_strdup(token);
			return;
		}
	}
	o->tokens = cc_realloc(o->tokens, (o->ntokens + 1) * sizeof(*o->tokens));
	o->tokens[o->ntokens].registry = cc_strdup(registry);
	o->tokens[o->ntokens].scope = cc_strdup(scope);
	o->tokens[o->ntokens].token = cc_strdup(token);
	o->ntokens++;
}

/* ---- The challenge ------------------------------------------------------ */

/* One auth-param value at *p (quoted-string or token); advances *p. */
static char *param_value(const char **p)
{
	const char *s = *p;
	cc_buf b = CC_BUF_INIT;
	cc_buf_puts(&b, "");
	if (*s == '"') {
		for (s++; *s && *s != '"'; s++) {
			if (*s == '\\' && s[1])
				s++;
			cc_buf_putc(&b, *s);
		}
		if (*s == '"')
			s++;
	} else {
		size_t n = strcspn(s, ", \t");
		cc_buf_put(&b, s, n);
		s += n;
	}
	*p = s;
	return cc_buf_detach(&b);
}

char *cc_oci_challenge_param_(const char *params, const char *key)
{
	const char *p = params;
	for (;;) {
		p += strspn(p, " \t,");
		size_t klen = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
		const char *eq = p + klen + strspn(p + klen, " \t");
		if (!klen || *eq != '=')
			return NULL; /* the end, or the next challenge's scheme */
		const char *v = eq + 1 + strspn(eq + 1, " \t");
		int match = klen == strlen(key) && !strncasecmp(p, key, klen);
		char *val = param_value(&v);
		if (match)
			return val;
		free(val);
		p = v;
	}
}

const char *cc_oci_challenge_(const char *hdr, const char *scheme)
{
	size_t n = strlen(scheme);
	for (const char *p = hdr; p && *p; p++) {
		int start = p == hdr || p[-1] == ' ' || p[-1] == ',';
		if (start && !strncasecmp(p, scheme, n) && (p[n] == ' ' || p[n] == '\0'))
			return p + n;
	}
	return NULL;
}

/* ---- Getting a token ------------------------------------------------------ */

char *cc_oci_realm_url_(const char *realm, const char *service, const char *scope)
{
	CURLU *u = curl_url();
	char *s = NULL, *out = NULL;
	char *q1 = service ? cc_asprintf("service=%s", service) : NULL;
	char *q2 = scope ? cc_asprintf("scope=%s", scope) : NULL;
	int ok = u && curl_url_set(u, CURLUPART_URL, realm, 0) == CURLUE_OK;
	if (ok && q1)
		ok = curl_url_set(u, CURLUPART_QUERY, q1, CURLU_APPENDQUERY | CURLU_URLENCODE) == CURLUE_OK;
	if (ok && q2)
		ok = curl_url_set(u, CURLUPART_QUERY, q2, CURLU_APPENDQUERY | CURLU_URLENCODE) == CURLUE_OK;
	if (ok && curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
		out = cc_strdup(s);
	curl_free(s);
	curl_url_cleanup(u);
	free(q1);
	free(q2);
	return out;
}

static void form_field(cc_buf *b, const char *key, const char *value)
{
	char *e = curl_easy_escape(NULL, value ? value : "", 0);
	cc_buf_printf(b, "%s%s=%s", b->len ? "&" : "", key, e ? e : "");
	curl_free(e);
}

int cc_oci_token_from_json_(const char *url, const cc_http_resp *r, char **token, cc_error *err)
{
	json_t *doc = json_loadb(r->body.ptr ? r->body.ptr : "", r->body.len, 0, NULL);
	const char *t = json_string_value(json_object_get(doc, "token"));
	if (!t || !*t)
		t = json_string_value(json_object_get(doc, "access_token"));
	int rc = CC_OK;
	if (t && *t) {
		*token = cc_strdup(t);
	} else {
		char *u = cc_http_redact(url);
		rc = cc_error_set(err, CC_EINVALID, NULL, 0, 0,
				  "%s: the token service's answer has no token or access_token", u);
		free(u);
	}
	json_decref(doc);
	return rc;
}

/* A token from the realm: OAuth2 refresh with an identity token, else docker's GET. */
static int fetch_token(cc_oci *o, const char *params, const char *scope, const cc_oci_creds *c,
		       char **token, cc_error *err)
{
	char *realm = cc_oci_challenge_param_(params, "realm");
	char *service = cc_oci_challenge_param_(params, "service");
	char *cscope = cc_oci_challenge_param_(params, "scope");
	const char *sc = cscope && *cscope ? cscope : scope;
	cc_http_auth auth = { .ca_file = o->ca_file, .cert_file = o->cert_file, .key_file = o->key_file,
			      .insecure = o->insecure };
	cc_http_req req = { .auth = &auth, .max_size = TOKEN_RESPONSE_MAX };
	cc_buf form = CC_BUF_INIT;
	const char *hdr[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
	char *url = NULL;
	if (c && c->identity_token && realm) {
		form_field(&form, "grant_type", "refresh_token");
		form_field(&form, "service", service);
		form_field(&form, "scope", sc);
		form_field(&form, "client_id", "chartci");
		form_field(&form, "refresh_token", c->identity_token);
		url = cc_strdup(realm);
		req.method = "POST";
		req.headers = hdr;
		req.body = form.ptr;
		req.body_len = form.len;
	} else if (realm) {
		url = cc_oci_realm_url_(realm, service, sc);
		auth.username = c ? c->username : NULL;
		auth.password = c ? c->password : NULL;
	}
	int rc;
	cc_http_resp r;
	memset(&r, 0, sizeof(r));
	if (!url) {
		rc = cc_error_set(err, CC_EINVALID, NULL, 0, 0, "the registry's Bearer challenge has no usable realm");
	} else {
		req.url = url;
		rc = cc_http_do(o->http, &req, &r, err);
		if (rc == CC_OK && r.status != 200)
			rc = cc_oci_status_error_(req.method ? req.method : "GET", url, &r, err);
		else if (rc == CC_OK)
			rc = cc_oci_token_from_json_(url, &r, token, err);
	}
	cc_http_resp_free(&r);
	cc_buf_free(&form);
	free(url);
	free(realm);
	free(service);
	free(cscope);
	return rc;
}

/* ---- The request ------------------------------------------------------------ */

/* Sets auth for what the registry wants, from the 401 in resp; 0 when there is nothing to answer with. */
static int answer(cc_oci *o, const char *registry, const char *scope, const cc_http_resp *resp,
		  cc_http_auth *auth, char **token, cc_error *err)
{
	const cc_oci_creds *c = NULL;
	int rc = creds_for(o, registry, &c, err);
	if (rc != CC_OK)
		return rc;
	const char *hdr = resp->www_authenticate ? resp->www_authenticate : "";
	const char *bearer = cc_oci_challenge_(hdr, "Bearer");
	if (bearer) {
		if (c && c->registry_token)
			*token = cc_strdup(c->registry_token);
		else if ((rc = fetch_token(o, bearer, scope, c, token, err)) != CC_OK)
			return rc;
		token_put(o, registry, scope, *token);
		auth->bearer = *token;
		return 1;
	}
	if (cc_oci_challenge_(hdr, "Basic") && c && (c->username || c->password)) {
		if (!cc_strvec_contains(&o->basic, registry))
			cc_strvec_push(&o->basic, registry);
		auth->username = c->username;
		auth->password = c->password;
		return 1;
	}
	return 0;
}

/* What this registry took last time: a token for the scope, or basic credentials. */
static int remembered(cc_oci *o, const char *registry, const char *scope, cc_http_auth *auth, cc_error *err)
{
	auth->bearer = token_get(o, registry, scope);
	if (auth->bearer || !cc_strvec_contains(&o->basic, registry))
		return CC_OK;
	const cc_oci_creds *c = NULL;
	int rc = creds_for(o, registry, &c, err);
	if (rc == CC_OK && c) {
		auth->username = c->username;
		auth->password = c->password;
	}
	return rc;
}

int cc_oci_request_(cc_oci *o, const char *registry, const char *repository, cc_http_req *req,
		    cc_http_resp *resp, cc_error *err)
{
	return cc_oci_request_as_(o, registry, repository, "pull", req, resp, err);
}

int cc_oci_request_as_(cc_oci *o, const char *registry, const char *repository, const char *actions,
		       cc_http_req *req, cc_http_resp *resp, cc_error *err)
{
	memset(resp, 0, sizeof(*resp));
	char *scope = cc_asprintf("repository:%s:%s", repository, actions);
	cc_http_auth auth = { .ca_file = o->ca_file, .cert_file = o->cert_file, .key_file = o->key_file,
			      .insecure = o->insecure };
	char *token = NULL;
	req->auth = &auth;
	/*
	 * Credentials are the registry's own: a next page or an upload location
	 * on another origin gets none, as oras-go (helm's client) picks them by
	 * each request's host.
	 */
	char *home = cc_oci_url_(o, registry, repository, "");
	int own = cc_http_same_origin(req->url, home);
	free(home);
	int rc = own ? remembered(o, registry, scope, &auth, err) : CC_OK;
	if (rc == CC_OK)
		rc = cc_http_do(o->http, req, resp, err);
	if (own && rc == CC_OK && resp->status == 401) {
		/* a remembered token may have expired: the challenge decides afresh */
		cc_http_auth fresh = { .ca_file = o->ca_file, .cert_file = o->cert_file,
				       .key_file = o->key_file, .insecure = o->insecure };
		rc = answer(o, registry, scope, resp, &fresh, &token, err);
		if (rc == 1) {
			auth = fresh;
			cc_http_resp_free(resp);
			rc = cc_http_do(o->http, req, resp, err);
		}
		rc = rc == 1 ? CC_OK : rc;
	}
	req->auth = NULL;
	free(token);
	free(scope);
	return rc;
}
