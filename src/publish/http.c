/*
 * publish: to a chart repository that takes PUT (WebDAV, or any server
 * where a PUT writes the file a GET then serves).
 *
 * The archive goes first, created only if absent (If-None-Match: *), then
 * index.yaml with the new entry, written only if it is still the index
 * that was read (If-Match on its ETag; If-None-Match: * when there was
 * none). A 412 on the index means another publisher wrote it meanwhile:
 * read it again, merge again, write again; so two publishers racing lose
 * neither entry. A request that was carried out but whose answer was lost
 * is retried by the transport; the retry then meets the state it made
 * (the archive there with the same bytes, the index already holding the
 * entry) and takes it as done. If the index cannot be written, the archive
 * uploaded for it is deleted again: the repository is as it was.
 *
 * If-Match alone is not enough on a real server: Apache's mod_dav checks
 * the condition and then writes, and two PUTs in flight together can both
 * pass the check (a race test here lost entries that way). So where the
 * server speaks WebDAV locking, the index is LOCKed exclusively for the
 * read-merge-write and UNLOCKed after; a server without locks gets the
 * conditional requests only.
 */
#include "publish/publish_int.h"
#include "emit/emit.h"
#include "index/index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/random.h>
#include <unistd.h>

#define ATTEMPTS 10

typedef struct repo {
	const cc_publish_opts *o;
	const cc_publish_chart *c;
	char *base;        /* the target with one trailing '/' */
	char *index_url;
	char *index_shown; /* index_url without credentials, for messages */
	char *file;        /* <name>-<version>.tgz */
	char *archive_url;
	char *index_etag;  /* of the index read; NULL when there was none */
	char *lock;        /* the index's WebDAV lock token, "<opaquelocktoken:...>", while held */
	char *if_lock;     /* "If: (<token>)", the header that shows it */
	int lock_made;     /* the LOCK created index.yaml (an empty one): remove it if nothing is written */
	char owner[80];    /* this run's lock owner, unique, to find its own lock again */
	int uploaded;      /* this run created the archive */
} repo;

static int request(const repo *R, const char *method, const char *url, const char *const *hdr, const void *body,
		   size_t len, cc_http_resp *r, cc_error *err)
{
	cc_http_req req = { .method = method, .url = url, .headers = hdr, .auth = R->o->auth, .body = body,
			    .body_len = len };
	return cc_http_do(R->o->http, &req, r, err);
}

static int status_error(const char *method, const char *url, const cc_http_resp *r, cc_error *err)
{
	char *u = cc_http_redact(url);
	int rc = cc_error_set(err, CC_EIO, NULL, 0, 0, "%s %s: %ld%s", method, u, r->status,
			      r->status == 401 || r->status == 403 ? " (check the repository credentials)" : "");
	free(u);
	return rc;
}

/* The index as it is now, and its ETag; an empty one when there is none yet. */
static int read_index(repo *R, cc_index_doc **doc, cc_error *err)
{
	cc_http_resp r;
	free(R->index_etag);
	R->index_etag = NULL;
	int rc = request(R, "GET", R->index_url, NULL, NULL, 0, &r, err);
	if (rc == CC_OK && r.status == 404) {
		*doc = cc_index_doc_new();
	} else if (rc == CC_OK && r.status == 200 && r.body.len == 0 && R->lock) {
		*doc = cc_index_doc_new(); /* the empty resource a LOCK of ours created */
		R->index_etag = r.etag ? cc_strdup(r.etag) : NULL;
		R->lock_made = 1;
	} else if (rc == CC_OK && r.status == 200) {
		rc = cc_index_doc_parse(r.body.ptr ? r.body.ptr : "", r.body.len, R->index_shown, doc, err);
		R->index_etag = r.etag ? cc_strdup(r.etag) : NULL;
		if (rc == CC_OK && !r.etag)
			rc = cc_error_set(err, CC_EINVALID, NULL, 0, 0,
					  "%s: the server sends no ETag, so two publishers could lose each other's "
					  "entries; chartci writes only to servers that do (WebDAV does)", R->index_shown);
	} else if (rc == CC_OK) {
		rc = status_error("GET", R->index_url, &r, err);
	}
	cc_http_resp_free(&r);
	return rc;
}

