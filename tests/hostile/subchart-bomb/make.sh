# A subchart archive in charts/ that is a gzip bomb behind a valid chart.
mkdir -p chart/charts # git keeps no empty directory
python3 "$HOSTILE/lib/tarcraft.py" chart/charts/evil-1.0.0.tgz --bare 'file:evil/Chart.yaml:apiVersion: v2\nname: evil\nversion: 1.0.0\n' 'trailing-zeros:209715200'
