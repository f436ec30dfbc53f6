# A UTF-8 BOM and CRLF line ends in every YAML file of the chart.
mkdir -p chart/templates
printf '\357\273\277apiVersion: v2\r\nname: chart\r\nversion: 1.0.0\r\nicon: https://example.com/i.png\r\n' >chart/Chart.yaml
printf '\357\273\277a: 1\r\nb:\r\n  c: two\r\n' >chart/values.yaml
printf '\357\273\277{"type": "object",\r\n "properties": {"a": {"type": "integer"}}}\r\n' >chart/values.schema.json
printf 'apiVersion: v1\r\nkind: ConfigMap\r\n' >chart/templates/cm.yaml
