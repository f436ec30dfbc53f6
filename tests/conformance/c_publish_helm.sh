#!/usr/bin/env bash
# What chartci publishes, helm installs; what helm pushed, chartci
# recognises. On loopback: Debian's docker-registry and Apache's WebDAV.
#   OCI: helm pull of what chartci pushed gives the archive chartci
#   packaged (same sha256), helm show chart reads it, helm dependency
#   update resolves a dependency on it into a lock chartci agrees with;
#   an archive helm pushed, chartci publishes as already published.
#   HTTP: helm repo add on the index chartci wrote, search -l lists every
#   version, pull gives the same bytes, and helm repo index, given the
#   same archives, writes the same entries (created and generated aside).
. "$ROOT/tests/integration/lib.sh"
. "$ROOT/tests/lib/servers.sh"
W=$(scratch)
export HELM_CONFIG_HOME=$W/helm/config HELM_CACHE_HOME=$W/helm/cache HELM_DATA_HOME=$W/helm/data
export TZ=UTC SOURCE_DATE_EPOCH=1700000000
sha() { sha256sum "$1" | cut -c1-64; }

mkchart() { # DIR NAME VERSION
	mkdir -p "$1/templates"
	printf 'apiVersion: v2\nname: %s\nversion: %s\ndescription: A <chart> & more\nhome: https://example.com\nsources:\n- https://github.com/x/y\nmaintainers:\n- name: Alice\n  email: alice@example.com\n- name: Bob\nappVersion: "1.16"\n' "$2" "$3" >"$1/Chart.yaml"
	printf 'replicas: 1\n' >"$1/values.yaml"
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n' >"$1/templates/cm.yaml"
}
mkchart "$W/src/web" web 1.2.3+build.7
mkchart "$W/src/web2" web 1.3.0
mkchart "$W/src/api" api 0.1.0
run package -d "$W/out" "$W/src/web" "$W/src/web2" "$W/src/api"
check packaged [ "$STATUS" = 0 ]

cc_server_registry || fail registry-starts "docker-registry did not come up"
R=$CC_REGISTRY
run publish --to "oci://$R/charts" --plain-http "$W/out"
check oci-published [ "$STATUS" = 0 ]
mkdir -p "$W/pulled"
"$HELM" pull "oci://$R/charts/web" --version 1.2.3+build.7 --plain-http -d "$W/pulled" >"$W/pull.log" 2>&1
check oci-helm-pull [ "$(sha "$W/pulled/web-1.2.3+build.7.tgz" 2>/dev/null)" = "$(sha "$W/out/web-1.2.3+build.7.tgz")" ]
"$HELM" show chart "oci://$R/charts/api" --version 0.1.0 --plain-http >"$W/show" 2>&1
check oci-helm-show eval 'grep -qx "name: api" "$W/show" && grep -qx "version: 0.1.0" "$W/show"'

# a dependency on the registry: helm resolves it, and the lock is the one chartci writes
mkdir -p "$W/app/templates"
printf 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n- name: web\n  version: ">=1.0.0"\n  repository: oci://%s/charts\n' "$R" >"$W/app/Chart.yaml"
cp -a "$W/app" "$W/app-chartci"
"$HELM" dependency update "$W/app" --plain-http >"$W/dep.log" 2>&1
check oci-helm-dependency-update [ "$(sha "$W/app/charts/web-1.3.0.tgz" 2>/dev/null)" = "$(sha "$W/out/web-1.3.0.tgz")" ]
run lock --plain-http "$W/app-chartci"
check oci-lock-agrees eval '[ "$(grep -v "^generated:" "$W/app/Chart.lock")" = "$(grep -v "^generated:" "$W/app-chartci/Chart.lock")" ]'

# what helm pushed, chartci recognises as published
mkchart "$W/src/byhelm" byhelm 2.0.0
"$HELM" package "$W/src/byhelm" -d "$W/helmout" >/dev/null 2>&1
"$HELM" push "$W/helmout/byhelm-2.0.0.tgz" "oci://$R/charts" --plain-http >"$W/push.log" 2>&1
run publish --to "oci://$R/charts" --plain-http "$W/helmout/byhelm-2.0.0.tgz"
outcome oci-helm-pushed-already 0 "already published oci://$R/charts/byhelm:2.0.0"

# a chart repository over WebDAV
mkdir -p "$W/dav"
cc_server_dav "$W/dav" || fail dav-starts "apache2 did not come up"
run publish --to "$CC_DAV" "$W/out"
check http-published [ "$STATUS" = 0 ]
"$HELM" repo add cc "$CC_DAV" >"$W/repo.log" 2>&1
check http-helm-repo-add [ "$?" = 0 ]
"$HELM" search repo cc/ -l --devel -o json >"$W/search.json" 2>&1
check http-helm-search eval '[ "$(jq -r "[.[] | \"\(.name) \(.version)\"] | sort | join(\", \")" "$W/search.json")" = "cc/api 0.1.0, cc/web 1.2.3+build.7, cc/web 1.3.0" ]'
mkdir -p "$W/pulled-http"
"$HELM" pull cc/web --version 1.3.0 -d "$W/pulled-http" >"$W/pull2.log" 2>&1
check http-helm-pull [ "$(sha "$W/pulled-http/web-1.3.0.tgz" 2>/dev/null)" = "$(sha "$W/out/web-1.3.0.tgz")" ]
mkdir -p "$W/theirs" && cp "$W"/out/*.tgz "$W/theirs/"
"$HELM" repo index "$W/theirs" >/dev/null 2>&1
strip() { grep -v -E '^ *"?(created|generated)"?: ' "$1"; }
check http-index-as-helm diff <(strip "$W/theirs/index.yaml") <(strip "$W/dav/index.yaml")
