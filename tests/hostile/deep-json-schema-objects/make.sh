# 100,000 nested properties in values.schema.json, closed.
python3 -c '
n = 100000
print("{\"properties\": " * n + "{}" + "}" * n)' >chart/values.schema.json
echo 'x: 1' >chart/values.yaml
