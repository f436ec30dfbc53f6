#!/usr/bin/env bash
# The whole suite, as CI runs it: unit and integration tests, the same under
# AddressSanitizer + UBSan, helm conformance, the JSON-Schema-Test-Suite,
# and a short fuzzing run. Each
# part closes with "<part>: N passed, M failed"; this adds the total.
set -u
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
for target in test asan conformance schema-suite fuzz; do
	echo "=== make $target"
	make --no-print-directory "$target" 2>&1 | tee -a "$log"
	rc=${PIPESTATUS[0]}
	if [ "$rc" -ne 0 ]; then
		echo "=== make $target failed (exit $rc)"
		status=1
	fi
done
p=$(awk '/^[a-z-]+: [0-9]+ passed, [0-9]+ failed$/ { s += $2 } END { print s + 0 }' "$log")
f=$(awk '/^[a-z-]+: [0-9]+ passed, [0-9]+ failed$/ { s += $4 } END { print s + 0 }' "$log")
[ "$status" -eq 0 ] || f=$((f > 0 ? f : 1))
echo "total: $p passed, $f failed"
exit "$status"
