#!/usr/bin/env bash
# Runs each cmocka unit test binary and totals the results in one closing
# line, "unit: N passed, M failed", that scripts and CI read.
set -u
passed=0 failed=0 bad=()
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' | tail -n1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p' | tail -n1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ]; then
		bad+=("$(basename "$t")")
		[ -z "${f:-}" ] && failed=$((failed + 1))
	fi
done
echo "unit: $passed passed, $failed failed"
if [ ${#bad[@]} -gt 0 ]; then
	echo "failing test programs: ${bad[*]}" >&2
	exit 1
fi
