/*
 * Internal to src/lock: what the file, digest and check parts share.
 */
#ifndef CC_LOCK_INT_H
#define CC_LOCK_INT_H

#include <stdint.h>
#include "lock/lock.h"

/* "Chart.lock" or "requirements.lock" */
const char *cc_lock_file_name(int v1);

#endif
