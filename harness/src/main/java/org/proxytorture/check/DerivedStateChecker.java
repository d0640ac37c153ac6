package org.proxytorture.check;

import java.util.List;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.locking.PercpuRwSemaphore;
import org.proxytorture.kernel.locking.Pi;
import org.proxytorture.kernel.locking.RtMutex;
import org.proxytorture.kernel.locking.RwLock;
import org.proxytorture.kernel.locking.RwSemaphore;
import org.proxytorture.kernel.locking.SpinLock;
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
 * <li>D4 rt_mutex: RT_MUTEX_HAS_WAITERS set whenever the waiter tree is not empty, wait_lock free
 * (try_to_take_rt_mutex() marks it before a waiter is queued; the unlock with waiters stores it
 * as the owner word, so the fast paths cannot take the lock ahead of the woken top waiter).
 * <li>D5 pushable_tasks: a task is on its rq's list exactly when its node says so
 * (plist_node_empty()), and every task on the list is a queued RT task of that rq, rq lock free.
 * <li>D6 p->prio: what rt_mutex_setprio() keeps it at, min(p->normal_prio, the prio of p's top
 * pi waiter). A chain walk updates the owners one step at a time, dropping the locks between
 * steps, so a difference is reported only when the same one is seen at two audits in a row. A
 * task set_user_nice() changed, or whose pi waiter it changed, is not judged until its prio is
 * next set (rt_mutex_setprio(), sched_setscheduler()): set_user_nice() does not
 * rt_mutex_adjust_pi(), so the kernel leaves such a difference until the next chain walk. Not
 * under proxytorture.lock_pi=1: the baseline's mutex_unlock() deboosts after its wakeup, where a
 * preemption can keep a low-weight unlocker boosted for many ms (rt_mutex_slowunlock() deboosts
 * before it, with preemption off; README, Simplifications).
 * </ul>
 */
final class DerivedStateChecker implements Checker {
    private final Checks checks;
    private final java.util.Set<String> reported = new java.util.LinkedHashSet<>();
    /** D6: per pid, prio * 1024 + the prio it should have, at the last audit; -1 if they agreed. */
    private long[] prioSeen = new long[0];
    /** D6: per pid, set_user_nice() left its prio unpropagated (it, or its pi waiter, reniced). */
    private boolean[] reniced = new boolean[0];

    @Override
    public void userNiceSet(long now, Task p) {
        mark(p);
        if (p.piBlockedOn != null && p.piBlockedOn.lock.owner() != null) mark(p.piBlockedOn.lock.owner());
    }

    /**
     * Its prio set by rt_mutex_setprio() or sched_setscheduler() (a renice's comes with userNiceSet, just before).
     * sched_setscheduler() (normal_prio moved) takes the boost from p->pi_top_task, which only
     * rt_mutex_setprio() sets: an owner that took its rt_mutex as the top waiter
     * (try_to_take_rt_mutex() queues the next waiter on its pi_waiters without rt_mutex_adjust_prio())
     * and is then set below that waiter stays there, as in the kernel, until its prio is set again.
     */
    @Override
    public void schedAttrChanged(long now, Task p) {
        boolean setscheduler = seeNormal(p);
        if (p.pid < reniced.length && !renicing) reniced[p.pid] = false;
        renicing = false;
        if (setscheduler && !checks.core.lockPi && p.prio != Pi.effectivePrio(p)) leaveAlone(p);
    }

    /** D6: per pid, normal_prio + 1 when last seen (an audit or an attribute change; 0: never). */
    private int[] normalSeen = new int[0];

    /** Records p's normal_prio; true if it moved since it was last seen (a sched_setscheduler() or renice). */
    private boolean seeNormal(Task p) {
        if (p.pid >= normalSeen.length) normalSeen = java.util.Arrays.copyOf(normalSeen, Math.max(p.pid + 1, normalSeen.length * 2));
        boolean moved = normalSeen[p.pid] != 0 && normalSeen[p.pid] != p.normalPrio + 1;
        normalSeen[p.pid] = p.normalPrio + 1;
        return moved;
    }

    private boolean renicing;

    private void mark(Task p) {
        leaveAlone(p);
        renicing = true;
    }

