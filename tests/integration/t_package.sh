#!/usr/bin/env bash
# chartci package: reproducible archives. In a git repository the mtime is
# the chart's last commit, so touching files changes nothing and two clones
# (here: two repositories committed at the same time) give the same bytes;
# SOURCE_DATE_EPOCH overrides it; refusals and the destination directory;
# --deps-build fetches (and packages) the missing dependencies first.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/lib/servers.sh"
: "${FREEPORT:?}"
W=$(scratch)
export TZ=UTC
net_sandbox "$W"

mkchart() { # mkchart DIR NAME
	mkdir -p "$1/templates"
	printf 'apiVersion: v2\nname: %s\nversion: 1.0.0\n# comment\n' "$2" >"$1/Chart.yaml"
	printf 'replicas: 1\n' >"$1/values.yaml"
	printf 'kind: ConfigMap\n' >"$1/templates/cm.yaml"
}

gitrepo() { # gitrepo DIR: a repository with DIR/charts/web committed at a fixed time
	mkchart "$1/charts/web" web
	printf 'other\n' >"$1/README.md"
	git -C "$1" init -q
	git -C "$1" add -A
	GIT_AUTHOR_DATE='2024-03-01T10:00:00Z' GIT_COMMITTER_DATE='2024-03-01T10:00:00Z' \
		git -C "$1" -c user.name=t -c user.email=t@example.com commit -qm one
}

sha() { sha256sum "$1" | cut -c1-64; }

unset SOURCE_DATE_EPOCH
gitrepo "$W/r1"
# a later commit outside the chart does not move the chart's time
printf 'more\n' >>"$W/r1/README.md"
git -C "$W/r1" add -A
GIT_AUTHOR_DATE='2025-01-01T00:00:00Z' GIT_COMMITTER_DATE='2025-01-01T00:00:00Z' \
	git -C "$W/r1" -c user.name=t -c user.email=t@example.com commit -qm two
run package "$W/r1/charts/web" -d "$W/out1"
outcome git-packaged 0 "$W/out1/web-1.0.0.tgz"
check git-commit-time contains "$(tar -tvzf "$W/out1/web-1.0.0.tgz" | head -1)" "2024-03-01 10:00"

find "$W/r1/charts/web" -exec touch -d '2030-01-01 00:00' {} +
touch -d '2031-05-05 00:00' "$W/r1/charts/web/values.yaml"
run package "$W/r1/charts/web" -d "$W/out2"
check touched-same-bytes [ "$(sha "$W/out1/web-1.0.0.tgz")" = "$(sha "$W/out2/web-1.0.0.tgz")" ]

gitrepo "$W/r2"
run package "$W/r2/charts/web" -d "$W/out3"
check two-clones-same-bytes [ "$(sha "$W/out1/web-1.0.0.tgz")" = "$(sha "$W/out3/web-1.0.0.tgz")" ]

# outside git: the newest file's mtime
mkchart "$W/plain" plain
find "$W/plain" -exec touch -d '2020-01-01 00:00' {} +
touch -d '2021-06-07 08:09' "$W/plain/values.yaml"
run package "$W/plain" -d "$W/out4"
outcome plain-packaged 0 "plain-1.0.0.tgz"
check plain-newest-mtime [ "$(tar -tvzf "$W/out4/plain-1.0.0.tgz" | grep -c '2021-06-07 08:09')" = 3 ]

# SOURCE_DATE_EPOCH wins, and sets every member's time
SOURCE_DATE_EPOCH=1700000000 run package "$W/r1/charts/web" -d "$W/out5"
outcome sde-packaged 0 "web-1.0.0.tgz"
check sde-mtimes [ "$(tar -tvzf "$W/out5/web-1.0.0.tgz" | grep -c '2023-11-14 22:13')" = 3 ]
check sde-modes [ "$(tar -tvzf "$W/out5/web-1.0.0.tgz" | grep -c '^-rw-r--r-- 0/0 ')" = 3 ]
SOURCE_DATE_EPOCH=17e8 run package "$W/r1/charts/web" -d "$W/out5"
outcome sde-invalid 2 "SOURCE_DATE_EPOCH"

# -d creates the directory (and its parents); --version names the file
run package "$W/plain" -d "$W/deep/er/dir" --version 2.0.0-rc.1 --app-version 3.1
outcome dest-created 0 "$W/deep/er/dir/plain-2.0.0-rc.1.tgz"
check dest-file [ -f "$W/deep/er/dir/plain-2.0.0-rc.1.tgz" ]
check app-version-set contains "$(tar -xOzf "$W/deep/er/dir/plain-2.0.0-rc.1.tgz" plain/Chart.yaml)" 'appVersion: "3.1"'
run package "$W/plain" -d "$W/out6" --version 1.0.0.0
outcome bad-version 2 "--version 1.0.0.0"

