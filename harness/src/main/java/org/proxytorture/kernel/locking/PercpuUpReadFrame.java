package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * percpu_up_read():
 * <pre>
 * FAST    preempt_disable(); this_cpu_dec(read_count) (on this CPU, maybe not the one that
 *         incremented); rcu_sync idle: done
 * PROD    otherwise (a writer may wait for the sum to drain): rcuwait_wake_up(&amp;sem->writer);
 *         preempt_enable()
 * </pre>
 */
public final class PercpuUpReadFrame extends KFrame {
    private final PercpuRwSemaphore sem;
    private boolean prod;

    public PercpuUpReadFrame(PercpuRwSemaphore sem) {
        this.sem = sem;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        if (!prod) {
            cpu.cost(core.costs.atomic());
            p.lockdepDepth--; // lock_release()
            core.trace.lockReleased(core.now(), cpu.id, p, sem);
            boolean idle = sem.rss.isIdle();
            if (!idle) core.mem.smpMb(cpu.id); // the slowpath's smp_mb(): B matches C
            sem.thisCpuAdd(cpu.id, -1); // this_cpu_dec()
            if (idle) return DONE;
            p.preemptCount++;
            prod = true;
            return NEXT;
        }
        core.mem.smpMb(cpu.id); // rcuwait_wake_up(): smp_mb() (B), pairs with the writer's set_current_state()
        if (sem.writer != null && core.tryToWakeUp(cpu, sem.writer, TaskState.TASK_NORMAL, 0) == SPIN) return SPIN;
        cpu.cost(core.costs.atomic());
        p.preemptCount--; // preempt_enable()
        return DONE;
    }

    @Override
    public String describe() {
        return "percpu_up_read(" + sem.name + ")";
    }
}
