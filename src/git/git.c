/*
 * git: the repository questions chartci asks, over libgit2; see git.h.
 */
#include "git/git_int.h"

#include <string.h>

int cc_git_fail_(cc_error *err, int code, const char *what)
{
	const git_error *e = git_error_last();
	return cc_error_set(err, code, NULL, 0, 0, "%s: %s", what, e && e->message ? e->message : "libgit2 error");
}

int cc_git_open(const char *path, cc_git **out, cc_error *err)
{
	git_libgit2_init();
	git_repository *repo = NULL;
	*out = NULL;
	if (git_repository_open_ext(&repo, path, 0, NULL) != 0) {
		git_libgit2_shutdown();
		return cc_error_set(err, CC_ENOTFOUND, path, 0, 0, "not in a git repository");
	}
	cc_git *g = cc_calloc(1, sizeof(*g));
	g->repo = repo;
	const char *wd = git_repository_workdir(repo);
	if (wd) {
		g->workdir = cc_strdup(wd);
		size_t n = strlen(g->workdir);
		if (n > 1 && g->workdir[n - 1] == '/')
			g->workdir[n - 1] = '\0';
	}
	*out = g;
	return CC_OK;
}

void cc_git_free(cc_git *g)
{
	if (!g)
		return;
	git_repository_free(g->repo);
	free(g->workdir);
	free(g);
	git_libgit2_shutdown();
}

const char *cc_git_workdir(const cc_git *g)
{
	return g->workdir;
}

int cc_git_tags(cc_git *g, cc_strvec *out, cc_error *err)
{
	git_strarray tags = { 0 };
	if (git_tag_list(&tags, g->repo) != 0)
		return cc_git_fail_(err, CC_ERROR, "listing tags");
	for (size_t i = 0; i < tags.count; i++)
		cc_strvec_push(out, tags.strings[i]);
	git_strarray_dispose(&tags);
	return CC_OK;
}

char *cc_git_hooks_dir(cc_git *g)
{
	git_config *cfg = NULL;
	git_buf path = { 0 };
	char *dir = NULL;
	if (git_repository_config_snapshot(&cfg, g->repo) == 0 && git_config_get_path(&path, cfg, "core.hooksPath") == 0)
		dir = path.ptr[0] == '/' || !g->workdir ? cc_strdup(path.ptr) : cc_path_join(g->workdir, path.ptr);
	else
		dir = cc_path_join(git_repository_path(g->repo), "hooks");
	git_buf_dispose(&path);
	git_config_free(cfg);
	return dir;
}

char *cc_git_head_branch(cc_git *g)
{
	git_reference *head = NULL;
	char *name = NULL;
	if (git_repository_head(&head, g->repo) == 0 && git_reference_is_branch(head))
		name = cc_strdup(git_reference_shorthand(head));
	git_reference_free(head);
	return name;
}

int cc_git_is_shallow(cc_git *g)
{
	return git_repository_is_shallow(g->repo) == 1;
}

/* rev peeled to a commit; a rev the clone lacks says what to fetch. */
static int commit_of(cc_git *g, const char *rev, git_commit **out, cc_error *err)
{
	git_object *o = NULL;
	int rc = git_revparse_single(&o, g->repo, rev);
	if (rc == 0)
		rc = git_object_peel((git_object **)out, o, GIT_OBJECT_COMMIT);
	git_object_free(o);
	if (rc == 0)
		return CC_OK;
	int shallow = git_repository_is_shallow(g->repo) == 1;
	return cc_error_set(err, CC_ENOTFOUND, NULL, 0, 0,
			    "%s is not in this clone%s; fetch it (git fetch origin %s, or actions/checkout with "
			    "fetch-depth: 0)",
			    rev, shallow ? " (a shallow clone)" : "", rev);
}

