#!/usr/bin/env bash
# helm's own lint fixtures (../shared/corpora/charts/helm-testdata) through
# `chartci lint --format json`: on each chart, chartci reports exactly the
# findings helm's tests expect of the checks that need no rendering, with
# helm's severity and, for the Chart.yaml, dependency and crds/ rules,
# helm's message (for the loader's rules: rule, severity and file). The
# expectations come from helm's test files (kept as text in
# helm-testdata/_go_tests_reference: pkg_chart_v2_lint_rules_*_test.go,
# pkg_chart_v2_lint_lint_test.go), its golden outputs
# (pkg/cmd/testdata/output/lint-*.txt) and ../shared/reference/
# helm-formats.md §3.7, which records helm v4.1.4 on every fixture.
#
# Left out, because they need templates rendered, which chartci does not do:
#   albatross           the parse error of templates/fail.yaml ("function
#                       deliberateSyntaxError not defined"); the chart is
#                       checked below, and like helm chartci finds nothing else
#   malformed-template  "unable to parse YAML" on the rendered templates/bad.yaml;
#                       likewise checked for the rest
#   multi-template-fail the metadata.name warning on the second rendered
#                       document; its Chart.yaml and values findings are checked
#   chart-with-deprecated-api  the PodDisruptionBudget deprecation warning
#   v3-fail             .Release.Time and crd-install, helm 3's template
#                       checks, which helm 4 dropped; checked for the rest
# Also left out:
#   internal/chart/v3/lint/rules/testdata  fixtures of Helm 4's experimental
#                       chart v3 linter, which `helm lint` 4.1.4 does not run
#                       (it reports apiVersion 'v3' as invalid on all of them,
#                       and so does chartci)
#   helm's "[ERROR] : unable to load chart" lines: chartci reports the cause
#                       itself (chart/name, chart/version, values/not-mapping,
#                       yaml/syntax, chart/subchart-invalid), not a summary.
# chart/name-directory is off: helm's fixtures are often copies in directories
# named after the test, and the rule is chartci's own (helm 4 has none).
# Where chartci says more than helm, the fixture says so and why.
. "$(dirname "$0")/lib.sh"
H=${CHARTCI_SHARED:-$ROOT/../shared}/corpora/charts/helm-testdata
RULES=$H/pkg/chart/v2/lint/rules/testdata
CMD=$H/pkg/cmd/testdata/testcharts
if [ ! -d "$RULES" ] || [ ! -d "$CMD" ]; then
	fail helm-testdata-present "no helm lint fixtures under $H"
	exit 0
fi

# Rules whose messages are helm's own and pinned here.
PINNED='^(chart/(api-version|name|version|version-semver2|maintainer|source-url|icon|icon-url|type|dependencies-api-version|kube-version|unknown-field|deprecated|templates-missing)|values/missing|dependency/[a-z-]+|crd/[a-z-]+)$'

