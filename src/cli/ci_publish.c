/*
 * ci_publish: whether and where `chartci ci` publishes. Publishing is
 * configured (`publish:` in .chartci.yaml, or --to), happens on the
 * release branch only (publish.branch, default main; $GITHUB_REF_NAME
 * names it in Actions, where the checkout is often detached), and
 * --publish / --no-publish decide for a single run.
 */
#include "cli/ci_int.h"
#include "git/git.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* publish.to: a string or a list; the environment's one target wins. */
static int targets(const cc_cli *cli, const cc_yaml_node *pub, cc_strvec *out, cc_error *err)
{
	if (env("CHARTCI_PUBLISH_TO")) {
		char *all = cc_strdup(env("CHARTCI_PUBLISH_TO")), *save = NULL;
		for (char *t = strtok_r(all, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
			cc_strvec_push(out, t); /* several targets, space separated */
		free(all);
		return CC_OK;
	}
	const cc_yaml_node *to = pub ? cc_yaml_map_get(pub, "to") : NULL;
	if (cc_yaml_is_string(to) && to->value[0]) {
		cc_strvec_push(out, to->value);
		return CC_OK;
	}
	int rc = cc_cli_config_list(cli, pub, "to", &to, err);
	for (size_t i = 0; rc == CC_OK && to && i < to->nitems; i++)
		cc_strvec_push(out, to->items[i]->value);
	return rc;
}

static char *current_branch(const cc_cli *cli)
{
	if (env("GITHUB_REF_NAME") && !env("GITHUB_BASE_REF")) /* a push, not a pull request */
		return cc_strdup(env("GITHUB_REF_NAME"));
	cc_git *g = NULL;
	cc_error err;
	char *b = cc_git_open(cli->root, &g, &err) == CC_OK ? cc_git_head_branch(g) : NULL;
	cc_git_free(g);
	return b;
}

int cc_ci_publish_plan(const cc_cli *cli, const cc_ci_setup *S, cc_ci_plan *p, cc_error *err)
{
	const cc_yaml_node *pub = NULL, *n;
	memset(p, 0, sizeof(*p));
	int rc = cc_cli_config_get(cli, NULL, "publish", CC_YAML_MAP, "a mapping (to, url, branch, tag)", &pub, err);
	if (rc == CC_OK && S->to)
		cc_strvec_push(&p->targets, S->to);
	else if (rc == CC_OK)
		rc = targets(cli, pub, &p->targets, err);
	n = pub ? cc_yaml_map_get(pub, "url") : NULL;
	p->url = S->url ? S->url : cc_yaml_is_string(n) ? n->value : NULL;
	p->plain_http = cc_cli_config_flag(pub, "plain-http");
	p->tag = S->tag || cc_cli_config_flag(pub, "tag");
	n = pub ? cc_yaml_map_get(pub, "branch") : NULL;
	const char *release = env("CHARTCI_PUBLISH_BRANCH") ? env("CHARTCI_PUBLISH_BRANCH")
			      : cc_yaml_is_string(n)      ? n->value
							  : "main";
	char *branch = current_branch(cli);
	if (S->no_publish)
		p->why = cc_strdup("--no-publish");
	else if (p->targets.n == 0)
		p->why = cc_strdup("no publish target (--to, or publish.to in .chartci.yaml)");
	else if (!S->publish && (!branch || strcmp(branch, release) != 0))
		p->why = cc_asprintf("on %s, not the release branch %s (--publish publishes anyway)",
				     branch ? branch : "a detached HEAD", release);
	else
		p->on = 1;
	free(branch);
	return rc;
}

void cc_ci_plan_free(cc_ci_plan *p)
{
	cc_strvec_free(&p->targets);
	free(p->why);
}
