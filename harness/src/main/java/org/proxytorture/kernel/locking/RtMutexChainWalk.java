package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * rt_mutex_adjust_prio_chain() without deadlock detection (RT_MUTEX_MIN_CHAINWALK, as for
 * rt_mutex_lock() without CONFIG_DEBUG_RT_MUTEXES). One section per link: under task->pi_lock,
 * lock->wait_lock (trylock: busy means retry), the lock owner's pi_lock and its rq lock:
 * <pre>
 * [1-6]   waiter = task->pi_blocked_on; stop if gone, if the chain changed under us, or if the
 *         waiter's prio already equals the task's; -EDEADLK back at orig_lock or top_task, or
 *         past max_lock_depth
 * [7]     requeue the waiter in lock->waiters with the task's new prio
 * [9]     no owner: wake the (new) top waiter and stop
 * [10-12] requeue the lock's top waiter in the owner's pi_waiters; rt_mutex_adjust_prio(owner)
 * [13]    go on with the owner if it is blocked and our waiter is the lock's top waiter
 *           -- interleaving point: every lock dropped between two links --
 * </pre>
 */
public final class RtMutexChainWalk {
    /** step() results besides KFrame.SPIN: another link follows, the walk is over, or it ended in -EDEADLK. */
    public static final int MORE = 100, DONE = 101, DEADLOCK = 102;
    /** max_lock_depth */
    static final int MAX_LOCK_DEPTH = 1024;

    private Task task;
    private final RtMutex origLock;
    private RtMutex nextLock;
    private final RtMutexWaiter origWaiter;
    private final Task topTask;
    /** current: the task running the walk (topTask, except for rt_mutex_adjust_pi() from another task). */
    private final Task curr;
    private RtMutexWaiter topWaiter;
    private int depth;
    /** [9]: a task to wake in a section of its own, after the walk's locks are dropped. */
    private Task wake;

    /** rt_mutex_adjust_prio_chain(task, chwalk, orig_lock, next_lock, orig_waiter, top_task) */
    public RtMutexChainWalk(Task task, RtMutex origLock, RtMutex nextLock, RtMutexWaiter origWaiter, Task topTask) {
        this(task, origLock, nextLock, origWaiter, topTask, topTask);
    }

    private RtMutexChainWalk(Task task, RtMutex origLock, RtMutex nextLock, RtMutexWaiter origWaiter, Task topTask, Task curr) {
        this.curr = curr;
        this.task = task;
        this.origLock = origLock;
        this.nextLock = nextLock;
        this.origWaiter = origWaiter;
        this.topTask = topTask;
        this.topWaiter = origWaiter;
    }

    public int step(Cpu cpu) {
        Core core = cpu.core();
        if (wake != null) {
            // simplified: the kernel calls wake_up_state() with wait_lock still held
            if (core.tryToWakeUp(cpu, wake, TaskState.TASK_NORMAL, 0) == Core.SPIN) return KFrame.SPIN;
            cpu.cost(core.costs.atomic());
            wake = null;
            curr.preemptCount--;
            return DONE;
        }
        if (++depth > MAX_LOCK_DEPTH) {
            // printk(KERN_WARNING ...) once per max_lock_depth value (static prev_max; one value here), not a WARN
            if (!core.maxLockDepthReported) {
                core.maxLockDepthReported = true;
                core.trace.printk(core.now(), cpu.id, "Maximum lock depth " + MAX_LOCK_DEPTH + " reached task: " + topTask.comm + " (" + topTask.pid + ")");
            }
            return DEADLOCK;
        }
        if (!cpu.lock(task.piLock)) return spin();
        RtMutexWaiter waiter = task.piBlockedOn;
        if (waiter == null) return done(cpu, core);
        if (origWaiter != null && origLock.owner == null) return done(cpu, core);
        if (nextLock != waiter.lock) return done(cpu, core);
        if (topWaiter != null && (task.piWaiters.isEmpty() || topWaiter != RtMutex.topPiWaiter(task))) return done(cpu, core);
        if (waiter.prio == task.prio) return done(cpu, core); // rt_waiter_node_equal(): nothing to requeue
        RtMutex lock = waiter.lock;
        if (!cpu.trylock(lock.waitLock)) return spin(); // raw_spin_trylock() failed: retry
        Task owner = lock.owner;
        if (owner != null && owner != task) {
            if (!cpu.lock(owner.piLock)) return spin();
            if (owner.onRq == TaskState.TASK_ON_RQ_MIGRATING) return spin();
            if (!cpu.lock(core.taskRq(owner).lock)) return spin();
        }
        cpu.cost(core.costs.section());
        if (lock == origLock || owner == topTask) return DEADLOCK; // [6] the deadlock check, always done: ret = -EDEADLK
        // [7] requeue the waiter with the task's prio
        RtMutexWaiter prerequeueTop = lock.topWaiter();
        lock.dequeue(waiter);
        waiter.prio = task.prio; // waiter_update_prio()
        lock.enqueue(waiter);
        // [8] task->pi_lock dropped
        if (owner == null) { // [9]
            RtMutexWaiter top = lock.topWaiter();
            if (prerequeueTop != top) {
                wake = top.task;
                curr.preemptCount++; // with IRQs off under wait_lock in the kernel: no preemption before the wakeup
                return MORE;
            }
            return DONE;
        }
        // [10]-[12]
        task = owner;
        if (waiter == lock.topWaiter()) {
            RtMutex.dequeuePi(task, prerequeueTop);
            waiter.piPrio = waiter.prio; // waiter_clone_prio()
            RtMutex.enqueuePi(task, waiter);
            Pi.rtMutexAdjustPrio(core, task);
        } else if (prerequeueTop == waiter) {
            RtMutex.dequeuePi(task, waiter);
            waiter = lock.topWaiter();
            waiter.piPrio = waiter.prio;
            RtMutex.enqueuePi(task, waiter);
            Pi.rtMutexAdjustPrio(core, task);
        }
        core.coverage.hit("rt_mutex_adjust_prio_chain");
        // [13]
        nextLock = RtMutex.blockedOnLock(task);
        topWaiter = lock.topWaiter();
        if (nextLock == null || waiter != topWaiter) return DONE;
        return MORE;
    }

    /**
     * rt_mutex_adjust_pi(task), called by __sched_setscheduler() from {@code curr} after task_rq_unlock():
     * if task sleeps on an rt_mutex with a waiter prio that is no longer its own, the walk that
     * requeues it (orig_lock and orig_waiter NULL, top_task the task itself); else null.
     * task->pi_lock held.
     */
    public static RtMutexChainWalk adjustPi(Task task, Task curr) {
        RtMutexWaiter waiter = task.piBlockedOn;
        if (waiter == null || waiter.prio == task.prio) return null; // rt_waiter_node_equal()
        return new RtMutexChainWalk(task, null, waiter.lock, null, task, curr);
    }

    private int spin() {
        depth--;
        return KFrame.SPIN;
    }

    private int done(Cpu cpu, Core core) {
        cpu.cost(core.costs.atomic());
        return DONE;
    }
}
