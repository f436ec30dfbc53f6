#!/usr/bin/env bash
# chartci publish to OCI registries (Debian's docker-registry on loopback,
# anonymous and with htpasswd): a release is pushed once; a re-run finds it
# already published; another archive under the same version is refused and
# leaves the registry as it was, unless --force; --dry-run writes nothing;
# a wrong password fails without showing it; and through a proxy that
# refuses or drops requests, every run ends with the release fully
# published or not at all, and a re-run completes it.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/lib/servers.sh"
W=$(scratch)
export TZ=UTC SOURCE_DATE_EPOCH=1700000000
unset CHARTCI_PASSWORD

mkchart() { # mkchart DIR NAME VERSION [EXTRA-VALUES]
	mkdir -p "$1/templates"
	printf 'apiVersion: v2\nname: %s\nversion: %s\ndescription: d\nmaintainers:\n- name: M\n  email: m@x.io\n' "$2" "$3" >"$1/Chart.yaml"
	printf 'replicas: 1\n%s' "${4:-}" >"$1/values.yaml"
	printf 'kind: ConfigMap\n' >"$1/templates/cm.yaml"
}
mkchart "$W/src/web" web 1.2.3+build.7
mkchart "$W/src/api" api 0.1.0
run package -d "$W/out" "$W/src/web" "$W/src/api"
check packaged [ -f "$W/out/web-1.2.3+build.7.tgz" ]
check packaged-api [ -f "$W/out/api-0.1.0.tgz" ]
manifest_layer() { # REGISTRY REPO TAG: the chart layer's digest the registry holds
	curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$1/v2/$2/manifests/$3" |
		jq -r '.layers[] | select(.mediaType == "application/vnd.cncf.helm.chart.content.v1.tar+gzip") | .digest'
}

cc_server_registry || fail registry-starts "docker-registry did not come up"
R=$CC_REGISTRY
run publish --to "oci://$R/charts" --plain-http "$W/out"
outcome pushed 0 "published oci://$R/charts/api:0.1.0 (sha256:"
check pushed-web contains "$OUT" "published oci://$R/charts/web:1.2.3+build.7 (sha256:"
check layer-is-archive [ "$(manifest_layer "$R" charts/web 1.2.3_build.7)" = "sha256:$(sha256sum "$W/out/web-1.2.3+build.7.tgz" | cut -c1-64)" ]
check config-is-metadata eval 'curl -s "http://$R/v2/charts/api/blobs/$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$R/v2/charts/api/manifests/0.1.0" | jq -r .config.digest)" | jq -e ".name == \"api\" and .version == \"0.1.0\"" >/dev/null'
check created-is-chart-time eval 'curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$R/v2/charts/api/manifests/0.1.0" | jq -e ".annotations[\"org.opencontainers.image.created\"] == \"2023-11-14T22:13:20Z\"" >/dev/null'

run publish --to "oci://$R/charts/" --plain-http "$W/out/api-0.1.0.tgz"
outcome again-already 0 "already published oci://$R/charts/api:0.1.0 (sha256:$(sha256sum "$W/out/api-0.1.0.tgz" | cut -c1-64))"

# the same version, another archive: refused, the registry unchanged
before=$(manifest_layer "$R" charts/api 0.1.0)
mkchart "$W/src2/api" api 0.1.0 'debug: true\n'
run package -d "$W/out2" "$W/src2/api"
run publish --to "oci://$R/charts" --plain-http "$W/out2/api-0.1.0.tgz"
outcome exists 1 "error[publish/exists]: oci://$R/charts/api:0.1.0 is already published with another archive"
check exists-unchanged [ "$(manifest_layer "$R" charts/api 0.1.0)" = "$before" ]
run publish --to "oci://$R/charts" --plain-http --dry-run "$W/out2/api-0.1.0.tgz"
outcome dry-run-exists 1 "publish/exists"
run publish --to "oci://$R/charts" --plain-http --force "$W/out2/api-0.1.0.tgz"
outcome forced 0 "published oci://$R/charts/api:0.1.0"
check forced-replaced [ "$(manifest_layer "$R" charts/api 0.1.0)" = "sha256:$(sha256sum "$W/out2/api-0.1.0.tgz" | cut -c1-64)" ]
mkchart "$W/src3/new" new 1.0.0 && run package -d "$W/out3" "$W/src3/new"
run publish --to "oci://$R/charts" --plain-http --dry-run "$W/out3/new-1.0.0.tgz"
outcome dry-run 0 "would publish oci://$R/charts/new:1.0.0"
check dry-run-wrote-nothing [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$R/v2/charts/new/tags/list")" = 404 ]

