# a gzip bomb after the end of the tar: 200 MiB of zeros behind a valid chart
python3 "$HOSTILE/lib/tarcraft.py" evil.tgz 'trailing-zeros:209715200'
