/*
 * help: the commands chartci has besides its command table, `help` and
 * `completion`, and the man page. All of them read the table and each
 * command's own --help at run time, so a command added to the table is
 * documented, in the man page and completed with no change here.
 */
#ifndef CC_CLI_HELP_H
#define CC_CLI_HELP_H

#include "cli/cli.h"

#include <stdio.h>

typedef struct cc_cli_table {
	const cc_command *commands; /* NULL-name terminated */
	void (*usage)(FILE *out);   /* what `chartci --help` prints */
} cc_cli_table;

/* Runs argv[0] if it is a built-in command (help, completion); -1 if it is not. */
int cc_cli_builtin(const cc_cli_table *t, cc_cli *cli, int argc, char **argv);

/* The built-in commands' lines for the command list of `chartci --help`. */
void cc_cli_builtins_usage(FILE *out);

/* A command of the table or a built-in one, with the text of its --help. */
typedef struct cc_cli_entry {
	const char *name;
	const char *summary;
	char *help; /* NULL when its --help prints no usage text */
} cc_cli_entry;

/* Every command, the table's first; free with cc_cli_entries_free. */
size_t cc_cli_entries(const cc_cli_table *t, cc_cli *cli, cc_cli_entry **out);
void cc_cli_entries_free(cc_cli_entry *e, size_t n);
/* What t->usage prints, as a string. Caller frees. */
char *cc_cli_usage_text(const cc_cli_table *t);

/* A help topic: text that belongs to no one command. */
typedef struct cc_cli_topic {
	const char *name;
	const char *title; /* its section in the man page */
	const char *summary;
	void (*write)(FILE *out, int troff);
} cc_cli_topic;

/* The topics, NULL-name terminated. */
const cc_cli_topic *cc_cli_topics(void);

/* An option a --help text lists, for completion. */
typedef struct cc_cli_opt {
	char *name;     /* "--format" or "-C" */
	int takes_arg;  /* followed by a placeholder such as FILE */
	char *desc;
} cc_cli_opt;

/*
 * An entry line of a --help text, from its first non-space character: the
 * length of its term ("-x, --exclude GLOB", "lint"); *desc is where the
 * description starts (n when the line has none).
 */
size_t cc_cli_help_term(const char *s, size_t n, size_t *desc);
/* The options a --help text lists, in order; free with cc_cli_opts_free. */
size_t cc_cli_help_opts(const char *help, cc_cli_opt **out);
void cc_cli_opts_free(cc_cli_opt *o, size_t n);
/* The words that follow "chartci NAME" in the usage lines of help (semver: check, max, ...). */
void cc_cli_help_subcommands(const char *help, const char *name, cc_strvec *out);

/* man(7) source for chartci(1). */
int cc_cli_man(const cc_cli_table *t, cc_cli *cli, FILE *out);
/* A completion script for shell ("bash" or "zsh"); CC_EXIT_USAGE for another. */
int cc_cli_completion(const cc_cli_table *t, cc_cli *cli, const char *shell, FILE *out);

#endif