# not an archive; no target; usage
printf 'junk' >"$W/junk.tgz"
run publish --to "oci://$R/charts" --plain-http "$W/junk.tgz"
outcome invalid 1 "error[publish/invalid]"
run publish "$W/out"
outcome no-target 2 "say where: --to"
run publish --to "ftp://example.com/x" "$W/out3/new-1.0.0.tgz"
outcome bad-scheme 1 "publish to oci://host/path (a registry), http(s)://host/path (a chart repository taking PUT), chartmuseum+http(s)://host/path (a ChartMuseum API) or git:BRANCH"

# with a password: from the environment, never shown
cc_server_registry "$ROOT/tests/data/oci/htpasswd" || fail registry-auth-starts "docker-registry did not come up"
A=$CC_REGISTRY
CHARTCI_PASSWORD=not-the-password run publish --to "oci://$A/charts" --plain-http --username chartci "$W/out3/new-1.0.0.tgz"
outcome wrong-password 1 "401"
check wrong-password-hidden eval '! grep -q not-the-password <<<"$OUT$ERR"'
CHARTCI_PASSWORD=t3st-pass run publish --to "oci://$A/charts" --plain-http --username chartci "$W/out3/new-1.0.0.tgz"
outcome password-env 0 "published oci://$A/charts/new:1.0.0"
run publish --to "oci://$A/charts" --plain-http --username chartci --password-stdin "$W/out3/new-1.0.0.tgz" <<<"t3st-pass"
outcome password-stdin 0 "already published oci://$A/charts/new:1.0.0"
CHARTCI_PASSWORD=x run publish --to "oci://$A/charts" --plain-http "$W/out3/new-1.0.0.tgz"
outcome password-needs-user 2 "a password needs --username"

# through a proxy that refuses and drops requests: all or nothing, then complete
if [ -n "${FAULTPROXY:-}" ]; then
	fp=$(cc_free_port)
	"$FAULTPROXY" "$fp" "${R##*:}" ppdprpppdpppr "$W/fault.log" &
	CC_SERVER_PIDS+=($!)
	cc_wait_http "http://127.0.0.1:$fp/v2/"
	mkchart "$W/src4/flaky" flaky 2.0.0 && run package -d "$W/out4" "$W/src4/flaky"
	ok=0 tries=0
	while [ "$ok" = 0 ] && [ "$tries" -lt 8 ]; do
		tries=$((tries + 1))
		run publish --to "oci://127.0.0.1:$fp/charts" --plain-http --chunk-size 1024 "$W/out4/flaky-2.0.0.tgz"
		layer=$(manifest_layer "$R" charts/flaky 2.0.0)
		# after every run the tag is either absent or complete with this archive
		if [ -n "$layer" ] && [ "$layer" != "sha256:$(sha256sum "$W/out4/flaky-2.0.0.tgz" | cut -c1-64)" ]; then
			fail faults-all-or-nothing "run $tries left the tag at $layer"
		fi
		[ "$STATUS" = 0 ] && ok=1
	done
	check faults-published [ "$ok" = 1 ]
	check faults-were-met [ "$(grep -c ' [rd] ' "$W/fault.log")" -ge 2 ]
	run publish --to "oci://$R/charts" --plain-http "$W/out4/flaky-2.0.0.tgz"
	outcome faults-then-already 0 "already published oci://$R/charts/flaky:2.0.0"
