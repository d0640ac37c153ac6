package org.proxytorture.check;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.locking.PercpuRwSemaphore;
import org.proxytorture.kernel.locking.RtMutex;
import org.proxytorture.kernel.locking.RtMutexWaiter;
import org.proxytorture.kernel.locking.RwLock;
import org.proxytorture.kernel.locking.RwSemaphore;
import org.proxytorture.kernel.locking.SpinLock;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * Lost wakeups (INV-P8), an exact oracle: a task asleep off the runqueue whose wake condition
 * already holds, with no wakeup in flight, for a whole audit interval. The wake conditions:
 * <ul>
 * <li>mutex: the first waiter of a free lock that no task owes a wakeup (__mutex_unlock_slowpath()
 * releases the lock before it takes wait_lock, preemptible in between: an unlocker preempted there
 * is late, not lost), or the waiter it was handed to (PICKUP: wake_up_q() runs with preemption off);</li>
 * <li>rt_mutex: the top waiter of a free lock (rt_mutex_slowunlock() leaves it free with
 * RT_MUTEX_HAS_WAITERS and wakes the top waiter, which takes it itself);</li>
 * <li>rw_semaphore: the first waiter of a lock no writer or reader holds; a reader that
 * rwsem_mark_wake() granted the lock (off the queue, its lock_acquired still to come);</li>
 * <li>percpu_rw_semaphore: a waiter percpu_rwsem_wake_function() took the lock for; the writer
 * draining readers in rcuwait when the per-CPU sum is zero;</li>
 * <li>proxy: a donor parked on an owner that runs again;</li>
 * <li>CPU hotplug: the control task in balance_hotplug_wait() for a CPU that is vacated (balance_push()
 * should have woken it);</li>
 * <li>timers: a sleeper whose hrtimer is queued on an offline CPU (hrtimers_cpu_dying() should have
 * moved it to an online one).</li>
 * </ul>
 * The first waiter of a free mutex or rwsem also at once, without the audit interval
 * ({@link Stranded}): asleep when no task owes the lock's waiters a wakeup.
 * Plus the liveness end phase: tasks that never finished after the workload stopped.
 */
final class LostWakeupChecker implements Checker {
    private final Checks checks;
    private final Core core;
    /** The tasks found at the last audit, and their context-switch counts then. */
    private final List<Task> suspects = new ArrayList<>();
    private final List<Long> suspectSwitches = new ArrayList<>();
    /** Per pid, the rw_semaphore / percpu_rw_semaphore it waits for: lock_contended seen, lock_acquired not yet. */
    private Lock[] waitingFor = new Lock[0];
    /**
     * Per pid, the lock whose waiters it may still owe a wakeup: its lock_release, or its
     * lock_contended (it queued), seen, and its lockWakeupsIssued not yet. Set for every kind; only
     * the kinds that trace lockWakeupsIssued (rw_semaphore) clear it, and only they are looked up.
     */
    private Lock[] owes = new Lock[0];
    private final Stranded stranded = new Stranded();

    LostWakeupChecker(Checks checks) {
        this.checks = checks;
        this.core = checks.core;
    }

    @Override
    public String name() {
        return "lost-wakeup";
    }

    @Override
    public void lockContended(long now, int cpu, Task p, Lock lock) {
        owe(p, lock);
        if (!RwHolders.tracked(lock)) return;
        if (p.pid >= waitingFor.length) waitingFor = java.util.Arrays.copyOf(waitingFor, Math.max(p.pid + 1, 2 * waitingFor.length));
        waitingFor[p.pid] = lock;
    }

    @Override
    public void lockAcquired(long now, int cpu, Task p, Lock lock) {
        if (p.pid < waitingFor.length && waitingFor[p.pid] == lock) waitingFor[p.pid] = null;
    }

    @Override
    public void lockReleased(long now, int cpu, Task p, Lock lock) {
        owe(p, lock);
    }

    private void owe(Task p, Lock lock) {
        if (p.pid >= owes.length) owes = java.util.Arrays.copyOf(owes, Math.max(p.pid + 1, 2 * owes.length));
        owes[p.pid] = lock;
    }

    /** p's part is done: if lock is left free with its first waiter asleep, no one else will wake it. */
    @Override
    public void lockWakeupsIssued(long now, int cpu, Task p, Lock lock) {
        if (p.pid < owes.length && owes[p.pid] == lock) owes[p.pid] = null;
        lock.accept(stranded);
    }

