/*
 * progress: one line on stderr saying how far long work is (an index
 * downloading, charts packaging, an archive uploading), redrawn in place.
 * Only on a terminal, in text format, without --quiet: a CI log or a pipe
 * gets no carriage returns to untangle.
 */
#ifndef CC_CLI_PROGRESS_H
#define CC_CLI_PROGRESS_H

#include <stddef.h>
#include "cli/cli.h"

/* Whether progress is shown for this run. */
int cc_cli_progress_on(const cc_cli *cli);
/* Redraws the line (printf-style); nothing when off. */
void cc_cli_progress(const cc_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Clears it. */
void cc_cli_progress_end(const cc_cli *cli);
/* For cc_http_opts.progress (ctx: the cc_cli): downloads and uploads of 1 MB and more. */
void cc_cli_progress_transfer(void *ctx, const char *url, size_t done, size_t total, int upload);

#endif
