package org.proxytorture.check;

import java.util.List;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.Weights;

/**
 * sched_football's invariant: the highest-priority runnable RT tasks occupy the CPUs. A runnable,
 * unblocked RT task left waiting while a CPU in its mask runs something of lower priority (judged
 * by rq->donor, the scheduling context) for longer than the window means push/pull lost it.
 */
final class RtChecker implements Checker {
    private final Checks checks;
    private final Core core;
    private long[] waitingSince = new long[0];
    /**
     * Per CPU, when balance_rt() last decided to pull (an RT prev that left the rt runqueue at the
     * pick; a blocked proxy donor stays on it, and one deactivated later in the chain walk is no
     * longer rq->donor when the walk picks again, so neither pulls).
     */
    private final long[] pullChance;

    RtChecker(Checks checks) {
        this.checks = checks;
        this.core = checks.core;
        this.pullChance = new long[core.nrCpus()];
        java.util.Arrays.fill(pullChance, -1);
    }

    @Override
    public void rtPull(long now, int cpu) {
        pullChance[cpu] = now;
    }

    @Override
    public String name() {
        return "rt";
    }

    @Override
    public void audit(long now) {
        int n = core.tasks.size();
        if (waitingSince.length < n) {
            int old = waitingSince.length;
            waitingSince = java.util.Arrays.copyOf(waitingSince, n);
            java.util.Arrays.fill(waitingSince, old, n, -1);
        }
        for (Rq rq : core.rqs) if (rq.lock.heldAcross()) return; // a half-done pick: wait for a quiet moment
        for (Task t : core.tasks) {
            if (t == null) continue;
            int lower = starvedBy(t);
            if (lower < 0) {
                waitingSince[t.pid] = -1;
                continue;
            }
            if (waitingSince[t.pid] < 0) waitingSince[t.pid] = now;
            else if (now - waitingSince[t.pid] > checks.config.rtWindowNs()) {
                String what = t + " (prio " + t.prio + ") waits on CPU " + t.cpu + " for " + (now - waitingSince[t.pid]) / 1000
                        + " us while CPU " + lower + " runs " + core.rqs[lower].donor + " (prio " + core.rqs[lower].donor.prio + ")";
                boolean pushable = core.rqs[t.cpu].rtPushable(t);
                if (pushable && pullChance[lower] < waitingSince[t.pid] && !pulledSince(t, waitingSince[t.pid])) {
                    // push_rt_tasks() ran when t became pushable, with no lower CPU then; since, no CPU has had an RT
                    // task leave its rt runqueue (balance_rt() pulls only then; a fair prev, or an RT donor that
                    // blocks on a mutex and stays queued under proxy execution, gives no pull): rt.c's rule
                    checks.finding(this, "football-no-pull", what + "; no CPU in its mask has pulled since it waits"
                            + " (balance_rt() pulls only for an RT prev that left the rt runqueue at the pick; a blocked proxy donor stays queued)", List.of(Checks.role("rt", t)), List.of(t.cpu, lower), t,
                            core.rqs[lower].donor);
                } else if (pushable) {
                    checks.report(this, "football", what, List.of(Checks.role("rt", t)), List.of(t.cpu, lower), t, core.rqs[lower].donor);
                } else {
                    // not on pushable_tasks, so push/pull cannot see it: rt.c adds a task there only at
                    // enqueue and put_prev, and never while task_is_blocked(); a donor unblocked in place
                    // stays invisible until its next enqueue. The model keeps the kernel's rule; this is a finding.
                    checks.finding(this, "football-unpushable", what + "; it is not on pushable_tasks (a donor unblocked in place?)",
                            List.of(Checks.role("rt", t)), List.of(t.cpu, lower), t, core.rqs[lower].donor);
                }
            }
        }
    }

    /** Whether a CPU in t's mask, now running lower-priority work, had a pull chance since {@code since}. */
    private boolean pulledSince(Task t, long since) {
        for (int c = t.cpusMask.first(); c < core.nrCpus(); c = t.cpusMask.next(c)) {
            if (core.isCpuAllowed(t, c) && runsLowerThan(core.rqs[c], t) && pullChance[c] >= since) return true;
        }
        return false;
    }

    /** Whether rq's scheduling context (rq->donor, else curr; never the stopper) has lower priority than t. */
    private static boolean runsLowerThan(Rq rq, Task t) {
        Task d = rq.donor == null ? rq.curr : rq.donor;
        return d != null && d != rq.stop && d.prio > t.prio;
    }

    /** A CPU in t's mask whose scheduling context has lower priority while t waits runnable, or -1. */
    private int starvedBy(Task t) {
        if (t.prio >= Weights.MAX_RT_PRIO || t.onRq != TaskState.TASK_ON_RQ_QUEUED || t.blockedOn != null || t.isBlocked) return -1;
        Rq home = core.rqs[t.cpu];
        if (home.donor == t || home.curr == t || t.migrationPending) return -1;
        for (int c = t.cpusMask.first(); c < core.nrCpus(); c = t.cpusMask.next(c)) {
            if (!core.isCpuAllowed(t, c)) continue; // an inactive or dying CPU takes no task
            if (runsLowerThan(core.rqs[c], t)) return c;
        }
        return -1;
    }
}
