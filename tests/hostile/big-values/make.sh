# A 50 MB values.yaml, ten times helm's limit for values.
awk 'BEGIN { for (i = 0; i < 440000; i++) printf "key%d:\n  name: value-%d-abcdefghijklmnopqrstuvwxyz\n  list: [1, 2, 3, \"four\", 5.5, true]\n  nested: {a: 1, b: two}\n", i, i }' >chart/values.yaml
