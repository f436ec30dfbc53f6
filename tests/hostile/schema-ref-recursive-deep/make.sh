# An instance nested 990 levels deep (below the YAML bound of 1000) for a
# schema that recurses a -> b -> a through additionalProperties.
python3 -c 'print("x: " + "{a: " * 990 + "{}" + "}" * 990)' >chart/values.yaml
