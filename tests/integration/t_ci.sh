#!/usr/bin/env bash
# chartci ci end to end, on a git repository of the example monorepo (its
# deliberately broken chart left out), through what a team meets: a clean
# push, a chart changed without a bump, a stale lock, a breaking values
# change with only a minor bump, a release to a real OCI registry on
# loopback, and a re-run of the same release. Each checks the exit code,
# the GitHub annotations, the job summary and the step outputs.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/lib/servers.sh"
W=$(scratch)
git_sandbox "$W"
export TZ=UTC SOURCE_DATE_EPOCH=1700000000
unset GITHUB_STEP_SUMMARY GITHUB_OUTPUT GITHUB_REF_NAME GITHUB_BASE_REF CHARTCI_PASSWORD CHARTCI_PUBLISH_TO
R=$W/repo
mkdir -p "$R" && cp -r "$ROOT/examples/monorepo/." "$R/" && rm -rf "$R/charts/worker"
g init -b main && g add -A && g commit -m "charts"
for c in web api common; do g tag "$c-$(sed -n 's/^version: //p' "$R/charts/$c/Chart.yaml")"; done
S=$W/summary.md O=$W/outputs
ci() { rm -f "$S" "$O"; cd "$R" && run ci --summary "$S" --outputs "$O" "$@"; cd "$W"; }

# nothing changed since the releases
ci
outcome clean 0 "no chart changed since each chart's release tag (3 charts)"
check clean-summary contains "$(cat "$S")" "No chart changed since each chart's release tag (3 charts checked)."
check clean-outputs [ "$(cat "$O")" = "$(printf 'changed-charts=[]\npublished=[]\ntags=[]')" ]

# a template changed, the version not: api, and web, which depends on it by file://
printf '# more\n' >>"$R/charts/api/templates/deployment.yaml"
g commit -am "api: change"
ci --format github
outcome not-bumped 1 "::error file=charts/api/Chart.yaml,line=5,col=10,title=chartci version/not-bumped::files changed since api-0.9.4 but version is still 0.9.4"
check not-bumped-summary contains "$(cat "$S")" '| `charts/api` | ✅ | ✅ | 0.9.4 → 0.9.4 | patch | ❌ | – |'
check not-bumped-stopped contains "$(cat "$S")" "stopped at version rules"
check not-bumped-changed contains "$(cat "$O")" 'changed-charts=["charts/api","charts/web"]'

# api bumped, web relocked to it and bumped: all passes, packaged, not published (no target)
cd "$R" && "$CHARTCI" bump --patch charts/api >/dev/null && "$CHARTCI" lock charts/web >/dev/null &&
	"$CHARTCI" bump --patch charts/web >/dev/null
cd "$W"
g commit -am "api 0.9.5, web 2.3.2"
ci --dist "$W/dist"
outcome bumped 0 "not publishing: no publish target (--to, or publish.to in .chartci.yaml)"
check bumped-packaged [ "$(ls "$W/dist" | tr '\n' ' ')" = "api-0.9.5.tgz web-2.3.2.tgz " ]
check bumped-summary contains "$(cat "$S")" '| `charts/web` | ✅ | ✅ | 2.3.1 → 2.3.2 | patch | ✅ | packaged |'
# the network is set up only for a chart with dependencies to fetch: a CA
# file that is not there does not stop api, which has none
CHARTCI_CA_FILE=$W/no-such-ca.pem ci --no-publish --dist "$W/dist-api" charts/api
outcome no-deps-no-network 0 "not publishing"
check no-deps-no-network-packaged [ "$(ls "$W/dist-api")" = "api-0.9.5.tgz" ]

# a dependency constraint changed, the lock left behind
sed -i 's|    version: ~1.4.0|    version: ~1.5.0|' "$R/charts/web/Chart.yaml"
g commit -am "web: want common 1.5"
ci --since HEAD~1 --format github
outcome stale-lock 1 "title=chartci lock/out-of-sync::"
check stale-lock-stopped contains "$(cat "$S")" "stopped at lock"
g revert --no-edit HEAD

# a values key removed, with only a minor bump: the major is demanded
sed -i '/^replicaCount:/d' "$R/charts/web/values.yaml"
sed -i 's/^version: .*/version: 2.4.0/' "$R/charts/web/Chart.yaml"
g commit -am "web: drop replicaCount"
ci --format github
outcome breaking 1 "title=chartci version/major-required::values key replicaCount removed since web-2.3.1 (was at charts/web/values.yaml:1:1)"
check breaking-summary contains "$(cat "$S")" '| `charts/web` | ✅ | ✅ | 2.3.1 → 2.4.0 | major | ❌ | – |'

