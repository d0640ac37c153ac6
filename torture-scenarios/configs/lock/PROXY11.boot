# CPU hotplug under proxy execution: a CPU goes off or on every second from the first second, while
# donors are migrated to owners' CPUs and returned (balance_push moves blocked donors off a dying CPU).
locktorture.torture_type=mutex_lock locktorture.nested_locks=8 torture.random_shuffle=1
locktorture.onoff_interval=1 locktorture.onoff_holdoff=1
