/*
 * events.c: libyaml's events as the flat stream decode.c walks.
 *
 * Only the first document is read, as go-yaml's Unmarshal reads only the
 * first (text after it is never even parsed). Aliases are replayed from a
 * recording of their anchored node, which is kept only while some anchor is
 * open, so memory follows what the file anchors, not the file. Replayed
 * events are counted against max(CC_INDEX_ALIAS_FLOOR, events parsed), so
 * a billion-laughs document stops early with CC_ELIMIT.
 */
#include "index/index_int.h"

#include <stdlib.h>
#include <string.h>

int ix_src_init(ix_src *s, const char *data, size_t len, const char *file)
{
	memset(s, 0, sizeof(*s));
	s->file = file;
	s->max_depth = CC_INDEX_MAX_DEPTH;
	if (!yaml_parser_initialize(&s->parser))
		return CC_ERROR;
	s->parser_ok = 1;
	yaml_parser_set_input_string(&s->parser, (const unsigned char *)data, len);
	return CC_OK;
}

void ix_src_free(ix_src *s)
{
	if (s->parser_ok)
		yaml_parser_delete(&s->parser);
	for (size_t i = 0; i < s->nanchors; i++)
		free(s->anchors[i].name);
	free(s->anchors);
	free(s->rec);
	cc_buf_free(&s->rec_text);
	cc_buf_free(&s->text);
}

static int hard_error(ix_src *s, cc_error *err, int code, int line, int col, const char *msg)
{
	s->hard = 1;
	return cc_error_set(err, code, s->file, line, col, "%s", msg);
}

static int parser_error(ix_src *s, cc_error *err)
{
	const yaml_parser_t *p = &s->parser;
	yaml_mark_t m = p->problem ? p->problem_mark : p->context_mark;
	char msg[512];
	snprintf(msg, sizeof(msg), "not valid YAML: %s%s%s", p->problem ? p->problem : "syntax error",
		 p->context ? " " : "", p->context ? p->context : "");
	return hard_error(s, err, CC_EINVALID, (int)m.line + 1, (int)m.column + 1, msg);
}

/* go-yaml v2's decision for a tagged scalar: known core tags, else a string. */
static cc_yaml_type tagged_type(const char *tag)
{
	static const struct { const char *suffix; cc_yaml_type t; } tags[] = {
		{ "str", CC_YAML_T_STR }, { "int", CC_YAML_T_INT }, { "float", CC_YAML_T_FLOAT },
		{ "bool", CC_YAML_T_BOOL }, { "null", CC_YAML_T_NULL },
		{ "timestamp", CC_YAML_T_TIMESTAMP }, { "binary", CC_YAML_T_BINARY },
	};
	const char *suffix = NULL;
	if (strncmp(tag, "tag:yaml.org,2002:", 18) == 0)
		suffix = tag + 18;
	else if (strncmp(tag, "!!", 2) == 0)
		suffix = tag + 2;
	for (size_t i = 0; suffix && i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strcmp(suffix, tags[i].suffix) == 0)
			return tags[i].t;
	return CC_YAML_T_STR;
}

static void scalar_event(ix_src *s, const yaml_event_t *ev, ix_ev *e)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	cc_buf_clear(&s->text);
	cc_buf_put(&s->text, v, n);
	e->val = s->text.ptr;
	e->len = n;
	if (tag && strcmp(tag, "!") != 0)
		e->type = tagged_type(tag);
	else
		e->type = plain && !tag ? cc_yaml_resolve_plain(v, n) : CC_YAML_T_STR;
	e->merge = ix_is_merge_key(plain, tag, v, n);
}

int ix_is_merge_key(int plain, const char *tag, const char *v, size_t n)
{
	return plain && !tag && n == 2 && v[0] == '<' && v[1] == '<';
}

static void record(ix_src *s, const ix_ev *e)
{
	if (s->nrec == s->caprec) {
		s->caprec = s->caprec ? s->caprec * 2 : 256;
		s->rec = cc_realloc(s->rec, s->caprec * sizeof(*s->rec));
	}
	ix_rec *r = &s->rec[s->nrec++];
	r->kind = e->kind;
	r->type = e->type;
	r->merge = e->merge;
	r->line = e->line;
	r->col = e->col;
	r->off = s->rec_text.len;
	r->len = e->kind == IX_SCALAR ? e->len : 0;
	if (e->kind == IX_SCALAR) {
		cc_buf_put(&s->rec_text, e->val, e->len);
		cc_buf_putc(&s->rec_text, '\0');
	}
}

/* Closes the recordings whose node just ended; with none open the recording can go. */
static void close_recordings(ix_src *s)
{
	while (s->nopen > 0 && s->open[s->nopen - 1].depth == s->depth) {
		s->anchors[s->open[s->nopen - 1].anchor].end = s->nrec;
		s->nopen--;
	}
}

static int open_anchor(ix_src *s, const char *name, const ix_ev *e, cc_error *err)
{
	if (s->nopen == sizeof(s->open) / sizeof(s->open[0]))
		return hard_error(s, err, CC_ELIMIT, e->line, e->col, "too many nested anchors");
	if (s->nanchors == s->capanchors) {
		s->capanchors = s->capanchors ? s->capanchors * 2 : 16;
		s->anchors = cc_realloc(s->anchors, s->capanchors * sizeof(*s->anchors));
	}
	ix_anchor *a = &s->anchors[s->nanchors];
	a->name = cc_strdup(name);
	a->start = s->nrec;
	a->end = 0;
	s->open[s->nopen].anchor = s->nanchors++;
	s->open[s->nopen++].depth = s->depth;
	return CC_OK;
}

