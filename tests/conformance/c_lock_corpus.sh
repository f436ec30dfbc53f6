#!/usr/bin/env bash
# Every Chart.lock and requirements.lock of the shared corpus: helm's
# verdict on whether the lock is in sync with its Chart.yaml (the digest
# check `helm dependency build` makes before downloading anything) must
# equal `chartci lock --check`'s (its lock/out-of-sync finding).
#
# helm substitutes `@name` / `alias:name` repositories with URLs from
# repositories.yaml before hashing; each chart gets a repositories.yaml that
# maps those names to the URL its lock recorded for the dependency, the
# file its maintainer's helm had. helm and chartci read the same one.
# helm then fails offline (no repository definition, no network), which
# does not matter here: the digest verdict comes first.
. "$ROOT/tests/integration/lib.sh"
CORPUS=$CHARTCI_SHARED/corpora/charts
W=$(scratch)

# repositories.yaml for CHART: each @name / alias:name dependency -> the
# repository its lock entry of the same name recorded.
repos_for() {
	local chart=$1 lock deps
	lock=$chart/Chart.lock
	deps=$chart/Chart.yaml
	[ -f "$lock" ] || { lock=$chart/requirements.lock; deps=$chart/requirements.yaml; }
	echo "repositories:"
	"$YAML2JSON" "$deps" 2>/dev/null | jq -r '.dependencies // [] | .[] |
		select(.repository // "" | test("^(@|alias:)")) | "\(.name)\t\(.repository)"' |
	while IFS=$'\t' read -r name repo; do
		url=$("$YAML2JSON" "$lock" | jq -r --arg n "$name" \
			'[.dependencies[] | select(.name == $n) | .repository][0] // empty')
		[ -n "$url" ] && printf -- '- name: %s\n  url: %s\n' "${repo#@}" "$url" | sed 's/name: alias:/name: /'
	done
}

helm_verdict() { # in | out | unknown
	local chart=$1 log=$W/helm.log
	rm -rf "$W/c" && mkdir -p "$W/c" && cp -a "$chart" "$W/c/chart" && chmod -R u+w "$W/c"
	HELM_REPOSITORY_CONFIG=$W/repos.yaml HELM_CACHE_HOME=$W/cache HELM_CONFIG_HOME=$W/config \
		timeout 60 "$HELM" dependency build "$W/c/chart" >"$log" 2>&1
	if grep -q 'is out of sync with the dependencies file' "$log"; then
		echo out
	elif grep -q 'no repository definition for .*@\|no repository definition for alias:' "$log" ||
		grep -q 'unable to load chart\|unable to retrieve\|error converting YAML\|directory .* not found' "$log"; then
		echo unknown
	else
		echo in
	fi
}

chartci_verdict() {
	local chart=$1 n
	n=$(HELM_REPOSITORY_CONFIG=$W/repos.yaml "$CHARTCI" lock --check --format json "$chart" |
		jq '[.findings[] | select(.rule == "lock/out-of-sync")] | length')
	[ "${n:-0}" -gt 0 ] && echo out || echo in
}

find "$CORPUS" \( -name Chart.lock -o -name requirements.lock \) -not -path '*/charts/*/charts/*' |
	LC_ALL=C sort >"$W/locks"
total=0 agree=0 unknown=0 differ=0 in=0 out=0
: >"$W/differences"
while read -r lock; do
	chart=$(dirname "$lock")
	rel=${chart#"$CORPUS"/}
	total=$((total + 1))
	repos_for "$chart" >"$W/repos.yaml"
	theirs=$(helm_verdict "$chart")
	if [ "$theirs" = unknown ]; then
		unknown=$((unknown + 1))
		continue
	fi
	ours=$(chartci_verdict "$chart")
	[ "$theirs" = in ] && in=$((in + 1)) || out=$((out + 1))
	if [ "$theirs" = "$ours" ]; then
		agree=$((agree + 1))
	else
		differ=$((differ + 1))
		{ echo "== $rel: helm says $theirs of sync, chartci $ours"; head -3 "$W/helm.log"; } >>"$W/differences"
	fi
done <"$W/locks"
echo "     lock in-sync verdicts, helm dependency build vs chartci lock --check: $total locks;" \
	"$agree agree ($in in sync, $out out of sync), $differ differ, $unknown helm could not judge"
[ "$differ" -eq 0 ] || head -60 "$W/differences"
check lock-verdicts-agree [ "$differ" -eq 0 ]
check lock-most-judged [ "$agree" -gt $((total * 8 / 10)) ]
