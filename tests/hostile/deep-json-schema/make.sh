# 100,000 nested arrays in values.schema.json.
{ printf '{"default": '; head -c 100000 /dev/zero | tr '\0' '['; echo '}'; } >chart/values.schema.json
