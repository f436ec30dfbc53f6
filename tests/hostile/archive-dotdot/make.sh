# a member path climbing out with ../
python3 "$HOSTILE/lib/tarcraft.py" evil.tgz 'file:chart/../../escaped.txt:x'
