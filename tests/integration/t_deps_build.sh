#!/usr/bin/env bash
# chartci deps build against real repositories on loopback (nginx serving
# a chart repository, docker-registry): the locked versions land in
# charts/, outdated archives go, a second build downloads nothing (the
# cache is keyed by sha256), and every unsafe case is refused with charts/
# left as it was: a digest that is not the index's, an archive escaping
# with "..", an archive holding another version, a lock out of sync.
# file:// dependencies are packaged as `chartci package` packages them,
# and only from inside the repository.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/lib/servers.sh"
. "$ROOT/tests/lib/oci.sh"
: "${FREEPORT:?}"
W=$(scratch)
net_sandbox "$W"

# tgz NAME VERSION OUT [TAR-OPTIONS...]: a chart archive as helm lays it out (NAME/Chart.yaml, ...)
tgz() {
	local src=$W/src/$1-$2 name=$1 version=$2 out=$3
	shift 3
	mkdir -p "$src/$name/templates"
	printf 'apiVersion: v2\nname: %s\nversion: %s\n' "$name" "$version" >"$src/$name/Chart.yaml"
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' >"$src/$name/templates/cm.yaml"
	tar -czf "$out" "$@" -C "$src" "$name"
}
entry() { # NAME VERSION FILE [DIGEST]
	printf '  - apiVersion: v2\n    name: %s\n    version: %s\n    urls: [%s]\n    digest: "%s"\n' \
		"$1" "$2" "$(basename "$3")" "${4:-$(sha256sum "$3" | cut -d' ' -f1)}"
}
mkdir -p "$W/repo"
tgz redis 17.1.4 "$W/repo/redis-17.1.4.tgz"
tgz redis 17.1.10 "$W/repo/redis-17.1.10.tgz"
tgz common 2.0.0 "$W/repo/common-2.0.0.tgz"
tgz evil 1.0.0 "$W/repo/evil-1.0.0.tgz" -P --transform 's,^evil,../evil,'
tgz liar 1.0.0 "$W/repo/liar-1.0.0.tgz"
tgz abs 1.0.0 "$W/repo/abs-1.0.0.tgz" -P --transform "s,^abs,$W/abs-out,"
mkdir -p "$W/src/link-1.0.0/link/templates" && printf 'apiVersion: v2\nname: link\nversion: 1.0.0\n' >"$W/src/link-1.0.0/link/Chart.yaml"
ln -s /etc/passwd "$W/src/link-1.0.0/link/templates/passwd.yaml"
tar -czf "$W/repo/link-1.0.0.tgz" -C "$W/src/link-1.0.0" link
tgz liar 9.9.9 "$W/repo/liar-1.0.1.tgz"
{
	echo "apiVersion: v1"
	echo "entries:"
	echo "  redis:"
	entry redis 17.1.4 "$W/repo/redis-17.1.4.tgz"
	entry redis 17.1.10 "$W/repo/redis-17.1.10.tgz"
	echo "  common:"
	entry common 2.0.0 "$W/repo/common-2.0.0.tgz"
	echo "  evil:"
	entry evil 1.0.0 "$W/repo/evil-1.0.0.tgz"
	echo "  abs:"
	entry abs 1.0.0 "$W/repo/abs-1.0.0.tgz"
	echo "  link:"
	entry link 1.0.0 "$W/repo/link-1.0.0.tgz"
	echo "  liar:"
	entry liar 1.0.0 "$W/repo/liar-1.0.0.tgz" 0000000000000000000000000000000000000000000000000000000000000000
	entry liar 1.0.1 "$W/repo/liar-1.0.1.tgz"
} >"$W/repo/index.yaml"
cc_server_http "$W/repo" || fail http-server "nginx did not start"
REPO=$CC_HTTP

app() { # DIR DEPENDENCY-LINES
	mkdir -p "$1/templates"
	printf 'apiVersion: v2\nname: %s\nversion: 1.0.0\ndependencies:\n%b' "$(basename "$1")" "$2" >"$1/Chart.yaml"
}
dep() { printf '  - name: %s\n    version: "%s"\n    repository: "%s"\n' "$1" "$2" "$3"; }
listing() { (cd "$1" && find . | sort | xargs -d '\n' sha256sum 2>/dev/null; find . | sort); }

