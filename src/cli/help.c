/*
 * chartci help [COMMAND|TOPIC], chartci completion SHELL, and the topics.
 *
 * A command's help is whatever its --help prints, got by running it, so
 * `chartci help lint`, the man page and the completion of lint's options
 * cannot disagree with `chartci lint --help`. Topics are sections of docs/,
 * embedded at build time (scripts/embed-docs.sh), or the rule catalogue.
 */
#include "cli/help.h"
#include "cli/markdown.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const char cc_doc_config[];
extern const char cc_doc_rules[];

typedef struct builtin {
	const char *name;
	int (*run)(const cc_cli_table *t, cc_cli *cli, int argc, char **argv);
	void (*help)(FILE *out);
	const char *summary;
} builtin;

static void write_section(FILE *out, int troff, const char *md, const char *heading)
{
	size_t len = 0;
	const char *s = cc_md_section(md, heading, &len);
	if (s)
		cc_md_write(out, s, len, troff);
}

/* docs/config.md up to its environment variables, which are a topic of their own. */
static void topic_config(FILE *out, int troff)
{
	write_section(out, troff, cc_doc_config, NULL);
	write_section(out, troff, cc_doc_config, "## Every key");
	write_section(out, troff, cc_doc_config, "## Precedence");
}

static void topic_environment(FILE *out, int troff)
{
	write_section(out, troff, cc_doc_config, "## Environment");
}

static void topic_exit_codes(FILE *out, int troff)
{
	write_section(out, troff, cc_doc_rules, "## Severities and exit codes");
}

static void topic_rules(FILE *out, int troff)
{
	static const char intro[] = "Every rule id chartci reports, with its default severity; docs/rules.md "
				    "says what each one checks, why, and how to fix what it finds.";
	if (troff)
		fprintf(out, ".PP\n%s\n", intro);
	else
		cc_text_wrap(out, intro, 0, 79);
	for (const cc_rule_info *r = cc_rule_catalog(); r->id; r++) {
		const char *sev = cc_severity_name(r->default_sev);
		if (troff) {
			fputs(".TP\n\\fB", out);
			cc_troff_put(out, r->id, strlen(r->id), 1);
			fprintf(out, "\\fR (%s)\n", sev);
			cc_md_inline(out, r->summary, strlen(r->summary), 1);
			fputc('\n', out);
		} else {
			fprintf(out, "\n  %s (%s)\n", r->id, sev);
			cc_text_wrap(out, r->summary, 6, 79);
		}
	}
}

static const cc_cli_topic topics[] = {
	{ "config", "CONFIGURATION", ".chartci.yaml: every key and what reads it", topic_config },
	{ "environment", "ENVIRONMENT", "the environment variables chartci reads", topic_environment },
	{ "exit-codes", "EXIT STATUS", "what each exit status means, and severities", topic_exit_codes },
	{ "rules", "RULES", "every rule id with its default severity", topic_rules },
	{ NULL, NULL, NULL, NULL }
};

const cc_cli_topic *cc_cli_topics(void)
{
	return topics;
}

static const cc_cli_topic *find_topic(const char *name)
{
	for (const cc_cli_topic *tp = topics; tp->name; tp++)
		if (strcmp(tp->name, name) == 0)
			return tp;
	return NULL;
}

