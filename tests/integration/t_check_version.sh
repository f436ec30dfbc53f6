#!/usr/bin/env bash
# chartci check-version on real git repositories made here: each chart
# against its previous release tag ({name}-{version} by default, or the
# template in .chartci.yaml), or against --since REV. Covers a chart whose
# name has dashes next to a chart whose name is its prefix, unbumped
# changes, .helmignore'd changes, appVersion without a bump, a version
# going down, a version that is not SemVer 2, a new chart, and a bump that
# makes it pass.
. "$(dirname "$0")/lib.sh"
W=$(scratch)
git_sandbox "$W"
R=$W/repo
chart() { # DIR VERSION [APPVERSION]
	mkdir -p "$R/$1/templates"
	printf 'apiVersion: v2\nname: %s\nversion: %s\n%s' "$(basename "$1")" "$2" "${3:+appVersion: \"$3\"
}" >"$R/$1/Chart.yaml"
	[ -f "$R/$1/templates/cm.yaml" ] || printf 'kind: ConfigMap\n' >"$R/$1/templates/cm.yaml"
}
cv() { cd "$R" && run check-version "$@"; cd "$W"; }
rules() { printf '%s' "$OUT" | jq -r '[.findings[] | "\(.chart) \(.rule)"] | join(", ")'; }

mkdir -p "$R" && g init -b main
chart charts/kyverno 1.0.0 1.10.0
chart charts/kyverno-policies 3.9.0-rc.3
chart charts/docs 0.1.0
printf '*.md\n' >"$R/charts/docs/.helmignore"
g add -A && g commit -m release
g tag kyverno-1.0.0 && g tag kyverno-policies-3.9.0-rc.3 && g tag docs-0.1.0 && g tag kyverno-0.9.0

cv --format json
outcome released-clean 0 '"findings": []'

echo '# notes' >"$R/charts/docs/README.md"
printf 'data: 1\n' >>"$R/charts/kyverno-policies/templates/cm.yaml"
g add -A && g commit -m change
cv --format json
check not-bumped [ "$(rules)" = "charts/kyverno-policies version/not-bumped" ]
cv
outcome not-bumped-text 1 "charts/kyverno-policies/Chart.yaml:3:10: error[version/not-bumped]: files changed since kyverno-policies-3.9.0-rc.3 but version is still 3.9.0-rc.3"

chart charts/kyverno-policies 3.9.0
chart charts/kyverno 1.0.0 1.11.0
g add -A && g commit -m more
cv --format json
check app-version [ "$(rules)" = "charts/kyverno version/app-version-unbumped" ]

chart charts/kyverno 0.9.5 1.11.0
chart charts/docs v0.2
g add -A && g commit -m wrong
cv --format json
check decreased-invalid [ "$(rules)" = "charts/docs version/invalid, charts/kyverno version/decreased" ]

chart charts/kyverno 1.1.0 1.11.0
chart charts/docs 0.1.0
chart charts/new 0.0.1
g add -A && g commit -m fixed
cv --format json
outcome fixed 0 '"findings": []'

# --since compares with the chart as it was at REV; the work tree with --include-worktree
g tag base
printf 'data: 2\n' >>"$R/charts/new/templates/cm.yaml"
cv --since base --include-worktree --format json
check since-worktree [ "$(rules)" = "charts/new version/not-bumped" ]
cv --since base --format json
outcome since-head 0 '"findings": []'