app "$W/app" "$(dep redis '~17.1' "$REPO")\n$(dep common 2.x "$REPO")\n"
run lock "$W/app"
check lock [ "$STATUS" = 0 ]
mkdir -p "$W/app/charts" && cp "$W/repo/redis-17.1.4.tgz" "$W/app/charts/"
echo keep >"$W/app/charts/README"
run deps build "$W/app"
check build-status [ "$STATUS" = 0 ]
check build-output contains "$OUT" "saved 2 charts (redis-17.1.10.tgz, common-2.0.0.tgz); removed redis-17.1.4.tgz"
check build-files [ "$(ls "$W/app/charts" | tr '\n' ' ')" = "README common-2.0.0.tgz redis-17.1.10.tgz " ]
check build-bytes cmp "$W/repo/redis-17.1.10.tgz" "$W/app/charts/redis-17.1.10.tgz"
check build-no-staging [ -z "$(ls -A "$W/app" | grep tmpcharts)" ]
n=$(grep -c '^GET /redis-17.1.10.tgz 200$' "$CC_HTTP_LOG")
rm "$W/app/charts/"*.tgz
run deps build "$W/app"
outcome cached-status 0 "saved 2 charts"
check cached-no-download [ "$(grep -c '^GET /redis-17.1.10.tgz 200$' "$CC_HTTP_LOG")" = "$n" ]

refused() { # NAME DIR WHAT
	local before
	before=$(listing "$2")
	run deps build "$2"
	check "$1-status" [ "$STATUS" = 1 ]
	check "$1-message" contains "$OUT" "$3"
	check "$1-charts-untouched" [ "$before" = "$(listing "$2")" ]
}
seed() { mkdir -p "$1/charts" && cp "$W/repo/common-2.0.0.tgz" "$1/charts/"; }

app "$W/digest" "$(dep liar 1.0.0 "$REPO")\n"
run lock "$W/digest" && seed "$W/digest"
refused digest "$W/digest" "error[deps/fetch]: dependency \"liar\" 1.0.0: $REPO/liar-1.0.0.tgz has sha256 $(sha256sum "$W/repo/liar-1.0.0.tgz" | cut -d' ' -f1), the index says 0000000000000000000000000000000000000000000000000000000000000000"
app "$W/version" "$(dep liar 1.0.1 "$REPO")\n"
run lock "$W/version" && seed "$W/version"
refused version "$W/version" "the archive holds liar 9.9.9"
app "$W/evil" "$(dep evil 1.0.0 "$REPO")\n"
run lock "$W/evil" && seed "$W/evil"
refused evil "$W/evil" "error[deps/fetch]"
check evil-nothing-outside [ ! -e "$W/evil/evil" ]
app "$W/abs" "$(dep abs 1.0.0 "$REPO")\n"
run lock "$W/abs" && seed "$W/abs"
refused absolute "$W/abs" "abs-1.0.0.tgz: member \"$W/abs-out/\" has an absolute path"
check absolute-nothing-written [ ! -e "$W/abs-out" ]
app "$W/symlinked" "$(dep link 1.0.0 "$REPO")\n"
run lock "$W/symlinked" && seed "$W/symlinked"
refused symlink "$W/symlinked" "member \"link/templates/passwd.yaml\" is a symbolic link"
app "$W/stale" "$(dep redis '~17.1' "$REPO")\n"
run lock "$W/stale" && seed "$W/stale"
sed -i 's/~17.1/~17.0/' "$W/stale/Chart.yaml"
refused stale "$W/stale" "nothing fetched"
app "$W/nolock" "$(dep redis '~17.1' "$REPO")\n"
refused nolock "$W/nolock" "nothing fetched"
mkdir -p "$W/link/templates" && cp "$W/app/Chart.yaml" "$W/app/Chart.lock" "$W/link/" && ln -s "$W/repo" "$W/link/charts"
sed -i 's/^name: app/name: link/' "$W/link/Chart.yaml"
run deps build "$W/link"
outcome charts-symlink 1 "is not a directory"

# vendored: checked against the constraint, never deleted
app "$W/vend" "$(dep lib '>=0.1' '')\n$(dep redis '~17.1' "$REPO")\n"
mkdir -p "$W/vend/charts/lib/templates" && printf 'apiVersion: v2\nname: lib\nversion: 0.2.0\n' >"$W/vend/charts/lib/Chart.yaml"
run lock "$W/vend"
run deps build "$W/vend"
check vendored all [ "$STATUS" = 0 ] ";;" [ -f "$W/vend/charts/lib/Chart.yaml" ] ";;" [ -f "$W/vend/charts/redis-17.1.10.tgz" ]

