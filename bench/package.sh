#!/usr/bin/env bash
# `make bench-package`: packaging a whole corpus of real charts, chartci
# against helm and against plain tar | gzip on the same files, same run.
#
# The charts are those of CORPUS (default ../shared/corpora/charts) that
# `helm package` accepts (it refuses charts whose dependencies are missing
# from charts/), one per <name>-<version>, found once at the start. Timed,
# the best of RUNS runs each, every run into an empty directory:
#   chartci package -d OUT CHART...          all charts in ONE process
#   helm package -d OUT CHART                one process per chart, as CI does
#   tar -cf - FILES | gzip -6 > OUT/x.tgz    per chart, the files `chartci
#                                            files` lists (what helm packages;
#                                            subcharts kept as .tgz in charts/
#                                            are read unpacked from helm's
#                                            archive, as helm writes them)
# Prints wall times, bytes written, chartci's peak RSS, and the ratios
# helm/chartci and tar+gzip/chartci. Needs helm: tests/conformance/install-helm.sh.
#   bench/package.sh BUILD_DIR [RUNS [CORPUS]]
set -eu -o pipefail
shopt -s inherit_errexit
build=$(cd "${1:-build}" && pwd)
runs=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
corpus=$(cd "${3:-$ROOT/../shared/corpora/charts}" && pwd)
HELM=$("$ROOT/tests/conformance/install-helm.sh")
W=$(mktemp -d "${TMPDIR:-/tmp}/chartci-bench-XXXXXX")
trap 'rm -rf "$W"' EXIT
# a copy, so that a rebuild during the run changes nothing
CHARTCI=$W/chartci
cp "$build/chartci" "$CHARTCI"
export HELM_CONFIG_HOME=$W/helm-config HELM_CACHE_HOME=$W/helm-cache HELM_DATA_HOME=$W/helm-data
export SOURCE_DATE_EPOCH=1700000000 LC_ALL=C

# the charts: those helm packages, the first of each <name>-<version>
"$CHARTCI" list "$corpus" >"$W/all"
mkdir -p "$W/probe" "$W/lists"
n=0 refused=0 unpacked=0
while IFS= read -r chart; do
	rm -rf "$W/probe"/*
	if "$HELM" package -d "$W/probe" "$chart" >/dev/null 2>&1; then
		archive=$(cd "$W/probe" && ls)
		if [ ! -e "$W/seen/$archive" ]; then
			mkdir -p "$W/seen/$archive"
			n=$((n + 1))
			printf '%s\n' "$chart" >>"$W/charts"
			# the member names helm writes are <name>/<path>; tar takes <path>
			# (files exits 1 on a chart with error diagnostics, but lists it)
			{ "$CHARTCI" files "$chart" 2>/dev/null || true; } | sed 's|^[^/]*/||' >"$W/lists/$n"
			[ -s "$W/lists/$n" ] || { echo "chartci files listed nothing for $chart" >&2; exit 1; }
			# subcharts kept as archives in charts/ go into the package
			# unpacked: tar reads those from helm's archive, unpacked once
			src=$chart
			while IFS= read -r f; do
				[ -e "$chart/$f" ] || { src=$W/tree/$n; break; }
			done <"$W/lists/$n"
			if [ "$src" != "$chart" ]; then
				mkdir -p "$src"
				tar -xzf "$W/probe/$archive" -C "$src" --strip-components=1
				unpacked=$((unpacked + 1))
			fi
			printf '%s\n' "$src" >>"$W/sources"
		fi
	else
		refused=$((refused + 1))
	fi
done <"$W/all"
total=$(wc -l <"$W/all")
files=$(cat "$W/lists"/* | wc -l)
inbytes=$(i=0; while IFS= read -r src; do i=$((i + 1)); (cd "$src" && tr '\n' '\0' <"$W/lists/$i" | xargs -0 stat -c %s); done <"$W/sources" | awk '{ s += $1 } END { print s }')

# the three ways, each writing every archive under $W/out
mapfile -t charts <"$W/charts"
run_chartci() { "$CHARTCI" package -q -d "$W/out" "${charts[@]}" >/dev/null 2>&1; }
run_helm() {
	while IFS= read -r chart; do "$HELM" package -d "$W/out" "$chart" >/dev/null; done <"$W/charts"
}
run_tar() {
	local i=0 src
	while IFS= read -r src; do
		i=$((i + 1))
		tar -cf - --no-recursion -C "$src" -T "$W/lists/$i" | gzip -6 >"$W/out/$i.tgz"
	done <"$W/sources"
}
# best NAME: fastest of $runs runs of run_NAME, "seconds bytes archives"
best() {
	local b="" t0 t1 t bytes count
	for _ in $(seq "$runs"); do
		rm -rf "$W/out" && mkdir -p "$W/out"
		t0=$(date +%s%N)
		"run_$1"
		t1=$(date +%s%N)
		t=$(((t1 - t0) / 1000))
		[ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
	done
	count=$(find "$W/out" -type f | wc -l)
	bytes=$(find "$W/out" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
	[ "$count" -eq "$n" ] || { echo "$1 wrote $count archives for $n charts" >&2; exit 1; }
	awk -v us="$b" -v by="$bytes" -v c="$count" 'BEGIN { printf "%.3f %d %d", us / 1e6, by, c }'
}
c=$(best chartci)
h=$(best helm)
g=$(best tar)
# the chartci run again under /usr/bin/time for its peak RSS
rm -rf "$W/out" && mkdir -p "$W/out"
/usr/bin/time -f '%M' -o "$W/rss" "$CHARTCI" package -q -d "$W/out" "${charts[@]}" >/dev/null 2>&1
rss=$(tail -n1 "$W/rss")

printf 'corpus: %s: %d charts, %d refused by helm, %d packaged (%d duplicate name-version skipped)\n' \
	"$corpus" "$total" "$refused" "$n" "$((total - refused - n))"
printf 'input: %d files, %.1f MiB (%d charts with archived subcharts); best of %s runs\n' \
	"$files" "$(awk -v b="$inbytes" 'BEGIN { print b / 1048576 }')" "$unpacked" "$runs"
printf 'machine: %s, %s core(s), %s\n' "$(uname -m)" "$(nproc)" \
	"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
printf 'helm: %s\n' "$("$HELM" version --short)"
awk -v c="$c" -v h="$h" -v g="$g" -v n="$n" -v rss="$rss" 'BEGIN {
	split(c, C, " "); split(h, H, " "); split(g, G, " ")
	printf "  %-34s %8s %12s %10s %8s\n", "", "wall", "bytes", "per chart", "x chartci"
	row("chartci package (one process)", C)
	row("helm package (one per chart)", H)
	row("tar | gzip -6 (one per chart)", G)
	printf "  chartci peak RSS: %.1f MiB\n", rss / 1024
	printf "  helm/chartci: time %.1fx, bytes %.3f; tar+gzip/chartci: time %.1fx, bytes %.3f\n",
		H[1] / C[1], H[2] / C[2], G[1] / C[1], G[2] / C[2]
}
function row(l, a) { printf "  %-34s %7.3fs %12d %8.2fms %8.1f\n", l, a[1], a[2], a[1] * 1000 / n, a[1] / C[1] }'
