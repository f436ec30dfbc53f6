/*
 * yaml_load.c: libyaml's event stream turned into a positioned tree.
 *
 * Input is hostile until proven otherwise, so the builder never recurses on
 * the document's structure: open collections live on an explicit stack and
 * their children on one shared vector, copied into the arena at the right
 * size when the collection closes. That also keeps memory per node to the
 * node itself, which matters for 50 MB values files.
 *
 * Aliases are not copied: they point at the anchored node. What copying
 * would have cost is still counted, from each anchored node's expanded size
 * and height computed once when it closes; so a billion-laughs document is
 * refused after reading its few hundred bytes, and the nesting bound holds
 * for any consumer that walks through aliases.
 *
 * libyaml's marks count characters, not bytes (a CRLF is two, a BOM is
 * none); byte offsets come from a cursor that walks the text alongside the
 * parser, so spans stay right after non-ASCII text.
 */
#include "yaml/yaml_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define SMALL_MAP 16 /* keys compared pairwise up to here, hashed beyond */

typedef struct pos {
	int line, col;
	size_t byte;
} pos;

typedef struct keyset {
	size_t *slot; /* index into loader.kids + 1; 0 is empty */
	size_t cap, used;
} keyset;

typedef struct frame {
	cc_yaml_node *node;
	size_t base;     /* its first child in loader.kids */
	size_t expanded; /* nodes as if aliases were copied, itself included */
	size_t height;   /* deepest child nesting, through aliases */
	pos last_end;    /* end of the last child: where a block collection ends */
	keyset keys;
} frame;

typedef struct anchor {
	const char *name;
	cc_yaml_node *node;
	size_t expanded, height;
	int open; /* still being built: an alias to it would be a cycle */
} anchor;

/* An alias after which the expansion count exceeded what was known then. */
typedef struct crossing {
	size_t total;
	int line, col;
	const char *name;
} crossing;

enum { ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE };

typedef struct loader {
	cc_yaml_doc *doc;
	cc_error *err;
	size_t max_depth, max_alias; /* max_alias 0: max(floor, own nodes) */
	int all_docs;
	cc_yaml_node *doc_root;       /* root of the document being read */
	yaml_parser_t parser;
	int enc;
	size_t bom;
	size_t cur_ch, cur_byte;
	frame *stack;
	size_t depth, stack_cap;
	cc_yaml_node **kids;
	size_t nkids, kids_cap;
	anchor *anchors;
	size_t nanchors, anchors_cap;
	size_t own, alias_total;
	crossing *cross;
	size_t ncross, cross_cap;
} loader;

