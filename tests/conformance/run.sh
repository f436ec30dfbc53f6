#!/usr/bin/env bash
# Conformance: helm v4 is the oracle. Runs every tests/conformance/c_*.sh
# with HELM set, and closes with "conformance: N passed, M failed".
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
: "${CHARTCI:?CHARTCI must name the chartci binary}"
HELM=$("$HERE/install-helm.sh") || { echo "conformance: cannot install helm"; echo "conformance: 0 passed, 1 failed"; exit 1; }
export HELM CHARTCI ROOT
export CHARTCI_SHARED=${CHARTCI_SHARED:-$ROOT/../shared}
echo "conformance oracle: $("$HELM" version --short)"
RESULTS=$(mktemp)
export RESULTS
trap 'rm -f "$RESULTS"' EXIT
for t in "$HERE"/c_*.sh; do
	bash "$t"
done
passed=$(grep -c '^pass$' "$RESULTS")
failed=$(grep -c '^fail$' "$RESULTS")
echo "conformance: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
