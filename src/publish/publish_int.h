/*
 * publish internals: one file per kind of target.
 */
#ifndef CC_PUBLISH_INT_H
#define CC_PUBLISH_INT_H

#include "publish/publish.h"
#include "index/index.h"

int cc_publish_oci(const char *target, const cc_publish_chart *c, const cc_publish_opts *o, cc_publish_result *r,
		   cc_error *err);
int cc_publish_http(const char *target, const cc_publish_chart *c, const cc_publish_opts *o, cc_publish_result *r,
		    cc_error *err);

int cc_publish_museum(const char *target, const cc_publish_chart *c, const cc_publish_opts *o, cc_publish_result *r,
		      cc_error *err);
int cc_publish_git(const char *target, const cc_publish_chart *c, const cc_publish_opts *o, cc_publish_result *r,
		   cc_error *err);

/*
 * What a repository index says of c's version: CC_OK to publish, 1 when
 * the same archive is listed, CC_EEXIST (naming where) when another one is
 * and o->force is not set.
 */
int cc_publish_index_judge(const cc_index_doc *doc, const cc_publish_chart *c, const cc_publish_opts *o,
			   const char *where, cc_error *err);
/* Adds c's entry (file relative, or joined to o->url), replacing one forced over; sorted as helm. */
int cc_publish_index_add(cc_index_doc *doc, const cc_publish_chart *c, const cc_publish_opts *o, const char *file,
			 cc_error *err);
/*
 * Waits before attempt number n (from 1) after another publisher won a
 * race: longer each time, and offset by the process so that two
 * publishers that met once do not meet again at every step.
 */
void cc_publish_backoff(int n);
/* "<name>-<version>.tgz"; caller frees. */
char *cc_publish_file_name(const cc_publish_chart *c);

/* What a server sends back, parsed apart from any request so it can be tested on its own. */

/* A WebDAV lock token as If: and Lock-Token: carry it, "<opaquelocktoken:...>", from tok[0..n)
 * with or without the brackets (a Lock-Token header, or an href of a lockdiscovery). */
char *cc_publish_lock_token_(const char *tok, size_t n);
/* The token of owner's lock in a PROPFIND lockdiscovery answer, bracketed; NULL when none. */
char *cc_publish_own_lock_(const char *body, const char *owner);
/* The "digest" of ChartMuseum's JSON answer about a chart version; NULL when it has none. */
char *cc_publish_museum_digest_(const char *body, size_t len);

#endif
