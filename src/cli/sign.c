/*
 * sign: see sign.h. The message is built from the archive as written, as
 * helm v4 re-reads what it packaged, so the .prov describes exactly the
 * bytes a user downloads.
 */
#include "cli/sign.h"
#include "chart/chart.h"
#include "package/package.h"
#include "prov/prov.h"

#include <stdlib.h>
#include <string.h>

char *cc_cli_default_keyring(void)
{
	const char *home = getenv("GNUPGHOME");
	if (home && *home)
		return cc_path_join(home, "pubring.gpg");
	const char *h = getenv("HOME");
	char *dir = cc_path_join(h && *h ? h : ".", ".gnupg");
	char *path = cc_path_join(dir, "pubring.gpg");
	free(dir);
	return path;
}

/* The first line of the file ("-": stdin), as helm's --passphrase-file. */
static int passphrase(const char *file, char **out, cc_error *err)
{
	cc_buf b = CC_BUF_INIT;
	*out = NULL;
	if (!file)
		return CC_OK;
	int rc = cc_file_read(strcmp(file, "-") == 0 ? "/dev/stdin" : file, 4096, &b, err);
	if (rc == CC_OK) {
		*out = cc_strndup(b.ptr ? b.ptr : "", b.ptr ? strcspn(b.ptr, "\r\n") : 0);
		memset(b.ptr ? b.ptr : "", 0, b.ptr ? b.len : 0);
	}
	cc_buf_free(&b);
	return rc;
}

static int message(const char *path, cc_buf *msg, cc_error *err)
{
	cc_chart *c = NULL;
	json_t *md = NULL;
	char sha[CC_SHA256_HEX];
	cc_chart_opts o = { .no_subcharts = 1 };
	int rc = cc_chart_load(&c, path, path, &o, err);
	if (rc == CC_OK)
		rc = cc_package_metadata(c, NULL, &md, err);
	if (rc == CC_OK)
		rc = cc_sha256_file(path, sha, err);
	const char *base = strrchr(path, '/');
	if (rc == CC_OK)
		rc = cc_prov_message(md, base ? base + 1 : path, sha, msg, err);
	json_decref(md);
	cc_chart_free(c);
	return rc;
}

int cc_cli_sign_archive(const char *path, const char *keyring, const char *key, const char *passphrase_file,
			char **prov_path, cc_error *err)
{
	cc_buf msg = CC_BUF_INIT, prov = CC_BUF_INIT;
	char *pass = NULL;
	*prov_path = cc_asprintf("%s.prov", path);
	int rc = passphrase(passphrase_file, &pass, err);
	if (rc == CC_OK)
		rc = message(path, &msg, err);
	if (rc == CC_OK)
		rc = cc_prov_sign(keyring, key, pass, msg.ptr, msg.len, &prov, err);
	if (rc == CC_OK)
		rc = cc_file_write_atomic(*prov_path, prov.ptr, prov.len, 0644, err);
	if (pass)
		memset(pass, 0, strlen(pass));
	free(pass);
	cc_buf_free(&msg);
	cc_buf_free(&prov);
	return rc;
}
