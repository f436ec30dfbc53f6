#!/usr/bin/env bash
# TLS and timeouts against real servers on loopback: a test CA made with the
# openssl CLI signs the certificate nginx, Apache (WebDAV) and
# docker-registry serve. Verification is on by default and fails naming the
# URL and the certificate problem; --ca-file (or $CHARTCI_CA_FILE) trusts the
# CA; --insecure-skip-tls-verify gets through with a warning per host;
# .chartci.yaml's per-repository settings cover only that repository and win
# over the flags, which cover the rest; a CA file that is missing or not PEM
# stops the run before any request; publish works over HTTPS; plain HTTP
# warns for a host that is not loopback only; a stalled server is given up
# on with --timeout and says so.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/lib/servers.sh"
: "${FREEPORT:?}" "${FAULTPROXY:?}"
W=$(scratch)
net_sandbox "$W"
export TZ=UTC SOURCE_DATE_EPOCH=1700000000
unset CHARTCI_CA_FILE CHARTCI_INSECURE_SKIP_TLS_VERIFY CHARTCI_TIMEOUT CHARTCI_PASSWORD

cc_tls_certs "$W/tls" || fail certs "openssl could not make the test CA"
CA=$CC_TLS_CA

mkchart() { # DIR NAME VERSION
	mkdir -p "$1/templates"
	printf 'apiVersion: v2\nname: %s\nversion: %s\ndescription: d\n' "$2" "$3" >"$1/Chart.yaml"
	printf 'kind: ConfigMap\n' >"$1/templates/cm.yaml"
}
app() { # DIR DEPENDENCY-LINES
	mkdir -p "$1/templates"
	printf 'apiVersion: v2\nname: %s\nversion: 1.0.0\ndependencies:\n%b' "$(basename "$1")" "$2" >"$1/Chart.yaml"
}
dep() { printf '  - name: %s\n    version: "%s"\n    repository: "%s"\n' "$1" "$2" "$3"; }
requests() { grep -c . "$1" 2>/dev/null || true; }

# two chart repositories over HTTPS, each an index.yaml and an archive
mkchart "$W/src/redis" redis 1.0.0
run package -d "$W/repo" "$W/src/redis"
run index "$W/repo"
check repo-made all test -f "$W/repo/index.yaml" ';;' test -f "$W/repo/redis-1.0.0.tgz"
CC_SERVE_TLS=1 cc_server_http "$W/repo" || fail https-server "nginx did not start with TLS"
REPO=$CC_HTTP REPO_LOG=$CC_HTTP_LOG
CC_SERVE_TLS=1 cc_server_http "$W/repo" || fail https-server-2 "nginx did not start with TLS"
REPO2=$CC_HTTP
check repo-is-https contains "$REPO" "https://127.0.0.1:"

app "$W/one" "$(dep redis 1.x "$REPO")\n"

# verification is on by default: the URL and the certificate problem
run lock "$W/one"
outcome default-verifies 1 "GET $REPO/index.yaml: SSL certificate problem"
check default-says-how contains "$OUT$ERR" "--ca-file"
check default-wrote-nothing [ ! -f "$W/one/Chart.lock" ]

# a CA that signed something else is no better
run lock --ca-file "$CC_TLS_OTHER_CA" "$W/one"
outcome wrong-ca 1 "SSL certificate problem"

run lock --ca-file "$CA" "$W/one"
outcome ca-file 0 "wrote Chart.lock (redis 1.0.0)"
check ca-file-no-warning eval '! grep -q warning <<<"$ERR"'

rm -f "$W/one/Chart.lock"
CHARTCI_CA_FILE=$CA run lock "$W/one"
outcome ca-file-env 0 "wrote Chart.lock (redis 1.0.0)"

# --insecure-skip-tls-verify: through, with one warning for the host
rm -rf "$W/one/Chart.lock" "$W/cache"
run lock --insecure-skip-tls-verify "$W/one"
outcome insecure 0 "wrote Chart.lock (redis 1.0.0)"
check insecure-warns contains "$ERR" "warning: $REPO: insecure-skip-tls-verify: the host's certificate is not verified"
rm -rf "$W/cache"
CHARTCI_INSECURE_SKIP_TLS_VERIFY=true run deps build "$W/one"
outcome insecure-env-deps-build 0 "redis"
check insecure-warns-once [ "$(grep -c 'is not verified' <<<"$ERR")" = 1 ]
check insecure-fetched-archive [ -f "$W/one/charts/redis-1.0.0.tgz" ]
CHARTCI_INSECURE_SKIP_TLS_VERIFY=maybe run lock "$W/one"
outcome insecure-env-bad 2 "CHARTCI_INSECURE_SKIP_TLS_VERIFY: takes true or false, not 'maybe'"

