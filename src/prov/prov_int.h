/*
 * prov internals: the private GnuPG home (gpg.c).
 */
#ifndef CC_PROV_INT_H
#define CC_PROV_INT_H

#include <gpgme.h>
#include "prov/prov.h"

typedef struct cc_prov_gpg {
	char *home;
	gpgme_ctx_t ctx;
} cc_prov_gpg;

/* A fresh home with keyring imported. */
int cc_prov_gpg_open(cc_prov_gpg *g, const char *keyring, cc_error *err);
void cc_prov_gpg_close(cc_prov_gpg *g);
int cc_prov_gpg_fail(cc_error *err, gpgme_error_t e, const char *file, const char *what);

#endif
