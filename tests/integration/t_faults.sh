#!/usr/bin/env bash
# chartci on a network that fails: lock and deps build against an nginx
# chart repository, and publish to docker-registry, each through the fault
# proxy (tests/lib/faultproxy.c). 500, 502, 503 and 429 (then an answer)
# are retried to success, waiting as long as Retry-After asks; a response
# reset half way is retried; a server that answers 401 forever fails at
# once with the URL named; a stalled request is given up on and retried;
# and after every publish, failed or not, the registry holds the whole
# release or nothing of it.
#
# A request that stalls every time is given up on after four attempts of
# the low-speed window (--timeout 3 here; by default 30 s each, about two
# minutes, which runs only with CHARTCI_SLOW_TESTS=1). An answer cut short,
# by a reset or a clean close, is never taken for the whole.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/lib/servers.sh"
: "${FREEPORT:?}" "${FAULTPROXY:?}"
W=$(scratch)
net_sandbox "$W" # every lock and deps build below names its own cache
export TZ=UTC SOURCE_DATE_EPOCH=1700000000
unset CHARTCI_PASSWORD

# chartci bounded in time: a run that hangs ends with status 124
REAL_CHARTCI=$CHARTCI
printf '#!/bin/sh\nexec timeout 150 "%s" "$@"\n' "$REAL_CHARTCI" >"$W/chartci"
chmod +x "$W/chartci"
CHARTCI=$W/chartci

