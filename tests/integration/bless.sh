#!/usr/bin/env bash
# Writes the current output of chartci as the expected stdout of the named
# data-driven cases (all when none are named). Review the diff before
# committing: a blessed case asserts whatever the binary printed.
#   CHARTCI=build/chartci tests/integration/bless.sh [CASE...]
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CHARTCI=$(cd "$(dirname "${CHARTCI:-$ROOT/build/chartci}")" && pwd)/$(basename "${CHARTCI:-chartci}")
export ROOT CHARTCI NO_COLOR=1
names=("$@")
[ ${#names[@]} -gt 0 ] || names=($(ls "$HERE/cases"))
for n in "${names[@]}"; do
	dir=$HERE/cases/$n
	cwd=$dir
	[ -d "$dir/tree" ] && cwd=$dir/tree
	(cd "$cwd" && CASE=$dir eval "\"\$CHARTCI\" $(cat "$dir/args")" >"$dir/stdout")
	echo "$n: exit $? (expected $(cat "$dir/status" 2>/dev/null || echo 0))"
done