static int start_replay(ix_src *s, const char *name, int line, int col, cc_error *err)
{
	for (size_t i = s->nanchors; i-- > 0;) {
		if (strcmp(s->anchors[i].name, name) != 0)
			continue;
		if (s->anchors[i].end == 0)
			return hard_error(s, err, CC_EINVALID, line, col,
					  "anchor value contains itself (helm refuses the index)");
		s->replay[0].pos = s->anchors[i].start;
		s->replay[0].end = s->anchors[i].end;
		s->nreplay = 1;
		s->alias.anchor = i;
		s->alias.line = line;
		s->alias.col = col;
		return CC_OK;
	}
	char msg[300];
	snprintf(msg, sizeof(msg), "unknown anchor '%.200s' referenced", name);
	return hard_error(s, err, CC_EINVALID, line, col, msg);
}

static void from_record(ix_src *s, ix_ev *e)
{
	const ix_rec *r = &s->rec[s->replay[0].pos++];
	if (s->replay[0].pos == s->replay[0].end)
		s->nreplay = 0;
	e->kind = r->kind;
	e->type = r->type;
	e->merge = r->merge;
	e->line = r->line;
	e->col = r->col;
	e->len = r->len;
	if (r->kind == IX_SCALAR) {
		cc_buf_clear(&s->text);
		cc_buf_put(&s->text, s->rec_text.ptr + r->off, r->len);
		e->val = s->text.ptr;
	} else {
		e->val = NULL;
	}
}

/* One libyaml event as an ix_ev; *anchor is set for anchored nodes, *alias for aliases. */
static int convert(ix_src *s, const yaml_event_t *ev, ix_ev *e, const char **anchor, const char **alias)
{
	e->line = (int)ev->start_mark.line + 1;
	e->col = (int)ev->start_mark.column + 1;
	e->val = NULL;
	e->len = 0;
	e->merge = 0;
	e->type = CC_YAML_T_NULL;
	*anchor = *alias = NULL;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		e->kind = IX_SCALAR;
		scalar_event(s, ev, e);
		*anchor = (const char *)ev->data.scalar.anchor;
		return 1;
	case YAML_MAPPING_START_EVENT:
		e->kind = IX_MAP;
		*anchor = (const char *)ev->data.mapping_start.anchor;
		return 1;
	case YAML_SEQUENCE_START_EVENT:
		e->kind = IX_SEQ;
		*anchor = (const char *)ev->data.sequence_start.anchor;
		return 1;
	case YAML_MAPPING_END_EVENT:
		e->kind = IX_MAP_END;
		return 1;
	case YAML_SEQUENCE_END_EVENT:
		e->kind = IX_SEQ_END;
		return 1;
	case YAML_ALIAS_EVENT:
		*alias = (const char *)ev->data.alias.anchor;
		return 0;
	case YAML_DOCUMENT_END_EVENT:
	case YAML_STREAM_END_EVENT:
		e->kind = IX_END;
		s->done = 1;
		return 1;
	default:
		return 0; /* stream and document starts */
	}
}

static void track_depth(ix_src *s, const ix_ev *e)
{
	if (e->kind == IX_MAP || e->kind == IX_SEQ)
		s->depth++;
	else if (e->kind == IX_MAP_END || e->kind == IX_SEQ_END)
		s->depth--;
}

static int replayed(ix_src *s, ix_ev *e, cc_error *err)
{
	size_t limit = s->parsed > CC_INDEX_ALIAS_FLOOR ? s->parsed : CC_INDEX_ALIAS_FLOOR;
	from_record(s, e);
	if (++s->expanded <= limit)
		return CC_OK;
	char msg[300];
	snprintf(msg, sizeof(msg), "aliases expand to more than %zu nodes at *%.200s: this looks like an alias bomb",
		 limit, s->anchors[s->alias.anchor].name);
	return hard_error(s, err, CC_ELIMIT, s->alias.line, s->alias.col, msg);
}

/* The next event from libyaml, with anchors opened and aliases started. */
static int parsed(ix_src *s, ix_ev *e, int *again, cc_error *err)
{
	yaml_event_t ev;
	const char *anchor, *alias;
	if (!yaml_parser_parse(&s->parser, &ev))
		return parser_error(s, err);
	s->parsed++;
	int rc = CC_OK;
	*again = !convert(s, &ev, e, &anchor, &alias);
	if (alias)
		rc = start_replay(s, alias, e->line, e->col, err);
	else if (anchor && !*again)
		rc = open_anchor(s, anchor, e, err);
	yaml_event_delete(&ev);
	return rc;
}

int ix_next(ix_src *s, ix_ev *e, cc_error *err)
{
	if (s->hard)
		return CC_EINVALID;
	int again = 1, rc = CC_OK;
	while (again) {
		again = 0;
		if (s->done) {
			e->kind = IX_END;
			return CC_OK;
		}
		rc = s->nreplay ? replayed(s, e, err) : parsed(s, e, &again, err);
		if (rc != CC_OK)
			return rc;
	}
	track_depth(s, e);
	if (s->depth > s->max_depth)
		return hard_error(s, err, CC_ELIMIT, e->line, e->col, "nesting deeper than 1000 levels");
	if (s->nopen > 0 && e->kind != IX_END)
		record(s, e);
	close_recordings(s);
	return CC_OK;
}

int ix_skip_to(ix_src *s, size_t depth, cc_error *err)
{
	ix_ev e;
	while (s->depth > depth) {
		int rc = ix_next(s, &e, err);
		if (rc != CC_OK)
			return rc;
		if (e.kind == IX_END)
			break;
	}
	return CC_OK;
}