# file://: the directory packaged into charts/<name>-<locked version>.tgz, the bytes `chartci package` writes
R=$W/mono
mkdir -p "$R/lib/templates" "$R/lib/files"
printf 'apiVersion: v2\nname: lib\nversion: 0.1.2\n# kept out of the archive\n' >"$R/lib/Chart.yaml"
printf 'a: 1\n' >"$R/lib/values.yaml"
printf 'kind: ConfigMap\n' >"$R/lib/templates/cm.yaml"
printf 'x\n' >"$R/lib/files/x.txt"
printf 'files/\n' >"$R/lib/.helmignore"
git init -q "$R"
app "$R/web" "$(dep lib '~0.1' 'file://../lib')\n$(dep common 2.x "$REPO")\n"
run lock "$R/web"
mkdir -p "$R/web/charts" && echo keep >"$R/web/charts/README"
SOURCE_DATE_EPOCH=1700000000 run deps build "$R/web"
outcome file-status 0 "saved 2 charts (lib-0.1.2.tgz, common-2.0.0.tgz)"
check file-members [ "$(tar -tzf "$R/web/charts/lib-0.1.2.tgz")" = "$("$CHARTCI" files "$R/lib")" ]
SOURCE_DATE_EPOCH=1700000000 run package "$R/lib" -d "$W/pkg"
check file-bytes cmp "$W/pkg/lib-0.1.2.tgz" "$R/web/charts/lib-0.1.2.tgz"

# the lock's version is a constraint the directory's chart must still satisfy (helm's tarFromLocalDir)
sed -i 's/^version: 0.1.2/version: 0.1.3/' "$R/lib/Chart.yaml"
refused file-version "$R/web" "error[deps/fetch]: dependency \"lib\" 0.1.2: can't get a valid version: $R/lib holds version 0.1.3"
sed -i 's/^version: 0.1.3/version: 0.1.2/' "$R/lib/Chart.yaml"
mv "$R/lib" "$R/lib.moved"
refused file-missing "$R/web" "$R/web/Chart.yaml:5:5: error[deps/fetch]: dependency \"lib\" 0.1.2: directory"
check file-missing-names-dir contains "$OUT" "/lib not found"
mv "$R/lib.moved" "$R/lib"
# outside the repository (also through a link), the chart itself, a chart helm would not package
mkdir -p "$W/outside/templates" && printf 'apiVersion: v2\nname: out\nversion: 1.0.0\n' >"$W/outside/Chart.yaml"
app "$R/far" "$(dep out 1.0.0 "file://$W/outside")\n"
run lock "$R/far" && seed "$R/far"
refused file-outside "$R/far" "is outside the repository $R"
ln -s "$W/outside" "$R/out"
app "$R/near" "$(dep out 1.0.0 'file://../out')\n"
run lock "$R/near" && seed "$R/near"
refused file-outside-link "$R/near" "is outside the repository"
app "$R/self" "$(dep self 1.0.0 'file://.')\n"
run lock "$R/self" && seed "$R/self"
refused file-self "$R/self" "holds the chart itself"
app "$R/up" "$(dep mono 1.0.0 'file://..')\n"
printf 'apiVersion: v2\nname: mono\nversion: 1.0.0\n' >"$R/Chart.yaml"
run lock "$R/up" && seed "$R/up"
refused file-ancestor "$R/up" "holds the chart itself"
rm "$R/Chart.yaml"
mkdir -p "$R/needy/templates"
printf 'apiVersion: v2\nname: needy\nversion: 1.0.0\ndependencies:\n- name: gone\n  version: 1.0.0\n' >"$R/needy/Chart.yaml"
app "$R/top" "$(dep needy 1.0.0 'file://../needy')\n"
run lock "$R/top" && seed "$R/top"
refused file-refused "$R/top" "$R/needy/Chart.yaml:5:3: error[deps/fetch]: dependency \"needy\" 1.0.0 cannot be packaged: found in Chart.yaml, but missing in charts/ directory: gone"
# two charts depending on each other: each refused, never a loop
app "$R/ping" "$(dep pong 1.0.0 'file://../pong')\n"
app "$R/pong" "$(dep ping 1.0.0 'file://../ping')\n"
run lock "$R/ping" && run lock "$R/pong" && seed "$R/ping"
refused file-cycle "$R/ping" "dependency \"pong\" 1.0.0 cannot be packaged: found in Chart.yaml, but missing in charts/ directory: ping"

if cc_server_registry; then
	for v in 1.0.0 1.2.3+build.7; do
		tgz mychart "$v" "$W/mychart-$v.tgz"
		cc_oci_push "$CC_REGISTRY" charts/mychart "${v//+/_}" "$W/mychart-$v.tgz" >/dev/null || fail oci-push "push $v"
	done
	app "$W/oci" "$(dep mychart '~1.2' "oci://$CC_REGISTRY/charts")\n"
	run lock --plain-http "$W/oci"
	run deps build --plain-http "$W/oci"
	outcome oci-status 0 "saved 1 chart (mychart-1.2.3+build.7.tgz)"
	check oci-bytes cmp "$W/mychart-1.2.3+build.7.tgz" "$W/oci/charts/mychart-1.2.3+build.7.tgz"
else
	fail registry "docker-registry did not start"
fi
