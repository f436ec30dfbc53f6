/*
 * http internals shared by http.c (the transport) and cache.c (cc_http_get
 * and its cache); not part of the public face.
 */
#ifndef CC_HTTP_INT_H
#define CC_HTTP_INT_H

#include "http/http.h"

const char *cc_http_cache_dir_(const cc_http *h);
int cc_http_offline_(const cc_http *h);
/* Warns, once per host, about plain http:// to a host that is not loopback
 * and about TLS not verified (insecure set for the request). */
void cc_http_policy_warn_(cc_http_policy *p, const char *url, int insecure);

#endif
