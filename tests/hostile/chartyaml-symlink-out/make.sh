# Chart.yaml is a symlink to a file outside the repository.
mkdir -p chart
printf 'apiVersion: v2\nname: chart\nversion: 1.0.0\n' >"$PWD/../outside.yaml"
ln -s "$PWD/../outside.yaml" chart/Chart.yaml
