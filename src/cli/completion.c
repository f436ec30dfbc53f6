/*
 * chartci completion bash|zsh: a completion script written from the command
 * table, each command's --help (its options and, for semver and deps, its
 * subcommands) and the help topics, so it completes whatever this chartci
 * has. `make completions` writes both to build/completions/.
 */
#include "cli/help.h"

#include <stdlib.h>
#include <string.h>

/* What to offer after one command ("" for none yet): options, and other words with descriptions. */
typedef struct comp_case {
	const char *name;
	cc_cli_opt *opts;
	size_t nopts;
	cc_strvec words;
	cc_strvec descs;
} comp_case;

static void add_word(comp_case *c, const char *word, const char *desc)
{
	cc_strvec_push(&c->words, word);
	cc_strvec_push(&c->descs, desc ? desc : "");
}

static void top_case(comp_case *c, const cc_cli_table *t, const cc_cli_entry *e, size_t n)
{
	char *usage = cc_cli_usage_text(t);
	c->name = "";
	c->nopts = cc_cli_help_opts(usage, &c->opts);
	for (size_t i = 0; i < n; i++)
		add_word(c, e[i].name, e[i].summary);
	free(usage);
}

static void entry_case(comp_case *c, const cc_cli_entry *all, size_t n, const cc_cli_entry *e)
{
	c->name = e->name;
	c->nopts = e->help ? cc_cli_help_opts(e->help, &c->opts) : 0;
	cc_strvec subs = CC_STRVEC_INIT;
	if (e->help)
		cc_cli_help_subcommands(e->help, e->name, &subs);
	for (size_t i = 0; i < subs.n; i++)
		add_word(c, subs.v[i], NULL);
	cc_strvec_free(&subs);
	if (strcmp(e->name, "help") == 0) {
		for (size_t i = 0; i < n; i++)
			add_word(c, all[i].name, all[i].summary);
		for (const cc_cli_topic *tp = cc_cli_topics(); tp->name; tp++)
			add_word(c, tp->name, tp->summary);
	} else if (strcmp(e->name, "completion") == 0) {
		add_word(c, "bash", NULL);
		add_word(c, "zsh", NULL);
	}
}

static void case_free(comp_case *c)
{
	cc_cli_opts_free(c->opts, c->nopts);
	cc_strvec_free(&c->words);
	cc_strvec_free(&c->descs);
}

/* Options that take a value, as a shell case pattern: "-C|--format". */
static void arg_pattern(FILE *out, const comp_case *c)
{
	int any = 0;
	for (size_t i = 0; i < c->nopts; i++)
		if (c->opts[i].takes_arg)
			fprintf(out, "%s%s", any++ ? "|" : "", c->opts[i].name);
	if (!any)
		fputs("--", out);
}

/* s in single quotes, for either shell. */
static void squote(FILE *out, const char *s)
{
	fputc('\'', out);
	for (; *s; s++)
		if (*s == '\'')
			fputs("'\\''", out);
		else
			fputc(*s, out);
	fputc('\'', out);
}

static void bash_case(FILE *out, const comp_case *c)
{
	fprintf(out, "\t%s)\n\t\topts=", c->name[0] ? c->name : "''");
	cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < c->nopts; i++)
		cc_buf_printf(&b, "%s%s", i ? " " : "", c->opts[i].name);
	squote(out, b.ptr ? b.ptr : "");
	cc_buf_clear(&b);
	for (size_t i = 0; i < c->words.n; i++)
		cc_buf_printf(&b, "%s%s", i ? " " : "", c->words.v[i]);
	fputs("\n\t\twords=", out);
	squote(out, b.ptr ? b.ptr : "");
	fputs("\n\t\tcase $prev in ", out);
	arg_pattern(out, c);
	fputs(") return ;; esac\n\t\t;;\n", out);
	cc_buf_free(&b);
}

