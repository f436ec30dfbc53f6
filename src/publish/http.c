/*
 * publish: to a chart repository that takes PUT (WebDAV). Filled in with
 * the repository index writer.
 */
#include "publish/publish_int.h"

int cc_publish_http(const char *target, const cc_publish_chart *c, const cc_publish_opts *o, cc_publish_result *r,
		    cc_error *err)
{
	(void)c;
	(void)o;
	(void)r;
	return cc_error_set(err, CC_EINVALID, NULL, 0, 0, "%s: HTTP chart repositories are not written yet", target);
}
