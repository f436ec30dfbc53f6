/*
 * Fuzz target for .helmignore parsing and Go-style globs. The input is
 * parsed as a .helmignore and the rules are applied to a few paths; then
 * its first line is used as a glob and the rest as names, checking the
 * property helm relies on when it validates rules against "abc": whether a
 * pattern is malformed never depends on the name it is matched with.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void rules(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"Chart.yaml", "templates/.hidden", "templates/a.yaml", "docs", "a/b/c.txt", ".", "",
	};
	cc_ignore *ig = NULL;
	cc_error err;
	if (cc_ignore_parse(&ig, (const char *)data, size, ".helmignore", &err) != CC_OK) {
		if (ig || err.line < 1 || err.col < 1)
			abort();
		return;
	}
	cc_ignore_add_defaults(ig);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		int m = cc_ignore_match(ig, paths[i], (int)(i & 1));
		if (m != 0 && m != 1)
			abort();
		if (i >= 5 && m)
			abort(); /* "." and "" are never ignored */
	}
	cc_ignore_free(ig);
}

static void globs(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	char *name = strchr(buf, '\n');
	if (name)
		*name++ = '\0';
	const char *names[] = { name ? name : "", "abc", "", "a/b", "\xff" };
	int valid = cc_glob_valid(buf);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int m = cc_glob_match(buf, names[i]);
		if (m != 0 && m != 1 && m != CC_EINVALID)
			abort();
		if ((m == CC_EINVALID) == valid)
			abort();
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rules(data, size);
	globs(data, size);
	return 0;
}
