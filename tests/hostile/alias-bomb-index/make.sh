# The bomb under serverInfo (a free-form map in helm's index) of the index merged.
{
	printf 'apiVersion: v1\nentries: {}\nserverInfo:\n'
	bash "$HOSTILE/lib/alias-bomb.sh" '  '
} >index.yaml
