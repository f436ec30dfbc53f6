/*
 * Internal to src/chart: the flat file list a chart is built from, whether
 * it came from a directory (paths on disk) or an archive (bytes in memory),
 * mirroring helm's BufferedFile list so both load through one path.
 */
#ifndef CC_CHART_INT_H
#define CC_CHART_INT_H

#include "chart/chart.h"

typedef struct cc_centry {
	char *name;          /* relative to the chart, slash separated */
	char *path;          /* on disk, or NULL */
	unsigned char *data; /* archive member bytes (owned), or NULL */
	size_t size;
} cc_centry;

typedef struct cc_clist {
	cc_centry *v;
	size_t n, cap;
} cc_clist;

void cc_clist_add(cc_clist *l, const char *name, const char *path,
		  const unsigned char *data, size_t size);
void cc_clist_free(cc_clist *l);

/*
 * Collects the files of the chart directory `dir` as helm's LoadDir does:
 * depth first, names sorted bytewise within each directory, ignore rules
 * applied to directories (pruned) and files, symlinks followed when they
 * stay inside the chart. Problems become findings on `c` under `display`.
 */
int cc_chart_collect_dir(cc_chart *c, const char *dir, const cc_ignore *ig,
			 size_t max_file, cc_clist *out, cc_error *err);

/* Builds the chart from its file list (helm's LoadFiles). */
void cc_chart_from_files(cc_chart *c, cc_clist *files, const cc_chart_opts *opts);

/* Structural checks of Chart.yaml; fills api_version, name, version, type. */
void cc_chart_check_meta(cc_chart *c, const char *file);

cc_chart *cc_chart_new(const char *dir, const char *display);

struct dirent;
/*
 * A directory's entries without "." and "..", sorted bytewise (helm's walk
 * sorts names with Go's sort.Strings, so the order never follows the
 * locale); scandir(3)'s result: a count, or -1 with errno.
 */
int cc_chart_list_dir(const char *dir, struct dirent ***names);

#endif
