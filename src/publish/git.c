/*
 * publish: to a branch of a git repository (gh-pages, the way
 * chart-releaser serves a chart repository from GitHub Pages): the archive
 * and the merged index.yaml in one commit on the branch, written with
 * libgit2 without touching the work tree. The branch moves only from the
 * tip the index was read at; a publisher that lost that race reads again.
 *
 *   git+file:///path/to/repo[#branch]   that repository
 *   git:branch                          the repository chartci runs in
 * The branch defaults to gh-pages. Pushing it is the CI job's next step.
 */
#include "publish/publish_int.h"
#include "emit/emit.h"
#include "git/git.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ATTEMPTS 10

typedef struct branch_target {
	char *repo;    /* a path */
	char *branch;
	char *shown;   /* for messages: git+file://repo#branch */
} branch_target;

static int parse_target(const char *target, const cc_publish_opts *o, branch_target *t, cc_error *err)
{
	const char *hash = strchr(target, '#');
	if (strncmp(target, "git:", 4) == 0 && !hash) {
		t->repo = cc_strdup(o->git_root ? o->git_root : ".");
		t->branch = cc_strdup(target[4] ? target + 4 : "gh-pages");
	} else if (strncmp(target, "git+file://", 11) == 0) {
		size_t n = hash ? (size_t)(hash - target - 11) : strlen(target + 11);
		t->repo = cc_strndup(target + 11, n);
		t->branch = cc_strdup(hash && hash[1] ? hash + 1 : "gh-pages");
	} else {
		return cc_error_set(err, CC_EINVALID, NULL, 0, 0,
				    "%s: a branch is git:BRANCH (this repository) or git+file:///path#BRANCH", target);
	}
	t->shown = cc_asprintf("git+file://%s#%s", t->repo, t->branch);
	if (!t->repo[0] || !t->branch[0] || strstr(t->branch, "..") || t->branch[0] == '-')
		return cc_error_set(err, CC_EINVALID, NULL, 0, 0, "%s: not a repository and branch", target);
	return CC_OK;
}

static void target_free(branch_target *t)
{
	free(t->repo);
	free(t->branch);
	free(t->shown);
}

/* index.yaml at the tip (an empty index for a new branch, or one without it). */
static int read_index(cc_git *g, const char *tip, const branch_target *t, cc_index_doc **doc, cc_error *err)
{
	cc_buf text = CC_BUF_INIT;
	int rc = tip[0] ? cc_git_read(g, tip, "index.yaml", CC_INDEX_DEFAULT_MAX_SIZE, &text, err) : CC_ENOTFOUND;
	char *file = cc_asprintf("%s:index.yaml", t->shown);
	if (rc == CC_ENOTFOUND) {
		*doc = cc_index_doc_new();
		rc = CC_OK;
	} else if (rc == CC_OK) {
		rc = cc_index_doc_parse(text.ptr ? text.ptr : "", text.len, file, doc, err);
	}
	free(file);
	cc_buf_free(&text);
	return rc;
}

/* An archive of that name at the tip, not in the index: the same bytes may stay, others not. */
static int archive_clash(cc_git *g, const char *tip, const cc_publish_chart *c, const char *file,
			 const cc_publish_opts *o, const branch_target *t, cc_error *err)
{
	cc_buf have = CC_BUF_INIT;
	int rc = tip[0] && !o->force ? cc_git_read(g, tip, file, CC_INDEX_DEFAULT_MAX_SIZE, &have, err) : CC_ENOTFOUND;
	if (rc == CC_OK && (have.len != c->len || memcmp(have.ptr, c->data, c->len) != 0))
		rc = cc_error_set(err, CC_EEXIST, c->path, 0, 0,
				  "%s is already on %s with other bytes, though its index.yaml does not list it; a "
				  "release is never overwritten (--force replaces it)", file, t->shown);
	cc_buf_free(&have);
	return rc == CC_ENOTFOUND ? CC_OK : rc;
}

/* The commit: the archive and the index on top of tip. */
static int commit(cc_git *g, const char *tip, const cc_publish_chart *c, const char *file, cc_index_doc *doc,
		  const cc_publish_opts *o, const branch_target *t, cc_error *err)
{
	char generated[CC_EMIT_TIME_MAX], out[41];
	cc_buf index = CC_BUF_INIT;
	int rc = cc_publish_index_add(doc, c, o, file, err);
	if (rc == CC_OK)
		rc = cc_emit_go_time(o->now, 0, generated, sizeof(generated), err);
	if (rc == CC_OK)
		rc = cc_index_doc_write(doc, generated, 0, &index, err);
	char *msg = cc_asprintf("Publish %s %s\n", c->name, c->version);
	char *prov = cc_asprintf("%s.prov", file);
	cc_git_file files[] = { { file, c->data, c->len }, { "index.yaml", index.ptr ? index.ptr : "", index.len },
				{ prov, c->prov, c->prov_len } };
	if (rc == CC_OK)
		rc = cc_git_commit_files(g, t->branch, tip, files, c->prov ? 3 : 2, msg, o->now, out, err);
	free(prov);
	free(msg);
	cc_buf_free(&index);
	return rc;
}

/* One attempt: 1 done, 0 the branch moved meanwhile, or an error. */
static int attempt(cc_git *g, const cc_publish_chart *c, const char *file, const cc_publish_opts *o,
		   const branch_target *t, cc_publish_result *r, cc_error *err)
{
	char tip[41];
	cc_index_doc *doc = NULL;
	int rc = cc_git_branch_tip(g, t->branch, tip, err);
	if (rc == CC_OK)
		rc = read_index(g, tip, t, &doc, err);
	if (rc == CC_OK)
		rc = cc_publish_index_judge(doc, c, o, t->shown, err);
	if (rc == 1) {
		r->outcome = CC_PUBLISH_ALREADY;
	} else if (rc == CC_OK && (rc = archive_clash(g, tip, c, file, o, t, err)) == CC_OK) {
		r->outcome = o->dry_run ? CC_PUBLISH_WOULD : CC_PUBLISH_PUSHED;
		rc = o->dry_run ? CC_OK : commit(g, tip, c, file, doc, o, t, err);
		/* the commit's only CC_EEXIST: the branch moved since it was read */
		rc = rc == CC_OK ? 1 : rc == CC_EEXIST ? 0 : rc;
	}
	cc_index_doc_free(doc);
	return rc;
}

int cc_publish_git(const char *target, const cc_publish_chart *c, const cc_publish_opts *o, cc_publish_result *r,
		   cc_error *err)
{
	branch_target t = { 0 };
	cc_git *g = NULL;
	char *file = cc_publish_file_name(c);
	int rc = parse_target(target, o, &t, err);
	if (rc == CC_OK)
		rc = cc_git_open(t.repo, &g, err);
	if (rc == CC_OK) {
		r->where = cc_asprintf("%s:%s", t.shown, file);
		r->digest = cc_asprintf("sha256:%s", c->sha256);
		rc = 0;
	}
	for (int i = 0; rc == 0 && i < ATTEMPTS; i++) {
		if (i > 0)
			cc_publish_backoff(i);
		rc = attempt(g, c, file, o, &t, r, err);
	}
	if (rc == 0)
		rc = cc_error_set(err, CC_EIO, NULL, 0, 0, "%s moved under every one of %d attempts", t.shown, ATTEMPTS);
	cc_git_free(g);
	target_free(&t);
	free(file);
	return rc < 0 ? rc : CC_OK;
}
