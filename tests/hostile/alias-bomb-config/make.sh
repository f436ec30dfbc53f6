# The bomb in .chartci.yaml at the repository root.
{
	echo 'x-bomb:'
	bash "$HOSTILE/lib/alias-bomb.sh" '  '
} >.chartci.yaml
git init -q .
