# PROXY01 under the Linux 6.17 generation: proxy only when the whole chain is on this rq, else proxy_deactivate().
locktorture.torture_type=mutex_lock locktorture.nested_locks=8 torture.random_shuffle=1
proxytorture.proxy_variant=single-rq
