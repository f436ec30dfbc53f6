/*
 * chart: a chart as helm loads it, with positions kept for every message.
 *
 *   .helmignore   helm's exact rules (pkg/ignore): Go filepath.Match globs,
 *                 basename vs path patterns, trailing "/", leading "/", "!",
 *                 and the implicit templates/.?* appended after the file's.
 *   load          a chart directory or .tgz -> Chart.yaml (v1 and v2),
 *                 values.yaml, values.schema.json, Chart.lock (or v1's
 *                 requirements.yaml / requirements.lock), subcharts from
 *                 charts/ (directories and archives), and the list of files
 *                 `helm package` would put in the archive, in helm's order.
 *   walk          every chart below a root at any depth, in a fixed order.
 *
 * Problems in the chart's own files (not YAML, wrong types, duplicate keys,
 * a file that escapes the chart) are findings on the chart, so one broken
 * chart does not stop a run over a thousand; only environment problems
 * (the directory is gone) are returned as errors.
 */
#ifndef CC_CHART_H
#define CC_CHART_H

#include <stddef.h>
#include <jansson.h>
#include "base/base.h"
#include "yaml/yaml.h"
#include "report/report.h"

/* ---------------------------------------------------------------- .helmignore */

typedef struct cc_ignore cc_ignore;

/*
 * Parses .helmignore text. Errors (a "**" pattern, a malformed glob) carry
 * the line and column of the offending rule, as helm refuses such files.
 */
int cc_ignore_parse(cc_ignore **out, const char *text, size_t len, const char *file, cc_error *err);
/* An empty rule set (no .helmignore). */
cc_ignore *cc_ignore_new(void);
/* Appends helm's implicit rule "templates/.?*". */
void cc_ignore_add_defaults(cc_ignore *ig);
/*
 * Whether `path` (relative to the chart, slash separated, no "./") is
 * ignored; is_dir says whether it names a directory.
 */
int cc_ignore_match(const cc_ignore *ig, const char *path, int is_dir);
size_t cc_ignore_count(const cc_ignore *ig);
void cc_ignore_free(cc_ignore *ig);

/*
 * Go's path/filepath.Match on '/'-separated names: 1 match, 0 no match,
 * CC_EINVALID for a malformed pattern (whatever the name).
 */
int cc_glob_match(const char *pattern, const char *name);
int cc_glob_valid(const char *pattern);

/* ---------------------------------------------------------------- the chart */

#define CC_CHART_MAX_FILE ((size_t)5 * 1024 * 1024)        /* helm's per-file bound */
/* helm refuses a bigger values file too; parsing one only to report more costs ~20x its size in memory */
#define CC_CHART_MAX_VALUES CC_CHART_MAX_FILE

typedef struct cc_chart_file {
	char *name; /* relative to the chart, slash separated */
	char *path; /* on disk, or NULL for a member of an archive */
	size_t size;
} cc_chart_file;

typedef struct cc_chart cc_chart;

struct cc_chart {
	char *dir;        /* as given (directory, or .tgz path) */
	char *display;    /* prefix used for file names in findings */
	int is_archive;

	cc_yaml_doc *chartfile;      /* Chart.yaml, or NULL if missing or not YAML */
	char *api_version;           /* "v1" when absent, as helm */
	char *name;                  /* as helm reads it (numbers formatted); NULL when absent */
	char *version;               /* likewise */
	char *type;                  /* NULL when absent */

	cc_yaml_doc *values;         /* values.yaml, or NULL */
	json_t *schema;              /* values.schema.json, or NULL */
	cc_yaml_doc *lock;           /* Chart.lock (v2) or requirements.lock */
	cc_yaml_doc *requirements;   /* requirements.yaml, or NULL */
	cc_ignore *ignore;           /* rules in force (with defaults) */

	/* What `helm package` puts at the chart's own level, in its order:
	   Chart.yaml, Chart.lock, values.yaml, values.schema.json,
	   templates/ in walk order, then every other file in walk order. */
	cc_chart_file *files;
	size_t nfiles;

	cc_chart **subcharts;        /* charts/ entries, by name */
	size_t nsubcharts;

	cc_findings findings;        /* problems met while loading */
};

typedef struct cc_chart_opts {
	size_t max_file;      /* per file, 0 = CC_CHART_MAX_FILE */
	size_t max_values;    /* values.yaml, 0 = CC_CHART_MAX_VALUES */
	int no_subcharts;     /* do not load charts/ */
} cc_chart_opts;

/*
 * Loads the chart at `path` (a directory, or a .tgz file). `display` is the
 * path prefix findings use for its files (usually the chart's path relative
 * to the repository root); NULL means `path`.
 */
int cc_chart_load(cc_chart **out, const char *path, const char *display,
		  const cc_chart_opts *opts, cc_error *err);
void cc_chart_free(cc_chart *c);

/* How findings name the chart's file `rel`: display + "/" + rel. Caller frees. */
char *cc_chart_display_path(const cc_chart *c, const char *rel);

/*
 * The archive member names `helm package` would write for this chart,
 * without the leading "<name>/": own files first, then each subchart's under
 * "charts/<subchart>/" (subchart archives expanded), subcharts by name.
 */
void cc_chart_package_list(const cc_chart *c, cc_strvec *out);

/* ---------------------------------------------------------------- walking */

typedef struct cc_walk_opts {
	const cc_strvec *exclude; /* globs on paths relative to the root */
} cc_walk_opts;

/*
 * Every directory below `root` holding a Chart.yaml, at any depth, as paths
 * relative to root ("." for root itself), in bytewise order of path.
 * Does not enter .git, a chart's charts/ (those are subcharts) or what a
 * chart's .helmignore ignores, and does not follow directory symlinks.
 */
int cc_walk(const char *root, const cc_walk_opts *opts, cc_strvec *out, cc_error *err);

#endif
