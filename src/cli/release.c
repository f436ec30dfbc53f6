/*
 * release: a chart's previous release and what its changes since demand,
 * shared by check-version and bump --auto; see release.h.
 */
#include "cli/release.h"
#include "cli/changes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cc_cli_before_free(cc_cli_before *b)
{
	free(b->rev);
	free(b->version);
	free(b->app_version);
}

/* Chart.yaml at rev: its version and appVersion. 0 when the chart was not there. */
static int read_before(cc_cli_release *S, const char *rel, cc_cli_before *b)
{
	cc_buf text = CC_BUF_INIT;
	cc_yaml_doc *doc = NULL;
	cc_error err;
	char *path = cc_path_join(rel, "Chart.yaml");
	int ok = cc_git_read(S->git, b->rev, path, CC_CHART_MAX_FILE, &text, &err) == CC_OK &&
		 cc_yaml_load(&doc, text.ptr ? text.ptr : "", text.len, path, NULL, &err) == CC_OK;
	const cc_yaml_node *root = ok ? cc_yaml_doc_root(doc) : NULL;
	const cc_yaml_node *v = cc_yaml_map_get_go(root, "version"), *a = cc_yaml_map_get_go(root, "appVersion");
	ok = v && v->kind == CC_YAML_SCALAR;
	if (ok) {
		free(b->version);
		b->version = cc_strdup(v->value);
		b->app_version = a && a->kind == CC_YAML_SCALAR ? cc_strdup(a->value) : NULL;
	}
	cc_yaml_doc_free(doc);
	cc_buf_free(&text);
	free(path);
	return ok;
}

/* The revision to compare with: --since, or the chart's highest release tag. */
int cc_cli_release_before(cc_cli_release *S, const cc_chart *c, const char *rel, cc_cli_before *b)
{
	memset(b, 0, sizeof(*b));
	if (S->since) {
		b->rev = cc_strdup(S->since);
	} else {
		size_t at;
		if (!c->name || !cc_tag_previous(S->tmpl, c->name, (const char *const *)S->tags.v, S->tags.n, NULL, &at))
			return 0;
		b->rev = cc_strdup(S->tags.v[at]);
		b->version = cc_tag_match(S->tmpl, c->name, b->rev);
	}
	return read_before(S, rel, b) || (b->version != NULL);
}

/*
 * The level the changes since b demand (a major while 0.x: a minor), and
 * in why the first change at that level; 0 when the chart at b.rev cannot
 * be read.
 */
int cc_cli_release_needed(cc_cli_release *S, const cc_chart *c, const char *rel, const cc_cli_before *b,
			  const cc_semver *old, char *why, size_t whysz)
{
	cc_chart_snapshot then, now;
	int need = 0;
	if (cc_cli_snapshot_at(S->git, b->rev, rel, c, &then) == CC_OK) {
		cc_cli_snapshot_now(c, &now);
		cc_changes ch;
		cc_changes_compare(&then, &now, &ch);
		need = cc_changes_level(&ch);
		const cc_change *first = cc_changes_first(&ch, need);
		size_t more = 0;
		for (size_t i = 0; first && i < ch.n; i++)
			more += ch.v[i].level == need;
		char *where = first ? cc_change_where(first) : NULL;
		snprintf(why, whysz, "%s since %s", first ? first->what : "files changed", b->rev);
		if (where)
			snprintf(why + strlen(why), whysz - strlen(why), " (%s)", where);
		if (more > 1)
			snprintf(why + strlen(why), whysz - strlen(why), " (and %zu more)", more - 1);
		free(where);
		if (old->major == 0 && need == CC_CHANGE_MAJOR)
			need = CC_CHANGE_MINOR;
		cc_changes_free(&ch);
		cc_chart_snapshot_free(&now);
	}
	cc_chart_snapshot_free(&then);
	return need;
}

int cc_cli_release_open(cc_cli *cli, const char *since, cc_cli_release *S, cc_error *err)
{
	memset(S, 0, sizeof(*S));
	S->since = since;
	const char *t = cc_cli_setting(cli, "release-tag", "CHARTCI_RELEASE_TAG");
	int rc = cc_tag_template_parse(t ? t : CC_TAGS_DEFAULT, &S->tmpl, err);
	if (rc != CC_OK && t)
		cc_cli_setting_blame(cli, "release-tag", "CHARTCI_RELEASE_TAG", err);
	if (rc == CC_OK)
		rc = cc_git_open(cli->root, &S->git, err);
	if (rc == CC_OK && !(S->wd = realpath(cc_git_workdir(S->git), NULL)))
		rc = cc_error_sys(err, errno, cc_git_workdir(S->git), "cannot resolve");
	if (rc == CC_OK && !S->since)
		rc = cc_git_tags(S->git, &S->tags, err);
	/* without tags every chart looks never released, and a check passes that should not */
	if (rc == CC_OK && !S->since && S->tags.n == 0 && cc_git_is_shallow(S->git))
		fprintf(stderr, "chartci: warning: this clone is shallow and has no tags, so every chart looks "
				"unreleased; fetch the tags (git fetch --tags, or actions/checkout with fetch-depth: 0)\n");
	return rc;
}


void cc_cli_release_close(cc_cli_release *S)
{
	cc_strvec_free(&S->tags);
	cc_tag_template_free(S->tmpl);
	free(S->wd);
	cc_git_free(S->git);
	memset(S, 0, sizeof(*S));
}

char *cc_cli_release_rel(const cc_cli_release *S, const char *path)
{
	char *abs = realpath(path, NULL);
	const char *under = abs ? cc_path_under(abs, S->wd) : NULL;
	char *rel = under ? cc_strdup(under) : NULL;
	free(abs);
	return rel;
}
