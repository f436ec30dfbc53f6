bash "$HOSTILE/lib/alias-bomb.sh" >chart/values.yaml
