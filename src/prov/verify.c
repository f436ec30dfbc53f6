/*
 * verify.c: helm verify's checks on a .prov, in helm's order and words:
 * the signature first (by a key of the keyring given), then the message
 * (two parts around "..."), then the archive's sum in it.
 */
#include "prov/prov_int.h"
#include "yaml/yaml.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The signed text of a good signature by a key of the keyring, and who made it. */
static int check_signature(cc_prov_gpg *g, const char *prov, size_t len, const char *path, cc_buf *plain,
			   cc_prov_signer *signer, cc_error *err)
{
	if (!memmem(prov, len, "-----BEGIN PGP SIGNED MESSAGE-----", 34))
		return cc_error_set(err, CC_EINVALID, path, 0, 0, "signature block not found");
	gpgme_data_t sig = NULL, text = NULL;
	gpgme_error_t e = gpgme_data_new_from_mem(&sig, prov, len, 0);
	if (!e)
		e = gpgme_data_new(&text);
	if (!e)
		e = gpgme_op_verify(g->ctx, sig, NULL, text);
	gpgme_verify_result_t r = e ? NULL : gpgme_op_verify_result(g->ctx);
	gpgme_signature_t s = r ? r->signatures : NULL;
	int rc = CC_OK;
	if (e || !s)
		rc = cc_error_set(err, CC_EINVALID, path, 0, 0, "signature block not found%s%s", e ? ": " : "",
				  e ? gpgme_strerror(e) : "");
	else if (gpg_err_code(s->status) == GPG_ERR_NO_PUBKEY)
		rc = cc_error_set(err, CC_EINVALID, path, 0, 0, "openpgp: signature made by unknown entity");
	else if (s->status)
		rc = cc_error_set(err, CC_EINVALID, path, 0, 0, "openpgp: invalid signature: %s", gpgme_strerror(s->status));
	if (rc == CC_OK) {
		snprintf(signer->fingerprint, sizeof(signer->fingerprint), "%s", s->fpr ? s->fpr : "");
		for (char *p = signer->fingerprint; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		gpgme_key_t key = NULL;
		if (s->fpr && gpgme_get_key(g->ctx, s->fpr, &key, 0) == 0) {
			for (gpgme_user_id_t u = key->uids; u; u = u->next)
				cc_strvec_push(&signer->identities, u->uid);
			gpgme_key_unref(key);
		}
	}
	size_t n = 0;
	char *t = text ? gpgme_data_release_and_get_mem(text, &n) : NULL;
	if (rc == CC_OK)
		cc_buf_put(plain, t ? t : "", n);
	gpgme_free(t);
	gpgme_data_release(sig);
	return rc;
}

/* The message's second part, files: {name: sha256:...}, holds want for file_name. */
static int check_sum(const cc_buf *plain, const char *path, const char *file_name, const char *sha256_hex,
		     cc_error *err)
{
	const char *sep = plain->ptr ? strstr(plain->ptr, "\n...\n") : NULL;
	if (!sep)
		return cc_error_set(err, CC_EINVALID, path, 0, 0, "message block must have at least two parts");
	const char *sums = sep + 5;
	cc_yaml_doc *doc = NULL;
	int rc = cc_yaml_load(&doc, sums, strlen(sums), path, NULL, err);
	const cc_yaml_node *files = rc == CC_OK ? cc_yaml_map_get(cc_yaml_doc_root(doc), "files") : NULL;
	const cc_yaml_node *have = files ? cc_yaml_map_get(files, file_name) : NULL;
	char *want = cc_asprintf("sha256:%s", sha256_hex);
	if (rc == CC_OK && !cc_yaml_is_string(have))
		rc = cc_error_set(err, CC_EINVALID, path, 0, 0, "provenance does not contain a SHA for a file named \"%s\"",
				  file_name);
	else if (rc == CC_OK && strcmp(have->value, want) != 0)
		rc = cc_error_set(err, CC_EINVALID, path, have->line, have->col, "sha256 sum does not match for %s: \"%s\" != \"%s\"",
				  file_name, have->value, want);
	free(want);
	cc_yaml_doc_free(doc);
	return rc;
}

int cc_prov_verify(const char *keyring, const char *prov, size_t len, const char *prov_path, const char *file_name,
		   const char *sha256_hex, cc_prov_signer *signer, cc_error *err)
{
	cc_prov_gpg g;
	cc_buf plain = CC_BUF_INIT;
	memset(signer, 0, sizeof(*signer));
	int rc = cc_prov_gpg_open(&g, keyring, err);
	if (rc == CC_OK)
		rc = check_signature(&g, prov, len, prov_path, &plain, signer, err);
	if (rc == CC_OK)
		rc = check_sum(&plain, prov_path, file_name, sha256_hex, err);
	cc_buf_free(&plain);
	cc_prov_gpg_close(&g);
	return rc;
}

void cc_prov_signer_free(cc_prov_signer *s)
{
	cc_strvec_free(&s->identities);
	memset(s, 0, sizeof(*s));
}
