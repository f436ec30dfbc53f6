#!/usr/bin/env bash
# `make bench`: runs bench/semver_bench (built by make) on a million mixed
# version strings, then, when Go and Debian's copy of Masterminds/semver are
# installed (apt-get install golang-go golang-github-masterminds-semver-dev),
# times helm's library on the same strings and prints chartci's figures as
# ratios. Without them it says so and prints chartci's figures only.
#   bench/run.sh BUILD_DIR
set -eu
build=${1:-build}
mkdir -p "$build/bench"
input=$build/bench/versions.txt
c_out=$("$build/bench/semver_bench" --write "$input")
printf '%s\n' "$c_out" | grep -v '^RESULT'
printf 'machine: %s, %s core(s), %s\n' "$(uname -m)" "$(nproc)" \
	"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"

src=${MASTERMINDS_SEMVER_DIR:-/usr/share/gocode/src/github.com/Masterminds/semver}
if ! command -v go >/dev/null 2>&1 || [ ! -f "$src/version.go" ]; then
	echo "helm's library: not measured (needs golang-go and golang-github-masterminds-semver-dev)"
	exit 0
fi
gdir=$(cd "$build/bench" && pwd)/go
mkdir -p "$gdir"
cp "$(dirname "$0")/go/main.go" "$gdir/main.go"
version=$(dpkg-query -W -f '${Version}' golang-github-masterminds-semver-dev 2>/dev/null || true)
cat >"$gdir/go.mod" <<MOD
module chartcibench

go 1.18

require github.com/Masterminds/semver/v3 v3.0.0

replace github.com/Masterminds/semver/v3 => $src
MOD
(cd "$gdir" && GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$gdir/cache" go build -o semver_bench_go .)
go_out=$("$gdir/semver_bench_go" "$(cd "$(dirname "$input")" && pwd)/$(basename "$input")")
echo "helm's library: Masterminds/semver ${version:-?} from $src, $(go version | cut -d' ' -f3)"
c_res=$(printf '%s\n' "$c_out" | sed -n 's/^RESULT c //p')
g_res=$(printf '%s\n' "$go_out" | sed -n 's/^RESULT go //p')
for key in loose strict check constraint; do
	c=$(printf '%s\n' "$c_res" | tr ' ' '\n' | sed -n "s/^${key}_ns=//p")
	g=$(printf '%s\n' "$g_res" | tr ' ' '\n' | sed -n "s/^${key}_ns=//p")
	awk -v k="$key" -v c="$c" -v g="$g" 'BEGIN { printf "  %-11s chartci %7.1f ns/op   helm %7.1f ns/op   helm/chartci %5.1fx\n", k, c, g, g / c }'
done
