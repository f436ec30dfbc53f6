/*
 * libFuzzer target for what src/oci parses without a registry: the input is
 * an OCI reference, a NUL, then a registry response body. The reference
 * goes through cc_oci_ref_parse; the body is read as a manifest (the chart
 * layer lookup with helm's checks), as a registry error body (the message
 * of an unexpected status), and as chart metadata for the push annotations
 * and manifest. The tag list page, the Link header and the auth challenge
 * are fuzz_netresp's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oci/oci.h"
#include "oci/oci_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t rlen = nul ? (size_t)(nul - text) : size;
	const char *body = nul ? nul + 1 : text;
	size_t blen = nul ? size - rlen - 1 : size;

	char *refs = malloc(rlen + 1);
	memcpy(refs, text, rlen);
	refs[rlen] = '\0';
	cc_oci_ref ref;
	memset(&ref, 0, sizeof(ref));
	cc_error err;
	int have_ref = cc_oci_ref_parse(refs, &ref, &err) == CC_OK;
	if (have_ref && (!ref.registry || !ref.repository || (ref.digest && strncmp(ref.digest, "sha256:", 7))))
		abort();
	if (!have_ref) {
		if (err.col < 0)
			abort();
		cc_oci_ref_free(&ref);
		memset(&ref, 0, sizeof(ref));
		ref.registry = strdup("fuzz.example");
		ref.repository = strdup("charts/fuzz");
		ref.tag = strdup("1.0.0");
	}
	free(refs);

	json_t *m = json_loadb(body, blen, 0, NULL);
	if (m) {
		json_t *layer = NULL;
		if (cc_oci_chart_layer_(&ref, m, &layer, &err) == CC_OK && !json_is_object(layer))
			abort();
		json_t *ann = cc_oci_annotations(m, "2026-01-02T03:04:05Z");
		if (!json_is_object(ann))
			abort();
		cc_oci_artifact a;
		memset(&a, 0, sizeof(a));
		a.config = body;
		a.config_len = blen;
		a.chart = text;
		a.chart_len = rlen;
		a.prov = rlen & 1 ? text : NULL;
		a.prov_len = rlen / 2;
		a.annotations = ann;
		cc_buf mb = CC_BUF_INIT;
		if (cc_oci_manifest(&a, &mb, &err) == CC_OK) {
			json_t *back = json_loadb(mb.ptr, mb.len, 0, NULL);
			if (!back)
				abort();
			json_decref(back);
		}
		cc_buf_free(&mb);
		json_decref(ann);
		json_decref(m);
	}

	cc_http_resp r = CC_HTTP_RESP_INIT;
	r.status = blen ? 400 + (long)(body[0] & 0x7f) : 404;
	cc_buf_put(&r.body, body, blen);
	/* the URL's password never reaches the message (the body may say anything) */
	cc_oci_status_error_("GET", "https://user:pw-0xc0ffee@fuzz.example/v2/x/manifests/1", &r, &err);
	const char *status = strstr(err.msg, ": ");
	if (!status || memmem(err.msg, (size_t)(status - err.msg), "pw-0xc0ffee", 11))
		abort();
	cc_buf_free(&r.body);

	char *dg = cc_oci_digest_(body, blen);
	if (!dg || strncmp(dg, "sha256:", 7) || strlen(dg) != 71)
		abort();
	free(dg);
	cc_oci_ref_free(&ref);
	return 0;
}
