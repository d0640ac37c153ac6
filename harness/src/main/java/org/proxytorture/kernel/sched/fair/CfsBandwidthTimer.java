package org.proxytorture.kernel.sched.fair;

import java.util.ArrayList;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.IrqWork;
import org.proxytorture.kernel.cpu.KFrame;

/**
 * The hrtimer callbacks of a {@link CfsBandwidth}, run as interrupt work on the timer's CPU:
 * <pre>
 * period: REFILL   do_sched_cfs_period_timer(): nr_periods, __refill_cfs_bandwidth_runtime();
 *                  stop when idle, else distribute while throttled and runtime is left
 * slack:  REFILL   do_sched_cfs_slack_timer(): distribute unless the period refresh is near
 *         ONE      distribute_cfs_runtime(), one throttled cfs_rq per section under its rq lock
 *                    -- interleaving point: that rq lock is dropped before the next --
 *         LOCAL    the local cfs_rq is unthrottled last, under this rq lock
 * </pre>
 * cfs_b->lock is dropped while distributing, as the kernel drops it; remote cfs_rqs are
 * unthrottled later by their CPU's CSD IPI.
 */
final class CfsBandwidthTimer extends IrqWork {
    private static final int REFILL = 0, ONE = 1, LOCAL = 2;
    private final FairBandwidth bw;
    private final CfsBandwidth cfsB;
    private final boolean slack;
    private int pc = REFILL;
    /** hrtimer_forward_now()'s overrun when the period timer fired. */
    long overrun;
    /** The distribution pass in progress: a snapshot of the throttled list (RCU walk). */
    private final ArrayList<CfsRq> pass = new ArrayList<>();
    private int next;
    private long remaining;
    private final boolean[] throttled = new boolean[1];
    private final ArrayList<CfsRq> localUnthrottle = new ArrayList<>(1);

    CfsBandwidthTimer(FairBandwidth bw, CfsBandwidth cfsB, boolean slack) {
        this.bw = bw;
        this.cfsB = cfsB;
        this.slack = slack;
    }

    @Override
    protected int run(Cpu cpu) {
        switch (pc) {
            case REFILL -> {
                cpu.cost(bw.core.costs.section());
                return slack ? slackTimer() : periodTimer();
            }
            case ONE -> {
                if (next >= pass.size()) {
                    pc = LOCAL;
                    return KFrame.NEXT;
                }
                if (remaining == 0) { // the pool ran dry before this one
                    throttled[0] = true;
                    pc = LOCAL;
                    return KFrame.NEXT;
                }
                long r = bw.distributeOne(cpu, cfsB, pass.get(next), localUnthrottle, throttled);
                if (r < 0) return KFrame.SPIN;
                remaining = r;
                next++;
                return KFrame.NEXT;
            }
            default -> { // LOCAL
                if (!bw.distributeLocal(cpu, localUnthrottle)) return KFrame.SPIN;
                if (localUnthrottle.isEmpty()) cpu.cost(bw.core.costs.atomic());
                return passDone();
            }
        }
    }

    /** do_sched_cfs_period_timer() */
    private int periodTimer() {
        if (cfsB.quota == CfsBandwidth.RUNTIME_INF) return finish(true); // no bandwidth constraint
        boolean isThrottled = !cfsB.throttledCfsRq.isEmpty();
        cfsB.nrPeriods += overrun;
        bw.refillCfsBandwidthRuntime(cfsB);
        // idle depends on !throttled (for the case of a large deficit)
        if (cfsB.idle && !isThrottled) return finish(true);
        if (!isThrottled) {
            cfsB.idle = true; // mark as potentially idle for the upcoming period
            return finish(false);
        }
        cfsB.nrThrottled += overrun;
        return distributeWhileThrottled(true);
    }

    /** do_sched_cfs_slack_timer() */
    private int slackTimer() {
        cfsB.slackStarted = false;
        if (bw.runtimeRefreshWithin(cfsB, FairBandwidth.MIN_BANDWIDTH_EXPIRATION)) return finish(false);
        if (cfsB.quota == CfsBandwidth.RUNTIME_INF || cfsB.runtime <= FairBandwidth.SCHED_CFS_BANDWIDTH_SLICE) return finish(false);
        startPass();
        return KFrame.NEXT;
    }

    /** while (throttled && cfs_b->runtime > 0) distribute_cfs_runtime() */
    private int distributeWhileThrottled(boolean isThrottled) {
        if (isThrottled && cfsB.runtime > 0) {
            startPass();
            return KFrame.NEXT;
        }
        cfsB.idle = false;
        return finish(false);
    }

    private void startPass() {
        pass.clear();
        pass.addAll(cfsB.throttledCfsRq);
        next = 0;
        remaining = 1;
        throttled[0] = false;
        pc = ONE;
    }

    private int passDone() {
        if (slack) return finish(false);
        return distributeWhileThrottled(throttled[0]);
    }

    private int finish(boolean idle) {
        pc = REFILL;
        pass.clear();
        if (!slack) bw.periodTimerDone(cfsB, idle);
        return KFrame.DONE;
    }

    @Override
    protected String name() {
        return slack ? "sched_cfs_slack_timer" : "sched_cfs_period_timer";
    }
}
