# RT boost: with rt_boost=2 every lock type boosts; rt_boost_factor=2 makes writers switch between
# SCHED_FIFO and SCHED_NORMAL about 25x as often as the default 50, so RT and fair donors mix in chains.
locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1
locktorture.rt_boost=2 locktorture.rt_boost_factor=2
