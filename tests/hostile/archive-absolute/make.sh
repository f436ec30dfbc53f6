# a member with an absolute path
python3 "$HOSTILE/lib/tarcraft.py" evil.tgz 'file:/tmp/absolute.txt:x'
