/*
 * markdown: the subset of Markdown that docs/ is written in, for the
 * terminal and for troff, so `chartci help TOPIC` and the man page print
 * the documentation itself rather than a copy that would drift from it.
 *
 * Handled: headings, paragraphs, "- " lists, fenced code, pipe tables and
 * `code` / **bold** spans. A table becomes one entry per row: its first
 * cell, then "column: cell" for the others, since neither a terminal nor
 * man(7) without tbl lays out wide tables well.
 */
#ifndef CC_CLI_MARKDOWN_H
#define CC_CLI_MARKDOWN_H

#include <stddef.h>
#include <stdio.h>

/*
 * The body of the section whose heading line is `heading` ("## Environment"),
 * up to the next heading of the same or a higher level; NULL: from the start
 * to the first "## " heading. Sets *len; NULL when there is no such heading.
 */
const char *cc_md_section(const char *md, const char *heading, size_t *len);

/* Writes md[0..len) as plain text (troff 0) or as man(7) requests (troff 1). */
void cc_md_write(FILE *out, const char *md, size_t len, int troff);

/* One line of inline Markdown: **bold** marks dropped and `code` kept (text), both bold (troff). */
void cc_md_inline(FILE *out, const char *s, size_t n, int troff);

/* Escapes s[0..n) for troff: backslashes, non-ASCII as \[uXXXX], '-' as \- when minus. */
void cc_troff_put(FILE *out, const char *s, size_t n, int minus);

/* Prints s word-wrapped to `width` columns, each line indented by `indent`. */
void cc_text_wrap(FILE *out, const char *s, int indent, int width);

#endif
