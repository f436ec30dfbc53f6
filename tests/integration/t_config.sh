#!/usr/bin/env bash
# .chartci.yaml against docs/chartci.schema.json: a file with every key is
# accepted; a misspelt key, a value of the wrong type, a release tag without
# {version} and jobs: 0 stop the run with exit 2 at the offending node; and
# CHARTCI_RELEASE_TAG wins over the file's release-tag.
. "$(dirname "$0")/lib.sh"
W=$(scratch)
git_sandbox "$W"
D=$W/plain
mkdir -p "$D/charts/web/templates" "$D/rules" "$D/schemas"
printf 'apiVersion: v2\nname: web\nversion: 1.0.0\ndescription: a web server\n' >"$D/charts/web/Chart.yaml"
printf 'rules:\n  - id: team/name\n    severity: error\n    path: name\n    type: string\n    message: a name\n' \
	>"$D/rules/team.yaml"
cat >"$D/.chartci.yaml" <<'YAML'
charts: [charts]
exclude: ["charts/*-old"]
target-branch: main
remote: origin
release-tag: "{name}-v{version}"
rules: [rules/team.yaml]
disable-rules: [chart/icon]
schema:
  refs:
    https://schemas.example.com/: schemas
fail-on: warning
repositories:
  bitnami: https://charts.bitnami.com/bitnami
  internal:
    url: https://charts.internal.example.com
publish:
  to: [oci://ghcr.io/example/charts, "https://charts.example.com/api/charts", "git:gh-pages", "git+file:///srv/charts.git#pages"]
  url: https://example.github.io/charts
  branch: main
  plain-http: false
  username: robot
jobs: 4
YAML
run -C "$D" lint charts/web
outcome every-key 0 ""
printf 'rules:\npublish:\n  to: oci://ghcr.io/example\n' >"$D/.chartci.yaml"
run -C "$D" lint charts/web
outcome null-is-absent-and-to-is-a-string 0 ""

# bad FILE-TEXT NAME WANT: lint stops with exit 2 and WANT (the position) on stderr.
bad() {
	printf "$1" >"$D/.chartci.yaml"
	run -C "$D" lint charts/web
	outcome "$2" 2 "$3"
}
bad 'rules: []\n\ntarget-brnch: main\n' misspelt-key \
	".chartci.yaml:3:1: additional properties 'target-brnch' not allowed (known keys: charts, exclude"
bad 'publish:\n  branch: main\n  usernme: robot\n' misspelt-nested-key \
	".chartci.yaml:3:3: publish: additional properties 'usernme' not allowed"
bad 'remote: origin\ncharts: charts\n' wrong-type ".chartci.yaml:2:9: charts: got string, want array"
bad 'publish:\n  plain-http: "yes"\n' wrong-type-nested ".chartci.yaml:2:15: publish.plain-http: got string, want boolean"
bad 'release-tag: "{name}"\n' tag-without-version ".chartci.yaml:1:14: release-tag: '{name}' does not match pattern"
bad 'jobs: 0\n' jobs-zero ".chartci.yaml:1:7: jobs: minimum: got 0, want 1"
bad 'fail-on: fatal\n' fail-on-enum ".chartci.yaml:1:10: fail-on: value must be one of 'error', 'warning', 'info'"
bad 'publish:\n  to: [oci://r/x, ftp://r/x]\n' publish-target ".chartci.yaml:2:19: publish.to[1]: 'ftp://r/x' does not match"
bad 'repositories:\n  internal: {uri: https://x}\n' repository-shape ".chartci.yaml:2:13: repositories.internal: missing property 'url'"
# every command loads the configuration, so every command refuses it
printf 'jobz: 2\n' >"$D/.chartci.yaml"
run -C "$D" list
outcome other-command 2 ".chartci.yaml:1:1: additional properties 'jobz' not allowed"

# CHARTCI_RELEASE_TAG over release-tag: only the environment's template finds the release
R=$W/repo
mkdir -p "$R/templates" && g init -b main
printf 'apiVersion: v2\nname: app\nversion: 1.0.0\n' >"$R/Chart.yaml"
printf 'kind: ConfigMap\n' >"$R/templates/cm.yaml"
printf 'release-tag: "v{version}"\n' >"$R/.chartci.yaml"
g add -A && g commit -m one && g tag rel-1.0.0
printf 'data: 1\n' >>"$R/templates/cm.yaml" && g add -A && g commit -m change
run -C "$R" check-version
outcome file-template-finds-no-release 0 ""
CHARTCI_RELEASE_TAG='rel-{version}' run -C "$R" check-version
outcome env-template-wins 1 "version/not-bumped"
CHARTCI_RELEASE_TAG= run -C "$R" check-version
outcome empty-env-is-unset 0 ""
CHARTCI_RELEASE_TAG='{version}-{version}' run -C "$R" check-version
outcome env-template-bad 2 "CHARTCI_RELEASE_TAG: tag template \"{version}-{version}\" needs {version} exactly once"

# the example in docs/config.md, every key in it, is a valid file
sed -n '/^```yaml$/,/^```$/p' "$ROOT/docs/config.md" | sed '1d;$d' >"$D/.chartci.yaml"
run -C "$D" list
outcome docs-example 0 ""
# every key of the schema is in that example and in the table of docs/config.md
missing=
for k in $(jq -r '.properties | keys[]' "$ROOT/docs/chartci.schema.json"); do
	grep -q "^$k:" "$D/.chartci.yaml" && grep -q "^| \`$k[\`.]" "$ROOT/docs/config.md" || missing+=" $k"
done
for k in $(jq -r '.properties.publish.properties | keys[]' "$ROOT/docs/chartci.schema.json"); do
	grep -q "^  $k:" "$D/.chartci.yaml" && grep -q "^| \`publish.$k\`" "$ROOT/docs/config.md" || missing+=" publish.$k"
done
check docs-every-key [ -z "$missing" ]
