#!/usr/bin/env bash
# chartci's SARIF output (lint, lock --check) validated against the published
# SARIF 2.1.0 schemas (tests/data/sarif/: the draft-07 one and the draft-04
# Errata 01 one). chartci's own values.schema.json validation does the work: a
# scratch chart gets the SARIF log as its values.yaml (JSON is YAML) and a
# SARIF schema as its values.schema.json, and `chartci lint` on it reports
# every place the log breaks the schema as values/schema. Logs checked: the
# monorepo example (findings, with and without regions, paths given as an
# operand and through -C), a clean chart (no results) and lock --check's
# findings; a log broken on purpose must be refused, so the check can fail.
. "$(dirname "$0")/lib.sh"
W=$(scratch)
DATA=$ROOT/tests/data/sarif
SCHEMAS=(sarif-schema-2.1.0.json sarif-schema-2.1.0-errata01.json)

# sarif_chart DIR SCHEMA LOG: a chart whose values are LOG and whose values
# schema is SCHEMA, with nothing else for lint to report.
sarif_chart() {
	mkdir -p "$1/templates"
	printf 'apiVersion: v2\nname: %s\nversion: 1.0.0\nicon: https://example.com/icon.png\n' "$(basename "$1")" >"$1/Chart.yaml"
	printf 'kind: ConfigMap\n' >"$1/templates/cm.yaml"
	cp "$DATA/$2" "$1/values.schema.json"
	cp "$3" "$1/values.yaml"
}

# schema_findings: the schema-related findings of the last `run lint --format json`, one a line.
schema_findings() {
	printf '%s' "$OUT" | jq -r '.findings[] | select(.rule == "values/schema" or (.rule | startswith("schema/"))) | "\(.rule): \(.message)"'
}

# validate NAME LOG: LOG is valid against both schemas.
validate() {
	local s n=0 found
	for s in "${SCHEMAS[@]}"; do
		n=$((n + 1))
		sarif_chart "$W/$1-$n" "$s" "$2"
		run lint --format json "$W/$1-$n"
		found=$(schema_findings)
		if [ "$STATUS" = 0 ] && [ -z "$found" ] && [ -n "$OUT" ]; then
			ok "$1-valid-$s"
		else
			fail "$1-valid-$s" "exit $STATUS; $(printf '%s\n%s' "$found" "$ERR" | head -c 1500)"
		fi
	done
}

# sarif NAME ARGS...: `chartci ARGS...` writes a SARIF log to $W/NAME.sarif.
sarif() {
	local name=$1
	shift
	run "$@"
	printf '%s\n' "$OUT" >"$W/$name.sarif"
}

# The monorepo has findings: errors fail the lint, the log still comes out.
sarif monorepo lint --format sarif "$ROOT/examples/monorepo"
check monorepo-exit [ "$STATUS" = 1 ]
check monorepo-results [ "$(jq '.runs[0].results | length' "$W/monorepo.sarif")" -gt 0 ]
check monorepo-regions [ "$(jq '[.runs[0].results[].locations[].physicalLocation | select(.region)] | length' "$W/monorepo.sarif")" -gt 0 ]
validate monorepo "$W/monorepo.sarif"

sarif monorepo-rel -C "$ROOT/examples/monorepo" lint --format sarif
check monorepo-rel-uris [ "$(jq -r '[.runs[0].results[].locations[].physicalLocation.artifactLocation.uri | select(startswith("charts/") | not)] | length' "$W/monorepo-rel.sarif")" = 0 ]
validate monorepo-rel "$W/monorepo-rel.sarif"

# A clean chart: no results, still a complete log.
sarif clean lint --format sarif "$ROOT/examples/monorepo/charts/api"
check clean-exit [ "$STATUS" = 0 ]
check clean-no-results [ "$(jq '.runs[0].results | length' "$W/clean.sarif")" = 0 ]
validate clean "$W/clean.sarif"

# lock --check writes its findings (lock/*) as SARIF too.
mkdir -p "$W/locks/app/templates"
printf 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: redis\n    version: 1.x\n    repository: https://charts.example.com\n' >"$W/locks/app/Chart.yaml"
sarif lock -C "$W/locks" lock --check --format sarif
check lock-exit [ "$STATUS" = 1 ]
check lock-results [ "$(jq -r '[.runs[0].results[].ruleId] | unique | join(" ")' "$W/lock.sarif")" = "lock/missing" ]
validate lock "$W/lock.sarif"

# Broken on purpose: the validation must refuse it, naming each problem.
jq '.version = "2.0.0" | .runs[0].results[0].level = "fatal" | .runs[0].unknown = 1' \
	"$W/monorepo.sarif" >"$W/broken.sarif"
sarif_chart "$W/broken" sarif-schema-2.1.0.json "$W/broken.sarif"
run lint --format json "$W/broken"
found=$(schema_findings)
check broken-fails [ "$STATUS" = 1 ]
check broken-version contains "$found" "at '/version': value must be '2.1.0'"
check broken-level contains "$found" "at '/runs/0/results/0/level': value must be one of 'none', 'note', 'warning', 'error'"
check broken-extra contains "$found" "additional properties 'unknown' not allowed"

jq 'del(.runs[0].tool)' "$W/clean.sarif" >"$W/no-tool.sarif"
sarif_chart "$W/no-tool" sarif-schema-2.1.0-errata01.json "$W/no-tool.sarif"
run lint --format json "$W/no-tool"
found=$(schema_findings)
check no-tool-fails [ "$STATUS" = 1 ]
check no-tool-message contains "$found" "missing property 'tool'"
