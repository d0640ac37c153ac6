# ww_mutex (wait-die class, -EDEADLK backoff) under proxy execution; ww_mutex_lock has no nested_lock.
locktorture.torture_type=ww_mutex_lock torture.random_shuffle=1
