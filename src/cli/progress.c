/*
 * progress: see progress.h.
 */
#include "cli/progress.h"
#include "http/http.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define BIG ((size_t)1 << 20) /* smaller transfers end before a line would help */

int cc_cli_progress_on(const cc_cli *cli)
{
	return cli && cli->format == CC_FORMAT_TEXT && !cli->quiet && isatty(STDERR_FILENO);
}

void cc_cli_progress(const cc_cli *cli, const char *fmt, ...)
{
	if (!cc_cli_progress_on(cli))
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("\r\033[K  ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
}

void cc_cli_progress_end(const cc_cli *cli)
{
	if (!cc_cli_progress_on(cli))
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
}

void cc_cli_progress_transfer(void *ctx, const char *url, size_t done, size_t total, int upload)
{
	const cc_cli *cli = ctx;
	if (total < BIG)
		return;
	if (done >= total) {
		cc_cli_progress_end(cli);
		return;
	}
	char *shown = cc_http_redact(url);
	cc_cli_progress(cli, "%s %s: %zu%% of %.1f MB", upload ? "uploading" : "fetching", shown, done * 100 / total,
			(double)total / 1e6);
	free(shown);
}