# the release, to a registry on loopback: on main, with a target
sed -i 's/^version: .*/version: 3.0.0/' "$R/charts/web/Chart.yaml"
g commit -am "web 3.0.0"
cc_server_registry || fail registry-starts "docker-registry did not come up"
ci --to "oci://$CC_REGISTRY/charts" --plain-http
outcome released 0 "published oci://$CC_REGISTRY/charts/web:3.0.0 (sha256:"
check released-api contains "$OUT" "published oci://$CC_REGISTRY/charts/api:0.9.5"
check released-outputs contains "$(cat "$O")" "published=[\"oci://$CC_REGISTRY/charts/api:0.9.5\",\"oci://$CC_REGISTRY/charts/web:3.0.0\"]"
check released-summary contains "$(cat "$S")" "| oci://$CC_REGISTRY/charts/web:3.0.0 |"
# the same release again: the same bytes, already there
ci --to "oci://$CC_REGISTRY/charts" --plain-http
outcome rerun 0 "already published oci://$CC_REGISTRY/charts/web:3.0.0"
# release tags: HEAD tagged once a chart is out at every target, kept on a
# re-run, never moved off another commit
ci --to "oci://$CC_REGISTRY/charts" --plain-http --tag
outcome tagged 0 "tagged web-3.0.0"
check tagged-api contains "$OUT" "tagged api-0.9.5"
check tagged-head [ "$(git -C "$R" rev-parse 'web-3.0.0^{commit}')" = "$(git -C "$R" rev-parse HEAD)" ]
check tagged-outputs contains "$(cat "$O")" 'tags=["api-0.9.5","web-3.0.0"]'
check tagged-summary contains "$(cat "$S")" 'Release tags on this commit: `api-0.9.5`, `web-3.0.0`.'
ci --to "oci://$CC_REGISTRY/charts" --plain-http --tag --since HEAD~1
outcome tagged-again 0 "already tagged web-3.0.0"
ci
outcome tagged-is-release 0 "no chart changed since each chart's release tag"
g tag -d web-3.0.0 && g tag web-3.0.0 HEAD~1
ci --to "oci://$CC_REGISTRY/charts" --plain-http --tag
outcome tag-not-moved 0 "warning[publish/tag]: tag web-3.0.0 already names commit $(git -C "$R" rev-parse --short=12 HEAD~1)"
check tag-not-moved-stays [ "$(git -C "$R" rev-parse 'web-3.0.0^{commit}')" = "$(git -C "$R" rev-parse HEAD~1)" ]
check tag-not-moved-outputs contains "$(cat "$O")" 'tags=[]'
g tag -d web-3.0.0 api-0.9.5 # the tests below release these again

# off the release branch nothing is published, unless asked
g checkout -b topic
ci --to "oci://$CC_REGISTRY/charts" --plain-http
outcome off-branch 0 "not publishing: on topic, not the release branch main (--publish publishes anyway)"
ci --to "oci://$CC_REGISTRY/charts" --plain-http --no-publish --publish
outcome contradiction 2 "--publish and --no-publish contradict each other"

# configured in .chartci.yaml: the publish target and its transport, and the failing severity
g checkout main
printf 'publish:\n  to: oci://%s/configured\n  plain-http: true\n' "$CC_REGISTRY" >"$R/.chartci.yaml"
g commit -am "publish configured"
ci
outcome configured-publish 0 "published oci://$CC_REGISTRY/configured/web:3.0.0"
CHARTCI_PUBLISH_TO="oci://$CC_REGISTRY/env-a oci://$CC_REGISTRY/env-b" ci
outcome env-targets 0 "published oci://$CC_REGISTRY/env-b/api:0.9.5"
check env-targets-first contains "$OUT" "published oci://$CC_REGISTRY/env-a/api:0.9.5"
check env-targets-summary contains "$(cat "$S")" "| oci://$CC_REGISTRY/env-a/web:3.0.0<br>oci://$CC_REGISTRY/env-b/web:3.0.0 |"
check env-targets-outputs contains "$(cat "$O")" "\"oci://$CC_REGISTRY/env-a/web:3.0.0\",\"oci://$CC_REGISTRY/env-b/web:3.0.0\""
printf 'fail-on: warnings\n' >>"$R/.chartci.yaml"
ci --no-publish
outcome fail-on-invalid 2 ".chartci.yaml:4:10"
# a warning (a duplicate key, in the work tree only) fails when fail-on says warning
sed -i 's/^fail-on: .*/fail-on: warning/' "$R/.chartci.yaml"
printf 'replicas: 1\nreplicas: 2\n' >>"$R/charts/web/values.yaml"
ci --no-publish
outcome fail-on-warning 1 "warning[yaml/duplicate-key]"
ci --no-publish --fail-on error
outcome fail-on-flag-wins 0 "not publishing: --no-publish"
CHARTCI_FAIL_ON=error ci --no-publish
outcome fail-on-env-wins 0 "not publishing: --no-publish"
g checkout -- .chartci.yaml charts/web/values.yaml

# a pull request: GITHUB_BASE_REF names the branch it merges into
git -C "$R" update-ref refs/remotes/origin/main main
g checkout -b pr && printf '# pr\n' >>"$R/charts/common/templates/_helpers.tpl" && g add -A && g commit -m "common: pr"
GITHUB_BASE_REF=main ci --no-publish
outcome pull-request 1 "charts changed since $(git -C "$R" rev-parse main)"
check pull-request-common contains "$(cat "$O")" '"charts/common"'

# --keep-going: a lint failure does not stop the later stages
printf 'keywords: not-a-list\n' >>"$R/charts/common/Chart.yaml"
ci --no-publish --dist "$W/kg"
outcome stops-at-lint 1 "error[chart/field-type]"
check stops-at-lint-summary contains "$(cat "$S")" "stopped at lint"
check stops-at-lint-no-package [ ! -e "$W/kg" ]
ci --no-publish --keep-going --dist "$W/kg"
outcome keep-going 1 "error[chart/field-type]"
check keep-going-versions contains "$(cat "$S")" '| `charts/common` | ❌ | ✅ | 1.4.0 → 1.4.0 | minor | ❌ | – |'
check keep-going-packaged-others eval 'ls "$W/kg" | grep -q "^web-3.0.0.tgz$"'
ci --keep-going --publish --to "oci://$CC_REGISTRY/kept" --plain-http --dist "$W/kg2"
outcome keep-going-no-release 1 "not publishing: an earlier stage failed"
check keep-going-nothing-pushed [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$CC_REGISTRY/v2/kept/web/tags/list")" = 404 ]
