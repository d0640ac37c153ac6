package org.proxytorture.check;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.Weights;

/**
 * Progress: a watched task (a locktorture writer) that acquires no lock for a whole window is
 * starved. locktorture's own "???" flag (max more than twice min) stays a soft finding on the
 * stats line; this is the hard one. A writer that has not run since its last acquisition and waits
 * runnable behind an RT task of its priority or higher is starved of the CPU by policy, not of
 * the lock: SCHED_FIFO writers outnumbering their CPUs on a spinning lock, where the running one
 * sleeps only in locktorture's 1-in-2^20 schedule_timeout_uninterruptible(1) (found by
 * explore --space, shrunk to 1 CPU and 2 writer_fifo writers on a rw_lock).
 */
final class ProgressChecker implements Checker {
    private final Checks checks;
    private final List<Task> watched = new ArrayList<>();
    private long[] lastAcquired = new long[0];
    /** When each task last went on a CPU (sched_switch to it). */
    private long[] lastRan = new long[0];

    ProgressChecker(Checks checks) {
        this.checks = checks;
    }

    @Override
    public String name() {
        return "progress";
    }

    void watch(List<Task> tasks) {
        long now = checks.core.now();
        for (Task t : tasks) {
            if (watched.contains(t)) continue;
            watched.add(t);
            grow(t.pid);
            lastAcquired[t.pid] = now;
        }
    }

    private void grow(int pid) {
        if (pid >= lastAcquired.length) lastAcquired = java.util.Arrays.copyOf(lastAcquired, Math.max(pid + 1, lastAcquired.length * 2));
        if (pid >= lastRan.length) lastRan = java.util.Arrays.copyOf(lastRan, lastAcquired.length);
    }

    @Override
    public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
        if (next.pid < lastRan.length) lastRan[next.pid] = now;
    }

    @Override
    public void lockAcquired(long now, int cpu, Task p, Lock lock) {
        if (p.pid < lastAcquired.length) lastAcquired[p.pid] = now;
    }

    @Override
    public void audit(long now) {
        long window = checks.config.progressWindowNs();
        if (window <= 0) return;
        for (Task t : watched) {
            if (t.state == TaskState.TASK_DEAD) continue;
            if (now - lastAcquired[t.pid] > window && !waitsBehindRt(t))
                checks.report(this, "starved", t + " acquired no lock for " + (now - lastAcquired[t.pid]) / 1_000_000 + " ms",
                        List.of(Checks.role("writer", t)), List.of(t.cpu), t);
        }
    }

    /** Not run since its last acquisition, queued, behind an RT scheduling context of its priority or higher. */
    private boolean waitsBehindRt(Task t) {
        if (lastRan[t.pid] > lastAcquired[t.pid] || t.onRq != TaskState.TASK_ON_RQ_QUEUED) return false;
        Task donor = checks.core.rqs[t.cpu].donor;
        return donor != t && donor.prio < Weights.MAX_RT_PRIO && donor.prio <= t.prio;
    }
}