static size_t sat_add(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static int fail(loader *L, int code, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int fail(loader *L, int code, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cc_error_setv(L->err, code, L->doc->file, line, col, fmt, ap);
	va_end(ap);
	return code;
}

/* ---- positions ---- */

static void detect_encoding(loader *L)
{
	const unsigned char *t = (const unsigned char *)L->doc->text;
	size_t n = L->doc->len;
	L->enc = ENC_UTF8;
	if (n >= 2 && t[0] == 0xFF && t[1] == 0xFE) {
		L->enc = ENC_UTF16LE;
		L->bom = 2;
	} else if (n >= 2 && t[0] == 0xFE && t[1] == 0xFF) {
		L->enc = ENC_UTF16BE;
		L->bom = 2;
	} else if (n >= 3 && t[0] == 0xEF && t[1] == 0xBB && t[2] == 0xBF) {
		L->bom = 3;
	}
	L->cur_byte = L->bom;
}

static size_t char_width(const loader *L, size_t at)
{
	const unsigned char *t = (const unsigned char *)L->doc->text + at;
	size_t left = L->doc->len - at, w;
	if (L->enc == ENC_UTF8) {
		w = t[0] < 0x80 ? 1 : (t[0] & 0xE0) == 0xC0 ? 2 : (t[0] & 0xF0) == 0xE0 ? 3 :
		    (t[0] & 0xF8) == 0xF0 ? 4 : 1;
	} else {
		unsigned hi = left < 2 ? 0 : L->enc == ENC_UTF16LE ? t[1] : t[0];
		w = (hi & 0xFC) == 0xD8 ? 4 : 2;
	}
	return w < left ? w : left;
}

static size_t prev_char(const loader *L, size_t at)
{
	const unsigned char *t = (const unsigned char *)L->doc->text;
	if (L->enc == ENC_UTF8) {
		at--;
		while (at > L->bom && (t[at] & 0xC0) == 0x80)
			at--;
		return at;
	}
	at = at >= L->bom + 2 ? at - 2 : L->bom;
	unsigned hi = L->enc == ENC_UTF16LE ? t[at + 1] : t[at];
	if ((hi & 0xFC) == 0xDC && at >= L->bom + 2)
		at -= 2;
	return at;
}

/* Byte offset of libyaml's character index, moving the cursor either way. */
static size_t char_to_byte(loader *L, size_t ch)
{
	while (L->cur_ch < ch && L->cur_byte < L->doc->len) {
		L->cur_byte += char_width(L, L->cur_byte);
		L->cur_ch++;
	}
	while (L->cur_ch > ch && L->cur_byte > L->bom) {
		L->cur_byte = prev_char(L, L->cur_byte);
		L->cur_ch--;
	}
	return L->cur_byte;
}

static int clamp_int(size_t v)
{
	return v >= (size_t)0x7FFFFFFF ? 0x7FFFFFFF : (int)v;
}

static pos mark_pos(loader *L, const yaml_mark_t *m)
{
	pos p = { clamp_int(m->line + 1), clamp_int(m->column + 1), char_to_byte(L, m->index) };
	return p;
}

static void step(const char *t, size_t len, pos *p)
{
	unsigned char c = (unsigned char)t[p->byte++];
	if (c == '\r' && p->byte < len && t[p->byte] == '\n')
		p->byte++;
	if (c == '\r' || c == '\n') {
		p->line++;
		p->col = 1;
	} else if ((c & 0xC0) != 0x80) {
		p->col++;
	}
}

static int is_anchor_char(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' ||
	       c == '-';
}

/* Past blanks, line breaks and comments between a property and its scalar. */
static void skip_gap(const char *t, size_t len, size_t stop, pos *p)
{
	while (p->byte < stop) {
		char c = t[p->byte];
		if (c == '#') {
			while (p->byte < stop && t[p->byte] != '\n' && t[p->byte] != '\r')
				step(t, len, p);
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			step(t, len, p);
		} else {
			break;
		}
	}
}

/*
 * A scalar event starts at its anchor or tag; the node's span starts at
 * its text, so that replacing text[start..end) keeps `!!str` and `&a`.
 */
static pos skip_properties(const loader *L, pos p, pos end)
{
	const char *t = L->doc->text;
	size_t len = L->doc->len;
	if (L->enc != ENC_UTF8)
		return p;
	for (int k = 0; k < 2 && p.byte < end.byte && (t[p.byte] == '&' || t[p.byte] == '!'); k++) {
		int is_anchor = t[p.byte] == '&';
		step(t, len, &p);
		while (p.byte < end.byte && (is_anchor ? is_anchor_char(t[p.byte]) :
				 t[p.byte] != ' ' && t[p.byte] != '\t' && t[p.byte] != '\n' && t[p.byte] != '\r'))
			step(t, len, &p);
		skip_gap(t, len, end.byte, &p);
	}
	return p.byte < end.byte ? p : end;
}

/* ---- vectors ---- */

static void push_kid(loader *L, cc_yaml_node *n)
{
	if (L->nkids == L->kids_cap) {
		L->kids_cap = L->kids_cap ? L->kids_cap * 2 : 256;
		L->kids = cc_realloc(L->kids, L->kids_cap * sizeof(*L->kids));
	}
	L->kids[L->nkids++] = n;
}

static frame *push_frame(loader *L)
{
	if (L->depth == L->stack_cap) {
		L->stack_cap = L->stack_cap ? L->stack_cap * 2 : 64;
		L->stack = cc_realloc(L->stack, L->stack_cap * sizeof(*L->stack));
	}
	frame *f = &L->stack[L->depth++];
	memset(f, 0, sizeof(*f));
	return f;
}

/* ---- notes: duplicate keys ---- */

/* The key in a message: quoted, escaped, at most 60 bytes of it. */
static void quote_key(const cc_yaml_node *k, char *buf, size_t bufsz)
{
	size_t o = 0, max = k->len > 60 ? 57 : k->len;
	buf[o++] = '"';
	for (size_t i = 0; i < max && o + 6 < bufsz; i++) {
		unsigned char c = (unsigned char)k->value[i];
		if (c == '"' || c == '\\')
			o += (size_t)snprintf(buf + o, bufsz - o, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(buf + o, bufsz - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	if (max < k->len && o + 4 < bufsz)
		o += (size_t)snprintf(buf + o, bufsz - o, "...");
	snprintf(buf + o, bufsz - o, "\"");
}

static void add_note(loader *L, const cc_yaml_node *first, const cc_yaml_node *dup)
{
	cc_yaml_doc *d = L->doc;
	char key[256];
	quote_key(dup, key, sizeof(key));
	char *msg = cc_asprintf("duplicate key %s (first at line %d, column %d)", key, first->line,
				first->col);
	if (d->nnotes == d->notes_cap) {
		d->notes_cap = d->notes_cap ? d->notes_cap * 2 : 8;
		d->notes = cc_realloc(d->notes, d->notes_cap * sizeof(*d->notes));
	}
	cc_yaml_note *note = &d->notes[d->nnotes++];
	note->line = dup->line;
	note->col = dup->col;
	note->msg = cc_yaml_arena_strndup(&d->arena, msg, strlen(msg));
	free(msg);
}

static int same_key(const cc_yaml_node *a, const cc_yaml_node *b)
{
	return a->kind == CC_YAML_SCALAR && b->kind == CC_YAML_SCALAR && a->len == b->len &&
	       memcmp(a->value, b->value, a->len) == 0 && !cc_yaml_is_merge_key(a);
}

static size_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29));
}

/* Finds k's slot: an equal key already there, or the empty slot to use. */
static size_t *keyset_find(loader *L, keyset *ks, const cc_yaml_node *k)
{
	size_t i = hash_bytes(k->value, k->len) & (ks->cap - 1);
	while (ks->slot[i] && !same_key(L->kids[ks->slot[i] - 1], k))
		i = (i + 1) & (ks->cap - 1);
	return &ks->slot[i];
}

static void keyset_grow(loader *L, keyset *ks)
{
	size_t *old = ks->slot, oldcap = ks->cap;
	ks->cap = oldcap ? oldcap * 2 : 64;
	ks->slot = cc_calloc(ks->cap, sizeof(*ks->slot));
	for (size_t i = 0; i < oldcap; i++)
		if (old[i])
			*keyset_find(L, ks, L->kids[old[i] - 1]) = old[i];
	free(old);
}

/* Returns the index of an earlier equal key, or the index of k itself. */
static size_t keyset_add(loader *L, keyset *ks, size_t ki)
{
	if ((ks->used + 1) * 2 > ks->cap)
		keyset_grow(L, ks);
	size_t *slot = keyset_find(L, ks, L->kids[ki]);
	if (*slot)
		return *slot - 1;
	*slot = ki + 1;
	ks->used++;
	return ki;
}

/* Linear per key on average: pairwise in small mappings, hashed in big ones. */
static void check_dup(loader *L, frame *p, size_t ki)
{
	cc_yaml_node *k = L->kids[ki];
	size_t first = ki;
	if (k->kind != CC_YAML_SCALAR || cc_yaml_is_merge_key(k))
		return;
	if (!p->keys.cap && (ki - p->base) / 2 < SMALL_MAP) {
		for (size_t j = p->base; j < ki && first == ki; j += 2)
			if (same_key(L->kids[j], k))
				first = j;
	} else {
		if (!p->keys.cap)
			for (size_t j = p->base; j < ki; j += 2)
				if (L->kids[j]->kind == CC_YAML_SCALAR && !cc_yaml_is_merge_key(L->kids[j]))
					keyset_add(L, &p->keys, j);
		first = keyset_add(L, &p->keys, ki);
	}
	if (first != ki)
		add_note(L, L->kids[first], k);
}

/* ---- anchors ---- */

static anchor *anchor_slot(loader *L, const char *name)
{
	size_t i = hash_bytes(name, strlen(name)) & (L->anchors_cap - 1);
	while (L->anchors[i].name && strcmp(L->anchors[i].name, name) != 0)
		i = (i + 1) & (L->anchors_cap - 1);
	return &L->anchors[i];
}

static void anchors_grow(loader *L)
{
	anchor *old = L->anchors;
	size_t oldcap = L->anchors_cap;
	L->anchors_cap = oldcap ? oldcap * 2 : 32;
	L->anchors = cc_calloc(L->anchors_cap, sizeof(*L->anchors));
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].name)
			*anchor_slot(L, old[i].name) = old[i];
	free(old);
}

