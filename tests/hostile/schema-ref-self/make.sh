# An instance nested 500 levels deep for a schema that refers to itself.
python3 -c 'print("x: " + "{a: " * 500 + "1" + "}" * 500)' >chart/values.yaml
