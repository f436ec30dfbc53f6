/*
 * nethttp: how the commands that reach the network set up cc_http: the
 * total timeout, and the TLS policy made of .chartci.yaml's repository
 * entries (each covering the URLs under it) and the flags or environment
 * (covering the rest). Built before the first request, so a CA file that
 * is missing or holds no certificate stops the run before anything is
 * sent.
 */
#include "cli/netopts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TIMEOUT_MAX_S 86400L

/* ctx: the run's cc_strvec of warnings said; ci's stages each build a policy, and warn alike */
static void warn(void *ctx, const char *msg)
{
	cc_strvec *said = ctx;
	if (cc_strvec_contains(said, msg))
		return;
	cc_strvec_push(said, msg);
	fprintf(stderr, "chartci: warning: %s\n", msg);
}

static int timeout_of(const cc_cli *cli, long *out, cc_error *err)
{
	const char *v = cli->tls.timeout ? cli->tls.timeout : cc_cli_setting(cli, "timeout", "CHARTCI_TIMEOUT");
	char *end = NULL;
	long n = v ? strtol(v, &end, 10) : 0;
	*out = n;
	if (!v || (end && !*end && n >= 1 && n <= TIMEOUT_MAX_S))
		return CC_OK;
	cc_error_set(err, CC_EINVALID, NULL, 0, 0, "timeout takes a number of seconds from 1 to %ld, not '%s'",
		     TIMEOUT_MAX_S, v);
	if (cli->tls.timeout)
		snprintf(err->file, sizeof(err->file), "--timeout");
	else
		cc_cli_setting_blame(cli, "timeout", "CHARTCI_TIMEOUT", err);
	return CC_EINVALID;
}

static int env_flag(const char *name, int *out, cc_error *err)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return CC_OK;
	if (!strcasecmp(v, "true") || !strcmp(v, "1") || !strcasecmp(v, "yes"))
		*out = 1;
	else if (strcasecmp(v, "false") && strcmp(v, "0") && strcasecmp(v, "no"))
		return cc_error_set(err, CC_EINVALID, name, 0, 0, "takes true or false, not '%s'", v);
	return CC_OK;
}

/* The flags, else the environment: the choices for URLs no repository entry covers. */
static int default_tls(const cc_cli *cli, cc_http_policy *p, cc_error *err)
{
	const char *ca = getenv("CHARTCI_CA_FILE");
	cc_http_tls t = { cli->tls.ca_file ? cli->tls.ca_file : ca && *ca ? ca : NULL, cli->tls.cert_file,
			  cli->tls.key_file, cli->tls.insecure };
	int rc = cli->tls.insecure ? CC_OK : env_flag("CHARTCI_INSECURE_SKIP_TLS_VERIFY", &t.insecure, err);
	return rc == CC_OK ? cc_http_policy_add(p, NULL, &t, err) : rc;
}

/* A path key of a repository entry, relative to the configuration's directory. Caller frees. */
static char *entry_path(const cc_cli *cli, const cc_yaml_node *m, const char *key)
{
	const cc_yaml_node *v = cc_yaml_map_get(m, key);
	return v && cc_yaml_is_string(v) && v->value[0] ? cc_cli_config_path(cli, v->value) : NULL;
}

/* One repository entry's own TLS choices, when it has any; errors sit on the entry. */
static int entry_tls(const cc_cli *cli, const char *name, const cc_yaml_node *m, cc_http_policy *p,
		     cc_error *err)
{
	const cc_yaml_node *url = cc_yaml_map_get(m, "url");
	char *ca = entry_path(cli, m, "ca-file"), *cert = entry_path(cli, m, "cert-file");
	char *key = entry_path(cli, m, "key-file");
	cc_http_tls t = { ca, cert, key, cc_cli_config_flag(m, "insecure-skip-tls-verify") };
	int rc = CC_OK;
	if (url && cc_yaml_is_string(url) && (ca || cert || key || cc_yaml_map_get(m, "insecure-skip-tls-verify")))
		rc = cc_http_policy_add(p, url->value, &t, err);
	if (rc != CC_OK) {
		char what[CC_ERROR_MSG_MAX + CC_PATH_MAX];
		cc_error_format(err, what, sizeof(what));
		cc_error_set(err, rc, cc_yaml_doc_file(cli->config), m->line, m->col, "repositories: %s: %s", name,
			     what);
	}
	free(ca);
	free(cert);
	free(key);
	return rc;
}

static int config_tls(const cc_cli *cli, cc_http_policy *p, cc_error *err)
{
	const cc_yaml_node *m = NULL;
	int rc = cc_cli_config_get(cli, NULL, "repositories", CC_YAML_MAP, "a mapping of names to URLs", &m, err);
	for (size_t i = 0; rc == CC_OK && m && i < m->npairs; i++)
		if (m->pairs[i].value->kind == CC_YAML_MAP)
			rc = entry_tls(cli, m->pairs[i].key->value, m->pairs[i].value, p, err);
	return rc;
}

int cc_cli_http_opts(const cc_cli *cli, cc_http_opts *o, cc_http_policy **policy, cc_error *err)
{
	/* the only state a run keeps across its stages: cli is the CLI's own, made mutable in main */
	*policy = cc_http_policy_new(warn, (void *)&cli->warned);
	int rc = timeout_of(cli, &o->timeout_s, err);
	if (rc == CC_OK)
		rc = config_tls(cli, *policy, err);
	if (rc == CC_OK)
		rc = default_tls(cli, *policy, err);
	o->policy = *policy;
	return rc;
}
