/*
 * commit.c: writing files onto a branch without a work tree, the way a
 * chart repository on a gh-pages branch is updated. The files are written
 * as blobs into the branch tip's tree (or a first, parentless commit when
 * the branch does not exist), and the branch moves only if it still points
 * where it did when it was read: a publisher that lost the race is told
 * so, and reads again, rather than dropping the other's commit.
 */
#include "git/git_int.h"

#include <stdlib.h>
#include <string.h>

int cc_git_branch_tip(cc_git *g, const char *branch, char out[41], cc_error *err)
{
	char *ref = cc_asprintf("refs/heads/%s", branch);
	git_oid oid;
	int rc = git_reference_name_to_id(&oid, g->repo, ref);
	free(ref);
	if (rc == GIT_ENOTFOUND) {
		out[0] = '\0';
		return CC_OK;
	}
	if (rc != 0)
		return cc_git_fail_(err, CC_ERROR, branch);
	git_oid_tostr(out, 41, &oid);
	return CC_OK;
}

static int signature(cc_git *g, long long when, git_signature **out, cc_error *err)
{
	git_signature *def = NULL;
	int rc;
	/* the repository's user.name and user.email, else chartci's own name */
	if (git_signature_default(&def, g->repo) == 0)
		rc = git_signature_new(out, def->name, def->email, (git_time_t)when, 0);
	else
		rc = git_signature_new(out, "chartci", "chartci@localhost", (git_time_t)when, 0);
	git_signature_free(def);
	return rc == 0 ? CC_OK : cc_git_fail_(err, CC_ERROR, "making the commit's signature");
}

/* The tip's tree with each file written as a blob at its path. */
static int new_tree(cc_git *g, git_commit *parent, const cc_git_file *files, size_t n, git_oid *tree_id,
		    cc_error *err)
{
	git_tree *base = NULL;
	git_tree_update *up = cc_calloc(n ? n : 1, sizeof(*up));
	int rc = parent && git_commit_tree(&base, parent) != 0 ? cc_git_fail_(err, CC_ERROR, "reading the tree") : CC_OK;
	for (size_t i = 0; rc == CC_OK && i < n; i++) {
		up[i].action = GIT_TREE_UPDATE_UPSERT;
		up[i].filemode = GIT_FILEMODE_BLOB;
		up[i].path = files[i].path;
		if (git_blob_create_from_buffer(&up[i].id, g->repo, files[i].data, files[i].len) != 0)
			rc = cc_git_fail_(err, CC_ERROR, files[i].path);
	}
	if (rc == CC_OK && !base) {
		/* a new branch: an empty tree to update */
		git_treebuilder *tb = NULL;
		git_oid empty;
		if (git_treebuilder_new(&tb, g->repo, NULL) != 0 || git_treebuilder_write(&empty, tb) != 0 ||
		    git_tree_lookup(&base, g->repo, &empty) != 0)
			rc = cc_git_fail_(err, CC_ERROR, "making a tree");
		git_treebuilder_free(tb);
	}
	if (rc == CC_OK && git_tree_create_updated(tree_id, g->repo, base, n, up) != 0)
		rc = cc_git_fail_(err, CC_ERROR, "writing the tree");
	git_tree_free(base);
	free(up);
	return rc;
}

int cc_git_commit_files(cc_git *g, const char *branch, const char *expected_tip, const cc_git_file *files, size_t n,
			const char *message, long long when, char out[41], cc_error *err)
{
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_reference *ref = NULL;
	git_oid tree_id, commit_id, tip;
	char *refname = cc_asprintf("refs/heads/%s", branch);
	int rc = CC_OK;
	if (expected_tip[0] && (git_oid_fromstr(&tip, expected_tip) != 0 || git_commit_lookup(&parent, g->repo, &tip) != 0))
		rc = cc_git_fail_(err, CC_ERROR, expected_tip);
	if (rc == CC_OK)
		rc = new_tree(g, parent, files, n, &tree_id, err);
	if (rc == CC_OK)
		rc = signature(g, when, &sig, err);
	if (rc == CC_OK && (git_tree_lookup(&tree, g->repo, &tree_id) != 0 ||
			    git_commit_create(&commit_id, g->repo, NULL, sig, sig, NULL, message, tree, parent ? 1 : 0,
					      (const git_commit **)&parent) != 0))
		rc = cc_git_fail_(err, CC_ERROR, "writing the commit");
	/*
	 * Compare and swap under the branch's lock: it moves only from the tip
	 * the files were read at. A new branch is matched against the zero id,
	 * which libgit2 reads as "must not exist" under that lock; its plain
	 * no-force create tests existence before taking the lock, and so lets
	 * two first publishers both win.
	 */
	int moved = 0;
	if (rc == CC_OK) {
		if (!parent)
			memset(&tip, 0, sizeof(tip));
		moved = git_reference_create_matching(&ref, g->repo, refname, &commit_id, 1, &tip, message);
	}
	/* another writer holding the branch's lock is about to move it: the same lost race */
	if (rc == CC_OK && (moved == GIT_EMODIFIED || moved == GIT_EEXISTS || moved == GIT_ELOCKED))
		rc = cc_error_set(err, CC_EEXIST, NULL, 0, 0, "%s moved while it was being written", refname);
	else if (rc == CC_OK && moved != 0)
		rc = cc_git_fail_(err, CC_ERROR, refname);
	if (rc == CC_OK)
		git_oid_tostr(out, 41, &commit_id);
	git_reference_free(ref);
	git_signature_free(sig);
	git_tree_free(tree);
	git_commit_free(parent);
	free(refname);
	return rc;
}
