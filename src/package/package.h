/*
 * package: reproducible chart archives, the files `helm package` writes.
 *
 * A chart archive is gzip over tar. The members, their order and their
 * bytes are helm's (pkg/chart/v2/util/save.go writeTarContents): a top
 * directory named after metadata.name, no directory entries, Chart.yaml
 * and Chart.lock re-serialised through Go's structs (helm drops comments
 * and unknown keys, so we must too), values.yaml, values.schema.json,
 * templates and the other files in helm's walk order, then every subchart
 * under charts/<name>/, archived subcharts expanded. The tar headers are
 * Go's archive/tar output byte for byte, the gzip header is helm's.
 *
 * Where helm is not reproducible chartci is: every entry gets one mtime
 * (the caller chooses it, see epoch.h), and subcharts come in name order
 * rather than Go's random map order. So the same chart gives the same
 * bytes on every run and every machine. The deflate stream is zlib's, not
 * Go's, so the .tgz differs from helm's while the tar inside it matches.
 *
 * A chart helm would refuse (a declared dependency missing from charts/,
 * apiVersion v3, metadata that fails Metadata.Validate, a file helm cannot
 * load) is refused here with helm's message, as findings naming the file
 * and, where known, the line and column.
 */
#ifndef CC_PACKAGE_H
#define CC_PACKAGE_H

#include <stddef.h>
#include <jansson.h>
#include "base/base.h"
#include "chart/chart.h"
#include "report/report.h"

/* The largest mtime a USTAR header holds (11 octal digits). */
#define CC_PACKAGE_MAX_MTIME 077777777777LL

typedef struct cc_package_opts {
	const char *version;     /* replaces metadata.version (helm's --version), or NULL */
	const char *app_version; /* replaces metadata.appVersion (--app-version), or NULL */
	long long mtime;         /* every entry's modification time, seconds since the epoch */
} cc_package_opts;

/* ---------------------------------------------------------------- tar and gzip */

/*
 * Appends one regular file to a tar stream as Go's archive/tar writes
 * tar.Header{Name, Mode: 0644, Size, ModTime}: USTAR when the name is
 * ASCII and fits (split into prefix and name where it must), otherwise a
 * PAX 'x' header with a path record before an ASCII-only header. The data
 * is padded to 512 bytes.
 */
int cc_package_tar_add(cc_buf *tar, const char *name, const void *data, size_t len, long long mtime,
		       cc_error *err);
/* The two zero blocks that end the stream (no padding to a record). */
void cc_package_tar_end(cc_buf *tar);

/* gzip with helm's header (FEXTRA with v4.1's extra bytes, comment "Helm", MTIME 0, OS 255). */
int cc_package_gzip(const void *data, size_t len, cc_buf *out, cc_error *err);

/* ---------------------------------------------------------------- helm's re-serialised files */

/*
 * Chart.yaml as helm writes it into the archive: helm's Metadata struct
 * (field set, omitempty, sanitised strings, numbers as Go formats them,
 * repository "" on every dependency, no dependencies for apiVersion v1),
 * --version and --app-version applied, through cc_emit_yaml. Fails, with
 * helm's message and the position in Chart.yaml, when the metadata does
 * not decode or does not validate.
 */
int cc_package_chartfile(const cc_chart *c, const cc_package_opts *o, cc_buf *out, cc_error *err);

/*
 * helm's Metadata for the chart as JSON (the struct's fields, omitempty,
 * sanitised, overrides applied, dependencies kept even for v1), after
 * Metadata.Validate's checks. Errors carry helm's message and position.
 * The chart's entry in a repository index is built from it.
 */
int cc_package_metadata(const cc_chart *c, const cc_package_opts *o, json_t **out, cc_error *err);

/* Chart.lock as helm re-writes it (the Lock struct through sigs.k8s.io/yaml). */
int cc_package_lockfile(const cc_chart *c, cc_buf *out, cc_error *err);

/* ---------------------------------------------------------------- packaging */

/*
 * Why helm would refuse to package the chart. Problems met while loading
 * it (or a subchart) that stop helm's loader are already findings on the
 * chart and are only counted; an apiVersion helm cannot package, metadata
 * that fails validation (the chart's or a subchart's) and declared
 * dependencies with no subchart of their name in charts/ are appended to
 * `out`. Returns the number of refusals; 0 means helm would package it.
 */
size_t cc_package_check(const cc_chart *c, const cc_package_opts *o, cc_findings *out);

/* The archive member names in order, "<name>/..." as `tar tzf` lists them. */
int cc_package_members(const cc_chart *c, const cc_package_opts *o, cc_strvec *out, cc_error *err);

/*
 * The chart as a .tgz into tgz_out. Does not check refusals (see
 * cc_package_check); errors are files that cannot be read or metadata
 * that cannot be written.
 */
int cc_package_write(const cc_chart *c, const cc_package_opts *o, cc_buf *tgz_out, cc_error *err);

/* "<name>-<version>.tgz", the version as written (after --version). Caller frees. */
char *cc_package_file_name(const cc_chart *c, const cc_package_opts *o);

/*
 * cc_package_write into <dir>/<name>-<version>.tgz, creating dir (0755,
 * with its parents) when missing, through a temporary file and a rename.
 * *path_out (optional) receives the path written; caller frees.
 */
int cc_package_save(const cc_chart *c, const cc_package_opts *o, const char *dir, char **path_out,
		    cc_error *err);

#endif
