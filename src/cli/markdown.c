/*
 * markdown: docs/ rendered for `chartci help TOPIC` and the man page.
 */
#include "cli/markdown.h"
#include "base/base.h"

#include <string.h>

typedef struct md_state {
	FILE *out;
	int troff;
	int in_code;
	int blank;          /* the last line written was empty (text) or a paragraph break */
	cc_strvec header;   /* the current table's column names */
} md_state;

static int starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

const char *cc_md_section(const char *md, const char *heading, size_t *len)
{
	const char *start = md;
	size_t level = 2;
	if (heading) {
		size_t hl = strlen(heading);
		for (start = md; start; start = strchr(start, '\n'), start = start ? start + 1 : NULL)
			if (strncmp(start, heading, hl) == 0 && (start[hl] == '\n' || start[hl] == '\0'))
				break;
		if (!start)
			return NULL;
		level = strspn(heading, "#");
		start = strchr(start, '\n');
		start = start ? start + 1 : md + strlen(md);
	}
	const char *end = start;
	int code = 0; /* a "# comment" in a fenced block is no heading */
	while (*end) {
		size_t hashes = strspn(end, "#");
		code ^= strncmp(end, "```", 3) == 0;
		if (!code && hashes > 0 && hashes <= level && end[hashes] == ' ' && end != md)
			break;
		const char *nl = strchr(end, '\n');
		end = nl ? nl + 1 : end + strlen(end);
	}
	*len = (size_t)(end - start);
	return start;
}

/* Decodes one UTF-8 sequence at s; returns its length (1 for a stray byte). */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;
	if (len > n)
		len = 1;
	*cp = len == 1 ? s[0] : s[0] & (0x3f >> (len - 1));
	for (size_t i = 1; i < len; i++)
		*cp = (*cp << 6) | (s[i] & 0x3f);
	return len;
}

void cc_troff_put(FILE *out, const char *s, size_t n, int minus)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			unsigned cp;
			i += utf8_decode((const unsigned char *)s + i, n - i, &cp);
			fprintf(out, "\\[u%04X]", cp);
			continue;
		}
		if (c == '\\')
			fputs("\\e", out);
		else if (c == '-' && minus)
			fputs("\\-", out);
		else
			fputc(c, out);
		i++;
	}
}