# what a change demands: breaking ones a major bump (a minor while 0.x), features a minor
R=$W/bumps && mkdir -p "$R" && g init -b main
chart charts/app 1.2.3
chart charts/young 0.3.0
printf 'image:\n  tag: "1.0"\n  pullPolicy: IfNotPresent\nreplicas: 1\n' >"$R/charts/app/values.yaml"
printf '{"type": "object", "properties": {"image": {"type": "object", "required": ["tag"]}}}\n' >"$R/charts/app/values.schema.json"
printf 'image: {tag: "1"}\n' >"$R/charts/young/values.yaml"
g add -A && g commit -m r && g tag app-1.2.3 && g tag young-0.3.0
printf 'image:\n  tag: "1.0"\n  pullPolicy: IfNotPresent\nreplicas: 1\nextra: true\n' >"$R/charts/app/values.yaml"
chart charts/app 1.2.4
g add -A && g commit -m feature
cv --format json
check minor-required [ "$(rules)" = "charts/app version/minor-required" ]
cv
outcome minor-required-text 1 "values key extra added since app-1.2.3 (at charts/app/values.yaml:5:1): needs a minor bump, but version went 1.2.3 -> 1.2.4"
cv --suggest charts/app
outcome suggest 1 "charts/app: 1.3.0 (released 1.2.3; values key extra added since app-1.2.3 (at charts/app/values.yaml:5:1))"
# bump --auto writes what --suggest says, from the released version; then there is nothing left to do
cd "$R" && run bump --auto --dry-run charts/app; cd "$W"
outcome auto-dry-run 0 "+version: 1.3.0"
cd "$R" && run bump --auto charts/app charts/young; cd "$W"
outcome auto 0 "charts/app/Chart.yaml: version 1.2.4 -> 1.3.0"
check auto-untouched-young contains "$OUT" "charts/young: nothing changed since young-0.3.0; version stays 0.3.0"
cd "$R" && run bump --auto charts/app; cd "$W"
outcome auto-enough 0 "charts/app: 1.3.0 is already enough (released 1.2.3; values key extra added since app-1.2.3 (at charts/app/values.yaml:5:1))"
g add -A && g commit -m minor
cv --suggest charts/app
outcome suggest-enough 0 "charts/app: 1.3.0 is enough (released 1.2.3; values key extra added since app-1.2.3 (at charts/app/values.yaml:5:1))"
cv --format json
outcome minor-enough 0 '"findings": []'
printf 'image:\n  tag: 1\nreplicas: 1\nextra: true\n' >"$R/charts/app/values.yaml"
g add -A && g commit -m breaking
cv
outcome major-required 1 "values key image.tag changed from a string to a number since app-1.2.3 (at charts/app/values.yaml:2:3) (and 1 more): needs a major bump, but version went 1.2.3 -> 1.3.0"
cd "$R" && run bump --auto charts/app; cd "$W"
outcome auto-major 0 "charts/app/Chart.yaml: version 1.3.0 -> 2.0.0"
g add -A && g commit -m major
cv --format json
outcome major-enough 0 '"findings": []'
chart charts/young 0.3.1 && g rm -q charts/young/templates/cm.yaml
mkdir -p "$R/charts/young/templates" && printf 'kind: Secret\n' >"$R/charts/young/templates/secret.yaml"
g add -A && g commit -m young
cv
outcome zero-major-needs-minor 1 "file templates/cm.yaml removed since young-0.3.0 (was at charts/young/templates/cm.yaml): needs a minor bump, but version went 0.3.0 -> 0.3.1"
sed -i 's/^version: .*/version: 0.4.0/' "$R/charts/young/Chart.yaml" && g add -A && g commit -m young2
cv --format json
outcome zero-major-minor-enough 0 '"findings": []'
printf '{"type": "object", "required": ["replicas"], "properties": {"image": {"type": "object", "required": ["tag", "pullPolicy"]}}}\n' >"$R/charts/app/values.schema.json"
printf 'image:\n  tag: 1\n  pullPolicy: Always\nreplicas: 1\nextra: true\n' >"$R/charts/app/values.yaml"
chart charts/app 2.1.0 && g add -A && g commit -m required
cv --since HEAD~1
outcome schema-required 1 "values.schema.json now requires replicas since HEAD~1 (at charts/app/values.schema.json:1:33) (and 1 more): needs a major bump"

# a dependency locked at another major breaks what the chart passes it
printf 'dependencies:\n- name: redis\n  repository: https://charts.example.com\n  version: 17.3.2\ndigest: sha256:0\n' >"$R/charts/app/Chart.lock"
g add -A && g commit -m lock && g tag lock-base
sed -i 's/17.3.2/18.0.1/' "$R/charts/app/Chart.lock"
sed -i 's/^version: .*/version: 2.2.0/' "$R/charts/app/Chart.yaml"
g add -A && g commit -m relock
cv --since lock-base charts/app
outcome locked-major 1 "dependency redis locked at 18.0.1, was 17.3.2 since lock-base (at charts/app/Chart.lock:2:3): needs a major bump"

# the schema tightened: an enum reduced, a type narrowed; a new optional property is a feature
printf '{"type": "object", "properties": {"pull": {"enum": ["Always", "Never"]}, "port": {"type": ["integer", "string"]}}}\n' >"$R/charts/app/values.schema.json"
g add -A && g commit -m schema && g tag schema-base
printf '{"type": "object", "properties": {"pull": {"enum": ["Always"]}, "port": {"type": ["integer", "string"]}, "debug": {"type": "boolean"}}}\n' >"$R/charts/app/values.schema.json"
sed -i 's/^version: .*/version: 2.2.1/' "$R/charts/app/Chart.yaml"
g add -A && g commit -m enum
cv --since schema-base charts/app
outcome enum-reduced 1 'values.schema.json no longer allows "Never" for pull since schema-base (at charts/app/values.schema.json:1:44): needs a major bump, but version went 2.2.0 -> 2.2.1'
printf '{"type": "object", "properties": {"pull": {"enum": ["Always", "Never"]}, "port": {"type": "integer"}}}\n' >"$R/charts/app/values.schema.json"
g add -A && g commit -m narrowed
cv --since schema-base charts/app
outcome type-narrowed 1 'values.schema.json narrows the type of port from ["integer","string"] to "integer" since schema-base (at charts/app/values.schema.json:1:83): needs a major bump'
printf '{"type": "object", "properties": {"pull": {"enum": ["Always", "Never", "IfNotPresent"]}, "port": {"type": ["integer", "string"]}, "debug": {"type": "boolean"}}}\n' >"$R/charts/app/values.schema.json"
g add -A && g commit -m optional
cv --since schema-base charts/app
outcome optional-property 1 'values.schema.json adds the optional property debug since schema-base (at charts/app/values.schema.json:1:131): needs a minor bump, but version went 2.2.0 -> 2.2.1'

