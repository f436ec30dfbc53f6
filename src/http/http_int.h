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

/*
 * What a response's headers become, apart from the transfer so they can
 * be tested on their own (libcurl splits the headers and reads Retry-After,
 * as seconds or an HTTP-date, into retry_after_s).
 */

/* The wait before retry number attempt (from 1): the backoff doubled each
 * time, or the server's Retry-After when that is longer but still short. */
long cc_http_retry_wait_ms_(long backoff_ms, int attempt, long long retry_after_s);
/* A Location header resolved against the URL that answered; takes location, NULL when unresolvable. */
char *cc_http_location_(const char *effective_url, char *location);
/* Replaces each occurrence of secret in msg by "***" (a last guard; messages are built from redacted URLs). */
void cc_http_scrub_(char *msg, const char *secret);

#endif
