/*
 * changes: what a change to a chart demands of its version.
 *
 * Two snapshots of a chart (its previous release and now) are compared the
 * way a user of the chart feels them.
 *
 * Breaking, needing a major bump (a minor one while the major is 0):
 *   - a values key removed, or its type changed (map, list, string, number,
 *     boolean);
 *   - values.schema.json tightened: a key newly required, a type narrowed,
 *     an enum reduced or added, a const added, additionalProperties turned
 *     false, a bound (minimum, maxLength, ...) made stricter, a pattern
 *     added or changed;
 *   - a template or CRD file removed;
 *   - a dependency removed or its locked major version changed;
 *   - kubeVersion narrowed (a Kubernetes version it allowed is no longer
 *     allowed);
 *   - apiVersion changed.
 * A feature, needing at least a minor bump: a values key, template, CRD,
 * dependency or optional schema property added. Anything else a patch.
 *
 * Each change says where it is (file, line, column) when the snapshot
 * carries the positioned documents: in the chart now, or, for what was
 * removed, in the chart as it was.
 */
#ifndef CC_CHANGES_H
#define CC_CHANGES_H

#include <jansson.h>
#include "base/base.h"
#include "yaml/yaml.h"

enum { CC_CHANGE_PATCH = 1, CC_CHANGE_MINOR = 2, CC_CHANGE_MAJOR = 3 };

typedef struct cc_chart_snapshot {
	json_t *values;          /* values.yaml as JSON, or NULL */
	json_t *schema;          /* values.schema.json, or NULL */
	cc_strvec files;         /* templates/ and crds/ files, relative to the chart */
	cc_strvec dependencies;  /* names (aliases where set) */
	cc_strvec locked;        /* "name version" of each Chart.lock entry */
	const char *api_version;
	const char *kube_version; /* NULL when absent */

	/* Positions, for messages; each may be NULL. Borrowed unless in own[]. */
	const char *dir;                   /* the chart's path, which files[] are under */
	const cc_yaml_doc *chart_doc;      /* Chart.yaml */
	const cc_yaml_doc *values_doc;     /* values.yaml */
	const cc_yaml_doc *schema_doc;     /* values.schema.json, read as YAML */
	const cc_yaml_doc *deps_doc;       /* where dependencies are listed */
	const cc_yaml_doc *lock_doc;       /* Chart.lock or requirements.lock */
	cc_yaml_doc *own[6];               /* documents freed with the snapshot */
	char *own_str[3];                  /* strings freed with the snapshot */
} cc_chart_snapshot;

typedef struct cc_change {
	int level;   /* CC_CHANGE_* */
	char *what;  /* "values key image.tag removed" */
	char *file;  /* where, or NULL */
	int line, col;
	int before;  /* 1 when the position is in the old snapshot (what was removed) */
} cc_change;

typedef struct cc_changes {
	cc_change *v;
	size_t n;
} cc_changes;

/* The changes from old to now, breaking ones first within each kind. */
void cc_changes_compare(const cc_chart_snapshot *old, const cc_chart_snapshot *now, cc_changes *out);
/* The highest level among them (CC_CHANGE_PATCH when there is none). */
int cc_changes_level(const cc_changes *c);
/* The first change at level, or NULL. */
const cc_change *cc_changes_first(const cc_changes *c, int level);
/* "at file:line:col" (or "was at ..." for what was removed); NULL when unknown. Caller frees. */
char *cc_change_where(const cc_change *c);
void cc_changes_free(cc_changes *c);
void cc_chart_snapshot_free(cc_chart_snapshot *s);

#endif