/* A later &name replaces an earlier one, as YAML and go-yaml have it. */
static void define_anchor(loader *L, cc_yaml_node *n, int open)
{
	if ((L->nanchors + 1) * 2 > L->anchors_cap)
		anchors_grow(L);
	anchor *a = anchor_slot(L, n->anchor);
	if (!a->name)
		L->nanchors++;
	a->name = n->anchor;
	a->node = n;
	a->expanded = 1;
	a->height = 0;
	a->open = open;
}

static void close_anchor(loader *L, cc_yaml_node *n, size_t expanded, size_t height)
{
	anchor *a = anchor_slot(L, n->anchor);
	if (a->name && a->node == n) { /* unless redefined inside itself */
		a->expanded = expanded;
		a->height = height;
		a->open = 0;
	}
}

/* ---- tree building ---- */

static const char *copy_tag(loader *L, const yaml_char_t *tag)
{
	static const char core[] = "tag:yaml.org,2002:";
	const char *t = (const char *)tag;
	if (!t)
		return NULL;
	if (strncmp(t, core, sizeof(core) - 1) == 0) {
		char *s = cc_asprintf("!!%s", t + sizeof(core) - 1);
		const char *r = cc_yaml_arena_strndup(&L->doc->arena, s, strlen(s));
		free(s);
		return r;
	}
	return cc_yaml_arena_strndup(&L->doc->arena, t, strlen(t));
}

