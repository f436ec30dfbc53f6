# 10,000 nested block mappings, each indented one more column (50 MB).
awk 'BEGIN { for (i = 0; i < 10000; i++) { printf "%*sk%d:\n", i, "", i } }' >chart/values.yaml
