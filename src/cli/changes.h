/*
 * changes: whether changed paths touch a chart's packaged files (what
 * `helm package` would put in its archive, after .helmignore).
 */
#ifndef CC_CLI_CHANGES_H
#define CC_CLI_CHANGES_H

#include "chart/chart.h"

/* Whether any of paths (relative to the work tree) is a packaged file of c, which is at rel ("" for the root). */
int cc_cli_chart_changed(const cc_chart *c, const char *rel, const cc_strvec *paths);

#endif
