#!/usr/bin/env bash
# The command line contract: help, version, usage errors (exit 2), formats,
# -C, --config, and exit codes a script can trust.
. "$(dirname "$0")/lib.sh"
EX=$ROOT/examples/monorepo

run --version
check version-status [ "$STATUS" = 0 ]
check version-text contains "$OUT" "chartci $(cat "$ROOT/VERSION")"
check version-libs contains "$OUT" "libgit2"

run --help
check help-status [ "$STATUS" = 0 ]
check help-lists-lint contains "$OUT" "lint"
for cmd in lint list files version; do
	run "$cmd" --help
	check "help-$cmd" [ "$STATUS" = 0 ]
done
run help lint
check help-command contains "$OUT" "usage: chartci lint"

run
check no-command-usage [ "$STATUS" = 2 ]
run frobnicate
check unknown-command [ "$STATUS" = 2 ]
check unknown-command-message contains "$ERR" "unknown command 'frobnicate'"
run lint --no-such-option
check unknown-option [ "$STATUS" = 2 ]
run --format yaml lint "$EX"
check bad-format [ "$STATUS" = 2 ]
run lint "$EX/does-not-exist"
check missing-path [ "$STATUS" = 2 ]
check missing-path-message contains "$ERR" "does-not-exist"
run -C "$EX/nowhere" lint
check bad-dash-C [ "$STATUS" = 2 ]
run files
check files-needs-chart [ "$STATUS" = 2 ]

# The example: the deliberate mistakes make exit 1; each clean chart alone exits 0.
run -C "$EX" lint
check example-fails [ "$STATUS" = 1 ]
for c in web api common; do
	run -C "$EX" lint "charts/$c"
	check "example-$c-clean" [ "$STATUS" = 0 ]
done
run -C "$EX" lint --fail-on info charts/api
check fail-on-info-clean-chart [ "$STATUS" = 0 ]
run -C "$EX" lint --strict charts/worker
check strict-fails [ "$STATUS" = 1 ]

# Same findings, every format; the global and per-command option spellings agree.
run -C "$EX" --format json lint
J1=$OUT
run -C "$EX" lint --format=json
check format-global-equals-local [ "$J1" = "$OUT" ]
check json-parses eval 'printf "%s" "$OUT" | jq -e ".summary.charts == 4" >/dev/null'
run -C "$EX" lint -f github
check github-annotation contains "$OUT" "::error file=charts/worker/Chart.yaml,line="
run -C "$EX" lint -f sarif
check sarif-version eval 'printf "%s" "$OUT" | jq -e ".version == \"2.1.0\" and (.runs[0].results | length > 0)" >/dev/null'

# Colour only when asked or on a terminal; never in a pipe by default.
run -C "$EX" lint
check no-color-in-pipe eval '! contains "$OUT" $'"'"'\033['"'"
run -C "$EX" lint --color always
check color-always contains "$OUT" $'\033['

# A configuration that is not valid YAML stops with its position (exit 2).
D=$(scratch)
mkdir -p "$D/repo/chart"
printf 'apiVersion: v2\nname: chart\nversion: 1.0.0\n' >"$D/repo/chart/Chart.yaml"
printf 'exclude: [unclosed\n' >"$D/repo/.chartci.yaml"
run -C "$D/repo" lint
check bad-config-status [ "$STATUS" = 2 ]
check bad-config-position contains "$ERR" ".chartci.yaml:2:"
printf -- '- a list\n' >"$D/other.yaml"
run -C "$D/repo" --config "$D/other.yaml" lint
check config-not-mapping [ "$STATUS" = 2 ]
check config-not-mapping-message contains "$ERR" "must be a mapping"
rm "$D/repo/.chartci.yaml"
run -C "$D/repo" lint
check no-config-clean [ "$STATUS" = 0 ]

# A directory with no chart is a finding, not a silent pass.
mkdir -p "$D/empty"
run lint "$D/empty"
check no-chart-fails [ "$STATUS" = 1 ]
check no-chart-rule contains "$OUT" "error[chart/file-missing]"

# the README's first command: the pipeline on the example repository stops at its broken chart
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
	run -C "$EX" ci --no-publish
	outcome readme-ci 1 "charts/worker/Chart.yaml:8:11: error[chart/field-type]: keywords must be a list"
	check readme-ci-changed contains "$OUT" "4 of 4 charts changed since each chart's release tag"
	check readme-ci-writes-nothing [ -z "$(git -C "$ROOT" status --porcelain -- examples)" ]
fi
