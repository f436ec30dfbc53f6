#!/usr/bin/env bash
# chartci hook install: in a fresh repository, a pre-push hook that makes
# `git push` to a local bare remote fail on a chart changed without a
# version bump, and pass after `chartci bump --patch`; a foreign hook is
# kept unless --force; installing twice is fine.
. "$(dirname "$0")/lib.sh"
W=$(scratch)
git_sandbox "$W"
R=$W/work
git init -q --bare "$W/remote.git"
mkdir -p "$R/charts/app/templates" && g init -b main
printf 'apiVersion: v2\nname: app\nversion: 1.0.0\n' >"$R/charts/app/Chart.yaml"
printf 'kind: ConfigMap\n' >"$R/charts/app/templates/cm.yaml"
g add -A && g commit -m app && g tag app-1.0.0
g remote add origin "$W/remote.git" && g push -q origin main

cd "$R" && run hook install; cd "$W"
outcome installed 0 "installed $R/.git/hooks/pre-push"
check executable [ -x "$R/.git/hooks/pre-push" ]
check names-binary contains "$(cat "$R/.git/hooks/pre-push")" "chartci='${CC_REAL_CHARTCI:-$CHARTCI}'"
cd "$R" && run hook install; cd "$W"
outcome reinstall 0 "installed"

printf 'data: {}\n' >>"$R/charts/app/templates/cm.yaml" && g commit -am change
git -C "$R" push -q origin main >"$W/push1.out" 2>&1
check push-refused [ "$?" != 0 ]
check push-refused-says contains "$(cat "$W/push1.out")" "error[version/not-bumped]"
check remote-unchanged [ "$(git -C "$W/remote.git" rev-parse main)" != "$(git -C "$R" rev-parse HEAD)" ]

cd "$R" && "$CHARTCI" bump --patch charts/app >/dev/null; cd "$W"
g commit -am bump
git -C "$R" push -q origin main >"$W/push2.out" 2>&1
check push-passes [ "$?" = 0 ]
check remote-updated [ "$(git -C "$W/remote.git" rev-parse main)" = "$(git -C "$R" rev-parse HEAD)" ]

# a branch that is not checked out: not judged by the work tree's HEAD, and said so
g branch side && g checkout -b other && printf 'more: {}\n' >>"$R/charts/app/templates/cm.yaml" && g commit -am unbumped
git -C "$R" push -q origin side >"$W/push3.out" 2>&1
check other-ref-not-checked [ "$?" = 0 ]
check other-ref-says contains "$(cat "$W/push3.out")" "chartci: refs/heads/side is not what is checked out; only the work tree's HEAD is checked"
git -C "$R" push -q origin other:main >"$W/push4.out" 2>&1
check checked-out-ref-judged [ "$?" != 0 ]
g checkout main

# someone else's hook
printf '#!/bin/sh\necho mine\n' >"$R/.git/hooks/pre-push"
cd "$R" && run hook install; cd "$W"
outcome foreign-kept 2 "is a hook chartci did not write; it is kept (--force replaces it)"
check foreign-unchanged [ "$(cat "$R/.git/hooks/pre-push")" = "$(printf '#!/bin/sh\necho mine')" ]
cd "$R" && run hook install --force; cd "$W"
outcome forced 0 "installed"
cd "$W" && run hook install
outcome not-a-repo 2 "not in a git repository"
