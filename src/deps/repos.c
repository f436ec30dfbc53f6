/*
 * repos: the table of named chart repositories.
 *
 * helm keeps repositories added with `helm repo add` in repositories.yaml,
 * and a Chart.yaml may name one as `@name` or `alias:name`. chartci reads
 * the same file, so a developer's `helm repo add` just works, and the CLI
 * adds what .chartci.yaml names for CI, where no helm state exists.
 */
#include "deps/deps.h"
#include "yaml/yaml.h"

#include <stdlib.h>
#include <string.h>

#define REPOS_MAX_SIZE (4u << 20)

struct cc_repos {
	cc_repo *v;
	size_t n;
};

cc_repos *cc_repos_new(void)
{
	return cc_calloc(1, sizeof(cc_repos));
}

static void repo_clear(cc_repo *e)
{
	free(e->name);
	free(e->url);
	free(e->username);
	free(e->password);
	free(e->ca_file);
	free(e->cert_file);
	free(e->key_file);
	free(e->origin);
}

void cc_repos_free(cc_repos *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		repo_clear(&r->v[i]);
	free(r->v);
	free(r);
}

static char *dup_or_null(const char *s)
{
	return s && *s ? cc_strdup(s) : NULL;
}

void cc_repos_add(cc_repos *r, const cc_repo *e)
{
	cc_repo copy = { dup_or_null(e->name), dup_or_null(e->url), dup_or_null(e->username),
			 dup_or_null(e->password), dup_or_null(e->ca_file), dup_or_null(e->cert_file),
			 dup_or_null(e->key_file), e->insecure, e->pass_credentials_all,
			 dup_or_null(e->origin) };
	for (size_t i = 0; i < r->n; i++)
		if (copy.name && r->v[i].name && strcmp(r->v[i].name, copy.name) == 0) {
			repo_clear(&r->v[i]);
			r->v[i] = copy;
			return;
		}
	r->v = cc_realloc(r->v, (r->n + 1) * sizeof(*r->v));
	r->v[r->n++] = copy;
}

size_t cc_repos_count(const cc_repos *r)
{
	return r->n;
}

const cc_repo *cc_repos_at(const cc_repos *r, size_t i)
{
	return i < r->n ? &r->v[i] : NULL;
}

const cc_repo *cc_repos_by_name(const cc_repos *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].name && strcmp(r->v[i].name, name) == 0)
			return &r->v[i];
	return NULL;
}

static size_t trimmed_len(const char *url)
{
	size_t n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	return n;
}

const cc_repo *cc_repos_by_url(const cc_repos *r, const char *url)
{
	size_t n = trimmed_len(url);
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].url && trimmed_len(r->v[i].url) == n && strncmp(r->v[i].url, url, n) == 0)
			return &r->v[i];
	return NULL;
}

char *cc_repos_helm_path(void)
{
	const char *env = getenv("HELM_REPOSITORY_CONFIG");
	if (env && *env)
		return cc_strdup(env);
	const char *home = getenv("HELM_CONFIG_HOME");
	if (home && *home)
		return cc_path_join(home, "repositories.yaml");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	if (xdg && *xdg)
		return cc_asprintf("%s/helm/repositories.yaml", xdg);
	const char *h = getenv("HOME");
	return cc_asprintf("%s/.config/helm/repositories.yaml", h && *h ? h : ".");
}

static char *field(const cc_yaml_node *m, const char *key)
{
	const cc_yaml_node *v = cc_yaml_map_get(m, key);
	return v && v->kind == CC_YAML_SCALAR && !cc_yaml_is_null(v) ? cc_yaml_scalar_go_string(v) : NULL;
}

static int flag(const cc_yaml_node *m, const char *key)
{
	const cc_yaml_node *v = cc_yaml_map_get(m, key);
	return v && v->type == CC_YAML_T_BOOL && (v->value[0] == 't' || v->value[0] == 'T' ||
						 v->value[0] == 'y' || v->value[0] == 'Y' ||
						 strcmp(v->value, "on") == 0 || strcmp(v->value, "On") == 0 ||
						 strcmp(v->value, "ON") == 0);
}

static int load_entry(cc_repos *r, const cc_yaml_node *m, const char *path, cc_error *err)
{
	if (m->kind != CC_YAML_MAP)
		return cc_error_set(err, CC_EINVALID, path, m->line, m->col,
				    "a repository entry must be a mapping, but it is a %s", cc_yaml_type_name(m));
	cc_repo e = { field(m, "name"), field(m, "url"), field(m, "username"), field(m, "password"),
		      field(m, "caFile"), field(m, "certFile"), field(m, "keyFile"),
		      flag(m, "insecure_skip_tls_verify"), flag(m, "pass_credentials_all"),
		      cc_asprintf("%s:%d", path, m->line) };
	int rc = CC_OK;
	if (!e.name || !e.url)
		rc = cc_error_set(err, CC_EINVALID, path, m->line, m->col,
				  "a repository entry needs a name and a url");
	else
		cc_repos_add(r, &e);
	repo_clear(&e);
	return rc;
}

int cc_repos_load_helm(cc_repos *r, const char *path, cc_error *err)
{
	if (!cc_path_exists(path))
		return CC_OK;
	cc_yaml_doc *doc = NULL;
	int rc = cc_yaml_load_file(&doc, path, REPOS_MAX_SIZE, NULL, err);
	if (rc != CC_OK)
		return rc;
	const cc_yaml_node *root = cc_yaml_doc_root(doc);
	const cc_yaml_node *list = root && root->kind == CC_YAML_MAP ? cc_yaml_map_get(root, "repositories") : NULL;
	if (root && root->kind != CC_YAML_MAP)
		rc = cc_error_set(err, CC_EINVALID, path, root->line, root->col,
				  "repositories file must be a mapping, but it is a %s", cc_yaml_type_name(root));
	else if (list && !cc_yaml_is_null(list) && list->kind != CC_YAML_SEQ)
		rc = cc_error_set(err, CC_EINVALID, path, list->line, list->col,
				  "repositories must be a list, but it is a %s", cc_yaml_type_name(list));
	for (size_t i = 0; rc == CC_OK && list && list->kind == CC_YAML_SEQ && i < list->nitems; i++)
		rc = load_entry(r, list->items[i], path, err);
	cc_yaml_doc_free(doc);
	return rc;
}

int cc_repos_resolve(const cc_repos *r, const char *repository, char **url, const cc_repo **entry,
		     cc_error *err)
{
	const char *name = NULL;
	*url = NULL;
	*entry = NULL;
	if (repository[0] == '@')
		name = repository + 1;
	else if (strncmp(repository, "alias:", 6) == 0)
		name = repository + 6;
	if (!name) {
		*url = cc_strdup(repository);
		*entry = repository[0] ? cc_repos_by_url(r, repository) : NULL;
		return CC_OK;
	}
	const cc_repo *e = cc_repos_by_name(r, name);
	if (!e)
		return cc_error_set(err, CC_ENOTFOUND, NULL, 0, 0,
				    "no repository definition for %s: add it with 'helm repo add %s URL' "
				    "or under repositories: in .chartci.yaml", repository, name);
	*url = cc_strdup(e->url);
	*entry = e;
	return CC_OK;
}
