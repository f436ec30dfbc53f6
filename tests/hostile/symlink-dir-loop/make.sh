# A directory holding a symlink to itself.
mkdir -p tree
ln -s tree tree/self
