/*
 * chartci index DIR [--url URL] [--merge FILE] [--json]
 *
 * Writes DIR/index.yaml as `helm repo index` does (pkg/cmd/repo_index.go):
 * the archives DIR/NAME.tgz and DIR/SUB/NAME.tgz in Go's glob order, each that
 * helm's loader accepts, with its sha256, its URL joined to --url and the
 * time as `created`; --merge's entries after them where not already
 * present; every chart's versions newest first. Files helm cannot load as
 * a chart are skipped (helm is silent; a note goes to stderr here). The
 * time is SOURCE_DATE_EPOCH when set, so CI can make the same index twice.
 * A bad merge file is exit 1, a usage or environment problem exit 2; on
 * either nothing is written.
 */
#include "cli/cli.h"
#include "cli/targets.h"
#include "chart/chart.h"
#include "emit/emit.h"
#include "index/index.h"
#include "package/epoch.h"
#include "package/package.h"

#include <dirent.h>
#include <fnmatch.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct ix_setup {
	const char *url;
	const char *merge;
	int json;
	const char *sde;
	long long epoch;
} ix_setup;

static void help(void)
{
	printf("usage: chartci index DIR [options]\n"
	       "\n"
	       "Writes DIR/index.yaml for the chart archives in DIR and its direct\n"
	       "subdirectories, as `helm repo index` does. created and generated are the\n"
	       "current time, or SOURCE_DATE_EPOCH when it is set.\n"
	       "\n"
	       "options:\n"
	       "      --url URL      the repository URL the chart URLs are joined to\n"
	       "      --merge FILE   keep FILE's entries that DIR does not replace\n"
	       "                     (FILE is created empty when missing, as helm does)\n"
	       "      --json         write the index as JSON (helm reads either)\n"
	       "  -h, --help         this help\n");
}

static int index_opt(void *ctx, int opt, const char *arg)
{
	ix_setup *S = ctx;
	if (opt == 3001)
		S->url = arg;
	else if (opt == 3002)
		S->merge = arg;
	else if (opt == 3003)
		S->json = 1;
	else
		return 0;
	return 1;
}

/* time.Now() as encoding/json writes it, or SOURCE_DATE_EPOCH's instant. */
static void now(const ix_setup *S, char out[CC_EMIT_TIME_MAX])
{
	struct timespec ts = { 0, 0 };
	if (S->sde)
		ts.tv_sec = (time_t)S->epoch;
	else
		clock_gettime(CLOCK_REALTIME, &ts);
	cc_error err;
	if (cc_emit_go_time((long long)ts.tv_sec, ts.tv_nsec, out, CC_EMIT_TIME_MAX, &err) != CC_OK)
		snprintf(out, CC_EMIT_TIME_MAX, "0001-01-01T00:00:00Z");
}

/* IndexDirectory's list: the .tgz files in dir, then in each subdirectory (Go's "**" is one level). */
static void archives(const char *dir, cc_strvec *out)
{
	cc_strvec subs = CC_STRVEC_INIT;
	cc_cli_glob_dir(dir, "", 0, out);
	cc_cli_glob_dir(dir, "", 1, &subs);
	for (size_t i = 0; i < subs.n; i++) {
		char *sub = cc_path_join(dir, subs.v[i]);
		char *prefix = cc_asprintf("%s/", subs.v[i]);
		cc_cli_glob_dir(sub, prefix, 0, out);
		free(prefix);
		free(sub);
	}
	cc_strvec_free(&subs);
}

static int skip(const char *rel, const char *why)
{
	fprintf(stderr, "chartci index: skipping %s: not a chart helm loads (%s)\n", rel, why);
	return 0;
}

/* helm's loader refuses it: a load problem or invalid metadata (a missing subchart does not count). */
static int loadable(const cc_chart *c, const char *rel)
{
	cc_findings fs = CC_FINDINGS_INIT;
	size_t n = cc_package_check(c, NULL, &fs);
	const char *why = NULL;
	for (size_t i = 0; i < fs.n; i++)
		if (strcmp(fs.v[i].rule, "package/dependencies-missing") != 0) {
			why = fs.v[i].msg;
			break;
		}
	for (size_t i = 0; !why && i < c->findings.n; i++)
		if (c->findings.v[i].sev == CC_SEV_ERROR)
			why = c->findings.v[i].msg;
	int ok = n == 0 || (fs.n == n && !why);
	if (!ok)
		skip(rel, why ? why : "invalid chart");
	cc_findings_free(&fs);
	return ok;
}

