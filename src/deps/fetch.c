/*
 * fetch: `helm dependency build`'s download step, with the checks helm
 * leaves out.
 *
 * Every locked dependency is fetched into a temporary directory beside
 * charts/ first; only when all of them arrived and check out are they
 * moved in and the outdated archives removed (helm's safeMoveDeps), so a
 * failure leaves charts/ as it was. An index archive must have the sha256
 * the index gives; a registry layer the digest its manifest gives; every
 * archive is read with src/archive's limits (no "..", absolute paths,
 * links or devices) and must hold the chart and version that were locked.
 * Archives from indexes are kept in the cache under their sha256, so a
 * second build of the same lock downloads nothing. A file:// dependency
 * is packaged into the staging directory like any archive, so it too
 * leaves charts/ alone when something else fails.
 */
#include "deps/net_priv.h"
#include "chart/chart.h"
#include "package/epoch.h"
#include "package/package.h"
#include "semver/semver.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHART_MAX_SIZE ((size_t)100 << 20)

typedef struct build {
	cc_deps_net *n;
	const char *chart_dir;
	const cc_deps_build_opts *o;
	char *chart_real;  /* chart_dir with symbolic links resolved */
	char *root_real;   /* o->root likewise, or NULL */
	char *charts;      /* <chart>/charts */
	char *tmp;         /* the staging directory */
	cc_strvec staged;  /* file names in tmp */
	cc_strvec urls;    /* downloaded once each, as helm does */
	cc_strvec local;   /* names of vendored dependencies: never deleted */
} build;