# lock and deps build against the HTTPS repository with the CA: index and archive
rm -rf "$W/one/Chart.lock" "$W/one/charts" "$W/cache"
run lock --ca-file "$CA" "$W/one"
outcome lock-https 0 "wrote Chart.lock (redis 1.0.0)"
run deps build --ca-file "$CA" "$W/one"
outcome deps-build-https 0 "redis"
check deps-build-https-archive cmp -s "$W/one/charts/redis-1.0.0.tgz" "$W/repo/redis-1.0.0.tgz"
check deps-build-https-served [ "$(grep -c 'GET /redis-1.0.0.tgz 200' "$REPO_LOG")" -ge 1 ]

# per-repository settings in .chartci.yaml: relative to the file; that repository only
mkdir -p "$W/cfg"
cat >"$W/cfg/chartci.yaml" <<YAML
repositories:
  good:
    url: $REPO
    ca-file: ../tls/ca.pem
YAML
app "$W/two" "$(dep redis 1.x '@good')\n$(dep redis 1.x "$REPO2")\n"
rm -rf "$W/cache"
run lock --config "$W/cfg/chartci.yaml" "$W/two"
outcome per-repo-other-fails 1 "GET $REPO2/index.yaml: SSL certificate problem"
check per-repo-own-passes eval '! grep -q "$REPO/index.yaml" <<<"$OUT$ERR"'
app "$W/three" "$(dep redis 1.x '@good')\n"
run lock --config "$W/cfg/chartci.yaml" "$W/three"
outcome per-repo-applies 0 "wrote Chart.lock (redis 1.0.0)"

# the flag covers repositories without settings of their own; an entry's own setting wins
cat >"$W/cfg/own-wins.yaml" <<YAML
repositories:
  pinned:
    url: $REPO
    ca-file: ../tls/other-ca.pem
YAML
app "$W/four" "$(dep redis 1.x '@pinned')\n$(dep redis 1.x "$REPO2")\n"
rm -rf "$W/cache"
run lock --config "$W/cfg/own-wins.yaml" --ca-file "$CA" "$W/four"
outcome own-setting-wins 1 "GET $REPO/index.yaml: SSL certificate problem"
check flag-covers-the-rest eval '! grep -q "$REPO2/index.yaml" <<<"$OUT$ERR"'
cat >"$W/cfg/insecure.yaml" <<YAML
repositories:
  lax:
    url: $REPO2
    insecure-skip-tls-verify: true
YAML
app "$W/five" "$(dep redis 1.x '@lax')\n$(dep redis 1.x "$REPO")\n"
rm -rf "$W/cache"
run lock --config "$W/cfg/insecure.yaml" --ca-file "$CA" "$W/five"
outcome per-repo-insecure 0 "wrote Chart.lock"
check per-repo-insecure-warns-that-host contains "$ERR" "${REPO2#https://}: insecure-skip-tls-verify"
check per-repo-insecure-not-the-other eval '! grep -q "${REPO#https://}: insecure" <<<"$ERR"'

# a CA file that is missing or not PEM: an error naming it, before any request
before=$(requests "$REPO_LOG")
run lock --ca-file "$W/no-such-ca.pem" "$W/one"
outcome ca-missing 2 "$W/no-such-ca.pem: cannot read the CA file"
run lock --ca-file "$W/one/Chart.yaml" "$W/one"
outcome ca-not-pem 2 "$W/one/Chart.yaml: the CA file holds no PEM certificate"
cat >"$W/cfg/missing.yaml" <<YAML
repositories:
  gone:
    url: $REPO
    ca-file: gone.pem
YAML
run lock --config "$W/cfg/missing.yaml" "$W/one"
outcome ca-missing-config 2 "$W/cfg/missing.yaml:3:5: repositories: gone: $W/cfg/gone.pem: cannot read the CA file"
check ca-checked-before-requests [ "$(requests "$REPO_LOG")" = "$before" ]

