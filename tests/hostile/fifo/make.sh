# A FIFO in the chart: reading it would block forever.
mkfifo chart/pipe
