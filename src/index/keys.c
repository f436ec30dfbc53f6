/*
 * keys.c: the keys of one open mapping, to find duplicates as go-yaml's
 * strict mode does ("key already set in map") and to find a chart listed
 * twice. One set per nesting level is reused for every mapping at that
 * level, so memory follows the widest mapping, not the file.
 */
#include "index/keys.h"

#include <stdlib.h>
#include <string.h>

static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void rehash(ix_keys *k, size_t nslots)
{
	free(k->slots);
	k->slots = cc_calloc(nslots, sizeof(*k->slots));
	k->nslots = nslots;
	for (size_t i = 0; i < k->n; i++) {
		size_t at = hash(k->text.ptr + k->key[i].off, k->key[i].len) & (nslots - 1);
		while (k->slots[at])
			at = (at + 1) & (nslots - 1);
		k->slots[at] = (uint32_t)i + 1;
	}
}

void ix_keys_clear(ix_keys *k)
{
	if (k->n == 0)
		return;
	if (k->n * 8 >= k->nslots) {
		memset(k->slots, 0, k->nslots * sizeof(*k->slots));
	} else {
		/* a few keys in a big table: clear just their slots, newest first,
		   so each key's probe chain (older keys only) is still intact */
		for (size_t i = k->n; i-- > 0;) {
			size_t at = hash(k->text.ptr + k->key[i].off, k->key[i].len) & (k->nslots - 1);
			while (k->slots[at] && k->slots[at] != i + 1)
				at = (at + 1) & (k->nslots - 1);
			k->slots[at] = 0;
		}
	}
	k->n = 0;
	cc_buf_clear(&k->text);
}

const ix_key *ix_keys_find(const ix_keys *k, const char *s, size_t n)
{
	if (k->nslots == 0)
		return NULL;
	size_t at = hash(s, n) & (k->nslots - 1);
	for (; k->slots[at]; at = (at + 1) & (k->nslots - 1)) {
		const ix_key *e = &k->key[k->slots[at] - 1];
		if (e->len == n && memcmp(k->text.ptr + e->off, s, n) == 0)
			return e;
	}
	return NULL;
}

ix_key *ix_keys_add(ix_keys *k, const char *s, size_t n, int line, int col, size_t val)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 16;
		k->key = cc_realloc(k->key, k->cap * sizeof(*k->key));
	}
	if ((k->n + 1) * 2 > k->nslots)
		rehash(k, k->nslots ? k->nslots * 2 : 32);
	ix_key *e = &k->key[k->n];
	e->off = k->text.len;
	e->len = n;
	e->line = line;
	e->col = col;
	e->val = val;
	cc_buf_put(&k->text, s, n);
	size_t at = hash(s, n) & (k->nslots - 1);
	while (k->slots[at])
		at = (at + 1) & (k->nslots - 1);
	k->slots[at] = (uint32_t)++k->n;
	return e;
}

void ix_keys_free(ix_keys *k)
{
	free(k->slots);
	free(k->key);
	cc_buf_free(&k->text);
	memset(k, 0, sizeof(*k));
}