static int dep_error(cc_error *err, int code, const cc_lock_entry *e, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int dep_error(cc_error *err, int code, const cc_lock_entry *e, const char *fmt, ...)
{
	char msg[CC_ERROR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return cc_error_set(err, code, NULL, 0, 0, "dependency \"%s\" %s: %s", e->name, e->version, msg);
}

/* 1 when `version` parses and satisfies (or, with exact, equals) `want`. */
static int version_ok(const char *version, const char *want, int exact)
{
	cc_semver v, w;
	cc_constraint c;
	cc_error e;
	int ok = 0;
	if (!version || cc_semver_parse(&v, version, &e) != CC_OK)
		return 0;
	if (exact && cc_semver_parse(&w, want, &e) == CC_OK) {
		ok = cc_semver_equal(&v, &w);
		cc_semver_free(&w);
	} else if (!exact && cc_constraint_parse(&c, want, &e) == CC_OK) {
		ok = cc_constraint_check(&c, &v, 0);
		cc_constraint_free(&c);
	}
	cc_semver_free(&v);
	return ok;
}

/* A vendored dependency must be there and satisfy its constraint; nothing is copied. */
static int check_vendored(build *b, const cc_lock_entry *e, cc_error *err)
{
	char *path = cc_path_join(b->charts, e->name);
	cc_chart *c = NULL;
	cc_chart_opts o = { .no_subcharts = 1 };
	int rc = cc_chart_load(&c, path, path, &o, err);
	free(path);
	if (rc == CC_OK && !version_ok(c->version, e->version, 0))
		rc = dep_error(err, CC_EINVALID, e, "charts/ holds version %s, which does not satisfy it",
			       c->version ? c->version : "(none)");
	if (rc == CC_OK)
		cc_strvec_push(&b->local, e->name);
	cc_chart_free(c);
	return rc;
}

/* The archive must be one safe chart, the one that was locked; errors name where it came from. */
static int verify_archive(const char *file, const char *source, const cc_lock_entry *e, cc_error *err)
{
	cc_chart *c = NULL;
	cc_chart_opts o = { .no_subcharts = 1 };
	int rc = cc_chart_load(&c, file, file, &o, err);
	if (rc != CC_OK) {
		char *shown = cc_http_redact(source);
		char msg[CC_ERROR_MSG_MAX];
		snprintf(msg, sizeof(msg), "%s", err->msg);
		rc = dep_error(err, rc, e, "%s: %s", shown, msg);
		free(shown);
	}
	if (rc == CC_OK && !(c->name && strcmp(c->name, e->name) == 0 && version_ok(c->version, e->version, 1)))
		rc = dep_error(err, CC_EINVALID, e, "the archive holds %s %s", c->name ? c->name : "?",
			       c->version ? c->version : "?");
	cc_chart_free(c);
	return rc;
}

/* helm names a downloaded archive after the last element of its URL's path. */
static char *archive_name(const char *url)
{
	size_t end = strcspn(url, "?#");
	const char *slash = url;
	for (const char *p = url; p < url + end; p++)
		if (*p == '/')
			slash = p + 1;
	return cc_strndup(slash, (size_t)(url + end - slash));
}

static int copy_file(const char *from, const char *to, cc_error *err)
{
	cc_buf data = CC_BUF_INIT;
	int rc = cc_file_read(from, CHART_MAX_SIZE, &data, err);
	if (rc == CC_OK)
		rc = cc_file_write_atomic(to, data.ptr, data.len, 0644, err);
	cc_buf_free(&data);
	return rc;
}

static char *cached_path(const build *b, const char *sha)
{
	return b->n->cache_dir ? cc_asprintf("%s/charts/sha256-%s.tgz", b->n->cache_dir, sha) : NULL;
}

/* Downloads (or takes from the cache) url into dest, checking the sha256 the index gives. */
static int download(build *b, const char *url, const cc_http_auth *auth, const char *digest, const char *dest,
		    const cc_lock_entry *e, cc_error *err)
{
	char sha[CC_SHA256_HEX];
	char *cached = digest[0] ? cached_path(b, digest) : NULL;
	int rc = CC_ENOTFOUND;
	if (cached && cc_sha256_file(cached, sha, err) == CC_OK && strcmp(sha, digest) == 0)
		rc = copy_file(cached, dest, err);
	if (rc == CC_OK) {
		free(cached);
		return CC_OK;
	}
	rc = cc_http_get_file(b->n->http, url, auth, CHART_MAX_SIZE, dest, err);
	if (rc == CC_OK)
		rc = cc_sha256_file(dest, sha, err);
	if (rc == CC_OK && digest[0] && strcmp(sha, digest) != 0) {
		char *shown = cc_http_redact(url);
		rc = dep_error(err, CC_EUNSAFE, e, "%s has sha256 %s, the index says %s", shown, sha, digest);
		free(shown);
	}
	if (rc == CC_OK && b->n->cache_dir) {
		char *dir = cc_asprintf("%s/charts", b->n->cache_dir);
		char *keep = cached_path(b, sha);
		cc_error ignored;
		/* a cache that cannot be written only costs the next download */
		if (mkdir(b->n->cache_dir, 0755) == 0 || errno == EEXIST)
			if (mkdir(dir, 0755) == 0 || errno == EEXIST)
				copy_file(dest, keep, &ignored);
		free(keep);
		free(dir);
	}
	free(cached);
	return rc;
}

/* A name for the archive in the staging directory and charts/: one plain file name, nothing that climbs. */
static int stage(build *b, const char *file, cc_error *err, const cc_lock_entry *e, char **dest)
{
	if (!file || !file[0] || file[0] == '.' || strchr(file, '/') || strchr(file, '\\')) {
		int rc = dep_error(err, CC_EUNSAFE, e, "\"%s\" is not a plain archive name", file ? file : "");
		free((char *)file);
		return rc;
	}
	if (cc_strvec_contains(&b->staged, file)) {
		free((char *)file);
		return dep_error(err, CC_EINVALID, e, "two dependencies download to the same file");
	}
	*dest = cc_path_join(b->tmp, file);
	cc_strvec_push_owned(&b->staged, (char *)file);
	return CC_OK;
}

static int fetch_index_dep(build *b, const cc_lock_entry *e, cc_error *err)
{
	const cc_index *idx = cc_deps_net_index(b->n, e->repository, err);
	if (!idx)
		return err->code;
	const cc_index_entry *ie = cc_index_get(idx, e->name, e->version);
	if (!ie || ie->nurls == 0) {
		char *shown = cc_http_redact(e->repository);
		int rc = dep_error(err, CC_ENOTFOUND, e, "not found in %s", shown);
		free(shown);
		return rc;
	}
	char *url = cc_index_resolve_url(e->repository, ie->urls[0]);
	if (cc_strvec_contains(&b->urls, url)) {
		free(url);
		return CC_OK;
	}
	cc_strvec_push(&b->urls, url);
	cc_http_auth auth;
	const cc_repo *entry = NULL;
	cc_deps_net_auth(b->n, e->repository, &auth, &entry);
	/* helm only sends a repository's credentials to its own host unless told to */
	if (entry && !entry->pass_credentials_all && !cc_http_same_origin(url, e->repository))
		auth.username = auth.password = NULL;
	char *dest = NULL;
	int rc = stage(b, archive_name(url), err, e, &dest);
	if (rc == CC_OK)
		rc = download(b, url, &auth, ie->digest, dest, e, err);
	if (rc == CC_OK)
		rc = verify_archive(dest, url, e, err);
	free(dest);
	free(url);
	return rc;
}

static int fetch_oci_dep(build *b, const cc_lock_entry *e, cc_error *err)
{
	char *ref_text = cc_asprintf("%s/%s:%s", e->repository, e->name, e->version);
	cc_oci_ref ref;
	memset(&ref, 0, sizeof(ref));
	char *dest = NULL, *digest = NULL;
	int rc = cc_oci_ref_parse(ref_text, &ref, err);
	if (rc == CC_OK)
		rc = stage(b, cc_asprintf("%s-%s.tgz", e->name, e->version), err, e, &dest);
	if (rc == CC_OK)
		rc = cc_oci_pull_chart(b->n->oci, &ref, dest, &digest, err);
	if (rc == CC_OK)
		rc = verify_archive(dest, ref_text, e, err);
	free(digest);
	free(dest);
	cc_oci_ref_free(&ref);
	free(ref_text);
	return rc;
}


/*
 * helm's GetLocalPath (an absolute path as it is, anything else below the
 * chart), resolved: links must not lead out of the repository, and a
 * directory holding the chart would put the chart inside its own archive.
 */
static int local_dir(const build *b, const cc_lock_entry *e, char **real, cc_error *err)
{
	char *path = cc_deps_local_path(b->chart_dir, e->repository);
	int rc = CC_OK;
	*real = realpath(path, NULL);
	if (!*real)
		rc = errno == ENOENT ? dep_error(err, CC_ENOTFOUND, e, "directory %s not found", path)
				     : dep_error(err, CC_EIO, e, "%s: %s", path, strerror(errno));
	else if (!cc_path_is_dir(*real))
		rc = dep_error(err, CC_EINVALID, e, "%s is not a directory", path);
	else if (b->root_real && !cc_path_under(*real, b->root_real))
		rc = dep_error(err, CC_EUNSAFE, e, "%s is outside the repository %s", path, b->root_real);
	else if (cc_path_under(b->chart_real, *real))
		rc = dep_error(err, CC_EINVALID, e, "%s holds the chart itself, a dependency cycle", path);
	free(path);
	return rc;
}

/* The first reason helm would refuse to package the dependency, kept at its own file:line:col. */
static int local_refusal(cc_chart *c, const cc_lock_entry *e, cc_error *err)
{
	cc_findings fs = CC_FINDINGS_INIT;
	cc_package_opts o = { 0 };
	int rc = CC_OK;
	if (cc_package_check(c, &o, &fs) > 0) {
		cc_findings_move(&fs, &c->findings);
		for (size_t i = 0; rc == CC_OK && i < fs.n; i++)
			if (fs.v[i].sev == CC_SEV_ERROR)
				rc = cc_error_set(err, CC_EINVALID, fs.v[i].file, fs.v[i].line, fs.v[i].col,
						  "dependency \"%s\" %s cannot be packaged: %s", e->name, e->version,
						  fs.v[i].msg);
	}
	cc_findings_free(&fs);
	return rc;
}

/* tarFromLocalDir: the locked version is a constraint the directory's chart must satisfy. */
static int local_usable(const char *dir, cc_chart *c, const cc_lock_entry *e, cc_error *err)
{
	if (!c->name || strcmp(c->name, e->name) != 0)
		return dep_error(err, CC_EINVALID, e, "the chart in %s is named %s", dir, c->name ? c->name : "?");
	if (!version_ok(c->version, e->version, 0))
		return dep_error(err, CC_EINVALID, e,
				 "can't get a valid version: %s holds version %s, which the lock does not allow", dir,
				 c->version ? c->version : "(none)");
	return local_refusal(c, e, err);
}

/* helm's chartutil.Save into the staging directory, stamped as `chartci package` stamps it. */
static int package_local(build *b, const cc_lock_entry *e, cc_error *err)
{
	char *dir = NULL, *dest = NULL;
	cc_chart *c = NULL;
	cc_package_opts o = { 0 };
	int rc = local_dir(b, e, &dir, err);
	if (rc == CC_OK)
		rc = cc_chart_load(&c, dir, dir, NULL, err);
	if (rc == CC_OK)
		rc = local_usable(dir, c, e, err);
	if (rc == CC_OK)
		rc = cc_package_epoch(c, dir, b->o ? b->o->sde : NULL, &o.mtime, NULL, err);
	if (rc == CC_OK)
		rc = stage(b, cc_package_file_name(c, &o), err, e, &dest);
	if (rc == CC_OK)
		rc = cc_package_save(c, &o, b->tmp, NULL, err);
	free(dest);
	cc_chart_free(c);
	free(dir);
	return rc;
}

static int fetch_one(build *b, const cc_lock_entry *e, cc_error *err)
{
	const char *repo = e->repository ? e->repository : "";
	if (!repo[0])
		return check_vendored(b, e, err);
	if (strncmp(repo, "file://", 7) == 0)
		return package_local(b, e, err);
	if (strncmp(repo, "oci://", 6) == 0)
		return fetch_oci_dep(b, e, err);
	return fetch_index_dep(b, e, err);
}

/* helm's safeMoveDeps: the new archives in, the archives of charts no longer locked out. */
static void move_in(build *b, cc_deps_built *out)
{
	for (size_t i = 0; i < b->staged.n; i++) {
		char *from = cc_path_join(b->tmp, b->staged.v[i]);
		char *to = cc_path_join(b->charts, b->staged.v[i]);
		if (rename(from, to) == 0)
			cc_strvec_push(&out->saved, b->staged.v[i]);
		free(from);
		free(to);
	}
	cc_strvec old = CC_STRVEC_INIT;
	cc_error err;
	DIR *d = opendir(b->charts);
	for (struct dirent *de; d && (de = readdir(d));)
		cc_strvec_push(&old, de->d_name);
	if (d)
		closedir(d);
	cc_strvec_sort(&old);
	for (size_t i = 0; i < old.n; i++) {
		size_t len = strlen(old.v[i]);
		if (cc_strvec_contains(&b->staged, old.v[i]) || len < 4 || strcmp(old.v[i] + len - 4, ".tgz") != 0)
			continue;
		char *path = cc_path_join(b->charts, old.v[i]);
		cc_chart *c = NULL;
		cc_chart_opts o = { .no_subcharts = 1 };
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && cc_chart_load(&c, path, path, &o, &err) == CC_OK &&
		    !(c->name && cc_strvec_contains(&b->local, c->name)) && unlink(path) == 0)
			cc_strvec_push(&out->removed, old.v[i]);
		cc_chart_free(c);
		free(path);
	}
	cc_strvec_free(&old);
}

static int open_dirs(build *b, cc_error *err)
{
	struct stat st;
	b->chart_real = realpath(b->chart_dir, NULL);
	if (!b->chart_real)
		return cc_error_sys(err, errno, b->chart_dir, "cannot resolve");
	b->root_real = b->o && b->o->root ? realpath(b->o->root, NULL) : NULL;
	if (b->o && b->o->root && !b->root_real)
		return cc_error_sys(err, errno, b->o->root, "cannot resolve");
	b->charts = cc_path_join(b->chart_dir, "charts");
	if (lstat(b->charts, &st) == 0 && !S_ISDIR(st.st_mode))
		return cc_error_set(err, CC_EUNSAFE, b->charts, 0, 0, "%s is not a directory", b->charts);
	if (lstat(b->charts, &st) != 0 && mkdir(b->charts, 0755) != 0)
		return cc_error_sys(err, errno, b->charts, "cannot create");
	b->tmp = cc_path_join(b->chart_dir, ".chartci-tmpcharts-XXXXXX");
	if (!mkdtemp(b->tmp))
		return cc_error_sys(err, errno, b->chart_dir, "cannot create a staging directory in");
	return CC_OK;
}

static void remove_staging(build *b)
{
	for (size_t i = 0; i < b->staged.n; i++) {
		char *p = cc_path_join(b->tmp, b->staged.v[i]);
		unlink(p);
		free(p);
	}
	if (b->tmp)
		rmdir(b->tmp);
}

int cc_deps_build(cc_deps_net *n, const char *chart_dir, const cc_lock_entry *e, size_t ne,
		  const cc_deps_build_opts *o, cc_deps_built *out, cc_error *err)
{
	build b = { .n = n, .chart_dir = chart_dir, .o = o };
	memset(out, 0, sizeof(*out));
	int rc = open_dirs(&b, err);
	for (size_t i = 0; rc == CC_OK && i < ne; i++) {
		rc = fetch_one(&b, &e[i], err);
		if (rc != CC_OK)
			out->failed = i + 1;
	}
	if (rc == CC_OK)
		move_in(&b, out);
	remove_staging(&b);
	free(b.chart_real);
	free(b.root_real);
	free(b.charts);
	free(b.tmp);
	cc_strvec_free(&b.staged);
	cc_strvec_free(&b.urls);
	cc_strvec_free(&b.local);
	return rc;
}

void cc_deps_built_free(cc_deps_built *b)
{
	cc_strvec_free(&b->saved);
	cc_strvec_free(&b->removed);
}
