/*
 * chartci semver check|max|sort|bump ...
 *
 * The semver module on the command line, for scripts and for answering
 * "why does helm not pick this version?" without writing Go: every answer
 * is the one helm's Masterminds/semver would give, and a refusal comes
 * with that library's reasons.
 *
 * Exit status: 0 yes / done, 1 no (a version does not satisfy, nothing
 * satisfies), 2 a bad constraint, version or usage, with its message.
 */
#include "cli/cli.h"
#include "semver/semver.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_INCLUDE_PRE = 2001, OPT_CANONICAL, OPT_REVERSE, OPT_MAJOR, OPT_MINOR, OPT_PATCH,
       OPT_PRERELEASE, OPT_FINALIZE };

typedef struct semver_opts {
	int include_pre;
	int canonical;
	int reverse;
	int parts;           /* how many of --major/--minor/--patch */
	cc_semver_bump_opts bump;
} semver_opts;

static void help(void)
{
	printf("usage: chartci semver check CONSTRAINT VERSION...\n"
	       "       chartci semver max CONSTRAINT VERSION...\n"
	       "       chartci semver sort VERSION...\n"
	       "       chartci semver bump (--major | --minor | --patch) [--prerelease ID] VERSION\n"
	       "       chartci semver bump (--prerelease ID | --finalize) VERSION\n"
	       "\n"
	       "Versions and constraints as helm reads them (Masterminds/semver v3).\n"
	       "  check  exit 0 if every VERSION satisfies CONSTRAINT, else 1 and print why\n"
	       "  max    print the highest VERSION that satisfies CONSTRAINT (exit 1 if none)\n"
	       "  sort   print the VERSIONs in ascending precedence\n"
	       "  bump   print the next version; a leading 'v' is kept\n"
	       "A bad constraint or version exits 2 with helm's message.\n"
	       "\n"
	       "options:\n"
	       "      --include-prerelease  check, max: let prereleases match any constraint\n"
	       "      --canonical           max, sort: print M.m.p[-pre][+meta], not the text given\n"
	       "      --reverse             sort: highest first\n"
	       "      --major, --minor, --patch\n"
	       "                            bump: that part (patch of 1.2.3-rc.1 is 1.2.3)\n"
	       "      --prerelease ID       bump: start ID.1, or continue ID.N to ID.N+1\n"
	       "      --finalize            bump: drop the prerelease (1.3.0-rc.2 -> 1.3.0)\n"
	       "  -q, --quiet               check: print nothing, only the exit status\n"
	       "  -h, --help                this help\n");
}

static int on_opt(void *ctx, int opt, const char *arg)
{
	semver_opts *o = ctx;
	switch (opt) {
	case OPT_INCLUDE_PRE: o->include_pre = 1; return 1;
	case OPT_CANONICAL: o->canonical = 1; return 1;
	case OPT_REVERSE: o->reverse = 1; return 1;
	case OPT_MAJOR: o->bump.part = CC_BUMP_MAJOR; o->parts++; return 1;
	case OPT_MINOR: o->bump.part = CC_BUMP_MINOR; o->parts++; return 1;
	case OPT_PATCH: o->bump.part = CC_BUMP_PATCH; o->parts++; return 1;
	case OPT_PRERELEASE: o->bump.prerelease = arg; return 1;
	case OPT_FINALIZE: o->bump.finalize = 1; return 1;
	default: return 0;
	}
}

/* "(column N)" when the error knows where, for the message line. */
static int bad_input(const char *what, const char *text, const cc_error *err)
{
	char col[32] = "";
	if (err->col > 0)
		snprintf(col, sizeof(col), " (column %d)", err->col);
	fprintf(stderr, "chartci semver: invalid %s \"%s\": %s%s\n", what, text, err->msg, col);
	return CC_EXIT_USAGE;
}

/* Parses every operand; reports each bad one. Returns CC_EXIT_OK or CC_EXIT_USAGE. */
static int parse_versions(char **args, int n, cc_semver **out)
{
	cc_semver *vs = cc_calloc((size_t)n + 1, sizeof(*vs));
	int r = CC_EXIT_OK;
	for (int i = 0; i < n; i++) {
		cc_error err;
		cc_error_clear(&err);
		if (cc_semver_parse(&vs[i], args[i], &err) != CC_OK)
			r = bad_input("version", args[i], &err);
	}
	*out = vs;
	return r;
}

static void free_versions(cc_semver *vs, int n)
{
	for (int i = 0; vs && i < n; i++)
		cc_semver_free(&vs[i]);
	free(vs);
}

static void print_version(const cc_semver *v, int canonical)
{
	if (!canonical) {
		printf("%s\n", v->original);
		return;
	}
	char *s = cc_semver_string(v);
	printf("%s\n", s);
	free(s);
}

static int run_check(const cc_cli *cli, const semver_opts *o, const cc_constraint *c,
		     const cc_semver *vs, int n)
{
	int flags = o->include_pre ? CC_CONSTRAINT_INCLUDE_PRERELEASE : 0, r = CC_EXIT_OK;
	for (int i = 0; i < n; i++) {
		cc_strvec why = CC_STRVEC_INIT;
		if (cc_constraint_validate(c, &vs[i], flags, &why))
			continue;
		r = CC_EXIT_FINDINGS;
		if (!cli->quiet) {
			printf("%s:", vs[i].original);
			for (size_t k = 0; k < why.n; k++)
				printf("%s %s", k ? ";" : "", why.v[k]);
			putchar('\n');
		}
		cc_strvec_free(&why);
	}
	return r;
}

