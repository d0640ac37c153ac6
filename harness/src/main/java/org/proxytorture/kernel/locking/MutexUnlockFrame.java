package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * mutex_unlock() -> __mutex_unlock_slowpath():
 * <pre>
 * FAST       owner == current: release; else the cmpxchg loop (HANDOFF keeps ownership)
 * WAIT_LOCK  [wait_lock] next = first waiter; clear its blocked_on; __mutex_handoff() if asked;
 *            unlock wait_lock
 *              -- interleaving point: unlocked (or handed off), wakeup not yet sent --
 * WAKE       wake_up_q(): try_to_wake_up(next)
 * </pre>
 */
public final class MutexUnlockFrame extends KFrame {
    private static final int FAST = 0, WAIT_LOCK = 1, WAKE = 2, PI_DEBOOST = 3;
    private final Mutex lock;
    private int pc = FAST;
    private long ownerSeen;
    private Task next;

    public MutexUnlockFrame(Mutex lock) {
        this.lock = lock;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        switch (pc) {
            case FAST -> {
                cpu.cost(core.costs.atomic());
                core.trace.lockReleased(core.now(), cpu.id, p, lock);
                p.lockdepDepth--; // lock_release()
                if (core.lockPi) p.heldLocks.remove(lock);
                if (lock.wwCtx != null) { // __ww_mutex_unlock()
                    lock.wwCtx.acquired--;
                    lock.wwCtx = null;
                }
                long word = lock.owner;
                core.warnOnce(lock.ownerTask(word) != p, "mutex_unlock: not the owner (" + lock.name + ")");
                core.warnOnce((word & Mutex.MUTEX_FLAG_PICKUP) != 0, "mutex_unlock: MUTEX_FLAG_PICKUP set");
                if (word == Mutex.ownerWord(p, 0)) { // __mutex_unlock_fast()
                    lock.setOwner(0);
                    return wakeupsIssued(core, cpu, p);
                }
                ownerSeen = word;
                if (core.proxy.forceHandoff(p)) ownerSeen |= Mutex.MUTEX_FLAG_HANDOFF; // hand to blocked_donor
                if ((ownerSeen & Mutex.MUTEX_FLAG_HANDOFF) == 0) {
                    lock.setOwner(word & Mutex.MUTEX_FLAGS); // release, keep the flags
                    if ((word & Mutex.MUTEX_FLAG_WAITERS) == 0) return wakeupsIssued(core, cpu, p);
                }
                pc = WAIT_LOCK;
                return NEXT;
            }
            case WAIT_LOCK -> {
                if (!cpu.lock(lock.waitLock)) return SPIN;
                if (!core.proxy.lockForUnlock(cpu, lock, p)) return SPIN; // the generation's blocked_locks
                cpu.cost(core.costs.section());
                next = core.proxy.unlockNext(core, lock, p);
                if ((ownerSeen & Mutex.MUTEX_FLAG_HANDOFF) != 0) {
                    lock.handoff(p, next);
                    if (next != null) core.trace.proxy(core.now(), cpu.id, org.proxytorture.kernel.sched.ProxyEvent.HANDOFF, p, next);
                }
                if (next == null) return wakeupsIssued(core, cpu, p);
                p.preemptCount++; // raw_spin_unlock_irqrestore_wake(): wake_up_q() with preemption off
                pc = WAKE;
                return NEXT;
            }
            default -> {
                int r = core.tryToWakeUp(cpu, next, TaskState.TASK_NORMAL, 0);
                if (r == Core.SPIN) return SPIN;
                cpu.cost(core.costs.atomic());
                next = null;
                p.preemptCount--;
                return wakeupsIssued(core, cpu, p);
            }
            case PI_DEBOOST -> {
                if (Pi.adjustStep(cpu, p) == p) return SPIN;
                cpu.cost(core.costs.atomic());
                return DONE;
            }
        }
    }

    /** The release and its wakeup are done (the lost-wakeup checker's point: no one else owes the waiters one). */
    private int wakeupsIssued(Core core, Cpu cpu, Task p) {
        core.trace.lockWakeupsIssued(core.now(), cpu.id, p, lock);
        return deboost(core, p);
    }

    /** lock_pi: after the release, drop the priority the released lock's waiters lent us. */
    private int deboost(Core core, Task p) {
        if (!core.lockPi || Pi.effectivePrio(p) == p.prio) return DONE;
        pc = PI_DEBOOST;
        return NEXT;
    }

    @Override
    public String describe() {
        return "mutex_unlock(" + lock.name + ")";
    }
}
