/*
 * cli: the chartci command line over libchartci.
 *
 * The only global state in chartci is the parsed command line, held in one
 * cc_cli passed to every command. Commands load, check and collect findings
 * through the library, then print once through the report module; the exit
 * code follows from what was found:
 *   0  clean (nothing at or above the failing severity)
 *   1  findings at or above the failing severity
 *   2  usage or environment error (bad option, unreadable config, no such path)
 */
#ifndef CC_CLI_H
#define CC_CLI_H

#include "base/base.h"
#include "report/report.h"
#include "yaml/yaml.h"

enum { CC_EXIT_OK = 0, CC_EXIT_FINDINGS = 1, CC_EXIT_USAGE = 2 };

/* How the network is reached: --ca-file, --cert-file, --key-file,
 * --insecure-skip-tls-verify and --timeout, on the commands that take them. */
typedef struct cc_cli_tls {
	const char *ca_file, *cert_file, *key_file;
	const char *timeout;      /* seconds, as given */
	int insecure;
} cc_cli_tls;

typedef struct cc_cli {
	const char *dir;          /* -C: run as if started here */
	const char *config_path;  /* --config, else <root>/.chartci.yaml if present */
	cc_format format;
	int color;                /* resolved: 1 only for a TTY unless forced */
	int quiet;
	int verbose;
	cc_severity fail_on;      /* --strict lowers it to warning */
	int fail_on_set;          /* by a flag: fail-on in .chartci.yaml and CHARTCI_FAIL_ON yield */
	char *root;               /* repository root (git work tree) or the working directory */
	cc_yaml_doc *config;      /* .chartci.yaml, or NULL */
	cc_cli_tls tls;
	cc_strvec warned;         /* warnings printed: each once per run, whatever stage says it again */
} cc_cli;

typedef struct cc_command {
	const char *name;
	int (*run)(cc_cli *cli, int argc, char **argv);
	const char *summary;
} cc_command;

int cc_cmd_lint(cc_cli *cli, int argc, char **argv);
int cc_cmd_lock(cc_cli *cli, int argc, char **argv);
int cc_cmd_deps(cc_cli *cli, int argc, char **argv);
int cc_cmd_bump(cc_cli *cli, int argc, char **argv);
int cc_cmd_changed(cc_cli *cli, int argc, char **argv);
int cc_cmd_check_version(cc_cli *cli, int argc, char **argv);
int cc_cmd_list(cc_cli *cli, int argc, char **argv);
int cc_cmd_files(cc_cli *cli, int argc, char **argv);
int cc_cmd_package(cc_cli *cli, int argc, char **argv);
int cc_cmd_publish(cc_cli *cli, int argc, char **argv);
int cc_cmd_ci(cc_cli *cli, int argc, char **argv);
int cc_cmd_hook(cc_cli *cli, int argc, char **argv);
int cc_cmd_verify(cc_cli *cli, int argc, char **argv);
int cc_cmd_index(cc_cli *cli, int argc, char **argv);
int cc_cmd_version(cc_cli *cli, int argc, char **argv);
int cc_cmd_semver(cc_cli *cli, int argc, char **argv);

/*
 * Handles an option every command accepts (--format, --quiet, --color,
 * --config, --strict, --fail-on, --verbose). Returns 1 if `opt` was one of
 * them, 0 if not, -1 after printing a usage error.
 */
int cc_cli_common_opt(cc_cli *cli, int opt, const char *arg);
/* The long options behind cc_cli_common_opt, to append to a command's table. */
#define CC_CLI_COMMON_LONGOPTS                                   \
	{ "format", required_argument, NULL, 'f' },              \
	{ "quiet", no_argument, NULL, 'q' },                     \
	{ "color", required_argument, NULL, 1001 },              \
	{ "config", required_argument, NULL, 1002 },             \
	{ "strict", no_argument, NULL, 1003 },                   \
	{ "fail-on", required_argument, NULL, 1004 },            \
	{ "verbose", no_argument, NULL, 'v' }
#define CC_CLI_COMMON_SHORTOPTS "f:qv"
#define CC_CLI_COMMON_HELP                                                              \
	"  -f, --format FMT   text (default), json, github or sarif\n"                      \
	"  -q, --quiet        no summary line\n"                                             \
	"      --color WHEN   auto (default: on a terminal only), always, never\n"          \
	"      --strict       warnings fail too (same as --fail-on warning)\n"               \
	"      --fail-on SEV  lowest severity that fails: error (default), warning, info\n"  \
	"      --config FILE  configuration (default: .chartci.yaml at the repository root)\n"

/* The options behind cc_cli_tls, for the commands that reach the network
 * (cc_cli_common_opt handles them). */
#define CC_CLI_TLS_LONGOPTS                                              \
	{ "ca-file", required_argument, NULL, 1010 },                    \
	{ "cert-file", required_argument, NULL, 1011 },                  \
	{ "key-file", required_argument, NULL, 1012 },                   \
	{ "insecure-skip-tls-verify", no_argument, NULL, 1013 },         \
	{ "timeout", required_argument, NULL, 1014 }
