# The bomb beside the dependencies of a Chart.lock that is otherwise in sync.
{
	printf 'dependencies:\n- name: dep\n  repository: file://../dep\n  version: 1.0.0\ndigest: sha256:0\ngenerated: "2024-01-01T00:00:00Z"\nx:\n'
	bash "$HOSTILE/lib/alias-bomb.sh" '  '
} >chart/Chart.lock