    /** D6 skips p until its prio is next set. */
    private void leaveAlone(Task p) {
        if (p.pid >= reniced.length) reniced = java.util.Arrays.copyOf(reniced, Math.max(p.pid + 1, reniced.length * 2));
        reniced[p.pid] = true;
    }

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
        org.proxytorture.kernel.sched.fair.FairBandwidth bw = checks.core.fair.bandwidth;
        return bw.model.pickAgainOnThrottle() ? org.proxytorture.kernel.sched.fair.FairBandwidth.throttledHierarchy(t.se.cfsRq) : t.throttled;
    }

    /** D1, D3, D4: a lock's waiters flag against its wait list, wait_lock free. */
    private final Lock.Visitor<Void> lockFlags = new Lock.Visitor<>() {
        @Override
        public Void mutex(Mutex m) {
            if (m.waitLock.heldAcross()) return null;
            boolean waiters = m.firstWaiter() != null;
            boolean flag = (m.flags() & Mutex.MUTEX_FLAG_WAITERS) != 0;
            if (flag != waiters)
                once("D1", m.name, m + ": MUTEX_FLAG_WAITERS " + (flag ? "set" : "clear") + " with " + m.waiters().size() + " waiters",
                        List.of(Checks.lockRole("lock", m)), List.of());
            if ((m.flags() & Mutex.MUTEX_FLAG_HANDOFF) != 0 && !waiters)
                once("D1", m.name + "/handoff", m + ": MUTEX_FLAG_HANDOFF set with no waiter", List.of(Checks.lockRole("lock", m)), List.of());
            return null;
        }

        @Override
        public Void rtMutex(RtMutex r) {
            if (r.waitLock.heldAcross()) return null;
            if (r.hasWaiters() && !r.hasWaitersBit())
                once("D4", r.name, r + ": RT_MUTEX_HAS_WAITERS clear with " + r.waiters().size() + " waiters (owner " + r.owner() + ")",
                        List.of(Checks.lockRole("lock", r)), List.of());
            return null;
        }

        @Override
        public Void rwSemaphore(RwSemaphore s) {
            if (s.waitLock.heldAcross()) return null;
            boolean waiters = s.firstWaiterTask() != null;
            boolean flag = (s.count & RwSemaphore.RWSEM_FLAG_WAITERS) != 0;
            if (flag != waiters)
                once("D3", s.name, s + ": RWSEM_FLAG_WAITERS " + (flag ? "set" : "clear") + " with wait list " + s.waiters(),
                        List.of(Checks.lockRole("lock", s)), List.of());
            return null;
        }

        /** No waiters flag: sem->waiters is a wait queue without one. */
        @Override
        public Void percpuRwSemaphore(PercpuRwSemaphore s) {
            return null;
        }

        /** No waiters flag: the MCS queue is the only waiter state. */
        @Override
        public Void spinLock(SpinLock l) {
            return null;
        }

        /** Not audited: _QW_WAITING is not checked against wait_lock's queue. */
        @Override
        public Void rwLock(RwLock l) {
            return null;
        }
    };

    @Override
    public void audit(long now) {
        for (Lock l : checks.seenLocks()) l.accept(lockFlags);
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
            for (Task p : rq.rtPushableTasks())
                if (!Rq.onPushableList(p) || p.onRq != TaskState.TASK_ON_RQ_QUEUED || p.cpu != rq.cpu || p.schedClass != checks.core.rt)
                    once("D5", "cpu" + rq.cpu + "/" + p.pid, "CPU " + rq.cpu + ": " + p + " is on pushable_tasks but " + (!Rq.onPushableList(p)
                            ? "its node says it is not" : "is not a queued RT task there (cpu " + p.cpu + ", on_rq " + p.onRq + ", class " + p.schedClass.name() + ")"),
                            List.of(Checks.role("task", p)), List.of(rq.cpu), p);
        }
        for (Task p : checks.core.tasks) {
            if (p == null || !Rq.onPushableList(p) || checks.core.rqs[p.cpu].lock.heldAcross()) continue;
            if (!checks.core.rqs[p.cpu].rtPushableTasks().contains(p))
                once("D5", "task" + p.pid, p + ": its pushable_tasks node says it is on CPU " + p.cpu + "'s list, which does not hold it",
                        List.of(Checks.role("task", p)), List.of(p.cpu), p);
        }
        if (!checks.core.lockPi) effectivePrio();
    }

    /** D6, for every task whose pi_lock is free. */
    private void effectivePrio() {
        var tasks = checks.core.tasks;
        if (prioSeen.length < tasks.size()) {
            int old = prioSeen.length;
            prioSeen = java.util.Arrays.copyOf(prioSeen, tasks.size());
            java.util.Arrays.fill(prioSeen, old, prioSeen.length, -1);
        }
        for (Task p : tasks) {
            // the stopper threads are not in it: their prio is set once at boot (sched_set_stop_task())
            if (p == null || p.isIdle || p.schedClass == checks.core.stopClass || p.piLock.heldAcross()) continue;
            if (p.pid < reniced.length && reniced[p.pid]) {
                prioSeen[p.pid] = -1;
                continue;
            }
            seeNormal(p);
            int should = Pi.effectivePrio(p);
            long seen = p.prio == should ? -1 : (long) p.prio * 1024 + should;
            if (seen >= 0 && seen == prioSeen[p.pid])
                once("D6", "task" + p.pid, p + ": prio " + p.prio + " but normal_prio " + p.normalPrio + " and its top pi waiter "
                        + (p.piWaiters.isEmpty() ? "none" : p.piWaiters.get(0).task + " (prio " + p.piWaiters.get(0).task.prio + ")")
                        + " make it " + should + " (rt_mutex_setprio() not called?)", List.of(Checks.role("task", p)), List.of(p.cpu), p);
            prioSeen[p.pid] = seen;
        }
    }
}
