# The bomb under an extra key of Chart.yaml.
{
	printf 'apiVersion: v2\nname: chart\nversion: 1.0.0\nx-bomb:\n'
	bash "$HOSTILE/lib/alias-bomb.sh" '  '
} >chart/Chart.yaml