/* 1 when the archive at the URL has our bytes, 0 when other bytes, or an error. */
static int same_archive(const repo *R, cc_error *err)
{
	cc_http_resp r;
	int rc = request(R, "GET", R->archive_url, NULL, NULL, 0, &r, err);
	if (rc == CC_OK && r.status != 200)
		rc = status_error("GET", R->archive_url, &r, err);
	if (rc == CC_OK) {
		char hex[CC_SHA256_HEX];
		cc_sha256_hex(r.body.ptr ? r.body.ptr : "", r.body.len, hex);
		rc = strcmp(hex, R->c->sha256) == 0;
	}
	cc_http_resp_free(&r);
	return rc;
}

static int put_archive(repo *R, int force, cc_error *err)
{
	const char *hdr[] = { "Content-Type: application/gzip", force ? NULL : "If-None-Match: *", NULL };
	cc_http_req req = { .method = "PUT", .url = R->archive_url, .headers = hdr, .auth = R->o->auth,
			    .body = R->c->data, .body_len = R->c->len, .progress = R->o->progress,
			    .progress_ctx = R->o->progress_ctx };
	cc_http_resp r;
	int rc = cc_http_do(R->o->http, &req, &r, err);
	if (rc == CC_OK && (r.status == 201 || r.status == 204 || r.status == 200)) {
		R->uploaded = 1;
	} else if (rc == CC_OK && r.status == 412) {
		/* there already: left by an earlier run (the same bytes), or another archive */
		rc = same_archive(R, err);
		/* under the index's lock nobody else is publishing it: ours to remove if this fails */
		if (rc == 1 && R->lock)
			R->uploaded = 1;
		if (rc == 0)
			rc = cc_error_set(err, CC_EEXIST, R->c->path, 0, 0,
					  "%s is already beside %s with other bytes, though the index does not list "
					  "it; a release is never overwritten (--force replaces it)", R->file,
					  R->index_shown);
		rc = rc == 1 ? CC_OK : rc;
	} else if (rc == CC_OK) {
		rc = status_error("PUT", R->archive_url, &r, err);
	}
	cc_http_resp_free(&r);
	return rc;
}

/* The archive's .prov beside it: signed for this release, so it replaces any earlier one. */
static int put_prov(repo *R, cc_error *err)
{
	if (!R->c->prov)
		return CC_OK;
	char *url = cc_asprintf("%s.prov", R->archive_url);
	const char *hdr[] = { "Content-Type: application/pgp-signature", NULL };
	cc_http_resp r;
	int rc = request(R, "PUT", url, hdr, R->c->prov, R->c->prov_len, &r, err);
	if (rc == CC_OK && r.status != 201 && r.status != 204 && r.status != 200)
		rc = status_error("PUT", url, &r, err);
	cc_http_resp_free(&r);
	free(url);
	return rc;
}

/* 1 written, 0 someone else wrote the index since it was read, or an error. */
static int put_index(repo *R, cc_index_doc *doc, cc_error *err)
{
	char generated[CC_EMIT_TIME_MAX], *cond = NULL;
	cc_buf body = CC_BUF_INIT;
	int rc = cc_emit_go_time(R->o->now, 0, generated, sizeof(generated), err);
	if (rc == CC_OK)
		rc = cc_index_doc_write(doc, generated, 0, &body, err);
	/*
	 * Under our lock the lock token is the condition (and Apache's ETag of a
	 * file written in the last second is weak, which If-Match never
	 * matches); without one, the ETag read.
	 */
	if (R->lock)
		cond = cc_strdup(R->if_lock);
	else
		cond = R->index_etag ? cc_asprintf("If-Match: %s", R->index_etag) : cc_strdup("If-None-Match: *");
	const char *hdr[] = { "Content-Type: application/x-yaml", cond, NULL };
	cc_http_resp r;
	memset(&r, 0, sizeof(r));
	if (rc == CC_OK)
		rc = request(R, "PUT", R->index_url, hdr, body.ptr, body.len, &r, err);
	if (rc == CC_OK)
		rc = r.status == 201 || r.status == 204 || r.status == 200 ? 1
		     : r.status == 412					   ? 0
									   : status_error("PUT", R->index_url, &r, err);
	cc_http_resp_free(&r);
	cc_buf_free(&body);
	free(cond);
	return rc;
}

