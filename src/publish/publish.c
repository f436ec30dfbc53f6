/*
 * publish: the target's scheme picks the way; see publish.h.
 */
#include "publish/publish_int.h"

#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

void cc_publish_backoff(int n)
{
	long ms = 150L * n + (long)(getpid() % 50);
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&t, NULL);
}

int cc_publish(const char *target, const cc_publish_chart *c, const cc_publish_opts *o, cc_publish_result *r,
	       cc_error *err)
{
	memset(r, 0, sizeof(*r));
	if (strncasecmp(target, "oci://", 6) == 0) {
		if (!o->oci)
			return cc_error_set(err, CC_EINVALID, NULL, 0, 0, "%s: no registry client", target);
		return cc_publish_oci(target, c, o, r, err);
	}
	if (strncasecmp(target, "chartmuseum+http://", 19) == 0 || strncasecmp(target, "chartmuseum+https://", 20) == 0)
		return cc_publish_museum(target, c, o, r, err);
	if (strncmp(target, "git:", 4) == 0 || strncmp(target, "git+file://", 11) == 0)
		return cc_publish_git(target, c, o, r, err);
	if (strncasecmp(target, "http://", 7) == 0 || strncasecmp(target, "https://", 8) == 0)
		return cc_publish_http(target, c, o, r, err);
	return cc_error_set(err, CC_EINVALID, NULL, 0, 0,
			    "%s: publish to oci://host/path (a registry), http(s)://host/path (a chart repository "
			    "taking PUT), chartmuseum+http(s)://host/path (a ChartMuseum API) or git:BRANCH / "
			    "git+file:///repo#BRANCH (a branch such as gh-pages)", target);
}