void cc_md_inline(FILE *out, const char *s, size_t n, int troff)
{
	if (troff && n > 0 && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", out);
	int bold = 0, code = 0;
	for (size_t i = 0; i < n;) {
		int star2 = i + 1 < n && s[i] == '*' && s[i + 1] == '*' && !code;
		if (star2 || (s[i] == '`' && troff)) {
			code ^= s[i] == '`';
			i += star2 ? 2 : 1;
			if (troff)
				fputs((bold = !bold) ? "\\fB" : "\\fR", out);
			continue;
		}
		/* a run up to the next possible mark, so multibyte characters stay whole */
		size_t j = i + 1;
		while (j < n && s[j] != '`' && s[j] != '*')
			j++;
		if (troff)
			cc_troff_put(out, s + i, j - i, code);
		else
			fwrite(s + i, 1, j - i, out);
		i = j;
	}
	if (troff && bold)
		fputs("\\fR", out);
}

void cc_text_wrap(FILE *out, const char *s, int indent, int width)
{
	int col = 0;
	while (*s) {
		size_t w = strcspn(s, " ");
		if (col > indent && col + 1 + (int)w > width) {
			fputc('\n', out);
			col = 0;
		}
		if (col == 0)
			col = fprintf(out, "%*s", indent, "");
		else
			col += fprintf(out, " ");
		col += (int)fwrite(s, 1, w, out);
		s += w;
		s += strspn(s, " ");
	}
	fputc('\n', out);
}

static void split_cells(const char *s, size_t n, cc_strvec *cells)
{
	const char *end = s + n;
	s += (s < end && *s == '|');
	while (s < end) {
		const char *bar = memchr(s, '|', (size_t)(end - s));
		const char *stop = bar ? bar : end;
		const char *a = s, *b = stop;
		while (a < b && *a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		if (bar || a < b)
			cc_strvec_push_owned(cells, cc_strndup(a, (size_t)(b - a)));
		s = bar ? bar + 1 : end;
	}
}

static int separator_row(const cc_strvec *cells)
{
	for (size_t i = 0; i < cells->n; i++)
		if (cells->v[i][0] == '\0' || strspn(cells->v[i], "-: ") != strlen(cells->v[i]))
			return 0;
	return cells->n > 0;
}

/* One table row: its first cell as the term, "column: cell" for the rest. */
static void table_row(md_state *S, const cc_strvec *cells)
{
	cc_buf body = CC_BUF_INIT;
	for (size_t i = 1; i < cells->n; i++)
		cc_buf_printf(&body, "%s%s: %s", i > 1 ? "; " : "", i < S->header.n ? S->header.v[i] : "", cells->v[i]);
	const char *text = body.ptr ? body.ptr : "";
	if (S->troff) {
		fputs(".TP\n", S->out);
		cc_md_inline(S->out, cells->v[0], strlen(cells->v[0]), 1);
		fputc('\n', S->out);
		cc_md_inline(S->out, text, strlen(text), 1);
		fputc('\n', S->out);
	} else {
		fprintf(S->out, "  %s\n", cells->v[0]);
		cc_text_wrap(S->out, text, 6, 79);
	}
	cc_buf_free(&body);
}

static void table_line(md_state *S, const char *s, size_t n)
{
	cc_strvec cells = CC_STRVEC_INIT;
	split_cells(s, n, &cells);
	if (S->header.n == 0)
		S->header = cells;
	else {
		if (!separator_row(&cells))
			table_row(S, &cells);
		cc_strvec_free(&cells);
	}
	S->blank = 0;
}

static void code_line(md_state *S, const char *s, size_t n)
{
	if (starts(s, n, "```")) {
		S->in_code = 0;
		fputs(S->troff ? ".fi\n.RE\n" : "", S->out);
		return;
	}
	if (S->troff) {
		if (n > 0 && (s[0] == '.' || s[0] == '\''))
			fputs("\\&", S->out);
		cc_troff_put(S->out, s, n, 1);
		fputc('\n', S->out);
	} else {
		fprintf(S->out, "%s%.*s\n", n ? "    " : "", (int)n, s);
	}
}

static void blank_line(md_state *S)
{
	if (!S->blank)
		fputs(S->troff ? ".PP\n" : "\n", S->out);
	S->blank = 1;
}

static void heading_line(md_state *S, const char *s, size_t n)
{
	size_t hashes = strspn(s, "#");
	if (hashes == 1 || hashes >= n)
		return;
	s += hashes + 1;
	n -= hashes + 1;
	fputs(S->troff ? ".SS " : "", S->out);
	cc_md_inline(S->out, s, n, S->troff);
	fputs(S->troff ? "\n" : ":\n", S->out);
	S->blank = S->troff;
}

static void text_line(md_state *S, const char *s, size_t n)
{
	if (S->troff && starts(s, n, "- ")) {
		fputs(".IP \\(bu 2\n", S->out);
		s += 2;
		n -= 2;
	}
	if (S->troff)
		while (n > 0 && *s == ' ')
			s++, n--;
	cc_md_inline(S->out, s, n, S->troff);
	fputc('\n', S->out);
	S->blank = 0;
}

static void md_line(md_state *S, const char *s, size_t n)
{
	if (S->in_code) {
		code_line(S, s, n);
		return;
	}
	if (!starts(s, n, "|"))
		cc_strvec_free(&S->header);
	if (starts(s, n, "```")) {
		S->in_code = 1;
		fputs(S->troff ? ".PP\n.RS 4\n.nf\n" : "", S->out);
		S->blank = 0;
	} else if (starts(s, n, "|"))
		table_line(S, s, n);
	else if (n == 0)
		blank_line(S);
	else if (starts(s, n, "#"))
		heading_line(S, s, n);
	else if (!starts(s, n, "---"))
		text_line(S, s, n);
}

void cc_md_write(FILE *out, const char *md, size_t len, int troff)
{
	md_state S = { out, troff, 0, 1, CC_STRVEC_INIT };
	const char *end = md + len;
	while (md < end) {
		const char *nl = memchr(md, '\n', (size_t)(end - md));
		size_t n = nl ? (size_t)(nl - md) : (size_t)(end - md);
		md_line(&S, md, n);
		md += n + (nl != NULL);
	}
	cc_strvec_free(&S.header);
}
