package org.proxytorture.check;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.sched.Task;

/**
 * How often a mutex's first waiter is passed over while it sleeps on the lock (blocked_on set:
 * asleep, or a donor run for): each acquisition by another task meanwhile, a spinner's steal or a
 * handoff elsewhere (2026's forced handoff to current->blocked_donor). The unlocker wakes the first
 * waiter or hands it the lock, so mutex.c lets at most a steal or so pass it (measured: 1 without
 * proxy, with single-rq and migrate; up to 10 under the 2026 forced handoff, 5 s default
 * scenario). A first waiter preempted after its wakeup is not counted: that is scheduling latency,
 * thousands of locktorture acquisitions in one slice. Nor are passes the scheduler decides: by a
 * task of higher priority than the waiter (the forced handoff gives the lock to the donor that
 * ran the owner, the higher one), or while the waiter's class may not run on its CPU (its rt_rq
 * RT-throttled, its cfs_rq throttled by bandwidth): PROXY05 saw an RT first waiter of a
 * ww_mutex passed over 257 times by fair tasks in one 50 ms RT-throttled window. Above
 * {@link #SOFT} passes a soft finding (passed-over), above {@link #HARD} a failure
 * (first-waiter-starved). A forced handoff to the unlocker's blocked_donor counts toward the
 * finding only: which donor ran the owner is EEVDF's pick, and with thousands of writers (64 CPUs,
 * 4096 writers, nested_locks=4) a first waiter not picked as that donor for a while is passed
 * over hundreds of times by equal-priority donors, as the kernel would.
 */
final class FairnessChecker implements Checker {
    /** A first waiter passed over more often than this: worth a look. */
    static final int SOFT = 4;
    /** ... than this: starved. */
    static final int HARD = 256;
    private final Checks checks;
    /** Per mutex: its first waiter as of the last event on it. */
    private final Map<Mutex, Task> first = new IdentityHashMap<>();
    /** Per pid: times passed over while first and blocked, since it last acquired a mutex. */
    private int[] passed = new int[64];
    /** Per pid: passes that were not forced handoffs to a blocked_donor (what HARD judges). */
    private int[] unforced = new int[64];
    /** Per pid: the lock was just handed to it as the unlocker's blocked_donor (its next acquisition). */
    private boolean[] handedOff = new boolean[64];

    FairnessChecker(Checks checks) {
        this.checks = checks;
    }

    @Override
    public String name() {
        return "fairness";
    }

    @Override
    public void lockContended(long now, int cpu, Task p, Lock lock) {
        Mutex m = MutexOf.mutex(lock);
        if (m != null) first.put(m, m.firstWaiter());
    }

    /** mutex_unlock()'s handoff; to a task that is not the first waiter, the forced one to blocked_donor. */
    @Override
    public void proxy(long now, int cpu, org.proxytorture.kernel.sched.ProxyEvent event, Task donor, Task task) {
        if (event.kind() != org.proxytorture.kernel.sched.ProxyEvent.Kind.HANDOFF || task == null) return;
        grow(task.pid);
        handedOff[task.pid] = true;
    }

    @Override
    public void lockAcquired(long now, int cpu, Task p, Lock lock) {
        Mutex m = MutexOf.mutex(lock);
        if (m == null) return;
        Task f = first.get(m);
        grow(p.pid);
        passed[p.pid] = unforced[p.pid] = 0;
        boolean forced = handedOff[p.pid];
        handedOff[p.pid] = false;
        if (f != null && f != p && f.waitingOn == m && f.blockedOn == m && p.prio >= f.prio && !throttled(f)) {
            grow(f.pid);
            int n = ++passed[f.pid];
            if (!forced) unforced[f.pid]++;
            if (n == SOFT + 1)
                checks.finding(this, "passed-over", f + " was passed over " + n + " times as the first waiter of " + m + " (last by " + p + ", prio " + p.prio + " vs " + f.prio + ")",
                        List.of(Checks.role("waiter", f)), List.of(cpu), f, p);
            if (!forced && unforced[f.pid] == HARD + 1)
                checks.report(this, "first-waiter-starved", f + " was passed over " + unforced[f.pid] + " times as the first waiter of " + m
                        + " by tasks of no higher priority (last " + p + ", prio " + p.prio + " vs " + f.prio + "), forced handoffs to a blocked_donor not counted: starved",
                        List.of(Checks.role("waiter", f)), List.of(cpu), f, p);
        }
        first.put(m, m.firstWaiter());
    }

    private void grow(int pid) {
        if (pid < passed.length) return;
        int n = Math.max(pid + 1, passed.length * 2);
        passed = java.util.Arrays.copyOf(passed, n);
        unforced = java.util.Arrays.copyOf(unforced, n);
        handedOff = java.util.Arrays.copyOf(handedOff, n);
    }

    /** Whether f's class may not run on its CPU now: RT throttling, or a throttled cfs_rq hierarchy. */
    private boolean throttled(Task f) {
        if (f.isRt()) return checks.core.rqs[f.cpu].rtThrottled();
        return f.throttled || f.se.cfsRq != null && org.proxytorture.kernel.sched.fair.FairBandwidth.throttledHierarchy(f.se.cfsRq);
    }
}
