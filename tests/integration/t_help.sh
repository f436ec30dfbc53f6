#!/usr/bin/env bash
# chartci help, the man page and the completion scripts. All three are
# written from the command table and each command's --help, so each check
# compares them with what `chartci --help` and `chartci CMD --help` print.
. "$(dirname "$0")/lib.sh"

run --help
GENERAL=$OUT
# the names in the general help's "commands:" list
CMDS=$(printf '%s\n' "$OUT" | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
check commands-listed contains " $(echo $CMDS) " " lint "
for cmd in $CMDS; do
	run "$cmd" --help
	WANT_OUT=$OUT WANT_STATUS=$STATUS
	run help "$cmd"
	check "help-$cmd" all [ "$STATUS" = "$WANT_STATUS" ] ';;' [ "$OUT" = "$WANT_OUT" ]
done
run help
check help-alone-general all [ "$STATUS" = 0 ] ';;' [ "$OUT" = "$GENERAL" ]

# Topics print the docs they come from: every key, variable and rule id.
for topic in config environment exit-codes rules; do
	run help "$topic"
	check "topic-$topic" all [ "$STATUS" = 0 ] ';;' [ -n "$OUT" ]
done
run help config
CONFIG=$OUT
run help environment
ENVIRONMENT=$OUT
none_missing() { # none_missing NAME LIST: passes when LIST (what is missing) is empty
	if [ -z "$2" ]; then ok "$1"; else fail "$1" "missing:$2"; fi
}
in_topic() { # in_topic NAME TEXT WORD...: every WORD is in TEXT
	local name=$1 text=$2 w missing=""
	shift 2
	[ $# -gt 0 ] || missing=" (nothing read from docs/)"
	for w in "$@"; do contains "$text" "$w" || missing+=" $w"; done
	none_missing "$name" "$missing"
}
KEYS=$(sed -n '/^## Environment/q; s/^| `\([^`]*\)`.*/\1/p' "$ROOT/docs/config.md")
in_topic topic-config-keys "$CONFIG" $KEYS
VARS=$(sed -n '/^## Environment/,$s/^| `\([^`]*\)`.*/\1/p' "$ROOT/docs/config.md")
in_topic topic-environment-vars "$ENVIRONMENT" $VARS
check topic-config-no-environment eval '! contains "$CONFIG" DOCKER_CONFIG' # the variables are a topic of their own
run help rules
IDS=$(sed -n 's|^## \([a-z-]*/[a-z0-9-]*\)$|\1|p' "$ROOT/docs/rules.md")
in_topic topic-rules-ids "$OUT" $IDS
run help exit-codes
check topic-exit-codes all contains "$OUT" "0 when nothing was found" ';;' contains "$OUT" "2 on a usage or environment error"
run help no-such-topic
outcome unknown-topic 2 "topics: config, environment, exit-codes, rules"
run help lint list
check help-two-words [ "$STATUS" = 2 ]

# The man page: a section per command and per topic, and groff has nothing to say.
M=$(scratch)
run help --man
printf '%s\n' "$OUT" >"$M/chartci.1"
check man-status [ "$STATUS" = 0 ]
check man-th contains "$OUT" ".TH CHARTCI 1"
for sh in NAME SYNOPSIS DESCRIPTION COMMANDS CONFIGURATION ENVIRONMENT "EXIT STATUS" RULES; do
	check "man-sh-$sh" grep -qx ".SH $sh" "$M/chartci.1"
done
missing=""
for cmd in $CMDS; do
	grep -qxF ".SS ${cmd//-/\\-}" "$M/chartci.1" || missing+=" $cmd"
done
none_missing man-section-per-command "$missing"
if command -v groff >/dev/null 2>&1; then
	check man-groff-clean eval '[ -z "$(groff -man -ww -z "$M/chartci.1" 2>&1)" ]'
fi
if command -v man >/dev/null 2>&1; then
	check man-renders eval 'MANWIDTH=80 man -l "$M/chartci.1" 2>/dev/null | grep -q "chartci lint \[options\]"'
fi

# bash: the script parses, and completes commands, each command's options
# (as its --help lists them) and subcommands.
run completion bash
printf '%s\n' "$OUT" >"$M/chartci.bash"
check bash-completion-syntax bash -n "$M/chartci.bash"
complete_words() { # complete_words WORD...: what the script offers for the last WORD
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _chartci; [ ${#COMPREPLY[@]} = 0 ] || printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
		_ "$M/chartci.bash" chartci "$@"
}
check bash-complete-li [ "$(complete_words li)" = "lint list list-changed " ]
missing=""
for cmd in $CMDS; do
	got=" $(complete_words "$cmd" --) "
	for o in $("$CHARTCI" "$cmd" --help | grep -E '^ +-' | grep -oE -- '--[a-z][a-z-]*'); do
		contains "$got" " $o " || missing+=" $cmd:$o"
	done
done
none_missing bash-complete-options "$missing"
check bash-complete-semver [ "$(complete_words semver '')" = "bump check max sort " ]
check bash-complete-help-topic contains "$(complete_words help e)" "environment exit-codes"
check bash-complete-global-arg [ -z "$(complete_words --format '')" ]
run completion fish
check completion-unknown-shell [ "$STATUS" = 2 ]
run completion zsh
printf '%s\n' "$OUT" >"$M/_chartci"
check zsh-completion-compdef contains "$OUT" "#compdef chartci"
if command -v zsh >/dev/null 2>&1; then
	check zsh-completion-syntax zsh -n "$M/_chartci"
fi

# make install puts the man page and both completions next to the binary.
D=$(scratch)
BUILD_DIR=$(dirname "${CC_REAL_CHARTCI:-$CHARTCI}")
make -C "$ROOT" --no-print-directory -s BUILD="$BUILD_DIR" install DESTDIR="$D" PREFIX=/usr >"$D.log" 2>&1
check install-status [ $? = 0 ]
for f in bin/chartci share/man/man1/chartci.1 share/bash-completion/completions/chartci share/zsh/site-functions/_chartci; do
	check "install-${f//\//-}" [ -s "$D/usr/$f" ]
done
check install-man-same cmp -s "$D/usr/share/man/man1/chartci.1" "$M/chartci.1"
rm -f "$D.log"
