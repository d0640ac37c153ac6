package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.WakeQ;

/**
 * up_read() / up_write():
 * <pre>
 * FAST    up_read: count -= RWSEM_READER_BIAS; the last reader with waiters queued calls
 *         rwsem_wake(). up_write: clear the owner, count -= RWSEM_WRITER_LOCKED; with waiters,
 *         rwsem_wake()
 * WAKE    [wait_lock] rwsem_mark_wake(RWSEM_WAKE_ANY)
 *           -- interleaving point: wait_lock dropped; wake_up_q() --
 * </pre>
 */
public final class RwSemUpFrame extends KFrame {
    private static final int FAST = 0, MARK = 1, WAKE = 2;
    private final RwSemaphore sem;
    private final boolean write;
    private int pc = FAST;
    private final WakeQ wakeQ = new WakeQ();

    public RwSemUpFrame(RwSemaphore sem, boolean write) {
        this.sem = sem;
        this.write = write;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        switch (pc) {
            case FAST -> {
                cpu.cost(core.costs.atomic());
                p.lockdepDepth--; // lock_release()
                core.trace.lockReleased(core.now(), cpu.id, p, sem);
                boolean wake;
                if (write) {
                    core.warnOnce(sem.owner != p || sem.readerOwned, "DEBUG_RWSEMS_WARN_ON((rwsem_owner(sem) != current)): up_write of " + sem.name);
                    sem.owner = null; // rwsem_clear_owner()
                    sem.readerOwned = false;
                    long tmp = sem.count;
                    sem.count -= RwSemaphore.RWSEM_WRITER_LOCKED;
                    wake = (tmp & RwSemaphore.RWSEM_FLAG_WAITERS) != 0;
                } else {
                    sem.count -= RwSemaphore.RWSEM_READER_BIAS;
                    long tmp = sem.count;
                    core.warnOnce(tmp < 0, "DEBUG_RWSEMS_WARN_ON(tmp < 0): up_read of " + sem.name);
                    wake = (tmp & (RwSemaphore.RWSEM_LOCK_MASK | RwSemaphore.RWSEM_FLAG_WAITERS)) == RwSemaphore.RWSEM_FLAG_WAITERS;
                }
                if (!wake) return done(core, cpu, p);
                p.preemptCount++; // preempt_disable() around rwsem_wake()
                pc = MARK;
                return NEXT;
            }
            case MARK -> { // rwsem_wake()
                if (!cpu.lock(sem.waitLock)) return SPIN;
                cpu.cost(core.costs.section());
                if (!sem.waitList.isEmpty()) sem.markWake(RwSemaphore.WakeType.RWSEM_WAKE_ANY, wakeQ);
                pc = WAKE;
                return NEXT;
            }
            default -> {
                int r = wakeQ.wakeOne(cpu);
                if (r == SPIN) return SPIN;
                if (r == WakeQ.MORE) return NEXT;
                p.preemptCount--;
                return done(core, cpu, p);
            }
        }
    }

    /** preempt_enable(): up_read()/up_write() return, every wakeup they owe issued. */
    private int done(Core core, Cpu cpu, Task p) {
        core.trace.lockWakeupsIssued(core.now(), cpu.id, p, sem);
        return DONE;
    }

    @Override
    public String describe() {
        return (write ? "up_write(" : "up_read(") + sem.name + ")"; // coverage: not model (describe() text)
    }
}
