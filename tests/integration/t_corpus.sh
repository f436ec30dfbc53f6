#!/usr/bin/env bash
# chartci on ~760 real charts others wrote (../shared/corpora/charts): every
# chart is found and loaded without a crash or sanitizer report, and the one
# Chart.yaml-family file that really is broken YAML is reported with its
# true position.
. "$(dirname "$0")/lib.sh"
CORPUS=${CHARTCI_SHARED:-$ROOT/../shared}/corpora/charts
if [ ! -d "$CORPUS" ]; then
	fail corpus-present "no corpus at $CORPUS"
	exit 0
fi

# Chart discovery: every Chart.yaml in the corpus outside a chart's charts/
# directory is a chart; the inventory lists them all.
run list "$CORPUS"
check corpus-list-status [ "$STATUS" = 0 ]
found=$(printf '%s\n' "$OUT" | grep -c .)
want=$(awk -F'\t' 'NR > 1' "$CORPUS/INVENTORY.tsv" | wc -l)
echo "     corpus: $found charts found, inventory lists $want Chart.yaml files"
top=$(awk -F'\t' 'NR > 1 && $3 == "True"' "$CORPUS/INVENTORY.tsv" | wc -l)
check corpus-finds-top-level-charts [ "$found" -ge "$top" ]

run lint --format json "$CORPUS"
check corpus-lint-no-crash no_crash
check corpus-lint-exit-1 [ "$STATUS" = 1 ]
charts=$(printf '%s' "$OUT" | jq '.summary.charts')
errors=$(printf '%s' "$OUT" | jq '.summary.errors')
warnings=$(printf '%s' "$OUT" | jq '.summary.warnings')
clean=$(printf '%s' "$OUT" | jq '[.findings[] | select(.severity == "error") | .chart] | unique | length')
echo "     corpus lint: $charts charts, $errors errors, $warnings warnings, $((charts - clean)) charts without errors"
check corpus-lint-all-charts [ "$charts" = "$found" ]

# helm's fixture chart-bad-requirements: its Chart.yaml has a dependency
# entry's keys outdented under "- name:", so line 7 column 3 ("version:")
# is where a "-" was expected (INVENTORY.tsv records the YAML error too).
bad=$(printf '%s' "$OUT" | jq -r '.findings[] | select(.rule == "yaml/syntax") | "\(.file):\(.line):\(.column)"' |
	grep 'chart-bad-requirements/Chart.yaml')
check corpus-broken-yaml-position [ "$bad" = "$CORPUS/helm-testdata/pkg/cmd/testdata/testcharts/chart-bad-requirements/Chart.yaml:7:3" ]

# Charts are linted by a pool of workers; the report must not depend on how many.
one=$(CHARTCI_JOBS=1 "$CHARTCI" lint --format json "$CORPUS")
four=$(CHARTCI_JOBS=4 "$CHARTCI" lint --format json "$CORPUS")
check corpus-lint-same-with-any-workers [ "$one" = "$four" ]
check corpus-lint-json-complete eval 'printf "%s" "$four" | jq -e ".summary.charts == $found" >/dev/null'
