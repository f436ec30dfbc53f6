/*
 * cli: what every command shares: output options, error printing, finding
 * the repository root, reading .chartci.yaml, and turning findings into
 * output and an exit code.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CONFIG_MAX_SIZE ((size_t)1024 * 1024)

int cc_cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "chartci%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CC_EXIT_USAGE;
}

int cc_cli_env_error(const char *cmd, const cc_error *err)
{
	char buf[CC_PATH_MAX + CC_ERROR_MSG_MAX + 64];
	cc_error_format(err, buf, sizeof(buf));
	fprintf(stderr, "chartci%s%s: error: %s\n", cmd ? " " : "", cmd ? cmd : "", buf);
	return CC_EXIT_USAGE;
}

/* CC_CLI_TLS_LONGOPTS: 1010 to 1014, in their order. */
static int tls_opt(cc_cli *cli, int opt, const char *arg)
{
	const char **value[] = { &cli->tls.ca_file, &cli->tls.cert_file, &cli->tls.key_file, NULL, &cli->tls.timeout };
	if (opt < 1010 || opt > 1014)
		return 0;
	if (opt == 1013)
		cli->tls.insecure = 1;
	else
		*value[opt - 1010] = arg;
	return 1;
}

int cc_cli_common_opt(cc_cli *cli, int opt, const char *arg)
{
	if (tls_opt(cli, opt, arg))
		return 1;
	switch (opt) {
	case 'f':
		if (cc_format_parse(arg, &cli->format) != CC_OK) {
			cc_cli_usage_error(NULL, "unknown format '%s' (text, json, github, sarif)", arg);
			return -1;
		}
		return 1;
	case 'q':
		cli->quiet = 1;
		return 1;
	case 'v':
		cli->verbose = 1;
		return 1;
	case 1001:
		if (strcmp(arg, "always") == 0)
			cli->color = 1;
		else if (strcmp(arg, "never") == 0)
			cli->color = 0;
		else if (strcmp(arg, "auto") == 0)
			cli->color = -1;
		else {
			cc_cli_usage_error(NULL, "--color takes auto, always or never, not '%s'", arg);
			return -1;
		}
		return 1;
	case 1002:
		cli->config_path = arg;
		return 1;
	case 1003:
		cli->fail_on = CC_SEV_WARNING;
		cli->fail_on_set = 1;
		return 1;
	case 1004:
		cli->fail_on_set = 1;
		if (cc_severity_parse(arg, &cli->fail_on) != CC_OK) {
			cc_cli_usage_error(NULL, "--fail-on takes error, warning or info, not '%s'", arg);
			return -1;
		}
		return 1;
	default:
		return 0;
	}
}

/* The work tree of the git repository around the working directory, or the working directory. */
static char *find_root(void)
{
	char *cwd = getcwd(NULL, 0);
	if (!cwd)
		return cc_strdup(".");
	git_libgit2_init();
	git_buf found = { 0 };
	char *root = NULL;
	if (git_repository_discover(&found, cwd, 0, NULL) == 0) {
		git_repository *repo = NULL;
		if (git_repository_open(&repo, found.ptr) == 0 && git_repository_workdir(repo)) {
			root = cc_strdup(git_repository_workdir(repo));
			size_t n = strlen(root);
			if (n > 1 && root[n - 1] == '/')
				root[n - 1] = '\0';
		}
		git_repository_free(repo);
	}
	git_buf_dispose(&found);
	git_libgit2_shutdown();
	if (!root)
		root = cc_strdup(cwd);
	free(cwd);
	return root;
}

static int load_config(cc_cli *cli, const char *cmd)
{
	char *path = cli->config_path ? cc_strdup(cli->config_path) : cc_path_join(cli->root, ".chartci.yaml");
	if (!cli->config_path && !cc_path_exists(path)) {
		free(path);
		return CC_EXIT_OK;
	}
	cc_error err;
	cc_error_clear(&err);
	int rc = cc_yaml_load_file(&cli->config, path, CONFIG_MAX_SIZE, NULL, &err);
	if (rc == CC_OK) {
		cc_yaml_node *root = cc_yaml_doc_root(cli->config);
		if (root && root->kind != CC_YAML_MAP)
			rc = cc_error_set(&err, CC_EINVALID, path, root->line, root->col,
					  "the configuration must be a mapping, but it is a %s",
					  cc_yaml_type_name(root));
	}
	if (rc == CC_OK)
		rc = cc_cli_config_check(cli, &err);
	free(path);
	if (rc != CC_OK)
		return cc_cli_env_error(cmd, &err);
	return CC_EXIT_OK;
}

