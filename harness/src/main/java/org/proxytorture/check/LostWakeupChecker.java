package org.proxytorture.check;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.locking.PercpuRwSemaphore;
import org.proxytorture.kernel.locking.RtMutex;
import org.proxytorture.kernel.locking.RtMutexWaiter;
import org.proxytorture.kernel.locking.RwSemaphore;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * Lost wakeups (INV-P8), an exact oracle: a task asleep off the runqueue whose wake condition
 * already holds, with no wakeup in flight, for a whole audit interval. The wake conditions:
 * <ul>
 * <li>mutex: the first waiter of a free lock, or the waiter it was handed to (PICKUP);</li>
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
 * Plus the liveness end phase: tasks that never finished after the workload stopped.
 */
final class LostWakeupChecker implements Checker {
    private final Checks checks;
    private final Core core;
    /** The tasks found at the last audit, and their context-switch counts then. */
    private final List<Task> suspects = new ArrayList<>();
    private final List<Long> suspectSwitches = new ArrayList<>();
    /** Per pid, the rw_semaphore / percpu_rw_semaphore it waits for: lock_contended seen, lock_acquired not yet. */
    private Object[] waitingFor = new Object[0];

    LostWakeupChecker(Checks checks) {
        this.checks = checks;
        this.core = checks.core;
    }

    @Override
    public String name() {
        return "lost-wakeup";
    }

    @Override
    public void lockContended(long now, int cpu, Task p, Object lock) {
        if (!RwHolders.tracked(lock)) return;
        if (p.pid >= waitingFor.length) waitingFor = java.util.Arrays.copyOf(waitingFor, Math.max(p.pid + 1, 2 * waitingFor.length));
        waitingFor[p.pid] = lock;
    }

    @Override
    public void lockAcquired(long now, int cpu, Task p, Object lock) {
        if (p.pid < waitingFor.length && waitingFor[p.pid] == lock) waitingFor[p.pid] = null;
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
        for (Object l : checks.seenLocks()) {
            if (l instanceof Mutex m) mutex(m, found, why);
            else if (l instanceof RtMutex r) rtMutex(r, found, why);
            else if (l instanceof RwSemaphore s) rwsem(s, found, why);
            else if (l instanceof PercpuRwSemaphore s) percpuDrain(s, found, why);
        }
        for (int pid = 0; pid < waitingFor.length; pid++) {
            Object l = waitingFor[pid];
            if (l == null) continue;
            Task t = core.tasks.get(pid);
            if (l instanceof RwSemaphore s && !s.waitLock.heldAcross() && !s.isWaiting(t) && asleep(t)) {
                found.add(t);
                why.add(t + " sleeps though rwsem_mark_wake() granted it " + s + " for read");
            } else if (l instanceof PercpuRwSemaphore s && !s.waitersLock.heldAcross() && !s.isWaiting(t) && s.rcuwaitWriter() != t && asleep(t)) {
                found.add(t);
                why.add(t + " sleeps though percpu_rwsem_wake_function() took " + s + " for it");
            }
        }
        for (Task t : core.tasks) {
            if (t == null || t.blockedOwner == null) continue;
            if (t.blockedOwner.onRq == TaskState.TASK_ON_RQ_QUEUED && asleep(t)) {
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

    private void mutex(Mutex m, List<Task> found, List<String> why) {
        if (m.waitLock.heldAcross()) return;
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

    private void rtMutex(RtMutex r, List<Task> found, List<String> why) {
        if (r.waitLock.heldAcross()) return;
        RtMutexWaiter top = r.topWaiter();
        if (top != null && r.owner() == null && asleep(top.task)) {
            found.add(top.task);
            why.add(top.task + " sleeps as the top waiter of " + r + ", which is free");
        }
    }

    private void rwsem(RwSemaphore s, List<Task> found, List<String> why) {
        if (s.waitLock.heldAcross()) return;
        Task first = s.firstWaiterTask();
        if (first != null && (s.count & RwSemaphore.RWSEM_LOCK_MASK) == 0 && asleep(first)) {
            found.add(first);
            why.add(first + " sleeps as the first waiter of " + s + ", which no writer or reader holds");
        }
    }

    private void percpuDrain(PercpuRwSemaphore s, List<Task> found, List<String> why) {
        Task w = s.rcuwaitWriter();
        if (w != null && s.readSum() == 0 && asleep(w)) {
            found.add(w);
            why.add(w + " sleeps in percpu_down_write() on " + s + " though its readers have drained");
        }
    }

    /** The liveness end phase: these tasks did not finish within the bound after the workload stopped. */
    void neverFinished(List<Task> tasks, long boundNs) {
        for (Task t : tasks)
            checks.report(this, "liveness", t + " never woke to finish within " + boundNs / 1_000_000 + " ms after the test stopped (state "
                    + TaskState.letter(t.state) + ", blocked on " + t.blockedOn + ")", List.of(Checks.role("task", t)), List.of(t.cpu), t);
    }
}
