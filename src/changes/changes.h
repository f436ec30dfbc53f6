/*
 * changes: what a change to a chart demands of its version.
 *
 * Two snapshots of a chart (its previous release and now) are compared the
 * way a user of the chart feels them. Breaking, needing a major bump (a
 * minor one while the major is 0): a values key removed or its type
 * changed (map, list, string, number, boolean), a key newly required by
 * values.schema.json, a template or CRD file removed, a dependency
 * removed or its locked major version changed, apiVersion changed. A feature, needing at least a minor bump: a
 * values key, template, CRD or dependency added. Anything else a patch.
 */
#ifndef CC_CHANGES_H
#define CC_CHANGES_H

#include <jansson.h>
#include "base/base.h"

enum { CC_CHANGE_PATCH = 1, CC_CHANGE_MINOR = 2, CC_CHANGE_MAJOR = 3 };

typedef struct cc_chart_snapshot {
	json_t *values;          /* values.yaml as JSON, or NULL */
	json_t *schema;          /* values.schema.json, or NULL */
	cc_strvec files;         /* templates/ and crds/ files, relative to the chart */
	cc_strvec dependencies;  /* names (aliases where set) */
	cc_strvec locked;        /* "name version" of each Chart.lock entry */
	const char *api_version;
} cc_chart_snapshot;

typedef struct cc_change {
	int level;   /* CC_CHANGE_* */
	char *what;  /* "values key image.tag removed" */
} cc_change;

typedef struct cc_changes {
	cc_change *v;
	size_t n;
} cc_changes;

/* The changes from old to now, breaking ones first. */
void cc_changes_compare(const cc_chart_snapshot *old, const cc_chart_snapshot *now, cc_changes *out);
/* The highest level among them (CC_CHANGE_PATCH when there is none). */
int cc_changes_level(const cc_changes *c);
/* The first change at level, or NULL. */
const cc_change *cc_changes_first(const cc_changes *c, int level);
void cc_changes_free(cc_changes *c);
void cc_chart_snapshot_free(cc_chart_snapshot *s);

#endif
