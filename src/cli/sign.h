/*
 * sign: provenance for the CLI: helm's default keyring, a passphrase from a
 * file, and the .prov written beside an archive (package --sign).
 */
#ifndef CC_CLI_SIGN_H
#define CC_CLI_SIGN_H

#include "cli/cli.h"

/* helm's default: $GNUPGHOME/pubring.gpg, else ~/.gnupg/pubring.gpg. Caller frees. */
char *cc_cli_default_keyring(void);

/* Signs the archive at path with key from keyring into path.prov (0644, atomically). */
int cc_cli_sign_archive(const char *path, const char *keyring, const char *key, const char *passphrase_file,
			char **prov_path, cc_error *err);

#endif
