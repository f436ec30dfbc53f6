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
reg=$CC_REGISTRY http=$CC_HTTP
cc_servers_stop
check registry-stopped eval '! curl -s --max-time 1 "http://$reg/v2/" >/dev/null'
check http-stopped eval '! curl -s --max-time 1 "$http/" >/dev/null'
