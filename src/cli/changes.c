/*
 * changes: which charts a set of changed paths touches, shared by
 * list-changed and check-version; see changes.h.
 */
#include "cli/changes.h"

#include <stdlib.h>
#include <string.h>

/* Whether `path` (relative to the chart) is a file helm would package: neither it nor a parent ignored. */
static int packaged(const cc_chart *c, const char *path)
{
	if (!c->ignore)
		return 1;
	char *p = cc_strdup(path);
	int ignored = 0;
	for (char *s = strchr(p, '/'); s && !ignored; s = strchr(s + 1, '/')) {
		*s = '\0';
		ignored = cc_ignore_match(c->ignore, p, 1);
		*s = '/';
	}
	ignored = ignored || cc_ignore_match(c->ignore, p, 0);
	free(p);
	return !ignored;
}

/* Whether a packaged file of the chart at rel (relative to the work tree) is among paths. */
int cc_cli_chart_changed(const cc_chart *c, const char *rel, const cc_strvec *paths)
{
	size_t k = strlen(rel);
	for (size_t j = 0; j < paths->n; j++) {
		const char *p = paths->v[j];
		int inside = k == 0 || (strncmp(p, rel, k) == 0 && p[k] == '/');
		if (inside && packaged(c, k ? p + k + 1 : p))
			return 1;
	}
	return 0;
}

