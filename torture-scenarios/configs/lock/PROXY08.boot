# Baseline: proxy execution compiled out (CONFIG_SCHED_PROXY_EXEC=n): mutex waiters leave the runqueue.
locktorture.torture_type=mutex_lock locktorture.nested_locks=8 torture.random_shuffle=1
