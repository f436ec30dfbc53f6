/*
 * git: what chartci asks of a Git repository, through libgit2 (never a git
 * process): its work tree, its tags, the files changed since a base, the
 * merge-base with a target branch, and a file as it was at a revision.
 *
 * CI checkouts are often shallow: a base commit or tag that is not in the
 * clone is CC_ENOTFOUND with a message saying what to fetch, never a guess.
 */
#ifndef CC_GIT_H
#define CC_GIT_H

#include <stddef.h>
#include "base/base.h"

typedef struct cc_git cc_git;

/* The repository around path (searched upwards). CC_ENOTFOUND when there is none. */
int cc_git_open(const char *path, cc_git **out, cc_error *err);
void cc_git_free(cc_git *g);
/* The work tree, without a trailing slash; NULL for a bare repository. */
const char *cc_git_workdir(const cc_git *g);

int cc_git_tags(cc_git *g, cc_strvec *out, cc_error *err);
/* Where git looks for hooks: core.hooksPath, else <git dir>/hooks. Caller frees. */
char *cc_git_hooks_dir(cc_git *g);
/* The branch HEAD is on ("main"), or NULL when detached or unborn. Caller frees. */
char *cc_git_head_branch(cc_git *g);
/* 1 when the clone is shallow (its history cut off). */
int cc_git_is_shallow(cc_git *g);

/* The commit rev names (a tag peeled), as 40 hex digits. */
int cc_git_resolve(cc_git *g, const char *rev, char out[41], cc_error *err);
/*
 * A lightweight tag `name` on the commit rev resolves to (as
 * chart-releaser's releases make): CC_OK when made or already there on
 * that commit (*made says which), CC_EEXIST naming the commit it names
 * when it is on another one, which it is left on.
 */
int cc_git_tag(cc_git *g, const char *name, const char *rev, int *made, cc_error *err);

/* The merge-base of HEAD and rev, as 40 hex digits. */
int cc_git_merge_base(cc_git *g, const char *rev, char out[41], cc_error *err);

/*
 * The paths (relative to the work tree, sorted, each once) that differ
 * between rev and HEAD; with worktree = 1, between rev and the work tree
 * as it is (staged, unstaged and untracked files included). A rename
 * lists both paths.
 */
int cc_git_changed(cc_git *g, const char *rev, int worktree, cc_strvec *out, cc_error *err);
/* The same, only below dirs (relative to the work tree; "" for all): each is a subtree walked, not the whole. */
int cc_git_changed_in(cc_git *g, const char *rev, const cc_strvec *dirs, int worktree, cc_strvec *out,
		      cc_error *err);

/* The file at path (relative to the work tree) as it is at rev; CC_ENOTFOUND when absent there. */
int cc_git_read(cc_git *g, const char *rev, const char *path, size_t max, cc_buf *out, cc_error *err);

/* The files under dir (relative to the work tree; "" for all) at rev, relative to dir, sorted. */
int cc_git_list(cc_git *g, const char *rev, const char *dir, cc_strvec *out, cc_error *err);

/* ---- writing a branch (commit.c) ---- */

/* The commit refs/heads/<branch> points to, as 40 hex digits; "" when there is no such branch. */
int cc_git_branch_tip(cc_git *g, const char *branch, char out[41], cc_error *err);

typedef struct cc_git_file {
	const char *path;   /* in the tree, '/' separated */
	const void *data;
	size_t len;
} cc_git_file;

/*
 * Commits files onto branch without touching the work tree or the index:
 * the tree of expected_tip (the branch's tip when it was read; "" for a
 * new branch) with the files written, one commit with it as parent, and
 * the branch moved to it only if it still points at expected_tip. When it
 * moved meanwhile, or another writer holds its lock, the result is CC_EEXIST
 * and nothing changed: read again and retry. Author and committer: the
 * repository's user.name and user.email (else "chartci"), at `when`. out:
 * the new commit.
 */
int cc_git_commit_files(cc_git *g, const char *branch, const char *expected_tip, const cc_git_file *files, size_t n,
			const char *message, long long when, char out[41], cc_error *err);

#endif
