/*
 * Internal to src/package: what the archive builder, the checks and the
 * re-serialised files share.
 */
#ifndef CC_PACKAGE_INT_H
#define CC_PACKAGE_INT_H

#include "package/package.h"

/*
 * helm's Metadata for the chart as JSON (the struct's fields, omitempty,
 * sanitised, overrides applied, dependencies kept even for v1), after
 * Metadata.Validate's checks. Errors carry helm's message and position.
 */
int cc_package_metadata(const cc_chart *c, const cc_package_opts *o, json_t **out, cc_error *err);

#endif