static cc_yaml_node *new_node(loader *L, cc_yaml_kind kind, pos start, pos end,
			      const yaml_char_t *anchor_name, const yaml_char_t *tag)
{
	cc_yaml_node *n = cc_yaml_arena_alloc(&L->doc->arena, sizeof(*n), sizeof(void *));
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->line = start.line;
	n->col = start.col;
	n->start = start.byte;
	n->end_line = end.line;
	n->end_col = end.col;
	n->end = end.byte;
	n->tag = copy_tag(L, tag);
	if (anchor_name)
		n->anchor = cc_yaml_arena_strndup(&L->doc->arena, (const char *)anchor_name,
						  strlen((const char *)anchor_name));
	L->own++;
	return n;
}

static void set_end(cc_yaml_node *n, pos end)
{
	n->end_line = end.line;
	n->end_col = end.col;
	n->end = end.byte;
}

/* Hands a finished node (or an alias's target) to the open collection. */
static void add_child(loader *L, cc_yaml_node *n, size_t expanded, size_t height, pos end)
{
	if (L->depth == 0) {
		if (!L->doc_root)
			L->doc_root = n;
		return;
	}
	frame *p = &L->stack[L->depth - 1];
	p->expanded = sat_add(p->expanded, expanded);
	if (height > p->height)
		p->height = height;
	p->last_end = end;
	push_kid(L, n);
	if (p->node->kind == CC_YAML_MAP && (L->nkids - p->base) % 2 == 1)
		check_dup(L, p, L->nkids - 1);
}

