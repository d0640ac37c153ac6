# The kernel's LOCK01 has no .boot: locktorture's default torture_type, spin_lock, is written out
# here because the model's own default is mutex_lock.
locktorture.torture_type=spin_lock
