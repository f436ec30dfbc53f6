/*
 * edit: changing scalars of a YAML file in place, every other byte kept.
 *
 * Release managers' Chart.yaml files carry comments, a key order, quoting
 * and line endings that a load-and-dump would lose. An edit replaces one
 * scalar's bytes (its span in the source, from src/yaml) with the new
 * value written in the scalar's own style: plain stays plain unless the
 * value would then read as something other than a string (`1.10` is a
 * float), in which case it is double-quoted; quoted stays quoted with that
 * quote's escapes. A line can also be added after a pair, in the pair's
 * indentation and the file's line ending.
 */
#ifndef CC_EDIT_H
#define CC_EDIT_H

#include <stddef.h>
#include "base/base.h"
#include "yaml/yaml.h"

typedef struct cc_edit {
	const cc_yaml_node *node;   /* a scalar to replace, or NULL for an insertion */
	const cc_yaml_pair *after;  /* insertion: a new `key: value` line after this pair */
	const char *key;            /* insertion: the key */
	const char *value;          /* the new value, as a string */
} cc_edit;

/*
 * text with the edits applied, into out. Edits must not overlap; block
 * scalars (| and >), flow mappings (for insertions), scalars spanning
 * lines, empty values, tagged ones and anchored ones (whose aliases would change too)
 * are refused with CC_EINVALID at their position, and nothing is written
 * to out.
 */
int cc_edit_apply(const char *text, size_t len, const char *file, const cc_edit *edits, size_t n, cc_buf *out,
		  cc_error *err);

#endif