static cc_yaml_style scalar_style(yaml_scalar_style_t s)
{
	switch (s) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE: return CC_YAML_SINGLE_QUOTED;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return CC_YAML_DOUBLE_QUOTED;
	case YAML_LITERAL_SCALAR_STYLE: return CC_YAML_LITERAL;
	case YAML_FOLDED_SCALAR_STYLE: return CC_YAML_FOLDED;
	default: return CC_YAML_PLAIN;
	}
}

static int on_scalar(loader *L, const yaml_event_t *ev)
{
	char msg[200];
	cc_yaml_value v;
	pos start = mark_pos(L, &ev->start_mark), end = mark_pos(L, &ev->end_mark);
	if (ev->data.scalar.anchor || ev->data.scalar.tag)
		start = skip_properties(L, start, end);
	cc_yaml_node *n = new_node(L, CC_YAML_SCALAR, start, end, ev->data.scalar.anchor,
				   ev->data.scalar.tag);
	n->style = scalar_style(ev->data.scalar.style);
	n->len = ev->data.scalar.length;
	n->value = cc_yaml_arena_strndup(&L->doc->arena, (const char *)ev->data.scalar.value, n->len);
	if (cc_yaml_resolve(cc_yaml_node_tagcode(n), n->value, n->len, &v, msg, sizeof(msg)) != 0)
		return fail(L, CC_EINVALID, n->line, n->col, "%s", msg);
	n->type = v.type;
	if (n->anchor)
		define_anchor(L, n, 0);
	add_child(L, n, 1, 0, end);
	return CC_OK;
}

static int on_start(loader *L, const yaml_event_t *ev, cc_yaml_kind kind)
{
	pos start = mark_pos(L, &ev->start_mark);
	int seq = kind == CC_YAML_SEQ;
	if (L->depth >= L->max_depth)
		return fail(L, CC_ELIMIT, start.line, start.col,
			    "nesting deeper than %zu levels", L->max_depth);
	cc_yaml_node *n = new_node(L, kind, start, start,
				   seq ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor,
				   seq ? ev->data.sequence_start.tag : ev->data.mapping_start.tag);
	int flow = seq ? ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
		       : ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
	n->style = flow ? CC_YAML_FLOW : CC_YAML_BLOCK;
	if (n->anchor)
		define_anchor(L, n, 1);
	frame *f = push_frame(L);
	f->node = n;
	f->base = L->nkids;
	f->expanded = 1;
	f->last_end = start;
	return CC_OK;
}

static void take_children(loader *L, cc_yaml_node *n, size_t base)
{
	size_t count = L->nkids - base;
	cc_yaml_arena *a = &L->doc->arena;
	if (n->kind == CC_YAML_MAP) {
		n->npairs = count / 2;
		n->pairs = count ? cc_yaml_arena_alloc(a, n->npairs * sizeof(*n->pairs), sizeof(void *)) : NULL;
		for (size_t i = 0; i < n->npairs; i++) {
			n->pairs[i].key = L->kids[base + 2 * i];
			n->pairs[i].value = L->kids[base + 2 * i + 1];
		}
	} else {
		n->nitems = count;
		n->items = count ? cc_yaml_arena_alloc(a, count * sizeof(*n->items), sizeof(void *)) : NULL;
		if (count)
			memcpy(n->items, L->kids + base, count * sizeof(*n->items));
	}
	L->nkids = base;
}

