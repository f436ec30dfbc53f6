#!/usr/bin/env bash
# Integration tests: the chartci binary on real trees.
#
# Data-driven cases live in tests/integration/cases/<name>/:
#   args      the command line after "chartci" (one line, word-split by bash;
#             $ROOT is the project root, $CASE the case directory)
#   tree/     the working directory (else the case directory)
#   stdout    expected standard output, exactly
#   stderr    expected standard error, exactly (optional; else not compared)
#   status    expected exit status (default 0)
# Scripted tests are tests/integration/t_*.sh, each sourcing lib.sh and
# calling ok/fail per check.
#
# Closes with "integration: N passed, M failed".
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export ROOT
: "${CHARTCI:?CHARTCI must name the chartci binary}"
export NO_COLOR=1
RESULTS=$(mktemp)
export RESULTS
trap 'rm -f "$RESULTS" "$RESULTS.outputs"' EXIT
: >"$RESULTS.outputs"
# Every chartci run, however a script makes it, goes through the sweep.
export CC_REAL_CHARTCI=$CHARTCI CC_SWEEP_FILE=$RESULTS.outputs CHARTCI=$ROOT/tests/lib/sweep-chartci

# The passwords tests hand chartci (CHARTCI_PASSWORD, --password-stdin,
# htpasswd files, helm's repositories.yaml and registry config.json, docker's
# config.json, a registry's token), and the base64 of each user:password pair:
# none may appear in anything chartci printed (tests/lib/sweep-chartci keeps
# it in $RESULTS.outputs).
SECRETS=(t3st-pass s3cret-Pw wrong-Pw Wr0ng-pass not-the-password "s3cret word" echo-t0ken-s3cret)
for pair in chartci:t3st-pass chartci:Wr0ng-pass chartci:not-the-password ci:s3cret-Pw ci:wrong-Pw; do
	SECRETS+=("$(printf %s "$pair" | base64)")
done
secrets_sweep() {
	local s line
	# a sweep that does not see a run made without `run` would prove nothing
	if ! grep -q -F "sweep-canary-$$" "$RESULTS.outputs"; then
		echo "FAIL secrets/sweep-sees-direct-runs: a direct run of \$CHARTCI is not in the sweep"
		echo fail >>"$RESULTS"
		return
	fi
	for s in "${SECRETS[@]}"; do
		line=$(grep -m1 -F -e "$s" "$RESULTS.outputs") || continue
		echo "FAIL secrets/leaked: ${line//"$s"/***}"
		echo fail >>"$RESULTS"
		return
	done
	echo "ok   secrets/leaked"
	echo pass >>"$RESULTS"
}

run_case() {
	local dir=$1 name args want_status out err status cwd
	name=$(basename "$dir")
	args=$(cat "$dir/args")
	want_status=$(cat "$dir/status" 2>/dev/null || echo 0)
	cwd=$dir
	[ -d "$dir/tree" ] && cwd=$dir/tree
	out=$(mktemp) err=$(mktemp)
	(cd "$cwd" && CASE=$dir eval "\"\$CHARTCI\" $args" >"$out" 2>"$err")
	status=$?
	local problems=""
	[ "$status" = "$want_status" ] || problems+="exit status $status, want $want_status; "
	if ! diff -u "$dir/stdout" "$out" >"$out.diff" 2>&1; then
		problems+="stdout differs; "
	fi
	if [ -f "$dir/stderr" ] && ! diff -u "$dir/stderr" "$err" >>"$out.diff" 2>&1; then
		problems+="stderr differs; "
	fi
	if [ -z "$problems" ]; then
		echo "ok   case/$name"
		echo pass >>"$RESULTS"
	else
		echo "FAIL case/$name: $problems"
		cat "$out.diff"
		echo "--- stderr:"; cat "$err"
		echo fail >>"$RESULTS"
	fi
	rm -f "$out" "$err" "$out.diff"
}

"$CHARTCI" semver "sweep-canary-$$" >/dev/null 2>&1
for dir in "$HERE"/cases/*/; do
	[ -f "$dir/args" ] && run_case "${dir%/}"
done
for t in "$HERE"/t_*.sh; do
	[ -f "$t" ] && bash "$t"
done

secrets_sweep

passed=$(grep -c '^pass$' "$RESULTS")
failed=$(grep -c '^fail$' "$RESULTS")
echo "integration: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
