package org.proxytorture.check;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * Lost wakeups (INV-P8), an exact oracle: a task asleep off the runqueue whose wake condition
 * already holds (it is the first waiter of a free lock, or the lock was handed to it; or it is a
 * donor parked on an owner that is running again) with no wakeup in flight, for a whole audit
 * interval. Plus the liveness end phase: tasks that never finished after the workload stopped.
 */
final class LostWakeupChecker implements Checker {
    private final Checks checks;
    private final Core core;
    private final List<Task> suspects = new ArrayList<>();

    LostWakeupChecker(Checks checks) {
        this.checks = checks;
        this.core = checks.core;
    }

    @Override
    public String name() {
        return "lost-wakeup";
    }

    private boolean asleep(Task t) {
        if (t.onRq != 0 || t.state == TaskState.TASK_RUNNING || (t.state & TaskState.TASK_WAKING) != 0 || t.onCpu) return false;
        for (Rq rq : core.rqs) if (rq.onWakeList(t)) return false;
        return true;
    }

    @Override
    public void audit(long now) {
        List<Task> found = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (Object l : checks.contendedLocks()) {
            if (!(l instanceof Mutex m) || m.waitLock.heldAcross()) continue;
            Task first = m.firstWaiter();
            Task owner = m.owner();
            if (first != null && owner == null && asleep(first)) {
                found.add(first);
                why.add(first + " sleeps as the first waiter of " + m + ", which is free");
            } else if (owner != null && (m.flags() & Mutex.MUTEX_FLAG_PICKUP) != 0 && asleep(owner)) {
                found.add(owner);
                why.add(owner + " sleeps though " + m + " was handed to it");
            }
        }
        for (Task t : core.tasks) {
            if (t == null || t.blockedOwner == null) continue;
            if (t.blockedOwner.onRq == TaskState.TASK_ON_RQ_QUEUED && asleep(t)) {
                found.add(t);
                why.add(t + " stays parked on " + t.blockedOwner + ", which is running again");
            }
        }
        for (int i = 0; i < found.size(); i++) {
            Task t = found.get(i);
            if (!suspects.contains(t)) continue; // the same condition one audit ago: no wakeup came
            checks.report(this, "INV-P8", why.get(i) + ", with no wakeup pending for " + checks.config.auditIntervalNs() / 1000 + " us",
                    List.of(Checks.role("task", t)), List.of(t.cpu), t);
        }
        suspects.clear();
        suspects.addAll(found);
    }

    /** The liveness end phase: these tasks did not finish within the bound after the workload stopped. */
    void neverFinished(List<Task> tasks, long boundNs) {
        for (Task t : tasks)
            checks.report(this, "liveness", t + " never woke to finish within " + boundNs / 1_000_000 + " ms after the test stopped (state "
                    + TaskState.letter(t.state) + ", blocked on " + t.blockedOn + ")", List.of(Checks.role("task", t)), List.of(t.cpu), t);
    }
}
