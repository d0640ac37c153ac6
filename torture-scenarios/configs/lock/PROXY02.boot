# PROXY01 under the Linux 7.1 generation: donor migration, PROXY_WAKING, proxy_force_return().
locktorture.torture_type=mutex_lock locktorture.nested_locks=8 torture.random_shuffle=1
proxytorture.proxy_variant=migrate
