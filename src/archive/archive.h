/*
 * archive: reading (and, later, writing) chart archives: gzip-compressed tar.
 *
 * Archives come from anyone who can publish a chart, so reading is strict
 * and bounded: a member path that is absolute, climbs out with "..", or is a
 * symlink, hard link, device or FIFO is refused with CC_EUNSAFE, naming the
 * member; total and per-member decompressed sizes and the member count are
 * bounded (a gzip bomb is CC_ELIMIT, not an out-of-memory). USTAR, PAX
 * (path, size) and GNU long-name members are understood.
 */
#ifndef CC_ARCHIVE_H
#define CC_ARCHIVE_H

#include <stddef.h>
#include "base/base.h"

/* Helm's own bounds (pkg/chart/loader/archive): 5 MiB a file, 100 MiB a chart. */
#define CC_ARCHIVE_MAX_FILE ((size_t)5 * 1024 * 1024)
#define CC_ARCHIVE_MAX_TOTAL ((size_t)100 * 1024 * 1024)
#define CC_ARCHIVE_MAX_ENTRIES 100000

typedef struct cc_archive_limits {
	size_t max_file;    /* 0 = CC_ARCHIVE_MAX_FILE */
	size_t max_total;   /* 0 = CC_ARCHIVE_MAX_TOTAL */
	size_t max_entries; /* 0 = CC_ARCHIVE_MAX_ENTRIES */
} cc_archive_limits;

typedef struct cc_archive_entry {
	char *name;          /* member path as stored, slash separated */
	unsigned char *data; /* contents (regular files only) */
	size_t size;
	unsigned mode;       /* permission bits */
	long long mtime;     /* seconds since the epoch */
	char type;           /* '0' regular, '5' directory */
} cc_archive_entry;

typedef struct cc_archive {
	cc_archive_entry *entries; /* in archive order; directories included */
	size_t n;
} cc_archive;

/* Reads a .tgz from memory; `name` is used in messages. */
int cc_archive_read_tgz(cc_archive **out, const void *data, size_t len, const char *name,
			const cc_archive_limits *limits, cc_error *err);
/* Reads a .tgz file (bounded by limits->max_total compressed too). */
int cc_archive_read_tgz_file(cc_archive **out, const char *path,
			     const cc_archive_limits *limits, cc_error *err);
void cc_archive_free(cc_archive *ar);

#endif
