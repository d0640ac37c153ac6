package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.WakeQ;

/**
 * down_write() -> __down_write_common(), TASK_UNINTERRUPTIBLE:
 * <pre>
 * FAST    preempt_disable(); rwsem_write_trylock(): cmpxchg count 0 -> RWSEM_WRITER_LOCKED
 * QUEUE   [wait_lock] rwsem_down_write_slowpath() (no optimistic spin): queue (FIFO); not
 *         first: rwsem_cond_wake_waiter(), and if it woke anyone drop wait_lock for wake_up_q();
 *         first: set RWSEM_FLAG_WAITERS; then as TRY
 * TRY     [wait_lock] set_current_state(); rwsem_try_write_lock(): take it, or set the handoff
 *         bit (RT, or waited past RWSEM_WAIT_TIMEOUT), else schedule() (off the runqueue)
 * </pre>
 * Simplified: the first waiter with handoff_set does not spin on the owner (rwsem_spin_on_owner())
 * before sleeping.
 */
public final class RwSemDownWriteFrame extends KFrame {
    private static final int FAST = 0, QUEUE = 1, WAKE = 2, TRY = 3;
    private final RwSemaphore sem;
    private int pc = FAST;
    private RwSemaphore.Waiter waiter;
    private final WakeQ wakeQ = new WakeQ();

    public RwSemDownWriteFrame(RwSemaphore sem) {
        this.sem = sem;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        switch (pc) {
            case FAST -> {
                cpu.cost(core.costs.atomic());
                p.preemptCount++;
                if (sem.count == 0) {
                    sem.count = RwSemaphore.RWSEM_WRITER_LOCKED;
                    sem.setOwner(p);
                    return acquired(core, cpu, p);
                }
                pc = QUEUE;
                return NEXT;
            }
            case QUEUE -> {
                if (!cpu.lock(sem.waitLock)) return SPIN;
                cpu.cost(core.costs.section());
                waiter = new RwSemaphore.Waiter(p, true, sem.waitTimeout());
                sem.waitList.add(waiter);
                sem.contentions++;
                core.trace.lockContended(core.now(), cpu.id, p, sem);
                if (sem.firstWaiter() != waiter) {
                    sem.condWakeWaiter(sem.count, wakeQ);
                    if (!wakeQ.isEmpty()) {
                        pc = WAKE;
                        return NEXT;
                    }
                } else {
                    sem.count |= RwSemaphore.RWSEM_FLAG_WAITERS;
                }
                core.trace.lockWakeupsIssued(core.now(), cpu.id, p, sem);
                return tryLock(core, cpu, p);
            }
            case WAKE -> {
                int r = wakeQ.wakeOne(cpu);
                if (r == SPIN) return SPIN;
                if (r == WakeQ.MORE) return NEXT;
                core.trace.lockWakeupsIssued(core.now(), cpu.id, p, sem); // then trylock_again
                pc = TRY;
                return NEXT;
            }
            default -> { // TRY: trylock_again: raw_spin_lock_irq(&sem->wait_lock)
                if (!cpu.lock(sem.waitLock)) return SPIN;
                cpu.cost(core.costs.section());
                return tryLock(core, cpu, p);
            }
        }
    }

    /** set_current_state(); rwsem_try_write_lock(), else raw_spin_unlock_irq() and schedule(). wait_lock held. */
    private int tryLock(Core core, Cpu cpu, Task p) {
        p.state = TaskState.TASK_UNINTERRUPTIBLE;
        if (sem.tryWriteLock(waiter)) {
            p.state = TaskState.TASK_RUNNING;
            return acquired(core, cpu, p);
        }
        pc = TRY;
        return SCHEDULE;
    }

    private int acquired(Core core, Cpu cpu, Task p) {
        p.preemptCount--;
        sem.acquisitions++;
        p.lockdepDepth++; // lock_acquired()
        core.trace.lockAcquired(core.now(), cpu.id, p, sem);
        return DONE;
    }

    @Override
    public String describe() {
        return "down_write(" + sem.name + ")";
    }
}
