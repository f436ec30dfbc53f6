/*
 * prov: the message helm signs, signing it, and helm verify's checks.
 */
#include "prov/prov_int.h"
#include "emit/emit.h"
#include "yaml/yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cc_prov_message(const json_t *metadata, const char *file_name, const char *sha256_hex, cc_buf *out,
		    cc_error *err)
{
	char *sum = cc_asprintf("sha256:%s", sha256_hex);
	json_t *sums = json_pack("{s:{s:s}}", "files", file_name, sum);
	/* "..." ends the first YAML document: "---" may not start a line of clear-signed text */
	int rc = cc_emit_yaml(metadata, out, err);
	if (rc == CC_OK) {
		cc_buf_printf(out, "\n...\n");
		rc = cc_emit_yaml(sums, out, err);
	}
	json_decref(sums);
	free(sum);
	return rc;
}

/* ---- signing ---- */

/* The secret key named: an identity equal to name, else the only one containing it. */
static int find_key(cc_prov_gpg *g, const char *keyring, const char *name, gpgme_key_t *out, cc_error *err)
{
	gpgme_key_t k = NULL, exact = NULL, partial = NULL;
	size_t partials = 0;
	gpgme_error_t e = gpgme_op_keylist_start(g->ctx, NULL, 1);
	while (!e && !(e = gpgme_op_keylist_next(g->ctx, &k))) {
		int is_exact = 0, contains = 0;
		for (gpgme_user_id_t u = k->uids; u; u = u->next) {
			is_exact |= u->uid && strcmp(u->uid, name) == 0;
			contains |= u->uid && strstr(u->uid, name) != NULL;
		}
		if (is_exact && !exact) {
			exact = k;
		} else if (contains) {
			partials++;
			if (partial)
				gpgme_key_unref(partial);
			partial = k;
		} else {
			gpgme_key_unref(k);
		}
	}
	gpgme_op_keylist_end(g->ctx);
	if (exact && partial)
		gpgme_key_unref(partial);
	*out = exact ? exact : partials == 1 ? partial : NULL;
	if (*out)
		return CC_OK;
	if (partial)
		gpgme_key_unref(partial);
	if (partials > 1)
		return cc_error_set(err, CC_EINVALID, keyring, 0, 0, "more than one key contain the id \"%s\"", name);
	return cc_error_set(err, CC_ENOTFOUND, keyring, 0, 0, "private key not found: no secret key has the id \"%s\"",
			    name);
}

static gpgme_error_t give_passphrase(void *hook, const char *uid_hint, const char *info, int prev_bad, int fd)
{
	(void)uid_hint;
	(void)info;
	const char *p = hook;
	if (prev_bad)
		return gpgme_error(GPG_ERR_BAD_PASSPHRASE); /* asking again would only loop */
	if (gpgme_io_writen(fd, p, strlen(p)) != 0 || gpgme_io_writen(fd, "\n", 1) != 0)
		return gpgme_error(GPG_ERR_CANCELED);
	return 0;
}

static int clearsign(cc_prov_gpg *g, gpgme_key_t key, const char *passphrase, const void *msg, size_t len,
		     cc_buf *out, cc_error *err)
{
	gpgme_data_t in = NULL, sig = NULL;
	gpgme_set_armor(g->ctx, 1);
	gpgme_set_pinentry_mode(g->ctx, GPGME_PINENTRY_MODE_LOOPBACK);
	gpgme_set_passphrase_cb(g->ctx, give_passphrase, (void *)(passphrase ? passphrase : ""));
	gpgme_error_t e = gpgme_signers_add(g->ctx, key);
	if (!e)
		e = gpgme_data_new_from_mem(&in, msg, len, 0);
	if (!e)
		e = gpgme_data_new(&sig);
	if (!e)
		e = gpgme_op_sign(g->ctx, in, sig, GPGME_SIG_MODE_CLEAR);
	size_t n = 0;
	char *text = sig && !e ? gpgme_data_release_and_get_mem(sig, &n) : NULL;
	if (sig && e)
		gpgme_data_release(sig);
	gpgme_data_release(in);
	if (e)
		return cc_prov_gpg_fail(err, e, NULL, "signing");
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		n--; /* helm's files end at the armor's last line */
	cc_buf_put(out, text, n);
	gpgme_free(text);
	return CC_OK;
}

int cc_prov_sign(const char *keyring, const char *key_name, const char *passphrase, const void *message,
		 size_t len, cc_buf *out, cc_error *err)
{
	cc_prov_gpg g;
	gpgme_key_t key = NULL;
	int rc = cc_prov_gpg_open(&g, keyring, err);
	if (rc == CC_OK)
		rc = find_key(&g, keyring, key_name, &key, err);
	if (rc == CC_OK)
		rc = clearsign(&g, key, passphrase, message, len, out, err);
	if (key)
		gpgme_key_unref(key);
	cc_prov_gpg_close(&g);
	return rc;
}
