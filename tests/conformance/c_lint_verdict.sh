#!/usr/bin/env bash
# chartci lint against helm lint on every chart of the shared corpus: the
# error / no-error verdict must agree, counting only what helm reports on
# Chart.yaml, values and schemas, dependencies and crds/ (findings that
# come from rendering templates are chartci's to skip: it does not render).
#
# Charts where the verdicts differ for a known reason are listed in
# tests/conformance/lint-known.tsv (path relative to the corpus, reason);
# any other difference fails the test.
. "$ROOT/tests/integration/lib.sh"
CORPUS=$CHARTCI_SHARED/corpora/charts
KNOWN=$ROOT/tests/conformance/lint-known.tsv
W=$(scratch)

# helm's verdict without template findings: an [ERROR] line whose path is not
# under templates/, or a chart-level failure ("Error unable to ...").
helm_errors() {
	"$HELM" lint "$1" 2>&1 | awk '
		/^\[ERROR\] templates\// { next }
		/^\[ERROR\] / { n++ }
		/^Error unable to/ { n++ }
		END { print n + 0 }'
}

"$CHARTCI" list "$CORPUS" >"$W/charts" || { fail corpus-list "chartci list failed"; exit 0; }
agree=0 differ=0 known=0 total=0
: >"$W/differences"
while read -r chart; do
	total=$((total + 1))
	rel=${chart#"$CORPUS"/}
	theirs=$(helm_errors "$chart")
	ours=$("$CHARTCI" lint --format json "$chart" | jq '.summary.errors')
	if { [ "$theirs" -gt 0 ] && [ "$ours" -gt 0 ]; } || { [ "$theirs" -eq 0 ] && [ "$ours" -eq 0 ]; }; then
		agree=$((agree + 1))
	elif [ -f "$KNOWN" ] && cut -f1 "$KNOWN" | grep -qxF "$rel"; then
		known=$((known + 1))
	else
		differ=$((differ + 1))
		{ echo "== $rel: helm $theirs error(s), chartci $ours"
		  "$HELM" lint "$chart" 2>&1 | grep -v '^\[ERROR\] templates/' | grep -E '^\[ERROR\]|^Error|^	' | head -5
		  "$CHARTCI" lint --quiet "$chart" | grep ': error\[' | head -5; } >>"$W/differences"
	fi
done <"$W/charts"
echo "     helm lint vs chartci lint verdicts: $total charts; $agree agree, $known differ for a listed reason, $differ differ"
[ "$differ" -eq 0 ] || head -150 "$W/differences"
check lint-verdicts-agree [ "$differ" -eq 0 ]
check lint-most-charts-agree [ "$agree" -gt $((total * 9 / 10)) ]
