#!/usr/bin/env bash
# chartci index: DIR/index.yaml as helm repo index writes it. Charts are
# archived with tar into a directory and a subdirectory, then
# indexed with and without --url and --merge; the file is read back
# through yaml2json. A file that is no chart is skipped; a corrupt merge
# file fails with its position and writes nothing.
. "$(dirname "$0")/lib.sh"
: "${YAML2JSON:?}"
W=$(scratch)
export SOURCE_DATE_EPOCH=1700000000
T=2023-11-14T22:13:20Z

mkc() { # NAME VERSION [EXTRA-LINE]
	mkdir -p "$W/src/$1-$2/$1"
	printf 'apiVersion: v2\nname: %s\nversion: %s\ndescription: chart <%s>\n%b' "$1" "$2" "$1" "${3:-}" \
		>"$W/src/$1-$2/$1/Chart.yaml"
}
mkc alpha 1.0.0
mkc alpha 1.10.0 'appVersion: "2.0"\n'
mkc alpha 1.9.0
mkc beta 0.1.0-rc.1
R="$W/repo"
mkdir -p "$R/sub"
tgz() { tar -C "$W/src/$2" -czf "$1/$2.tgz" "${2%%-[0-9]*}"; }
for c in alpha-1.0.0 alpha-1.10.0 beta-0.1.0-rc.1; do tgz "$R" "$c"; done
tgz "$R/sub" alpha-1.9.0
echo 'not a chart' >"$R/junk.tgz"

j() { "$YAML2JSON" "$R/index.yaml" | jq -r "$1"; }

run index "$R"
outcome plain-status 0 "skipping junk.tgz"
check plain-versions [ "$(j '[.entries.alpha[].version] | join(",")')" = "1.10.0,1.9.0,1.0.0" ]
check plain-urls [ "$(j '[.entries.alpha[].urls[0]] | join(",")')" = "alpha-1.10.0.tgz,sub/alpha-1.9.0.tgz,alpha-1.0.0.tgz" ]
check plain-digest [ "$(j '.entries.beta[0].digest')" = "$(sha256sum "$R/beta-0.1.0-rc.1.tgz" | cut -d' ' -f1)" ]
check plain-times [ "$(j '[.generated, .entries.beta[0].created] | join(",")')" = "$T,$T" ]
check plain-mode [ "$(stat -c %a "$R/index.yaml")" = 644 ]
check plain-keys grep -q '^apiVersion: v1$' "$R/index.yaml"
check plain-appversion [ "$(j '.entries.alpha[0].appVersion')" = "2.0" ]

run index "$R" --url https://charts.example.com/base/
outcome url-status 0 ""
check url-joined [ "$(j '.entries.alpha[1].urls[0]')" = "https://charts.example.com/base/sub/alpha-1.9.0.tgz" ]

cat >"$W/old.yaml" <<'YAML'
apiVersion: v1
entries:
  alpha:
  - {apiVersion: v2, name: alpha, version: 1.0.0, digest: olddigest, created: "2020-01-01T00:00:00Z"}
  gamma:
  - {apiVersion: v2, name: gamma, version: 0.0.1, digest: gdigest, created: "2020-01-01T00:00:00Z", urls: [https://old.example.com/gamma-0.0.1.tgz]}
generated: "2020-01-01T00:00:00Z"
annotations: {foo: bar}
YAML
run index "$R" --merge "$W/old.yaml"
outcome merge-status 0 ""
check merge-local-wins [ "$(j '.entries.alpha[2].digest')" != olddigest ]
check merge-old-kept [ "$(j '.entries.gamma[0].urls[0] + " " + .entries.gamma[0].created')" = "https://old.example.com/gamma-0.0.1.tgz 2020-01-01T00:00:00Z" ]
check merge-no-annotations [ "$(j '.annotations')" = null ]

run index "$R" --merge "$W/missing.yaml"
outcome merge-missing-status 0 ""
check merge-missing-written [ "$("$YAML2JSON" "$W/missing.yaml" | jq -c '.entries')" = "{}" ]

run index "$R" --json
outcome json-status 0 ""
check json-valid [ "$(jq '.entries.alpha | length' "$R/index.yaml")" = 3 ]
check json-no-newline [ "$(tail -c 1 "$R/index.yaml" | od -An -c | tr -d ' ')" = "}" ]
check json-escaped grep -q 'chart \\u003calpha\\u003e' "$R/index.yaml"
cp "$R/index.yaml" "$W/as-json.yaml"
run index "$R" --merge "$W/as-json.yaml"
outcome json-merge-status 0 ""

"$CHARTCI" index "$R" >/dev/null 2>&1
cp "$R/index.yaml" "$W/before.yaml"
printf 'apiVersion: v1\nentries:\n  alpha:\n  - name: alpha\n    version: [1\n' >"$W/corrupt.yaml"
run index "$R" --merge "$W/corrupt.yaml"
outcome corrupt-status 1 "corrupt.yaml:"
check corrupt-position [ -n "$(printf '%s' "$ERR" | grep -E 'corrupt\.yaml:[0-9]+:[0-9]+: ')" ]
check corrupt-nothing-written cmp -s "$W/before.yaml" "$R/index.yaml"

run index "$R" --url
outcome usage-status 2 ""
run index "$W/nope"
outcome nodir-status 2 "not a directory"
SOURCE_DATE_EPOCH=x run index "$R"
outcome sde-status 2 "SOURCE_DATE_EPOCH"