# kubeVersion narrowed: a cluster version it admitted is refused now
printf 'kubeVersion: ">=1.23.0-0"\n' >>"$R/charts/app/Chart.yaml"
g add -A && g commit -m kube && g tag kube-base
sed -i 's/^kubeVersion: .*/kubeVersion: ">=1.28.0-0"/; s/^version: .*/version: 2.3.0/' "$R/charts/app/Chart.yaml"
g add -A && g commit -m kube-narrowed
cv --since kube-base charts/app
outcome kube-narrowed 1 'kubeVersion narrowed from ">=1.23.0-0" to ">=1.28.0-0" (Kubernetes 1.23.0 no longer allowed) since kube-base (at charts/app/Chart.yaml:4:1): needs a major bump, but version went 2.2.1 -> 2.3.0'
sed -i 's/^kubeVersion: .*/kubeVersion: ">= 1.20.0-0"/' "$R/charts/app/Chart.yaml"
g add -A && g commit -m kube-widened
cv --since kube-base --format json charts/app
outcome kube-widened 0 '"findings": []'

chart charts/fresh 0.1.0 && printf 'x: 1\n' >>"$R/charts/fresh/templates/cm.yaml"
cd "$R" && run bump --auto charts/fresh; cd "$W"
outcome auto-no-release 1 "no earlier release of fresh to compare with; say --major, --minor or --patch"

# another template, from .chartci.yaml
R=$W/one && mkdir -p "$R" && g init -b main
chart . 2.0.0
printf 'release-tag: "v{version}"\n' >"$R/.chartci.yaml"
g add -A && g commit -m one && g tag v2.0.0
printf 'data: 3\n' >>"$R/templates/cm.yaml" && g add -A && g commit -m change
cv --format json
check template [ "$(rules)" = ". version/not-bumped" ]
printf 'release-tag: "{version}-{version}"\n' >"$R/.chartci.yaml"
cv
outcome bad-template 2 '.chartci.yaml:1:14: tag template "{version}-{version}" needs {version} exactly once'

# a shallow clone: without tags every chart looks unreleased, which is said; with the tags fetched, the rules hold
R=$W/bumps && g tag "app-$(sed -n 's/^version: //p' "$R/charts/app/Chart.yaml")"
git clone -q --depth 1 --no-tags "file://$W/bumps" "$W/shallow" 2>/dev/null && R=$W/shallow
cv --format json charts/app
outcome shallow-untagged 0 '"findings": []'
check shallow-warns contains "$ERR" "this clone is shallow and has no tags"
g fetch --depth 1 origin 'refs/tags/app-*:refs/tags/app-*'
printf 'more: 1\n' >>"$R/charts/app/templates/cm.yaml" && g add -A && g commit -m shallow-change
cv --format json charts/app
check shallow-tagged [ "$(rules)" = "charts/app version/not-bumped" ]
check shallow-tagged-quiet [ -z "$ERR" ]

# a file:// dependency's change changes its dependent's package too: both must be bumped
R=$W/filedeps && mkdir -p "$R" && g init -b main
chart charts/common 1.0.0
chart charts/app 2.0.0
printf 'dependencies:\n  - name: common\n    version: 1.0.0\n    repository: file://../common\n' >>"$R/charts/app/Chart.yaml"
g add -A && g commit -m release && g tag common-1.0.0 && g tag app-2.0.0
printf 'data: 2\n' >>"$R/charts/common/templates/cm.yaml" && g add -A && g commit -m common-change
cv --format json
check file-dep-both [ "$(rules)" = "charts/app version/not-bumped, charts/common version/not-bumped" ]
cv charts/app
outcome file-dep-says-which 1 "charts/app/Chart.yaml:3:10: error[version/not-bumped]: its file:// dependency charts/common changed since app-2.0.0, and so does its package, but version is still 2.0.0"
cv --suggest charts/app
check file-dep-suggest contains "$OUT" "charts/app: 2.0.1 (released 2.0.0; file:// dependency charts/common changed)"
chart charts/app 2.0.1 && printf 'dependencies:\n  - name: common\n    version: 1.0.0\n    repository: file://../common\n' >>"$R/charts/app/Chart.yaml"
g add -A && g commit -m app-bump
cv --format json charts/app
outcome file-dep-bumped 0 '"findings": []'