int cc_git_resolve(cc_git *g, const char *rev, char out[41], cc_error *err)
{
	git_commit *c = NULL;
	int rc = commit_of(g, rev, &c, err);
	if (rc == CC_OK)
		git_oid_tostr(out, 41, git_commit_id(c));
	git_commit_free(c);
	return rc;
}

int cc_git_tag(cc_git *g, const char *name, const char *rev, int *made, cc_error *err)
{
	git_commit *c = NULL;
	git_oid made_id;
	*made = 0;
	int rc = commit_of(g, rev, &c, err);
	if (rc != CC_OK)
		return rc;
	int grc = git_tag_create_lightweight(&made_id, g->repo, name, (const git_object *)c, 0);
	if (grc == 0) {
		*made = 1;
	} else if (grc == GIT_EEXISTS) {
		/* there already: fine on this commit, never moved off another */
		char *ref = cc_asprintf("refs/tags/%s", name);
		git_commit *at = NULL;
		rc = commit_of(g, ref, &at, err);
		if (rc == CC_OK && !git_oid_equal(git_commit_id(at), git_commit_id(c))) {
			char sha[41];
			git_oid_tostr(sha, sizeof(sha), git_commit_id(at));
			rc = cc_error_set(err, CC_EEXIST, NULL, 0, 0, "tag %s already names commit %.12s", name, sha);
		}
		git_commit_free(at);
		free(ref);
	} else {
		rc = cc_git_fail_(err, CC_ERROR, name);
	}
	git_commit_free(c);
	return rc;
}

int cc_git_merge_base(cc_git *g, const char *rev, char out[41], cc_error *err)
{
	git_commit *a = NULL, *b = NULL;
	git_oid base;
	int rc = commit_of(g, "HEAD", &a, err);
	if (rc == CC_OK)
		rc = commit_of(g, rev, &b, err);
	if (rc == CC_OK && git_merge_base(&base, g->repo, git_commit_id(a), git_commit_id(b)) != 0)
		rc = cc_error_set(err, CC_ENOTFOUND, NULL, 0, 0,
				  "HEAD and %s share no history in this clone; fetch more of it (actions/checkout with "
				  "fetch-depth: 0)", rev);
	if (rc == CC_OK)
		git_oid_tostr(out, 41, &base);
	git_commit_free(a);
	git_commit_free(b);
	return rc;
}

static void add_delta(const git_diff_delta *d, cc_strvec *out)
{
	if (d->old_file.path)
		cc_strvec_push(out, d->old_file.path);
	if (d->new_file.path && (!d->old_file.path || strcmp(d->old_file.path, d->new_file.path) != 0))
		cc_strvec_push(out, d->new_file.path);
}

static void unique(cc_strvec *v)
{
	cc_strvec_sort(v);
	size_t k = 0;
	for (size_t i = 0; i < v->n; i++) {
		if (k > 0 && strcmp(v->v[k - 1], v->v[i]) == 0)
			free(v->v[i]);
		else
			v->v[k++] = v->v[i];
	}
	v->n = k;
}

int cc_git_changed(cc_git *g, const char *rev, int worktree, cc_strvec *out, cc_error *err)
{
	return cc_git_changed_in(g, rev, NULL, worktree, out, err);
}

