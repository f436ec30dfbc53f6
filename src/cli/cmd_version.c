/*
 * chartci version: the tool's version and the libraries it runs on, which
 * is what a bug report needs first.
 */
#include "cli/cli.h"

#include <curl/curl.h>
#include <git2.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <pcre2.h>
#include <stdio.h>
#include <yaml.h>
#include <zlib.h>

int cc_cmd_version(cc_cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	int gmaj = 0, gmin = 0, gpat = 0;
	git_libgit2_version(&gmaj, &gmin, &gpat);
	char pcre[64] = "";
	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	printf("chartci %s\n", CHARTCI_VERSION);
	printf("libyaml %s, libcurl %s, libgit2 %d.%d.%d, jansson %s, pcre2 %s, zlib %s, %s\n",
	       yaml_get_version_string(), curl_version_info(CURLVERSION_NOW)->version, gmaj, gmin, gpat,
	       jansson_version_str(), pcre, zlibVersion(), OpenSSL_version(OPENSSL_VERSION));
	return CC_EXIT_OK;
}
