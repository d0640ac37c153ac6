# Baseline: no proxy execution, rt_mutex-style priority inheritance on every mutex.
locktorture.torture_type=mutex_lock locktorture.nested_locks=8 torture.random_shuffle=1
sched_proxy_exec=0 proxytorture.lock_pi=1
