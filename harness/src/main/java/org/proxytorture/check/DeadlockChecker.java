package org.proxytorture.check;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * Deadlock: (a) a cycle in the wait-for graph ({@link WaitForGraph}: waiter -> lock -> owner ->
 * lock ..., over mutexes, rt_mutexes, rw_semaphores and percpu_rw_semaphores) that is still there
 * one audit later with no acquisition of its locks in between (a ww_mutex die/wound breaks its
 * cycles at once, so one that persists is not going to be broken); (c) hung tasks as
 * kernel/hung_task.c sees them: in TASK_UNINTERRUPTIBLE with no context switch for longer than
 * hung_task_timeout; (d) hard lockups as the NMI watchdog reports them: CPUs spinning with IRQs
 * off on each other (a raw spinlock held across sections, a task's on_cpu), or a CPU that has not
 * taken a raised interrupt for watchdog_thresh. (b, lock order) is {@link Lockdep}. Spinning locks (spinlock_t, rwlock_t)
 * are not in the graph: their waiters spin, and a spin deadlock shows as no progress.
 */
final class DeadlockChecker implements Checker {
    private final Checks checks;
    private final Core core;
    private final List<String> lastCycles = new ArrayList<>();
    private final RwHolders holders = new RwHolders();
    private long[] lastSwitches = new long[0];
    private long[] dSince = new long[0];
    /** Per pid: {@link #chainHold} at the last audit (the acquisitions along its chain of holders), -1 if none. */
    private long[] lastAcq = new long[0];

    DeadlockChecker(Checks checks) {
        this.checks = checks;
        this.core = checks.core;
    }

    @Override
    public String name() {
        return "deadlock";
    }

    /** watchdog_thresh: 10 s (the hard-lockup detector's period). */
    static final long WATCHDOG_THRESH_NS = 10_000_000_000L;

    @Override
    public void audit(long now) {
        WaitForGraph g = waitForCycles();
        hungTasks(now, g);
        hardLockups(now);
    }

    /**
     * The hard-lockup detector: a cycle of CPUs each spinning with IRQs off on the next (none can
     * ever take an interrupt or get out), or, as the NMI watchdog sees it (hrtimer interrupts not
     * counting), a CPU that has not taken a raised interrupt for watchdog_thresh: an irqs-off spin
     * or an endless __schedule() alike.
     */
    private void hardLockups(long now) {
        org.proxytorture.kernel.cpu.Cpu[] cpus = core.cpus;
        for (org.proxytorture.kernel.cpu.Cpu c : cpus) {
            long pending = c.oldestIrqPendingSince();
            if (pending >= 0 && now - pending > WATCHDOG_THRESH_NS) {
                checks.report(this, "hard-lockup", "watchdog: Watchdog detected hard LOCKUP on cpu " + c.id,
                        List.of("  CPU" + c.id + " has not taken an interrupt for " + (now - pending) / 1_000_000L + " ms ("
                                + core.rqs[c.id].curr + ")"), List.of("cpus=1"), List.of(c.id), core.rqs[c.id].curr);
                continue;
            }
            if (c.irqsOffSpinSince() < 0) continue;
            List<Integer> cycle = new ArrayList<>();
            int at = c.id;
            while (at >= 0 && !cycle.contains(at)) {
                cycle.add(at);
                at = cpus[at].irqsOffWaitsFor();
            }
            if (at != c.id || cycle.size() < 2) continue;
            if (c.id != java.util.Collections.min(cycle)) continue; // one report per cycle, named after its lowest CPU
            List<Integer> involved = cycle;
            List<String> detail = new ArrayList<>();
            for (int id : involved) {
                int waitsFor = cpus[id].irqsOffWaitsFor();
                detail.add("  CPU" + id + " spins with IRQs off in " + cpus[id].irqsOffWaitDescription()
                        + (waitsFor >= 0 ? ", waiting for CPU" + waitsFor : "") + " (" + core.rqs[id].curr + ")");
            }
            List<Task> tasks = new ArrayList<>();
            for (int id : involved) tasks.add(core.rqs[id].curr);
            checks.report(this, "hard-lockup", "watchdog: Watchdog detected hard LOCKUP on cpu " + c.id, detail,
                    List.of("cpus=" + involved.size()), involved, tasks.toArray(new Task[0]));
        }
    }

    @Override
    public void lockAcquired(long now, int cpu, Task p, Lock lock) {
        if (RwHolders.tracked(lock)) holders.acquired(p, lock);
    }

    @Override
    public void lockReleased(long now, int cpu, Task p, Lock lock) {
        if (RwHolders.tracked(lock)) holders.released(p, lock);
    }

    private WaitForGraph waitForCycles() {
        int n = core.tasks.size();
        WaitForGraph g = new WaitForGraph(n, checks.seenLocks(), holders);
        List<String> cycles = new ArrayList<>();
        for (int pid = 0; pid < n; pid++) {
            Task t = core.tasks.get(pid);
            if (t == null) continue;
            List<WaitForGraph.Edge> cycle = g.cycleFrom(t);
            if (cycle == null) continue;
            List<Task> chain = new ArrayList<>();
            for (WaitForGraph.Edge e : cycle) chain.add(e.from());
            StringBuilder k = new StringBuilder(chain.toString());
            for (WaitForGraph.Edge e : cycle) k.append(' ').append(e.lock().acquisitions()); // no acquisition in between: no progress
            String key = k.toString();
            cycles.add(key);
            if (!lastCycles.contains(key)) continue; // must persist for a whole audit interval
            List<String> detail = new ArrayList<>();
            detail.add("  wait-for cycle:");
            boolean ww = true;
            for (WaitForGraph.Edge e : cycle) {
                detail.add("    " + e.from() + " waits for " + e.lock() + " " + e.held().text + " " + e.to());
                ww &= e.held() == WaitForGraph.Held.WW_OWNER;
            }
            List<String> roles = new ArrayList<>();
            for (WaitForGraph.Edge e : cycle) roles.add(Checks.lockRole("lock", e.lock()));
            List<Integer> cpus = new ArrayList<>();
            for (Task c : chain) cpus.add(c.cpu);
            checks.report(this, "wait-for-cycle", "a cycle of " + chain.size() + " tasks" + (ww ? " on ww_mutexes that die/wound did not break" : ""),
                    detail, roles, cpus, chain.toArray(new Task[0]));
        }
        lastCycles.clear();
        lastCycles.addAll(cycles);
        return g;
    }

    /**
     * Whether t's wait is one hold going on: along the chain of holders (t waits for a holder that
     * waits for another ...), one that is not in D holds its lock, as locktorture's long holds do
     * (a writer holding a nested mutex while it waits behind a 500 ms hold of the main one). The
     * acquisitions of the chain's locks, so that a change of hands is seen; -1 for no such chain.
     */
    private static long chainHold(WaitForGraph g, Task t, int depth) {
        if (depth > 16) return -1; // a cycle is the wait-for checker's; a chain this long is not one hold
        for (WaitForGraph.Edge e : g.edges(t)) {
            boolean running = (e.to().state & TaskState.TASK_UNINTERRUPTIBLE) == 0;
            // past a sleeper only through a held lock: a percpu_rw_semaphore writer asleep in rcuwait waits for a
            // wakeup (the readers' prod), not for a hold to end
            if (!running && e.held().sleeperMayWaitForWakeup) continue;
            long below = running ? 0 : chainHold(g, e.to(), depth + 1);
            if (below >= 0) return below * 31 + e.lock().acquisitions();
        }
        return -1;
    }

    /**
     * check_hung_uninterruptible_tasks(): D state and no switch since the last look, for the
     * timeout. One difference, for the scaled-down timeouts of short runs: the clock of a task
     * waiting for a lock stands still while one hold goes on (no acquisition since the last look)
     * by a holder that is not itself in D, directly or at the end of a chain of holders, e.g. a
     * locktorture writer in its rare long hold (rwsem: 1 s of mdelay(), mutex 500 ms). The
     * kernel's 120 s would never see such a wait; a 1 s run's 1 s would. A wait no running hold
     * explains (the lock free, the chain ending in a sleeper, the locks changing hands) runs the
     * clock as the kernel's does.
     */
    private void hungTasks(long now, WaitForGraph g) {
        int n = core.tasks.size();
        if (lastSwitches.length < n) {
            int old = lastSwitches.length;
            lastSwitches = java.util.Arrays.copyOf(lastSwitches, n);
            dSince = java.util.Arrays.copyOf(dSince, n);
            lastAcq = java.util.Arrays.copyOf(lastAcq, n);
            java.util.Arrays.fill(dSince, old, n, -1);
            java.util.Arrays.fill(lastAcq, old, n, -1);
        }
        long timeout = checks.config.hungTaskTimeoutNs();
        for (Task t : core.tasks) {
            if (t == null) continue;
            long sw = t.nvcsw + t.nivcsw;
            boolean d = (t.state & TaskState.TASK_UNINTERRUPTIBLE) != 0 && (t.state & TaskState.TASK_NOLOAD) == 0;
            long acq = d ? chainHold(g, t, 0) : -1;
            boolean sameHold = acq >= 0 && acq == lastAcq[t.pid];
            lastAcq[t.pid] = acq;
            if (!d || sw != lastSwitches[t.pid] || sameHold) {
                dSince[t.pid] = d ? now : -1;
            } else if (dSince[t.pid] < 0) {
                dSince[t.pid] = now;
            } else if (timeout > 0 && now - dSince[t.pid] > timeout) {
                checks.report(this, "hung_task", String.format("INFO: task %s:%d blocked for more than %d seconds.", t.comm, t.pid,
                        (now - dSince[t.pid]) / 1_000_000_000L), List.of(Checks.role("task", t)), List.of(t.cpu), t);
            }
            lastSwitches[t.pid] = sw;
        }
    }
}
