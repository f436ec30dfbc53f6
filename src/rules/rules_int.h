/*
 * Internal to src/rules: a compiled rule and pack, shared by load.c (the
 * pack format), path.c (field paths) and run.c (checks on a chart).
 */
#ifndef CC_RULES_INT_H
#define CC_RULES_INT_H

#include "rules/rules.h"

#include <pcre2.h>

/* One step of a path: a mapping key, or a list index when key is NULL. */
typedef struct cc_rule_seg {
	char *key;
	size_t index;
} cc_rule_seg;

typedef struct cc_rule_path {
	char *text; /* as written, for messages */
	cc_rule_seg *segs;
	size_t nsegs;
} cc_rule_path;

enum { CC_RULE_REQ_NONE, CC_RULE_REQ_PRESENT, CC_RULE_REQ_ABSENT };
enum { CC_RULE_T_NONE, CC_RULE_T_STRING, CC_RULE_T_NUMBER, CC_RULE_T_INTEGER, CC_RULE_T_BOOLEAN,
       CC_RULE_T_LIST, CC_RULE_T_MAPPING };
enum { CC_RULE_CMP_NONE, CC_RULE_CMP_LT, CC_RULE_CMP_LE, CC_RULE_CMP_GT, CC_RULE_CMP_GE,
       CC_RULE_CMP_EQ, CC_RULE_CMP_NE };

typedef struct cc_rule {
	char *id;
	cc_severity sev;
	int values_file;       /* 0: Chart.yaml, 1: values.yaml */
	cc_rule_path *paths;   /* one for path:, several for any-of: */
	size_t npaths;
	int any_of;
	int require;
	int type;
	char *pattern_text;
	pcre2_code *pattern;
	cc_strvec enum_values;
	cc_strvec not_enum;
	int cmp_op;
	double cmp_value;
	char *message;
	int line, col;         /* where the rule starts in its pack */
} cc_rule;

struct cc_rulepack {
	char *file;
	cc_rule *rules;
	size_t n;
	pcre2_match_context *mctx;
};

/* Match and depth limits for every pattern: bounded work per value. */
#define CC_RULES_MATCH_LIMIT 100000
#define CC_RULES_DEPTH_LIMIT 1000

/* Parses "a.b[0].\"x.y\""; on error *errpos is the 0-based offset of the problem. */
int cc_rules_path_parse(cc_rule_path *out, const char *text, size_t *errpos, const char **why);
void cc_rules_path_free(cc_rule_path *p);
/* The node the path selects under root, or NULL (absent, or a null value). */
const cc_yaml_node *cc_rules_path_get(const cc_rule_path *p, const cc_yaml_node *root);

#endif