/* What .chartci.yaml and CHARTCI_* set for every command, where no flag did. */
static int settings(cc_cli *cli, const char *cmd)
{
	const char *fail_on = cli->fail_on_set ? NULL : cc_cli_setting(cli, "fail-on", "CHARTCI_FAIL_ON");
	if (fail_on && cc_severity_parse(fail_on, &cli->fail_on) != CC_OK) {
		cc_error err;
		cc_error_set(&err, CC_EINVALID, NULL, 0, 0, "fail-on takes error, warning or info, not '%s'", fail_on);
		cc_cli_setting_blame(cli, "fail-on", "CHARTCI_FAIL_ON", &err);
		return cc_cli_env_error(cmd, &err);
	}
	return CC_EXIT_OK;
}

int cc_cli_setup(cc_cli *cli, const char *cmd)
{
	if (cli->color < 0) {
		const char *nc = getenv("NO_COLOR");
		cli->color = isatty(STDOUT_FILENO) && !(nc && *nc);
	}
	cli->root = find_root();
	int r = load_config(cli, cmd);
	return r == CC_EXIT_OK ? settings(cli, cmd) : r;
}

int cc_cli_report(cc_cli *cli, cc_findings *fs, size_t charts)
{
	cc_report_opts o = { cli->format, cli->color, cli->quiet, charts, CHARTCI_VERSION };
	cc_error err;
	cc_error_clear(&err);
	cc_findings_sort(fs);
	fflush(stdout);
	if (cc_report_write(stdout, fs, &o, &err) != CC_OK)
		return cc_cli_env_error(NULL, &err);
	fflush(stdout);
	return cc_findings_count(fs, cli->fail_on) > 0 ? CC_EXIT_FINDINGS : CC_EXIT_OK;
}

char *cc_cli_display_join(const char *a, const char *b)
{
	int a_dot = !a || !*a || strcmp(a, ".") == 0 || strcmp(a, "./") == 0;
	int b_dot = !b || !*b || strcmp(b, ".") == 0;
	if (a_dot && b_dot)
		return cc_strdup(".");
	if (a_dot)
		return cc_strdup(b);
	if (b_dot) {
		char *s = cc_strdup(a);
		size_t n = strlen(s);
		while (n > 1 && s[n - 1] == '/')
			s[--n] = '\0';
		return s;
	}
	char *s = cc_path_join(a, b);
	return s;
}

static size_t count_opts(const struct option *o)
{
	size_t n = 0;
	while (o && o[n].name)
		n++;
	return n;
}

int cc_cli_parse(cc_cli *cli, const char *cmd, int argc, char **argv, const char *shortopts,
		 const struct option *longopts, void (*help)(void), cc_cli_optfn fn, void *ctx)
{
	static const struct option common[] = {
		{ "help", no_argument, NULL, 'h' },
		CC_CLI_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	size_t nown = count_opts(longopts), ncommon = count_opts(common);
	struct option *all = cc_calloc(nown + ncommon + 1, sizeof(*all));
	memcpy(all, longopts, nown * sizeof(*all));
	memcpy(all + nown, common, ncommon * sizeof(*all));
	char *shorts = cc_asprintf("h%s" CC_CLI_COMMON_SHORTOPTS, shortopts ? shortopts : "");
	int opt, r = -1;
	while (r == -1 && (opt = getopt_long(argc, argv, shorts, all, NULL)) != -1) {
		if (opt == 'h') {
			help();
			r = CC_EXIT_OK;
			break;
		}
		int h = fn ? fn(ctx, opt, optarg) : 0;
		if (h == 0)
			h = cc_cli_common_opt(cli, opt, optarg);
		if (h == 0)
			r = cc_cli_usage_error(cmd, "see chartci %s --help", cmd);
		else if (h < 0)
			r = CC_EXIT_USAGE;
	}
	free(all);
	free(shorts);
	if (r == -1 && cc_cli_setup(cli, cmd) != CC_EXIT_OK)
		r = CC_EXIT_USAGE;
	return r;
}
