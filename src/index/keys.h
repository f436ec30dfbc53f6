/*
 * keys.h: a set of mapping keys (private to src/index), see keys.c.
 */
#ifndef CC_INDEX_KEYS_H
#define CC_INDEX_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "base/base.h"

typedef struct ix_key {
	size_t off, len;
	int line, col;
	size_t val;
} ix_key;

typedef struct ix_keys {
	cc_buf text;
	ix_key *key;
	size_t n, cap;
	uint32_t *slots; /* open addressing: key index + 1, 0 is empty */
	size_t nslots;
} ix_keys;

void ix_keys_clear(ix_keys *k);
const ix_key *ix_keys_find(const ix_keys *k, const char *s, size_t n);
ix_key *ix_keys_add(ix_keys *k, const char *s, size_t n, int line, int col, size_t val);
void ix_keys_free(ix_keys *k);

#endif
