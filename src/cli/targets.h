/* targets: PATH arguments -> chart paths (see targets.c). */
#ifndef CC_CLI_TARGETS_H
#define CC_CLI_TARGETS_H

#include <errno.h>
#include <stdlib.h>
#include "cli/cli.h"
#include "chart/chart.h"

int cc_cli_targets(int npaths, char **paths, const cc_strvec *exclude, cc_strvec *out,
		   cc_findings *fs, cc_error *err);

/* cc_cli_optfn for -x/--exclude GLOB; ctx is the cc_strvec of globs. */
int cc_cli_opt_exclude(void *ctx, int opt, const char *arg);

/*
 * What `lint` and `list` share: parses the command line (with -x/--exclude),
 * then resolves the PATH operands into charts. Returns -1 to go on, or the
 * exit code to return at once.
 */
int cc_cli_parse_charts(cc_cli *cli, const char *cmd, int argc, char **argv, void (*help)(void),
			cc_strvec *charts, cc_findings *fs);

/*
 * One level of Go's filepath.Glob: the *.tgz files in dir (want_dirs 0) or
 * its subdirectories (want_dirs 1), names sorted bytewise, hidden ones
 * included, each appended to out as prefix + name. A directory that
 * cannot be read gives none.
 */
void cc_cli_glob_dir(const char *dir, const char *prefix, int want_dirs, cc_strvec *out);

#endif
