#!/usr/bin/env bash
# chartci lock against real repositories on loopback: a chart repository
# served by nginx (open, and behind basic auth named in helm's
# repositories.yaml) and an OCI registry (docker-registry) filled the way
# helm push fills it. Checks the versions picked (helm's order, not the
# file's; no prereleases unless asked; only versions with URLs), one index
# fetch per run and a conditional request on the next, --offline from the
# cache, readable failures, and that no password reaches the output.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/lib/servers.sh"
. "$ROOT/tests/lib/oci.sh"
: "${FREEPORT:?}"
W=$(scratch)
net_sandbox "$W"

mkdir -p "$W/repo"
cat >"$W/repo/index.yaml" <<'YAML'
apiVersion: v1
entries:
  redis:
  - apiVersion: v2
    name: redis
    version: 17.1.4
    urls: [charts/redis-17.1.4.tgz]
  - apiVersion: v2
    name: redis
    version: 17.1.10
    urls: [charts/redis-17.1.10.tgz]
  - apiVersion: v2
    name: redis
    version: 17.1.12
    urls: []
  - apiVersion: v2
    name: redis
    version: 17.2.0-beta.1
    urls: [charts/redis-17.2.0-beta.1.tgz]
  - apiVersion: v2
    name: redis
    version: 16.0.0
    urls: [charts/redis-16.0.0.tgz]
  common:
  - apiVersion: v2
    name: common
    version: 2.0.0
    urls: [https://elsewhere.example.com/common-2.0.0.tgz]
generated: "2026-01-01T00:00:00Z"
YAML
cc_server_http "$W/repo" || fail http-server "nginx did not start"
REPO=$CC_HTTP REPO_LOG=$CC_HTTP_LOG

app() { # DIR DEPENDENCY-LINES
	mkdir -p "$1/templates"
	printf 'apiVersion: v2\nname: %s\nversion: 1.0.0\ndependencies:\n%b' "$(basename "$1")" "$2" >"$1/Chart.yaml"
}
dep() { printf '  - name: %s\n    version: "%s"\n    repository: "%s"\n' "$1" "$2" "$3"; }

app "$W/app" "$(dep redis '~17.1' "$REPO")\n$(dep common 2.x "$REPO/")\n"
run lock "$W/app"
check index-status [ "$STATUS" = 0 ]
check index-wrote contains "$OUT" "wrote Chart.lock (redis 17.1.10, common 2.0.0)"
check index-lock-body diff <(sed '/^digest:/,$d' "$W/app/Chart.lock") <(printf 'dependencies:\n- name: redis\n  repository: %s\n  version: 17.1.10\n- name: common\n  repository: %s/\n  version: 2.0.0\n' "$REPO" "$REPO")
check index-fetched-once [ "$(grep -c '^GET /index.yaml 200$' "$REPO_LOG")" = 1 ]
run lock --check "$W/app"
check index-check-clean [ "$STATUS" = 0 ]

before=$(stat -c %Y "$W/app/Chart.lock"; cat "$W/app/Chart.lock")
sleep 1.1
run lock "$W/app"
outcome rerun-up-to-date 0 "up to date"
check rerun-no-write [ "$before" = "$(stat -c %Y "$W/app/Chart.lock"; cat "$W/app/Chart.lock")" ]
check rerun-conditional [ "$(grep -c '^GET /index.yaml 304$' "$REPO_LOG")" = 1 ]

# prereleases only when the constraint names one
app "$W/pre" "$(dep redis '>=17.2.0-0' "$REPO")\n"
run lock "$W/pre"
outcome prerelease 0 "(redis 17.2.0-beta.1)"

# nothing matches: the line, the constraint and what is on offer
app "$W/none" "$(dep redis '~18.0' "$REPO")\n"
run lock "$W/none"
outcome unmatched 1 "Chart.yaml:5:5: error[lock/unresolvable]: can't get a valid version for \"redis\" (repository \"$REPO\", version \"~18.0\"); available versions: 17.2.0-beta.1, 17.1.10, 17.1.4, 16.0.0"
check unmatched-no-lock [ ! -e "$W/none/Chart.lock" ]
app "$W/nochart" "$(dep nosuch 1.x "$REPO")\n"
run lock "$W/nochart"
outcome chart-not-in-repo 1 "nosuch chart not found in repo $REPO"
app "$W/norepo" "$(dep redis 1.x "$REPO/nothere")\n"
run lock "$W/norepo"
outcome not-a-repo 1 "$REPO/nothere/index.yaml is not a chart repository"
printf 'apiVersion: v1\nentries:\n  redis:\n  - name: redis\n    version: 1.0.0\n    urls: 7\n' >"$W/repo/bad.yaml"
mkdir -p "$W/repo/bad" && mv "$W/repo/bad.yaml" "$W/repo/bad/index.yaml"
app "$W/badindex" "$(dep redis 1.x "$REPO/bad")\n"
run lock "$W/badindex"
outcome bad-index 1 "$REPO/bad/index.yaml:6:"

# basic auth, credentials from helm's repositories.yaml, reached as @name
mkdir -p "$W/private"
cp "$W/repo/index.yaml" "$W/private/index.yaml"
printf 'ci:%s\n' "$(openssl passwd -apr1 's3cret-Pw')" >"$W/htpasswd"
cc_server_http "$W/private" "$W/htpasswd" || fail auth-server "nginx did not start"
PRIV=$CC_HTTP
printf 'apiVersion: ""\nrepositories:\n- name: private\n  url: %s\n  username: ci\n  password: s3cret-Pw\n' "$PRIV" >"$W/repositories.yaml"
app "$W/auth" "$(dep redis '16.x' '@private')\n"
run lock --repository-config "$W/repositories.yaml" --verbose "$W/auth"
outcome auth-status 0 "(redis 16.0.0)"
check auth-lock-url grep -q "repository: $PRIV\$" "$W/auth/Chart.lock"
check auth-no-secret eval '! contains "$OUT$ERR" s3cret-Pw'
rm "$W/auth/Chart.lock"
sed 's/s3cret-Pw/wrong-Pw/' "$W/repositories.yaml" >"$W/wrong.yaml"
run lock --repository-config "$W/wrong.yaml" --format json "$W/auth"
outcome auth-refused 1 "401"
check auth-refused-no-secret eval '! contains "$OUT$ERR" wrong-Pw'
check auth-refused-no-lock [ ! -e "$W/auth/Chart.lock" ]

# OCI: tags as helm reads them ('_' is '+', only strict SemVer)
if cc_server_registry; then
	tar -czf "$W/mychart.tgz" -C "$W" app
	for t in 1.0.0 1.2.3_build.7 1.3.0 2.0.0-rc.1 latest v1.4.0; do
		cc_oci_push "$CC_REGISTRY" charts/mychart "$t" "$W/mychart.tgz" >/dev/null || fail "oci-push-$t" "push failed"
	done
	app "$W/oci" "$(dep mychart '~1.2' "oci://$CC_REGISTRY/charts")\n$(dep mychart '>=2.0.0-0' "oci://$CC_REGISTRY/charts")\n$(dep mychart '*' "oci://$CC_REGISTRY/charts")\n"
	run lock --plain-http "$W/oci"
	check oci-status [ "$STATUS" = 0 ]
	check oci-versions contains "$OUT" "(mychart 1.2.3+build.7, mychart 2.0.0-rc.1, mychart 1.3.0)"
	check oci-lock-repo grep -q "repository: oci://$CC_REGISTRY/charts\$" "$W/oci/Chart.lock"
	app "$W/ocimiss" "$(dep other '^1' "oci://$CC_REGISTRY/charts")\n"
	run lock --plain-http "$W/ocimiss"
	outcome oci-unknown-repo 1 "oci://$CC_REGISTRY/charts/other"
	run lock "$W/ocimiss"
	outcome oci-needs-plain-http 1 "error[lock/unresolvable]"
else
	fail registry "docker-registry did not start"
fi

# a registry behind basic auth: credentials from helm's registry config.json
# (base64 `auth`), then from docker's; never printed
if cc_server_registry "$ROOT/tests/data/oci/htpasswd"; then
	tar -czf "$W/private.tgz" -C "$W" app
	cc_oci_push "$CC_REGISTRY" team/private 0.9.0 "$W/private.tgz" chartci:t3st-pass >/dev/null || fail oci-auth-push "push failed"
	app "$W/ociauth" "$(dep private '<1' "oci://$CC_REGISTRY/team")\n"
	run lock --plain-http "$W/ociauth"
	outcome oci-auth-anonymous 1 "401"
	printf '{"auths": {"%s": {"auth": "%s"}}}' "$CC_REGISTRY" "$(printf chartci:t3st-pass | base64)" >"$W/registry.json"
	run lock --plain-http --registry-config "$W/registry.json" --verbose "$W/ociauth"
	outcome oci-auth-helm-config 0 "(private 0.9.0)"
	check oci-auth-no-secret eval '! contains "$OUT$ERR" t3st-pass'
	rm "$W/ociauth/Chart.lock"
	mkdir -p "$W/docker" && printf '{"auths": {"http://%s/v1/": {"username": "chartci", "password": "t3st-pass"}}}' "$CC_REGISTRY" >"$W/docker/config.json"
	DOCKER_CONFIG=$W/docker run lock --plain-http "$W/ociauth"
	outcome oci-auth-docker-config 0 "(private 0.9.0)"
	printf '{"auths": {"%s": {"auth": "%s"}}}' "$CC_REGISTRY" "$(printf chartci:Wr0ng-pass | base64)" >"$W/wrong.json"
	rm "$W/ociauth/Chart.lock"
	run lock --plain-http --registry-config "$W/wrong.json" --format json "$W/ociauth"
	outcome oci-auth-wrong 1 "401"
	check oci-auth-wrong-no-secret eval '! contains "$OUT$ERR" Wr0ng-pass'
else
	fail registry-auth "docker-registry with htpasswd did not start"
fi

# offline: what the cache holds, and a clear failure for what it does not
cc_servers_stop
rm "$W/app/Chart.lock"
run lock --offline "$W/app"
outcome offline-from-cache 0 "wrote Chart.lock (redis 17.1.10, common 2.0.0)"
run lock --offline "$W/norepo"
outcome offline-uncached 1 "offline"
run lock "$W/norepo"
outcome server-down 1 "$REPO/nothere/index.yaml"
