#!/usr/bin/env bash
# chartci index against helm repo index on ~20 corpus charts packaged by
# helm (some in a subdirectory): the same index.yaml but for the created
# and generated times, plain, with --url and with --merge; then helm reads
# chartci's index from a loopback server: repo add, search -l lists every
# version, pull fetches a chart.
. "$ROOT/tests/integration/lib.sh"
. "$ROOT/tests/lib/servers.sh"
CORPUS=$CHARTCI_SHARED/corpora/charts
MERGE=$CHARTCI_SHARED/corpora/helm-vectors/index/merge-input.yaml
W=$(scratch)
export HELM_CONFIG_HOME=$W/helm/config HELM_CACHE_HOME=$W/helm/cache HELM_DATA_HOME=$W/helm/data
PKG=$W/pkg
mkdir -p "$PKG/sub"

# the first 20 charts helm packages; every third goes to sub/
n=0
while read -r chart && [ "$n" -lt 20 ]; do
	dest=$PKG
	[ $((n % 3)) -eq 2 ] && dest=$PKG/sub
	"$HELM" package "$chart" -d "$dest" >/dev/null 2>&1 && n=$((n + 1))
done < <("$CHARTCI" list "$CORPUS" | awk 'NR % 25 == 1')
check packaged [ "$n" -ge 15 ]

strip() { grep -v -E '^ *"?(created|generated)"?: ' "$1"; }

# same archives in two directories, one index each; DIFF ARGS...
same() {
	local name=$1
	shift
	rm -rf "$W/ours" "$W/theirs"
	cp -a "$PKG" "$W/ours" && cp -a "$PKG" "$W/theirs"
	"$HELM" repo index "$W/theirs" "$@" >/dev/null 2>&1 || { fail "$name" "helm repo index failed"; return; }
	run index "$W/ours" "$@"
	if [ "$STATUS" -ne 0 ]; then
		fail "$name" "chartci index: exit $STATUS: $ERR"
	elif diff <(strip "$W/theirs/index.yaml") <(strip "$W/ours/index.yaml") >"$W/diff"; then
		ok "$name"
	else
		fail "$name" "$(head -c 800 "$W/diff")"
	fi
}

same plain
same url --url https://charts.example.com/base/
cp "$MERGE" "$W/merge-a.yaml" && cp "$MERGE" "$W/merge-b.yaml"
rm -rf "$W/ours" "$W/theirs" && cp -a "$PKG" "$W/ours" && cp -a "$PKG" "$W/theirs"
"$HELM" repo index "$W/theirs" --merge "$W/merge-a.yaml" >/dev/null 2>&1
run index "$W/ours" --merge "$W/merge-b.yaml"
check merge all [ "$STATUS" -eq 0 ] ';;' diff <(strip "$W/theirs/index.yaml") <(strip "$W/ours/index.yaml")
same json --json

# helm as the reader of chartci's index
rm -rf "$W/ours" && cp -a "$PKG" "$W/ours"
"$CHARTCI" index "$W/ours" >/dev/null 2>&1
cc_server_http "$W/ours"
"$HELM" repo add cc "$CC_HTTP" >"$W/add.log" 2>&1
check repo-add grep -q '"cc" has been added' "$W/add.log"
"$HELM" search repo cc/ -l -o json >"$W/search.json" 2>"$W/search.err"
want=$(find "$PKG" -name '*.tgz' | wc -l)
check search-lists-all [ "$(jq length "$W/search.json")" = "$want" ]
first=$(jq -r '.[0].name + " " + .[0].version' "$W/search.json")
mkdir -p "$W/pulled"
"$HELM" pull "${first% *}" --version "${first#* }" -d "$W/pulled" >"$W/pull.log" 2>&1
check pull [ "$(find "$W/pulled" -name '*.tgz' | wc -l)" = 1 ]