/* MustAdd's URL: URLJoin(URLJoin(url, subdir), file), or the file name alone. */
static char *chart_url(const ix_setup *S, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	char *sub = slash ? cc_strndup(rel, (size_t)(slash - rel)) : cc_strdup("");
	char *parent = cc_index_url_join(S->url ? S->url : "", sub);
	const char *file = slash ? slash + 1 : rel;
	char *u = *parent ? cc_index_url_join(parent, file) : cc_strdup(file);
	free(parent);
	free(sub);
	return u;
}

static int add_one(const ix_setup *S, const char *dir, const char *rel, cc_index_doc *d)
{
	char *path = cc_path_join(dir, rel);
	cc_chart *c = NULL;
	json_t *md = NULL;
	cc_error err;
	cc_error_clear(&err);
	struct stat st;
	int rc = 0;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		rc = skip(rel, "not a regular file");
	else if (cc_chart_load(&c, path, rel, NULL, &err) != CC_OK)
		rc = skip(rel, err.msg);
	else if (loadable(c, rel) && cc_package_metadata(c, NULL, &md, &err) == CC_OK) {
		char digest[CC_SHA256_HEX], created[CC_EMIT_TIME_MAX];
		rc = cc_sha256_file(path, digest, &err);
		char *url = chart_url(S, rel);
		now(S, created);
		if (rc == 0)
			rc = cc_index_doc_add(d, md, url, created, digest, &err);
		free(url);
		if (rc != 0)
			rc = cc_cli_env_error("index", &err);
	}
	json_decref(md);
	cc_chart_free(c);
	free(path);
	return rc;
}

/* --merge: a missing file is first written as an empty index (helm does so). */
static int merge(const ix_setup *S, cc_index_doc *d)
{
	cc_index_doc *old = NULL;
	cc_error err;
	char generated[CC_EMIT_TIME_MAX];
	if (!cc_path_exists(S->merge)) {
		old = cc_index_doc_new();
		now(S, generated);
		int rc = cc_index_doc_save(old, S->merge, generated, S->json, &err);
		cc_index_doc_free(old);
		return rc == CC_OK ? CC_EXIT_OK : cc_cli_env_error("index", &err);
	}
	if (cc_index_doc_load(S->merge, &old, &err) != CC_OK) {
		char msg[CC_PATH_MAX + CC_ERROR_MSG_MAX + 64];
		cc_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "chartci index: merge failed: %s\n", msg);
		return err.code == CC_EIO || err.code == CC_EUNSAFE ? CC_EXIT_USAGE : CC_EXIT_FINDINGS;
	}
	cc_index_doc_merge(d, old);
	cc_index_doc_free(old);
	return CC_EXIT_OK;
}

static int run(const ix_setup *S, const char *dir)
{
	char generated[CC_EMIT_TIME_MAX];
	now(S, generated);
	cc_index_doc *d = cc_index_doc_new();
	cc_strvec list = CC_STRVEC_INIT;
	archives(dir, &list);
	int r = CC_EXIT_OK;
	for (size_t i = 0; i < list.n && r == CC_EXIT_OK; i++)
		r = add_one(S, dir, list.v[i], d);
	if (r == CC_EXIT_OK && S->merge)
		r = merge(S, d);
	cc_error err;
	char *out = cc_path_join(dir, "index.yaml");
	cc_index_doc_sort(d);
	if (r == CC_EXIT_OK && cc_index_doc_save(d, out, generated, S->json, &err) != CC_OK)
		r = cc_cli_env_error("index", &err);
	free(out);
	cc_strvec_free(&list);
	cc_index_doc_free(d);
	return r;
}

int cc_cmd_index(cc_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = { { "url", required_argument, NULL, 3001 },
						  { "merge", required_argument, NULL, 3002 },
						  { "json", no_argument, NULL, 3003 },
						  { NULL, 0, NULL, 0 } };
	ix_setup S = { NULL, NULL, 0, getenv("SOURCE_DATE_EPOCH"), 0 };
	int r = cc_cli_parse(cli, "index", argc, argv, "", longopts, help, index_opt, &S);
	if (r != -1)
		return r;
	cc_error err;
	if (S.sde && cc_package_parse_epoch(S.sde, &S.epoch, &err) != CC_OK)
		return cc_cli_usage_error("index", "%s", err.msg);
	if (optind + 1 != argc)
		return cc_cli_usage_error("index", "name one directory (see chartci index --help)");
	if (!cc_path_is_dir(argv[optind]))
		return cc_cli_usage_error("index", "%s: not a directory", argv[optind]);
	return run(&S, argv[optind]);
}
