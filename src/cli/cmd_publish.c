/*
 * chartci publish --to URL [options] CHART.tgz|DIR...
 *
 * Releases chart archives (chartci package's) to an OCI registry
 * (oci://host/path) or a chart repository taking PUT (http(s)://...),
 * never overwriting a release: the same archive already there is "already
 * published" and passes, another one is publish/exists. Credentials come
 * from --username and $CHARTCI_PASSWORD (or --password-stdin), never from
 * a command-line argument that `ps` would show; registries also from
 * helm's and docker's config.json.
 */
#include "cli/cli.h"
#include "cli/netopts.h"
#include "cli/targets.h"
#include "publish/publish.h"
#include "cli/progress.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct pub_setup {
	const char *to, *url, *username, *registry_config;
	int force, dry_run, plain_http, password_stdin;
	size_t chunk;
	char *password;
	cc_publish_opts o;
	const cc_cli *cli;
	const char *current;       /* the archive being published, for the progress line */
} pub_setup;

static void help(void)
{
	printf("usage: chartci publish --to URL [options] CHART.tgz|DIR...\n"
	       "\n"
	       "Publishes chart archives (a directory: every *.tgz in it) to an OCI registry\n"
	       "(oci://host/path, as helm push) or to a chart repository that takes PUT, such as\n"
	       "WebDAV (http(s)://host/path: the archive, then index.yaml merged, written only\n"
	       "if nobody changed it meanwhile), to a ChartMuseum API (chartmuseum+https://...),\n"
	       "or to a git branch (git:gh-pages, or\n"
	       "git+file:///path#branch: one commit with the archive and the merged index).\n"
	       "A version already published with the same\n"
	       "archive passes; with another archive it is refused and nothing is written.\n"
	       "HTTPS is verified; --ca-file and --insecure-skip-tls-verify apply to the target\n"
	       "unless a repository entry in .chartci.yaml whose URL covers it has TLS settings\n"
	       "of its own, which win.\n"
	       "\n"
	       "options:\n"
	       "      --to URL             where to publish (required)\n"
	       "      --url BASE           the base URL index entries name (default: --to)\n"
	       "      --force              replace a version published with another archive\n"
	       "      --dry-run            say what would be published; write nothing\n"
	       "      --username USER      for basic authentication; the password comes from\n"
	       "                           $CHARTCI_PASSWORD or --password-stdin\n"
	       "      --password-stdin     read the password from the first line of stdin\n"
	       "      --registry-config FILE  registry credentials (default: helm's, then docker's)\n"
	       "      --plain-http         reach the registry over http://\n"
	       "      --chunk-size BYTES   upload blobs bigger than this in chunks (registries)\n"
	       CC_CLI_TLS_HELP
	       CC_CLI_COMMON_HELP
	       "  -h, --help         this help\n");
}

static int pub_opt(void *ctx, int opt, const char *arg)
{
	pub_setup *S = ctx;
	switch (opt) {
	case 7001: S->to = arg; return 1;
	case 7002: S->url = arg; return 1;
	case 7003: S->force = 1; return 1;
	case 7004: S->dry_run = 1; return 1;
	case 7005: S->username = arg; return 1;
	case 7006: S->password_stdin = 1; return 1;
	case 7007: S->registry_config = arg; return 1;
	case 7008: S->plain_http = 1; return 1;
	case 7009: {
		char *end;
		unsigned long long n = strtoull(arg, &end, 10);
		if (*end || n < 1024) {
			cc_cli_usage_error("publish", "--chunk-size takes a number of bytes, at least 1024");
			return -1;
		}
		S->chunk = (size_t)n;
		return 1;
	}
	default: return 0;
	}
}

/* The archives named: files as they are, directories by their *.tgz, sorted. */
static void archives(int argc, char **argv, cc_strvec *out)
{
	for (int i = 0; i < argc; i++) {
		if (!cc_path_is_dir(argv[i])) {
			cc_strvec_push(out, argv[i]);
			continue;
		}
		size_t n = strlen(argv[i]);
		char *prefix = strcmp(argv[i], ".") == 0 ? cc_strdup("")
			       : cc_asprintf("%s%s", argv[i], argv[i][n - 1] == '/' ? "" : "/");
		cc_cli_glob_dir(argv[i], prefix, 0, out);
		free(prefix);
	}
}

/* On a terminal, a big upload shows how far it is. */
static void progress(void *ctx, size_t done, size_t total, int upload)
{
	const pub_setup *S = ctx;
	cc_cli_progress_transfer((void *)S->cli, S->current, done, total, upload);
}

static void say(const pub_setup *S, const cc_publish_result *r)
{
	if (S->cli->format != CC_FORMAT_TEXT || S->cli->quiet)
		return;
	if (r->outcome == CC_PUBLISH_PUSHED)
		printf("published %s (%s)\n", r->where, r->digest ? r->digest : "");
	else if (r->outcome == CC_PUBLISH_ALREADY)
		printf("already published %s (%s)\n", r->where, r->digest ? r->digest : "");
	else
		printf("would publish %s\n", r->where);
}