# proxy UPSTREAM-PORT PATTERN: a fault proxy treating the requests by
# PATTERN (cycled); sets FP (its host:port) and FP_LOG.
N_PROXY=0
proxy() {
	local port i pattern=$2
	N_PROXY=$((N_PROXY + 1))
	port=$(cc_free_port) || return 1
	FP_LOG=$W/proxy-$N_PROXY.log
	: >"$FP_LOG"
	"$FAULTPROXY" "$port" "$1" "$pattern" "$FP_LOG" &
	CC_SERVER_PIDS+=($!)
	FP="127.0.0.1:$port"
	# a connection without a request takes no letter
	for i in $(seq 1 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
		sleep 0.1
	done
	echo "fault proxy on $port did not come up" >&2
	return 1
}
passes() { printf '%s%s' "$1" "$(printf 'p%.0s' $(seq 1 500))"; } # PATTERN, then 500 passes
letters() { grep -c " $1 " "$FP_LOG"; } # how many requests met LETTER
now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.2f", a - b }'; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

# ---- a chart repository on nginx
mkdir -p "$W/repo/src/redis/templates"
printf 'apiVersion: v2\nname: redis\nversion: 17.1.10\n' >"$W/repo/src/redis/Chart.yaml"
head -c 200000 /dev/urandom | base64 >"$W/repo/src/redis/templates/blob.txt" # a body worth cutting in half
tar -czf "$W/repo/redis-17.1.10.tgz" -C "$W/repo/src" redis
printf 'apiVersion: v1\nentries:\n  redis:\n  - apiVersion: v2\n    name: redis\n    version: 17.1.10\n    urls: [redis-17.1.10.tgz]\n    digest: "%s"\ngenerated: "2026-01-01T00:00:00Z"\n' \
	"$(sha256sum "$W/repo/redis-17.1.10.tgz" | cut -d' ' -f1)" >"$W/repo/index.yaml"
cc_server_http "$W/repo" || fail http-server "nginx did not start"
HTTP_PORT=${CC_HTTP##*:}

app() { # DIR REPOSITORY-URL: a chart depending on redis from the repository
	rm -rf "$1" && mkdir -p "$1/templates"
	printf 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: redis\n    version: "~17.1"\n    repository: "%s"\n' "$2" >"$1/Chart.yaml"
}
# net NAME PATTERN: lock then deps build of a fresh chart through a proxy with
# PATTERN in front of the repository (no cache, so every request is made)
net() {
	proxy "$HTTP_PORT" "$(passes "$2")" || { fail "$1-proxy" "fault proxy did not start"; return; }
	app "$W/$1" "http://$FP"
	CHARTCI_CACHE_DIR=$W/cache-$1 run lock "$W/$1"
	outcome "$1-lock" 0 "wrote Chart.lock (redis 17.1.10)"
}

# a stall, then an answer: given up on after the low-speed limit (30 s),
# retried, and the run succeeds; runs while the others go
FAULTPROXY_STALL_S=120 proxy "$HTTP_PORT" "$(passes s)" || fail stall-proxy "fault proxy did not start"
STALL_LOG=$FP_LOG
app "$W/stall" "http://$FP"
(
	trap - EXIT # the servers and scratch are the script's to stop
	started=$(now)
	CHARTCI_CACHE_DIR=$W/cache-stall run lock "$W/stall"
	outcome lock-stall-retried 0 "wrote Chart.lock (redis 17.1.10)"
	check lock-stall-gave-up [ "$(grep -c ' s GET /index.yaml' "$STALL_LOG")" = 1 ]
	check lock-stall-then-asked-again grep -q ' p GET /index.yaml' "$STALL_LOG"
	check lock-stall-waited-for-limit at_least "$(since "$started")" 25
) &
STALL_PID=$!

for f in e:500 b:502 r:503; do
	net "lock-${f#*:}" "${f%%:*}${f%%:*}${f%%:*}"
	check "lock-${f#*:}-retried" [ "$(letters "${f%%:*}")" = 3 ]
	CHARTCI_CACHE_DIR=$W/cache-lock-${f#*:} run deps build "$W/lock-${f#*:}"
	outcome "deps-build-${f#*:}" 0 "saved 1 chart (redis-17.1.10.tgz)"
	check "deps-build-${f#*:}-bytes" cmp "$W/repo/redis-17.1.10.tgz" "$W/lock-${f#*:}/charts/redis-17.1.10.tgz"
done

# 429 with Retry-After: 1, twice: the waits are at least the 2 s asked for
started=$(now)
net lock-429 tt
elapsed=$(since "$started")
check lock-429-retried [ "$(letters t)" = 2 ]
check lock-429-waited at_least "$elapsed" 2
check lock-429-not-stuck at_least 20 "$elapsed"

# an answer cut short, by a reset (x) or by a clean close that only
# Content-Length shows (h): never taken for the whole index or archive, asked
# again; first the index, then the archive (lock: index; deps build: index, archive)
for f in x:reset h:truncated; do
	l=${f%%:*} n=${f#*:}
	net "lock-$n" "$l"
	check "lock-$n-met" [ "$(letters "$l")" = 1 ]
	net "deps-$n" "pp$l"
	CHARTCI_CACHE_DIR=$W/cache-deps-$n run deps build "$W/deps-$n"
	outcome "deps-build-$n" 0 "saved 1 chart (redis-17.1.10.tgz)"
	check "deps-build-$n-met" [ "$(grep -c " $l GET /redis-17.1.10.tgz" "$FP_LOG")" = 1 ]
	check "deps-build-$n-bytes" cmp "$W/repo/redis-17.1.10.tgz" "$W/deps-$n/charts/redis-17.1.10.tgz"
done

# 401 forever: one clear error naming the URL, no retries, no hang
proxy "$HTTP_PORT" u || fail auth-proxy "fault proxy did not start"
app "$W/lock-401" "http://$FP"
started=$(now)
CHARTCI_CACHE_DIR=$W/cache-401 run lock "$W/lock-401"
outcome lock-401 1 "http://$FP/index.yaml"
check lock-401-says-401 contains "$OUT$ERR" 401
check lock-401-not-stuck at_least 20 "$(since "$started")"
check lock-401-no-lock [ ! -e "$W/lock-401/Chart.lock" ]

# ---- publishing to docker-registry
mkchart() { # DIR NAME VERSION
	mkdir -p "$1/templates"
	printf 'apiVersion: v2\nname: %s\nversion: %s\ndescription: d\n' "$2" "$3" >"$1/Chart.yaml"
	printf 'kind: ConfigMap\n' >"$1/templates/cm.yaml"
	head -c 100000 /dev/urandom | base64 >"$1/templates/blob.txt"
}
manifest_layer() { # REPO TAG: the chart layer's digest the registry holds (empty: no such tag)
	curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$R/v2/$1/manifests/$2" |
		jq -r '.layers[]? | select(.mediaType == "application/vnd.cncf.helm.chart.content.v1.tar+gzip") | .digest'
}
# whole_or_nothing NAME CHART VERSION: the tag is absent, or holds this archive
whole_or_nothing() {
	local layer
	layer=$(manifest_layer "charts/$2" "$3")
	if [ -z "$layer" ] || [ "$layer" = "sha256:$(sha256sum "$W/out/$2-$3.tgz" | cut -c1-64)" ]; then
		ok "$1"
	else
		fail "$1" "the tag holds $layer"
	fi
}
cc_server_registry || fail registry "docker-registry did not start"
R=$CC_REGISTRY REG_PORT=${R##*:}
for c in c500 c502 c503 c429 creset cstall c401 cchunk; do mkchart "$W/src/$c" "$c" 1.0.0; done
mkdir -p "$W/src/cchunk/templates" && head -c 30000 /dev/urandom | base64 >"$W/src/cchunk/templates/blob.txt" # several chunks
run package -d "$W/out" "$W"/src/*
check packaged [ "$(ls "$W/out" | wc -l)" = 8 ]

# publish CHART PATTERN: publishes CHART 1.0.0 through a proxy with PATTERN
publish() {
	proxy "$REG_PORT" "$2" || { fail "publish-$1-proxy" "fault proxy did not start"; return; }
	run publish --to "oci://$FP/charts" --plain-http --chunk-size 65536 "$W/out/$1-1.0.0.tgz"
}

# a stall on a request, then answers (in the background, like the lock's)
FAULTPROXY_STALL_S=120 proxy "$REG_PORT" "$(passes ps)" || fail publish-stall-proxy "fault proxy did not start"
PSTALL=$FP PSTALL_LOG=$FP_LOG
(
	trap - EXIT
	run publish --to "oci://$PSTALL/charts" --plain-http "$W/out/cstall-1.0.0.tgz"
	outcome publish-stall-retried 0 "published oci://$PSTALL/charts/cstall:1.0.0"
	check publish-stall-met [ "$(grep -c ' s ' "$PSTALL_LOG")" = 1 ]
	whole_or_nothing publish-stall-whole cstall 1.0.0
	check publish-stall-complete [ -n "$(manifest_layer charts/cstall 1.0.0)" ]
) &
PSTALL_PID=$!

for f in e:500 b:502 r:503 t:429; do
	l=${f%%:*} c=c${f#*:}
	started=$(now)
	publish "$c" "$(passes "p$l$l$l")"
	elapsed=$(since "$started")
	outcome "publish-${f#*:}" 0 "published oci://$FP/charts/$c:1.0.0"
	check "publish-${f#*:}-retried" [ "$(letters "$l")" = 3 ]
	check "publish-${f#*:}-layer" [ "$(manifest_layer "charts/$c" 1.0.0)" = "sha256:$(sha256sum "$W/out/$c-1.0.0.tgz" | cut -c1-64)" ]
	check "publish-${f#*:}-not-stuck" at_least 20 "$elapsed"
done
check publish-429-waited at_least "$elapsed" 3

# every request reset half way through its answer once (after the upstream
# handled it), then answered: each is retried, and the release is published.
# A monolithic upload here; a chunked one below.
proxy "$REG_PORT" xp || fail publish-reset-proxy "fault proxy did not start"
run publish --to "oci://$FP/charts" --plain-http "$W/out/creset-1.0.0.tgz"
outcome publish-reset 0 "published oci://$FP/charts/creset:1.0.0"
check publish-reset-layer [ "$(manifest_layer charts/creset 1.0.0)" = "sha256:$(sha256sum "$W/out/creset-1.0.0.tgz" | cut -c1-64)" ]
check publish-reset-met at_least "$(letters x)" 6
check publish-reset-each-put-met [ "$(grep -c ' x PUT ' "$FP_LOG")" = "$(grep -c ' p PUT ' "$FP_LOG")" ]

# a chunk (PATCH) whose answer is reset: the registry took it, so its retry
# at the same offset is refused; the upload begins again, and completes
proxy "$REG_PORT" "$(passes pppppppx)" || fail publish-chunk-reset-proxy "fault proxy did not start"
run publish --to "oci://$FP/charts" --plain-http --chunk-size 4096 "$W/out/cchunk-1.0.0.tgz"
outcome publish-chunk-reset 0 "published oci://$FP/charts/cchunk:1.0.0"
check publish-chunk-reset-met [ "$(grep -c ' x PATCH ' "$FP_LOG")" = 1 ]
check publish-chunk-reset-began-again [ "$(grep -c ' p POST ' "$FP_LOG")" = 3 ]
check publish-chunk-reset-layer [ "$(manifest_layer charts/cchunk 1.0.0)" = "sha256:$(sha256sum "$W/out/cchunk-1.0.0.tgz" | cut -c1-64)" ]

# 401 forever: an error naming the registry, and nothing published
started=$(now)
publish c401 u
outcome publish-401 1 "$FP"
check publish-401-says-401 contains "$OUT$ERR" 401
check publish-401-not-stuck at_least 20 "$(since "$started")"
check publish-401-nothing [ -z "$(manifest_layer charts/c401 1.0.0)" ]

# a stall on every request: given up on within the timeout asked for
# (--timeout 3 makes the low-speed window 3 s), with an error that says so
FAULTPROXY_STALL_S=600 proxy "$HTTP_PORT" s || fail stall-proxy "fault proxy did not start"
app "$W/stalled" "http://$FP"
started=$(now)
CHARTCI_CACHE_DIR=$W/cache-stalled run lock --timeout 3 "$W/stalled"
elapsed=$(since "$started")
outcome lock-stalled 1 "http://$FP/index.yaml"
check lock-stalled-timeout contains "$OUT$ERR" "no data for 3 s (stalled)"
check lock-stalled-after-retries contains "$OUT$ERR" "gave up after 4 attempts"
check lock-stalled-attempts [ "$(letters s)" = 4 ]
check lock-stalled-bounded at_least 60 "$elapsed"
# the default window, 30 s a try, about two minutes in all: only with CHARTCI_SLOW_TESTS=1
if [ -n "${CHARTCI_SLOW_TESTS:-}" ]; then
	FAULTPROXY_STALL_S=600 proxy "$HTTP_PORT" s || fail stall-proxy-30 "fault proxy did not start"
	app "$W/stalled30" "http://$FP"
	CHARTCI_CACHE_DIR=$W/cache-stalled30 run lock "$W/stalled30"
	outcome lock-stalled-30 1 "http://$FP/index.yaml"
	check lock-stalled-30-timeout contains "$OUT$ERR" "no data for 30 s (stalled)"
fi

wait "$STALL_PID" "$PSTALL_PID"
