/*
 * gpg.c: a private GnuPG home for one signing or verification, with the
 * keyring given imported into it. Nothing of the user's ~/.gnupg is used,
 * so the keys that count are exactly the ones named, as with helm's
 * --keyring. The home is removed afterwards; its gpg-agent, which signing
 * starts, ends by itself once its socket is gone.
 */
#include "prov/prov_int.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cc_prov_gpg_fail(cc_error *err, gpgme_error_t e, const char *file, const char *what)
{
	return cc_error_set(err, CC_ERROR, file, 0, 0, "%s: %s", what, gpgme_strerror(e));
}

static int write_conf(const char *home, const char *name, const char *text, cc_error *err)
{
	char *path = cc_path_join(home, name);
	int rc = cc_file_write_atomic(path, text, strlen(text), 0600, err);
	free(path);
	return rc;
}

static int import(gpgme_ctx_t ctx, const char *keyring, cc_error *err)
{
	gpgme_data_t keys = NULL;
	gpgme_error_t e = gpgme_data_new_from_file(&keys, keyring, 1);
	if (e)
		return cc_error_set(err, CC_ENOTFOUND, keyring, 0, 0, "failed to load keyring: %s", gpgme_strerror(e));
	e = gpgme_op_import(ctx, keys);
	gpgme_import_result_t r = e ? NULL : gpgme_op_import_result(ctx);
	gpgme_data_release(keys);
	if (e || !r || r->considered == 0 || r->imported + r->unchanged + r->secret_imported == 0)
		return cc_error_set(err, CC_EINVALID, keyring, 0, 0, "failed to load keyring: %s",
				    e ? gpgme_strerror(e) : "no OpenPGP keys in it");
	return CC_OK;
}

int cc_prov_gpg_open(cc_prov_gpg *g, const char *keyring, cc_error *err)
{
	memset(g, 0, sizeof(*g));
	const char *tmp = getenv("TMPDIR");
	g->home = cc_asprintf("%s/chartci-gpg-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(g->home)) {
		int rc = cc_error_sys(err, errno, g->home, "cannot make a GnuPG home");
		free(g->home);
		g->home = NULL;
		return rc;
	}
	gpgme_check_version(NULL);
	/* helm signs with SHA-512; a passphrase comes from us, never a pinentry window */
	int rc = write_conf(g->home, "gpg.conf", "personal-digest-preferences SHA512\ndigest-algo SHA512\n", err);
	if (rc == CC_OK)
		rc = write_conf(g->home, "gpg-agent.conf", "allow-loopback-pinentry\n", err);
	gpgme_error_t e = rc == CC_OK ? gpgme_new(&g->ctx) : 0;
	if (rc == CC_OK && !e)
		e = gpgme_ctx_set_engine_info(g->ctx, GPGME_PROTOCOL_OpenPGP, NULL, g->home);
	if (rc == CC_OK && e)
		rc = cc_prov_gpg_fail(err, e, NULL, "GnuPG");
	if (rc == CC_OK)
		rc = import(g->ctx, keyring, err);
	return rc;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void cc_prov_gpg_close(cc_prov_gpg *g)
{
	if (g->ctx)
		gpgme_release(g->ctx);
	if (g->home)
		nftw(g->home, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(g->home);
	memset(g, 0, sizeof(*g));
}
