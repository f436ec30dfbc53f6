/*
 * git internals: the handle, shared by the files of src/git.
 */
#ifndef CC_GIT_INT_H
#define CC_GIT_INT_H

#include <git2.h>
#include "git/git.h"

struct cc_git {
	git_repository *repo;
	char *workdir;
};

/* An error with libgit2's last message after "what: ". */
int cc_git_fail_(cc_error *err, int code, const char *what);

#endif
