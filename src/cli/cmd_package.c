/*
 * chartci package [options] [CHART...]
 *
 * Writes <dir>/<name>-<version>.tgz for each chart directory: the archive
 * `helm package` would write, with one modification time for every member
 * (SOURCE_DATE_EPOCH, else the chart's last commit, else its newest file)
 * and subcharts in name order, so the same chart gives the same bytes
 * everywhere. Prints the path written per chart. A chart helm would
 * refuse is refused with helm's message (exit 1); a bad option, a bad
 * SOURCE_DATE_EPOCH or an unwritable directory is exit 2. With
 * --deps-build a chart whose declared dependencies are missing from
 * charts/ first gets what `chartci deps build` fetches for it.
 */
#include "cli/cli.h"
#include "cli/stages.h"
#include "cli/progress.h"
#include "cli/sign.h"
#include "cli/netopts.h"
#include "chart/chart.h"
#include "package/epoch.h"
#include "package/package.h"
#include "semver/semver.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pkg_setup {
	const char *dir;
	const char *version;
	const char *app_version;
	const char *sde;
	int deps_build;
	int sign;                  /* --sign: a .prov beside each archive */
	const char *key, *keyring, *passphrase_file;
	cc_cli_net net;
	const cc_cli *cli;
} pkg_setup;

static void help(void)
{
	printf("usage: chartci package [options] [CHART...]\n"
	       "\n"
	       "Packages each chart directory (default: .) into <dir>/<name>-<version>.tgz,\n"
	       "as `helm package` would, reproducibly: every member gets one time\n"
	       "(SOURCE_DATE_EPOCH, else the last commit touching the chart, else its\n"
	       "newest file) and subcharts come in name order. Prints each path written.\n"
	       "\n"
	       "options:\n"
	       "  -d, --destination DIR  where to write the archives (default: .; created if missing)\n"
	       "      --version V        set the chart's version (a SemVer helm accepts)\n"
	       "      --app-version V    set the chart's appVersion\n"
	       "      --deps-build       fetch dependencies missing from charts/ first, as\n"
	       "                         `chartci deps build` does (needs an up-to-date Chart.lock)\n"
	       "      --sign             write <archive>.prov, helm's provenance file, beside it\n"
	       "      --key NAME         the signing key's identity (or a unique part of it)\n"
	       "      --keyring FILE     the secret keyring (default: $GNUPGHOME/pubring.gpg)\n"
	       "      --passphrase-file FILE  the key's passphrase, first line (\"-\": stdin)\n"
	       CC_CLI_NET_HELP
	       CC_CLI_COMMON_HELP
	       "  -h, --help             this help\n");
}

static int pkg_opt(void *ctx, int opt, const char *arg)
{
	pkg_setup *S = ctx;
	if (opt == 'd')
		S->dir = arg;
	else if (opt == 2001)
		S->version = arg;
	else if (opt == 2002)
		S->app_version = arg;
	else if (opt == 2003)
		S->deps_build = 1;
	else if (opt == 2004)
		S->sign = 1;
	else if (opt == 2005)
		S->key = arg;
	else if (opt == 2006)
		S->keyring = arg;
	else if (opt == 2007)
		S->passphrase_file = arg;
	else
		return cc_cli_net_opt(&S->net, opt, arg);
	return 1;
}

static void refusals_to(cc_findings *fs, cc_chart *c, const cc_package_opts *o, size_t *refused)
{
	size_t n = cc_package_check(c, o, fs);
	cc_findings_move(fs, &c->findings);
	*refused += n > 0;
}

static int deps_missing(const cc_chart *c, const cc_package_opts *o)
{
	cc_findings fs = CC_FINDINGS_INIT;
	int missing = 0;
	cc_package_check(c, o, &fs);
	for (size_t i = 0; i < fs.n && !missing; i++)
		missing = !strcmp(fs.v[i].rule, "package/dependencies-missing");
	cc_findings_free(&fs);
	return missing;
}

/*
 * --deps-build: `chartci deps build` on a chart missing dependencies, then
 * the chart as it now is. A failed build is its findings and one refusal.
 * Returns an exit code: CC_EXIT_OK to go on packaging.
 */