fi

# ---- a chart repository over WebDAV (Apache mod_dav, which honours If-Match)
mkdir -p "$W/dav"
cc_server_dav "$W/dav" || fail dav-starts "apache2 did not come up"
D=$CC_DAV
entries() { "$YAML2JSON" "$W/dav/index.yaml" | jq -r '[.entries[][] | "\(.name)-\(.version) \(.digest) \(.urls[0])"] | join(", ")'; }
run publish --to "$D/" "$W/out/api-0.1.0.tgz" "$W/out/web-1.2.3+build.7.tgz"
outcome http-pushed 0 "published $D/api-0.1.0.tgz (sha256:$(sha256sum "$W/out/api-0.1.0.tgz" | cut -c1-64))"
check http-index [ "$(entries)" = "api-0.1.0 $(sha256sum "$W/out/api-0.1.0.tgz" | cut -c1-64) api-0.1.0.tgz, web-1.2.3+build.7 $(sha256sum "$W/out/web-1.2.3+build.7.tgz" | cut -c1-64) web-1.2.3+build.7.tgz" ]
check http-archive cmp "$W/dav/api-0.1.0.tgz" "$W/out/api-0.1.0.tgz"
check http-conditional eval 'grep -q "^PUT /index.yaml 201" "$CC_DAV_LOG"'
run publish --to "$D" "$W/out/api-0.1.0.tgz"
outcome http-already 0 "already published $D/api-0.1.0.tgz"
index_before=$(sha256sum "$W/dav/index.yaml")
run publish --to "$D" "$W/out2/api-0.1.0.tgz"
outcome http-exists 1 "error[publish/exists]: api 0.1.0 is already published in $D/index.yaml with another archive"
check http-exists-unchanged [ "$(sha256sum "$W/dav/index.yaml")" = "$index_before" ]
check http-exists-archive-kept cmp "$W/dav/api-0.1.0.tgz" "$W/out/api-0.1.0.tgz"
run publish --to "$D" --dry-run "$W/out3/new-1.0.0.tgz"
outcome http-dry-run 0 "would publish $D/new-1.0.0.tgz"
check http-dry-run-nothing [ ! -e "$W/dav/new-1.0.0.tgz" ] 
run publish --to "$D" --url https://charts.example.com/stable "$W/out3/new-1.0.0.tgz"
outcome http-url 0 "published $D/new-1.0.0.tgz"
check http-url-entry eval '"$YAML2JSON" "$W/dav/index.yaml" | jq -e ".entries.new[0].urls == [\"https://charts.example.com/stable/new-1.0.0.tgz\"]" >/dev/null'
run publish --to "$D" --force "$W/out2/api-0.1.0.tgz"
outcome http-forced 0 "published $D/api-0.1.0.tgz"
check http-forced-archive cmp "$W/dav/api-0.1.0.tgz" "$W/out2/api-0.1.0.tgz"
check http-forced-one-entry [ "$("$YAML2JSON" "$W/dav/index.yaml" | jq '.entries.api | length')" = 1 ]

# two publishers racing on one index: neither loses an entry
mkdir -p "$W/race"
for i in $(seq 1 6); do mkchart "$W/srcr/r$i" "r$i" 1.0.0; done
run package -d "$W/race" "$W"/srcr/r*
( for i in 1 3 5; do "$CHARTCI" publish --to "$D" "$W/race/r$i-1.0.0.tgz" >>"$W/race.out" 2>>"$W/race.err" || echo "r$i: exit $?" >>"$W/race.err"; done ) &
p1=$!
( for i in 2 4 6; do "$CHARTCI" publish --to "$D" "$W/race/r$i-1.0.0.tgz" >>"$W/race.out" 2>>"$W/race.err" || echo "r$i: exit $?" >>"$W/race.err"; done ) &
p2=$!
wait "$p1" "$p2" # not the servers, which run in the background too
check race-no-errors [ ! -s "$W/race.err" ]
check race-all-entries [ "$("$YAML2JSON" "$W/dav/index.yaml" | jq -r '[.entries | keys[] | select(startswith("r"))] | join(" ")')" = "r1 r2 r3 r4 r5 r6" ]

