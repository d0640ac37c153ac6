package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * percpu_down_read() -> percpu_down_read_internal():
 * <pre>
 * FAST    preempt_disable(); rcu_sync_is_idle(): this_cpu_inc(read_count), done; else
 *         __percpu_down_read(): __percpu_down_read_trylock(): this_cpu_inc(read_count), done
 *         unless sem->block; else this_cpu_dec(read_count)
 * PROD    rcuwait_wake_up(&amp;sem->writer) (the writer re-checks the sum); preempt_enable()
 * QUEUE   [waiters.lock] percpu_rwsem_wait(): the trylock again, or queue at the tail
 *         (exclusive, a reader); a failed trylock prods the writer again (PROD2)
 * SLEEP   set_current_state(TASK_UNINTERRUPTIBLE); until percpu_rwsem_wake_function() took
 *         the read lock for us (wq_entry.private == NULL), schedule() off the runqueue
 * </pre>
 */
public final class PercpuDownReadFrame extends KFrame {
    private static final int FAST = 0, PROD = 1, QUEUE = 2, PROD2 = 3, SLEEP = 4;
    private final PercpuRwSemaphore sem;
    private int pc = FAST;
    private PercpuRwSemaphore.Waiter waiter;

    public PercpuDownReadFrame(PercpuRwSemaphore sem) {
        this.sem = sem;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        switch (pc) {
            case FAST -> {
                cpu.cost(core.costs.atomic());
                if (sem.rss.isIdle()) { // the RCU-sched read side: the writer's grace period waits for us
                    sem.thisCpuAdd(cpu.id, 1); // this_cpu_inc(), in the RCU-sched read side
                    return acquired(core, cpu, p);
                }
                core.coverage.hit("percpu_down_read_slowpath");
                if (sem.downReadTrylock(cpu.id)) return acquired(core, cpu, p);
                p.preemptCount++; // still preempt_disable()d until the wait
                pc = PROD;
                return NEXT;
            }
            case PROD, PROD2 -> {
                core.mem.smpMb(cpu.id); // rcuwait_wake_up(): smp_mb() (B)
                if (sem.writer != null && core.tryToWakeUp(cpu, sem.writer, TaskState.TASK_NORMAL, 0) == SPIN) return SPIN;
                cpu.cost(core.costs.atomic());
                if (pc == PROD2) {
                    pc = SLEEP;
                    return NEXT;
                }
                sem.contentions++;
                core.trace.lockContended(core.now(), cpu.id, p, sem); // trace_contention_begin()
                p.preemptCount--; // preempt_enable() before percpu_rwsem_wait()
                pc = QUEUE;
                return NEXT;
            }
            case QUEUE -> { // spin_lock_irq(&sem->waiters.lock)
                if (!cpu.lock(sem.waitersLock)) return SPIN;
                cpu.cost(core.costs.section());
                // serialize against the wakeup in percpu_up_write(): if the trylock fails, the wakeup sees us
                if (sem.downReadTrylock(cpu.id)) return acquired(core, cpu, p);
                core.coverage.hit("percpu_rwsem_wait");
                waiter = new PercpuRwSemaphore.Waiter(p, true);
                sem.waiters.add(waiter); // __add_wait_queue_entry_tail()
                // S15 (inject): the failed trylock under waiters.lock does not prod the writer (rcuwait_wake_up()) before sleeping
                pc = sem.writer != null && !core.faults.s15 ? PROD2 : SLEEP;
                return NEXT;
            }
            default -> { // SLEEP
                cpu.cost(core.costs.atomic());
                p.state = TaskState.TASK_UNINTERRUPTIBLE;
                core.mem.smpMb(cpu.id); // set_current_state(): smp_store_mb()
                if (core.mem.loadAcquire(cpu.id, waiter.task) == null) { // !smp_load_acquire(&wq_entry.private)
                    p.state = TaskState.TASK_RUNNING;
                    return acquired(core, cpu, p);
                }
                return SCHEDULE;
            }
        }
    }

    private int acquired(Core core, Cpu cpu, Task p) {
        sem.acquisitions++;
        p.lockdepDepth++; // lock_acquired()
        core.trace.lockAcquired(core.now(), cpu.id, p, sem);
        return DONE;
    }

    @Override
    public String describe() {
        return "percpu_down_read(" + sem.name + ")";
    }
}
