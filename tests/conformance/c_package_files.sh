#!/usr/bin/env bash
# chartci's chart discovery and package file list (.helmignore, charts/,
# Chart.lock rules) against `helm package` on every chart of the shared
# corpus: the members of helm's archive must be exactly the ones chartci
# lists, and the chart's own files in the same order (helm orders subcharts
# randomly, so those are compared as a set).
#
# helm refuses to package a chart whose dependencies are not in charts/;
# such a chart is packaged from a copy with a stub chart per missing
# dependency, whose members are then dropped from helm's list.
. "$ROOT/tests/integration/lib.sh"
CORPUS=$CHARTCI_SHARED/corpora/charts
W=$(scratch)

helm_list() { # helm_list CHART OUTFILE -> status
	local chart=$1 out=$2 log=$W/helm.log copy missing dep name
	rm -rf "$W/pkg" && mkdir -p "$W/pkg"
	if ! "$HELM" package "$chart" -d "$W/pkg" >"$log" 2>&1; then
		missing=$(sed -n 's/.*found in Chart.yaml, but missing in charts\/ directory: //p' "$log")
		[ -n "$missing" ] || return 1
		copy=$W/copy/$(basename "$chart")
		rm -rf "$W/copy" && mkdir -p "$W/copy" && cp -a "$chart" "$copy" && chmod -R u+w "$copy"
		for dep in ${missing//,/ }; do
			mkdir -p "$copy/charts/$dep"
			printf 'apiVersion: v2\nname: %s\nversion: 0.0.1\n' "$dep" >"$copy/charts/$dep/Chart.yaml"
			echo "$dep" >>"$W/stubs"
		done
		"$HELM" package "$copy" -d "$W/pkg" >"$log" 2>&1 || return 1
	fi
	tar -tzf "$W"/pkg/*.tgz >"$out"
	if [ -s "$W/stubs" ]; then
		name=$(head -n1 "$out" | cut -d/ -f1)
		while read -r dep; do
			grep -v -x "$name/charts/$dep/Chart.yaml" "$out" >"$out.tmp"
			mv "$out.tmp" "$out"
		done <"$W/stubs"
		rm -f "$W/stubs"
	fi
}

"$CHARTCI" list "$CORPUS" >"$W/charts" || { fail corpus-list "chartci list failed"; exit 0; }
agree=0 differ=0 helm_refused=0 both_refused=0 listed=0
: >"$W/differences"
while read -r chart; do
	listed=$((listed + 1))
	rm -f "$W/stubs"
	"$CHARTCI" files "$chart" >"$W/ours" 2>"$W/ours.err"
	ours=$?
	if ! helm_list "$chart" "$W/theirs"; then
		helm_refused=$((helm_refused + 1))
		[ "$ours" -ne 0 ] && both_refused=$((both_refused + 1))
		# the reason, without the chart-specific parts, for the tally below
		sed -n 's/^Error: //p' "$W/helm.log" | head -n1 | sed -E 's/"[^"]*"/"…"/g; s/[^ ]*\/[^ ]*/…/g' >>"$W/refusals"
		continue
	fi
	own_ours=$(grep -v '^[^/]*/charts/' "$W/ours")
	own_theirs=$(grep -v '^[^/]*/charts/' "$W/theirs")
	if [ "$own_ours" = "$own_theirs" ] && diff -q <(sort "$W/ours") <(sort "$W/theirs") >/dev/null; then
		agree=$((agree + 1))
	else
		differ=$((differ + 1))
		{ echo "== $chart"; diff <(sort "$W/theirs") <(sort "$W/ours") | head -20
		  [ "$own_ours" = "$own_theirs" ] || echo "(order of the chart's own files differs)"; } >>"$W/differences"
	fi
done <"$W/charts"
echo "     helm package vs chartci files: $listed charts; $agree agree, $differ differ;" \
	"helm refused $helm_refused (chartci reported errors for $both_refused of them)"
if [ -s "$W/refusals" ]; then
	echo "     why helm refused (count, reason):"
	sort "$W/refusals" | uniq -c | sort -rn | sed 's/^/       /'
fi
[ "$differ" -eq 0 ] || head -100 "$W/differences"
check corpus-charts-listed [ "$listed" -gt 500 ]
check package-file-lists-agree [ "$differ" -eq 0 ]
check most-charts-compared [ "$agree" -gt $((listed * 9 / 10)) ]
