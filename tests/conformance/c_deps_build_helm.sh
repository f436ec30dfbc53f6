#!/usr/bin/env bash
# chartci deps build against `helm dependency build` for file://
# dependencies, on the same chart and lock: both write the same archive
# name into charts/, with the same members in the same order and the same
# bytes in each (chartci's mtimes and deflate differ by design, see
# docs/package.md); both refuse a directory whose version left the lock,
# and a directory that is gone.
. "$ROOT/tests/integration/lib.sh"
W=$(scratch)
export HELM_CACHE_HOME=$W/helm-cache HELM_CONFIG_HOME=$W/helm-config HELM_DATA_HOME=$W/helm-data
export HELM_REPOSITORY_CONFIG=$W/repositories.yaml HELM_REGISTRY_CONFIG=$W/registry.json
export CHARTCI_CACHE_DIR=$W/chartci-cache DOCKER_CONFIG=$W/docker

R=$W/mono
mkdir -p "$R/lib/templates/sub" "$R/lib/files" "$R/lib/charts/inner/templates" "$R/app/templates"
printf 'apiVersion: v2\nname: lib\nversion: 0.1.2\n# dropped by helm\ndescription: a library\nkeywords: [b, a]\nappVersion: 1.0\n' >"$R/lib/Chart.yaml"
printf 'replicas: 1\n' >"$R/lib/values.yaml"
printf '{"type": "object"}\n' >"$R/lib/values.schema.json"
printf 'kind: ConfigMap\n' >"$R/lib/templates/cm.yaml"
printf '{{- define "x" }}{{ end }}\n' >"$R/lib/templates/sub/_h.tpl"
printf 'ignored\n' >"$R/lib/files/skip.txt"
printf 'kept\n' >"$R/lib/files/keep.txt"
printf 'files/skip.txt\n*.bak\n' >"$R/lib/.helmignore"
printf 'old\n' >"$R/lib/values.bak"
printf 'apiVersion: v2\nname: inner\nversion: 3.0.0\n' >"$R/lib/charts/inner/Chart.yaml"
printf 'kind: Secret\n' >"$R/lib/charts/inner/templates/s.yaml"
printf 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n- name: lib\n  version: ~0.1\n  repository: file://../lib\n' >"$R/app/Chart.yaml"
git init -q "$R"

"$HELM" dependency update "$R/app" >"$W/helm.log" 2>&1 || fail helm-update "$(tail -3 "$W/helm.log")"
cp -r "$R/app" "$R/c"
rm -rf "$R/app/charts" "$R/c/charts"
sed -i 's/^name: app/name: c/' "$R/c/Chart.yaml"

"$HELM" dependency build "$R/app" >"$W/helm.log" 2>&1
check helm-builds [ "$?" = 0 ]
run deps build "$R/c"
outcome chartci-builds 0 "saved 1 chart (lib-0.1.2.tgz)"
check same-names [ "$(ls "$R/app/charts")" = "$(ls "$R/c/charts")" ]
check same-members diff <(tar -tzf "$R/app/charts/lib-0.1.2.tgz") <(tar -tzf "$R/c/charts/lib-0.1.2.tgz")
mkdir -p "$W/x/h" "$W/x/c"
tar -xzf "$R/app/charts/lib-0.1.2.tgz" -C "$W/x/h" && tar -xzf "$R/c/charts/lib-0.1.2.tgz" -C "$W/x/c"
check same-bytes diff -r "$W/x/h" "$W/x/c"

# the lock pins 0.1.2: a directory now at 0.1.3 is refused by both
sed -i 's/^version: 0.1.2/version: 0.1.3/' "$R/lib/Chart.yaml"
"$HELM" dependency build "$R/app" >"$W/helm.log" 2>&1
hs=$?
check helm-refuses-moved all [ "$hs" != 0 ] ";;" grep -q "can't get a valid version" "$W/helm.log"
run deps build "$R/c"
outcome chartci-refuses-moved 1 "can't get a valid version"
sed -i 's/^version: 0.1.3/version: 0.1.2/' "$R/lib/Chart.yaml"

mv "$R/lib" "$R/gone"
"$HELM" dependency build "$R/app" >"$W/helm.log" 2>&1
hs=$?
check helm-refuses-missing all [ "$hs" != 0 ] ";;" grep -q "lib not found" "$W/helm.log"
run deps build "$R/c"
outcome chartci-refuses-missing 1 "lib not found"
