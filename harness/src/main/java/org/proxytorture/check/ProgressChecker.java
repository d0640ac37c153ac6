package org.proxytorture.check;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * Progress: a watched task (a locktorture writer) that acquires no lock for a whole window is
 * starved. locktorture's own "???" flag (max more than twice min) stays a soft finding on the
 * stats line; this is the hard one.
 */
final class ProgressChecker implements Checker {
    private final Checks checks;
    private final List<Task> watched = new ArrayList<>();
    private long[] lastAcquired = new long[0];

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
            if (now - lastAcquired[t.pid] > window)
                checks.report(this, "starved", t + " acquired no lock for " + (now - lastAcquired[t.pid]) / 1_000_000 + " ms",
                        List.of(Checks.role("writer", t)), List.of(t.cpu), t);
        }
    }
}