static const cc_command *find_command(const cc_cli_table *t, const char *name)
{
	for (const cc_command *c = t->commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static int is_help_flag(const char *s)
{
	return strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0;
}

static int run_help_of(const cc_command *c, cc_cli *cli)
{
	char *argv[] = { (char *)c->name, "--help", NULL };
	optind = 0; /* the command parses its arguments afresh */
	return c->run(cli, 2, argv);
}

static void help_help(FILE *out)
{
	fprintf(out, "usage: chartci help [COMMAND|TOPIC]\n"
		     "\n"
		     "With no argument, the general help (chartci --help); with a COMMAND, what\n"
		     "`chartci COMMAND --help` prints; with a TOPIC, that topic:\n");
	for (const cc_cli_topic *tp = topics; tp->name; tp++)
		fprintf(out, "  %-12s %s\n", tp->name, tp->summary);
	fprintf(out, "\n"
		     "options:\n"
		     "  -h, --help   this help\n");
}

static void completion_help(FILE *out)
{
	fprintf(out, "usage: chartci completion bash|zsh\n"
		     "\n"
		     "Prints a script that completes chartci's commands and options in the shell.\n"
		     "bash:  source <(chartci completion bash), or install it as\n"
		     "       share/bash-completion/completions/chartci (make install does)\n"
		     "zsh:   install it as _chartci in a directory of $fpath\n"
		     "       (make install: share/zsh/site-functions/_chartci)\n"
		     "\n"
		     "options:\n"
		     "  -h, --help   this help\n");
}

static void topic_list(cc_buf *b)
{
	for (const cc_cli_topic *tp = topics; tp->name; tp++)
		cc_buf_printf(b, "%s%s", tp == topics ? "" : ", ", tp->name);
}

static int help_unknown(const char *name)
{
	cc_buf b = CC_BUF_INIT;
	topic_list(&b);
	int r = cc_cli_usage_error("help", "no command or topic '%s' (see chartci --help; topics: %s)", name, b.ptr);
	cc_buf_free(&b);
	return r;
}

static const builtin *find_builtin(const char *name);

static int help_run(const cc_cli_table *t, cc_cli *cli, int argc, char **argv)
{
	if (argc >= 2 && is_help_flag(argv[1])) {
		help_help(stdout);
		return CC_EXIT_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "--man") == 0)
		return cc_cli_man(t, cli, stdout);
	if (argc > 2)
		return cc_cli_usage_error("help", "one command or topic at most (see chartci help --help)");
	if (argc < 2) {
		t->usage(stdout);
		return CC_EXIT_OK;
	}
	const cc_command *c = find_command(t, argv[1]);
	const builtin *b = find_builtin(argv[1]);
	const cc_cli_topic *tp = find_topic(argv[1]);
	if (c)
		return run_help_of(c, cli);
	if (b)
		b->help(stdout);
	else if (tp)
		tp->write(stdout, 0);
	else
		return help_unknown(argv[1]);
	return CC_EXIT_OK;
}

static int completion_run(const cc_cli_table *t, cc_cli *cli, int argc, char **argv)
{
	if (argc >= 2 && is_help_flag(argv[1])) {
		completion_help(stdout);
		return CC_EXIT_OK;
	}
	if (argc != 2)
		return cc_cli_usage_error("completion", "name a shell: bash or zsh");
	return cc_cli_completion(t, cli, argv[1], stdout);
}

static const builtin builtins[] = {
	{ "help", help_run, help_help, "a command's help, or a topic's (chartci help help)" },
	{ "completion", completion_run, completion_help, "print the bash or zsh completion script" },
	{ NULL, NULL, NULL, NULL }
};

static const builtin *find_builtin(const char *name)
{
	for (const builtin *b = builtins; b->name; b++)
		if (strcmp(b->name, name) == 0)
			return b;
	return NULL;
}

int cc_cli_builtin(const cc_cli_table *t, cc_cli *cli, int argc, char **argv)
{
	const builtin *b = argc > 0 ? find_builtin(argv[0]) : NULL;
	return b ? b->run(t, cli, argc, argv) : -1;
}

void cc_cli_builtins_usage(FILE *out)
{
	for (const builtin *b = builtins; b->name; b++)
		fprintf(out, "  %-14s %s\n", b->name, b->summary);
}

/* What `c --help` prints, caught through a temporary file since commands print with printf. */
static char *capture_stdout(const cc_command *c, cc_cli *cli)
{
	fflush(stdout);
	FILE *tmp = tmpfile();
	int saved = tmp ? dup(STDOUT_FILENO) : -1;
	if (saved < 0 || dup2(fileno(tmp), STDOUT_FILENO) < 0) {
		if (saved >= 0)
			close(saved);
		if (tmp)
			fclose(tmp);
		return NULL;
	}
	int rc = run_help_of(c, cli);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	cc_buf b = CC_BUF_INIT;
	char chunk[4096];
	size_t n;
	rewind(tmp);
	while ((n = fread(chunk, 1, sizeof(chunk), tmp)) > 0)
		cc_buf_put(&b, chunk, n);
	fclose(tmp);
	if (rc != CC_EXIT_OK)
		cc_buf_free(&b);
	return b.ptr ? cc_buf_detach(&b) : NULL;
}

static char *print_to_string(void (*fn)(FILE *out))
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	if (!f)
		return cc_strdup("");
	fn(f);
	fclose(f);
	return s;
}

char *cc_cli_usage_text(const cc_cli_table *t)
{
	return print_to_string(t->usage);
}

/* A --help that does not start with a usage line (version's) documents nothing. */
static char *usage_or_null(char *help)
{
	if (help && strncmp(help, "usage: ", 7) != 0) {
		free(help);
		return NULL;
	}
	return help;
}

size_t cc_cli_entries(const cc_cli_table *t, cc_cli *cli, cc_cli_entry **out)
{
	size_t n = 0, k = 0;
	for (const cc_command *c = t->commands; c->name; c++)
		n++;
	n += sizeof(builtins) / sizeof(builtins[0]) - 1;
	cc_cli_entry *e = cc_calloc(n, sizeof(*e));
	for (const cc_command *c = t->commands; c->name; c++, k++)
		e[k] = (cc_cli_entry){ c->name, c->summary, usage_or_null(capture_stdout(c, cli)) };
	for (const builtin *b = builtins; b->name; b++, k++)
		e[k] = (cc_cli_entry){ b->name, b->summary, print_to_string(b->help) };
	*out = e;
	return n;
}

void cc_cli_entries_free(cc_cli_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(e[i].help);
	free(e);
}
