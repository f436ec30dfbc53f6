#!/usr/bin/env bash
# Runs libFuzzer targets: "short" (each target briefly on its seed corpus,
# as part of the test suite) or "long" (by hand; CHARTCI_FUZZ_SECONDS each,
# default 600, or with CHARTCI_FUZZ_RUNS set, until that many executions
# however long they take). A new crash fails the run and leaves its input
# in build-fuzz/crashes/. Long runs append "target executions seconds" to
# build-fuzz/long.log, the figures docs/hardening.md records.
# CHARTCI_FUZZ_MAX_LEN bounds the input length (default: the longest seed).
# Closes with "fuzz: N passed, M failed".
set -u
mode=$1
shift
secs=${CHARTCI_FUZZ_SECONDS:-$([ "$mode" = long ] && echo 600 || echo 15)}
runs=-1
if [ "$mode" = long ] && [ -n "${CHARTCI_FUZZ_RUNS:-}" ]; then
	runs=$CHARTCI_FUZZ_RUNS
	secs=0 # no time limit: the count ends the run
fi
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p build-fuzz/crashes
# seeds from the corpora others wrote, in each target's format (when ../shared is there)
shared=build-fuzz/shared-seeds
"$HERE/shared-seeds.sh" "${CHARTCI_SHARED:-$HERE/../../../shared}/corpora" "$shared"
passed=0 failed=0
for bin in "$@"; do
	name=$(basename "$bin")
	target=${name#fuzz_}
	seeds=$HERE/seeds/$target
	work=build-fuzz/corpus/$target
	mkdir -p "$work"
	extra=()
	[ -d "$shared/$target" ] && extra=("$shared/$target")
	[ -n "${CHARTCI_FUZZ_MAX_LEN:-}" ] && extra+=(-max_len="$CHARTCI_FUZZ_MAX_LEN")
	dict=()
	[ -f "$HERE/$target.dict" ] && dict=(-dict="$HERE/$target.dict")
	log=build-fuzz/$name.log
	start=$(date +%s)
	if "$bin" -max_total_time="$secs" -runs="$runs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
		-artifact_prefix=build-fuzz/crashes/"$name"- "${dict[@]}" "$work" "$seeds" "${extra[@]}" >"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		took=$(($(date +%s) - start))
		echo "ok   fuzz/$target: ${execs:-?} executions in ${took}s"
		[ "$mode" = long ] && echo "$target ${execs:-?} $took" >>build-fuzz/long.log
		passed=$((passed + 1))
	else
		echo "FAIL fuzz/$target (see $log)"
		tail -n 30 "$log"
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
