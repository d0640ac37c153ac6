package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * rt_mutex_unlock() -> __rt_mutex_unlock() -> rt_mutex_slowunlock():
 * <pre>
 * FAST   rt_mutex_cmpxchg_release(lock, current, NULL): only without the waiters bit
 * SLOW   [wait_lock, current->pi_lock (+ this rq lock if we are deboosted)] no waiters:
 *        unlock_rt_mutex_safe(); else mark_wakeup_next_waiter(): take the top waiter out of
 *        our pi_waiters, rt_mutex_adjust_prio(current) (the deboost, before the wakeup),
 *        owner = RT_MUTEX_HAS_WAITERS (the lock is free; the woken waiter, or a stealer of
 *        higher prio, takes it), preempt_disable()
 *          -- interleaving point: wait_lock dropped, wakeup not yet sent --
 * WAKE   rt_mutex_wake_up_q(): wake_up_q(); preempt_enable()
 * </pre>
 */
public final class RtMutexUnlockFrame extends KFrame {
    private static final int FAST = 0, SLOW = 1, WAKE = 2;
    private final RtMutex lock;
    private int pc = FAST;
    private Task next;

    public RtMutexUnlockFrame(RtMutex lock) {
        this.lock = lock;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        switch (pc) {
            case FAST -> {
                cpu.cost(core.costs.atomic());
                core.warnOnce(lock.owner != p, "rt_mutex_unlock: " + p.comm + " does not own " + lock.name);
                p.lockdepDepth--; // lock_release()
                core.trace.lockReleased(core.now(), cpu.id, p, lock);
                if (lock.owner == p && !lock.hasWaitersBit) {
                    lock.owner = null;
                    return DONE;
                }
                pc = SLOW;
                return NEXT;
            }
            case SLOW -> {
                if (!cpu.lock(lock.waitLock) || !cpu.lock(p.piLock)) return SPIN;
                RtMutexWaiter top = lock.topWaiter();
                if (top != null && Pi.effectivePrio(p, top) != p.prio) {
                    if (p.onRq == TaskState.TASK_ON_RQ_MIGRATING) return SPIN;
                    if (!cpu.lock(core.taskRq(p).lock)) return SPIN;
                }
                cpu.cost(core.costs.section());
                if (top == null) { // unlock_rt_mutex_safe(): clear_rt_mutex_waiters(); cmpxchg owner -> NULL
                    lock.hasWaitersBit = false;
                    lock.owner = null;
                    return DONE;
                }
                // mark_wakeup_next_waiter()
                RtMutex.dequeuePi(p, top);
                // S09 (inject): no rt_mutex_adjust_prio(current) after the top waiter leaves our pi_waiters: the boost outlives the lock
                if (!core.faults.s09) Pi.rtMutexAdjustPrio(core, p);
                lock.owner = null; // lock->owner = (void *) RT_MUTEX_HAS_WAITERS
                // S08 (inject): the unlock with waiters stores owner = NULL, dropping RT_MUTEX_HAS_WAITERS, so a fast-path cmpxchg can take it
                lock.hasWaitersBit = !core.faults.s08;
                p.preemptCount++; // preempt_disable(): no preemption by the waiter before it is woken
                next = top.task;
                pc = WAKE;
                return NEXT;
            }
            default -> { // WAKE
                if (core.tryToWakeUp(cpu, next, TaskState.TASK_NORMAL, 0) == Core.SPIN) return SPIN;
                cpu.cost(core.costs.atomic());
                next = null;
                p.preemptCount--;
                return DONE;
            }
        }
    }

    @Override
    public String describe() {
        return "rt_mutex_unlock(" + lock.name + ")";
    }
}
