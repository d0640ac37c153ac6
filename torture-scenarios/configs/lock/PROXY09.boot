# CFS bandwidth on lock holders, task-based throttle model (mainline since 6.18): the writers share
# one group limited to half a CPU; throttled writers are parked only at return to user, with no
# lock held, while their blocked donors keep lending their context. rt_boost=0 keeps writers in CFS.
locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.rt_boost=0
proxytorture.writer_cpu_max=50000,100000 proxytorture.throttle_model=task
