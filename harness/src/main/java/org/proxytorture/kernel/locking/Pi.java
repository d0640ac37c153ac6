package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * The priority-inheritance baseline (proxytorture.lock_pi=1): mutexes behave like rt_mutexes for
 * priority: an owner runs at the best prio of the waiters of the locks it holds
 * (rt_mutex_adjust_prio_chain() / rt_mutex_setprio()). Only prio moves, never weight: fair waiters
 * cannot help a fair owner, which is what the baseline is there to show.
 */
public final class Pi {
    private Pi() { }

    /** The prio p should run at: its own, or the best waiter's of any lock it holds. */
    public static int effectivePrio(Task p) {
        return effectivePrio(p, null);
    }

    /**
     * The same, as if {@code without} were not among p's pi_waiters; for rt_mutexes this is
     * __rt_effective_prio(task_top_pi_waiter(p)->task, p->normal_prio).
     */
    static int effectivePrio(Task p, RtMutexWaiter without) {
        int prio = p.normalPrio;
        for (Mutex m : p.heldLocks) {
            for (MutexWaiter w = m.first; w != null; w = w.next) prio = Math.min(prio, w.task.prio);
        }
        for (RtMutexWaiter w : p.piWaiters) {
            if (w == without) continue;
            prio = Math.min(prio, w.task.prio); // the top pi waiter decides; the tree is sorted by a snapshot
            break;
        }
        return prio;
    }

    /**
     * rt_mutex_adjust_prio() -> rt_mutex_setprio(p, task_top_pi_waiter(p)->task): p->pi_lock and
     * p's rq lock held (the caller took them).
     */
    static void rtMutexAdjustPrio(Core core, Task p) {
        RtMutexWaiter top = RtMutex.topPiWaiter(p);
        p.piTopTask = top == null ? null : top.task;
        if (core.rtMutexSetprio(core.taskRq(p), p, effectivePrio(p))) core.coverage.hit("rt_mutex_setprio");
    }

    /** The owner of the mutex t is blocked on (where lock_pi's chain walk starts), or null. */
    public static Task blockedOnOwner(Task t) {
        Mutex m = t.blockedOn;
        return m == null || m == Mutex.PROXY_WAKING ? null : m.owner();
    }

    /**
     * One step of the chain walk: re-prioritize {@code t} under its pi_lock and rq lock. Returns
     * the next task of the chain (the owner of the lock t is blocked on) if t's prio changed,
     * null when the walk is done, or t itself when a lock was busy (try again).
     */
    public static Task adjustStep(Cpu cpu, Task t) {
        Core core = cpu.core();
        if (!cpu.lock(t.piLock)) return t;
        if (t.onRq == TaskState.TASK_ON_RQ_MIGRATING) return t;
        Rq rq = core.taskRq(t);
        if (!cpu.lock(rq.lock)) return t;
        cpu.cost(core.costs.section());
        if (!core.rtMutexSetprio(rq, t, effectivePrio(t))) return null;
        core.coverage.hit("pi_setprio");
        return blockedOnOwner(t);
    }
}