# an index another client holds a WebDAV lock on: the publisher waits for it
mkchart "$W/src5/waits" waits 1.0.0 && run package -d "$W/out5" "$W/src5/waits"
check locked-by-other eval '[ "$(curl -s -o /dev/null -w "%{http_code}" -X LOCK -H "Timeout: Second-2" -H "Content-Type: application/xml" --data "<?xml version=\"1.0\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>someone</D:owner></D:lockinfo>" "$D/index.yaml")" = 200 ]'
run publish --to "$D" "$W/out5/waits-1.0.0.tgz"
outcome lock-waited 0 "published $D/waits-1.0.0.tgz"
check lock-was-met eval 'grep -q "^LOCK /index.yaml 423" "$CC_DAV_LOG"'

# a big archive on a terminal shows its upload's progress (script(1) gives it a terminal)
if command -v script >/dev/null; then
	mkchart "$W/src6/big" big 1.0.0 && head -c 3000000 /dev/urandom >"$W/src6/big/blob.bin"
	run package -d "$W/out6" "$W/src6/big"
	script -qec "\"$CHARTCI\" publish --to \"$D\" \"$W/out6/big-1.0.0.tgz\"" /dev/null >"$W/tty.out" 2>&1
	cat "$W/tty.out" >>"$RESULTS.outputs" # a terminal run is not swept by $CHARTCI
	check progress-shown eval 'grep -q "uploading .*big-1.0.0.tgz: [0-9]*% of 3.0 MB" "$W/tty.out"'
	run publish --to "$D" "$W/out6/big-1.0.0.tgz"
	check progress-not-piped eval '! grep -q "% of" <<<"$ERR"'
fi

# a password-protected repository
mkdir -p "$W/davauth"
cc_server_dav "$W/davauth" "$ROOT/tests/data/oci/htpasswd" || fail dav-auth-starts "apache2 did not come up"
run publish --to "$CC_DAV" "$W/out3/new-1.0.0.tgz"
outcome http-auth-needed 1 "401 (check the repository credentials)"
CHARTCI_PASSWORD=t3st-pass run publish --to "$CC_DAV" --username chartci "$W/out3/new-1.0.0.tgz"
outcome http-auth 0 "published $CC_DAV/new-1.0.0.tgz"
check http-auth-hidden eval '! grep -q t3st-pass <<<"$OUT$ERR"'

# through the fault proxy: after every run the release is in the index with its archive, or neither
if [ -n "${FAULTPROXY:-}" ]; then
	fp=$(cc_free_port)
	"$FAULTPROXY" "$fp" "${D##*:}" pdprpdpppdrprpppppd "$W/fault-http.log" &
	CC_SERVER_PIDS+=($!)
	cc_wait_http "http://127.0.0.1:$fp/"
	ok=0 tries=0 torn=0
	while [ "$ok" = 0 ] && [ "$tries" -lt 8 ]; do
		tries=$((tries + 1))
		run publish --to "http://127.0.0.1:$fp/" "$W/out4/flaky-2.0.0.tgz"
		listed=$("$YAML2JSON" "$W/dav/index.yaml" | jq -r '.entries.flaky[0].digest // ""')
		if [ -n "$listed" ]; then
			cmp -s "$W/dav/flaky-2.0.0.tgz" "$W/out4/flaky-2.0.0.tgz" || torn=1
		else
			[ ! -e "$W/dav/flaky-2.0.0.tgz" ] || torn=1
		fi
		[ "$STATUS" = 0 ] && ok=1
	done
	check http-faults-published [ "$ok" = 1 ]
	check http-faults-all-or-nothing [ "$torn" = 0 ]
	check http-faults-were-met [ "$(grep -c ' [rd] ' "$W/fault-http.log")" -ge 2 ]
	check http-faults-others-kept [ "$("$YAML2JSON" "$W/dav/index.yaml" | jq '[.entries[][]] | length')" = 12 ]
