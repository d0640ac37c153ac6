# run.sh's results-contention case (pi-demo-and-latency.md section 1.2).
proxytorture.workload=pidemo proxytorture.pidemo_case=contention
