# a character device member
python3 "$HOSTILE/lib/tarcraft.py" evil.tgz 'chr:chart/null'
