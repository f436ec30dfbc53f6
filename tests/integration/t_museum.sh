#!/usr/bin/env bash
# chartci publish to a ChartMuseum API (chartmuseum+http://...), served by
# Apache with tests/lib/museum.cgi (no ChartMuseum can be installed here):
# published once, already published on a re-run, another archive under the
# version refused with nothing sent, --force replacing it, the .prov sent
# along, a password from the environment, and a 401 without it.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/lib/servers.sh"
W=$(scratch)
export TZ=UTC SOURCE_DATE_EPOCH=1700000000
unset CHARTCI_PASSWORD
mkchart() { mkdir -p "$1/templates" && printf 'apiVersion: v2\nname: %s\nversion: 1.0.0\n%s' "$2" "${3:-}" >"$1/Chart.yaml" && printf 'kind: ConfigMap\n' >"$1/templates/cm.yaml"; }
mkchart "$W/a/web" web && mkchart "$W/b/web" web "description: other\n"
run package -d "$W/out" "$W/a/web"
run package -d "$W/out2" "$W/b/web"
mkdir -p "$W/store"
cc_server_museum "$W/store" || fail museum-starts "apache2 did not come up"
M=chartmuseum+$CC_MUSEUM
run publish --to "$M" "$W/out/web-1.0.0.tgz"
outcome published 0 "published $CC_MUSEUM/charts/web-1.0.0.tgz (sha256:$(sha256sum "$W/out/web-1.0.0.tgz" | cut -c1-64))"
check stored cmp "$W/store/web-1.0.0.tgz" "$W/out/web-1.0.0.tgz"
check posted eval 'grep -q "^POST /api/charts 201" "$CC_MUSEUM_LOG"'
run publish --to "$M/" "$W/out/web-1.0.0.tgz"
outcome already 0 "already published $CC_MUSEUM/charts/web-1.0.0.tgz"
check already-no-post [ "$(grep -c '^POST /api/charts' "$CC_MUSEUM_LOG")" = 1 ]
run publish --to "$M" "$W/out2/web-1.0.0.tgz"
outcome exists 1 "error[publish/exists]: web 1.0.0 is already published in $CC_MUSEUM with another archive"
check exists-kept cmp "$W/store/web-1.0.0.tgz" "$W/out/web-1.0.0.tgz"
run publish --to "$M" --dry-run "$W/out2/web-1.0.0.tgz"
outcome dry-run-exists 1 "publish/exists"
run publish --to "$M" --force "$W/out2/web-1.0.0.tgz"
outcome forced 0 "published $CC_MUSEUM/charts/web-1.0.0.tgz"
check forced-stored cmp "$W/store/web-1.0.0.tgz" "$W/out2/web-1.0.0.tgz"
# a .prov beside the archive goes to /api/prov
mkchart "$W/c/api" api && run package -d "$W/out3" "$W/c/api"
printf -- '-----BEGIN PGP SIGNED MESSAGE-----\n\nfiles:\n  api-1.0.0.tgz: sha256:%s\n' "$(sha256sum "$W/out3/api-1.0.0.tgz" | cut -c1-64)" >"$W/out3/api-1.0.0.tgz.prov"
run publish --to "$M" "$W/out3/api-1.0.0.tgz"
outcome with-prov 0 "published $CC_MUSEUM/charts/api-1.0.0.tgz"
check prov-stored cmp "$W/store/api-1.0.0.tgz.prov" "$W/out3/api-1.0.0.tgz.prov"
# with a password
mkdir -p "$W/store2"
cc_server_museum "$W/store2" "$ROOT/tests/data/oci/htpasswd" || fail museum-auth-starts "apache2 did not come up"
run publish --to "chartmuseum+$CC_MUSEUM" "$W/out/web-1.0.0.tgz"
outcome auth-needed 1 "401 (check the repository credentials)"
CHARTCI_PASSWORD=t3st-pass run publish --to "chartmuseum+$CC_MUSEUM" --username chartci "$W/out/web-1.0.0.tgz"
outcome auth 0 "published $CC_MUSEUM/charts/web-1.0.0.tgz"
