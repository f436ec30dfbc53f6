#!/usr/bin/env bash
# chartci list-changed on real git repositories made here (the git CLI only
# builds them; chartci reads them through libgit2): a change in a chart's
# packaged files lists it, a change .helmignore drops does not, a changed
# file:// dependency lists its dependents, renames count in both places,
# --include-worktree sees staged, unstaged and untracked files, the
# merge-base with origin/main is the default base, and a base a shallow
# clone lacks is an error saying what to fetch.
. "$(dirname "$0")/lib.sh"
W=$(scratch)
git_sandbox "$W"
chart() { # DIR [DEPENDENCY-LINES]
	mkdir -p "$R/$1/templates"
	printf 'apiVersion: v2\nname: %s\nversion: 1.0.0\n%b' "$(basename "$1")" "${2:-}" >"$R/$1/Chart.yaml"
	printf 'kind: ConfigMap\n' >"$R/$1/templates/cm.yaml"
}
R=$W/repo
mkdir -p "$R" && g init -b main
chart charts/web
chart charts/api 'dependencies:\n  - name: common\n    version: 1.x\n    repository: file://../../libs/common\n'
chart libs/common
chart charts/docs
printf 'notes/\n*.md\n' >"$R/charts/docs/.helmignore"
g add -A && g commit -m base && g tag base

lc() { cd "$R" && run list-changed "$@"; cd "$W"; }
lc --since base
outcome nothing 0 ""
check nothing-empty [ -z "$OUT" ]

printf 'more: 1\n' >>"$R/charts/web/templates/cm.yaml"
mkdir -p "$R/charts/docs/notes" && echo x >"$R/charts/docs/notes/a.txt" && echo x >"$R/charts/docs/README.md"
g add -A && g commit -m change1
lc --since base
check template-change [ "$OUT" = "charts/web" ]

printf 'description: shared\n' >>"$R/libs/common/Chart.yaml"
g add -A && g commit -m change2
lc --since base
check file-dependency [ "$OUT" = "$(printf 'charts/api\ncharts/web\nlibs/common')" ]
lc --since base --format json
check json-shape [ "$(printf '%s' "$OUT" | jq -c '[.base, (.charts | length)]')" = '["base",3]' ]
lc --since base --format matrix
check matrix [ "$OUT" = '{"include":[{"chart":"charts/api","name":"api"},{"chart":"charts/web","name":"web"},{"chart":"libs/common","name":"common"}]}' ]
lc --since HEAD~1 charts
check path-operand [ "$OUT" = "charts/api" ]

# --shard: every changed chart in exactly one of N shards, the same one every time
all=$(lc --since base && echo "$OUT")
parts=$(for i in 1 2 3; do lc --since base --shard "$i/3"; [ -n "$OUT" ] && echo "$OUT"; done | sort)
check shard-partition [ "$parts" = "$all" ]
lc --since base --shard 2/3 && first=$OUT
lc --since base --shard 2/3
check shard-stable [ "$OUT" = "$first" ]
lc --since base --shard 4/3
outcome shard-bad 2 "--shard takes I/N"

g tag second
g mv charts/web/templates/cm.yaml charts/docs/templates/moved.yaml && g commit -m rename
lc --since second
check rename-both [ "$OUT" = "$(printf 'charts/docs\ncharts/web')" ]

# the work tree as it is: unstaged, staged, untracked
g tag third
echo 'x: 1' >>"$R/charts/api/templates/cm.yaml"
lc --since third
check head-ignores-worktree [ -z "$OUT" ]
lc --since third --include-worktree
check worktree-unstaged [ "$OUT" = "charts/api" ]
echo new >"$R/libs/common/templates/new.yaml"
lc --since third --include-worktree libs
check worktree-untracked [ "$OUT" = "libs/common" ]

# default base: the merge-base with origin/main
git clone -q "$R" "$W/clone" && R=$W/clone
g checkout -b feature && chart charts/new && g add -A && g commit -m feature
lc
check merge-base [ "$OUT" = "charts/new" ]
lc --target-branch nosuch
outcome missing-target 2 "origin/nosuch is not in this clone"
CHARTCI_TARGET_BRANCH=elsewhere CHARTCI_REMOTE=upstream lc
outcome target-from-env 2 "upstream/elsewhere is not in this clone"
CHARTCI_TARGET_BRANCH=elsewhere lc --target-branch main
outcome target-flag-wins 0 "charts/new"

# a shallow clone without the base says what to fetch
git clone -q --depth 1 "file://$W/repo" "$W/shallow" 2>/dev/null && R=$W/shallow
lc --since base
outcome shallow 2 "base is not in this clone (a shallow clone); fetch it"
cd "$W" && run list-changed --since base
outcome not-a-repo 2 "not in a git repository"

# --since-release: each chart against its own previous release tag. Names
# with dashes next to their prefix, a chart never released, a change that
# arrives through a merge, a file:// dependency changed since the
# dependent's release, and a shallow clone with and without the tags.
R=$W/rel && mkdir -p "$R" && g init -b main
chart charts/kyverno
chart charts/kyverno-policies 'dependencies:\n  - name: common\n    version: 1.x\n    repository: file://../../libs/common\n'
chart libs/common
g add -A && g commit -m one
g tag kyverno-1.0.0 && g tag kyverno-policies-3.9.0-rc.3 && g tag common-1.0.0
printf 'x: 1\n' >>"$R/charts/kyverno/templates/cm.yaml" && g add -A && g commit -m kyverno-change
g tag kyverno-1.1.0
lc --since-release
outcome release-nothing 0 ""
check release-nothing-empty [ -z "$OUT" ]
printf 'y: 1\n' >>"$R/charts/kyverno-policies/templates/cm.yaml" && g add -A && g commit -m policies
chart charts/unreleased && g add -A && g commit -m new
lc --since-release
check release-own-tag [ "$OUT" = "$(printf 'charts/kyverno-policies\ncharts/unreleased')" ]
lc --since-release --format json
check release-json [ "$(printf '%s' "$OUT" | jq -c '[.base, .charts, .releases]')" = '["release tags",["charts/kyverno-policies","charts/unreleased"],{"charts/kyverno-policies":"kyverno-policies-3.9.0-rc.3","charts/unreleased":null}]' ]
g tag kyverno-policies-3.9.0 && g tag unreleased-1.0.0
g checkout -b topic && printf 'z: 1\n' >>"$R/charts/kyverno/templates/cm.yaml" && g add -A && g commit -m topic
g checkout main && printf 'w: 1\n' >>"$R/libs/common/templates/cm.yaml" && g add -A && g commit -m common
g merge --no-ff -m merge topic
lc --since-release
check release-merge [ "$OUT" = "$(printf 'charts/kyverno\ncharts/kyverno-policies\nlibs/common')" ]
lc --since-release --since HEAD
outcome release-with-since 2 "--since-release gives each chart its own base"
git clone -q --depth 1 "file://$R" "$W/rel-shallow" 2>/dev/null && R=$W/rel-shallow
lc --since-release
outcome release-shallow-untagged 0 "charts/kyverno"
check release-shallow-warns contains "$ERR" "this clone is shallow and has no tags"
g fetch --depth 1 origin 'refs/tags/*:refs/tags/*'
lc --since-release
check release-shallow-tags [ "$OUT" = "$(printf 'charts/kyverno\ncharts/kyverno-policies\nlibs/common')" ] 
check release-shallow-quiet [ -z "$ERR" ]
