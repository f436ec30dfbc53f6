/*
 * chartci help --man: chartci(1) in man(7), from the general help, each
 * command's --help and the topics, so the man page says what --help says.
 * `make man` writes it to build/chartci.1.
 */
#include "cli/help.h"
#include "cli/markdown.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct help_state {
	FILE *out;
	int in_usage;  /* still in the leading usage lines */
	int para;      /* a paragraph break is due before the next text */
	int in_entry;  /* the last line was part of an indented entry */
} help_state;

static void text(FILE *out, const char *s, size_t n, int minus)
{
	if (n > 0 && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", out);
	cc_troff_put(out, s, n, minus);
	fputc('\n', out);
}

static void usage_line(help_state *S, const char *s, size_t n)
{
	if (strncmp(s, "usage: ", 7) == 0)
		s += 7, n -= 7;
	while (n > 0 && *s == ' ')
		s++, n--;
	text(S->out, s, n, 1);
}

static void entry_line(help_state *S, const char *s, size_t n)
{
	size_t desc;
	size_t term = cc_cli_help_term(s, n, &desc);
	fputs(".TP\n\\fB", S->out);
	cc_troff_put(S->out, s, term, 1);
	fputs("\\fR\n", S->out);
	if (desc < n)
		text(S->out, s + desc, n - desc, 0);
	S->in_entry = 1;
}

static void help_line(help_state *S, const char *s, size_t n, const char *after_usage)
{
	size_t indent = strspn(s, " ");
	if (S->in_usage && n > 0) {
		usage_line(S, s, n);
		return;
	}
	if (S->in_usage) {
		fprintf(S->out, ".fi\n%s", after_usage ? after_usage : "");
		S->in_usage = 0;
	}
	if (n == 0) {
		S->para = 1;
		return;
	}
	if (indent > 0 && (indent <= 4 || s[indent] == '-')) {
		entry_line(S, s + indent, n - indent);
	} else if (indent > 0 && S->in_entry) {
		text(S->out, s + indent, n - indent, 0);
	} else {
		if (S->para || S->in_entry)
			fputs(".PP\n", S->out);
		text(S->out, s + indent, n - indent, 0);
		S->in_entry = 0;
	}
	S->para = 0;
}

/* A --help text: its usage lines unfilled, prose as paragraphs, entries as tagged paragraphs. */
static void help_troff(FILE *out, const char *help, const char *after_usage)
{
	help_state S = { out, 1, 0, 0 };
	fputs(".nf\n", out);
	for (const char *line = help; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		help_line(&S, line, n, after_usage);
		line = nl ? nl + 1 : NULL;
	}
	if (S.in_usage)
		fputs(".fi\n", out);
}

/* The general help's one line about chartci, for NAME. */
static void name_line(FILE *out, const char *usage)
{
	const char *s = strstr(usage, "\n\n");
	s = s ? s + 2 : "";
	size_t n = strcspn(s, "\n");
	fputs("chartci \\- ", out);
	if (n > 0)
		fputc(tolower((unsigned char)s[0]), out);
	text(out, s + (n > 0), n - (n > 0), 0);
}

static void commands_troff(FILE *out, const cc_cli_entry *e, size_t n)
{
	fputs(".SH COMMANDS\n", out);
	for (size_t i = 0; i < n; i++) {
		fputs(".SS ", out);
		text(out, e[i].name, strlen(e[i].name), 1);
		if (e[i].help)
			help_troff(out, e[i].help, NULL);
		else
			text(out, e[i].summary, strlen(e[i].summary), 0);
	}
}

int cc_cli_man(const cc_cli_table *t, cc_cli *cli, FILE *out)
{
	char *usage = cc_cli_usage_text(t);
	cc_cli_entry *e = NULL;
	size_t n = cc_cli_entries(t, cli, &e);
	fprintf(out, ".TH CHARTCI 1 \"\" \"chartci %s\" \"User Commands\"\n.SH NAME\n", CHARTCI_VERSION);
	name_line(out, usage);
	fputs(".SH SYNOPSIS\n", out);
	help_troff(out, usage, ".SH DESCRIPTION\n");
	commands_troff(out, e, n);
	for (const cc_cli_topic *tp = cc_cli_topics(); tp->name; tp++) {
		fprintf(out, ".SH %s\n", tp->title);
		tp->write(out, 1);
	}
	fputs(".SH SEE ALSO\n.BR helm (1),\n.BR git (1)\n", out);
	cc_cli_entries_free(e, n);
	free(usage);
	return CC_EXIT_OK;
}
