/*
 * helptext: reading the --help texts back, for the man page and completion.
 *
 * Every command prints its help in one layout: usage lines, prose, then
 * entries indented by two to six spaces, "TERM  description", where a TERM
 * of options reads "-x, --exclude GLOB" and a description that does not fit
 * continues on lines indented further. Reading that layout, rather than
 * asking each command for a list, keeps the help the one place an option
 * is described.
 */
#include "cli/help.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int placeholder(const char *s, size_t n)
{
	int upper = 0;
	for (size_t i = 0; i < n; i++) {
		if (islower((unsigned char)s[i]))
			return 0;
		upper |= isupper((unsigned char)s[i]);
	}
	return upper;
}

size_t cc_cli_help_term(const char *s, size_t n, size_t *desc)
{
	int options = n > 0 && s[0] == '-';
	size_t i = 0, end = 0;
	while (i < n) {
		size_t w = i;
		while (w < n && s[w] != ' ')
			w++;
		int term_word = i == 0 || (options && (s[i] == '-' || placeholder(s + i, w - i)));
		if (!term_word)
			break;
		end = w;
		size_t gap = w;
		while (gap < n && s[gap] == ' ')
			gap++;
		i = gap;
		if (gap - w >= 2)
			break;
	}
	*desc = end < n ? i : n;
	return end;
}

static void add_opt(cc_cli_opt **o, size_t *n, const char *name, size_t len, const char *desc, size_t dlen)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen((*o)[i].name) == len && strncmp((*o)[i].name, name, len) == 0)
			return;
	*o = cc_realloc(*o, (*n + 1) * sizeof(**o));
	(*o)[*n] = (cc_cli_opt){ cc_strndup(name, len), 0, cc_strndup(desc, dlen) };
	(*n)++;
}

/* The text of the line at next when it continues an entry (indented further, no option); sets *text. */
static size_t continuation(const char *next, const char **text)
{
	size_t indent = strspn(next, " ");
	size_t n = strcspn(next, "\n");
	if (indent <= 4 || next[indent] == '-' || indent >= n)
		return 0;
	*text = next + indent;
	return n - indent;
}

/* An entry's description: the rest of its line and the lines continuing it. Caller frees. */
static char *entry_desc(const char *s, size_t n, const char *next)
{
	cc_buf b = CC_BUF_INIT;
	cc_buf_put(&b, s, n);
	const char *more;
	for (size_t m; (m = continuation(next, &more)) > 0; next = more + m + (more[m] == '\n')) {
		if (b.len)
			cc_buf_putc(&b, ' ');
		cc_buf_put(&b, more, m);
	}
	return b.ptr ? cc_buf_detach(&b) : cc_strdup("");
}

static void opts_of_line(const char *s, size_t n, const char *next, cc_cli_opt **o, size_t *count)
{
	size_t desc;
	size_t term = cc_cli_help_term(s, n, &desc);
	char *d = entry_desc(s + desc, n - desc, next);
	size_t first = *count;
	int arg = 0;
	for (size_t i = 0; i < term;) {
		size_t w = i;
		while (w < term && s[w] != ' ' && s[w] != ',')
			w++;
		if (s[i] == '-')
			add_opt(o, count, s + i, w - i, d, strlen(d));
		else
			arg = 1;
		i = w + strspn(s + w, ", ");
	}
	for (size_t k = first; k < *count; k++)
		(*o)[k].takes_arg = arg;
	free(d);
}

size_t cc_cli_help_opts(const char *help, cc_cli_opt **out)
{
	size_t count = 0;
	*out = NULL;
	for (const char *line = help; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		size_t indent = strspn(line, " ");
		if (indent > 0 && indent < n && line[indent] == '-')
			opts_of_line(line + indent, n - indent, nl ? nl + 1 : "", out, &count);
		line = nl ? nl + 1 : NULL;
	}
	return count;
}

void cc_cli_opts_free(cc_cli_opt *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(o[i].name);
		free(o[i].desc);
	}
	free(o);
}

void cc_cli_help_subcommands(const char *help, const char *name, cc_strvec *out)
{
	char *prefix = cc_asprintf("chartci %s ", name);
	for (const char *line = help; line && *line && *line != '\n';) {
		const char *at = strstr(line, prefix);
		const char *nl = strchr(line, '\n');
		if (at && (!nl || at < nl)) {
			const char *w = at + strlen(prefix);
			size_t len = strspn(w, "abcdefghijklmnopqrstuvwxyz-");
			char *word = cc_strndup(w, len);
			if (len > 0 && w[0] != '-' && (w[len] == ' ' || w[len] == '\n' || w[len] == '\0') && !cc_strvec_contains(out, word))
				cc_strvec_push_owned(out, word);
			else
				free(word);
		}
		line = nl ? nl + 1 : NULL;
	}
	free(prefix);
}
