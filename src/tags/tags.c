/*
 * tags: release tag templates; see tags.h.
 */
#include "tags/tags.h"
#include "semver/semver.h"

#include <stdlib.h>
#include <string.h>

struct cc_tag_template {
	char *before;   /* literal before {name} (or before {version} without a name) */
	char *between;  /* literal between {name} and {version} */
	char *after;    /* literal after {version} */
	int has_name;
};

int cc_tag_template_parse(const char *text, cc_tag_template **out, cc_error *err)
{
	const char *v = strstr(text, "{version}"), *nm = strstr(text, "{name}");
	*out = NULL;
	if (!v || strstr(v + 9, "{version}"))
		return cc_error_set(err, CC_EINVALID, NULL, 1, v ? (int)(strstr(v + 9, "{version}") - text) + 1 : 1,
				    "tag template \"%s\" needs {version} exactly once", text);
	if (nm && (strstr(nm + 6, "{name}") || nm > v))
		return cc_error_set(err, CC_EINVALID, NULL, 1, (int)(nm - text) + 1,
				    "tag template \"%s\": {name} at most once, before {version}", text);
	cc_tag_template *t = cc_calloc(1, sizeof(*t));
	t->has_name = nm != NULL;
	t->before = cc_strndup(text, (size_t)((nm ? nm : v) - text));
	t->between = nm ? cc_strndup(nm + 6, (size_t)(v - nm - 6)) : cc_strdup("");
	t->after = cc_strdup(v + 9);
	*out = t;
	return CC_OK;
}

void cc_tag_template_free(cc_tag_template *t)
{
	if (!t)
		return;
	free(t->before);
	free(t->between);
	free(t->after);
	free(t);
}

char *cc_tag_format(const cc_tag_template *t, const char *name, const char *version)
{
	return cc_asprintf("%s%s%s%s%s", t->before, t->has_name ? name : "", t->between, version, t->after);
}

/* Digits, then a dot (or the end when last). */
static size_t number(const char *s, size_t n, size_t i, int last)
{
	size_t j = i;
	while (j < n && s[j] >= '0' && s[j] <= '9')
		j++;
	if (j == i || (!last && (j == n || s[j] != '.')))
		return 0;
	return last ? j : j + 1;
}

/*
 * A version as release tags carry it: three numbers (no v: the template
 * places any v), then what helm accepts as a chart version (leading zeros
 * included: argo-workflows-0.46.00 was released).
 */
static int is_version(const char *s, size_t n)
{
	size_t i = number(s, n, 0, 0);
	i = i ? number(s, n, i, 0) : 0;
	i = i ? number(s, n, i, 1) : 0;
	if (!i || (i < n && s[i] != '-' && s[i] != '+'))
		return 0;
	char *copy = cc_strndup(s, n);
	cc_semver v;
	cc_error e;
	int ok = cc_semver_parse(&v, copy, &e) == CC_OK;
	if (ok)
		cc_semver_free(&v);
	free(copy);
	return ok;
}

static int starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

int cc_tag_split(const cc_tag_template *t, const char *tag, char **name, char **version)
{
	size_t n = strlen(tag), nb = strlen(t->before), nm = strlen(t->between), na = strlen(t->after);
	*name = *version = NULL;
	if (n < nb + na || !starts(tag, t->before) || strcmp(tag + n - na, t->after) != 0)
		return 0;
	const char *rest = tag + nb, *end = tag + n - na;
	/* without a name the version is all that is left; with one, it starts at the first place it can */
	for (const char *p = t->has_name ? rest + 1 : rest; p + nm <= end; p++) {
		if (t->has_name && !starts(p, t->between))
			continue;
		size_t vlen = (size_t)(end - p - nm);
		if (is_version(p + nm, vlen)) {
			*name = cc_strndup(rest, (size_t)(p - rest));
			*version = cc_strndup(p + nm, vlen);
			return 1;
		}
		/* the version starts here, under a template with a v: no name runs through it */
		if (!t->has_name || (vlen > 1 && p[nm] == 'v' && is_version(p + nm + 1, vlen - 1)))
			break;
	}
	return 0;
}

char *cc_tag_match(const cc_tag_template *t, const char *name, const char *tag)
{
	if (!name || !t->has_name) {
		char *nm = NULL, *v = NULL;
		cc_tag_split(t, tag, &nm, &v);
		free(nm);
		return v;
	}
	char *prefix = cc_asprintf("%s%s%s", t->before, name, t->between);
	size_t n = strlen(tag), np = strlen(prefix), na = strlen(t->after);
	char *v = NULL;
	if (n >= np + na && starts(tag, prefix) && strcmp(tag + n - na, t->after) == 0 &&
	    is_version(tag + np, n - np - na))
		v = cc_strndup(tag + np, n - np - na);
	free(prefix);
	return v;
}

int cc_tag_previous(const cc_tag_template *t, const char *name, const char *const *tags, size_t n,
		    const char *below, size_t *at)
{
	cc_semver best, cur, lim;
	cc_error e;
	int found = 0, has_lim = below && cc_semver_parse(&lim, below, &e) == CC_OK;
	for (size_t i = 0; i < n; i++) {
		char *v = cc_tag_match(t, name, tags[i]);
		if (v && cc_semver_parse(&cur, v, &e) == CC_OK) {
			int ok = (!has_lim || cc_semver_compare(&cur, &lim) < 0) &&
				 (!found || cc_semver_compare(&cur, &best) > 0);
			if (ok && found)
				cc_semver_free(&best);
			if (ok) {
				best = cur;
				found = 1;
				*at = i;
			} else {
				cc_semver_free(&cur);
			}
		}
		free(v);
	}
	if (found)
		cc_semver_free(&best);
	if (has_lim)
		cc_semver_free(&lim);
	return found;
}
