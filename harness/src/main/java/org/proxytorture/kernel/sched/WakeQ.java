package org.proxytorture.kernel.sched;

import java.util.ArrayList;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;

/**
 * kernel/sched/core.c's wake_q (struct wake_q_head, wake_q_add(), wake_up_q()): tasks collected
 * under a lock and woken after it is dropped, one try_to_wake_up() per section. Used by the
 * sleeping locks (kernel.locking) and rcu_sync (kernel.rcu).
 */
public final class WakeQ {
    /** {@link #wakeOne} results besides KFrame.SPIN. */
    public static final int MORE = 100, EMPTY = 101;
    private final ArrayList<Task> tasks = new ArrayList<>(2);

    /** wake_q_add(): a task already queued is not queued twice. */
    public void add(Task t) {
        if (!tasks.contains(t)) tasks.add(t);
    }

    public boolean isEmpty() {
        return tasks.isEmpty();
    }

    /** One wake_up_process() of wake_up_q(). */
    public int wakeOne(Cpu cpu) {
        if (tasks.isEmpty()) return EMPTY;
        Core core = cpu.core();
        if (core.tryToWakeUp(cpu, tasks.get(0), TaskState.TASK_NORMAL, 0) == Core.SPIN) return KFrame.SPIN;
        cpu.cost(core.costs.atomic());
        tasks.remove(0);
        return tasks.isEmpty() ? EMPTY : MORE;
    }
}
