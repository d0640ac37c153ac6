# Mixed RT and fair donors: every writer starts SCHED_FIFO (writer_fifo=1) and rt_boost's
# sched_set_normal() drops some to SCHED_NORMAL for a while. (writer_fifo applies to all writers;
# "part of the writers FIFO" is not expressible in locktorture's parameters.)
locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1
locktorture.writer_fifo=1 locktorture.rt_boost=2 locktorture.rt_boost_factor=2
