/*
 * epoch: the one modification time every member of a chart archive gets.
 *
 * An archive is reproducible only if nothing in it depends on when or
 * where it was built. File mtimes do (a checkout, a `touch`, a copy all
 * change them), so chartci stamps every member with one time chosen in
 * this order:
 *   1. SOURCE_DATE_EPOCH, when set (reproducible-builds.org's convention);
 *   2. the commit time of the last commit that touched the chart's
 *      directory, which every clone of the repository agrees on;
 *   3. outside a git repository, the newest mtime of the packaged files.
 */
#ifndef CC_PACKAGE_EPOCH_H
#define CC_PACKAGE_EPOCH_H

#include "base/base.h"
#include "chart/chart.h"

/*
 * SOURCE_DATE_EPOCH's value: decimal digits only, within what a tar
 * header holds; anything else is CC_EINVALID naming the variable.
 */
int cc_package_parse_epoch(const char *value, long long *out, cc_error *err);

/*
 * The committer time of the newest commit reachable from HEAD whose tree
 * at `path` (a file or directory inside a work tree) differs from every
 * parent's, as `git log -1 -- path` finds it; through libgit2, no git
 * process. CC_ENOTFOUND when path is not in a repository, HEAD has no
 * commit, or no commit holds the path. (src/git/lastchange.c)
 */
int cc_git_last_change(const char *path, long long *out, cc_error *err);

/* The newest mtime among the files the chart's archive is made from (subchart archives count as files). */
int cc_package_newest_mtime(const cc_chart *c, long long *out, cc_error *err);

/*
 * The time for the chart at `dir`: `sde` (SOURCE_DATE_EPOCH's value, or
 * NULL when unset), else the last commit touching dir, else the newest
 * file mtime. *source (optional) names the one used.
 */
int cc_package_epoch(const cc_chart *c, const char *dir, const char *sde, long long *out, const char **source,
		     cc_error *err);

#endif
