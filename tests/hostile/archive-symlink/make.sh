# a symlink member pointing outside
python3 "$HOSTILE/lib/tarcraft.py" evil.tgz 'symlink:chart/passwd:/etc/passwd'
