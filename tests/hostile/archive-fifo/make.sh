# a FIFO member
python3 "$HOSTILE/lib/tarcraft.py" evil.tgz 'fifo:chart/pipe'
