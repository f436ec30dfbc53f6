#!/usr/bin/env bash
# Hostile and broken input: each case must end in a clear finding with a
# position and exit status 1, never a crash, a hang or unbounded memory.
. "$(dirname "$0")/lib.sh"
D=$(scratch)

mkchart() { # mkchart DIR [CHART.YAML CONTENT]
	mkdir -p "$1"
	printf '%s' "${2:-apiVersion: v2
name: $(basename "$1")
version: 1.0.0
}" >"$1/Chart.yaml"
}

# A billion-laughs alias bomb in values.yaml.
mkchart "$D/bomb"
{
	echo 'a: &a ["x","x","x","x","x","x","x","x","x"]'
	prev=a
	for l in b c d e f g h i; do
		printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' $l $l $prev $prev $prev $prev $prev $prev $prev $prev $prev
		prev=$l
	done
} >"$D/bomb/values.yaml"
run lint "$D/bomb"
check alias-bomb-status [ "$STATUS" = 1 ]
# the alias that crosses the expansion bound is named: *e on line 6
check alias-bomb-finding contains "$OUT" "bomb/values.yaml:6:8: error[yaml/limit]"
check alias-bomb-message contains "$OUT" "alias bomb"
check alias-bomb-rule contains "$OUT" "error[yaml/limit]"

# 10,000-deep nesting, flow and block.
mkchart "$D/deep"
{ printf 'x: '; head -c 10000 /dev/zero | tr '\0' '['; echo; } >"$D/deep/values.yaml"
run lint "$D/deep"
check deep-flow-status [ "$STATUS" = 1 ]
check deep-flow-rule contains "$OUT" "error[yaml/limit]"
mkchart "$D/deepblock"
awk 'BEGIN { for (i = 0; i < 10000; i++) { printf "%*sk%d:\n", i, "", i } }' >"$D/deepblock/values.yaml"
run lint "$D/deepblock"
check deep-block-status [ "$STATUS" = 1 ]
check deep-block-rule contains "$OUT" "error[yaml/limit]"

# Invalid UTF-8 and a NUL byte in Chart.yaml: the position of the bad byte.
mkdir -p "$D/utf8"
printf 'apiVersion: v2\nname: caf\xe9\nversion: 1.0.0\n' >"$D/utf8/Chart.yaml"
run lint "$D/utf8"
check invalid-utf8-status [ "$STATUS" = 1 ]
check invalid-utf8-position contains "$OUT" "utf8/Chart.yaml:2:10: error[yaml/syntax]"
mkdir -p "$D/nul"
printf 'apiVersion: v2\nname: a\x00b\nversion: 1.0.0\n' >"$D/nul/Chart.yaml"
run lint "$D/nul"
check nul-byte-status [ "$STATUS" = 1 ]
check nul-byte-position contains "$OUT" "nul/Chart.yaml:2:8: error[yaml/syntax]"

# A BOM and CRLF line ends are fine.
mkdir -p "$D/bomcrlf"
printf '\xef\xbb\xbfapiVersion: v2\r\nname: bomcrlf\r\nversion: 1.0.0\r\n' >"$D/bomcrlf/Chart.yaml"
run lint "$D/bomcrlf"
check bom-crlf-clean [ "$STATUS" = 0 ]

# A 50 MB values.yaml loads within a memory bound proportional to its size.
mkchart "$D/big"
awk 'BEGIN { for (i = 0; i < 440000; i++) printf "key%d:\n  name: value-%d-abcdefghijklmnopqrstuvwxyz\n  list: [1, 2, 3, \"four\", 5.5, true]\n  nested: {a: 1, b: two}\n", i, i }' >"$D/big/values.yaml"
size=$(stat -c %s "$D/big/values.yaml")
check big-values-size [ "$size" -gt 50000000 ]
if [ -z "${CHARTCI_SANITIZED:-}" ]; then
	# A ceiling on address space of 24 x the input: the tree keeps positions,
	# style and tag for every node (the unit test bounds resident memory closer).
	limit_kb=$((size * 24 / 1024))
	(ulimit -v "$limit_kb"; "$CHARTCI" lint "$D/big" >"$D/big.out" 2>&1)
	STATUS=$?
	OUT=$(cat "$D/big.out")
else
	run lint "$D/big"
fi
check big-values-loads no_crash
check big-values-over-helm-limit contains "$OUT" "error[chart/file-too-large]"
check big-values-no-syntax-error eval '! contains "$OUT" "yaml/"'

# Symlinks: out of the chart, a loop, and a Chart.yaml pointing outside.
mkchart "$D/links"
echo "secret" >"$D/outside.txt"
ln -s "$D/outside.txt" "$D/links/leak.txt"
mkdir -p "$D/links/templates"
ln -s .. "$D/links/templates/loop"
run lint "$D/links"
check symlink-out-status [ "$STATUS" = 1 ]
check symlink-out-finding contains "$OUT" "links/leak.txt: error[chart/unsafe-path]"
check symlink-loop-finding contains "$OUT" "links/templates/loop: error[chart/unsafe-path]"
run files "$D/links"
check symlink-not-packaged eval '! contains "$OUT" "leak.txt"'

mkdir -p "$D/ext"
ln -s "$D/outside.txt" "$D/ext/Chart.yaml"
run lint "$D/ext"
check chartfile-symlink-out contains "$OUT" "ext/Chart.yaml: error[chart/unsafe-path]"
check chartfile-symlink-missing contains "$OUT" "error[chart/file-missing]"

mkdir -p "$D/selfloop"
ln -s selfloop "$D/selfloop/self"
run list "$D/selfloop"
check symlink-dir-loop-walk [ "$STATUS" = 1 ]
check symlink-dir-loop-no-crash no_crash

# A FIFO in a chart is refused without blocking on it.
mkchart "$D/fifo"
mkfifo "$D/fifo/pipe"
run lint "$D/fifo"
check fifo-finding contains "$OUT" "fifo/pipe: error[chart/unsafe-path]"

# Chart.yaml that is not YAML: helm's own broken fixture position.
mkdir -p "$D/broken"
printf 'apiVersion: v2\nname: broken\nversion: 1.0.0\ndependencies:\n  - name: a\n   version: 1\n' >"$D/broken/Chart.yaml"
run lint "$D/broken"
check broken-yaml-status [ "$STATUS" = 1 ]
check broken-yaml-position contains "$OUT" "broken/Chart.yaml:6:4: error[yaml/syntax]"