int cc_git_changed_in(cc_git *g, const char *rev, const cc_strvec *dirs, int worktree, cc_strvec *out, cc_error *err)
{
	git_commit *base = NULL, *head = NULL;
	git_tree *bt = NULL, *ht = NULL;
	git_diff *diff = NULL;
	git_diff_options o;
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	/* a directory limits the walk to its subtree; "" is the whole tree */
	int whole = !dirs || dirs->n == 0 || cc_strvec_contains(dirs, "");
	o.pathspec.strings = whole ? NULL : dirs->v;
	o.pathspec.count = whole ? 0 : dirs->n;
	if (worktree)
		o.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
	int rc = commit_of(g, rev, &base, err);
	if (rc == CC_OK && git_commit_tree(&bt, base) != 0)
		rc = cc_git_fail_(err, CC_ERROR, rev);
	if (rc == CC_OK && !worktree) {
		rc = commit_of(g, "HEAD", &head, err);
		if (rc == CC_OK && (git_commit_tree(&ht, head) != 0 || git_diff_tree_to_tree(&diff, g->repo, bt, ht, &o) != 0))
			rc = cc_git_fail_(err, CC_ERROR, "comparing with HEAD");
	} else if (rc == CC_OK && git_diff_tree_to_workdir_with_index(&diff, g->repo, bt, &o) != 0) {
		rc = cc_git_fail_(err, CC_ERROR, "comparing with the work tree");
	}
	/*
	 * Renames count under both names: both places changed. The deltas are
	 * read as they are: git_diff_foreach would load every blob (and look
	 * up attributes) to classify it as binary, which only patches need.
	 */
	for (size_t i = 0; rc == CC_OK && i < git_diff_num_deltas(diff); i++)
		add_delta(git_diff_get_delta(diff, i), out);
	unique(out);
	git_diff_free(diff);
	git_tree_free(bt);
	git_tree_free(ht);
	git_commit_free(base);
	git_commit_free(head);
	return rc;
}

int cc_git_read(cc_git *g, const char *rev, const char *path, size_t max, cc_buf *out, cc_error *err)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	git_blob *b = NULL;
	int rc = commit_of(g, rev, &c, err);
	if (rc == CC_OK && (git_commit_tree(&t, c) != 0 || git_tree_entry_bypath(&e, t, path) != 0 ||
			    git_tree_entry_type(e) != GIT_OBJECT_BLOB))
		rc = cc_error_set(err, CC_ENOTFOUND, path, 0, 0, "not in %s", rev);
	if (rc == CC_OK && git_blob_lookup(&b, g->repo, git_tree_entry_id(e)) != 0)
		rc = cc_git_fail_(err, CC_ERROR, path);
	if (rc == CC_OK && (size_t)git_blob_rawsize(b) > max)
		rc = cc_error_set(err, CC_ELIMIT, path, 0, 0, "over %zu bytes at %s", max, rev);
	if (rc == CC_OK)
		cc_buf_put(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
	git_blob_free(b);
	git_tree_entry_free(e);
	git_tree_free(t);
	git_commit_free(c);
	return rc;
}

typedef struct walk_ctx {
	cc_strvec *out;
} walk_ctx;

static int walk_cb(const char *root, const git_tree_entry *e, void *payload)
{
	walk_ctx *w = payload;
	if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
		cc_strvec_push_owned(w->out, cc_asprintf("%s%s", root, git_tree_entry_name(e)));
	return 0;
}

int cc_git_list(cc_git *g, const char *rev, const char *dir, cc_strvec *out, cc_error *err)
{
	git_commit *c = NULL;
	git_tree *t = NULL, *sub = NULL;
	git_tree_entry *e = NULL;
	int rc = commit_of(g, rev, &c, err);
	if (rc == CC_OK && git_commit_tree(&t, c) != 0)
		rc = cc_git_fail_(err, CC_ERROR, rev);
	const git_tree *at = t;
	if (rc == CC_OK && dir[0]) {
		/* a directory missing at rev holds nothing */
		if (git_tree_entry_bypath(&e, t, dir) != 0 || git_tree_entry_type(e) != GIT_OBJECT_TREE)
			at = NULL;
		else if (git_tree_lookup(&sub, g->repo, git_tree_entry_id(e)) != 0)
			rc = cc_git_fail_(err, CC_ERROR, dir);
		else
			at = sub;
	}
	walk_ctx w = { out };
	if (rc == CC_OK && at && git_tree_walk(at, GIT_TREEWALK_PRE, walk_cb, &w) != 0)
		rc = cc_git_fail_(err, CC_ERROR, dir);
	cc_strvec_sort(out);
	git_tree_entry_free(e);
	git_tree_free(sub);
	git_tree_free(t);
	git_commit_free(c);
	return rc;
}
