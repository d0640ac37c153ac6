# Deep owner chains under proxy execution (2026 "full" generation): 8 nested mutexes, random_shuffle
# giving every writer its own affinity (Connor O'Brien's addition for proxy-exec testing).
locktorture.torture_type=mutex_lock locktorture.nested_locks=8 torture.random_shuffle=1
proxytorture.proxy_variant=full
