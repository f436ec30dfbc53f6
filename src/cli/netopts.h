/*
 * The options every command that reaches repositories shares (lock, deps
 * build): where helm's repositories.yaml and registry credentials are,
 * the cache, --offline and --plain-http; and opening the repository table
 * (helm's, then .chartci.yaml's `repositories:`) and the network on them.
 */
#ifndef CC_CLI_NETOPTS_H
#define CC_CLI_NETOPTS_H

#include <stdio.h>
#include "cli/cli.h"
#include "chart/chart.h"
#include "deps/deps.h"
#include "http/http.h"

typedef struct cc_cli_net {
	const char *repo_config;
	const char *registry_config;
	const char *cache_dir;
	int offline;
	int plain_http;
	cc_repos *repos;
	cc_deps_net *net;   /* NULL until opened with network = 1 */
	cc_http_policy *policy;  /* with net: TLS choices and warnings */
} cc_cli_net;

#define CC_CLI_NET_LONGOPTS                                             \
	{ "repository-config", required_argument, NULL, 3001 },         \
	{ "registry-config", required_argument, NULL, 3002 },           \
	{ "cache-dir", required_argument, NULL, 3003 },                 \
	{ "offline", no_argument, NULL, 3004 },                         \
	{ "plain-http", no_argument, NULL, 3005 },                      \
	CC_CLI_TLS_LONGOPTS
#define CC_CLI_NET_HELP                                                                      \
	"      --repository-config FILE  helm's repositories.yaml (default:\n"                  \
	"                     $HELM_REPOSITORY_CONFIG, else helm's own place)\n"                \
	"      --registry-config FILE  registry credentials (default:\n"                        \
	"                     $HELM_REGISTRY_CONFIG, else helm's own place; then docker's)\n"   \
	"      --cache-dir DIR  where indexes and archives are cached (default:\n"              \
	"                     $CHARTCI_CACHE_DIR, else $XDG_CACHE_HOME/chartci or\n"            \
	"                     ~/.cache/chartci)\n"                                              \
	"      --offline      use the cache only; never touch the network\n"                    \
	"      --plain-http   reach OCI registries over http:// (as helm's --plain-http)\n"   \
	CC_CLI_TLS_HELP

/*
 * The cc_http options every command that reaches the network shares:
 * o->timeout_s from --timeout, $CHARTCI_TIMEOUT or `timeout` in
 * .chartci.yaml; o->policy a new *policy (the caller frees it) with each
 * .chartci.yaml repository's own TLS settings for the URLs under it, and
 * --ca-file, --cert-file, --key-file, --insecure-skip-tls-verify (or
 * $CHARTCI_CA_FILE, $CHARTCI_INSECURE_SKIP_TLS_VERIFY) for the rest; it
 * warns on stderr. A CA file that cannot be read or holds no certificate
 * is an error naming it.
 */
int cc_cli_http_opts(const cc_cli *cli, cc_http_opts *o, cc_http_policy **policy, cc_error *err);

/* 1 if opt was one of CC_CLI_NET_LONGOPTS (and is now set), else 0. */
int cc_cli_net_opt(cc_cli_net *n, int opt, const char *arg);
/* Loads the repository table, and with network = 1 opens the network on it. */
int cc_cli_net_open(const cc_cli *cli, cc_cli_net *n, int network, cc_error *err);
/* `@name` repositories in req replaced by their URLs; an unknown name is an error at its entry. */
int cc_cli_net_substitute(const cc_cli_net *n, json_t *req, const cc_yaml_node *nodes, const char *file,
			  cc_error *err);
void cc_cli_net_close(cc_cli_net *n);

/* A chart and its declared dependencies, `@name` repositories already URLs. */
typedef struct cc_cli_deps {
	cc_chart *chart;
	json_t *req;                 /* helm's dependency list */
	const cc_yaml_node *nodes;   /* the dependency entries, for positions */
	const char *file;            /* where they are declared */
} cc_cli_deps;
/* Loads it; on failure adds a finding with `rule` and returns non-zero. */
int cc_cli_deps_load(const cc_cli_net *n, const char *path, const char *rule, cc_findings *fs, cc_cli_deps *d);
/* An error about dependency `failed` (1-based; 0: none) placed on its entry when it has no position. */
void cc_cli_deps_error(const cc_cli_deps *d, size_t failed, const char *rule, cc_error *err, cc_findings *fs);
void cc_cli_deps_free(cc_cli_deps *d);

/*
 * `helm dependency build` for the chart at path, checked (cc_deps_build):
 * a lock missing or out of sync with Chart.yaml, and every fetch error,
 * are findings with `rule`; what was saved is printed to out (NULL: not
 * printed). file:// dependencies must stay inside the git work tree
 * around the chart (else cli->root); SOURCE_DATE_EPOCH stamps their
 * archives as it stamps `chartci package`'s. CC_OK when charts/ now holds
 * what the lock pins.
 */
int cc_cli_deps_build(const cc_cli *cli, const cc_cli_net *n, const char *path, const char *rule, FILE *out,
		      cc_findings *fs);

/*
 * The rest of a command after its options: opens the repository table
 * (and the network when `network`), visits every chart under the operands
 * with fn, and reports. Returns the exit code.
 */
int cc_cli_net_run(cc_cli *cli, const char *cmd, int argc, char **argv, cc_cli_net *n, int network,
		   const cc_strvec *exclude, void (*fn)(void *ctx, const char *path, cc_findings *fs), void *ctx);

#endif
