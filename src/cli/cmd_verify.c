/*
 * chartci verify [--keyring FILE] CHART.tgz
 *
 * `helm verify`: the archive's .prov is signed by a key of the keyring
 * and names the archive's sha256. Prints who signed it, with which key,
 * and the hash verified, in helm's words; a failure is exit 1 with
 * helm's message.
 */
#include "cli/cli.h"
#include "cli/sign.h"
#include "prov/prov.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct verify_setup {
	const char *keyring;
} verify_setup;

static void help(void)
{
	printf("usage: chartci verify [options] CHART.tgz\n"
	       "\n"
	       "Checks the chart archive against its provenance file (CHART.tgz.prov), as\n"
	       "`helm verify` does: signed by a key of the keyring, and naming the archive's\n"
	       "sha256.\n"
	       "\n"
	       "options:\n"
	       "      --keyring FILE     the public keyring (default: $GNUPGHOME/pubring.gpg,\n"
	       "                         else ~/.gnupg/pubring.gpg)\n"
	       CC_CLI_COMMON_HELP
	       "  -h, --help         this help\n");
}

static int verify_opt(void *ctx, int opt, const char *arg)
{
	if (opt != 3101)
		return 0;
	((verify_setup *)ctx)->keyring = arg;
	return 1;
}

/* helm's checks on the argument, before any key is looked at. */
static int check_path(const char *path, cc_error *err)
{
	struct stat st;
	size_t n = strlen(path);
	if (stat(path, &st) != 0)
		return cc_error_sys(err, errno, path, "cannot read");
	if (S_ISDIR(st.st_mode))
		return cc_error_set(err, CC_EINVALID, path, 0, 0, "unpacked charts cannot be verified");
	if (n < 4 || strcasecmp(path + n - 4, ".tgz") != 0)
		return cc_error_set(err, CC_EINVALID, path, 0, 0, "chart must be a tgz file");
	return CC_OK;
}

static int verify(const char *path, const char *keyring, cc_error *err)
{
	char *prov_path = cc_asprintf("%s.prov", path), sha[CC_SHA256_HEX];
	cc_buf prov = CC_BUF_INIT;
	cc_prov_signer signer;
	memset(&signer, 0, sizeof(signer));
	const char *base = strrchr(path, '/');
	int rc = check_path(path, err);
	if (rc == CC_OK && cc_file_read(prov_path, 1 << 20, &prov, err) != CC_OK)
		rc = cc_error_set(err, CC_ENOTFOUND, prov_path, 0, 0, "could not load provenance file %s: %s", prov_path,
				  err->msg);
	if (rc == CC_OK)
		rc = cc_sha256_file(path, sha, err);
	if (rc == CC_OK)
		rc = cc_prov_verify(keyring, prov.ptr ? prov.ptr : "", prov.len, prov_path, base ? base + 1 : path, sha,
				    &signer, err);
	for (size_t i = 0; rc == CC_OK && i < signer.identities.n; i++)
		printf("Signed by: %s\n", signer.identities.v[i]);
	if (rc == CC_OK)
		printf("Using Key With Fingerprint: %s\nChart Hash Verified: sha256:%s\n", signer.fingerprint, sha);
	cc_prov_signer_free(&signer);
	cc_buf_free(&prov);
	free(prov_path);
	return rc;
}

int cc_cmd_verify(cc_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = { { "keyring", required_argument, NULL, 3101 }, { NULL, 0, NULL, 0 } };
	verify_setup S = { NULL };
	int r = cc_cli_parse(cli, "verify", argc, argv, "", longopts, help, verify_opt, &S);
	if (r == -1 && optind != argc - 1)
		r = cc_cli_usage_error("verify", "name one chart archive (.tgz)");
	if (r != -1)
		return r;
	char *keyring = S.keyring ? cc_strdup(S.keyring) : cc_cli_default_keyring();
	cc_error err;
	cc_error_clear(&err);
	if (verify(argv[optind], keyring, &err) != CC_OK) {
		fprintf(stderr, "%s: error[prov/unverified]: %s\n", err.file[0] ? err.file : argv[optind], err.msg);
		r = CC_EXIT_FINDINGS;
	} else {
		r = CC_EXIT_OK;
	}
	free(keyring);
	return r;
}
