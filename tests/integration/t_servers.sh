#!/usr/bin/env bash
# The loopback server helper the network tests build on: a real OCI registry
# (docker-registry) and a real HTTP server (nginx), each on a free port,
# answering, and gone after cc_servers_stop.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/lib/servers.sh"
: "${FREEPORT:?}"
D=$(scratch)
printf 'apiVersion: v1\nentries: {}\n' >"$D/index.yaml"

if cc_server_registry; then
	check registry-answers eval 'curl -sf "http://$CC_REGISTRY/v2/_catalog" | grep -q repositories'
	check registry-loopback contains "$CC_REGISTRY" "127.0.0.1:"
else
	fail registry-starts "docker-registry did not come up"
fi
if cc_server_http "$D"; then
	check http-serves eval 'curl -sf "$CC_HTTP/index.yaml" | grep -q "apiVersion: v1"'
	check http-404 eval '[ "$(curl -s -o /dev/null -w "%{http_code}" "$CC_HTTP/missing.yaml")" = 404 ]'
else
	fail http-starts "nginx did not come up"
fi
# WebDAV: PUT writes, If-Match and If-None-Match are honoured (publishing's
# compare-and-swap), and with an htpasswd nothing goes without the password
mkdir -p "$D/dav" "$D/davauth"
code() { curl -s -o /dev/null -w "%{http_code}" "$@"; }
if cc_server_dav "$D/dav"; then
	check dav-put eval '[ "$(code -T "$D/index.yaml" "$CC_DAV/index.yaml")" = 201 ]'
	check dav-if-none-match eval '[ "$(code -T "$D/index.yaml" -H "If-None-Match: *" "$CC_DAV/index.yaml")" = 412 ]'
	check dav-if-match-stale eval '[ "$(code -T "$D/index.yaml" -H "If-Match: \"stale\"" "$CC_DAV/index.yaml")" = 412 ]'
	check dav-logs eval 'grep -q "^PUT /index.yaml 412" "$CC_DAV_LOG"'
else
	fail dav-starts "apache2 did not come up"
fi
dav=$CC_DAV
if cc_server_dav "$D/davauth" "$ROOT/tests/data/oci/htpasswd"; then
	check dav-auth-refused eval '[ "$(code -T "$D/index.yaml" "$CC_DAV/index.yaml")" = 401 ]'
	check dav-auth-ok eval '[ "$(code -u chartci:t3st-pass -T "$D/index.yaml" "$CC_DAV/index.yaml")" = 201 ]'
else
	fail dav-auth-starts "apache2 did not come up"
fi
# the fault proxy: passes, refuses, drops (after the upstream answered), in turn
if [ -n "${FAULTPROXY:-}" ]; then
	fp=$(cc_free_port)
	"$FAULTPROXY" "$fp" "${CC_HTTP##*:}" prd "$D/fault.log" &
	CC_SERVER_PIDS+=($!)
	cc_wait_http "http://127.0.0.1:$fp/" # request 1, passed
	check fault-refuses eval '[ "$(code "http://127.0.0.1:$fp/index.yaml")" = 503 ]'
	check fault-drops eval '[ "$(code "http://127.0.0.1:$fp/index.yaml")" = 000 ]'
	check fault-upstream-saw-dropped eval '[ "$(grep -c "^GET /index.yaml 200" "$CC_HTTP_LOG")" = 2 ]'
	check fault-passes eval '[ "$(code "http://127.0.0.1:$fp/index.yaml")" = 200 ]'
	check fault-log eval '[ "$(cut -d" " -f1,2 "$D/fault.log" | tr "\n" " ")" = "1 p 2 r 3 d 4 p " ]'
fi
reg=$CC_REGISTRY http=$CC_HTTP
cc_servers_stop
check dav-stopped eval '! curl -s --max-time 1 "$dav/" >/dev/null'
check registry-stopped eval '! curl -s --max-time 1 "http://$reg/v2/" >/dev/null'
check http-stopped eval '! curl -s --max-time 1 "$http/" >/dev/null'