static int run_max(const semver_opts *o, const cc_constraint *c, const cc_semver *vs, int n)
{
	int flags = o->include_pre ? CC_CONSTRAINT_INCLUDE_PRERELEASE : 0;
	long best = cc_semver_max_satisfying(c, vs, (size_t)n, flags);
	if (best < 0) {
		fprintf(stderr, "chartci semver: no version satisfies the constraint\n");
		return CC_EXIT_FINDINGS;
	}
	print_version(&vs[best], o->canonical);
	return CC_EXIT_OK;
}

/* check and max: CONSTRAINT VERSION... */
static int with_constraint(const cc_cli *cli, const semver_opts *o, const char *sub, char **args, int n)
{
	if (n < 2)
		return cc_cli_usage_error("semver", "%s needs a constraint and at least one version", sub);
	cc_constraint c;
	cc_error err;
	cc_error_clear(&err);
	if (cc_constraint_parse(&c, args[0], &err) != CC_OK)
		return bad_input("constraint", args[0], &err);
	cc_semver *vs = NULL;
	int r = parse_versions(args + 1, n - 1, &vs);
	if (r == CC_EXIT_OK)
		r = strcmp(sub, "check") == 0 ? run_check(cli, o, &c, vs, n - 1)
					       : run_max(o, &c, vs, n - 1);
	free_versions(vs, n - 1);
	cc_constraint_free(&c);
	return r;
}

/* Highest first; equal versions keep the order they were given in. */
static void print_descending(const cc_semver *vs, int n, int canonical)
{
	for (int end = n; end > 0;) {
		int start = end - 1;
		while (start > 0 && cc_semver_compare(&vs[start - 1], &vs[end - 1]) == 0)
			start--;
		for (int i = start; i < end; i++)
			print_version(&vs[i], canonical);
		end = start;
	}
}

static int run_sort(const semver_opts *o, char **args, int n)
{
	cc_semver *vs = NULL;
	int r = parse_versions(args, n, &vs);
	if (r == CC_EXIT_OK) {
		cc_semver_sort(vs, (size_t)n);
		if (o->reverse)
			print_descending(vs, n, o->canonical);
		else
			for (int i = 0; i < n; i++)
				print_version(&vs[i], o->canonical);
	}
	free_versions(vs, n);
	return r;
}

static int run_bump(const semver_opts *o, char **args, int n)
{
	if (n != 1)
		return cc_cli_usage_error("semver", "bump takes exactly one version");
	if (o->parts > 1)
		return cc_cli_usage_error("semver", "bump takes one of --major, --minor, --patch");
	cc_semver v, next;
	cc_error err;
	cc_error_clear(&err);
	if (cc_semver_parse(&v, args[0], &err) != CC_OK)
		return bad_input("version", args[0], &err);
	int r = CC_EXIT_OK;
	if (cc_semver_bump(&next, &v, &o->bump, &err) != CC_OK) {
		fprintf(stderr, "chartci semver: %s\n", err.msg);
		r = CC_EXIT_USAGE;
	} else {
		printf("%s\n", next.original);
		cc_semver_free(&next);
	}
	cc_semver_free(&v);
	return r;
}

static const struct option check_opts[] = {
	{ "include-prerelease", no_argument, NULL, OPT_INCLUDE_PRE }, { NULL, 0, NULL, 0 }
};
static const struct option max_opts[] = {
	{ "include-prerelease", no_argument, NULL, OPT_INCLUDE_PRE },
	{ "canonical", no_argument, NULL, OPT_CANONICAL }, { NULL, 0, NULL, 0 }
};
static const struct option sort_opts[] = {
	{ "canonical", no_argument, NULL, OPT_CANONICAL },
	{ "reverse", no_argument, NULL, OPT_REVERSE }, { NULL, 0, NULL, 0 }
};
static const struct option bump_opts[] = {
	{ "major", no_argument, NULL, OPT_MAJOR }, { "minor", no_argument, NULL, OPT_MINOR },
	{ "patch", no_argument, NULL, OPT_PATCH },
	{ "prerelease", required_argument, NULL, OPT_PRERELEASE },
	{ "finalize", no_argument, NULL, OPT_FINALIZE }, { NULL, 0, NULL, 0 }
};

static const struct {
	const char *name;
	const struct option *opts;
} subs[] = {
	{ "check", check_opts }, { "max", max_opts }, { "sort", sort_opts }, { "bump", bump_opts },
};

int cc_cmd_semver(cc_cli *cli, int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		help();
		return CC_EXIT_OK;
	}
	if (argc < 2)
		return cc_cli_usage_error("semver", "name check, max, sort or bump (see chartci semver --help)");
	const char *sub = argv[1];
	size_t k = 0;
	while (k < sizeof(subs) / sizeof(subs[0]) && strcmp(subs[k].name, sub) != 0)
		k++;
	if (k == sizeof(subs) / sizeof(subs[0]))
		return cc_cli_usage_error("semver", "unknown subcommand '%s' (check, max, sort, bump)", sub);
	semver_opts o;
	memset(&o, 0, sizeof(o));
	int r = cc_cli_parse(cli, "semver", argc - 1, argv + 1, "", subs[k].opts, help, on_opt, &o);
	if (r != -1)
		return r;
	char **args = argv + 1 + optind;
	int n = argc - 1 - optind;
	if (strcmp(sub, "sort") == 0)
		return n < 1 ? cc_cli_usage_error("semver", "sort needs at least one version")
			     : run_sort(&o, args, n);
	if (strcmp(sub, "bump") == 0)
		return run_bump(&o, args, n);
	return with_constraint(cli, &o, sub, args, n);
}
