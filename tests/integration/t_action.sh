#!/usr/bin/env bash
# The GitHub Action (ci/github-actions/action.yml), its example workflows and
# .pre-commit-hooks.yaml: the fields GitHub and pre-commit require, every
# input the examples pass declared, every inputs.X the action reads declared,
# the password reaching chartci only through CHARTCI_PASSWORD, fetch-depth: 0
# wherever the action runs. Then the action's scripts themselves, run as
# GitHub would run them (inputs through env, outputs through $GITHUB_OUTPUT)
# against a stub chartci that records its arguments: each input becomes the
# option it names, a value is never parsed by the shell, and the SARIF pass
# neither publishes nor writes the job's outputs.
# shellcheck disable=SC2016 # jq filters and workflow expressions, not shell
. "$(dirname "$0")/lib.sh"
: "${YAML2JSON:?}"
W=$(scratch)
ACTION=$ROOT/ci/github-actions/action.yml
EXAMPLES=("$ROOT"/ci/github-actions/examples/*.yml)

# json FILE: FILE as JSON, or nothing when it does not parse.
json() { "$YAML2JSON" "$1" 2>/dev/null; }
# q NAME JQ-FILTER: the filter must give true on $J.
q() {
	local r
	r=$(printf '%s' "$J" | jq -r "$2" 2>&1)
	if [ "$r" = true ]; then ok "$1"; else fail "$1" "$2 gave: $(printf '%s' "$r" | head -c 400)"; fi
}

J=$(json "$ACTION")
check action-parses [ -n "$J" ]
q action-name '(.name | type == "string" and length > 0) and (.description | type == "string" and length > 0)'
q action-composite '.runs.using == "composite"'
q action-steps '(.runs.steps | type == "array" and length > 0)'
q action-run-shell '[.runs.steps[] | select(has("run")) | .shell == "bash"] | all'
q action-uses-or-run '[.runs.steps[] | (has("run") != has("uses"))] | all'
q action-inputs-described '.inputs | to_entries | map(.value | (.description | type == "string" and length > 0) and has("required") and has("default")) | all'
q action-inputs-listed '.inputs | has("args") and has("since") and has("target-branch") and has("since-release") and has("publish") and has("tag") and has("to") and has("username") and has("password") and has("format") and has("sarif-file") and has("working-directory")'
q action-format-default '.inputs.format.default == "github"'
q action-outputs '.outputs | (has("changed-charts") and has("published")) and (to_entries | map(.value | (.description | length > 0) and (.value | type == "string" and length > 0)) | all)'
q action-outputs-mapped '.outputs["changed-charts"].value == "${{ steps.ci.outputs.changed-charts }}" and .outputs.published.value == "${{ steps.ci.outputs.published }}" and ([.runs.steps[] | select(.id == "ci")] | length == 1)'
q action-cache '[.runs.steps[] | select(.uses // "" | startswith("actions/cache@"))] | length == 1'
q action-apt '[.runs.steps[].run // "" | select(contains("apt-get install -y --no-install-recommends"))] | length == 1'
for p in build-essential pkg-config libyaml-dev libcurl4-openssl-dev libgit2-dev libjansson-dev libpcre2-dev zlib1g-dev libssl-dev; do
	q "action-apt-$p" "[.runs.steps[].run // \"\" | select(test(\"\\\\b$p\\\\b\"))] | length == 1"
done

# Every inputs.X in the file names a declared input.
declared=$(printf '%s' "$J" | jq -r '.inputs | keys[]')
used=$(grep -o 'inputs\.[A-Za-z0-9_-]*' "$ACTION" | sort -u | sed 's/^inputs\.//')
undeclared=$(comm -23 <(printf '%s\n' "$used") <(printf '%s\n' "$declared" | sort))
check action-inputs-used [ -n "$used" ]
check action-inputs-declared [ -z "$undeclared" ]
# No expression is pasted into a script: inputs and outputs arrive through env.
q action-no-expression-in-run '[.runs.steps[] | select(has("run")) | .run | contains("${{") | not] | all'
# The password only in the env of the step that runs chartci ci, as CHARTCI_PASSWORD.
q action-password-env '[.runs.steps[] | select(.id == "ci") | .env.CHARTCI_PASSWORD == "${{ inputs.password }}"] | all'
check action-password-once [ "$(grep -c 'inputs\.password' "$ACTION")" = 1 ]

# The example workflows.
action_inputs=$declared
for f in "${EXAMPLES[@]}"; do
	n=$(basename "$f" .yml)
	J=$(json "$f")
	check "$n-parses" [ -n "$J" ]
	# YAML 1.1 reads the key "on" as true; GitHub reads it as "on".
	q "$n-fields" '((.on // .["true"]) != null) and (.name | length > 0) and (.jobs | length > 0) and ([.jobs[] | has("runs-on") and (.steps | length > 0)] | all)'
	q "$n-uses-action" '[.jobs[].steps[] | select(.uses // "" | test("/chartci/ci/github-actions@"))] | length > 0'
	q "$n-run-no-secrets" '[.jobs[].steps[] | select(has("run")) | .run | test("secrets\\.|inputs\\.") | not] | all'
	keys=$(printf '%s' "$J" | jq -r '.jobs[].steps[] | select(.uses // "" | test("/chartci/ci/github-actions@")) | .with // {} | keys[]' | sort -u)
	unknown=$(comm -23 <(printf '%s\n' "$keys") <(printf '%s\n' "$action_inputs" | sort))
	check "$n-with-declared" [ -z "$unknown" ]
	# chartci compares with history: every checkout in a job using the action fetches all of it.
	q "$n-fetch-depth" '[.jobs[] | select([.steps[] | .uses // "" | test("/chartci/ci/github-actions@")] | any) | [.steps[] | select(.uses // "" | startswith("actions/checkout@")) | .with["fetch-depth"] == 0] | (length > 0 and all)] | all'
	# A job that publishes has the full history and the permissions to write packages.
	q "$n-publish-fetch-depth" '[.jobs[] | select([.steps[] | select(.uses // "" | test("/chartci/ci/github-actions@")) | .with.publish == "true" or (.with.to // "" | length > 0)] | any) | [.steps[] | select(.uses // "" | startswith("actions/checkout@")) | .with["fetch-depth"] == 0] | (length > 0 and all)] | all'
	# needs.J.outputs.X names an output job J declares.
	refs=$(grep -o 'needs\.[A-Za-z0-9_-]*\.outputs\.[A-Za-z0-9_-]*' "$f" | sort -u)
	bad=""
	for r in $refs; do
		IFS=. read -r _ job _ out <<<"$r"
		printf '%s' "$J" | jq -e --arg j "$job" --arg o "$out" '.jobs[$j].outputs[$o] != null' >/dev/null || bad+="$r "
	done
	check "$n-needs-outputs" [ -z "$bad" ]
done

J=$(json "$ROOT/ci/github-actions/examples/pull-request.yml")
q pr-trigger '(.on // .["true"]) | has("pull_request")'
q pr-no-publish '[.jobs[].steps[] | select(.uses // "" | test("/chartci/ci/github-actions@")) | .with.publish == "false"] | all'
q pr-sarif-upload '[.jobs[].steps as $s | $s[] | select(.uses // "" | test("/chartci/ci/github-actions@")) | .with["sarif-file"] as $f | $s[] | select(.uses == "github/codeql-action/upload-sarif@v3") | .with.sarif_file == $f and ($f | length > 0)] | (length == 1 and all)'
q pr-sarif-permission '.permissions["security-events"] == "write"'

J=$(json "$ROOT/ci/github-actions/examples/release.yml")
q release-trigger '(.on // .["true"]).push.branches == ["main"]'
q release-permissions '.permissions == {"contents": "write", "packages": "write"}'
q release-publish '[.jobs[].steps[] | select(.uses // "" | test("/chartci/ci/github-actions@")) | .with | .publish == "true" and .tag == "true" and .to == "oci://ghcr.io/${{ github.repository_owner }}/charts" and .username == "${{ github.actor }}" and .password == "${{ secrets.GITHUB_TOKEN }}"] | (length == 1 and all)'

J=$(json "$ROOT/ci/github-actions/examples/matrix.yml")
q matrix-list '[.jobs.changed.steps[].run // "" | select(contains("chartci list-changed") and contains("--format matrix") and contains("GITHUB_OUTPUT"))] | length == 1'
q matrix-strategy '.jobs.chart.strategy.matrix == "${{ fromJSON(needs.changed.outputs.matrix) }}" and .jobs.chart.needs == "changed"'
q matrix-per-chart '[.jobs.chart.steps[] | select(.uses // "" | test("/chartci/ci/github-actions@")) | .with.args == "${{ matrix.chart }}"] | (length == 1 and all)'
q matrix-shard '[.jobs[].steps[].run // "" | select(test("--shard \"?\\$[A-Z_]+\"?/[0-9]+"))] | length == 1'

# .pre-commit-hooks.yaml
J=$(json "$ROOT/.pre-commit-hooks.yaml")
check hooks-parses [ -n "$J" ]
q hooks-fields 'type == "array" and ([.[] | (.id | length > 0) and (.name | length > 0) and (.entry | length > 0) and (.language | length > 0)] | all)'
q hooks-chartci '[.[] | select(.id == "chartci")] | length == 1 and (.[0] | .entry == "chartci ci --no-publish" and .language == "system" and .pass_filenames == false and .always_run == true)'
q hooks-lint '[.[] | select(.id == "chartci-lint")] | length == 1 and (.[0] | .entry == "chartci lint" and .language == "system" and .pass_filenames == false)'

# The action's scripts, run against a stub chartci.
J=$(json "$ACTION")
mkdir -p "$W/bin" "$W/ws"
cat >"$W/bin/chartci" <<'EOF'
#!/usr/bin/env bash
# Records its arguments (one a line), what it sees in its environment, and
# prints a SARIF stand-in for --format sarif; exits $STUB_STATUS.
printf '%s\n' "$@" >"$STUB_LOG.args"
{
	echo "password=${CHARTCI_PASSWORD-<unset>}"
	echo "output=${GITHUB_OUTPUT:+set}"
	echo "summary=${GITHUB_STEP_SUMMARY:+set}"
} >"$STUB_LOG.env"
case " $* " in *" --format sarif "*) echo '{"version":"2.1.0"}' ;; esac
exit "${STUB_STATUS:-0}"
EOF
chmod +x "$W/bin/chartci"

# step NAME CONTEXT-JSON: runs the step named NAME as `shell: bash` runs it
# (bash --noprofile --norc -eo pipefail) with its env, ${{ X }}
# replaced from CONTEXT (inputs.*, github.*, steps.*.outputs.*); appends its
# outputs to CONTEXT as steps.ID.outputs.*; sets STATUS.
step() {
	local name=$1 ctx=$2 script envs id out
	script=$(printf '%s' "$J" | jq -r --arg n "$name" '.runs.steps[] | select(.name == $n) | .run')
	id=$(printf '%s' "$J" | jq -r --arg n "$name" '.runs.steps[] | select(.name == $n) | .id // ""')
	out=$(mktemp "$W/out-XXXXXX")
	mapfile -d '' -t envs < <(printf '%s' "$J" | jq -j --arg n "$name" --argjson c "$ctx" \
		'.runs.steps[] | select(.name == $n) | .env // {} | to_entries[] | "\(.key)=\(.value | gsub("\\$\\{\\{ *(?<k>[A-Za-z0-9_.-]+) *\\}\\}"; $c[.k] // ""))\u0000"')
	(cd "$W/ws" && env -i PATH="$W/bin:$PATH" HOME="$W" RUNNER_TEMP="$W" GITHUB_WORKSPACE="$W/ws" \
		GITHUB_OUTPUT="$out" GITHUB_STEP_SUMMARY="$W/summary" STUB_LOG="$W/stub" STUB_STATUS="${STUB_STATUS:-0}" \
		"${envs[@]}" bash --noprofile --norc -eo pipefail -c "$script" >"$W/step.out" 2>&1)
	STATUS=$?
	CTX=$ctx
	if [ -n "$id" ]; then
		CTX=$(jq -R -n --argjson c "$ctx" --arg id "$id" \
			'reduce (inputs | capture("^(?<k>[^=]+)=(?<v>.*)$")) as $o ($c; .["steps.\($id).outputs.\($o.k)"] = $o.v)' <"$out")
	fi
}
# inputs JSON-OBJECT: the context for a run with these inputs over the defaults.
inputs() {
	printf '%s' "$J" | jq -c --argjson set "$1" --arg ev "${EVENT:-push}" \
		'(.inputs | with_entries({key: "inputs.\(.key)", value: .value.default})) + ($set | with_entries(.key = "inputs.\(.key)")) + {"github.event_name": $ev}'
}
args() { tr '\n' ' ' <"$W/stub.args" | sed 's/ $//'; }
pipeline() { # INPUTS-JSON: Options then chartci ci
	rm -f "$W/stub.args" "$W/stub.env"
	step Options "$(inputs "$1")"
	[ "$STATUS" = 0 ] || return 0
	step "chartci ci" "$CTX"
}

EVENT=pull_request pipeline '{}'
check run-defaults-status [ "$STATUS" = 0 ]
check run-defaults-args [ "$(args)" = "ci --no-publish --format github" ]
check run-defaults-no-password grep -qx 'password=<unset>' "$W/stub.env"

EVENT=push pipeline '{}'
check run-push-auto [ "$(args)" = "ci --format github" ]

EVENT=push pipeline '{"since": "v1.0.0", "target-branch": "develop", "since-release": "true", "publish": "true", "to": "oci://ghcr.io/o/charts", "username": "bot", "password": "s3cret word", "format": "json", "args": "--keep-going  charts/a charts/b"}'
check run-all-status [ "$STATUS" = 0 ]
check run-all-args [ "$(args)" = "ci --since v1.0.0 --target-branch develop --since-release --to oci://ghcr.io/o/charts --username bot --publish --format json --keep-going charts/a charts/b" ]
check run-all-password-env grep -qx 'password=s3cret word' "$W/stub.env"
check run-all-password-not-argv [ "$(grep -c 's3cret' "$W/stub.args")" = 0 ]
check run-all-outputs-for-chartci grep -qx 'output=set' "$W/stub.env"

EVENT=pull_request pipeline '{"publish": "true"}'
check run-pr-publish-true [ "$(args)" = "ci --publish --format github" ]
EVENT=push pipeline '{"publish": "false"}'
check run-push-publish-false [ "$(args)" = "ci --no-publish --format github" ]

# Values are data, never shell.
EVENT=push pipeline '{"since": "x\"; touch pwned1; #", "args": "$(touch pwned2) `touch pwned3` ;touch pwned4"}'
check run-hostile-status [ "$STATUS" = 0 ]
check run-hostile-nothing-ran [ -z "$(ls "$W/ws")" ]
check run-hostile-args [ "$(args)" = 'ci --since x"; touch pwned1; # --format github $(touch pwned2) `touch pwned3` ;touch pwned4' ]

# Release tags: --tag with the publish choice, pushed by the next step, and only the tags made.
EVENT=push pipeline '{"publish": "true", "tag": "true"}'
check run-tag-args [ "$(args)" = "ci --publish --tag --format github" ]
pipeline '{"tag": "yes"}'
check run-bad-tag [ "$STATUS" = 2 ]
q action-tags-output '.outputs.tags.value == "${{ steps.ci.outputs.tags }}"'
q action-tags-push-if '[.runs.steps[] | select(.name == "Push release tags") | .if | contains("inputs.tag == '"'"'true'"'"'") and contains("steps.ci.outputs.tags != '"'"'[]'"'"'")] == [true]'
printf '#!/usr/bin/env bash\nprintf "%%s\\n" "$@" >"$STUB_LOG.git"\n' >"$W/bin/git"
chmod +x "$W/bin/git"
step "Push release tags" '{"steps.ci.outputs.tags": "[\"web-3.0.0\",\"api-0.9.5\"]"}'
check tags-push-status [ "$STATUS" = 0 ]
check tags-push-args [ "$(tr '\n' ' ' <"$W/stub.git")" = "push origin refs/tags/web-3.0.0 refs/tags/api-0.9.5 " ]

pipeline '{"publish": "sometimes"}'
check run-bad-publish [ "$STATUS" = 2 ]
check run-bad-publish-message grep -q "publish must be auto, true or false" "$W/step.out"
pipeline '{"since-release": "yes"}'
check run-bad-since-release [ "$STATUS" = 2 ]

# The SARIF pass: written below the workspace, never publishing, no outputs or summary.
EVENT=push
step Options "$(inputs '{"sarif-file": "reports/chartci.sarif", "publish": "true", "password": "pw"}')"
step "chartci ci (SARIF)" "$CTX"
check sarif-status [ "$STATUS" = 0 ]
check sarif-file [ "$(cat "$W/ws/reports/chartci.sarif" 2>/dev/null)" = '{"version":"2.1.0"}' ]
check sarif-args [ "$(args)" = "ci --no-publish --format sarif" ]
check sarif-no-outputs grep -qx 'output=' "$W/stub.env"
check sarif-no-summary grep -qx 'summary=' "$W/stub.env"
check sarif-no-password grep -qx 'password=<unset>' "$W/stub.env"
OPTS_CTX=$CTX
STUB_STATUS=1 step "chartci ci (SARIF)" "$OPTS_CTX"
check sarif-findings-pass [ "$STATUS" = 0 ]
STUB_STATUS=2 step "chartci ci (SARIF)" "$OPTS_CTX"
check sarif-error-fails [ "$STATUS" = 2 ]
STUB_STATUS=1 step "chartci ci" "$OPTS_CTX"
check ci-findings-fail [ "$STATUS" = 1 ]
