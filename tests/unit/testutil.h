/*
 * Helpers shared by the cmocka unit tests: scratch directories that are
 * removed afterwards, writing fixture files, and the path of ../shared.
 */
#ifndef CC_TESTUTIL_H
#define CC_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* A fresh directory under $TMPDIR; caller frees the string and calls tu_rmtree. */
char *tu_mkdtemp(void);
/* Writes `len` bytes (or strlen(data) when len == (size_t)-1) to dir/rel, creating parents. */
void tu_write(const char *dir, const char *rel, const char *data, size_t len);
/* mkdir -p dir/rel */
void tu_mkdirs(const char *dir, const char *rel);
void tu_rmtree(const char *path);
/* $CHARTCI_SHARED or "../shared", joined with rel; caller frees. NULL if absent. */
char *tu_shared(const char *rel);
/* Reads a whole file into a malloc'ed NUL-terminated string (NULL on failure). */
char *tu_slurp(const char *path, size_t *len);
/* A path relative to the project root, found from where the tests were compiled; caller frees. */
char *tu_project(const char *rel);

#endif