#define CC_CLI_TLS_HELP                                                                       \
	"      --ca-file FILE  trust the CAs in this PEM file for HTTPS (default:\n"               \
	"                     $CHARTCI_CA_FILE, else the system's); a repository with TLS\n"      \
	"                     settings of its own in .chartci.yaml keeps them\n"                   \
	"      --cert-file FILE  client certificate (PEM) for HTTPS; with --key-file\n"             \
	"      --key-file FILE  the client certificate's private key (PEM)\n"                       \
	"      --insecure-skip-tls-verify  do not verify HTTPS certificates (a warning\n"          \
	"                     names each host; $CHARTCI_INSECURE_SKIP_TLS_VERIFY=true);\n"         \
	"                     a repository with TLS settings of its own keeps them\n"              \
	"      --timeout SECONDS  give up on a request after this long (default:\n"               \
	"                     $CHARTCI_TIMEOUT, else timeout in .chartci.yaml, else 300);\n"      \
	"                     no data for 30 s (or SECONDS, if less) is a stall\n"

struct option;
/* A command's own option: returns 1 if handled, 0 if unknown, -1 on a usage error (printed). */
typedef int (*cc_cli_optfn)(void *ctx, int opt, const char *arg);

/*
 * Parses a command's arguments: its own options (`shortopts`, `longopts`
 * terminated by a zero entry, handled by fn) plus --help and the common
 * ones. Then runs cc_cli_setup. Returns -1 to go on (optind points at the
 * first operand), or the exit code to return at once.
 */
int cc_cli_parse(cc_cli *cli, const char *cmd, int argc, char **argv, const char *shortopts,
		 const struct option *longopts, void (*help)(void), cc_cli_optfn fn, void *ctx);

/* Prints a usage error ("chartci lint: ...") and returns CC_EXIT_USAGE. */
int cc_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints an environment error with its position and returns CC_EXIT_USAGE. */
int cc_cli_env_error(const char *cmd, const cc_error *err);

/* Finds the repository root and loads the configuration; CC_EXIT_* on failure. */
int cc_cli_setup(cc_cli *cli, const char *cmd);

/*
 * The password for --username: the first line of stdin with
 * --password-stdin, else $CHARTCI_PASSWORD (never an argument, which `ps`
 * shows). -1 to go on, or the exit code of a usage error.
 */
int cc_cli_password(const char *cmd, int from_stdin, const char *username, char **out);

/* Prints findings in the chosen format and returns the exit code they mean. */
int cc_cli_report(cc_cli *cli, cc_findings *fs, size_t charts);

/*
 * .chartci.yaml, read where it is used (src/cli/config.c). Each looks `key`
 * up in `parent` (NULL: the top level); an absent or null key gives *out =
 * NULL and 0; a value of the wrong kind an error at its position that says
 * it must be `want`.
 */
int cc_cli_config_get(const cc_cli *cli, const cc_yaml_node *parent, const char *key, cc_yaml_kind kind,
		      const char *want, const cc_yaml_node **out, cc_error *err);
/* A list of non-empty strings. */
int cc_cli_config_list(const cc_cli *cli, const cc_yaml_node *parent, const char *key,
		       const cc_yaml_node **out, cc_error *err);
/* 1 when `key` of the mapping (which may be NULL) is the boolean true. */
int cc_cli_config_flag(const cc_yaml_node *map, const char *key);
/* A mapping whose values are non-empty strings. */
int cc_cli_config_string_map(const cc_cli *cli, const cc_yaml_node *parent, const char *key,
			     const cc_yaml_node **out, cc_error *err);
/*
 * A setting that the environment can override: $env when it is set and not
 * empty, else the scalar at `key` in the configuration (a dotted path such
 * as "publish.branch"), else NULL for the caller's default. A command's
 * flag, when given, wins over both: flag > environment > file > default.
 */
const char *cc_cli_setting(const cc_cli *cli, const char *key, const char *env);
/* Points err at where cc_cli_setting's value came from: the variable's
 * name, or the file's line and column. */
void cc_cli_setting_blame(const cc_cli *cli, const char *key, const char *env, cc_error *err);

/* docs/chartci.schema.json, compiled in (scripts/embed.sh): the shape of .chartci.yaml. */
extern const unsigned char cc_cli_config_schema[];
extern const size_t cc_cli_config_schema_len;
/*
 * Checks the loaded configuration against cc_cli_config_schema, so a
 * misspelt key or a value of the wrong kind stops every command alike:
 * the error is at the offending node (a misspelt key: the key itself)
 * with the validator's message. Null values count as absent.
 */
int cc_cli_config_check(const cc_cli *cli, cc_error *err);
/* A path written in the configuration, relative to its directory. Caller frees. */
char *cc_cli_config_path(const cc_cli *cli, const char *rel);

/* "a" joined with "b" for display, dropping "." parts. Caller frees. */
char *cc_cli_display_join(const char *a, const char *b);

#endif
