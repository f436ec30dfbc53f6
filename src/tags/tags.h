/*
 * tags: a chart's release tags, as release tooling names them.
 *
 * A tag template says where the chart's name and version go:
 * `{name}-{version}` (chart-releaser's default, the most common),
 * `{name}/{version}` (bitnami), `{name}-v{version}`, `v{version}` for a
 * repository of one chart, or any literal prefix (`helm-chart-{version}`).
 * `{version}` is a version as helm reads chart versions, written with three
 * numbers and no `v` (a `v` is part of the template), so names and versions that both contain dashes split
 * where the version starts (`kyverno-policies-chart-3.9.0-rc.3`). A chart's
 * previous release is its highest tag by SemVer precedence.
 */
#ifndef CC_TAGS_H
#define CC_TAGS_H

#include <stddef.h>
#include "base/base.h"

#define CC_TAGS_DEFAULT "{name}-{version}"

typedef struct cc_tag_template cc_tag_template;

/* CC_EINVALID (with the column) unless {version} appears once and {name} at most once, before it. */
int cc_tag_template_parse(const char *text, cc_tag_template **out, cc_error *err);
void cc_tag_template_free(cc_tag_template *t);

/* The tag of name@version. Caller frees. */
char *cc_tag_format(const cc_tag_template *t, const char *name, const char *version);
/* The version, when tag is a release of chart `name` (NULL: any name); caller frees; NULL when it is not. */
char *cc_tag_match(const cc_tag_template *t, const char *name, const char *tag);
/* The name and version of a release tag, splitting where the version starts; 0 when it is not one. Caller frees both. */
int cc_tag_split(const cc_tag_template *t, const char *tag, char **name, char **version);

/*
 * The highest release of `name` among tags, by SemVer precedence, that is
 * below `below` (NULL: any): its index in *at, 1; 0 when there is none.
 */
int cc_tag_previous(const cc_tag_template *t, const char *name, const char *const *tags, size_t n,
		    const char *below, size_t *at);

#endif
