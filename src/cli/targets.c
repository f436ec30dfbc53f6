/*
 * targets: the charts a command works on, from its PATH arguments.
 *
 * A PATH is a chart archive (.tgz), or a directory walked for charts at any
 * depth (a chart directory is found as itself). No PATH means the working
 * directory. A PATH that holds no chart at all is a finding, not silence:
 * a typo in a CI script must not pass as "0 charts, no problems".
 */
#include "cli/targets.h"

#include <dirent.h>
#include <fnmatch.h>
#include <getopt.h>
#include <string.h>
#include <sys/stat.h>

static int is_archive_path(const char *p)
{
	size_t n = strlen(p);
	return (n > 4 && strcmp(p + n - 4, ".tgz") == 0) || (n > 7 && strcmp(p + n - 7, ".tar.gz") == 0);
}

static int add_path(const char *path, const cc_walk_opts *wo, cc_strvec *out, cc_findings *fs,
		    cc_error *err)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return cc_error_sys(err, errno, path, "no such chart or directory");
	if (!S_ISDIR(st.st_mode)) {
		if (!is_archive_path(path))
			return cc_error_set(err, CC_EINVALID, path, 0, 0,
					    "not a chart: expected a directory or a .tgz archive");
		cc_strvec_push(out, path);
		return CC_OK;
	}
	cc_strvec found = CC_STRVEC_INIT;
	int rc = cc_walk(path, wo, &found, err);
	if (rc == CC_OK && found.n == 0) {
		char *cf = cc_cli_display_join(path, "Chart.yaml");
		cc_findings_add(fs, CC_SEV_ERROR, "chart/file-missing", cf, 0, 0,
				"no chart found: %s has no Chart.yaml at any depth", path);
		free(cf);
	}
	for (size_t i = 0; rc == CC_OK && i < found.n; i++)
		cc_strvec_push_owned(out, cc_cli_display_join(path, found.v[i]));
	cc_strvec_free(&found);
	return rc;
}

int cc_cli_targets(int npaths, char **paths, const cc_strvec *exclude, cc_strvec *out,
		   cc_findings *fs, cc_error *err)
{
	cc_walk_opts wo = { exclude };
	if (npaths == 0)
		return add_path(".", &wo, out, fs, err);
	for (int i = 0; i < npaths; i++) {
		int rc = add_path(paths[i], &wo, out, fs, err);
		if (rc != CC_OK)
			return rc;
	}
	return CC_OK;
}

int cc_cli_opt_exclude(void *ctx, int opt, const char *arg)
{
	if (opt != 'x')
		return 0;
	cc_strvec_push(ctx, arg);
	return 1;
}

int cc_cli_parse_charts(cc_cli *cli, const char *cmd, int argc, char **argv, void (*help)(void),
			cc_strvec *charts, cc_findings *fs)
{
	static const struct option longopts[] = {
		{ "exclude", required_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 }
	};
	cc_strvec exclude = CC_STRVEC_INIT;
	int r = cc_cli_parse(cli, cmd, argc, argv, "x:", longopts, help, cc_cli_opt_exclude, &exclude);
	if (r == -1) {
		cc_error err;
		cc_error_clear(&err);
		if (cc_cli_targets(argc - optind, argv + optind, &exclude, charts, fs, &err) != CC_OK)
			r = cc_cli_env_error(cmd, &err);
	}
	cc_strvec_free(&exclude);
	return r;
}

void cc_cli_glob_dir(const char *dir, const char *prefix, int want_dirs, cc_strvec *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	cc_strvec names = CC_STRVEC_INIT;
	while (d && (e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *path = cc_path_join(dir, e->d_name);
		int ok = want_dirs ? cc_path_is_dir(path) : fnmatch("*.tgz", e->d_name, 0) == 0;
		if (ok)
			cc_strvec_push_owned(&names, cc_asprintf("%s%s", prefix, e->d_name));
		free(path);
	}
	if (d)
		closedir(d);
	cc_strvec_sort(&names);
	for (size_t i = 0; i < names.n; i++)
		cc_strvec_push(out, names.v[i]);
	cc_strvec_free(&names);
}
