# The vanilla kernel of the published charts: the starved lock holder without proxy execution.
proxytorture.workload=pidemo proxytorture.pidemo_case=schedload-contention-throttled
