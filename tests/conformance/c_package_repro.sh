#!/usr/bin/env bash
# chartci package against helm package on every chart of the shared corpus.
# For each chart helm can package:
#   - chartci packages it twice, the second time from a copy whose files
#     were all touched, with the same SOURCE_DATE_EPOCH: same sha256;
#   - every member of chartci's archive equals the same member of helm's,
#     byte for byte (Chart.yaml and Chart.lock included: both re-serialise),
#     the member sets are equal and the chart's own members come in the
#     same order (helm orders subcharts randomly, chartci by name);
#   - `helm show chart`, `helm lint` and `helm template` accept chartci's
#     archive exactly when they accept helm's.
# And chartci refuses (exit 1) exactly the charts helm refuses to package.
# A chart refused by both for dependencies missing from charts/ is then
# compared again from a copy with a stub chart for each of them.
# Charts run in parallel (helm calls dominate).
. "$ROOT/tests/integration/lib.sh"
CORPUS=$CHARTCI_SHARED/corpora/charts
W=$(scratch)
export W HELM CHARTCI
JOBS=${CONFORMANCE_JOBS:-4}

one() { # one INDEX CHART -> $W/res/INDEX: "<verdict> <chart> <detail>"
	local i=$1 chart=$2 d=$W/w/$1 verdict=agree detail= a b s1 s2 t
	mkdir -p "$d/helm" "$d/ours" "$d/again" "$d/xh" "$d/xo"
	local src=$chart hs os missing dep
	pack() {
		"$HELM" package "$src" -d "$d/helm" >"$d/helm.log" 2>&1
		hs=$?
		SOURCE_DATE_EPOCH=1700000000 "$CHARTCI" package "$src" -d "$d/ours" >"$d/ours.log" 2>&1
		os=$?
	}
	pack
	missing=$(sed -n 's/.*found in Chart.yaml, but missing in charts\/ directory: //p' "$d/helm.log")
	if [ $hs -ne 0 ] && [ -n "$missing" ] && [ $os -eq 1 ]; then
		# refused alike; go on with a stub chart in charts/ for each missing dependency
		src=$d/src
		cp -r "$chart" "$src" && chmod -R u+w "$src"
		for dep in ${missing//,/ }; do
			mkdir -p "$src/charts/$dep"
			printf 'apiVersion: v2\nname: %s\nversion: 0.0.1\n' "$dep" >"$src/charts/$dep/Chart.yaml"
		done
		pack
	fi
	if [ $hs -ne 0 ]; then
		if [ $os -eq 1 ]; then verdict=both-refused; else verdict=differ detail="helm refused, chartci exit $os: $(sed -n 's/^Error: //p' "$d/helm.log" | head -c 200)"; fi
		echo "$verdict $chart $detail" >"$W/res/$i"
		rm -rf "$d"
		return
	fi
	if [ $os -ne 0 ]; then
		echo "differ $chart chartci refused (exit $os): $(head -c 300 "$d/ours.log" | tr '\n' ' ')" >"$W/res/$i"
		rm -rf "$d"
		return
	fi
	a=$(ls "$d"/helm/*.tgz) b=$(ls "$d"/ours/*.tgz)
	[ "$(basename "$a")" = "$(basename "$b")" ] || { verdict=differ detail="file name $(basename "$b") vs helm's $(basename "$a")"; }
	cp -r "$src" "$d/copy" && find "$d/copy" -exec touch -d '2001-02-03 04:05:06' {} +
	SOURCE_DATE_EPOCH=1700000000 "$CHARTCI" package "$d/copy" -d "$d/again" >/dev/null 2>&1
	s1=$(sha256sum <"$b" | cut -c1-64) s2=$(sha256sum <"$d"/again/*.tgz 2>/dev/null | cut -c1-64)
	[ "$s1" = "$s2" ] || { verdict=differ detail="$detail; not reproducible from a touched copy"; }
	tar -tzf "$a" >"$d/lh" && tar -tzf "$b" >"$d/lo"
	if ! diff -q <(sort "$d/lh") <(sort "$d/lo") >/dev/null; then
		verdict=differ detail="$detail; members: $(diff <(sort "$d/lh") <(sort "$d/lo") | grep '^[<>]' | head -3 | tr '\n' ' ')"
	elif [ "$(grep -v '^[^/]*/charts/' "$d/lh")" != "$(grep -v '^[^/]*/charts/' "$d/lo")" ]; then
		verdict=differ detail="$detail; order of the chart's own members"
	else
		tar -xmzf "$a" -C "$d/xh" && tar -xmzf "$b" -C "$d/xo"
		t=$(diff -rq "$d/xh" "$d/xo" 2>&1 | head -3 | sed "s|$d/x[ho]/||g" | tr '\n' ' ')
		[ -z "$t" ] || { verdict=differ detail="$detail; contents: $t"; }
	fi
	for cmd in "show chart" "lint" "template t"; do
		# shellcheck disable=SC2086
		"$HELM" $cmd "$a" >/dev/null 2>&1; s1=$?
		# shellcheck disable=SC2086
		"$HELM" $cmd "$b" >/dev/null 2>&1; s2=$?
		[ "$s1" = "$s2" ] || { verdict=differ detail="$detail; helm $cmd: $s2 on ours, $s1 on helm's"; }
	done
	echo "$verdict $chart $detail" >"$W/res/$i"
	rm -rf "$d"
}
export -f one

"$CHARTCI" list "$CORPUS" >"$W/charts" || { fail corpus-list "chartci list failed"; exit 0; }
mkdir -p "$W/res" "$W/w"
nl -ba -w1 -s' ' "$W/charts" | xargs -P "$JOBS" -L1 bash -c 'one "$1" "$2"' _
cat "$W"/res/* >"$W/all"
listed=$(wc -l <"$W/charts")
agree=$(grep -c '^agree ' "$W/all")
refused=$(grep -c '^both-refused ' "$W/all")
differ=$(grep -c '^differ ' "$W/all")
echo "     chartci package vs helm package: $listed charts; $agree agree (same files, reproducible," \
	"helm accepts both alike), $refused refused by both, $differ differ"
[ "$differ" -eq 0 ] || grep '^differ ' "$W/all" | head -15 | sed 's/^/       /'
check package-corpus-charts [ "$(wc -l <"$W/all")" -eq "$listed" ]
check package-archives-agree [ "$differ" -eq 0 ]
check package-most-charts-packaged [ "$agree" -gt $((listed * 9 / 10)) ]
