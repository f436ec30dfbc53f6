/*
 * The repository and network options shared by `chartci lock` and
 * `chartci deps build`; see netopts.h.
 */
#include "cli/netopts.h"
#include "cli/progress.h"
#include "cli/targets.h"
#include "lock/lock.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cc_cli_net_opt(cc_cli_net *n, int opt, const char *arg)
{
	switch (opt) {
	case 3001:
		n->repo_config = arg;
		return 1;
	case 3002:
		n->registry_config = arg;
		return 1;
	case 3003:
		n->cache_dir = arg;
		return 1;
	case 3004:
		n->offline = 1;
		return 1;
	case 3005:
		n->plain_http = 1;
		return 1;
	default:
		return 0;
	}
}

/* repositories: {name: url} or {name: {url: ...}} in .chartci.yaml, after helm's own. */
static int load_config_repos(const cc_cli *cli, cc_repos *r, cc_error *err)
{
	const cc_yaml_node *m = NULL;
	int rc = cc_cli_config_get(cli, NULL, "repositories", CC_YAML_MAP, "a mapping of names to URLs", &m, err);
	for (size_t i = 0; rc == CC_OK && m && i < m->npairs; i++) {
		const cc_yaml_node *v = m->pairs[i].value;
		const cc_yaml_node *url = v->kind == CC_YAML_MAP ? cc_yaml_map_get(v, "url") : v;
		if (!url || !cc_yaml_is_string(url) || !url->value[0]) {
			rc = cc_error_set(err, CC_EINVALID, cc_yaml_doc_file(cli->config), v->line, v->col,
					  "repositories: \"%s\" needs a URL", m->pairs[i].key->value);
			break;
		}
		char *origin = cc_asprintf("%s:%d", cc_yaml_doc_file(cli->config), v->line);
		cc_repo e = { .name = (char *)m->pairs[i].key->value, .url = (char *)url->value, .origin = origin };
		cc_repos_add(r, &e);
		free(origin);
	}
	return rc;
}

/* --cache-dir, $CHARTCI_CACHE_DIR, $XDG_CACHE_HOME/chartci, ~/.cache/chartci. Caller frees. */
static char *cache_dir(const cc_cli_net *n)
{
	const char *env = getenv("CHARTCI_CACHE_DIR");
	if (n->cache_dir || (env && env[0]))
		return cc_strdup(n->cache_dir ? n->cache_dir : env);
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (xdg && xdg[0] == '/')
		return cc_path_join(xdg, "chartci");
	const char *home = getenv("HOME");
	return home && home[0] ? cc_asprintf("%s/.cache/chartci", home) : NULL;
}

int cc_cli_net_open(const cc_cli *cli, cc_cli_net *n, int network, cc_error *err)
{
	n->repos = cc_repos_new();
	char *path = n->repo_config ? cc_strdup(n->repo_config) : cc_repos_helm_path();
	int rc = cc_repos_load_helm(n->repos, path, err);
	free(path);
	if (rc == CC_OK)
		rc = load_config_repos(cli, n->repos, err);
	if (rc != CC_OK || !network)
		return rc;
	cc_http_opts ho = { 0 };
	rc = cc_cli_http_opts(cli, &ho, &n->policy, err);
	if (rc != CC_OK)
		return rc;
	char *dir = cache_dir(n);
	cc_deps_net_opts o = { .repos = n->repos, .cache_dir = dir, .offline = n->offline,
			       .plain_http = n->plain_http, .registry_config = n->registry_config,
			       .progress = cc_cli_progress_on(cli) ? cc_cli_progress_transfer : NULL,
			       .progress_ctx = (void *)cli, .policy = ho.policy, .timeout_s = ho.timeout_s };
	rc = cc_deps_net_new(&o, &n->net, err);
	free(dir);
	return rc;
}

int cc_cli_net_substitute(const cc_cli_net *n, json_t *req, const cc_yaml_node *nodes, const char *file,
			  cc_error *err)
{
	for (size_t i = 0; i < json_array_size(req); i++) {
		json_t *d = json_array_get(req, i);
		const char *repo = json_string_value(json_object_get(d, "repository"));
		char *url = NULL;
		const cc_repo *e = NULL;
		if (!repo || cc_repos_resolve(n->repos, repo, &url, &e, err) == CC_OK) {
			if (url)
				json_object_set_new(d, "repository", json_string(url));
			free(url);
			continue;
		}
		const cc_yaml_node *node = nodes && i < nodes->nitems ? nodes->items[i] : NULL;
		err->line = node ? node->line : 0;
		err->col = node ? node->col : 0;
		snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
		return err->code;
	}
	return CC_OK;
}

void cc_cli_net_close(cc_cli_net *n)
{
	cc_deps_net_free(n->net);
	cc_repos_free(n->repos);
	cc_http_policy_free(n->policy);
	n->net = NULL;
	n->repos = NULL;
	n->policy = NULL;
}

int cc_cli_deps_load(const cc_cli_net *n, const char *path, const char *rule, cc_findings *fs, cc_cli_deps *d)
{
	cc_error err;
	cc_chart_opts o = { .no_subcharts = 1 };
	memset(d, 0, sizeof(*d));
	int rc = cc_chart_load(&d->chart, path, path, &o, &err);
	if (rc == CC_OK)
		rc = cc_lock_dependencies(d->chart, &d->req, &d->nodes, &d->file, &err);
	if (rc == CC_OK)
		rc = cc_cli_net_substitute(n, d->req, d->nodes, d->file, &err);
	if (rc != CC_OK)
		cc_finding_set_chart(cc_findings_add_error(fs, CC_SEV_ERROR, rule, &err), path);
	return rc;
}

void cc_cli_deps_error(const cc_cli_deps *d, size_t failed, const char *rule, cc_error *err, cc_findings *fs)
{
	const cc_yaml_node *node = d->nodes && failed && failed <= d->nodes->nitems ? d->nodes->items[failed - 1] : NULL;
	if (!err->file[0] && node) {
		snprintf(err->file, sizeof(err->file), "%s", d->file ? d->file : "");
		err->line = node->line;
		err->col = node->col;
	}
	cc_finding_set_chart(cc_findings_add_error(fs, CC_SEV_ERROR, rule, err), d->chart->display);
}

void cc_cli_deps_free(cc_cli_deps *d)
{
	json_decref(d->req);
	cc_chart_free(d->chart);
	memset(d, 0, sizeof(*d));
}

int cc_cli_net_run(cc_cli *cli, const char *cmd, int argc, char **argv, cc_cli_net *n, int network,
		   const cc_strvec *exclude, void (*fn)(void *ctx, const char *path, cc_findings *fs), void *ctx)
{
	cc_findings fs = CC_FINDINGS_INIT;
	cc_strvec charts = CC_STRVEC_INIT;
	cc_error err;
	cc_error_clear(&err);
	int r = -1;
	if (cc_cli_net_open(cli, n, network, &err) != CC_OK ||
	    cc_cli_targets(argc - optind, argv + optind, exclude, &charts, &fs, &err) != CC_OK)
		r = cc_cli_env_error(cmd, &err);
	for (size_t i = 0; r == -1 && i < charts.n; i++)
		fn(ctx, charts.v[i], &fs);
	if (r == -1)
		r = cc_cli_report(cli, &fs, charts.n);
	cc_cli_net_close(n);
	cc_strvec_free(&charts);
	cc_findings_free(&fs);
	return r;
}
