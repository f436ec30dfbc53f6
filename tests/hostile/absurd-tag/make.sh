# Release tags chart-1.0.0 and chart-99999999999999999999.0.0 (a major over
# 64 bits, not a version helm reads), then a change to the chart.
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com GIT_CONFIG_NOSYSTEM=1
mkdir -p chart/templates
printf 'apiVersion: v2\nname: chart\nversion: 1.0.0\n' >chart/Chart.yaml
printf 'apiVersion: v1\nkind: ConfigMap\n' >chart/templates/cm.yaml
git init -q -b main . && git add chart && git commit -q -m one
git tag chart-1.0.0
git tag chart-99999999999999999999.0.0
printf 'apiVersion: v1\nkind: Secret\n' >chart/templates/cm.yaml
git commit -q -am two
