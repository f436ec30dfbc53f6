/*
 * base: errors carried as values, growable buffers, string vectors, bounded
 * file reading and atomic file writing.
 *
 * Every fallible function in libchartci returns 0 on success or a negative
 * CC_E* code, and fills a caller-owned cc_error with the file, line and
 * column the problem belongs to. Nothing here prints or exits, except the
 * allocation wrappers, which abort on exhaustion: bounded inputs (see the
 * CC_*_MAX limits in each module) are what keeps memory in check, not
 * recovery from malloc failure.
 */
#ifndef CC_BASE_H
#define CC_BASE_H

#include <stddef.h>
#include <stdarg.h>

enum {
	CC_OK = 0,
	CC_ERROR = -1,     /* generic failure */
	CC_ENOTFOUND = -2, /* file, key or object does not exist */
	CC_EINVALID = -3,  /* input is malformed (syntax, type) */
	CC_ELIMIT = -4,    /* input exceeds a hard bound (size, depth, aliases) */
	CC_EIO = -5,       /* operating system I/O error */
	CC_EUNSAFE = -6,   /* path escapes its root, symlink, irregular file */
	CC_EEXIST = -7     /* already there, and different: a release is never overwritten */
};

#define CC_ERROR_MSG_MAX 1024
#define CC_PATH_MAX 4096

typedef struct cc_error {
	int code;
	char file[CC_PATH_MAX]; /* "" when the error is not about a file */
	int line;               /* 1-based; 0 when unknown */
	int col;                /* 1-based; 0 when unknown */
	char msg[CC_ERROR_MSG_MAX];
} cc_error;

/* Fills err (if not NULL) and returns code, so callers can `return cc_error_set(...)`. */
int cc_error_set(cc_error *err, int code, const char *file, int line, int col,
		 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
int cc_error_setv(cc_error *err, int code, const char *file, int line, int col,
		  const char *fmt, va_list ap);
/* Like cc_error_set, appending ": strerror(errno_value)". */
int cc_error_sys(cc_error *err, int errno_value, const char *file, const char *what);
void cc_error_clear(cc_error *err);
/* "file:line:col: msg" (parts omitted when unknown) into out. */
void cc_error_format(const cc_error *err, char *out, size_t outsz);
const char *cc_error_code_name(int code);

void *cc_malloc(size_t n);
void *cc_calloc(size_t n, size_t size);
void *cc_realloc(void *p, size_t n);
char *cc_strdup(const char *s);
char *cc_strndup(const char *s, size_t n);
char *cc_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer, always NUL-terminated after cc_buf_* writes. */
typedef struct cc_buf {
	char *ptr;
	size_t len;
	size_t cap;
} cc_buf;

#define CC_BUF_INIT { NULL, 0, 0 }
void cc_buf_grow(cc_buf *b, size_t extra);
void cc_buf_put(cc_buf *b, const void *data, size_t n);
void cc_buf_puts(cc_buf *b, const char *s);
void cc_buf_putc(cc_buf *b, char c);
void cc_buf_printf(cc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cc_buf_vprintf(cc_buf *b, const char *fmt, va_list ap);
void cc_buf_clear(cc_buf *b);
char *cc_buf_detach(cc_buf *b); /* caller frees; buffer is reset */
void cc_buf_free(cc_buf *b);

/* A vector of owned strings. */
typedef struct cc_strvec {
	char **v;
	size_t n;
	size_t cap;
} cc_strvec;

#define CC_STRVEC_INIT { NULL, 0, 0 }
void cc_strvec_push(cc_strvec *sv, const char *s);
void cc_strvec_push_owned(cc_strvec *sv, char *s);
void cc_strvec_sort(cc_strvec *sv); /* bytewise, as Go's sort.Strings */
int cc_strvec_contains(const cc_strvec *sv, const char *s);
void cc_strvec_free(cc_strvec *sv);

/*
 * Reads a whole regular file into out (NUL-terminated; out->len excludes the
 * NUL). Refuses files larger than max_size with CC_ELIMIT before reading
 * them, and anything that is not a regular file with CC_EUNSAFE.
 */
int cc_file_read(const char *path, size_t max_size, cc_buf *out, cc_error *err);

/*
 * Writes data to path through a temporary file in the same directory and a
 * rename, so a reader sees the old content or the new one, never a part.
 */
int cc_file_write_atomic(const char *path, const void *data, size_t len,
			 unsigned mode, cc_error *err);

/*
 * The same from several pieces, without a copy joining them. durable = 0
 * skips the fsync: for caches, where a write lost to a crash costs a miss.
 */
typedef struct cc_part {
	const void *data;
	size_t len;
} cc_part;
int cc_file_write_parts(const char *path, const cc_part *parts, size_t n, unsigned mode, int durable,
			cc_error *err);

/* "a" + "b" -> "a/b"; "" or "." as a yields b. Caller frees. */
char *cc_path_join(const char *a, const char *b);
/* path below dir (both absolute, resolved): the rest after "dir/" ("" for dir itself), or NULL when outside. */
const char *cc_path_under(const char *path, const char *dir);
/* Last path element, Go's filepath.Base rules ("" -> ".", trailing / ignored). Caller frees. */
char *cc_path_base(const char *path);
int cc_path_is_dir(const char *path);
int cc_path_exists(const char *path);

/* sha256 as 64 lowercase hex digits and a NUL. */
#define CC_SHA256_HEX 65
void cc_sha256_hex(const void *data, size_t len, char out[CC_SHA256_HEX]);
int cc_sha256_file(const char *path, char out[CC_SHA256_HEX], cc_error *err);

/* Byte offset -> 1-based line and column; columns count UTF-8 characters, as libyaml's marks do. */
void cc_offset_to_linecol(const char *text, size_t len, size_t offset, int *line, int *col);

#endif