static int build_deps(const pkg_setup *S, const char *path, cc_chart **c, const cc_package_opts *o,
		      cc_findings *fs, size_t *refused)
{
	if (!S->deps_build || !deps_missing(*c, o))
		return CC_EXIT_OK;
	int text = S->cli->format == CC_FORMAT_TEXT && !S->cli->quiet;
	/* stdout lists the archives written, one a line, for scripts */
	if (cc_cli_deps_build(S->cli, &S->net, path, "deps/fetch", text ? stderr : NULL, fs) != CC_OK) {
		++*refused;
		return CC_EXIT_FINDINGS;
	}
	cc_error err;
	cc_chart_free(*c);
	*c = NULL;
	return cc_chart_load(c, path, path, NULL, &err) == CC_OK ? CC_EXIT_OK : cc_cli_env_error("package", &err);
}

/* --sign: the .prov beside the archive; a failure is printed (exit 2: keys are the environment). */
static int sign(const pkg_setup *S, const char *archive)
{
	cc_error err;
	char *prov = NULL;
	char *keyring = S->keyring ? cc_strdup(S->keyring) : cc_cli_default_keyring();
	int rc = cc_cli_sign_archive(archive, keyring, S->key, S->passphrase_file, &prov, &err);
	int r = rc == CC_OK ? CC_EXIT_OK : cc_cli_env_error("package", &err);
	if (rc != CC_OK)
		remove(archive); /* helm writes neither when signing fails */
	free(prov);
	free(keyring);
	return r;
}

/* One chart: 0 packaged, 1 refused, 2 environment problem (printed). */
static int package_one(const pkg_setup *S, const char *path, cc_findings *fs, size_t *refused)
{
	cc_chart *c = NULL;
	cc_error err;
	cc_error_clear(&err);
	if (!cc_path_is_dir(path))
		return cc_cli_usage_error("package", "%s: not a chart directory", path);
	if (cc_chart_load(&c, path, path, NULL, &err) != CC_OK)
		return cc_cli_env_error("package", &err);
	cc_package_opts o = { S->version, S->app_version, 0 };
	int b = build_deps(S, path, &c, &o, fs, refused);
	if (b != CC_EXIT_OK) {
		cc_chart_free(c);
		return b;
	}
	size_t before = *refused;
	refusals_to(fs, c, &o, refused);
	int r = CC_EXIT_OK;
	char *written = NULL;
	if (*refused > before)
		r = CC_EXIT_FINDINGS;
	else if (cc_package_epoch(c, path, S->sde, &o.mtime, NULL, &err) != CC_OK ||
		 cc_package_save(c, &o, S->dir, &written, &err) != CC_OK)
		r = cc_cli_env_error("package", &err);
	else if (S->sign && sign(S, written) != CC_EXIT_OK)
		r = CC_EXIT_USAGE;
	else {
		cc_cli_progress_end(S->cli); /* the terminal's line, before stdout writes on it */
		printf("%s\n", written);
	}
	free(written);
	cc_chart_free(c);
	return r;
}

static int check_options(const pkg_setup *S)
{
	cc_error err;
	long long t;
	if (S->sde && cc_package_parse_epoch(S->sde, &t, &err) != CC_OK)
		return cc_cli_usage_error("package", "%s", err.msg);
	if (S->version) {
		cc_semver v;
		if (cc_semver_parse(&v, S->version, &err) != CC_OK)
			return cc_cli_usage_error("package", "--version %s: %s", S->version, err.msg);
		cc_semver_free(&v);
	}
	/* helm's words */
	if (S->sign && !S->key)
		return cc_cli_usage_error("package", "--key is required for signing a package");
	if (!S->sign && (S->key || S->keyring || S->passphrase_file))
		return cc_cli_usage_error("package", "--key, --keyring and --passphrase-file go with --sign");
	return -1;
}

/* The repositories and the network, only when --deps-build may need them. */
static int open_net(const cc_cli *cli, pkg_setup *S)
{
	cc_error err;
	if (!S->deps_build || cc_cli_net_open(cli, &S->net, 1, &err) == CC_OK)
		return -1;
	int r = cc_cli_env_error("package", &err);
	cc_cli_net_close(&S->net);
	return r;
}

static int report(cc_cli *cli, cc_findings *fs, int r)
{
	if (fs->n == 0)
		return r;
	cc_report_opts o = { cli->format, 0, 1, 0, CHARTCI_VERSION };
	cc_findings_sort(fs);
	fflush(stdout);
	cc_report_write(stderr, fs, &o, NULL);
	return r;
}

