# Shared by the scripted integration tests (t_*.sh).
#   ok NAME / fail NAME MSG   record a result
#   expect_status WANT NAME -- CMD...   run CMD, check its exit status
#   scratch                    a temp directory removed at exit
set -u
: "${CHARTCI:?}" "${RESULTS:?}" "${ROOT:?}"
T_NAME=$(basename "$0" .sh)
SCRATCH_DIRS=()
cc_scratch_cleanup() { rm -rf "${SCRATCH_DIRS[@]}"; }
trap cc_scratch_cleanup EXIT

ok() {
	echo "ok   $T_NAME/$1"
	echo pass >>"$RESULTS"
}

fail() {
	echo "FAIL $T_NAME/$1: $2"
	echo fail >>"$RESULTS"
}

scratch() {
	local d
	d=$(mktemp -d "${TMPDIR:-/tmp}/chartci-it-XXXXXX")
	SCRATCH_DIRS+=("$d")
	echo "$d"
}

# git_sandbox DIR: the git CLI (which only builds test repositories) with a
# fixed identity and no user or system configuration; g runs it in $R.
git_sandbox() {
	export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
	export GIT_CONFIG_NOSYSTEM=1 HOME=$1
}
g() { git -C "$R" "$@" >/dev/null 2>&1; }

# net_sandbox DIR: no repositories.yaml, registry or docker credentials of
# the user's are read, and the cache is DIR/cache, so a test sees only the
# servers and credentials it sets up.
net_sandbox() {
	export HELM_REPOSITORY_CONFIG=$1/no-repositories.yaml HELM_REGISTRY_CONFIG=$1/no-registry.json
	export DOCKER_CONFIG=$1/no-docker CHARTCI_CACHE_DIR=$1/cache
}

# check NAME COND-DESCRIPTION: evaluates the remaining words as a test.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name" "$*"; fi
}

# outcome NAME STATUS TEXT: the last run exited STATUS and printed TEXT (stdout or stderr).
outcome() {
	if [ "$STATUS" = "$2" ] && contains "$OUT$ERR" "$3"; then
		ok "$1"
	else
		fail "$1" "exit $STATUS (want $2), want \"$3\" in: $(printf '%s\n%s' "$OUT" "$ERR" | head -c 600)"
	fi
}

# all COMMANDS...: true when every ';;'-separated command is (for check).
all() {
	local cmd=()
	for a in "$@" ';;'; do
		if [ "$a" = ';;' ]; then
			"${cmd[@]}" || return 1
			cmd=()
		else
			cmd+=("$a")
		fi
	done
}

# Runs chartci, capturing stdout in $OUT, stderr in $ERR and status in $STATUS.
# Under run.sh, $CHARTCI appends both to $RESULTS.outputs, which run.sh
# sweeps for the test passwords once every script ran; run alone, a script
# appends them itself.
run() {
	local o e
	o=$(mktemp) e=$(mktemp)
	"$CHARTCI" "$@" >"$o" 2>"$e"
	STATUS=$?
	OUT=$(cat "$o")
	ERR=$(cat "$e")
	[ -n "${CC_SWEEP_FILE:-}" ] || cat "$o" "$e" >>"$RESULTS.outputs"
	rm -f "$o" "$e"
}

# A crash or sanitizer abort shows as a status above 2 (signals are 128+N).
no_crash() {
	[ "$STATUS" -le 2 ]
}

contains() {
	case "$1" in *"$2"*) return 0 ;; *) return 1 ;; esac
}