static void publish_one(pub_setup *S, const char *path, cc_findings *fs)
{
	cc_publish_chart c;
	cc_publish_result r;
	memset(&r, 0, sizeof(r));
	cc_error err;
	int rc = cc_publish_chart_load(path, &c, &err);
	if (cc_cli_progress_on(S->cli)) {
		S->current = path;
		S->o.progress = progress;
		S->o.progress_ctx = S;
	}
	if (rc == CC_OK)
		rc = cc_publish(S->to, &c, &S->o, &r, &err);
	if (rc == CC_OK) {
		say(S, &r);
	} else {
		const char *rule = c.metadata == NULL ? "publish/invalid" : rc == CC_EEXIST ? "publish/exists" : "publish/failed";
		if (!err.file[0])
			snprintf(err.file, sizeof(err.file), "%s", path);
		cc_finding_set_chart(cc_findings_add_error(fs, CC_SEV_ERROR, rule, &err), path);
	}
	cc_publish_result_free(&r);
	cc_publish_chart_free(&c);
}

int cc_cli_password(const char *cmd, int from_stdin, const char *username, char **out)
{
	const char *env = getenv("CHARTCI_PASSWORD");
	*out = NULL;
	if (from_stdin) {
		char line[4096];
		if (!fgets(line, sizeof(line), stdin))
			return cc_cli_usage_error(cmd, "--password-stdin: nothing on stdin");
		line[strcspn(line, "\r\n")] = '\0';
		*out = cc_strdup(line);
		memset(line, 0, sizeof(line));
	} else if (env && *env) {
		*out = cc_strdup(env);
	}
	if (*out && !username)
		return cc_cli_usage_error(cmd, "a password needs --username");
	return -1;
}

static int run(pub_setup *S, cc_cli *cli, int argc, char **argv)
{
	cc_strvec paths = CC_STRVEC_INIT;
	cc_findings fs = CC_FINDINGS_INIT;
	cc_http *http = NULL;
	cc_oci *oci = NULL;
	cc_http_policy *policy = NULL;
	cc_http_opts ho = { 0 };
	cc_error err;
	cc_http_auth auth = { .username = S->username, .password = S->password };
	cc_oci_opts oo = { .plain_http = S->plain_http, .registry_config = S->registry_config,
			   .username = S->username, .password = S->password, .chunk_size = S->chunk };
	int r = -1;
	if (cc_cli_http_opts(cli, &ho, &policy, &err) != CC_OK || cc_http_new(&ho, &http, &err) != CC_OK ||
	    cc_oci_new(http, &oo, &oci, &err) != CC_OK)
		r = cc_cli_env_error("publish", &err);
	S->o = (cc_publish_opts){ .force = S->force, .dry_run = S->dry_run, .http = http,
				  .auth = S->username ? &auth : NULL, .oci = oci, .url = S->url, .now = time(NULL),
				  .git_root = cli->root };
	archives(argc - optind, argv + optind, &paths);
	for (size_t i = 0; r == -1 && i < paths.n; i++)
		publish_one(S, paths.v[i], &fs);
	if (r == -1)
		r = cc_cli_report(cli, &fs, paths.n);
	cc_oci_free(oci);
	cc_http_free(http);
	cc_http_policy_free(policy);
	cc_findings_free(&fs);
	cc_strvec_free(&paths);
	return r;
}

int cc_cmd_publish(cc_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "to", required_argument, NULL, 7001 },
		{ "url", required_argument, NULL, 7002 },
		{ "force", no_argument, NULL, 7003 },
		{ "dry-run", no_argument, NULL, 7004 },
		{ "username", required_argument, NULL, 7005 },
		{ "password-stdin", no_argument, NULL, 7006 },
		{ "registry-config", required_argument, NULL, 7007 },
		{ "plain-http", no_argument, NULL, 7008 },
		{ "chunk-size", required_argument, NULL, 7009 },
		CC_CLI_TLS_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	pub_setup S;
	memset(&S, 0, sizeof(S));
	S.cli = cli;
	int r = cc_cli_parse(cli, "publish", argc, argv, "", longopts, help, pub_opt, &S);
	if (r == -1 && !S.to)
		r = cc_cli_usage_error("publish", "say where: --to oci://host/path or --to https://host/path");
	if (r == -1 && optind >= argc)
		r = cc_cli_usage_error("publish", "name the chart archives to publish (chartci package writes them)");
	if (r == -1)
		r = cc_cli_password("publish", S.password_stdin, S.username, &S.password);
	if (r == -1)
		r = run(&S, cli, argc, argv);
	if (S.password) /* the secret does not outlive its use */
		memset(S.password, 0, strlen(S.password));
	free(S.password);
	return r;
}
