# A repository directory (out/) holding a good archive and a gzip bomb.
python3 "$HOSTILE/lib/tarcraft.py" out/chart-1.0.0.tgz
python3 "$HOSTILE/lib/tarcraft.py" out/evil-1.0.0.tgz --bare 'file:evil/Chart.yaml:apiVersion: v2\nname: evil\nversion: 1.0.0\n' 'trailing-zeros:209715200'
