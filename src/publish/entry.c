/*
 * publish: a chart's entry in a repository index, shared by the targets
 * that keep one (a WebDAV repository, a git branch).
 */
#include "publish/publish_int.h"
#include "emit/emit.h"

#include <stdlib.h>
#include <string.h>

int cc_publish_index_judge(const cc_index_doc *doc, const cc_publish_chart *c, const cc_publish_opts *o,
			   const char *where, cc_error *err)
{
	const char *have = cc_index_doc_digest(doc, c->name, c->version);
	if (!have)
		return CC_OK;
	if (strcmp(have, c->sha256) == 0)
		return 1;
	if (o->force)
		return CC_OK;
	return cc_error_set(err, CC_EEXIST, c->path, 0, 0,
			    "%s %s is already published in %s with another archive (sha256:%s, this one is "
			    "sha256:%s); a release is never overwritten: raise the version (--force replaces it)",
			    c->name, c->version, where, have[0] ? have : "none", c->sha256);
}

int cc_publish_index_add(cc_index_doc *doc, const cc_publish_chart *c, const cc_publish_opts *o, const char *file,
			 cc_error *err)
{
	char created[CC_EMIT_TIME_MAX];
	cc_index_doc_remove(doc, c->name, c->version);
	char *url = o->url ? cc_index_url_join(o->url, file) : cc_strdup(file);
	int rc = cc_emit_go_time(o->now, 0, created, sizeof(created), err);
	if (rc == CC_OK)
		rc = cc_index_doc_add(doc, c->metadata, url, created, c->sha256, err);
	cc_index_doc_sort(doc);
	free(url);
	return rc;
}

char *cc_publish_file_name(const cc_publish_chart *c)
{
	return cc_asprintf("%s-%s.tgz", c->name, c->version);
}
