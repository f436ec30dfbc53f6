/*
 * What src/deps/net.c shares with fetch.c: the state behind cc_deps_net,
 * so that downloading reuses the indexes, the HTTP handle and the registry
 * tokens that resolving already paid for.
 */
#ifndef CC_DEPS_NET_PRIV_H
#define CC_DEPS_NET_PRIV_H

#include "deps/deps.h"
#include "http/http.h"
#include "index/index.h"
#include "oci/oci.h"

typedef struct net_index {
	char *url;        /* the repository URL as written, trailing '/' dropped */
	cc_index *idx;    /* NULL when fetching or parsing failed */
	cc_error err;     /* why, repeated for every dependency on it */
} net_index;

struct cc_deps_net {
	cc_http *http;
	cc_oci *oci;
	const cc_repos *repos;
	char *cache_dir;  /* NULL: no cache */
	int offline;
	net_index *ix;
	size_t nix;
};

/* The index of the repository at url, fetched and parsed on first use; NULL with err set when it cannot be read. */
const cc_index *cc_deps_net_index(cc_deps_net *n, const char *url, cc_error *err);
/* The credentials for url's repository table entry (all NULL when none). */
void cc_deps_net_auth(const cc_deps_net *n, const char *url, cc_http_auth *a, const cc_repo **entry);

#endif