static int on_end(loader *L, const yaml_event_t *ev)
{
	frame f = L->stack[--L->depth];
	cc_yaml_node *n = f.node;
	take_children(L, n, f.base);
	free(f.keys.slot);
	/* a block collection's end event sits at the next token, past comments */
	set_end(n, n->style == CC_YAML_FLOW ? mark_pos(L, &ev->end_mark) : f.last_end);
	pos end = { n->end_line, n->end_col, n->end };
	if (n->anchor)
		close_anchor(L, n, f.expanded, f.height + 1);
	add_child(L, n, f.expanded, f.height + 1, end);
	return CC_OK;
}

static int alias_budget(loader *L, const anchor *a, pos at)
{
	L->alias_total = sat_add(L->alias_total, a->expanded);
	size_t known = L->own > CC_YAML_ALIAS_FLOOR ? L->own : CC_YAML_ALIAS_FLOOR;
	if (L->max_alias && L->alias_total > L->max_alias)
		return fail(L, CC_ELIMIT, at.line, at.col,
			    "aliases expand to more than %zu nodes at *%s: this looks like an alias bomb",
			    L->max_alias, a->name);
	if (!L->max_alias && L->alias_total > known) {
		if (L->ncross == L->cross_cap) {
			L->cross_cap = L->cross_cap ? L->cross_cap * 2 : 16;
			L->cross = cc_realloc(L->cross, L->cross_cap * sizeof(*L->cross));
		}
		crossing c = { L->alias_total, at.line, at.col, a->name };
		L->cross[L->ncross++] = c;
	}
	return CC_OK;
}

static int on_alias(loader *L, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	pos start = mark_pos(L, &ev->start_mark), end = mark_pos(L, &ev->end_mark);
	anchor *a = L->anchors_cap ? anchor_slot(L, name) : NULL;
	if (!a || !a->name)
		return fail(L, CC_EINVALID, start.line, start.col, "unknown anchor '%s' referenced", name);
	if (a->open)
		return fail(L, CC_EINVALID, start.line, start.col, "anchor '%s' value contains itself",
			    name);
	if (L->depth + a->height > L->max_depth)
		return fail(L, CC_ELIMIT, start.line, start.col,
			    "nesting deeper than %zu levels through alias *%s", L->max_depth, name);
	int rc = alias_budget(L, a, start);
	if (rc == CC_OK)
		add_child(L, a->node, a->expanded, a->height, end);
	return rc;
}

/*
 * With the default bound, max(floor, own nodes), the bound is known only at
 * the end; the alias that crossed it is the first whose running total
 * exceeds it, and only aliases over the bound known at the time can be.
 */
static int check_alias_bound(loader *L)
{
	size_t limit = L->own > CC_YAML_ALIAS_FLOOR ? L->own : CC_YAML_ALIAS_FLOOR;
	for (size_t i = 0; i < L->ncross; i++)
		if (L->cross[i].total > limit)
			return fail(L, CC_ELIMIT, L->cross[i].line, L->cross[i].col,
				    "aliases expand to more than %zu nodes at *%s: this looks like an alias bomb",
				    limit, L->cross[i].name);
	return CC_OK;
}

/* ---- libyaml errors ---- */

/*
 * libyaml points at the byte that should have continued a sequence, often
 * a newline or a quote; the byte at fault for a reader is the one that
 * started it, so that is the one named and pointed at.
 */