# publish over HTTPS: WebDAV and an OCI registry
mkdir -p "$W/dav/charts"
CC_SERVE_TLS=1 cc_server_dav "$W/dav" || fail dav-tls "Apache did not start with TLS"
run publish --to "$CC_DAV/charts" "$W/repo/redis-1.0.0.tgz"
outcome publish-dav-verifies 1 "SSL certificate problem"
run publish --to "$CC_DAV/charts" --ca-file "$CA" "$W/repo/redis-1.0.0.tgz"
outcome publish-dav-ca 0 "published $CC_DAV/charts/redis-1.0.0.tgz"
check publish-dav-stored cmp -s "$W/dav/charts/redis-1.0.0.tgz" "$W/repo/redis-1.0.0.tgz"
CC_SERVE_TLS=1 cc_server_registry || fail registry-tls "docker-registry did not start with TLS"
run publish --to "oci://$CC_REGISTRY/charts" "$W/repo/redis-1.0.0.tgz"
outcome publish-oci-verifies 1 "SSL certificate problem"
run publish --to "oci://$CC_REGISTRY/charts" --ca-file "$CA" "$W/repo/redis-1.0.0.tgz"
outcome publish-oci-ca 0 "published oci://$CC_REGISTRY/charts/redis:1.0.0"
cat >"$W/cfg/registry.yaml" <<YAML
repositories:
  registry:
    url: oci://$CC_REGISTRY
    ca-file: ../tls/ca.pem
YAML
run publish --config "$W/cfg/registry.yaml" --to "oci://$CC_REGISTRY/charts" "$W/repo/redis-1.0.0.tgz"
outcome publish-oci-config 0 "already published oci://$CC_REGISTRY/charts/redis:1.0.0"

# plain HTTP: a warning for a host that is not this machine, before the attempt; none for loopback
app "$W/far" "$(dep redis 1.x http://charts.invalid/)\n"
run lock "$W/far"
outcome plain-far-fails 1 "charts.invalid"
check plain-far-warns contains "$ERR" "warning: http://charts.invalid: plain HTTP to a host that is not this machine: credentials and charts travel unencrypted"
check plain-far-once [ "$(grep -c 'plain HTTP' <<<"$ERR")" = 1 ]
run publish --to oci://registry.invalid/charts --plain-http "$W/repo/redis-1.0.0.tgz"
check plain-oci-warns contains "$ERR" "warning: http://registry.invalid: plain HTTP"
cc_server_http "$W/repo" || fail http-server "nginx did not start"
PLAIN=$CC_HTTP
app "$W/near" "$(dep redis 1.x "$PLAIN")\n"
run lock "$W/near"
outcome plain-loopback 0 "wrote Chart.lock (redis 1.0.0)"
check plain-loopback-quiet eval '! grep -q "plain HTTP" <<<"$ERR"'
app "$W/near6" "$(dep redis 1.x "http://localhost:${PLAIN##*:}")\n"
run lock "$W/near6"
check plain-localhost-quiet eval '! grep -q "plain HTTP" <<<"$ERR"'

# timeouts: a bad value names where it came from; a stall is given up on and said so
CHARTCI_TIMEOUT=soon run lock "$W/near"
outcome timeout-env-bad 2 "CHARTCI_TIMEOUT: timeout takes a number of seconds from 1 to 86400, not 'soon'"
run lock --timeout 0 "$W/near"
outcome timeout-flag-bad 2 "--timeout: timeout takes a number of seconds"
printf 'timeout: 0\n' >"$W/cfg/timeout.yaml"
run lock --config "$W/cfg/timeout.yaml" "$W/near"
outcome timeout-config-bad 2 "timeout.yaml:1:10"
port=$(cc_free_port)
FAULTPROXY_STALL_S=60 "$FAULTPROXY" "$port" "${PLAIN##*:}" s "$W/stall.log" &
CC_SERVER_PIDS+=($!)
for i in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
app "$W/stalled" "$(dep redis 1.x "http://127.0.0.1:$port")\n"
rm -rf "$W/cache"
started=$(date +%s)
run lock --timeout 2 "$W/stalled"
took=$(($(date +%s) - started))
outcome stall 1 "GET http://127.0.0.1:$port/index.yaml: no data for 2 s (stalled); gave up after 4 attempts"
check stall-not-libcurl-words eval '! grep -qi "too slow" <<<"$OUT$ERR"'
check stall-bounded [ "$took" -le 20 ]
check stall-attempts [ "$(grep -c ' s GET ' "$W/stall.log")" = 4 ]
printf 'timeout: 2\n' >"$W/cfg/timeout2.yaml"
rm -rf "$W/cache"
run lock --config "$W/cfg/timeout2.yaml" "$W/stalled"
outcome stall-config-timeout 1 "no data for 2 s (stalled)"