char *cc_publish_lock_token_(const char *tok, size_t n)
{
	/* only a pair comes off: an unpaired '<' is the token's own byte */
	if (n >= 2 && tok[0] == '<' && tok[n - 1] == '>') {
		tok++;
		n -= 2;
	}
	return cc_asprintf("<%.*s>", (int)n, tok);
}

char *cc_publish_own_lock_(const char *body, const char *owner)
{
	const char *mine = body ? strstr(body, owner) : NULL;
	const char *tok = mine ? strstr(mine, "opaquelocktoken:") : NULL;
	return tok ? cc_publish_lock_token_(tok, strcspn(tok, "<\" \t\r\n")) : NULL;
}

/* Holds the lock (its token in brackets), which R now owns. */
static void hold(repo *R, char *lock)
{
	R->lock = lock;
	R->if_lock = cc_asprintf("If: (%s)", R->lock);
}

/*
 * A LOCK whose answer was lost leaves the index locked by us without the
 * token; the server's lockdiscovery names each lock's owner, and ours is
 * unique to this run. 1 when it is ours (and now held).
 */
static int find_own_lock(repo *R, cc_error *err)
{
	static const char body[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:propfind xmlns:D=\"DAV:\">"
				   "<D:prop><D:lockdiscovery/></D:prop></D:propfind>\n";
	const char *hdr[] = { "Content-Type: application/xml; charset=utf-8", "Depth: 0", NULL };
	cc_http_resp r;
	int rc = request(R, "PROPFIND", R->index_url, hdr, body, sizeof(body) - 1, &r, err);
	char *lock = rc == CC_OK && r.status == 207 ? cc_publish_own_lock_(r.body.ptr, R->owner) : NULL;
	if (lock)
		hold(R, lock);
	cc_http_resp_free(&r);
	return rc == CC_OK && lock != NULL;
}

/* 1 with the lock held (or none to be had: the server has no locks), 0 when another holds it, or an error. */
static int lock_index(repo *R, cc_error *err)
{
	char *info = cc_asprintf("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:lockinfo xmlns:D=\"DAV:\">"
				 "<D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype>"
				 "<D:owner>%s</D:owner></D:lockinfo>\n", R->owner);
	const char *hdr[] = { "Content-Type: application/xml; charset=utf-8", "Timeout: Second-60", "Depth: 0", NULL };
	cc_http_resp r;
	int rc = request(R, "LOCK", R->index_url, hdr, info, strlen(info), &r, err);
	if (rc == CC_OK && (r.status == 200 || r.status == 201) && r.lock_token) {
		hold(R, cc_publish_lock_token_(r.lock_token, strlen(r.lock_token)));
		R->lock_made = r.status == 201;
		rc = 1;
	} else if (rc == CC_OK && r.status == 423) {
		rc = find_own_lock(R, err);
	} else if (rc == CC_OK && (r.status == 401 || r.status == 403)) {
		rc = status_error("LOCK", R->index_url, &r, err);
	} else if (rc == CC_OK) {
		rc = 1; /* 405, 501, ...: a server without WebDAV locks */
	}
	cc_http_resp_free(&r);
	free(info);
	return rc;
}

static void unlock_index(repo *R, int written)
{
	cc_http_resp r;
	cc_error ignored;
	if (!R->lock)
		return;
	if (R->lock_made && !written) {
		const char *hdr[] = { R->if_lock, NULL };
		if (request(R, "DELETE", R->index_url, hdr, NULL, 0, &r, &ignored) == CC_OK)
			cc_http_resp_free(&r);
	}
	char *tok = cc_asprintf("Lock-Token: %s", R->lock);
	const char *hdr[] = { tok, NULL };
	if (request(R, "UNLOCK", R->index_url, hdr, NULL, 0, &r, &ignored) == CC_OK)
		cc_http_resp_free(&r);
	free(tok);
	free(R->lock);
	free(R->if_lock);
	R->lock = R->if_lock = NULL;
	R->lock_made = 0;
}

/* Under the lock: read, judge, upload, merge, write. 1 done, 0 the index moved (go again), or an error. */
static int locked_round(repo *R, cc_publish_result *res, cc_error *err)
{
	cc_index_doc *doc = NULL;
	int rc = read_index(R, &doc, err);
	if (rc == CC_OK)
		rc = cc_publish_index_judge(doc, R->c, R->o, R->index_shown, err);
	if (rc == 1) {
		res->outcome = R->uploaded ? CC_PUBLISH_PUSHED : CC_PUBLISH_ALREADY;
	} else if (rc == CC_OK && R->o->dry_run) {
		res->outcome = CC_PUBLISH_WOULD;
		rc = 1;
	} else if (rc == CC_OK) {
		rc = R->uploaded ? CC_OK : put_archive(R, R->o->force, err);
		if (rc == CC_OK)
			rc = put_prov(R, err);
		if (rc == CC_OK)
			rc = cc_publish_index_add(doc, R->c, R->o, R->file, err);
		if (rc == CC_OK && (rc = put_index(R, doc, err)) == 1)
			res->outcome = CC_PUBLISH_PUSHED;
	}
	cc_index_doc_free(doc);
	return rc;
}

/* One round: 1 done, 0 the index is busy or moved (go again), or an error. */
static int round_trip(repo *R, cc_publish_result *res, cc_error *err)
{
	int rc = R->o->dry_run ? 1 : lock_index(R, err);
	if (rc != 1)
		return rc;
	rc = locked_round(R, res, err);
	unlock_index(R, rc == 1 && res->outcome == CC_PUBLISH_PUSHED);
	return rc;
}

/* The index could not take the entry: the archive this run added goes again. */
static void undo(repo *R)
{
	cc_http_resp r;
	cc_error ignored;
	if (!R->uploaded)
		return;
	if (request(R, "DELETE", R->archive_url, NULL, NULL, 0, &r, &ignored) == CC_OK)
		cc_http_resp_free(&r);
	char *prov = cc_asprintf("%s.prov", R->archive_url);
	if (R->c->prov && request(R, "DELETE", prov, NULL, NULL, 0, &r, &ignored) == CC_OK)
		cc_http_resp_free(&r);
	free(prov);
}

int cc_publish_http(const char *target, const cc_publish_chart *c, const cc_publish_opts *o, cc_publish_result *res,
		    cc_error *err)
{
	repo R = { .o = o, .c = c };
	unsigned char nonce[8] = { 0 };
	if (getrandom(nonce, sizeof(nonce), 0) != (ssize_t)sizeof(nonce))
		nonce[0] = (unsigned char)time(NULL); /* with the pid still unique on this machine */
	snprintf(R.owner, sizeof(R.owner), "chartci publish %ld-%02x%02x%02x%02x%02x%02x%02x%02x", (long)getpid(),
		 nonce[0], nonce[1], nonce[2], nonce[3], nonce[4], nonce[5], nonce[6], nonce[7]);
	size_t n = strlen(target);
	R.base = cc_asprintf("%s%s", target, n && target[n - 1] == '/' ? "" : "/");
	R.index_url = cc_asprintf("%sindex.yaml", R.base);
	R.index_shown = cc_http_redact(R.index_url);
	R.file = cc_publish_file_name(c);
	R.archive_url = cc_asprintf("%s%s", R.base, R.file);
	res->where = cc_http_redact(R.archive_url);
	res->digest = cc_asprintf("sha256:%s", c->sha256);
	int attempts = o->attempts > 0 ? o->attempts : ATTEMPTS, rc = 0;
	for (int i = 0; rc == 0 && i < attempts; i++) {
		if (i > 0)
			cc_publish_backoff(i); /* another publisher is writing; Apache's ETag is weak for a second */
		rc = round_trip(&R, res, err);
	}
	if (rc == 0)
		rc = cc_error_set(err, CC_EIO, NULL, 0, 0,
				  "%s was locked or changed by another publisher through all %d attempts to write it",
				  R.index_shown, attempts);
	if (rc < 0)
		undo(&R);
	free(R.base);
	free(R.index_url);
	free(R.index_shown);
	free(R.file);
	free(R.archive_url);
	free(R.index_etag);
	return rc < 0 ? rc : CC_OK;
}
