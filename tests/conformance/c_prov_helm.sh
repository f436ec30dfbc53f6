#!/usr/bin/env bash
# Provenance both ways: helm verify accepts what chartci package --sign
# writes, and chartci verify accepts what helm package --sign writes, with
# a key made here; each refuses the other's file once the archive changed.
. "$ROOT/tests/integration/lib.sh"
W=$(scratch)
export HELM_CONFIG_HOME=$W/helm/config HELM_CACHE_HOME=$W/helm/cache HELM_DATA_HOME=$W/helm/data
export GNUPGHOME=$W/gnupg && mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --pinentry-mode loopback --passphrase '' --quick-gen-key "Release Bot <bot@example.com>" rsa2048 sign never >/dev/null 2>&1
gpg --batch --pinentry-mode loopback --passphrase '' --export-secret-keys >"$W/secring.gpg" 2>/dev/null
gpg --batch --export >"$W/pubring.gpg" 2>/dev/null
gpgconf --kill gpg-agent 2>/dev/null
unset GNUPGHOME
mkdir -p "$W/src/app/templates"
printf 'apiVersion: v2\nname: app\nversion: 1.2.3\ndependencies:\n- name: sub\n  version: 0.1.0\n  repository: file://../sub\n' >"$W/src/app/Chart.yaml"
printf 'kind: ConfigMap\n' >"$W/src/app/templates/cm.yaml"
mkdir -p "$W/src/app/charts/sub" && printf 'apiVersion: v2\nname: sub\nversion: 0.1.0\n' >"$W/src/app/charts/sub/Chart.yaml"

SOURCE_DATE_EPOCH=1700000000 run package --sign --key "Release Bot" --keyring "$W/secring.gpg" -d "$W/ours" "$W/src/app"
check chartci-signs [ "$STATUS" = 0 ]
"$HELM" verify --keyring "$W/pubring.gpg" "$W/ours/app-1.2.3.tgz" >"$W/hv.out" 2>&1
check helm-verifies-chartci eval 'grep -q "Chart Hash Verified: sha256:$(sha256sum "$W/ours/app-1.2.3.tgz" | cut -c1-64)" "$W/hv.out"'
"$HELM" package --sign --key "Release Bot" --keyring "$W/secring.gpg" -d "$W/theirs" "$W/src/app" >"$W/hp.out" 2>&1
check helm-signs [ -s "$W/theirs/app-1.2.3.tgz.prov" ]
run verify --keyring "$W/pubring.gpg" "$W/theirs/app-1.2.3.tgz"
outcome chartci-verifies-helm 0 "Signed by: Release Bot <bot@example.com>"
# the same messages both ways: the metadata part of the two .prov files agrees
msg() { sed -n '/^Hash:/,/^-----BEGIN PGP SIGNATURE/p' "$1" | sed '1,2d;$d' | sed '/^files:/,$d'; }
check same-metadata-message [ "$(msg "$W/ours/app-1.2.3.tgz.prov")" = "$(msg "$W/theirs/app-1.2.3.tgz.prov")" ]
cp "$W/theirs/app-1.2.3.tgz.prov" "$W/ours/app-1.2.3.tgz.prov"
run verify --keyring "$W/pubring.gpg" "$W/ours/app-1.2.3.tgz"
outcome other-archive 1 "sha256 sum does not match for app-1.2.3.tgz"
"$HELM" verify --keyring "$W/pubring.gpg" "$W/ours/app-1.2.3.tgz" >/dev/null 2>&1
check helm-agrees-other-archive [ "$?" != 0 ]
