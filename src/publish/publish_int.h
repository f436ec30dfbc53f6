/*
 * publish internals: one file per kind of target.
 */
#ifndef CC_PUBLISH_INT_H
#define CC_PUBLISH_INT_H

#include "publish/publish.h"

int cc_publish_oci(const char *target, const cc_publish_chart *c, const cc_publish_opts *o, cc_publish_result *r,
		   cc_error *err);
int cc_publish_http(const char *target, const cc_publish_chart *c, const cc_publish_opts *o, cc_publish_result *r,
		    cc_error *err);

#endif
