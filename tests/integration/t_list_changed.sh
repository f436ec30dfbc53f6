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
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME=$W
g() { git -C "$R" "$@" >/dev/null 2>&1; }
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

# a shallow clone without the base says what to fetch
git clone -q --depth 1 "file://$W/repo" "$W/shallow" 2>/dev/null && R=$W/shallow
lc --since base
outcome shallow 2 "base is not in this clone (a shallow clone); fetch it"
cd "$W" && run list-changed --since base
outcome not-a-repo 2 "not in a git repository"
