/*
 * changes: whether changed paths touch a chart's packaged files (what
 * `helm package` would put in its archive, after .helmignore).
 */
#ifndef CC_CLI_CHANGES_H
#define CC_CLI_CHANGES_H

#include "chart/chart.h"
#include "changes/changes.h"
#include "git/git.h"

/* Whether any of paths (relative to the work tree) is a packaged file of c, which is at rel ("" for the root). */
int cc_cli_chart_changed(const cc_chart *c, const char *rel, const cc_strvec *paths);

/*
 * Whether the chart c (at real path abs) changed in paths (relative to the
 * work tree wd): its own packaged files, or, transitively, those of a
 * file:// dependency inside the work tree, which `helm package` bundles
 * into c's archive. A dependency's changes count against the dependent's
 * base: what matters is whether the dependent's package would differ.
 * via (may be NULL): the dependency that changed, when it was not c's
 * own files; caller frees.
 */
int cc_cli_chart_changed_with_deps(const cc_chart *c, const char *abs, const char *wd, const cc_strvec *paths,
				   char **via);
/* The directories (relative to wd) whose changes can change c: its own and its file:// dependencies'. */
void cc_cli_chart_dirs(const cc_chart *c, const char *abs, const char *wd, cc_strvec *out);

/* Whether path (relative to the chart) is a file helm would package: neither it nor a parent ignored. */
int cc_cli_packaged(const cc_chart *c, const char *path);

/* The chart now, for cc_changes_compare (strings borrowed from c). */
void cc_cli_snapshot_now(const cc_chart *c, cc_chart_snapshot *s);
/*
 * The chart at rel as it was at rev; files filtered by `now`'s .helmignore.
 * CC_ENOTFOUND when the chart was not there.
 */
int cc_cli_snapshot_at(cc_git *g, const char *rev, const char *rel, const cc_chart *now, cc_chart_snapshot *s);

#endif
