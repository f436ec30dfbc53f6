/*
 * yaml.c: the document's arena and the read-only questions asked of a tree.
 *
 * A document owns every node and string through one arena, so a loaded
 * 50 MB values file is freed in a handful of calls and nodes carry no
 * per-allocation overhead. Lookups follow helm's reading: the last of
 * duplicate keys wins, as it does when go-yaml fills a Go map.
 */
#include "yaml/yaml_priv.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct cc_yaml_chunk {
	cc_yaml_chunk *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

#define CHUNK_MIN ((size_t)64 * 1024)
#define CHUNK_MAX ((size_t)8 * 1024 * 1024)

static cc_yaml_chunk *new_chunk(size_t size)
{
	cc_yaml_chunk *c = cc_malloc(sizeof(*c) + size);
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

/* Chunks double up to CHUNK_MAX; a big request gets a chunk of its own. */
void *cc_yaml_arena_alloc(cc_yaml_arena *a, size_t size, size_t align)
{
	cc_yaml_chunk *c = a->head;
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	if (c && at + size <= c->size) {
		c->used = at + size;
		return c->data + at;
	}
	if (!a->next_size)
		a->next_size = CHUNK_MIN;
	if (size > a->next_size / 4) {
		cc_yaml_chunk *big = new_chunk(size);
		big->used = size;
		if (c) { /* keep the current chunk in front: it still has room */
			big->next = c->next;
			c->next = big;
		} else {
			a->head = big;
		}
		return big->data;
	}
	c = new_chunk(a->next_size);
	if (a->next_size < CHUNK_MAX)
		a->next_size *= 2;
	c->next = a->head;
	a->head = c;
	c->used = size;
	return c->data;
}

char *cc_yaml_arena_strndup(cc_yaml_arena *a, const char *s, size_t n)
{
	char *p = cc_yaml_arena_alloc(a, n + 1, 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void cc_yaml_arena_free(cc_yaml_arena *a)
{
	cc_yaml_chunk *c = a->head;
	while (c) {
		cc_yaml_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->next_size = 0;
}

void cc_yaml_doc_free(cc_yaml_doc *doc)
{
	if (!doc)
		return;
	cc_yaml_arena_free(&doc->arena);
	free(doc->notes);
	free(doc->roots);
	free(doc->text);
	free(doc->file);
	free(doc);
}

cc_yaml_node *cc_yaml_doc_root(const cc_yaml_doc *doc)
{
	return doc ? doc->root : NULL;
}

size_t cc_yaml_doc_count(const cc_yaml_doc *doc)
{
	return doc ? doc->nroots : 0;
}

cc_yaml_node *cc_yaml_doc_root_at(const cc_yaml_doc *doc, size_t i)
{
	return doc && i < doc->nroots ? doc->roots[i] : NULL;
}

const char *cc_yaml_doc_file(const cc_yaml_doc *doc)
{
	return doc ? doc->file : NULL;
}

const char *cc_yaml_doc_text(const cc_yaml_doc *doc, size_t *len)
{
	if (len)
		*len = doc ? doc->len : 0;
	return doc ? doc->text : NULL;
}

size_t cc_yaml_doc_nnotes(const cc_yaml_doc *doc)
{
	return doc ? doc->nnotes : 0;
}

const cc_yaml_note *cc_yaml_doc_note(const cc_yaml_doc *doc, size_t i)
{
	return doc && i < doc->nnotes ? &doc->notes[i] : NULL;
}

int cc_yaml_doc_has_more(const cc_yaml_doc *doc)
{
	return doc ? doc->has_more : 0;
}

cc_yaml_node *cc_yaml_map_get_pair(const cc_yaml_node *map, const char *key, cc_yaml_node **key_node)
{
	if (key_node)
		*key_node = NULL;
	if (!map || map->kind != CC_YAML_MAP || !key)
		return NULL;
	size_t n = strlen(key);
	for (size_t i = map->npairs; i > 0; i--) {
		const cc_yaml_pair *p = &map->pairs[i - 1];
		if (p->key->kind == CC_YAML_SCALAR && p->key->len == n &&
		    memcmp(p->key->value, key, n) == 0) {
			if (key_node)
				*key_node = p->key;
			return p->value;
		}
	}
	return NULL;
}

cc_yaml_node *cc_yaml_map_get(const cc_yaml_node *map, const char *key)
{
	return cc_yaml_map_get_pair(map, key, NULL);
}

const cc_yaml_pair *cc_yaml_map_get_go_pair(const cc_yaml_node *map, const char *name)
{
	const cc_yaml_pair *best = NULL;
	for (size_t i = 0; map && map->kind == CC_YAML_MAP && i < map->npairs; i++) {
		const cc_yaml_pair *p = &map->pairs[i];
		if (p->key->kind == CC_YAML_SCALAR && strcasecmp(p->key->value, name) == 0 &&
		    (!best || strcmp(p->key->value, best->key->value) >= 0))
			best = p;
	}
	return best;
}

const cc_yaml_node *cc_yaml_map_get_go(const cc_yaml_node *map, const char *name)
{
	const cc_yaml_pair *p = cc_yaml_map_get_go_pair(map, name);
	return p ? p->value : NULL;
}

/* One reference token of a JSON pointer, unescaped (RFC 6901). */
static void pointer_token(const char *tok, size_t len, cc_buf *out)
{
	for (size_t i = 0; i < len; i++) {
		char ch = tok[i];
		if (ch == '~' && i + 1 < len && (tok[i + 1] == '0' || tok[i + 1] == '1'))
			ch = tok[++i] == '0' ? '~' : '/';
		cc_buf_putc(out, ch);
	}
}

static const cc_yaml_node *pointer_step(const cc_yaml_node *n, const char *tok)
{
	if (n->kind == CC_YAML_MAP)
		return cc_yaml_map_get(n, tok);
	if (n->kind == CC_YAML_SEQ && tok[0] && strspn(tok, "0123456789") == strlen(tok))
		return strtoul(tok, NULL, 10) < n->nitems ? n->items[strtoul(tok, NULL, 10)] : NULL;
	return NULL;
}

const cc_yaml_node *cc_yaml_pointer(const cc_yaml_node *n, const char *ptr, int *exact)
{
	*exact = 1;
	while (n && *ptr == '/') {
		const char *end = strchr(ptr + 1, '/');
		size_t len = end ? (size_t)(end - ptr - 1) : strlen(ptr + 1);
		cc_buf tok = CC_BUF_INIT;
		pointer_token(ptr + 1, len, &tok);
		const cc_yaml_node *next = pointer_step(n, tok.ptr ? tok.ptr : "");
		cc_buf_free(&tok);
		if (!next) {
			*exact = 0;
			return n;
		}
		n = next;
		ptr += 1 + len;
	}
	return n;
}

cc_yaml_type cc_yaml_resolve_plain(const char *s, size_t len)
{
	cc_yaml_value v;
	char msg[160];
	if (cc_yaml_resolve(CC_YAML_TAG_NONE, s, len, &v, msg, sizeof(msg)) != 0)
		return CC_YAML_T_STR; /* only explicit tags can fail */
	return v.type;
}

const char *cc_yaml_type_name(const cc_yaml_node *node)
{
	if (!node)
		return "null";
	if (node->kind == CC_YAML_MAP)
		return "mapping";
	if (node->kind == CC_YAML_SEQ)
		return "sequence";
	switch (node->type) {
	case CC_YAML_T_NULL: return "null";
	case CC_YAML_T_BOOL: return "boolean";
	case CC_YAML_T_INT: return "integer";
	case CC_YAML_T_FLOAT: return "float";
	case CC_YAML_T_TIMESTAMP: return "timestamp";
	case CC_YAML_T_BINARY: return "binary";
	default: return "string";
	}
}

int cc_yaml_is_null(const cc_yaml_node *node)
{
	return !node || (node->kind == CC_YAML_SCALAR && node->type == CC_YAML_T_NULL);
}

int cc_yaml_is_string(const cc_yaml_node *node)
{
	return node && node->kind == CC_YAML_SCALAR && node->type == CC_YAML_T_STR;
}
