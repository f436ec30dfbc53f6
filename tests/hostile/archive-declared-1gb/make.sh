# a tar header declaring a 1 GiB member in a tiny archive
python3 "$HOSTILE/lib/tarcraft.py" evil.tgz 'declare:chart/values.yaml:1073741824'
