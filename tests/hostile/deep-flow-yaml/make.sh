# 100,000 nested flow sequences in values.yaml.
{ printf 'x: '; head -c 100000 /dev/zero | tr '\0' '['; echo; } >chart/values.yaml
