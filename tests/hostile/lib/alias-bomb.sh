# alias-bomb.sh [INDENT]: a billion-laughs YAML mapping, nine levels of
# nine-fold aliases (9^9 nodes once expanded), each line prefixed by INDENT.
prev=a
printf '%sa: &a [x,x,x,x,x,x,x,x,x]\n' "${1:-}"
for l in b c d e f g h i; do
	printf '%s%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' "${1:-}" $l $l $prev $prev $prev $prev $prev $prev $prev $prev $prev
	prev=$l
done
