#!/usr/bin/env bash
# The hostile-input corpus (tests/hostile/, format in its README.md): every
# case runs in a scratch copy with bounded time and memory and must give its
# exact expected status and finding lines, no sanitizer report, and leave
# everything outside the case's out/ directory as it was.
#   HOSTILE_CASES="name ..." runs only those cases; HOSTILE_SHOW=1 prints
#   each case's output (with the placeholder) to write its expectations from.
. "$(dirname "$0")/lib.sh"
CORPUS=$ROOT/tests/hostile
SECONDS_MAX=60

# An ASan build reserves terabytes of address space, so `ulimit -v` would
# stop it at start; it bounds its own resident memory instead, at twice the
# bound, as its redzones and quarantine about double the heap.
sanitized=${CHARTCI_SANITIZED:-}
if [ -z "$sanitized" ] && grep -qa __asan_init "${CC_REAL_CHARTCI:-$CHARTCI}"; then
	sanitized=1
fi
mem_scale=1
[ -z "$sanitized" ] || mem_scale=2

# case_get FILE KEY: every value of KEY, one a line, in file order.
case_get() {
	sed -n "s/^$2: \{0,1\}//p" "$1"
}

# listing DIR: every path below DIR with its type, size, mode, link target
# and (files only) content digest and mtime, except out/ of the case; a
# directory's mtime is left out so a temporary file made and removed again is
# not a write, while one left behind is.
listing() {
	(cd "$1" && find . -path ./parent/case/out -prune -o -printf '%p %y %s %m %l\n' | sort &&
		find . -path ./parent/case/out -prune -o -type f -printf '%p %T@ ' -exec sha256sum {} \; | sort)
}

# hostile_run DIR MEM_MB ARGS...: chartci in DIR within the time and memory
# bounds; sets STATUS, OUT (stdout and stderr), ERR (stderr), RSS_KB.
hostile_run() {
	local dir=$1 mem=$2 o e t
	shift 2
	o=$(mktemp) e=$(mktemp) t=$(mktemp)
	(
		cd "$dir" || exit 2
		if [ -n "$sanitized" ]; then
			export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=$mem"
		else
			ulimit -v $((mem * 1024))
		fi
		exec /usr/bin/time -f %M -o "$t" timeout -k 5 "$SECONDS_MAX" "$CHARTCI" "$@"
	) >"$o" 2>"$e"
	STATUS=$?
	OUT=$(cat "$o" "$e")
	ERR=$(cat "$e")
	RSS_KB=$(tail -n 1 "$t")
	cat "$o" "$e" >>"$RESULTS.outputs"
	rm -f "$o" "$e" "$t"
}

# has_line TEXT LINE: LINE is one whole line of TEXT.
has_line() {
	printf '%s\n' "$1" | grep -qxF -e "$2"
}

# the_status WANT: the run exited WANT (and says what it did instead).
the_status() {
	[ "$STATUS" = "$1" ] || {
		printf 'exit %s, output:\n%s\n' "$STATUS" "$(printf '%s' "$OUT" | head -c 1500)" >&2
		return 1
	}
}

the_line() {
	has_line "$OUT" "$1" || {
		printf 'missing line:\n%s\noutput:\n%s\n' "$1" "$(printf '%s' "$OUT" | head -c 1500)" >&2
		return 1
	}
}

no_sanitizer() {
	! contains "$ERR" "Sanitizer" && ! contains "$ERR" "runtime error"
}

within_memory() {
	[ -n "$RSS_KB" ] && [ "$RSS_KB" -le $(($1 * 1024)) ]
}

# same_tree: the listings $before and $after agree (the diff goes to stderr).
same_tree() {
	[ "$before" = "$after" ] || {
		diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | head -20 >&2
		return 1
	}
}

n=0
for dir in "$CORPUS"/*/; do
	name=$(basename "$dir")
	cf=$dir/case
	[ -f "$cf" ] || continue
	if [ -n "${HOSTILE_CASES:-}" ] && ! contains " $HOSTILE_CASES " " $name "; then
		continue
	fi
	n=$((n + 1))
	S=$(scratch)
	mkdir -p "$S/parent/case/out" "$S/parent/home" "$S/parent/tmp"
	echo sentinel >"$S/parent/sentinel"
	echo sentinel >"$S/sentinel"
	cp -a "$dir." "$S/parent/case/"
	rm -f "$S/parent/case/case" "$S/parent/case/make.sh"
	D=$S/parent/case
	if [ -f "$dir/make.sh" ]; then
		if ! (cd "$D" && HOSTILE=$CORPUS bash "$dir/make.sh") >"$S/make.log" 2>&1; then
			fail "$name/make" "make.sh failed: $(head -c 600 "$S/make.log")"
			continue
		fi
	fi
	eval "set -- $(case_get "$cf" args)"
	mem=$(case_get "$cf" mem_mb)
	mem=$((${mem:-2048} * mem_scale))
	before=$(listing "$S")
	HOME=$S/parent/home TMPDIR=$S/parent/tmp CHARTCI_CACHE_DIR=$D/out/cache hostile_run "$D" "$mem" "$@"
	after=$(listing "$S")
	OUT=${OUT//"$D"/@D@}
	OUT=${OUT//"$S"/@S@}
	[ -z "${HOSTILE_SHOW:-}" ] || printf '%s: exit %s, %s KB\n%s\n' "$name" "$STATUS" "$RSS_KB" "$OUT"
	check "$name/status" the_status "$(case_get "$cf" status)"
	i=0
	while IFS= read -r want; do
		i=$((i + 1))
		check "$name/line-$i" the_line "$want"
	done < <(case_get "$cf" expect)
	while IFS= read -r bad; do
		check "$name/absent" eval '! contains "$OUT" "$bad"'
	done < <(case_get "$cf" absent)
	check "$name/no-sanitizer" no_sanitizer
	check "$name/memory" within_memory "$mem"
	check "$name/nothing-written-outside-out" same_tree
	rm -rf "$S" # bombs and big files do not pile up until the end
done
echo "     hostile: $n cases"
check hostile-corpus-present [ "$n" -gt 0 ]
