mkdir -p chart
printf 'apiVersion: v2\nname: a\000b\nversion: 1.0.0\n' >chart/Chart.yaml
