# a block device member
python3 "$HOSTILE/lib/tarcraft.py" evil.tgz 'blk:chart/disk'