static int trailing_byte_error(loader *L, size_t off)
{
	const unsigned char *t = (const unsigned char *)L->doc->text;
	size_t lead = off;
	int line, col;
	while (lead > L->bom && (t[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead > L->bom)
		lead--;
	cc_offset_to_linecol(L->doc->text + L->bom, L->doc->len - L->bom, lead - L->bom, &line, &col);
	return fail(L, CC_EINVALID, line, col,
		    "invalid UTF-8 (byte 0x%02x is not followed by a continuation byte)", t[lead]);
}

static int reader_error(loader *L)
{
	const yaml_parser_t *p = &L->parser;
	const unsigned char *t = (const unsigned char *)L->doc->text;
	size_t off = p->problem_offset < L->bom ? L->bom : p->problem_offset;
	unsigned byte = off < L->doc->len ? t[off] : 0;
	const char *problem = p->problem ? p->problem : "cannot read input";
	int line, col;
	cc_offset_to_linecol(L->doc->text + L->bom, L->doc->len - L->bom, off - L->bom, &line, &col);
	if (!strcmp(problem, "invalid leading UTF-8 octet"))
		return fail(L, CC_EINVALID, line, col, "invalid UTF-8 (byte 0x%02x)", byte);
	if (!strcmp(problem, "invalid trailing UTF-8 octet"))
		return trailing_byte_error(L, off);
	if (!strcmp(problem, "incomplete UTF-8 octet sequence"))
		return fail(L, CC_EINVALID, line, col,
			    "invalid UTF-8 (byte 0x%02x starts a sequence cut short by the end of the input)",
			    byte);
	if (!strcmp(problem, "invalid length of a UTF-8 sequence"))
		return fail(L, CC_EINVALID, line, col,
			    "invalid UTF-8 (overlong encoding starting with byte 0x%02x)", byte);
	if (!strcmp(problem, "invalid Unicode character"))
		return fail(L, CC_EINVALID, line, col,
			    "invalid UTF-8 (byte 0x%02x starts the encoding of U+%04X, which is not a character)",
			    byte, (unsigned)p->problem_value);
	if (!strcmp(problem, "control characters are not allowed"))
		return fail(L, CC_EINVALID, line, col, "control character U+%04X%s is not allowed in YAML",
			    (unsigned)p->problem_value, p->problem_value == 0 ? " (a NUL byte)" : "");
	return fail(L, CC_EINVALID, line, col, "%s", problem);
}

static int parser_error(loader *L)
{
	const yaml_parser_t *p = &L->parser;
	if (p->error == YAML_MEMORY_ERROR)
		return fail(L, CC_ERROR, 0, 0, "out of memory while parsing YAML");
	if (p->error == YAML_READER_ERROR)
		return reader_error(L);
	int line = clamp_int(p->problem_mark.line + 1), col = clamp_int(p->problem_mark.column + 1);
	const char *problem = p->problem ? p->problem : "unknown problem parsing YAML content";
	if (!p->context)
		return fail(L, CC_EINVALID, line, col, "%s", problem);
	int cline = clamp_int(p->context_mark.line + 1), ccol = clamp_int(p->context_mark.column + 1);
	if (cline == line && ccol == col)
		return fail(L, CC_EINVALID, line, col, "%s %s", problem, p->context);
	return fail(L, CC_EINVALID, line, col, "%s %s that started at line %d, column %d", problem,
		    p->context, cline, ccol);
}

/* ---- the event loop ---- */

/* helm reads the first document only; whether more follow is all we learn. */
static void look_past_document(loader *L)
{
	yaml_event_t ev;
	if (!yaml_parser_parse(&L->parser, &ev)) {
		L->doc->has_more = 1; /* something follows, if only garbage */
		return;
	}
	L->doc->has_more = ev.type == YAML_DOCUMENT_START_EVENT;
	yaml_event_delete(&ev);
}

/* Anchors are per document (YAML 1.1 §3.2.2.2); the alias budget is not. */
static void forget_anchors(loader *L)
{
	if (L->anchors)
		memset(L->anchors, 0, L->anchors_cap * sizeof(*L->anchors));
	L->nanchors = 0;
}

static int end_document(loader *L, int *done)
{
	cc_yaml_doc *d = L->doc;
	if (d->nroots == 0)
		d->root = L->doc_root;
	d->roots = cc_realloc(d->roots, (d->nroots + 1) * sizeof(*d->roots));
	d->roots[d->nroots++] = L->doc_root;
	L->doc_root = NULL;
	if (L->all_docs) {
		forget_anchors(L);
		d->has_more = 0;
		return CC_OK;
	}
	look_past_document(L);
	*done = 1;
	return CC_OK;
}

static int on_event(loader *L, const yaml_event_t *ev, int *done)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT: return on_scalar(L, ev);
	case YAML_SEQUENCE_START_EVENT: return on_start(L, ev, CC_YAML_SEQ);
	case YAML_MAPPING_START_EVENT: return on_start(L, ev, CC_YAML_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: return on_end(L, ev);
	case YAML_ALIAS_EVENT: return on_alias(L, ev);
	case YAML_DOCUMENT_END_EVENT:
		return end_document(L, done);
	case YAML_STREAM_END_EVENT:
		*done = 1;
		return CC_OK;
	default:
		return CC_OK;
	}
}

static int run(loader *L)
{
	int done = 0, rc = CC_OK;
	if (!yaml_parser_initialize(&L->parser))
		return fail(L, CC_ERROR, 0, 0, "out of memory while parsing YAML");
	yaml_parser_set_input_string(&L->parser, (const unsigned char *)L->doc->text, L->doc->len);
	while (!done && rc == CC_OK) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&L->parser, &ev)) {
			rc = parser_error(L);
			break;
		}
		rc = on_event(L, &ev, &done);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&L->parser);
	if (rc == CC_OK && !L->max_alias)
		rc = check_alias_bound(L);
	return rc;
}

