# 2,000 nested block mappings, each indented one more column (2 MB: under
# helm's 5 MiB per file, so the loader parses it and meets its depth bound).
awk 'BEGIN { for (i = 0; i < 2000; i++) { printf "%*sk%d:\n", i, "", i } }' >chart/values.yaml
