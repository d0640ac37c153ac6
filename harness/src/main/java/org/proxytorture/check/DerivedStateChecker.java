package org.proxytorture.check;

import java.util.List;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.locking.RwSemaphore;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * Fields the kernel keeps as a summary of other state, recomputed from that state at each audit,
 * where the kernel's code says they hold (the lock that protects both free). sum_weight and
 * sum_w_vruntime are eevdf's E1.
 * <ul>
 * <li>D1 mutex flags: MUTEX_FLAG_WAITERS set exactly when the wait list is not empty
 * (__mutex_add_waiter() sets it for the first waiter, __mutex_remove_waiter() clears the flags
 * with the last); MUTEX_FLAG_HANDOFF only with a waiter; wait_lock free;
 * <li>D2 rq->nr_running: the tasks queued on the rq (sched_delayed ones included, throttled ones
 * not), rq lock free;
 * <li>D3 rwsem: RWSEM_FLAG_WAITERS set exactly when the wait list is not empty, wait_lock free.
 * </ul>
 */
final class DerivedStateChecker implements Checker {
    private final Checks checks;
    private final java.util.Set<String> reported = new java.util.LinkedHashSet<>();

    DerivedStateChecker(Checks checks) {
        this.checks = checks;
    }

    @Override
    public String name() {
        return "derived";
    }

    private void once(String invariant, String key, String message, List<String> roles, List<Integer> cpus, Task... tasks) {
        if (reported.add(invariant + key)) checks.report(this, invariant, message, roles, cpus, tasks);
    }

    /**
     * Still on_rq but not in rq->nr_running: a task the task-based throttle parked in its limbo list
     * (dequeue_task_fair() from the throttle work), or one in a throttled hierarchy under the group
     * model (throttle_cfs_rq() takes its h_nr_queued off the rq).
     */
    private boolean throttled(Task t) {
        if (t.schedClass != checks.core.fair) return false;
        org.proxytorture.kernel.sched.FairBandwidth bw = checks.core.fair.bandwidth;
        return bw.model.pickAgainOnThrottle() ? org.proxytorture.kernel.sched.FairBandwidth.throttledHierarchy(t.se.cfsRq) : t.throttled;
    }

    @Override
    public void audit(long now) {
        for (Object l : checks.seenLocks()) {
            if (l instanceof Mutex m && !m.waitLock.heldAcross()) {
                boolean waiters = m.firstWaiter() != null;
                boolean flag = (m.flags() & Mutex.MUTEX_FLAG_WAITERS) != 0;
                if (flag != waiters)
                    once("D1", m.name, m + ": MUTEX_FLAG_WAITERS " + (flag ? "set" : "clear") + " with " + m.waiters().size() + " waiters",
                            List.of(Checks.lockRole("lock", m)), List.of());
                if ((m.flags() & Mutex.MUTEX_FLAG_HANDOFF) != 0 && !waiters)
                    once("D1", m.name + "/handoff", m + ": MUTEX_FLAG_HANDOFF set with no waiter", List.of(Checks.lockRole("lock", m)), List.of());
            } else if (l instanceof RwSemaphore s && !s.waitLock.heldAcross()) {
                boolean waiters = s.firstWaiterTask() != null;
                boolean flag = (s.count & RwSemaphore.RWSEM_FLAG_WAITERS) != 0;
                if (flag != waiters)
                    once("D3", s.name, s + ": RWSEM_FLAG_WAITERS " + (flag ? "set" : "clear") + " with wait list " + s.waiters(),
                            List.of(Checks.lockRole("lock", s)), List.of());
            }
        }
        int[] queued = new int[checks.core.nrCpus()];
        for (Task t : checks.core.tasks) {
            if (t == null || t.isIdle || t.onRq != TaskState.TASK_ON_RQ_QUEUED || throttled(t)) continue;
            queued[t.cpu]++;
        }
        for (Rq rq : checks.core.rqs) {
            if (rq.lock.heldAcross()) continue;
            if (rq.nrRunning != queued[rq.cpu])
                once("D2", "cpu" + rq.cpu, "CPU " + rq.cpu + ": nr_running " + rq.nrRunning + " but " + queued[rq.cpu] + " tasks are queued there",
                        List.of(), List.of(rq.cpu));
        }
    }
}