static void loader_free(loader *L)
{
	for (size_t i = 0; i < L->depth; i++)
		free(L->stack[i].keys.slot);
	free(L->stack);
	free(L->kids);
	free(L->anchors);
	free(L->cross);
}

/* Loads from text it takes over: load_file hands its buffer, saving a copy. */
static int load_owned(cc_yaml_doc **out, char *text, size_t len, const char *file,
		      const cc_yaml_opts *opts, cc_error *err)
{
	cc_yaml_doc *doc = cc_calloc(1, sizeof(*doc));
	loader L;
	*out = NULL;
	doc->text = text;
	doc->len = len;
	doc->file = cc_strdup(file ? file : "");
	memset(&L, 0, sizeof(L));
	L.doc = doc;
	L.err = err;
	L.max_depth = opts && opts->max_depth ? opts->max_depth : CC_YAML_DEFAULT_MAX_DEPTH;
	L.max_alias = opts ? opts->max_alias_nodes : 0;
	L.all_docs = opts ? opts->all_documents : 0;
	detect_encoding(&L);
	int rc = run(&L);
	loader_free(&L);
	if (rc != CC_OK) {
		cc_yaml_doc_free(doc);
		return rc;
	}
	*out = doc;
	return CC_OK;
}

int cc_yaml_load(cc_yaml_doc **out, const char *text, size_t len, const char *file,
		 const cc_yaml_opts *opts, cc_error *err)
{
	char *copy = cc_malloc(len + 1);
	if (len)
		memcpy(copy, text, len);
	copy[len] = '\0';
	return load_owned(out, copy, len, file, opts, err);
}

int cc_yaml_load_file(cc_yaml_doc **out, const char *path, size_t max_size,
		      const cc_yaml_opts *opts, cc_error *err)
{
	cc_buf b = CC_BUF_INIT;
	*out = NULL;
	int rc = cc_file_read(path, max_size, &b, err);
	if (rc != CC_OK) {
		cc_buf_free(&b);
		return rc;
	}
	size_t len = b.len;
	return load_owned(out, cc_buf_detach(&b), len, path, opts, err);
}
