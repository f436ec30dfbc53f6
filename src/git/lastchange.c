/*
 * lastchange.c: when a path last changed in history, for archives whose
 * time must not depend on the checkout (declared in src/package/epoch.h).
 *
 * A commit touches a path when the path's tree entry differs from that in
 * every parent (git log's history simplification: a merge that took one
 * side unchanged does not count). A tree entry's id changes exactly when
 * something below it changes, so comparing the ids is the tree diff
 * restricted to the path, without walking the trees. Commits are visited
 * newest committer time first.
 */
#include "package/epoch.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

/* The path's id in the commit's tree; zero id when absent. */
static void entry_id(git_commit *c, const char *rel, git_oid *out)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	memset(out, 0, sizeof(*out));
	if (git_commit_tree(&tree, c) != 0)
		return;
	if (!*rel)
		git_oid_cpy(out, git_tree_id(tree));
	else if (git_tree_entry_bypath(&e, tree, rel) == 0)
		git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	git_tree_free(tree);
}

static int touches(git_commit *c, const char *rel)
{
	git_oid mine, theirs;
	entry_id(c, rel, &mine);
	unsigned n = git_commit_parentcount(c);
	if (n == 0)
		return !git_oid_is_zero(&mine);
	for (unsigned i = 0; i < n; i++) {
		git_commit *p = NULL;
		if (git_commit_parent(&p, c, i) != 0)
			continue;
		entry_id(p, rel, &theirs);
		git_commit_free(p);
		if (git_oid_equal(&mine, &theirs))
			return 0;
	}
	return 1;
}

static int walk(git_repository *repo, const char *rel, long long *out)
{
	git_revwalk *w = NULL;
	git_oid id;
	int found = 0;
	if (git_revwalk_new(&w, repo) != 0 || git_revwalk_sorting(w, GIT_SORT_TIME) != 0 ||
	    git_revwalk_push_head(w) != 0) {
		git_revwalk_free(w);
		return 0;
	}
	while (!found && git_revwalk_next(&id, w) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, repo, &id) != 0)
			continue;
		if (touches(c, rel)) {
			*out = (long long)git_commit_time(c);
			found = 1;
		}
		git_commit_free(c);
	}
	git_revwalk_free(w);
	return found;
}

/* path relative to the work tree ("" for its root), or NULL when outside it. Caller frees. */
static char *relative_to(const char *workdir, const char *path)
{
	char *real = realpath(path, NULL), *wd = realpath(workdir, NULL), *rel = NULL;
	size_t n = wd ? strlen(wd) : 0;
	if (real && wd && !strncmp(real, wd, n) && (real[n] == '/' || real[n] == '\0'))
		rel = cc_strdup(real[n] == '/' ? real + n + 1 : "");
	free(real);
	free(wd);
	return rel;
}

int cc_git_last_change(const char *path, long long *out, cc_error *err)
{
	git_libgit2_init();
	git_repository *repo = NULL;
	char *rel = NULL;
	int found = 0;
	if (git_repository_open_ext(&repo, path, 0, NULL) == 0 && git_repository_workdir(repo))
		rel = relative_to(git_repository_workdir(repo), path);
	if (rel)
		found = walk(repo, rel, out);
	free(rel);
	git_repository_free(repo);
	git_libgit2_shutdown();
	if (!found)
		return cc_error_set(err, CC_ENOTFOUND, path, 0, 0, "no commit touches this path");
	return 0;
}
