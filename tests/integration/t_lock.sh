#!/usr/bin/env bash
# chartci lock and lock --check on real chart directories (file://,
# vendored charts/, @name repositories from helm's repositories.yaml):
# the lock written is helm's for the same Chart.yaml (helm's own output is
# in ../shared/corpora/helm-vectors/lock-file-deps), a re-run writes
# nothing, --check agrees, and every kind of stale lock is reported with
# its rule and position. Repositories over the network are in t_servers.
. "$(dirname "$0")/lib.sh"
V=${CHARTCI_SHARED:-$ROOT/../shared}/corpora/helm-vectors
W=$(scratch)
export HELM_REPOSITORY_CONFIG=$W/no-repositories.yaml

mk() { mkdir -p "$(dirname "$1")" && printf '%b' "$2" >"$1"; }

# helm's worked example: two file:// dependencies, the Chart.yaml helm locked.
cp -r "$V/lock-file-deps" "$W/parent" && chmod -R u+w "$W/parent" && rm "$W/parent/Chart.lock"
mk "$W/sub-a/Chart.yaml" 'apiVersion: v2\nname: sub-a\nversion: 0.1.0\n'
mk "$W/sub-b/Chart.yaml" 'apiVersion: v2\nname: sub-b\nversion: 1.2.3\n'
run lock "$W/parent"
outcome writes 0 "wrote Chart.lock (sub-a 0.1.0, sub-b 1.2.3)"
# the file helm wrote, but for the time
check same-as-helm diff <(grep -v '^generated:' "$V/lock-file-deps/Chart.lock") <(grep -v '^generated:' "$W/parent/Chart.lock")
check generated-quoted grep -qE '^generated: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})"$' "$W/parent/Chart.lock"
before=$(stat -c '%Y %s' "$W/parent/Chart.lock"; cat "$W/parent/Chart.lock")
sleep 1.1
run lock "$W/parent"
after=$(stat -c '%Y %s' "$W/parent/Chart.lock"; cat "$W/parent/Chart.lock")
check rerun-up-to-date contains "$OUT" "up to date, Chart.lock"
check rerun-writes-nothing [ "$before" = "$after" ]
run lock --check "$W/parent"
check check-clean [ "$STATUS" = 0 ]

# Stale in every way at once.
sed -i 's/version: "~1.2"/version: "^2.0"/' "$W/parent/Chart.yaml"
run lock --check --format json "$W/parent"
rules=$(printf '%s' "$OUT" | jq -r '[.findings[].rule] | sort | join(" ")')
check stale-status [ "$STATUS" = 1 ]
check stale-rules [ "$rules" = "lock/out-of-sync lock/unsatisfied" ]
check stale-position [ "$(printf '%s' "$OUT" | jq -r '.findings[] | select(.rule == "lock/unsatisfied") | "\(.line):\(.column)"')" = "5:3" ]
# and lock refuses what it cannot satisfy, naming the line and what is on offer
run lock "$W/parent"
outcome unsatisfiable 1 "Chart.yaml:35:5: error[lock/unresolvable]: can't get a valid version for \"sub-b\" (repository \"file://../sub-b\", version \"^2.0\"); the local chart's version: 1.2.3"
check unsatisfiable-keeps-lock grep -q 'version: 1.2.3' "$W/parent/Chart.lock"

# No lock at all; a vendored dependency locks its constraint.
mk "$W/v/app/Chart.yaml" 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: lib\n    version: ">=0.1"\n'
mk "$W/v/app/charts/lib/Chart.yaml" 'apiVersion: v2\nname: lib\nversion: 0.1.0\n'
run lock --check "$W/v/app"
outcome missing 1 "error[lock/missing]"
run lock "$W/v/app"
check vendored all [ "$STATUS" = 0 ] ";;" grep -q "version: '>=0.1'" "$W/v/app/Chart.lock"

# @name through helm's repositories.yaml; an unknown name is an error at its line.
mk "$W/n/app/Chart.yaml" 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: lib\n    version: "1.x"\n    repository: "@local"\n'
run lock "$W/n/app"
outcome unknown-name 1 "Chart.yaml:5:5: error[lock/unresolvable]: no repository definition for @local"
printf 'repositories:\n- name: local\n  url: https://charts.example.com\n' >"$W/repos.yaml"
run lock --check --repository-config "$W/repos.yaml" "$W/n/app"
outcome named-repo-checked 1 "error[lock/missing]"

# A symlinked lock is never written through.
ln -s "$W/elsewhere.lock" "$W/v/app/Chart.lock.new" && rm "$W/v/app/Chart.lock" && mv "$W/v/app/Chart.lock.new" "$W/v/app/Chart.lock"
run lock "$W/v/app"
outcome symlink-refused 1 "is a symlink" && [ ! -e "$W/elsewhere.lock" ]

# A file:// dependency that moved past its locked version: the digest still
# matches, but helm dependency build refuses it, so --check says the lock is stale.
mkdir -p "$W/fd/common" "$W/fd/app"
printf 'apiVersion: v2\nname: common\nversion: 1.0.0\n' >"$W/fd/common/Chart.yaml"
printf 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: common\n    version: ">=1.0.0"\n    repository: file://../common\n' >"$W/fd/app/Chart.yaml"
run lock "$W/fd/app"
run lock --check "$W/fd/app"
outcome local-in-step 0 "no problems found"
sed -i 's/^version: 1.0.0/version: 1.1.0/' "$W/fd/common/Chart.yaml"
run lock --check "$W/fd/app"
outcome local-moved 1 "fd/app/Chart.lock:2:3: error[lock/out-of-sync]: common is locked at 1.0.0, but file://../common now holds version 1.1.0: helm dependency build refuses it"
run lock "$W/fd/app"
run lock --check "$W/fd/app"
outcome local-relocked 0 "no problems found"