int cc_cmd_package(cc_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "destination", required_argument, NULL, 'd' },
		{ "version", required_argument, NULL, 2001 },
		{ "app-version", required_argument, NULL, 2002 },
		{ "deps-build", no_argument, NULL, 2003 },
		{ "sign", no_argument, NULL, 2004 },
		{ "key", required_argument, NULL, 2005 },
		{ "keyring", required_argument, NULL, 2006 },
		{ "passphrase-file", required_argument, NULL, 2007 },
		CC_CLI_NET_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	pkg_setup S = { .dir = ".", .sde = getenv("SOURCE_DATE_EPOCH"), .cli = cli };
	int r = cc_cli_parse(cli, "package", argc, argv, "d:", longopts, help, pkg_opt, &S);
	if (r == -1)
		r = check_options(&S);
	if (r == -1)
		r = open_net(cli, &S);
	if (r != -1)
		return r;
	cc_findings fs = CC_FINDINGS_INIT;
	size_t refused = 0;
	r = CC_EXIT_OK;
	char *dot[] = { ".", NULL };
	char **charts = optind < argc ? argv + optind : dot;
	int n = optind < argc ? argc - optind : 1;
	for (int i = 0; i < n && r != CC_EXIT_USAGE; i++) {
		if (n > 1)
			cc_cli_progress(cli, "packaging %d of %d: %s", i + 1, n, charts[i]);
		r = package_one(&S, charts[i], &fs, &refused);
	}
	cc_cli_progress_end(cli);
	if (r != CC_EXIT_USAGE && refused)
		r = CC_EXIT_FINDINGS;
	r = report(cli, &fs, r);
	cc_findings_free(&fs);
	cc_cli_net_close(&S.net);
	return r;
}

/*
 * One chart into dir: its archive's path, NULL when refused (findings) or
 * err when it could not be written. Dependencies missing from charts/ are
 * fetched first, from the lock, as a CI job runs `helm dependency build`
 * before `helm package`.
 */
/* The network, opened when a chart first needs its dependencies built: a run without any reads no repository table. */
typedef struct lazy_net {
	cc_cli_net net;
	int opened;
} lazy_net;

static int net_for(cc_cli *cli, lazy_net *n, cc_error *err)
{
	if (n->opened)
		return CC_OK;
	n->opened = 1;
	return cc_cli_net_open(cli, &n->net, 1, err);
}

static int stage_one(cc_cli *cli, lazy_net *net, const char *path, const char *dir, const char *sde,
		     cc_findings *fs, char **written, cc_error *err)
{
	cc_chart *c = NULL;
	cc_package_opts o = { NULL, NULL, 0 };
	size_t refused = 0;
	*written = NULL;
	int rc = cc_chart_load(&c, path, path, NULL, err);
	int build = rc == CC_OK && deps_missing(c, &o);
	if (build)
		rc = net_for(cli, net, err);
	if (rc == CC_OK && build && cc_cli_deps_build(cli, &net->net, path, "deps/fetch", NULL, fs) == CC_OK) {
		cc_chart_free(c);
		c = NULL;
		rc = cc_chart_load(&c, path, path, NULL, err);
	}
	if (rc == CC_OK)
		refusals_to(fs, c, &o, &refused);
	if (rc == CC_OK && !refused && (rc = cc_package_epoch(c, path, sde, &o.mtime, NULL, err)) == CC_OK)
		rc = cc_package_save(c, &o, dir, written, err);
	cc_chart_free(c);
	return rc;
}

int cc_cli_stage_package(cc_cli *cli, const cc_strvec *charts, const char *dir, cc_findings *fs,
			 cc_strvec *written, cc_error *err)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	long long t;
	lazy_net net;
	memset(&net, 0, sizeof(net));
	int rc = sde && *sde ? cc_package_parse_epoch(sde, &t, err) : CC_OK;
	for (size_t i = 0; rc == CC_OK && i < charts->n; i++) {
		char *w = NULL;
		cc_cli_progress(cli, "packaging %zu of %zu: %s", i + 1, charts->n, charts->v[i]);
		rc = stage_one(cli, &net, charts->v[i], dir, sde && *sde ? sde : NULL, fs, &w, err);
		cc_strvec_push_owned(written, w ? w : cc_strdup(""));
	}
	cc_cli_progress_end(cli);
	cc_cli_net_close(&net.net);
	return rc;
}
