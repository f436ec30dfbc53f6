/*
 * Internal to src/package: what the archive builder, the checks and the
 * re-serialised files share.
 */
#ifndef CC_PACKAGE_INT_H
#define CC_PACKAGE_INT_H

#include "package/package.h"

#endif
