/*
 * base: see base.h. Errors, buffers and string vectors are the vocabulary
 * every other module speaks, so they stay small and dependency-free.
 */
#include "base/base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cc_error_setv(cc_error *err, int code, const char *file, int line, int col,
		  const char *fmt, va_list ap)
{
	if (!err)
		return code;
	err->code = code;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->col = col;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return code;
}

int cc_error_set(cc_error *err, int code, const char *file, int line, int col,
		 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cc_error_setv(err, code, file, line, col, fmt, ap);
	va_end(ap);
	return code;
}

int cc_error_sys(cc_error *err, int errno_value, const char *file, const char *what)
{
	int code = errno_value == ENOENT || errno_value == ENOTDIR ? CC_ENOTFOUND : CC_EIO;
	return cc_error_set(err, code, file, 0, 0, "%s: %s", what, strerror(errno_value));
}

void cc_error_clear(cc_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

void cc_error_format(const cc_error *err, char *out, size_t outsz)
{
	if (err->file[0] && err->line > 0 && err->col > 0)
		snprintf(out, outsz, "%s:%d:%d: %s", err->file, err->line, err->col, err->msg);
	else if (err->file[0] && err->line > 0)
		snprintf(out, outsz, "%s:%d: %s", err->file, err->line, err->msg);
	else if (err->file[0])
		snprintf(out, outsz, "%s: %s", err->file, err->msg);
	else
		snprintf(out, outsz, "%s", err->msg);
}

const char *cc_error_code_name(int code)
{
	switch (code) {
	case CC_OK: return "ok";
	case CC_ENOTFOUND: return "not found";
	case CC_EINVALID: return "invalid";
	case CC_ELIMIT: return "limit exceeded";
	case CC_EIO: return "i/o error";
	case CC_EUNSAFE: return "unsafe";
	case CC_EEXIST: return "exists";
	default: return "error";
	}
}

static void oom(size_t n)
{
	fprintf(stderr, "chartci: out of memory allocating %zu bytes\n", n);
	abort();
}

void *cc_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *cc_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *cc_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *cc_strdup(const char *s)
{
	return cc_strndup(s, strlen(s));
}

char *cc_strndup(const char *s, size_t n)
{
	char *p = cc_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *cc_asprintf(const char *fmt, ...)
{
	cc_buf b = CC_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	cc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return cc_buf_detach(&b);
}

void cc_buf_grow(cc_buf *b, size_t extra)
{
	size_t want = b->len + extra + 1;
	if (want <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap * 2;
	b->ptr = cc_realloc(b->ptr, cap);
	b->cap = cap;
}

void cc_buf_put(cc_buf *b, const void *data, size_t n)
{
	cc_buf_grow(b, n);
	if (n)
		memcpy(b->ptr + b->len, data, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void cc_buf_puts(cc_buf *b, const char *s)
{
	cc_buf_put(b, s, strlen(s));
}

void cc_buf_putc(cc_buf *b, char c)
{
	cc_buf_put(b, &c, 1);
}

void cc_buf_vprintf(cc_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	cc_buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void cc_buf_printf(cc_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cc_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void cc_buf_clear(cc_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *cc_buf_detach(cc_buf *b)
{
	char *p = b->ptr ? b->ptr : cc_strdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void cc_buf_free(cc_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

void cc_strvec_push_owned(cc_strvec *sv, char *s)
{
	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = cc_realloc(sv->v, sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
}

void cc_strvec_push(cc_strvec *sv, const char *s)
{
	cc_strvec_push_owned(sv, cc_strdup(s));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void cc_strvec_sort(cc_strvec *sv)
{
	if (sv->n > 1)
		qsort(sv->v, sv->n, sizeof(*sv->v), cmp_str);
}

int cc_strvec_contains(const cc_strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return 1;
	return 0;
}

void cc_strvec_free(cc_strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

int cc_file_read(const char *path, size_t max_size, cc_buf *out, cc_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return cc_error_sys(err, errno, path, "cannot open");
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return cc_error_sys(err, e, path, "cannot stat");
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return cc_error_set(err, S_ISDIR(st.st_mode) ? CC_EINVALID : CC_EUNSAFE, path, 0, 0,
				    S_ISDIR(st.st_mode) ? "is a directory, not a file"
							: "is not a regular file");
	}
	if ((unsigned long long)st.st_size > max_size) {
		close(fd);
		return cc_error_set(err, CC_ELIMIT, path, 0, 0,
				    "file is %lld bytes, larger than the limit of %zu bytes",
				    (long long)st.st_size, max_size);
	}
	cc_buf_clear(out);
	cc_buf_grow(out, (size_t)st.st_size);
	for (;;) {
		if (out->len > max_size) {
			close(fd);
			return cc_error_set(err, CC_ELIMIT, path, 0, 0,
					    "file grew past the limit of %zu bytes while read", max_size);
		}
		cc_buf_grow(out, 65536);
		ssize_t n = read(fd, out->ptr + out->len, out->cap - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			return cc_error_sys(err, e, path, "cannot read");
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
	}
	out->ptr[out->len] = '\0';
	close(fd);
	return CC_OK;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int cc_file_write_parts(const char *path, const cc_part *parts, size_t n, unsigned mode, int durable,
			cc_error *err)
{
	char *tmp = cc_asprintf("%s.chartci-tmp-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		return cc_error_sys(err, e, path, "cannot create temporary file");
	}
	int rc = CC_OK;
	for (size_t i = 0; rc == CC_OK && i < n; i++)
		if (write_all(fd, parts[i].data, parts[i].len) != 0)
			rc = cc_error_sys(err, errno, path, "cannot write");
	if (rc == CC_OK && (fchmod(fd, mode) != 0 || (durable && fsync(fd) != 0)))
		rc = cc_error_sys(err, errno, path, "cannot write");
	if (close(fd) != 0 && rc == CC_OK)
		rc = cc_error_sys(err, errno, path, "cannot write");
	if (rc == CC_OK && rename(tmp, path) != 0)
		rc = cc_error_sys(err, errno, path, "cannot replace");
	if (rc != CC_OK)
		unlink(tmp);
	free(tmp);
	return rc;
}

int cc_file_write_atomic(const char *path, const void *data, size_t len, unsigned mode, cc_error *err)
{
	cc_part p = { data, len };
	return cc_file_write_parts(path, &p, 1, mode, 1, err);
}

char *cc_path_join(const char *a, const char *b)
{
	if (!a || !*a || strcmp(a, ".") == 0)
		return cc_strdup(b);
	if (!b || !*b)
		return cc_strdup(a);
	size_t la = strlen(a);
	if (a[la - 1] == '/')
		return cc_asprintf("%s%s", a, b);
	return cc_asprintf("%s/%s", a, b);
}

const char *cc_path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return path[0] == '/' ? path + 1 : NULL;
	if (strncmp(path, dir, n) != 0 || (path[n] != '/' && path[n] != '\0'))
		return NULL;
	return path[n] ? path + n + 1 : path + n;
}

char *cc_path_base(const char *path)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	if (n == 0)
		return cc_strdup(".");
	if (n == 1 && path[0] == '/')
		return cc_strdup("/");
	size_t i = n;
	while (i > 0 && path[i - 1] != '/')
		i--;
	return cc_strndup(path + i, n - i);
}

int cc_path_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int cc_path_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

void cc_offset_to_linecol(const char *text, size_t len, size_t offset, int *line, int *col)
{
	int l = 1, c = 1;
	if (offset > len)
		offset = len;
	for (size_t i = 0; i < offset; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}
