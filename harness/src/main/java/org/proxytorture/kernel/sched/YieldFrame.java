package org.proxytorture.kernel.sched;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;

/** sched_yield(): the class's yield_task() under the rq lock, then schedule(). */
public final class YieldFrame extends KFrame {
    private boolean yielded;

    @Override
    public int step(Cpu cpu, Task p) {
        if (yielded) return DONE;
        if (!cpu.lock(cpu.rq.lock)) return SPIN;
        cpu.cost(cpu.core().costs.section());
        cpu.rq.clock = cpu.core().now();
        p.schedClass.yieldTask(cpu.rq);
        yielded = true;
        return SCHEDULE;
    }

    @Override
    public String describe() {
        return "sched_yield()";
    }
}
