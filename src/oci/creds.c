/*
 * oci credentials: the `auths` of a docker-format config.json (helm's
 * registry config is one too), found for a registry host as docker's
 * credential store finds them: the key exactly, then any key that names
 * the same host once its scheme and path are dropped.
 */
#include "oci/oci_int.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#define CONFIG_MAX ((size_t)1 << 20)

void cc_oci_creds_free_(cc_oci_creds *c)
{
	free(c->username);
	free(c->password);
	free(c->identity_token);
	free(c->registry_token);
	memset(c, 0, sizeof(*c));
}

static char *env_path(const char *var, const char *rel)
{
	const char *v = getenv(var);
	return v && *v ? cc_path_join(v, rel) : NULL;
}

char *cc_oci_helm_config_path_(const char *opt)
{
	if (opt)
		return *opt ? cc_strdup(opt) : NULL;
	const char *v = getenv("HELM_REGISTRY_CONFIG");
	if (v && *v)
		return cc_strdup(v);
	char *p = env_path("HELM_CONFIG_HOME", "registry/config.json");
	if (!p)
		p = env_path("XDG_CONFIG_HOME", "helm/registry/config.json");
	if (!p)
		p = env_path("HOME", ".config/helm/registry/config.json");
	return p;
}

char *cc_oci_docker_config_path_(const char *opt)
{
	if (opt)
		return *opt ? cc_strdup(opt) : NULL;
	char *p = env_path("DOCKER_CONFIG", "config.json");
	return p ? p : env_path("HOME", ".docker/config.json");
}

/* A key as a host: "https://host:5000/v1/" -> "host:5000"; docker.io's names -> index.docker.io. */
static char *key_host(const char *key)
{
	const char *s = key;
	if (!strncmp(s, "https://", 8))
		s += 8;
	else if (!strncmp(s, "http://", 7))
		s += 7;
	char *h = cc_strndup(s, strcspn(s, "/"));
	if (!strcmp(h, "docker.io") || !strcmp(h, "registry-1.docker.io")) {
		free(h);
		h = cc_strdup("index.docker.io");
	}
	return h;
}

static json_t *find_entry(json_t *auths, const char *host)
{
	json_t *e = json_object_get(auths, host);
	if (json_is_object(e))
		return e;
	char *want = key_host(host);
	const char *key;
	json_t *v;
	e = NULL;
	json_object_foreach(auths, key, v) {
		char *k = key_host(key);
		int same = !strcmp(k, want);
		free(k);
		if (same && json_is_object(v)) {
			e = v;
			break;
		}
	}
	free(want);
	return e;
}

static char *str_field(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s && *s ? cc_strdup(s) : NULL;
}

/* `auth`: base64 of "user:pass", decoded by libcrypto. */
static int decode_auth(const char *b64, const char *path, cc_oci_creds *out, cc_error *err)
{
	size_t n = strlen(b64);
	unsigned char *raw = cc_malloc(n / 4 * 3 + 4);
	int len = n % 4 == 0 ? EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)n) : -1;
	for (size_t i = n; len > 0 && i > 0 && b64[i - 1] == '='; i--)
		len--; /* EVP_DecodeBlock counts the padding as zero bytes */
	char *colon = len > 0 ? memchr(raw, ':', (size_t)len) : NULL;
	if (!colon) {
		free(raw);
		return cc_error_set(err, CC_EINVALID, path, 0, 0,
				    "an `auth` entry is not base64 of \"username:password\"");
	}
	out->username = cc_strndup((char *)raw, (size_t)(colon - (char *)raw));
	out->password = cc_strndup(colon + 1, (size_t)len - (size_t)(colon - (char *)raw) - 1);
	OPENSSL_cleanse(raw, n / 4 * 3 + 4);
	free(raw);
	return CC_OK;
}

static int read_entry(json_t *e, const char *path, cc_oci_creds *out, cc_error *err)
{
	const char *auth = json_string_value(json_object_get(e, "auth"));
	if (auth && *auth) {
		int rc = decode_auth(auth, path, out, err);
		if (rc != CC_OK)
			return rc;
	} else {
		out->username = str_field(e, "username");
		out->password = str_field(e, "password");
	}
	out->identity_token = str_field(e, "identitytoken");
	out->registry_token = str_field(e, "registrytoken");
	return out->username || out->password || out->identity_token || out->registry_token;
}

int cc_oci_creds_from_file_(const char *path, const char *host, cc_oci_creds *out, cc_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!path || !cc_path_exists(path))
		return 0;
	cc_buf b = CC_BUF_INIT;
	int rc = cc_file_read(path, CONFIG_MAX, &b, err);
	if (rc != CC_OK)
		return rc;
	json_error_t je;
	json_t *doc = json_loadb(b.ptr, b.len, 0, &je);
	cc_buf_free(&b);
	if (!doc)
		return cc_error_set(err, CC_EINVALID, path, je.line, je.column, "%s", je.text);
	json_t *auths = json_object_get(doc, "auths");
	json_t *e = json_is_object(auths) ? find_entry(auths, host) : NULL;
	rc = e ? read_entry(e, path, out, err) : 0;
	json_decref(doc);
	if (rc <= 0)
		cc_oci_creds_free_(out);
	return rc;
}