# fixture NAME DIR STATUS: chartci lint on DIR exits STATUS and reports
# exactly the lines on stdin, "severity rule path[: message]" with paths
# relative to DIR, in any order.
fixture() {
	local name=$1 dir=$2 want_status=$3 want got
	want=$(grep -v '^$' | LC_ALL=C sort)
	run lint --disable chart/name-directory --format json "$dir"
	got=$(printf '%s' "$OUT" | jq -r --arg d "$dir/" --arg pinned "$PINNED" '.findings[] |
		"\(.severity) \(.rule) \(.file | ltrimstr($d))" +
		(if (.rule | test($pinned)) then ": \(.message)" else "" end)' | LC_ALL=C sort)
	if [ "$STATUS" = "$want_status" ] && [ "$got" = "$want" ]; then
		ok "$name"
	else
		fail "$name" "exit status $STATUS (want $want_status); findings, want (<) and got (>):"
		diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed -n 's/^[<>]/     &/p'
	fi
}

# ---- pkg/chart/v2/lint/rules/testdata

# TestInvalidYaml: one message, the template parse error (left out).
fixture albatross "$RULES/albatross" 0 </dev/null

# TestChartfile "type mismatch": version type, invalid SemVer, appVersion
# type, SemVerV2; RunAll adds the values.yaml INFO and the templates/
# WARNING (§3.7). helm's "version should be of type string but it's of type
# float64" is the loader's chart/field-type here. chartci also says that
# mariadb is missing from charts/: helm skips its dependency checks when it
# cannot load the chart, chartci does not.
fixture anotherbadchartfile "$RULES/anotherbadchartfile" 1 <<'EOF'
error chart/field-type Chart.yaml
error chart/field-type Chart.yaml
error chart/version Chart.yaml: version '7.2445e+06' is not a valid SemVer
warning chart/version-semver2 Chart.yaml: version '7.2445e+06' is not a valid SemVerV2
info values/missing values.yaml: file does not exist
warning chart/templates-missing templates/: directory does not exist
warning dependency/missing charts: chart directory is missing these dependencies: mariadb (run helm dependency build)
EOF

# TestChartfile "basic validity issues" (7 messages, in helm's order) and
# TestBadChart (9 with RunAll: the templates/ warning and "unable to load
# chart"). The mariadb line as for anotherbadchartfile.
fixture badchartfile "$RULES/badchartfile" 1 <<'EOF'
error chart/name Chart.yaml: name is required
error chart/api-version Chart.yaml: apiVersion is required. The value must be either "v1" or "v2"
error chart/version Chart.yaml: version '0.0.0.0' is not a valid SemVer
info chart/icon Chart.yaml: icon is recommended
error chart/type Chart.yaml: chart type is not valid in apiVersion ''. It is valid in apiVersion 'v2'
error chart/dependencies-api-version Chart.yaml: dependencies are not valid in the Chart file with apiVersion ''. They are valid in apiVersion 'v2'
warning chart/version-semver2 Chart.yaml: version '0.0.0.0' is not a valid SemVerV2
warning chart/templates-missing templates/: directory does not exist
warning dependency/missing charts: chart directory is missing these dependencies: mariadb (run helm dependency build)
EOF

# TestValidateChartName: `name: "../badchartname"` is invalid (§3.7 adds icon and templates/).
fixture badchartname "$RULES/badchartname" 1 <<'EOF'
error chart/name Chart.yaml: chart name "../badchartname" is invalid
info chart/icon Chart.yaml: icon is recommended
warning chart/templates-missing templates/: directory does not exist
EOF

# TestBadCrdFile: exactly these two.
fixture badcrdfile "$RULES/badcrdfile" 1 <<'EOF'
error crd/api-version crds/bad-apiversion.yaml: apiVersion is not in 'apiextensions.k8s.io'
error crd/kind crds/bad-crd.yaml: object kind is not 'CustomResourceDefinition'
EOF

# TestBadValues: values.yaml ("name= value", a string) does not parse as values.
fixture badvaluesfile "$RULES/badvaluesfile" 1 <<'EOF'
error values/not-mapping values.yaml
EOF

# TestGoodChart: no messages (the chart has a CRD).
fixture goodone "$RULES/goodone" 0 </dev/null

# TestInvalidChartYaml: two warnings, the strict parse of a duplicate
# apiVersion key (yaml/duplicate-key here) and templates/; the chart passes.
fixture invalidchartfile "$RULES/invalidchartfile" 0 <<'EOF'
warning yaml/duplicate-key Chart.yaml
warning chart/templates-missing templates/: directory does not exist
EOF

# TestInvalidCrdsDir: "not a directory" (§3.7 adds templates/).
fixture invalidcrdsdir "$RULES/invalidcrdsdir" 1 <<'EOF'
error crd/not-directory crds/: not a directory
warning chart/templates-missing templates/: directory does not exist
EOF

# TestMalformedTemplate: one message, on the rendered template (left out).
fixture malformed-template "$RULES/malformed-template" 0 </dev/null

# §3.7: icon and values.yaml INFOs, and the rendered name warning (left out).
fixture multi-template-fail "$RULES/multi-template-fail" 0 <<'EOF'
info chart/icon Chart.yaml: icon is recommended
info values/missing values.yaml: file does not exist
EOF

# §3.7: helm 4 reports only the icon.
fixture v3-fail "$RULES/v3-fail" 0 <<'EOF'
info chart/icon Chart.yaml: icon is recommended
EOF

# TestSubChartValuesChart: no messages (import-values are not lint's business).
fixture withsubchart "$RULES/withsubchart" 0 </dev/null

# ---- pkg/cmd/testdata/testcharts (golden outputs and §3.7)

# lint-chart-with-bad-subcharts.txt: icon, templates/, and the chart does not
# load because charts/bad-subchart has no name.
fixture chart-with-bad-subcharts "$CMD/chart-with-bad-subcharts" 1 <<'EOF'
info chart/icon Chart.yaml: icon is recommended
warning chart/templates-missing templates/: directory does not exist
error chart/subchart-invalid charts/bad-subchart/Chart.yaml
EOF

# lint-chart-with-bad-subcharts-with-subcharts.txt, the two subcharts linted as charts.
fixture bad-subchart "$CMD/chart-with-bad-subcharts/charts/bad-subchart" 1 <<'EOF'
error chart/name Chart.yaml: name is required
error chart/api-version Chart.yaml: apiVersion is required. The value must be either "v1" or "v2"
error chart/version Chart.yaml: version is required
info chart/icon Chart.yaml: icon is recommended
warning chart/version-semver2 Chart.yaml: version '' is not a valid SemVerV2
warning chart/templates-missing templates/: directory does not exist
EOF
fixture good-subchart "$CMD/chart-with-bad-subcharts/charts/good-subchart" 0 <<'EOF'
info chart/icon Chart.yaml: icon is recommended
warning chart/templates-missing templates/: directory does not exist
EOF

# lint-chart-with-deprecated-api*.txt: the icon, and the deprecation warning (left out).
fixture chart-with-deprecated-api "$CMD/chart-with-deprecated-api" 0 <<'EOF'
info chart/icon Chart.yaml: icon is recommended
EOF

# lint-quiet-with-error.txt: Chart.yaml does not parse ("did not find
# expected '-' indicator"). helm also warns that templates/ does not exist;
# chartci makes its Chart.yaml checks, that one included, only on a
# Chart.yaml that parses.
fixture chart-bad-requirements "$CMD/chart-bad-requirements" 1 <<'EOF'
error yaml/syntax Chart.yaml
EOF

# lint-quiet-with-warning.txt (templates/) and §3.7 (icon, values.yaml).
fixture chart-with-only-crds "$CMD/chart-with-only-crds" 0 <<'EOF'
info chart/icon Chart.yaml: icon is recommended
info values/missing values.yaml: file does not exist
warning chart/templates-missing templates/: directory does not exist
EOF

# §3.7, checked with helm v4.1.4: `type: foobar` in a v1 chart is a lint
# error for v1 and makes the loader refuse the value; chartci says both.
fixture chart-bad-type "$CMD/chart-bad-type" 1 <<'EOF'
info chart/icon Chart.yaml: icon is recommended
error chart/type Chart.yaml: chart type is not valid in apiVersion 'v1'. It is valid in apiVersion 'v2'
error chart/type Chart.yaml: chart type 'foobar' is not valid: it must be application or library (helm cannot load the chart)
EOF

# helm v4.1.4: dependencies in a v1 Chart.yaml, and reqsubchart2 is not in charts/.
fixture chart-missing-deps "$CMD/chart-missing-deps" 1 <<'EOF'
info chart/icon Chart.yaml: icon is recommended
error chart/dependencies-api-version Chart.yaml: dependencies are not valid in the Chart file with apiVersion 'v1'. They are valid in apiVersion 'v2'
warning chart/templates-missing templates/: directory does not exist
warning dependency/missing charts: chart directory is missing these dependencies: reqsubchart2 (run helm dependency build)
EOF

# helm v4.1.4: a v1 chart with a type, and charts/common not declared.
fixture chart-with-lib-dep "$CMD/chart-with-lib-dep" 1 <<'EOF'
info chart/icon Chart.yaml: icon is recommended
error chart/type Chart.yaml: chart type is not valid in apiVersion 'v1'. It is valid in apiVersion 'v2'
error dependency/undeclared charts: chart metadata is missing these dependencies: common
EOF

# helm v4.1.4: icon, values.yaml and templates/; chartci adds its note that
# the chart is deprecated (helm says so at install time, not in lint).
fixture deprecated "$CMD/deprecated" 0 <<'EOF'
info chart/icon Chart.yaml: icon is recommended
info values/missing values.yaml: file does not exist
warning chart/templates-missing templates/: directory does not exist
info chart/deprecated Chart.yaml: the chart is marked deprecated; helm warns everyone who installs it
EOF
