#!/usr/bin/env bash
# chartci bump: the next version written into Chart.yaml with nothing else
# changed. Hand-made cases for each style (plain, quoted, comments, CRLF, an
# added appVersion, prereleases, refusals), then every Chart.yaml of the
# shared corpus: `bump --minor` changes exactly one line (two with
# --app-version) and the file reads back to the same fields but the version.
. "$(dirname "$0")/lib.sh"
: "${YAML2JSON:?}"
W=$(scratch)

mkc() { mkdir -p "$W/$1/templates" && printf '%b' "$2" >"$W/$1/Chart.yaml"; }

mkc plain '# release notes live elsewhere\napiVersion: v2\nname: plain  # keep me\nversion: 1.2.3\n'
run bump --minor "$W/plain"
outcome plain-status 0 "version 1.2.3 -> 1.3.0"
check plain-bytes diff <(printf '# release notes live elsewhere\napiVersion: v2\nname: plain  # keep me\nversion: 1.3.0\n') "$W/plain/Chart.yaml"

mkc quoted "apiVersion: v2\nname: q\nversion: '0.9.9'  # comment\nappVersion: \"1.10\"\n"
run bump --major --app-version 1.11 "$W/quoted"
outcome quoted-status 0 "version 0.9.9 -> 1.0.0, appVersion 1.11"
check quoted-bytes diff <(printf "apiVersion: v2\nname: q\nversion: '1.0.0'  # comment\nappVersion: \"1.11\"\n") "$W/quoted/Chart.yaml"

mkc crlf 'apiVersion: v2\r\nname: crlf\r\nversion: v2.0.0\r\ndescription: windows\r\n'
run bump --patch --app-version 3.0 "$W/crlf"
outcome crlf-status 0 "version v2.0.0 -> v2.0.1"
check crlf-bytes diff <(printf 'apiVersion: v2\r\nname: crlf\r\nversion: v2.0.1\r\nappVersion: "3.0"\r\ndescription: windows\r\n') "$W/crlf/Chart.yaml"

mkc pre 'apiVersion: v2\nname: pre\nversion: 1.2.3\n'
run bump --minor --prerelease rc "$W/pre"
outcome pre-start 0 "1.2.3 -> 1.3.0-rc.1"
run bump --prerelease rc "$W/pre"
outcome pre-next 0 "1.3.0-rc.1 -> 1.3.0-rc.2"
run bump --finalize "$W/pre"
outcome pre-final 0 "1.3.0-rc.2 -> 1.3.0"

# a plain value that would read as a number is quoted
mkc number 'apiVersion: v2\nname: number\nversion: 1.0.0\nappVersion: latest\n'
run bump --patch --app-version 1.10 "$W/number"
check number-quoted grep -qx 'appVersion: "1.10"' "$W/number/Chart.yaml"

mkc dry 'apiVersion: v2\nname: dry\nversion: 0.1.0\n'
before=$(cat "$W/dry/Chart.yaml")
run bump --minor --app-version 1.0.0 --dry-run "$W/dry"
outcome dry-diff 0 "$(printf '@@ -3 +3 @@\n-version: 0.1.0\n+version: 0.2.0\n@@ -3,0 +4 @@\n+appVersion: "1.0.0"')"
check dry-writes-nothing [ "$before" = "$(cat "$W/dry/Chart.yaml")" ]

mkc bad 'apiVersion: v2\nname: bad\nversion: 1.2.x\n'
run bump --minor "$W/bad"
outcome bad-version 1 "Chart.yaml:3:10: error[bump/refused]: version \"1.2.x\" is not a version helm reads"
mkc block 'apiVersion: v2\nname: block\nversion: |\n  1.0.0\n'
run bump --minor "$W/block"
outcome block-refused 1 "error[bump/refused]"
check block-kept grep -q '^version: |' "$W/block/Chart.yaml"
run bump "$W/plain"
outcome no-part 2 "say what to bump"
run bump --minor --major "$W/plain"
outcome two-parts 2 "give one of"

# every Chart.yaml of the corpus
C=${CHARTCI_SHARED:-$ROOT/../shared}/corpora/charts
n=0 one=0 refused=0 other=0 same=0
args=()
while IFS= read -r f; do
	n=$((n + 1))
	mkdir -p "$W/corpus/$n" && cp "$f" "$W/corpus/$n/Chart.yaml" && cp "$f" "$W/corpus/$n/orig.yaml"
	args+=("$W/corpus/$n")
done < <(find "$C" -name Chart.yaml -not -path '*/templates/*' | sort)
"$CHARTCI" bump --minor -q --format json "${args[@]}" >"$W/bump.json" 2>/dev/null
# one process for all: lines that differ per pair, then the fields but the version
awk 'FNR == 1 { if (NR > 1) flush(); pair = FILENAME; sub(/\/[^/]*$/, "", pair) }
	FILENAME ~ /orig.yaml$/ { o[FNR] = $0; on = FNR; next }
	{ nw[FNR] = $0; nn = FNR }
	function flush(   i, d, m) { if (nn == 0) return; d = 0; m = on > nn ? on : nn
		for (i = 1; i <= m; i++) if (o[i] != nw[i]) d++
		print d; delete o; delete nw; on = nn = 0 }
	END { flush() }' $(for d in "${args[@]}"; do echo "$d/orig.yaml $d/Chart.yaml"; done) >"$W/changed"
refused=$(grep -cx 0 "$W/changed")
one=$(grep -cx 1 "$W/changed")
other=$(grep -cvx '[01]' "$W/changed")
mapfile -t counts <"$W/changed"
bumped=()
for i in "${!args[@]}"; do [ "${counts[$i]:-0}" != 0 ] && bumped+=("${args[$i]}"); done
"$YAML2JSON" $(printf '%s/orig.yaml\n' "${bumped[@]}") 2>/dev/null | jq -cS 'del(.version)' >"$W/before"
"$YAML2JSON" $(printf '%s/Chart.yaml\n' "${bumped[@]}") 2>/dev/null | jq -cS 'del(.version)' >"$W/after"
same=$(paste "$W/before" "$W/after" | awk -F '\t' '$1 == $2 && $1 != "null"' | wc -l)
found=$(jq '.findings | length' "$W/bump.json")
echo "bump corpus: $n Chart.yaml files, $one changed in exactly one line, $other otherwise, $refused refused ($found findings); $same read back the same but the version"
check corpus-one-line [ "$other" = 0 ] && [ "$one" -gt 700 ]
check corpus-refusals-reported [ "$found" = "$refused" ]
check corpus-same-fields [ "$same" = "$one" ]
check corpus-all-seen [ "$((one + other + refused))" = "$n" ]