    /** A waiter of a mutex or a sleeping reader/writer lock goes to sleep: it may be the first waiter of a free lock. */
    @Override
    public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
        if (prevState == TaskState.TASK_RUNNING) return;
        Mutex m = prev.blockedOn;
        if (m != null && m != Mutex.PROXY_WAKING) m.accept(stranded);
        if (prev.pid >= waitingFor.length) return;
        Lock l = waitingFor[prev.pid];
        if (l != null) l.accept(stranded);
    }

    /** Whether some task may still owe lock's waiters a wakeup. */
    private boolean owed(Lock lock) {
        for (Lock l : owes) if (l == lock) return true;
        return false;
    }

    /**
     * Asleep for good unless someone wakes it: not running and not being woken (TASK_WAKING, a
     * wake list), dequeued or left queued only as sched_delayed (a pick dequeues it without running
     * it). Unlike {@link #asleep}, a task still in the __schedule() that switches it out counts: it
     * is off the runqueue, and only a try_to_wake_up() brings it back.
     */
    private boolean sleeping(Task t) {
        if (t.state == TaskState.TASK_RUNNING || (t.state & TaskState.TASK_WAKING) != 0) return false;
        if (t.onRq != 0 && !t.se.schedDelayed) return false;
        for (Rq rq : core.rqs) if (rq.onWakeList(t)) return false;
        return true;
    }

    private boolean asleep(Task t) {
        if (t.onRq != 0 || t.state == TaskState.TASK_RUNNING || (t.state & TaskState.TASK_WAKING) != 0 || t.onCpu.latest() != 0) return false;
        for (Rq rq : core.rqs) if (rq.onWakeList(t)) return false;
        return true;
    }

    @Override
    public void audit(long now) {
        List<Task> found = new ArrayList<>();
        List<String> why = new ArrayList<>();
        WakeCondition freeLock = new WakeCondition(found, why);
        for (Lock l : checks.seenLocks()) {
            l.accept(freeLock);
            l.accept(stranded);
        }
        for (int pid = 0; pid < waitingFor.length; pid++) {
            Lock l = waitingFor[pid];
            if (l != null) l.accept(new Granted(core.tasks.get(pid), found, why));
        }
        for (Task t : core.tasks) {
            if (t == null || t.blockedOwner == null) continue;
            // running again: queued and not sched_delayed (a delayed owner is still asleep, as find_proxy_task() says)
            Task owner = t.blockedOwner;
            if (owner.onRq == TaskState.TASK_ON_RQ_QUEUED && !owner.se.schedDelayed && asleep(t)) {
                found.add(t);
                why.add(t + " stays parked on " + t.blockedOwner + ", which is running again");
            }
        }
        for (Task t : core.tasks) { // hrtimers_cpu_dying() moves a dying CPU's timers to an online one
            if (t != null && t.sleepTimer != null && t.sleepTimer.armed() && !core.hotplug.cpuOnline(t.sleepTimerCpu) && asleep(t)) {
                found.add(t);
                why.add(t + " sleeps on a timer queued on CPU " + t.sleepTimerCpu + ", which is offline: no tick runs it");
            }
        }
        for (int c = 0; c < core.rqs.length; c++) {
            Task w = core.hotplug.hotplugWaitTask(c);
            if (w != null && core.hotplug.vacated(core.rqs[c]) && asleep(w)) {
                found.add(w);
                why.add(w + " sleeps in balance_hotplug_wait() though CPU " + c + " is vacated");
            }
        }
        for (int i = 0; i < found.size(); i++) {
            Task t = found.get(i);
            int j = suspects.indexOf(t);
            // the same condition one audit ago, and t never ran in between: no wakeup came (two
            // short windows, say an unlock between freeing the lock and its wakeup, at two audits
            // with a wakeup between them, are not a lost wakeup)
            if (j < 0 || suspectSwitches.get(j) != switches(t)) continue;
            checks.report(this, "INV-P8", why.get(i) + ", with no wakeup pending for " + checks.config.auditIntervalNs() / 1000 + " us",
                    List.of(Checks.role("task", t)), List.of(t.cpu), t);
        }
        suspects.clear();
        suspectSwitches.clear();
        for (Task t : found) {
            suspects.add(t);
            suspectSwitches.add(switches(t));
        }
    }

    private static long switches(Task t) {
        return t.nvcsw + t.nivcsw;
    }

    /** The wake condition of each lock's waiters, per lock kind: the waiter that should be awake is added to found. */
    private final class WakeCondition implements Lock.Visitor<Void> {
        private final List<Task> found;
        private final List<String> why;

        WakeCondition(List<Task> found, List<String> why) {
            this.found = found;
            this.why = why;
        }

        @Override
        public Void mutex(Mutex m) {
            if (m.waitLock.heldAcross()) return null;
            Task first = m.firstWaiter();
            Task owner = m.owner();
            if (first != null && owner == null && asleep(first) && !owed(m)) {
                found.add(first);
                why.add(first + " sleeps as the first waiter of " + m + ", which is free");
            } else if (owner != null && (m.flags() & Mutex.MUTEX_FLAG_PICKUP) != 0 && asleep(owner)) {
                found.add(owner);
                why.add(owner + " sleeps though " + m + " was handed to it");
            }
            return null;
        }

        @Override
        public Void rtMutex(RtMutex r) {
            if (r.waitLock.heldAcross()) return null;
            RtMutexWaiter top = r.topWaiter();
            if (top != null && r.owner() == null && asleep(top.task)) {
                found.add(top.task);
                why.add(top.task + " sleeps as the top waiter of " + r + ", which is free");
            }
            return null;
        }

        @Override
        public Void rwSemaphore(RwSemaphore s) {
            if (s.waitLock.heldAcross()) return null;
            Task first = s.firstWaiterTask();
            if (first != null && (s.count & RwSemaphore.RWSEM_LOCK_MASK) == 0 && asleep(first)) {
                found.add(first);
                why.add(first + " sleeps as the first waiter of " + s + ", which no writer or reader holds");
            }
            return null;
        }

        /** The writer draining readers in rcuwait (a waiter on sem->waiters is {@link Granted}'s). */
        @Override
        public Void percpuRwSemaphore(PercpuRwSemaphore s) {
            Task w = s.rcuwaitWriter();
            if (w != null && s.readSum() == 0 && asleep(w)) {
                found.add(w);
                why.add(w + " sleeps in percpu_down_write() on " + s + " though its readers have drained");
            }
            return null;
        }

        /** Its waiters spin, never asleep. */
        @Override
        public Void spinLock(SpinLock l) {
            return null;
        }

        /** Its waiters spin, never asleep. */
        @Override
        public Void rwLock(RwLock l) {
            return null;
        }
    }

    /**
     * A first waiter stranded on a free lock, reported the moment it is so (at the end of an
     * unlock's or a slow path's wakeups, at a waiter's switch-out, at audits) rather than one
     * audit interval later, when another locker has usually woken the queue already.
     */
    private final class Stranded implements Lock.Visitor<Void> {
        /**
         * The rwsem is free (no writer, no reader bias; wait_lock not held across sections), its
         * first waiter sleeps, and no task owes its waiters a wakeup. rwsem.c never leaves this:
         * the count only becomes free in up_read()/up_write() (whose rwsem_wake() then wakes the
         * first waiter, or grants the queued readers) or when a queueing reader drops its bias
         * (whose rwsem_cond_wake_waiter() does the same), and each owes from its lock_release or
         * lock_contended until its lockWakeupsIssued; a writer goes to sleep only when
         * rwsem_try_write_lock() found the lock held or handed off to another waiter, and a reader
         * only after its own queueing, or again after a wakeup that did not grant it the lock.
         */
        @Override
        public Void rwSemaphore(RwSemaphore s) {
            if (s.waitLock.heldAcross() || (s.count & RwSemaphore.RWSEM_LOCK_MASK) != 0) return null;
            Task first = s.firstWaiterTask();
            if (first == null || !sleeping(first) || owed(s)) return null;
            checks.report(LostWakeupChecker.this, "INV-P8", first + " sleeps as the first waiter of " + s
                    + ", which no writer or reader holds, and no up_read()/up_write() or queueing waiter is left to wake it (count 0x"
                    + Long.toHexString(s.count) + ", waiters " + s.waiters() + ")", List.of(Checks.role("task", first)), List.of(first.cpu), first);
            return null;
        }

        /**
         * The mutex is free (no owner, so no handoff pending either; wait_lock not held across
         * sections), its first waiter sleeps, and no task owes its waiters a wakeup. mutex.c never
         * leaves this: an owner's unlock either finds MUTEX_FLAG_WAITERS and wakes the first
         * waiter (it owes from its lock_release until its lockWakeupsIssued), or finds none and
         * the waiter that queues afterwards sees the free lock in its trylock after
         * set_current_state() (it owes from its lock_contended to the end of that section). With
         * proxy execution the waiter stays queued as a donor (not asleep here) until the pick finds
         * the mutex ownerless: 6.17 runs it, 7.1 return-migrates it, and the 2026 generation
         * deactivates it unless it is rq->curr, counting on the unlocker's wakeup (then asleep here).
         */
        @Override
        public Void mutex(Mutex m) {
            if (m.waitLock.heldAcross() || m.owner() != null) return null;
            Task first = m.firstWaiter();
            if (first == null || !sleeping(first) || owed(m)) return null;
            checks.report(LostWakeupChecker.this, "INV-P8", first + " sleeps as the first waiter of " + m
                    + ", which is free, and no mutex_unlock() or queueing waiter is left to wake it (owner word 0x"
                    + Long.toHexString(m.flags()) + ", waiters " + m.waiters() + ")", List.of(Checks.role("task", first)), List.of(first.cpu), first);
            return null;
        }

        /** Its unlock does not trace lockWakeupsIssued: the audit rule ({@link WakeCondition}) only. */
        @Override
        public Void rtMutex(RtMutex r) {
            return null;
        }

        /** Its paths do not trace lockWakeupsIssued: the audit rules only. */
        @Override
        public Void percpuRwSemaphore(PercpuRwSemaphore s) {
            return null;
        }

        /** Its waiters spin, never asleep. */
        @Override
        public Void spinLock(SpinLock l) {
            return null;
        }

        /** Its waiters spin, never asleep. */
        @Override
        public Void rwLock(RwLock l) {
            return null;
        }
    }

    /**
     * A task that waits for a sleeping reader/writer lock (lock_contended seen, lock_acquired not
     * yet), off its wait list: the waker took the lock for it, so it should be awake.
     */
    private final class Granted implements Lock.Visitor<Void> {
        private final Task t;
        private final List<Task> found;
        private final List<String> why;

        Granted(Task t, List<Task> found, List<String> why) {
            this.t = t;
            this.found = found;
            this.why = why;
        }

        private void add(String reason) {
            found.add(t);
            why.add(reason);
        }

        /** Not tracked ({@link RwHolders#tracked}): its wait list shows the waiter. */
        @Override
        public Void mutex(Mutex m) {
            return null;
        }

        /** Not tracked ({@link RwHolders#tracked}): its wait list shows the waiter. */
        @Override
        public Void rtMutex(RtMutex r) {
            return null;
        }

        @Override
        public Void rwSemaphore(RwSemaphore s) {
            if (!s.waitLock.heldAcross() && !s.isWaiting(t) && asleep(t)) add(t + " sleeps though rwsem_mark_wake() granted it " + s + " for read");
            return null;
        }

        @Override
        public Void percpuRwSemaphore(PercpuRwSemaphore s) {
            if (!s.waitersLock.heldAcross() && !s.isWaiting(t) && s.rcuwaitWriter() != t && asleep(t))
                add(t + " sleeps though percpu_rwsem_wake_function() took " + s + " for it");
            return null;
        }

        /** Not tracked: its waiters spin. */
        @Override
        public Void spinLock(SpinLock l) {
            return null;
        }

        /** Not tracked: its waiters spin. */
        @Override
        public Void rwLock(RwLock l) {
            return null;
        }
    }

    /** The liveness end phase: these tasks did not finish within the bound after the workload stopped. */
    void neverFinished(List<Task> tasks, long boundNs) {
        for (Task t : tasks)
            checks.report(this, "liveness", t + " never woke to finish within " + boundNs / 1_000_000 + " ms after the test stopped (state "
                    + TaskState.letter(t.state) + ", blocked on " + t.blockedOn + ")", List.of(Checks.role("task", t)), List.of(t.cpu), t);
    }
}
