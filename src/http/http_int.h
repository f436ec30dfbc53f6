/*
 * http internals shared by http.c (the transport) and cache.c (cc_http_get
 * and its cache); not part of the public face.
 */
#ifndef CC_HTTP_INT_H
#define CC_HTTP_INT_H

#include "http/http.h"

const char *cc_http_cache_dir_(const cc_http *h);
int cc_http_offline_(const cc_http *h);

#endif
