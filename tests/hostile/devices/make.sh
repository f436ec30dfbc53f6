# Character and block devices in the chart (needs root; /dev/null and /dev/loop-like numbers).
mknod chart/null c 1 3
mknod chart/disk b 7 0
