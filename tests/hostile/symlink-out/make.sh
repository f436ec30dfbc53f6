# A file symlinked to outside the chart, and a directory link back up (a loop).
echo secret >outside.txt
ln -s "$PWD/outside.txt" chart/leak.txt
mkdir -p chart/templates
ln -s .. chart/templates/loop
