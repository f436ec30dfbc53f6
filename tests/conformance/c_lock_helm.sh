#!/usr/bin/env bash
# chartci lock against `helm dependency update` over the same loopback
# repositories: a chart repository (nginx serving what `helm package` and
# `helm repo index` wrote) and an OCI registry (docker-registry, filled by
# `helm push`). For each chart, the lock chartci writes equals helm's but
# for `generated`; `helm dependency build` accepts chartci's lock as in
# sync and downloads what it pins; chartci reads helm's lock as up to date,
# and `chartci deps build` on it fetches the same archives helm fetched.
. "$ROOT/tests/integration/lib.sh"
. "$ROOT/tests/lib/servers.sh"
W=$(scratch)
export HELM_CACHE_HOME=$W/helm-cache HELM_CONFIG_HOME=$W/helm-config HELM_DATA_HOME=$W/helm-data
export HELM_REPOSITORY_CONFIG=$W/repositories.yaml HELM_REGISTRY_CONFIG=$W/registry.json
export CHARTCI_CACHE_DIR=$W/chartci-cache DOCKER_CONFIG=$W/docker

package() { # NAME VERSION
	local d=$W/src/$1
	mkdir -p "$d/templates"
	printf 'apiVersion: v2\nname: %s\nversion: %s\n' "$1" "$2" >"$d/Chart.yaml"
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\n' "$1" >"$d/templates/cm.yaml"
	"$HELM" package "$d" -d "$W/repo" >/dev/null && rm -rf "$d"
}
for v in 1.0.0 1.1.0 1.1.5 1.2.0-rc.1 2.0.0; do package liba $v; done
for v in 0.1.0 0.2.0 0.3.0-beta.2; do package libb $v; done
for v in 3.0.0 3.1.0 3.1.1+build.7; do package libc $v; done
"$HELM" repo index "$W/repo"
mkdir -p "$W/local/templates"
printf 'apiVersion: v2\nname: local\nversion: 0.4.2\n' >"$W/local/Chart.yaml"

if ! cc_server_http "$W/repo" || ! cc_server_registry; then
	fail servers "nginx or docker-registry did not start"
	exit 0
fi
for f in "$W"/repo/libc-*.tgz "$W/repo/libb-0.1.0.tgz" "$W/repo/libb-0.2.0.tgz"; do
	"$HELM" push "$f" "oci://$CC_REGISTRY/charts" --plain-http >/dev/null 2>&1 || fail push "helm push $f"
done
"$HELM" repo add team "$CC_HTTP" >/dev/null || fail repo-add "helm repo add"

chart() { # NAME APIVERSION DEPENDENCIES (a YAML list)
	mkdir -p "$W/charts/$1/templates"
	local file=Chart.yaml
	printf 'apiVersion: %s\nname: %s\nversion: 1.0.0\n' "$2" "$1" >"$W/charts/$1/Chart.yaml"
	[ "$2" = v1 ] && file=requirements.yaml && : >"$W/charts/$1/requirements.yaml"
	[ "$2" = v2 ] && echo "dependencies:" >>"$W/charts/$1/$file"
	[ "$2" = v1 ] && echo "dependencies:" >"$W/charts/$1/$file"
	printf '%s\n' "$3" >>"$W/charts/$1/$file"
}
dep() { printf -- '- name: %s\n  version: "%s"\n  repository: "%s"\n' "$@"; }

chart http v2 "$(dep liba '~1.1' "$CC_HTTP"; dep libb '>=0.1.0-0' "$CC_HTTP/"; dep libc '3.1.x' '@team')"
chart oci v2 "$(dep libc '^3' "oci://$CC_REGISTRY/charts"; dep libb 0.1.0 "oci://$CC_REGISTRY/charts")"
chart mixed v2 "$(dep liba '>=1.0 <2' "$CC_HTTP"; dep libc '~3.0' "oci://$CC_REGISTRY/charts"; dep local '0.4.x' 'file://../../local')
  alias: vendored-local"
chart legacy v1 "$(dep liba '^1.0.0' "$CC_HTTP"; dep libb '*' 'alias:team')"

lockname() { [ -f "$1/requirements.yaml" ] && echo requirements.lock || echo Chart.lock; }

for c in http oci mixed legacy; do
	rm -rf "$W/h" "$W/c" && mkdir -p "$W/h" "$W/c"
	cp -r "$W/charts/$c" "$W/h/$c" && cp -r "$W/charts/$c" "$W/c/$c"
	lf=$(lockname "$W/h/$c")
	"$HELM" dependency update --plain-http "$W/h/$c" >"$W/helm.log" 2>&1
	hs=$?
	run lock --plain-http "$W/c/$c"
	if [ "$hs" != 0 ]; then
		fail "$c/helm-update" "helm dependency update failed: $(tail -3 "$W/helm.log")"
		continue
	fi
	check "$c/chartci-status" [ "$STATUS" = 0 ]
	check "$c/same-lock" diff <(grep -v '^generated:' "$W/h/$c/$lf") <(grep -v '^generated:' "$W/c/$c/$lf")
	# helm builds from chartci's lock without calling it out of sync
	rm -rf "$W/c/$c/charts"
	"$HELM" dependency build --plain-http "$W/c/$c" >"$W/helm.log" 2>&1
	hs=$?
	check "$c/helm-builds-ours" [ "$hs" = 0 ]
	check "$c/helm-in-sync" eval '! grep -qi "out of sync" "$W/helm.log"'
	check "$c/same-downloads" [ "$(ls "$W/h/$c/charts")" = "$(ls "$W/c/$c/charts")" ]
	# and chartci reads helm's lock as it stands
	run lock --check "$W/h/$c"
	check "$c/check-helms" [ "$STATUS" = 0 ]
	before=$(cat "$W/h/$c/$lf")
	run lock --plain-http "$W/h/$c"
	check "$c/helms-up-to-date" all [ "$STATUS" = 0 ] ";;" [ "$before" = "$(cat "$W/h/$c/$lf")" ]
	# chartci deps build on helm's lock fetches the very archives helm fetched
	[ "$c" = mixed ] && continue # file:// dependencies are packaged, not fetched
	rm -rf "$W/d" && cp -r "$W/h/$c" "$W/d" && rm -rf "$W/d/charts"
	run deps build --plain-http "$W/d"
	check "$c/deps-build" [ "$STATUS" = 0 ]
	check "$c/deps-same-archives" diff -r "$W/h/$c/charts" "$W/d/charts"
done