fi

# ---- a gh-pages branch, committed with libgit2 (the git CLI only inspects it here)
git_sandbox "$W"
R=$W/site && mkdir -p "$R" && g init -b main && printf 'site\n' >"$R/README.md" && g add -A && g commit -m init
run publish --to "git+file://$R#gh-pages" "$W/out/api-0.1.0.tgz" "$W/out/web-1.2.3+build.7.tgz"
outcome git-published 0 "published git+file://$R#gh-pages:api-0.1.0.tgz (sha256:$(sha256sum "$W/out/api-0.1.0.tgz" | cut -c1-64))"
check git-two-commits [ "$(git -C "$R" rev-list --count gh-pages)" = 2 ]
check git-files [ "$(git -C "$R" ls-tree --name-only gh-pages | tr '\n' ' ')" = "api-0.1.0.tgz index.yaml web-1.2.3+build.7.tgz " ]
check git-archive-bytes cmp <(git -C "$R" show gh-pages:api-0.1.0.tgz) "$W/out/api-0.1.0.tgz"
check git-index eval 'git -C "$R" show gh-pages:index.yaml >"$W/gh-index.yaml" && [ "$("$YAML2JSON" "$W/gh-index.yaml" | jq -r "[.entries[][] | .name] | join(\" \")")" = "api web" ]'
check git-worktree-untouched [ -z "$(git -C "$R" status --porcelain)" ] 
check git-main-untouched [ "$(git -C "$R" rev-list --count main)" = 1 ]
run publish --to "git+file://$R#gh-pages" "$W/out/api-0.1.0.tgz"
outcome git-already 0 "already published git+file://$R#gh-pages:api-0.1.0.tgz"
check git-no-new-commit [ "$(git -C "$R" rev-list --count gh-pages)" = 2 ]
run publish --to "git+file://$R#gh-pages" "$W/out2/api-0.1.0.tgz"
outcome git-exists 1 "error[publish/exists]: api 0.1.0 is already published in git+file://$R#gh-pages with another archive"
check git-exists-no-commit [ "$(git -C "$R" rev-list --count gh-pages)" = 2 ]
cd "$R" && run publish --to git:gh-pages --url https://acme.github.io/charts "$W/out3/new-1.0.0.tgz"; cd "$W"
outcome git-this-repo 0 "published git+file://"
check git-url eval 'git -C "$R" show gh-pages:index.yaml | grep -q "https://acme.github.io/charts/new-1.0.0.tgz"'
# racing publishers: the branch only moves from the tip each read
( for i in 1 3 5; do "$CHARTCI" publish --to "git+file://$R#gh-pages" "$W/race/r$i-1.0.0.tgz" >>"$W/grace.out" 2>>"$W/grace.err" || echo "r$i: exit $?" >>"$W/grace.err"; done ) &
p1=$!
( for i in 2 4 6; do "$CHARTCI" publish --to "git+file://$R#gh-pages" "$W/race/r$i-1.0.0.tgz" >>"$W/grace.out" 2>>"$W/grace.err" || echo "r$i: exit $?" >>"$W/grace.err"; done ) &
p2=$!
wait "$p1" "$p2"
check git-race-no-errors [ ! -s "$W/grace.err" ]
check git-race-all eval 'git -C "$R" show gh-pages:index.yaml >"$W/gh-index.yaml" && [ "$("$YAML2JSON" "$W/gh-index.yaml" | jq -r "[.entries | keys[] | select(startswith(\"r\"))] | join(\" \")")" = "r1 r2 r3 r4 r5 r6" ]'
check git-race-commits [ "$(git -C "$R" rev-list --count gh-pages)" = 9 ]
run publish --to "git+file://$W/nosuch#gh-pages" "$W/out/api-0.1.0.tgz"
outcome git-no-repo 1 "not in a git repository"
