#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *tu_mkdtemp(void)
{
	const char *t = getenv("TMPDIR");
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s/chartci-test-XXXXXX", t && *t ? t : "/tmp");
	char *d = mkdtemp(buf);
	assert_non_null(d);
	return strdup(d);
}

void tu_mkdirs(const char *dir, const char *rel)
{
	char buf[8192];
	snprintf(buf, sizeof(buf), "%s/%s", dir, rel);
	for (char *p = buf + strlen(dir) + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0755);
			*p = '/';
		}
	}
	mkdir(buf, 0755);
}

void tu_write(const char *dir, const char *rel, const char *data, size_t len)
{
	char buf[8192];
	snprintf(buf, sizeof(buf), "%s", rel);
	char *slash = strrchr(buf, '/');
	if (slash) {
		*slash = '\0';
		tu_mkdirs(dir, buf);
	}
	snprintf(buf, sizeof(buf), "%s/%s", dir, rel);
	FILE *f = fopen(buf, "wb");
	assert_non_null(f);
	if (len == (size_t)-1)
		len = strlen(data);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

void tu_rmtree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		if (d) {
			struct dirent *e;
			while ((e = readdir(d))) {
				if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
					continue;
				char buf[8192];
				snprintf(buf, sizeof(buf), "%s/%s", path, e->d_name);
				tu_rmtree(buf);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

char *tu_shared(const char *rel)
{
	const char *s = getenv("CHARTCI_SHARED");
	char buf[8192];
	snprintf(buf, sizeof(buf), "%s/%s", s && *s ? s : "../shared", rel);
	if (access(buf, F_OK) != 0)
		return NULL;
	return strdup(buf);
}

char *tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *p = malloc(cap);
	size_t r;
	while ((r = fread(p + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (cap - n < 2) {
			cap *= 2;
			p = realloc(p, cap);
		}
	}
	fclose(f);
	p[n] = '\0';
	if (len)
		*len = n;
	return p;
}

char *tu_project(const char *rel)
{
	/* this file is tests/unit/testutil.c below the project root, as compiled */
	const char *here = __FILE__;
	const char *cut = strstr(here, "tests/unit/");
	size_t n = cut ? (size_t)(cut - here) : 0;
	char *p = malloc(n + strlen(rel) + 1);
	memcpy(p, here, n);
	strcpy(p + n, rel);
	return p;
}