static void bash_script(FILE *out, const comp_case *cases, size_t n)
{
	fputs("# bash completion for chartci, written by `chartci completion bash`.\n"
	      "_chartci()\n"
	      "{\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tlocal cmd='' opts='' words='' i\n"
	      "\tCOMPREPLY=()\n"
	      "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	      "\t\tcase ${COMP_WORDS[i]} in\n"
	      "\t\t", out);
	arg_pattern(out, &cases[0]);
	fputs(") ((i++)) ;;\n"
	      "\t\t-*) ;;\n"
	      "\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
	      "\t\tesac\n"
	      "\tdone\n"
	      "\t# no words: bash falls back to file names (complete -o default)\n"
	      "\tcase $cmd in\n", out);
	for (size_t i = 0; i < n; i++)
		bash_case(out, &cases[i]);
	fputs("\t*) return ;;\n"
	      "\tesac\n"
	      "\tcase $cur in\n"
	      "\t-*) COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\")) ;;\n"
	      "\t*) COMPREPLY=($(compgen -W \"$words\" -- \"$cur\")) ;;\n"
	      "\tesac\n"
	      "}\n"
	      "complete -o default -F _chartci chartci\n", out);
}

static void zsh_list(FILE *out, const char *var, const char *const *names, const char *const *descs, size_t n)
{
	fprintf(out, "\t\t%s=(", var);
	for (size_t i = 0; i < n; i++) {
		char *item = cc_asprintf("%s:%s", names[i], descs[i]);
		fputs(i ? " " : "", out);
		squote(out, item);
		free(item);
	}
	fputs(")\n", out);
}

static void zsh_case(FILE *out, const comp_case *c)
{
	const char **names = cc_calloc(c->nopts + 1, sizeof(*names));
	const char **descs = cc_calloc(c->nopts + 1, sizeof(*descs));
	for (size_t i = 0; i < c->nopts; i++) {
		names[i] = c->opts[i].name;
		descs[i] = c->opts[i].desc;
	}
	fprintf(out, "\t(%s)\n", c->name[0] ? c->name : "''");
	zsh_list(out, "optl", names, descs, c->nopts);
	zsh_list(out, "cands", (const char *const *)c->words.v, (const char *const *)c->descs.v, c->words.n);
	fputs("\t\tcase ${words[CURRENT-1]} in (", out);
	arg_pattern(out, c);
	fputs(") _files; return ;; esac\n\t\t;;\n", out);
	free(names);
	free(descs);
}

static void zsh_script(FILE *out, const comp_case *cases, size_t n)
{
	fputs("#compdef chartci\n"
	      "# zsh completion for chartci, written by `chartci completion zsh`.\n"
	      "_chartci() {\n"
	      "\tlocal cmd='' i\n"
	      "\tlocal -a optl cands\n"
	      "\tfor ((i = 2; i < CURRENT; i++)); do\n"
	      "\t\tcase ${words[i]} in\n"
	      "\t\t(", out);
	arg_pattern(out, &cases[0]);
	fputs(") ((i++)) ;;\n"
	      "\t\t(-*) ;;\n"
	      "\t\t(*) cmd=${words[i]}; break ;;\n"
	      "\t\tesac\n"
	      "\tdone\n"
	      "\tcase $cmd in\n", out);
	for (size_t i = 0; i < n; i++)
		zsh_case(out, &cases[i]);
	fputs("\t(*) _files; return ;;\n"
	      "\tesac\n"
	      "\tif [[ $PREFIX == -* ]]; then\n"
	      "\t\t_describe -t options option optl\n"
	      "\telif (( $#cands )); then\n"
	      "\t\t_describe -t commands command cands\n"
	      "\telse\n"
	      "\t\t_files\n"
	      "\tfi\n"
	      "}\n"
	      "# autoloaded from $fpath it completes at once; sourced, it registers itself\n"
	      "if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then\n"
	      "\t_chartci \"$@\"\n"
	      "else\n"
	      "\tcompdef _chartci chartci\n"
	      "fi\n", out);
}

int cc_cli_completion(const cc_cli_table *t, cc_cli *cli, const char *shell, FILE *out)
{
	int bash = strcmp(shell, "bash") == 0;
	if (!bash && strcmp(shell, "zsh") != 0)
		return cc_cli_usage_error("completion", "no completion for '%s' (bash or zsh)", shell);
	cc_cli_entry *e = NULL;
	size_t n = cc_cli_entries(t, cli, &e);
	comp_case *cases = cc_calloc(n + 1, sizeof(*cases));
	top_case(&cases[0], t, e, n);
	for (size_t i = 0; i < n; i++)
		entry_case(&cases[i + 1], e, n, &e[i]);
	(bash ? bash_script : zsh_script)(out, cases, n + 1);
	for (size_t i = 0; i <= n; i++)
		case_free(&cases[i]);
	free(cases);
	cc_cli_entries_free(e, n);
	return CC_EXIT_OK;
}
