package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.rcu.RcuSyncEnterFrame;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * percpu_down_write():
 * <pre>
 * ENTER   rcu_sync_enter(&amp;sem->rss): readers take the slow path from now on
 * TRY     __percpu_down_write_trylock(): sem->block 0 -> 1 (writer-writer exclusion, and new
 *         readers block)
 * QUEUE   [waiters.lock] failing that, percpu_rwsem_wait(): the trylock again, or queue at the
 *         tail (exclusive, a writer)
 * SLEEP   set_current_state(TASK_UNINTERRUPTIBLE); until percpu_rwsem_wake_function() set
 *         sem->block for us, schedule() off the runqueue
 * DRAIN   rcuwait_wait_event(&amp;sem->writer, readers_active_check(sem)): sleep until the
 *         per-CPU read_count sum is zero; each reader leaving on the slow path prods us
 * </pre>
 */
public final class PercpuDownWriteFrame extends KFrame {
    private static final int ENTER = 0, TRY = 1, QUEUE = 2, SLEEP = 3, DRAIN = 4;
    private final PercpuRwSemaphore sem;
    private int pc = ENTER;
    private PercpuRwSemaphore.Waiter waiter;

    public PercpuDownWriteFrame(PercpuRwSemaphore sem) {
        this.sem = sem;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        switch (pc) {
            case ENTER -> {
                cpu.cost(core.costs.insn());
                pc = TRY;
                p.push(new RcuSyncEnterFrame(sem.rss));
                return CALL;
            }
            case TRY -> {
                cpu.cost(core.costs.atomic());
                if (sem.downWriteTrylock(cpu.id)) {
                    pc = DRAIN;
                    return NEXT;
                }
                sem.contentions++;
                core.trace.lockContended(core.now(), cpu.id, p, sem); // trace_contention_begin()
                pc = QUEUE;
                return NEXT;
            }
            case QUEUE -> { // spin_lock_irq(&sem->waiters.lock)
                if (!cpu.lock(sem.waitersLock)) return SPIN;
                cpu.cost(core.costs.section());
                if (sem.downWriteTrylock(cpu.id)) {
                    pc = DRAIN;
                    return NEXT;
                }
                core.coverage.hit("percpu_rwsem_wait");
                waiter = new PercpuRwSemaphore.Waiter(p, false);
                sem.waiters.add(waiter); // __add_wait_queue_entry_tail()
                pc = SLEEP;
                return NEXT;
            }
            case SLEEP -> {
                cpu.cost(core.costs.atomic());
                p.state = TaskState.TASK_UNINTERRUPTIBLE;
                core.mem.smpMb(cpu.id); // set_current_state(): smp_store_mb()
                if (core.mem.loadAcquire(cpu.id, waiter.task) == null) { // sem->block is ours
                    p.state = TaskState.TASK_RUNNING;
                    pc = DRAIN;
                    return NEXT;
                }
                return SCHEDULE;
            }
            default -> { // DRAIN: rcuwait_wait_event()
                cpu.cost(core.costs.atomic());
                sem.writer = p; // prepare_to_rcuwait(): rcu_assign_pointer(w->task, current)
                p.state = TaskState.TASK_UNINTERRUPTIBLE;
                if (!sem.readersActiveCheck(cpu.id)) return SCHEDULE;
                sem.writer = null; // finish_rcuwait()
                p.state = TaskState.TASK_RUNNING;
                sem.acquisitions++;
                p.lockdepDepth++; // lock_acquired()
                core.trace.lockAcquired(core.now(), cpu.id, p, sem);
                return DONE;
            }
        }
    }

    @Override
    public String describe() {
        return "percpu_down_write(" + sem.name + ")";
    }
}
