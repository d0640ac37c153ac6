package org.proxytorture.check;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * Deadlock: (a) a cycle in the wait-for graph (waiter -> lock -> owner -> lock ...) that is still
 * there one audit later (a ww_mutex die/wound breaks its cycles at once, so one that persists is
 * not going to be broken); (c) hung tasks as kernel/hung_task.c sees them: in TASK_UNINTERRUPTIBLE
 * with no context switch for longer than hung_task_timeout. (b, lock order) is {@link Lockdep}.
 */
final class DeadlockChecker implements Checker {
    private final Checks checks;
    private final Core core;
    private final List<String> lastCycles = new ArrayList<>();
    private long[] lastSwitches = new long[0];
    private long[] dSince = new long[0];

    DeadlockChecker(Checks checks) {
        this.checks = checks;
        this.core = checks.core;
    }

    @Override
    public String name() {
        return "deadlock";
    }

    @Override
    public void audit(long now) {
        waitForCycles();
        hungTasks(now);
    }

    private void waitForCycles() {
        int n = core.tasks.size();
        Mutex[] waitingOn = new Mutex[n];
        for (Object l : checks.contendedLocks()) {
            if (!(l instanceof Mutex m)) continue;
            Task owner = m.owner();
            for (Task w : m.waiters()) if (w.pid < n && w != owner) waitingOn[w.pid] = m; // handed to w (PICKUP): not waiting
        }
        List<String> cycles = new ArrayList<>();
        for (int pid = 0; pid < n; pid++) {
            if (waitingOn[pid] == null) continue;
            // follow waiter -> owner until the chain ends, repeats, or comes back to pid
            Task t = core.tasks.get(pid);
            List<Task> chain = new ArrayList<>();
            List<Mutex> via = new ArrayList<>();
            Task cur = t;
            boolean cycle = false;
            for (int step = 0; step <= n && cur != null && cur.pid < n && waitingOn[cur.pid] != null; step++) {
                chain.add(cur);
                Mutex m = waitingOn[cur.pid];
                via.add(m);
                cur = m.owner();
                if (cur == t) {
                    cycle = true;
                    break;
                }
                if (cur != null && chain.contains(cur)) break; // a cycle not through t: found from its own members
            }
            if (!cycle) continue;
            int min = Integer.MAX_VALUE;
            for (Task c : chain) min = Math.min(min, c.pid);
            if (t.pid != min) continue; // report each cycle once, from its lowest pid
            StringBuilder k = new StringBuilder(chain.toString());
            for (Mutex m : via) k.append(' ').append(m.acquisitions); // no acquisition in between: no progress
            String key = k.toString();
            cycles.add(key);
            if (!lastCycles.contains(key)) continue; // must persist for a whole audit interval
            List<String> detail = new ArrayList<>();
            detail.add("  wait-for cycle:");
            boolean ww = true;
            for (int i = 0; i < chain.size(); i++) {
                detail.add("    " + chain.get(i) + " waits for " + via.get(i) + " owned by " + via.get(i).owner());
                ww &= via.get(i).wwCtx != null;
            }
            List<String> roles = new ArrayList<>();
            for (Mutex m : via) roles.add(Checks.lockRole("lock", m));
            List<Integer> cpus = new ArrayList<>();
            for (Task c : chain) cpus.add(c.cpu);
            checks.report(this, "wait-for-cycle", "a cycle of " + chain.size() + " tasks" + (ww ? " on ww_mutexes that die/wound did not break" : ""),
                    detail, roles, cpus, chain.toArray(new Task[0]));
        }
        lastCycles.clear();
        lastCycles.addAll(cycles);
    }

    /** check_hung_uninterruptible_tasks(): D state and no switch since the last look, for the timeout. */
    private void hungTasks(long now) {
        int n = core.tasks.size();
        if (lastSwitches.length < n) {
            int old = lastSwitches.length;
            lastSwitches = java.util.Arrays.copyOf(lastSwitches, n);
            dSince = java.util.Arrays.copyOf(dSince, n);
            java.util.Arrays.fill(dSince, old, n, -1);
        }
        long timeout = checks.config.hungTaskTimeoutNs();
        for (Task t : core.tasks) {
            if (t == null) continue;
            long sw = t.nvcsw + t.nivcsw;
            boolean d = (t.state & TaskState.TASK_UNINTERRUPTIBLE) != 0 && (t.state & TaskState.TASK_NOLOAD) == 0;
            if (!d || sw != lastSwitches[t.pid]) {
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
