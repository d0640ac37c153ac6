package org.proxytorture.trace;

import org.proxytorture.run.Checking;
import org.proxytorture.torture.Console;
import org.proxytorture.config.RunConfig;
import org.proxytorture.torture.TortureResult;
import org.proxytorture.torture.TortureRun;

/** A short locktorture run with a recorder installed, for the rendering tests. */
record TracedRun(TortureResult result, RecordedTrace trace, TraceRecorder recorder) {
    static final long MS = 1_000_000L;
    /** 4 CPUs, mutex_lock with nested_locks=4 and shuffling, proxy execution (variant full): donors, proxies, handoffs. */
    static final String PROXY_BOOTARGS = "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1"
            + " locktorture.stat_interval=0 proxytorture.proxy_variant=full";

    static TracedRun of(int cpus, long durationNs, String bootargs, long seed, int entries) {
        TraceRecorder rec = new TraceRecorder(entries);
        TortureRun run = Checking.checked(new RunConfig(cpus, 1000, durationNs, bootargs, seed, null), new Console(null, false))
                .observe(rec::wrap, rec::install);
        TortureResult r = run.run();
        return new TracedRun(r, rec.snapshot(), rec);
    }

    static TracedRun proxy(long durationNs) {
        return of(4, durationNs, PROXY_BOOTARGS, 1, TraceRecorder.DEFAULT_ENTRIES);
    }
}
