/*
 * Internal to src/package: what the archive builder, the checks and the
 * re-serialised files share.
 */
#ifndef CC_PACKAGE_INT_H
#define CC_PACKAGE_INT_H

#include "package/package.h"

/* md with its keys in helm's struct order (Metadata, Maintainer, Dependency); a new value. */
json_t *cc_package_go_order(const json_t *md);

#endif
