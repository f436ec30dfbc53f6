#!/usr/bin/env bash
# `make bench-lock`: resolving and fetching dependencies against a large
# chart repository, chartci against helm on the same input in the same run.
#
# An index.yaml of CHARTS x VERSIONS (bench/gen-index, default 300 x 150,
# about 40 MB) is served by nginx on loopback, with real archives for the
# versions a five-dependency chart locks (their digests written into the
# index, so chartci's verification passes). Each command runs RUNS times
# from a cold cache (the best run counts); prints wall time and peak RSS of
#   helm dependency update   vs  chartci lock
#   helm dependency update   vs  chartci lock + chartci deps build
#   helm dependency build    vs  chartci deps build
#   (no helm counterpart)        chartci lock with a warm cache (one 304)
# and helm/chartci ratios. Needs helm: tests/conformance/install-helm.sh.
#   bench/lock.sh BUILD_DIR [CHARTS VERSIONS RUNS]
set -eu
build=$(cd "${1:-build}" && pwd)
charts=${2:-300} versions=${3:-150} runs=${4:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HELM=$("$ROOT/tests/conformance/install-helm.sh")
CHARTCI=$build/chartci
export FREEPORT=$build/tests/freeport
. "$ROOT/tests/lib/servers.sh"
W=$(mktemp -d "${TMPDIR:-/tmp}/chartci-bench-XXXXXX")
trap 'cc_servers_stop; rm -rf "$W"' EXIT
export HELM_CONFIG_HOME=$W/helm-config HELM_DATA_HOME=$W/helm-data HELM_REPOSITORY_CONFIG=$W/repositories.yaml

mkdir -p "$W/repo" "$W/app/templates"
"$build/bench/gen-index" "$charts" "$versions" >"$W/index.raw"
cc_server_http "$W/repo" >/dev/null
sed "s|https://charts.example.com/|$CC_HTTP/|" "$W/index.raw" >"$W/repo/index.yaml"
last=$(printf 'chart%04d' $((charts - 1))) mid=$(printf 'chart%04d' $((charts / 2)))
cat >"$W/app/Chart.yaml" <<YAML
apiVersion: v2
name: app
version: 1.0.0
dependencies:
- {name: chart0000, version: "~1.2", repository: "$CC_HTTP"}
- {name: $mid, version: "^2", repository: "$CC_HTTP"}
- {name: $last, version: ">=0.3 <1", repository: "$CC_HTTP"}
- {name: chart0001, version: "2.4.x", repository: "$CC_HTTP"}
- {name: chart0002, version: "*", repository: "$CC_HTTP"}
YAML

# the archives the lock pins, and their real digests in the index
CHARTCI_CACHE_DIR=$W/probe "$CHARTCI" lock -q "$W/app" >/dev/null
"$build/tests/yaml2json" "$W/app/Chart.lock" | jq -r '.dependencies[] | "\(.name) \(.version)"' |
	while read -r name version; do
		mkdir -p "$W/src/$name/templates"
		printf 'apiVersion: v2\nname: %s\nversion: %s\n' "$name" "$version" >"$W/src/$name/Chart.yaml"
		tar -czf "$W/repo/$name-$version.tgz" -C "$W/src" "$name"
		echo "$name-$version.tgz $(sha256sum "$W/repo/$name-$version.tgz" | cut -d' ' -f1)"
	done >"$W/digests"
awk -v list="$W/digests" '
	BEGIN { while ((getline l < list) > 0) { split(l, f, " "); d[f[1]] = f[2] } }
	function flush() { for (i = 1; i <= n; i++) { if (sub_to != "" && buf[i] ~ /^    digest: /) buf[i] = "    digest: " sub_to; print buf[i] } n = 0; sub_to = "" }
	/^  - / || /^  [^ -]/ || /^[^ ]/ { flush() }
	{ buf[++n] = $0; if ($0 ~ /^    - http/) { u = $0; sub(/.*\//, "", u); if (u in d) sub_to = d[u] } }
	END { flush() }' "$W/repo/index.yaml" >"$W/index.fixed" && mv "$W/index.fixed" "$W/repo/index.yaml"
lockfile=$(cat "$W/app/Chart.lock")
# helm dependency build only fetches from repositories it was told about
"$HELM" repo add bench "$CC_HTTP" >/dev/null

# measure NAME COMMAND...: best of $runs, "seconds peak-KiB"; SETUP runs before each
measure() {
	local name=$1 best= i out
	shift
	for i in $(seq 1 "$runs"); do
		eval "$SETUP"
		out=$(/usr/bin/time -f '%e %M' -o "$W/time" "$@" >"$W/out" 2>&1 && cat "$W/time") ||
			{ echo "$name failed:" >&2; cat "$W/out" >&2; exit 1; }
		if [ -z "$best" ] || awk -v a="${out% *}" -v b="${best% *}" 'BEGIN { exit !(a < b) }'; then best=$out; fi
	done
	echo "$best"
}
fresh() { rm -rf "$W/helm-cache" "$W/cc-cache" "$W/app/charts" "$W/app/tmpcharts"*; }
both() { "$CHARTCI" lock -q "$W/app" && "$CHARTCI" deps build -q "$W/app"; }
export HELM_CACHE_HOME=$W/helm-cache CHARTCI_CACHE_DIR=$W/cc-cache
export -f both 2>/dev/null || true

SETUP='fresh; rm -f "$W/app/Chart.lock"'
h_up=$(measure "helm dependency update" "$HELM" dependency update "$W/app")
c_lock=$(measure "chartci lock" "$CHARTCI" lock -q "$W/app")
c_up=$(measure "chartci lock + deps build" bash -c "'$CHARTCI' lock -q '$W/app' && '$CHARTCI' deps build -q '$W/app'")
SETUP='fresh; printf "%s\n" "$lockfile" >"$W/app/Chart.lock"'
h_build=$(measure "helm dependency build" "$HELM" dependency build "$W/app")
c_build=$(measure "chartci deps build" "$CHARTCI" deps build -q "$W/app")
SETUP='rm -f "$W/app/Chart.lock"'
"$CHARTCI" lock -q "$W/app" >/dev/null
c_warm=$(measure "chartci lock (warm cache)" "$CHARTCI" lock -q "$W/app")

size=$(du -k "$W/repo/index.yaml" | cut -f1)
printf 'index.yaml: %s charts x %s versions, %s KiB; five dependencies; best of %s runs\n' \
	"$charts" "$versions" "$size" "$runs"
printf 'machine: %s, %s core(s), %s\n' "$(uname -m)" "$(nproc)" \
	"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
printf 'helm: %s\n' "$("$HELM" version --short)"
row() { # LABEL HELM CHARTCI
	awk -v l="$1" -v h="$2" -v c="$3" 'BEGIN {
		split(h, a, " "); split(c, b, " ")
		printf "  %-22s helm %7.2f s %8.1f MiB   chartci %6.3f s %7.1f MiB   helm/chartci: time %6.1fx, memory %6.1fx\n",
			l, a[1], a[2] / 1024, b[1], b[2] / 1024, a[1] / (b[1] > 0 ? b[1] : 0.005), a[2] / b[2] }'
}
row "update vs lock" "$h_up" "$c_lock"
row "update (lock + fetch)" "$h_up" "$c_up"
row "build (fetch)" "$h_build" "$c_build"
awk -v c="$c_warm" 'BEGIN { split(c, b, " "); printf "  %-22s chartci %6.3f s %7.1f MiB (one conditional request)\n", "lock, warm cache", b[1], b[2] / 1024 }'
