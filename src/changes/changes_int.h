/*
 * changes_int: what the comparisons of src/changes share.
 */
#ifndef CC_CHANGES_INT_H
#define CC_CHANGES_INT_H

#include "changes/changes.h"

/* A position in one snapshot's document, for a change's message. */
typedef struct cc_change_at {
	const cc_yaml_doc *doc;   /* NULL: no position */
	const cc_yaml_node *node;
	const char *file;         /* when there is no document (a removed file) */
	int before;
} cc_change_at;

void cc_changes_add(cc_changes *c, int level, const cc_change_at *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The mapping value under key, or NULL (also when map is NULL or not a map). */
const cc_yaml_node *cc_changes_child(const cc_yaml_node *map, const char *key, const cc_yaml_node **key_node);

/* values.schema.json tightened or widened, from old to now. */
void cc_changes_schema(const cc_chart_snapshot *old, const cc_chart_snapshot *now, cc_changes *out);
/* kubeVersion narrowed. */
void cc_changes_kube(const cc_chart_snapshot *old, const cc_chart_snapshot *now, cc_changes *out);

#endif
