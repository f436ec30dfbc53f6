# The chart directory itself is a symlink loop (a -> b -> a).
ln -s b a
ln -s a b
