#!/usr/bin/env bash
# Provenance: chartci verify on helm's own signed chart (helm-vectors/prov)
# with each of helm's refusals; package --sign with keys made here by
# GnuPG (with and without a passphrase, an ambiguous id), what it signs
# verified by chartci; and publish carrying the .prov to a registry (a
# second layer), a WebDAV repository and a git branch.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/lib/servers.sh"
W=$(scratch)
export TZ=UTC SOURCE_DATE_EPOCH=1700000000
V=${CHARTCI_SHARED:-$ROOT/../shared}/corpora/helm-vectors/prov
mkdir -p "$W/v" && cp "$V"/* "$W/v/" && chmod u+w "$W"/v/*

run verify --keyring "$W/v/pubring.gpg" "$W/v/signed-0.1.0.tgz"
outcome helm-signed 0 "$(printf 'Signed by: Helm Tester <tester@example.com>\nUsing Key With Fingerprint: 15EE29150DAEF0CF894459AF158BCDABDD32D67B\nChart Hash Verified: sha256:f52714a8faeea6d6542054e2a3d6320585df5835e6467224e71c352a81fe8dd1')"
cp "$W/v/signed-0.1.0.tgz" "$W/v/renamed-0.1.0.tgz" && cp "$W/v/signed-0.1.0.tgz.prov" "$W/v/renamed-0.1.0.tgz.prov"
run verify --keyring "$W/v/pubring.gpg" "$W/v/renamed-0.1.0.tgz"
outcome renamed 1 'provenance does not contain a SHA for a file named "renamed-0.1.0.tgz"'
printf x >>"$W/v/renamed-0.1.0.tgz" && mv "$W/v/renamed-0.1.0.tgz" "$W/v/signed-0.1.0.tgz"
run verify --keyring "$W/v/pubring.gpg" "$W/v/signed-0.1.0.tgz"
outcome tampered 1 "sha256 sum does not match for signed-0.1.0.tgz"
run verify --keyring "$W/v/pubring.gpg" "$W/v/missing.tgz"
outcome missing 1 "missing.tgz"
cp "$W/v/pubring.gpg" "$W/v/lonely.tgz"
run verify --keyring "$W/v/pubring.gpg" "$W/v/lonely.tgz"
outcome no-prov 1 "could not load provenance file $W/v/lonely.tgz.prov"
run verify --keyring "$W/v/pubring.gpg" "$W/v"
outcome directory 1 "unpacked charts cannot be verified"
run verify --keyring "$W/v/pubring.gpg" "$W/v/pubring.gpg"
outcome not-tgz 1 "chart must be a tgz file"
printf 'not a signature\n' >"$W/v/lonely.tgz.prov"
run verify --keyring "$W/v/pubring.gpg" "$W/v/lonely.tgz"
outcome no-block 1 "signature block not found"

# keys made here, in a GnuPG home of the test's own
export GNUPGHOME=$W/gnupg && mkdir -m 700 "$GNUPGHOME"
gen() { gpg --batch --quiet --pinentry-mode loopback --passphrase "$2" --quick-gen-key "$1" rsa2048 sign never >/dev/null 2>&1; }
gen "Chart Signer <signer@example.com>" "" && gen "Other Signer <other@example.com>" "" &&
	gen "Locked Signer <locked@example.org>" "s3cret word"
gpg --batch --pinentry-mode loopback --passphrase "s3cret word" --export-secret-keys >"$W/secring.gpg" 2>/dev/null
gpg --batch --export >"$W/pubring.gpg" 2>/dev/null
gpg --batch --export "Other Signer" >"$W/other.gpg" 2>/dev/null
gpgconf --kill gpg-agent 2>/dev/null
unset GNUPGHOME
check keys-made [ -s "$W/secring.gpg" ]

mkchart() { mkdir -p "$1/templates" && printf 'apiVersion: v2\nname: %s\nversion: 1.0.0\n' "$2" >"$1/Chart.yaml" && printf 'kind: ConfigMap\n' >"$1/templates/cm.yaml"; }
mkchart "$W/src/signed" signed
run package --sign --key "Chart Signer" --keyring "$W/secring.gpg" -d "$W/out" "$W/src/signed"
outcome signs 0 "$W/out/signed-1.0.0.tgz"
check prov-written [ -s "$W/out/signed-1.0.0.tgz.prov" ]
check prov-hash-sha512 contains "$(head -2 "$W/out/signed-1.0.0.tgz.prov")" "Hash: SHA512"
check prov-message contains "$(cat "$W/out/signed-1.0.0.tgz.prov")" "$(printf 'name: signed\nversion: 1.0.0\n\n...\nfiles:\n  signed-1.0.0.tgz: sha256:%s' "$(sha256sum "$W/out/signed-1.0.0.tgz" | cut -c1-64)")"
run verify --keyring "$W/pubring.gpg" "$W/out/signed-1.0.0.tgz"
outcome verifies 0 "Signed by: Chart Signer <signer@example.com>"
run verify --keyring "$W/other.gpg" "$W/out/signed-1.0.0.tgz"
outcome unknown-signer 1 "openpgp: signature made by unknown entity"
run package --sign --key "example.com" --keyring "$W/secring.gpg" -d "$W/out2" "$W/src/signed"
outcome ambiguous 2 'more than one key contain the id "example.com"'
check ambiguous-nothing [ ! -e "$W/out2/signed-1.0.0.tgz" ]
run package --sign --key "Nobody" --keyring "$W/secring.gpg" -d "$W/out2" "$W/src/signed"
outcome no-such-key 2 'private key not found'
printf 's3cret word\n' >"$W/pass"
run package --sign --key "Locked Signer" --keyring "$W/secring.gpg" --passphrase-file "$W/pass" -d "$W/out3" "$W/src/signed"
outcome passphrase 0 "$W/out3/signed-1.0.0.tgz"
run verify --keyring "$W/pubring.gpg" "$W/out3/signed-1.0.0.tgz"
outcome passphrase-verifies 0 "Signed by: Locked Signer <locked@example.org>"
printf 'wrong\n' >"$W/badpass"
run package --sign --key "Locked Signer" --keyring "$W/secring.gpg" --passphrase-file "$W/badpass" -d "$W/out4" "$W/src/signed"
outcome bad-passphrase 2 "signing"
check bad-passphrase-nothing [ ! -e "$W/out4/signed-1.0.0.tgz" ]
run package --sign -d "$W/out5" "$W/src/signed"
outcome needs-key 2 "--key is required for signing a package"
check no-gnupg-homes-left [ -z "$(ls "${TMPDIR:-/tmp}" | grep '^chartci-gpg-' || true)" ]

# the .prov travels with the archive
cc_server_registry || fail registry-starts "docker-registry did not come up"
run publish --to "oci://$CC_REGISTRY/charts" --plain-http "$W/out/signed-1.0.0.tgz"
outcome oci-published 0 "published oci://$CC_REGISTRY/charts/signed:1.0.0"
check oci-prov-layer eval 'curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$CC_REGISTRY/v2/charts/signed/manifests/1.0.0" | jq -e "[.layers[].mediaType] | sort == [\"application/vnd.cncf.helm.chart.content.v1.tar+gzip\", \"application/vnd.cncf.helm.chart.provenance.v1.prov\"]" >/dev/null'
mkdir -p "$W/dav" && cc_server_dav "$W/dav" || fail dav-starts "apache2 did not come up"
run publish --to "$CC_DAV" "$W/out/signed-1.0.0.tgz"
outcome dav-published 0 "published $CC_DAV/signed-1.0.0.tgz"
check dav-prov cmp "$W/dav/signed-1.0.0.tgz.prov" "$W/out/signed-1.0.0.tgz.prov"
git_sandbox "$W"
R=$W/site && mkdir -p "$R" && g init -b main && printf x >"$R/x" && g add -A && g commit -m init
run publish --to "git+file://$R#gh-pages" "$W/out/signed-1.0.0.tgz"
outcome git-published 0 "published git+file://$R#gh-pages:signed-1.0.0.tgz"
check git-prov cmp <(git -C "$R" show gh-pages:signed-1.0.0.tgz.prov) "$W/out/signed-1.0.0.tgz.prov"
