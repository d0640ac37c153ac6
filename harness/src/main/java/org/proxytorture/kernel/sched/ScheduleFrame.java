package org.proxytorture.kernel.sched;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;

/** preempt_schedule() / cond_resched() from a runnable task: schedule() without blocking. */
public final class ScheduleFrame extends KFrame {
    private boolean done;

    @Override
    public int step(Cpu cpu, Task p) {
        if (done) return DONE;
        done = true;
        cpu.cost(cpu.core().costs.atomic());
        return SCHEDULE;
    }

    @Override
    public String describe() {
        return "preempt_schedule()";
    }
}
