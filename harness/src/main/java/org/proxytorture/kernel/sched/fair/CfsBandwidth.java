package org.proxytorture.kernel.sched.fair;

import java.util.ArrayList;
import org.proxytorture.sim.Timer;

/**
 * struct cfs_bandwidth: a task group's cpu.max ("quota period", default "max 100000"), its global
 * runtime pool, the period and slack hrtimers, and the list of throttled cfs_rqs. The code that
 * uses it is fair.c's, in {@link FairBandwidth}.
 *
 * <p>Simplification: cfs_b->lock is not a modelled spinlock; its short critical sections run
 * atomically inside the section that takes it (which holds an rq lock, or is the timer's).
 * No cpu.max.burst (burst is 0) and no hierarchical_quota check of a child against its parent.
 */
public final class CfsBandwidth {
    /** RUNTIME_INF: quota "max". */
    public static final long RUNTIME_INF = Long.MAX_VALUE;
    /** default_cfs_period(): 100 ms. */
    public static final long DEFAULT_CFS_PERIOD = 100_000_000L;

    public final TaskGroup tg;
    /** cfs_b->period, quota, burst (ns) and the runtime left in the pool for this period. */
    public long period = DEFAULT_CFS_PERIOD;
    public long quota = RUNTIME_INF;
    public long burst;
    public long runtime;
    /** No runtime was handed out during the last period (the timer may stop). */
    boolean idle;
    boolean periodActive;
    boolean slackStarted;
    /** cfs_b->throttled_cfs_rq, in throttle order (list_add_tail_rcu). */
    final ArrayList<CfsRq> throttledCfsRq = new ArrayList<>();

    /** cpu.stat: nr_periods, nr_throttled, throttled_usec (here ns). */
    public long nrPeriods;
    public long nrThrottled;
    public long throttledTime;

    /** The period hrtimer (pinned to the CPU that started it) and the slack hrtimer. */
    final Timer periodTimer;
    final Timer slackTimer;
    /** The period timer's expiry, forwarded by whole periods (hrtimer_forward_now()). */
    long periodExpires;
    int periodTimerCpu;
    int slackTimerCpu;
    /** hrtimer_callback_running(period_timer): its work has not finished yet. */
    boolean periodCallbackRunning;
    final CfsBandwidthTimer periodWork;
    final CfsBandwidthTimer slackWork;

    CfsBandwidth(TaskGroup tg, FairBandwidth bw) {
        this.tg = tg;
        this.periodWork = new CfsBandwidthTimer(bw, this, false);
        this.slackWork = new CfsBandwidthTimer(bw, this, true);
        this.periodTimer = new Timer(now -> bw.periodTimerExpired(this, now));
        this.slackTimer = new Timer(now -> bw.core.cpus[slackTimerCpu].raise(slackWork));
    }

    /** cpu.max as cgroup v2 prints it: "max 100000" or "20000 100000" (microseconds). */
    public String cpuMax() {
        return (quota == RUNTIME_INF ? "max" : Long.toString(quota / 1000)) + " " + period / 1000; // coverage: not model (text)
    }

    /** The throttled cfs_rqs, for audits and tests. */
    public java.util.List<CfsRq> throttledCfsRqs() {
        return java.util.List.copyOf(throttledCfsRq);
    }

    @Override
    public String toString() {
        return "cfs_bandwidth(" + tg.name + ": " + cpuMax() + ")";
    }
}
