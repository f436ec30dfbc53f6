#!/usr/bin/env bash
# A monorepo of 200 charts, each released under its own tag, changed over
# a history with a merged feature branch: list-changed (against a base and
# against each chart's release) lists exactly the charts whose packaged
# files changed, check-version gives exactly the findings each change
# earns, and bump answers them so that check-version then passes.
. "$(dirname "$0")/lib.sh"
W=$(scratch)
git_sandbox "$W"
R=$W/mono
mkdir -p "$R" && g init -b main
for i in $(seq -w 1 200); do
	d=$R/charts/team-$((10#$i % 7))/svc-$i
	mkdir -p "$d/templates"
	printf 'apiVersion: v2\nname: svc-%s\nversion: 1.%d.0\nappVersion: "2.0"\n' "$i" "$((10#$i % 5))" >"$d/Chart.yaml"
	printf 'image:\n  tag: "2.0"\nreplicas: 1\n' >"$d/values.yaml"
	printf 'kind: ConfigMap\n' >"$d/templates/cm.yaml"
	printf 'docs/\n' >"$d/.helmignore"
done
g add -A && g commit -m release
tags=0
for c in "$R"/charts/*/*/Chart.yaml; do
	g tag "$(sed -n 's/^name: //p' "$c")-$(sed -n 's/^version: //p' "$c")" && tags=$((tags + 1))
done
g tag base
p() { echo "charts/team-$((10#$1 % 7))/svc-$1"; }

# on a branch: a template edited (007), a template removed with only a patch bump (042)
g checkout -b feature
printf 'data: {}\n' >>"$R/$(p 007)/templates/cm.yaml"
g rm -q "$(p 042)/templates/cm.yaml" && mkdir -p "$R/$(p 042)/templates" && printf 'kind: Secret\n' >"$R/$(p 042)/templates/secret.yaml"
sed -i 's/^version: 1.2.0/version: 1.2.1/' "$R/$(p 042)/Chart.yaml"
g add -A && g commit -m feature
# on main meanwhile: a values key added (100), appVersion alone (150), an ignored file (160), a bumped change (199)
g checkout main
printf 'extra: true\n' >>"$R/$(p 100)/values.yaml"
sed -i 's/^appVersion: .*/appVersion: "2.1"/' "$R/$(p 150)/Chart.yaml"
mkdir -p "$R/$(p 160)/docs" && echo notes >"$R/$(p 160)/docs/a.md"
printf 'x: 1\n' >>"$R/$(p 199)/templates/cm.yaml" && sed -i 's/^version: 1.4.0/version: 1.4.1/' "$R/$(p 199)/Chart.yaml"
g add -A && g commit -m main-work
g merge --no-ff -m "merge feature" feature

cd "$R"
want=$(printf '%s\n' "$(p 007)" "$(p 042)" "$(p 100)" "$(p 150)" "$(p 199)" | sort)
run list
check listed-200 [ "$(printf '%s\n' "$OUT" | wc -l)" = 200 ]
check tagged-200 [ "$tags" = 200 ]
run list-changed --since base
check since-base [ "$OUT" = "$want" ]
run list-changed --since-release
check since-release [ "$OUT" = "$want" ]
run list-changed --since HEAD~1
check merge-parent [ "$OUT" = "$(printf '%s\n' "$(p 007)" "$(p 042)" | sort)" ]
shards=$(for i in 1 2 3 4 5; do run list-changed --since base --shard "$i/5"; [ -n "$OUT" ] && echo "$OUT"; done | sort)
check shards-partition [ "$shards" = "$want" ]

run check-version --format json
findings=$(printf '%s' "$OUT" | jq -r '.findings[] | "\(.chart) \(.rule)"' | sort)
check check-version-findings [ "$findings" = "$(printf '%s\n' "$(p 007) version/not-bumped" "$(p 042) version/major-required" "$(p 100) version/not-bumped" "$(p 150) version/app-version-unbumped" | sort)" ]
outcome check-version-status 1 "version/major-required"
check check-version-count contains "$OUT" '"charts": 200'
run check-version --suggest
check suggest-042 contains "$OUT" "$(p 042): 2.0.0 (released 1.2.0; file templates/cm.yaml removed since svc-042-1.2.0 (was at $(p 042)/templates/cm.yaml)"
check suggest-100 contains "$OUT" "$(p 100): 1.1.0 (released 1.0.0; values key extra added since svc-100-1.0.0 (at $(p 100)/values.yaml:4:1))"

run bump --auto
outcome bump-auto 0 "$(p 042)/Chart.yaml: version 1.2.1 -> 2.0.0"
check bump-100 contains "$OUT" "$(p 100)/Chart.yaml: version 1.0.0 -> 1.1.0"
check bump-007 contains "$OUT" "$(p 007)/Chart.yaml: version 1.2.0 -> 1.2.1"
check bump-150 contains "$OUT" "$(p 150)/Chart.yaml: version 1.0.0 -> 1.0.1"
check bump-lines [ "$(git diff --stat | tail -n1)" = " 4 files changed, 4 insertions(+), 4 deletions(-)" ]
run check-version
outcome after-bump 0 "200 charts checked: no problems found"
