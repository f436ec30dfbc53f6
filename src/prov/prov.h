/*
 * prov: helm's provenance files (<chart>.tgz.prov), signed and checked as
 * `helm package --sign` and `helm verify` do (helm-formats 7).
 *
 * A .prov is an OpenPGP clear-signed message: the chart's metadata as helm
 * writes it, a "..." line, and the archive's sha256 under its file name.
 * The OpenPGP work is GnuPG's, through gpgme, in a private GnuPG home made
 * for the call and removed after it: the keyring given (helm's binary
 * keyring files, or armored keys) is imported there, so the user's own
 * ~/.gnupg is never read or changed. The digest is SHA-512, as helm's.
 */
#ifndef CC_PROV_H
#define CC_PROV_H

#include <jansson.h>
#include "base/base.h"

/* The text helm signs: metadata (helm's Metadata as JSON) as YAML, "...", files: {file_name: sha256:HEX}. */
int cc_prov_message(const json_t *metadata, const char *file_name, const char *sha256_hex, cc_buf *out,
		    cc_error *err);

/*
 * Clear-signs message with the secret key whose identity is key_name, or
 * the only one containing it, from the keyring file. passphrase may be
 * NULL for a key without one. The result ends without a newline, as
 * helm's files do.
 */
int cc_prov_sign(const char *keyring, const char *key_name, const char *passphrase, const void *message,
		 size_t len, cc_buf *out, cc_error *err);

typedef struct cc_prov_signer {
	char fingerprint[64];      /* upper-case hex */
	cc_strvec identities;      /* the signing key's user ids */
} cc_prov_signer;

/*
 * helm verify's checks on a .prov (prov[0..len), named prov_path in
 * messages) for the archive file_name with digest sha256_hex: a clear-
 * signed block, a good signature by a key of the keyring, at least two
 * parts, a sum for file_name, and that sum equal to the archive's. The
 * messages are helm's.
 */
int cc_prov_verify(const char *keyring, const char *prov, size_t len, const char *prov_path, const char *file_name,
		   const char *sha256_hex, cc_prov_signer *signer, cc_error *err);
void cc_prov_signer_free(cc_prov_signer *s);

#endif
