#!/usr/bin/env bash
# Builds seed corpora for the fuzz targets from the inputs others wrote in
# ../shared/corpora (real charts, helm's own outputs, real indexes, the
# JSON-Schema-Test-Suite, Masterminds/semver's vectors), in each target's
# input format, under OUT/<target>/. run.sh reads them beside the project's
# own seeds; the fuzzer never writes there.
#
#   shared-seeds.sh CORPORA OUT
#
# The choice is deterministic (sorted paths, the first ones) and bounded:
# at most MAX files per target and MAX_BYTES each, so that a short run
# spends its seconds fuzzing, not loading.
set -u
C=$1
OUT=$2
MAX=${CHARTCI_FUZZ_SHARED_MAX:-300}
MAX_BYTES=65536
[ -d "$C" ] || exit 0
rm -rf "$OUT"
mkdir -p "$OUT"

# take TARGET: copies the files named on stdin (one per line), small ones only
take() {
	local dir=$OUT/$1 n=0 f
	mkdir -p "$dir"
	while IFS= read -r f && [ "$n" -lt "$MAX" ]; do
		[ -f "$f" ] && [ "$(stat -c %s "$f")" -le "$MAX_BYTES" ] || continue
		n=$((n + 1))
		cp "$f" "$dir/$n"
	done
}

# joined TARGET FILE...: one seed of the files separated by NUL bytes
joined() {
	local dir=$OUT/$1 f first=1
	shift
	mkdir -p "$dir"
	{
		for f in "$@"; do
			[ "$first" = 1 ] || printf '\0'
			first=0
			cat "$f"
		done
	} >"$dir/$(ls "$dir" | wc -l)"
}

charts() { find "$C/charts" -name "$1" -type f 2>/dev/null | LC_ALL=C sort; }

charts Chart.yaml | take edit
{ charts Chart.yaml; charts values.yaml; } | take yaml
charts .helmignore | take helmignore
{ ls "$C"/packages/*.tgz; find "$C/helm-vectors" -name '*.tgz' | LC_ALL=C sort; } | take archive
{ ls "$C"/packages/*.tgz; find "$C/helm-vectors" -name '*.tgz' | LC_ALL=C sort; } | take chartload
{ ls "$C"/indexes/*.yaml; find "$C/helm-vectors/index" "$C/charts" -name '*index*.yaml' | LC_ALL=C sort; } | take index
cp -r "$OUT/index" "$OUT/indexdoc"

# Chart.lock, NUL, its Chart.yaml (fuzz_chartlock takes an even first byte as a Chart.lock)
for d in "$C"/helm-vectors/lock-*/; do
	joined chartlock "$d/Chart.lock" "$d/Chart.yaml"
done

# an OCI reference, NUL, a registry body
for f in "$C"/helm-vectors/oci-push/*.json; do
	mkdir -p "$OUT/ocijson"
	{ printf 'localhost:5000/charts/mychart:1.2.3'; printf '\0'; cat "$f"; } >"$OUT/ocijson/$(basename "$f")"
done

# every version and constraint string of the vectors, one per seed
if command -v jq >/dev/null; then
	mkdir -p "$OUT/semver"
	jq -r '.. | strings | select(length > 0 and length < 64 and (contains("\n") | not))' \
		"$C"/semver/versions.json "$C"/semver/constraints.json 2>/dev/null | LC_ALL=C sort -u | head -n "$MAX" |
		{
			n=0
			while IFS= read -r s; do
				n=$((n + 1))
				printf '%s' "$s" >"$OUT/semver/$n"
			done
		}
	# a JSON-Schema-Test-Suite case: its schema, NUL, its instance
	mkdir -p "$OUT/schema"
	find "$C/json-schema-test-suite/tests/draft7" -maxdepth 1 -name '*.json' | LC_ALL=C sort |
		xargs jq -r '.[] | .schema as $s | .tests[] | (($s | tojson) + "\u0000" + (.data | tojson)) | @base64' 2>/dev/null |
		head -n "$MAX" | {
			n=0
			while IFS= read -r b64; do
				n=$((n + 1))
				base64 -d <<<"$b64" >"$OUT/schema/$n"
			done
		}
fi
exit 0
