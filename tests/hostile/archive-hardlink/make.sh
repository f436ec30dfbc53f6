# a hard link member
python3 "$HOSTILE/lib/tarcraft.py" evil.tgz 'hard:chart/values.yaml:chart/Chart.yaml'
