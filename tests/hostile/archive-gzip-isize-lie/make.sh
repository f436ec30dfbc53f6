# a gzip trailer declaring 4 GiB - 1 of data for a small chart
python3 "$HOSTILE/lib/tarcraft.py" evil.tgz 'isize:4294967295'
