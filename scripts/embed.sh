#!/bin/sh
# Writes C source holding FILE's bytes as SYMBOL (NUL-terminated) and its
# length as SYMBOL_len, so a file the project documents is also the one the
# binary uses, with no copy to keep in step.
# Usage: embed.sh SYMBOL FILE HEADER > out.c   (HEADER declares both)
set -eu
sym=$1
file=$2
header=$3
printf '/* Generated from %s by scripts/embed.sh; edit that file, never this one. */\n' "$file"
printf '#include "%s"\n\nconst unsigned char %s[] = {\n' "$header" "$sym"
od -An -v -tx1 "$file" | sed -e 's/ \([0-9a-f][0-9a-f]\)/0x\1, /g' -e 's/^/\t/' -e 's/, $/,/'
printf '\t0x00\n};\n\nconst size_t %s_len = sizeof(%s) - 1;\n' "$sym" "$sym"
