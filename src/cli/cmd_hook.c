/*
 * chartci hook install [--force]
 *
 * Writes a git pre-push hook that runs `chartci ci --no-publish` on what a
 * push sends (the charts changed since the remote's tip), so a chart
 * changed without a version bump never leaves the machine. An existing
 * hook that chartci did not write is kept unless --force: it is someone's
 * work. The hook names this chartci binary by its full path, so it runs
 * the same version whatever PATH the push has.
 */
#include "cli/cli.h"
#include "git/git.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MARK "# chartci pre-push hook"

typedef struct hook_setup {
	int force;
} hook_setup;

static void help(void)
{
	printf("usage: chartci hook install [--force]\n"
	       "\n"
	       "Installs a git pre-push hook running `chartci ci --no-publish` on the charts\n"
	       "a push changes (since the remote's tip; a new branch: since each chart's\n"
	       "release). A failing check stops the push (`git push --no-verify` skips it).\n"
	       "\n"
	       "options:\n"
	       "      --force        replace a pre-push hook chartci did not write\n"
	       CC_CLI_COMMON_HELP
	       "  -h, --help         this help\n");
}

static int hook_opt(void *ctx, int opt, const char *arg)
{
	(void)arg;
	if (opt != 9001)
		return 0;
	((hook_setup *)ctx)->force = 1;
	return 1;
}

/* The hook: one check per ref pushed, against what the remote has. */
static char *script(const char *self)
{
	return cc_asprintf("#!/bin/sh\n" MARK " (chartci hook install): checks the charts a push changes.\n"
			   "# Skip once with: git push --no-verify\n"
			   "chartci='%s'\n"
			   "[ -x \"$chartci\" ] || chartci=chartci\n"
			   "zero=0000000000000000000000000000000000000000\n"
			   "head=$(git rev-parse HEAD)\n"
			   "status=0\n"
			   "while read -r local_ref local_sha remote_ref remote_sha; do\n"
			   "\t[ \"$local_sha\" = \"$zero\" ] && continue # a branch deleted: nothing to check\n"
			   "\tif [ \"$local_sha\" != \"$head\" ]; then\n"
			   "\t\techo \"chartci: $local_ref is not what is checked out; only the work tree's HEAD is checked\" >&2\n"
			   "\t\tcontinue\n"
			   "\tfi\n"
			   "\tif [ \"$remote_sha\" = \"$zero\" ]; then\n"
			   "\t\t\"$chartci\" ci --no-publish || status=1\n"
			   "\telse\n"
			   "\t\t\"$chartci\" ci --no-publish --since \"$remote_sha\" || status=1\n"
			   "\tfi\n"
			   "done\n"
			   "exit $status\n",
			   self);
}

/* A foreign hook is kept: 1 when path holds one. */
static int foreign(const char *path)
{
	cc_buf b = CC_BUF_INIT;
	cc_error err;
	int theirs = cc_file_read(path, 1 << 20, &b, &err) == CC_OK && !(b.ptr && strstr(b.ptr, MARK));
	cc_buf_free(&b);
	return theirs;
}

static int install(cc_cli *cli, const hook_setup *S)
{
	cc_git *g = NULL;
	cc_error err;
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';
	int rc = cc_git_open(cli->root, &g, &err);
	if (rc != CC_OK)
		return cc_cli_env_error("hook install", &err);
	char *dir = cc_git_hooks_dir(g), *path = cc_path_join(dir, "pre-push");
	char *text = script(n > 0 ? self : "chartci");
	int r = CC_EXIT_OK;
	if (!S->force && foreign(path)) {
		r = cc_cli_usage_error("hook install", "%s is a hook chartci did not write; it is kept (--force replaces it)",
				       path);
	} else {
		/* a fresh clone made with --template= may have no hooks directory */
		if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
			cc_error_sys(&err, errno, dir, "cannot make");
			r = cc_cli_env_error("hook install", &err);
		} else if (cc_file_write_atomic(path, text, strlen(text), 0755, &err) != CC_OK)
			r = cc_cli_env_error("hook install", &err);
		else if (!cli->quiet)
			printf("installed %s: git push now runs chartci ci --no-publish\n", path);
	}
	free(text);
	free(path);
	free(dir);
	cc_git_free(g);
	return r;
}

int cc_cmd_hook(cc_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = { { "force", no_argument, NULL, 9001 }, { NULL, 0, NULL, 0 } };
	hook_setup S = { 0 };
	if (argc < 2 || strcmp(argv[1], "install") != 0) {
		if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
			help();
			return CC_EXIT_OK;
		}
		return cc_cli_usage_error("hook", "%s; the subcommand is install",
					  argc >= 2 ? "unknown subcommand" : "missing subcommand");
	}
	int r = cc_cli_parse(cli, "hook install", argc - 1, argv + 1, "", longopts, help, hook_opt, &S);
	if (r == -1 && optind < argc - 1)
		r = cc_cli_usage_error("hook install", "takes no operands");
	return r == -1 ? install(cli, &S) : r;
}