# a declared dependency missing from charts/ is refused with helm's message
mkchart "$W/deps" deps
printf 'dependencies:\n- name: a\n  version: 1.0.0\n- name: b\n  version: 1.0.0\n- name: c\n  version: 1.0.0\n' >>"$W/deps/Chart.yaml"
mkchart "$W/deps/charts/b" b
run package "$W/deps" -d "$W/out7"
outcome deps-missing 1 "found in Chart.yaml, but missing in charts/ directory: a, c"
check deps-nothing-written [ ! -e "$W/out7/deps-1.0.0.tgz" ]

# apiVersion v3 is refused as helm refuses it
mkchart "$W/v3" v3
sed -i 's/apiVersion: v2/apiVersion: v3/' "$W/v3/Chart.yaml"
run package "$W/v3" -d "$W/out8"
outcome v3-refused 1 "invalid chart apiVersion"

# --deps-build: a dependency from a chart repository and a file:// one, fetched into charts/ first
mkdir -p "$W/repo/src/redis/templates"
printf 'apiVersion: v2\nname: redis\nversion: 17.1.10\n' >"$W/repo/src/redis/Chart.yaml"
printf 'kind: Service\n' >"$W/repo/src/redis/templates/svc.yaml"
tar -czf "$W/repo/redis-17.1.10.tgz" -C "$W/repo/src" redis
printf 'apiVersion: v1\nentries:\n  redis:\n  - apiVersion: v2\n    name: redis\n    version: 17.1.10\n    urls: [redis-17.1.10.tgz]\n    digest: "%s"\n' \
	"$(sha "$W/repo/redis-17.1.10.tgz")" >"$W/repo/index.yaml"
cc_server_http "$W/repo" || fail http-server "nginx did not start"
R=$W/mono
mkchart "$R/lib" lib
mkchart "$R/app" app
printf 'dependencies:\n- name: redis\n  version: ~17.1\n  repository: %s\n- name: lib\n  version: 1.x\n  repository: file://../lib\n' \
	"${CC_HTTP:-http://127.0.0.1:9}" >>"$R/app/Chart.yaml"
git -C "$R" init -q
run lock "$R/app"
check deps-build-locked [ "$STATUS" = 0 ]
run package "$R/app" -d "$W/out9"
outcome deps-build-needed 1 "found in Chart.yaml, but missing in charts/ directory: redis, lib"
check deps-build-needed-nothing all [ ! -e "$W/out9/app-1.0.0.tgz" ] ";;" [ ! -e "$R/app/charts" ]
run package --deps-build "$R/app" -d "$W/out9"
outcome deps-build-packaged 0 "$W/out9/app-1.0.0.tgz"
check deps-build-stdout [ "$OUT" = "$W/out9/app-1.0.0.tgz" ]
check deps-build-saved contains "$ERR" "saved 2 charts (redis-17.1.10.tgz, lib-1.0.0.tgz)"
members=$(tar -tzf "$W/out9/app-1.0.0.tgz" | tr '\n' ' ')
check deps-build-members [ "$members" = "app/Chart.yaml app/Chart.lock app/values.yaml app/templates/cm.yaml app/charts/lib/Chart.yaml app/charts/lib/values.yaml app/charts/lib/templates/cm.yaml app/charts/redis/Chart.yaml app/charts/redis/templates/svc.yaml " ]
# with charts/ complete there is nothing to fetch; without a lock nothing is fetched
n=$(grep -c 'redis-17.1.10.tgz' "$CC_HTTP_LOG")
run package --deps-build "$R/app" -d "$W/out10"
outcome deps-build-complete 0 "$W/out10/app-1.0.0.tgz"
check deps-build-no-refetch [ "$(grep -c 'redis-17.1.10.tgz' "$CC_HTTP_LOG")" = "$n" ]
check deps-build-same-bytes cmp "$W/out9/app-1.0.0.tgz" "$W/out10/app-1.0.0.tgz"
rm -r "$R/app/charts" "$R/app/Chart.lock"
run package --deps-build "$R/app" -d "$W/out11"
outcome deps-build-no-lock 1 "nothing fetched"
check deps-build-no-lock-nothing [ ! -e "$W/out11/app-1.0.0.tgz" ]

# on a terminal (script(1) gives one) several charts show a progress line on stderr; in a pipe, none
if command -v script >/dev/null; then
	mkchart "$W/p1" p1 && mkchart "$W/p2" p2
	script -qec "\"$CHARTCI\" package -d \"$W/outp\" \"$W/p1\" \"$W/p2\"" /dev/null >"$W/tty.out" 2>&1
	cat "$W/tty.out" >>"$RESULTS.outputs" # a terminal run is not swept by $CHARTCI
	check progress-tty contains "$(cat "$W/tty.out")" "packaging 2 of 2: $W/p2"
	check progress-tty-paths contains "$(cat "$W/tty.out")" "$W/outp/p2-1.0.0.tgz"
	run package -d "$W/outp2" "$W/p1" "$W/p2"
	check progress-not-piped eval '! grep -q "packaging" <<<"$ERR"'
fi
