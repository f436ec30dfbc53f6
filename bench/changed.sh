#!/usr/bin/env bash
# `make bench-changed`: chartci list-changed against `git diff --name-only`
# of the same range, on a synthetic monorepo of CHARTS charts and COMMITS
# commits (default 1,000 and 10,000), built with git fast-import.
#
# Each commit edits one chart's template (chart i*7919 mod CHARTS), every
# tenth also a file the chart's .helmignore drops. Ranges timed:
#   the whole history (--since the first commit)     vs  git diff --name-only
#   the last 100 commits (a pull request's worth)     vs  git diff --name-only
#   --since-release: each chart against its own tag, the tags spread over
#   CHARTS different commits (one tree diff each)     (no git counterpart)
# The best of RUNS runs counts; ratios are chartci / git (below 1: faster).
#   bench/changed.sh BUILD_DIR [CHARTS COMMITS RUNS]
set -eu
build=$(cd "${1:-build}" && pwd)
charts=${2:-1000} commits=${3:-10000} runs=${4:-5}
CHARTCI=$build/chartci
W=$(mktemp -d "${TMPDIR:-/tmp}/chartci-bench-XXXXXX")
trap 'rm -rf "$W"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME=$W LC_ALL=C

# the fast-import stream: one commit with every chart, then one edit per commit
LC_ALL=C awk -v charts="$charts" -v commits="$commits" '
function file(path, text) { printf "M 644 inline %s\ndata %d\n%s\n", path, length(text), text }
function commit(n, msg) {
	printf "commit refs/heads/main\nmark :%d\ncommitter b <b@example.com> %d +0000\ndata %d\n%s\n", n, 1700000000 + n, length(msg), msg
}
BEGIN {
	commit(1, "charts")
	for (c = 0; c < charts; c++) {
		d = sprintf("charts/team-%d/c%04d", c % 10, c)
		file(d "/Chart.yaml", sprintf("apiVersion: v2\nname: c%04d\nversion: 1.0.0\n", c))
		file(d "/values.yaml", "image:\n  tag: \"1.0\"\nreplicas: 1\n")
		file(d "/templates/cm.yaml", "kind: ConfigMap\n")
		file(d "/.helmignore", "docs/\n")
	}
	for (i = 2; i <= commits; i++) {
		commit(i, "edit " i)
		c = (i * 7919) % charts
		d = sprintf("charts/team-%d/c%04d", c % 10, c)
		file(d "/templates/cm.yaml", "kind: ConfigMap\ndata:\n  n: \"" i "\"\n")
		if (i % 10 == 0)
			file(d "/docs/notes.md", "note " i "\n")
	}
	for (c = 0; c < charts; c++)
		printf "reset refs/tags/c%04d-1.0.0\nfrom :%d\n\n", c, 2 + int(c * (commits - 2) / charts)
	printf "reset refs/tags/first\nfrom :1\n\n"
}' >"$W/stream"
git init -q -b main "$W/repo"
git -C "$W/repo" fast-import --quiet <"$W/stream"
git -C "$W/repo" checkout -q main

best() { # best RUNS CMD...: the fastest wall time in seconds
	local b="" t0 t1 t
	for _ in $(seq "$runs"); do
		t0=$(date +%s%N)
		"$@" >/dev/null
		t1=$(date +%s%N)
		t=$(( (t1 - t0) / 1000 ))
		[ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
	done
	awk -v us="$b" 'BEGIN { printf "%.3f", us / 1e6 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

cd "$W/repo"
n_all=$("$CHARTCI" list-changed --since first | wc -l)
n_pr=$("$CHARTCI" list-changed --since HEAD~100 | wc -l)
n_rel=$("$CHARTCI" list-changed --since-release | wc -l)
a=$(best "$CHARTCI" list-changed --since first)
b=$(best git diff --name-only first HEAD)
c=$(best "$CHARTCI" list-changed --since HEAD~100)
d=$(best git diff --name-only HEAD~100 HEAD)
e=$(best "$CHARTCI" list-changed --since-release)
printf 'list-changed on %d charts, %d commits (best of %d)\n' "$charts" "$commits" "$runs"
printf '%-44s %9s %9s %8s\n' "range" "chartci" "git diff" "ratio"
printf '%-44s %8ss %8ss %8s\n' "whole history ($n_all charts changed)" "$a" "$b" "$(ratio "$a" "$b")"
printf '%-44s %8ss %8ss %8s\n' "last 100 commits ($n_pr charts changed)" "$c" "$d" "$(ratio "$c" "$d")"
printf '%-44s %8ss %9s %8s\n' "--since-release, $charts tags ($n_rel changed)" "$e" "-" "-"
