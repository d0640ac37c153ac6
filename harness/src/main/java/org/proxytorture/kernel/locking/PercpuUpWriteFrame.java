package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.WakeQ;

/**
 * percpu_up_write():
 * <pre>
 * FAST    atomic_set_release(&amp;sem->block, 0): no fast path yet, readers still take the slow path
 * WAKE    [waiters.lock] __wake_up(&amp;sem->waiters, TASK_NORMAL, 1, sem): readers until one
 *         writer, each given the lock by percpu_rwsem_wake_function()
 *           -- interleaving point: the wakeups --
 * EXIT    [rss_lock] rcu_sync_exit(&amp;sem->rss): the fast path back one grace period later
 * </pre>
 * Simplified: wake_up_process() of the woken waiters runs after waiters.lock is dropped (as with
 * a wake_q); the lock was already given to them under it. The kernel wakes them with IRQs off
 * under waiters.lock, so the model keeps preemption off until the last one is woken.
 */
public final class PercpuUpWriteFrame extends KFrame {
    private static final int FAST = 0, WAKE = 1, WAKEUPS = 2, EXIT = 3;
    private final PercpuRwSemaphore sem;
    private int pc = FAST;
    private final WakeQ wake = new WakeQ();

    public PercpuUpWriteFrame(PercpuRwSemaphore sem) {
        this.sem = sem;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        switch (pc) {
            case FAST -> {
                cpu.cost(core.costs.atomic());
                p.lockdepDepth--; // lock_release()
                core.trace.lockReleased(core.now(), cpu.id, p, sem);
                core.warnOnce(sem.block.latest() == 0, "percpu_up_write of " + sem.name + " with sem->block clear");
                core.mem.storeRelease(cpu.id, sem.block, 0); // atomic_set_release(&sem->block, 0)
                pc = WAKE;
                return NEXT;
            }
            case WAKE -> {
                if (!cpu.lock(sem.waitersLock)) return SPIN;
                cpu.cost(core.costs.section());
                sem.wakeUp(cpu.id, wake);
                if (wake.isEmpty()) {
                    pc = EXIT;
                    return NEXT;
                }
                p.preemptCount++; // the wakeups are still inside __wake_up()'s spin_lock_irqsave()
                pc = WAKEUPS;
                return NEXT;
            }
            case WAKEUPS -> {
                int r = wake.wakeOne(cpu);
                if (r == SPIN) return SPIN;
                if (r != WakeQ.MORE) {
                    p.preemptCount--;
                    pc = EXIT;
                }
                return NEXT;
            }
            default -> { // EXIT: rcu_sync_exit()
                if (!cpu.lock(sem.rss.rssLock)) return SPIN;
                cpu.cost(core.costs.section());
                sem.rss.exit();
                return DONE;
            }
        }
    }

    @Override
    public String describe() {
        return "percpu_up_write(" + sem.name + ")";
    }
}
