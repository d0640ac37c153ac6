# run.sh's results-schedload-throttled case (pi-demo-and-latency.md section 1.2).
proxytorture.workload=pidemo proxytorture.pidemo_case=schedload-throttled
