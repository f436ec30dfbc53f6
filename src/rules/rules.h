/*
 * rules: team rule packs, YAML data a repository adds to chartci's own checks.
 *
 * A pack is a list of rules; each selects a field of Chart.yaml or
 * values.yaml by a dotted path (or a set of alternative paths) and requires
 * presence or absence, a type, a PCRE2 pattern, an enum, or a numeric
 * comparison. The format is documented in docs/rule-packs.md.
 *
 * A malformed pack is refused whole at load, with the file, line and
 * column of the first bad rule, so a typo in a team's rules never turns
 * into a rule that silently checks nothing. Patterns are compiled once at
 * load and matched under match and depth limits, so a catastrophic pattern
 * on a long value costs a bounded amount of work.
 */
#ifndef CC_RULES_H
#define CC_RULES_H

#include "base/base.h"
#include "chart/chart.h"
#include "report/report.h"

typedef struct cc_rulepack cc_rulepack;

/* Loads and checks the pack at path; errors carry file:line:col. */
int cc_rulepack_load(cc_rulepack **out, const char *path, cc_error *err);
/* Number of rules in the pack. */
size_t cc_rulepack_count(const cc_rulepack *p);
/* 1 when the pack has a rule with this id. */
int cc_rulepack_has(const cc_rulepack *p, const char *id);
void cc_rulepack_free(cc_rulepack *p);

/*
 * Appends the findings of every rule of p on chart c whose id is not in
 * disabled (which may be NULL).
 */
void cc_rules_run(const cc_rulepack *p, const cc_chart *c, const cc_strvec *disabled,
		  cc_findings *out);

/*
 * Appends to out the rule ids a chart switches off with comment lines
 * "# chartci:disable=rule-a,rule-b" in its Chart.yaml.
 */
void cc_rules_chart_disabled(const cc_chart *c, cc_strvec *out);

#endif
