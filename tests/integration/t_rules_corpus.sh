#!/usr/bin/env bash
# rules/recommended.yaml on ~760 real charts others wrote
# (../shared/corpora/charts): the pack loads, every chart is checked
# without a crash or sanitizer report, and the findings are listed by rule
# id so a change in what the pack reports shows in the test output.
. "$(dirname "$0")/lib.sh"
CORPUS=${CHARTCI_SHARED:-$ROOT/../shared}/corpora/charts
if [ ! -d "$CORPUS" ]; then
	fail corpus-present "no corpus at $CORPUS"
	exit 0
fi

run lint --rules "$ROOT/rules/recommended.yaml" --format json "$CORPUS"
check rules-corpus-no-crash no_crash
check rules-corpus-exit-0-or-1 [ "$STATUS" = 0 -o "$STATUS" = 1 ]
charts=$(printf '%s' "$OUT" | jq '.summary.charts')
check rules-corpus-charts [ "${charts:-0}" -gt 0 ]
echo "     recommended rules on $charts charts, by rule id:"
printf '%s' "$OUT" | jq -r '[.findings[] | select(.rule | startswith("recommended/")) | .rule] |
	group_by(.) | map("     \(.[0]): \(length)") | .[]'
pack=$(printf '%s' "$OUT" | jq '[.findings[] | select(.rule | startswith("recommended/"))] | length')
check rules-corpus-findings [ "$pack" -gt 0 ]
