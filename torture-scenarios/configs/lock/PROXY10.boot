# CFS bandwidth on lock holders, the older group-dequeue throttle model (up to 6.17): the whole
# group leaves the runqueue when throttled, lock holders included, and donors wait for the period.
locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.rt_boost=0
proxytorture.writer_cpu_max=50000,100000 proxytorture.throttle_model=group
